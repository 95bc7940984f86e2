"""The Train tab: small networks learning 2-D data, trained in a process of their own."""
