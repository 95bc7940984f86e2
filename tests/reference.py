"""High-precision references (mpmath, 50 digits) for the core's accuracy tests and benchmark.

Each reference takes an ``mpf`` and keyword parameters and returns an ``mpf``; the formulas are
the textbook definitions, evaluated with enough digits that cancellation does not matter.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np

mp.mp.dps = 50

_GELU_C = mp.sqrt(2 / mp.pi)
_GELU_K = mp.mpf("0.044715")


def _sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def _gelu_tanh_u(x):
    return _GELU_C * (x + _GELU_K * x**3)


def _normal_cdf(x):
    # mpmath's erfc overflows an internal float beyond |x| ~ 1e150; there Φ is 0 or 1 far past
    # 50 digits (Φ(-1e6) < 10^-10^11).
    if abs(x) > 1e6:
        return mp.mpf(1) if x > 0 else mp.mpf(0)
    return mp.ncdf(x)


def _where_positive(x, positive, other):
    return positive if x > 0 else other


VALUE = {
    "sigmoid": lambda x: _sigmoid(x),
    "tanh": lambda x: mp.tanh(x),
    "relu": lambda x: _where_positive(x, x, mp.mpf(0)),
    "leaky_relu": lambda x, alpha=0.01: _where_positive(x, x, mp.mpf(alpha) * x),
    "prelu": lambda x, alpha=0.25: _where_positive(x, x, mp.mpf(alpha) * x),
    "elu": lambda x, alpha=1.0: _where_positive(x, x, mp.mpf(alpha) * mp.expm1(x)),
    "gelu": lambda x: x * _normal_cdf(x),
    # 1 + tanh(u) = 2σ(2u): the sum would cancel to 0 even at 50 digits near x = -21.
    "gelu_tanh": lambda x: x * _sigmoid(2 * _gelu_tanh_u(x)),
}

DERIVATIVE = {
    "sigmoid": lambda x: _sigmoid(x) * _sigmoid(-x),
    "tanh": lambda x: mp.sech(x) ** 2,
    "relu": lambda x: _where_positive(x, mp.mpf(1), mp.mpf(0)),
    "leaky_relu": lambda x, alpha=0.01: _where_positive(x, mp.mpf(1), mp.mpf(alpha)),
    "prelu": lambda x, alpha=0.25: _where_positive(x, mp.mpf(1), mp.mpf(alpha)),
    "elu": lambda x, alpha=1.0: _where_positive(x, mp.mpf(1), mp.mpf(alpha) * mp.exp(x)),
    "gelu": lambda x: _normal_cdf(x) + x * mp.npdf(x),
    "gelu_tanh": lambda x: (
        _sigmoid(2 * _gelu_tanh_u(x))
        + x / 2 * mp.sech(_gelu_tanh_u(x)) ** 2 * _GELU_C * (1 + 3 * _GELU_K * x**2)
    ),
}

# The GELU family's Gaussian tail makes its condition grow like x² rather than |x|.
QUADRATIC_CONDITION = frozenset({"gelu", "gelu_tanh"})


def condition(key: str, x: float) -> float:
    """The problem's own condition at x, by which an error in ulp is divided."""
    if key in QUADRATIC_CONDITION:
        return max(1.0, x * x)
    return max(1.0, abs(x))


def ulp_error(computed: float, exact, scale: float) -> float:
    """Error of ``computed`` in units in the last place of ``exact``, divided by ``scale``.

    Values whose exact magnitude is below 1e-290 are judged absolutely: within 1e-300 counts
    as 0 ulp, anything further as infinitely many.
    """
    exact_float = float(exact)
    if abs(exact) < mp.mpf("1e-290"):
        return 0.0 if abs(mp.mpf(computed) - exact) <= mp.mpf("1e-300") else math.inf
    if not math.isfinite(computed):
        return math.inf
    error = abs(mp.mpf(computed) - exact)
    return float(error / mp.mpf(float(np.spacing(abs(exact_float))))) / scale


def accuracy_grid() -> np.ndarray:
    """A grid over the whole float64 range: ±10^k for k in [-300, 300] and a dense [-60, 60]."""
    magnitudes = np.logspace(-300, 300, 241)
    dense = np.linspace(-60.0, 60.0, 2401) + 0.00390625 * np.pi
    return np.unique(np.concatenate([magnitudes, -magnitudes, dense, [0.0]]))


def worst_errors(activation, xs, **params) -> tuple[float, float, float, float]:
    """(worst value ulp, its x, worst derivative ulp, its x) of ``activation`` over ``xs``."""
    values = activation.value(xs, **params)
    derivatives = activation.derivative(xs, **params)
    worst = [0.0, math.nan, 0.0, math.nan]
    for x, value, derivative in zip(xs, values, derivatives, strict=True):
        exact_x = mp.mpf(float(x))
        scale = condition(activation.key, float(x))
        value_error = ulp_error(float(value), VALUE[activation.key](exact_x, **params), scale)
        derivative_error = ulp_error(
            float(derivative), DERIVATIVE[activation.key](exact_x, **params), scale
        )
        if value_error > worst[0]:
            worst[0:2] = [value_error, float(x)]
        if derivative_error > worst[2]:
            worst[2:4] = [derivative_error, float(x)]
    return tuple(worst)
