"""Gauss-Legendre rules, computed on first use without numpy.polynomial.

``numpy.polynomial`` takes about 8 ms to import, and the first window needs an 8-point rule
(GELU's derivative near its root), so the nodes come from Newton's method on the Legendre
recurrence instead — the classic algorithm, a few vectorised steps.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np


def _legendre_and_slope(points: int, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``P_n(x)`` and ``P_n'(x)`` for n = ``points``, both by recurrence:
    k·P_k = (2k - 1)·x·P_(k-1) - (k - 1)·P_(k-2) and P_k' = k·P_(k-1) + x·P_(k-1)'."""
    previous, current = np.ones_like(x), x.copy()
    slope = np.ones_like(x)
    for degree in range(2, points + 1):
        slope = degree * current + x * slope
        previous, current = (
            current,
            ((2 * degree - 1) * x * current - (degree - 1) * previous) / degree,
        )
    return current, slope


@cache
def gauss_legendre(points: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes (increasing) and weights of the ``points``-point Gauss-Legendre rule on [-1, 1].

    The nodes are exactly symmetric (x_i = -x_(n-1-i)) and so are the weights: a rule applied
    to an odd function over a symmetric interval can then sum to exactly 0.
    """
    if points < 2:
        raise ValueError(f"points must be at least 2, got {points}")
    index = np.arange(points, 0, -1)
    nodes = np.cos(math.pi * (index - 0.25) / (points + 0.5))  # Tricomi's guess, increasing
    # Newton converges quadratically: once the steps are below 1e-12, one more step takes
    # every node to within rounding (further steps only move them by an ulp either way).
    for _ in range(100):
        value, slope = _legendre_and_slope(points, nodes)
        step = value / slope
        nodes = nodes - step
        if np.max(np.abs(step)) < 1e-12:
            value, slope = _legendre_and_slope(points, nodes)
            nodes = nodes - value / slope
            break
    _, slope = _legendre_and_slope(points, nodes)
    weights = 2.0 / ((1.0 - nodes * nodes) * slope * slope)
    # Symmetric by construction in exact arithmetic; make it so in floating point.
    nodes = 0.5 * (nodes - nodes[::-1])
    weights = 0.5 * (weights + weights[::-1])
    return nodes, weights
