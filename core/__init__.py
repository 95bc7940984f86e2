"""The mathematics of Activation Explorer: numpy and scipy only, never Qt.

``activations`` is the registry; it imports the families in ``families/``, which build on
``records`` and the numerical helpers, and nothing imports the registry back.
"""
