"""The Train tab: small networks learning 2-D data, trained off the GUI thread."""
