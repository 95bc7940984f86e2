"""Functions the user types: the model that registers them, and the editor dialog."""
