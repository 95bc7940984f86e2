"""The mathematics of Activation Explorer: numpy and scipy only, never Qt."""
