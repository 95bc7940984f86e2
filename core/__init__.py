"""The mathematics of Activation Explorer: numpy and scipy only, never Qt."""

# The registry in activations.py pulls in catalogue.py, which builds on activations.py;
# loading activations first makes either import order work.
from core import activations as activations
