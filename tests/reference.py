"""High-precision references (mpmath, 50 digits) for the core's accuracy tests and benchmark.

Each reference takes an ``mpf`` and keyword parameters and returns an ``mpf``; the formulas are
the textbook definitions, evaluated with enough digits that cancellation does not matter.
"""

from __future__ import annotations

import functools
import math

import mpmath as mp
import numpy as np

# Every reference evaluates at this many digits, whatever the caller's precision: nothing
# here sets mpmath's global precision.
DIGITS = 50

with mp.workdps(DIGITS):
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

with mp.workdps(DIGITS):
    _SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
    _SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")


def _piecewise(x, cases, otherwise):
    for condition, value in cases:
        if condition:
            return value
    return otherwise


def _tanh_shrink(x):
    # x - tanh(x) loses all 50 digits below |x| = 1e-17; its series does not.
    if abs(x) < mp.mpf("1e-5"):
        return x**3 / 3 - 2 * x**5 / 15 + 17 * x**7 / 315
    return x - mp.tanh(x)


def _sinc_slope(x):
    if x == 0:
        return mp.mpf(0)
    if abs(x) < mp.mpf("1e-5"):
        return -x / 3 + x**3 / 30 - x**5 / 840
    return (x * mp.cos(x) - mp.sin(x)) / x**2


def _squareplus(x, b):
    root = mp.sqrt(x * x + b)
    return (x + root) / 2 if x >= 0 else b / (2 * (root - x))


def _squareplus_slope(x, b):
    root = mp.sqrt(x * x + b)
    return (1 + x / root) / 2 if x >= 0 else b / (2 * root * (root - x))


def _mish_t(x):
    return mp.tanh(mp.log1p(mp.exp(x)))


VALUE.update(
    {
        "logsigmoid": lambda x: -mp.log1p(mp.exp(-x)),
        "softsign": lambda x: x / (1 + abs(x)),
        "arctan": lambda x: mp.atan(x),
        "lecun_tanh": lambda x: mp.mpf("1.7159") * mp.tanh(2 * x / 3),
        "symmetrical_sigmoid": lambda x: mp.tanh(x / 2),
        # Beyond x = 800, exp(-exp(x)) < 10^-10^347: 1 and 0 to any precision (and
        # mpmath would spend minutes on exp(exp(1e300))).
        "loglog": lambda x: mp.mpf(1) if x > 800 else -mp.expm1(-mp.exp(x)),
        "rrelu": lambda x, lower=1 / 8, upper=1 / 3: _where_positive(
            x, x, (mp.mpf(lower) + mp.mpf(upper)) / 2 * x
        ),
        "selu": lambda x: _SELU_SCALE * _where_positive(x, x, _SELU_ALPHA * mp.expm1(x)),
        "celu": lambda x, alpha=1.0: _where_positive(
            x, x, mp.mpf(alpha) * mp.expm1(x / mp.mpf(alpha))
        ),
        "relu6": lambda x: min(max(x, mp.mpf(0)), mp.mpf(6)),
        "srelu": lambda x, t_l=-1.0, a_l=0.1, t_r=1.0, a_r=0.5: _piecewise(
            x,
            [
                (x <= t_l, mp.mpf(t_l) + mp.mpf(a_l) * (x - mp.mpf(t_l))),
                (x >= t_r, mp.mpf(t_r) + mp.mpf(a_r) * (x - mp.mpf(t_r))),
            ],
            x,
        ),
        "silu": lambda x, beta=1.0: x * _sigmoid(mp.mpf(beta) * x),
        "mish": lambda x: x * _mish_t(x),
        "softplus": lambda x, beta=1.0, threshold=20.0: (
            x if mp.mpf(beta) * x > threshold else mp.log1p(mp.exp(mp.mpf(beta) * x)) / beta
        ),
        "squareplus": lambda x, b=4.0: _squareplus(x, mp.mpf(b)),
        "hardsigmoid": lambda x: min(max(x / 6 + mp.mpf(1) / 2, mp.mpf(0)), mp.mpf(1)),
        "hardtanh": lambda x, min_val=-1.0, max_val=1.0: min(
            max(x, mp.mpf(min_val)), mp.mpf(max_val)
        ),
        "hardswish": lambda x: x * min(max(x + 3, mp.mpf(0)), mp.mpf(6)) / 6,
        "softshrink": lambda x, lambd=0.5: _piecewise(
            x, [(x > lambd, x - mp.mpf(lambd)), (x < -lambd, x + mp.mpf(lambd))], mp.mpf(0)
        ),
        "hardshrink": lambda x, lambd=0.5: x if abs(x) > lambd else mp.mpf(0),
        "binary_step": lambda x: mp.mpf(1) if x >= 0 else mp.mpf(0),
        "signum": lambda x: mp.sign(x),
        "identity": lambda x: x,
        "absolute": lambda x: abs(x),
        "bent_identity": lambda x: x * x / (2 * (mp.sqrt(x * x + 1) + 1)) + x,
        "tanhshrink": _tanh_shrink,
        "gaussian": lambda x: mp.exp(-x * x),
        "sinusoid": lambda x: mp.sin(x),
        "cosine": lambda x: mp.cos(x),
        "sinc": lambda x: mp.mpf(1) if x == 0 else mp.sin(x) / x,
    }
)

DERIVATIVE.update(
    {
        "logsigmoid": lambda x: _sigmoid(-x),
        "softsign": lambda x: 1 / (1 + abs(x)) ** 2,
        "arctan": lambda x: 1 / (1 + x * x),
        "lecun_tanh": lambda x: mp.mpf("1.7159") * 2 / 3 * mp.sech(2 * x / 3) ** 2,
        "symmetrical_sigmoid": lambda x: mp.sech(x / 2) ** 2 / 2,
        "loglog": lambda x: mp.mpf(0) if x > 800 else mp.exp(x - mp.exp(x)),
        "rrelu": lambda x, lower=1 / 8, upper=1 / 3: _where_positive(
            x, mp.mpf(1), (mp.mpf(lower) + mp.mpf(upper)) / 2
        ),
        "selu": lambda x: _SELU_SCALE * _where_positive(x, mp.mpf(1), _SELU_ALPHA * mp.exp(x)),
        "celu": lambda x, alpha=1.0: _where_positive(x, mp.mpf(1), mp.exp(x / mp.mpf(alpha))),
        "relu6": lambda x: mp.mpf(1) if 0 < x < 6 else mp.mpf(0),
        "srelu": lambda x, t_l=-1.0, a_l=0.1, t_r=1.0, a_r=0.5: _piecewise(
            x, [(x <= t_l, mp.mpf(a_l)), (x > t_r, mp.mpf(a_r))], mp.mpf(1)
        ),
        "silu": lambda x, beta=1.0: (
            _sigmoid(mp.mpf(beta) * x)
            + mp.mpf(beta) * x * _sigmoid(mp.mpf(beta) * x) * _sigmoid(-mp.mpf(beta) * x)
        ),
        "mish": lambda x: _mish_t(x) + x * (1 - _mish_t(x) ** 2) * _sigmoid(x),
        "softplus": lambda x, beta=1.0, threshold=20.0: (
            mp.mpf(1) if mp.mpf(beta) * x > threshold else _sigmoid(mp.mpf(beta) * x)
        ),
        "squareplus": lambda x, b=4.0: _squareplus_slope(x, mp.mpf(b)),
        "hardsigmoid": lambda x: mp.mpf(1) / 6 if -3 < x < 3 else mp.mpf(0),
        "hardtanh": lambda x, min_val=-1.0, max_val=1.0: (
            mp.mpf(1) if min_val < x < max_val else mp.mpf(0)
        ),
        "hardswish": lambda x: _piecewise(
            x, [(x <= -3, mp.mpf(0)), (x < 3, x / 3 + mp.mpf(1) / 2)], mp.mpf(1)
        ),
        "softshrink": lambda x, lambd=0.5: mp.mpf(0) if -lambd <= x <= lambd else mp.mpf(1),
        "hardshrink": lambda x, lambd=0.5: mp.mpf(0) if -lambd <= x <= lambd else mp.mpf(1),
        "binary_step": lambda x: mp.mpf(0),
        "signum": lambda x: mp.mpf(0),
        "identity": lambda x: mp.mpf(1),
        "absolute": lambda x: mp.sign(x),
        "bent_identity": lambda x: x / (2 * mp.sqrt(x * x + 1)) + 1,
        "tanhshrink": lambda x: mp.tanh(x) ** 2,
        "gaussian": lambda x: -2 * x * mp.exp(-x * x),
        "sinusoid": lambda x: mp.cos(x),
        "cosine": lambda x: -mp.sin(x),
        "sinc": _sinc_slope,
    }
)


def at_reference_precision(function):
    """``function`` evaluated with at least DIGITS digits (more when the caller works with
    more: mp.diff and mp.findroot raise the precision for their own steps)."""

    @functools.wraps(function)
    def evaluate(*args, **kwargs):
        with mp.workdps(max(DIGITS, mp.mp.dps)):
            return function(*args, **kwargs)

    return evaluate


VALUE = {key: at_reference_precision(function) for key, function in VALUE.items()}
DERIVATIVE = {key: at_reference_precision(function) for key, function in DERIVATIVE.items()}

# The GELU family's Gaussian tail makes its condition grow like x² rather than |x|.
QUADRATIC_CONDITION = frozenset({"gelu", "gelu_tanh"})


def condition(key: str, x: float) -> float:
    """The problem's own condition at x, by which an error in ulp is divided."""
    if key in QUADRATIC_CONDITION:
        return max(1.0, x * x)
    return max(1.0, abs(x))


@at_reference_precision
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


@at_reference_precision
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
