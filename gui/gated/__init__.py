"""The Gated tab: units of two inputs, g(a)·b, as today's language models use them."""
