"""The Depth tab: activations and gradients through a deep stack at initialisation."""
