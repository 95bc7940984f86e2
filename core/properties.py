"""Properties of an activation derived numerically from its value and analytic derivative.

Everything here is computed from :class:`core.activations.Activation` objects, so it follows
the parameters and cannot disagree with the curves.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

from core.activations import Activation

# Every activation's derivative does its interesting work well inside ±40; beyond that it
# has reached its limit (GELU' is 1 to the last bit from x = 9).
SCAN_LIMIT = 40.0
_SCAN = np.linspace(-SCAN_LIMIT, SCAN_LIMIT, 16001)


def derivative_magnitude_peak(activation: Activation, **params) -> tuple[float, float]:
    """``(x, |f'(x)|)`` where ``|f'|`` is largest, leftmost on a plateau.

    A scan of ``[-40, 40]`` brackets the peak; Brent's method on the bracket refines it
    when the peak is a smooth interior maximum.

    Returns
    -------
    (x, peak) : tuple of float
    """
    magnitude = np.abs(activation.derivative(_SCAN, **params))
    index = int(np.argmax(magnitude))
    best_x, best = float(_SCAN[index]), float(magnitude[index])
    if 0 < index < _SCAN.size - 1 and magnitude[index - 1] < best > magnitude[index + 1]:
        result = minimize_scalar(
            lambda x: -abs(float(activation.derivative(x, **params))),
            bounds=(float(_SCAN[index - 1]), float(_SCAN[index + 1])),
            method="bounded",
            options={"xatol": 1e-12},
        )
        if -result.fun >= best:
            best_x, best = float(result.x), float(-result.fun)
    return best_x, best
