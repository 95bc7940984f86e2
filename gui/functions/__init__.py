"""The Functions tab: overlay functions and their derivatives, drag parameters, read the card."""
