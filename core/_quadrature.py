"""Gauss-Legendre rules, made on first use.

``numpy.polynomial`` takes a few milliseconds to import, and the first window draws nothing
that integrates, so the rules are built when a quadrature first needs them.
"""

from __future__ import annotations

from functools import cache

import numpy as np


@cache
def gauss_legendre(points: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of the ``points``-point Gauss-Legendre rule on [-1, 1]."""
    return np.polynomial.legendre.leggauss(points)
