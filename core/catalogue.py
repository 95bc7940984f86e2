"""The wider catalogue: PyTorch's other elementwise activations and the classic references.

Same rules as :mod:`core.activations`: float64 in and out (float32 rounded once), exact over the
whole float64 range, ±inf to their limits (nan where there is none, as for sin), nan to nan,
and no floating-point warning. Where a derivative does not exist, PyTorch's autograd value
is returned for the functions PyTorch has, and the left-hand derivative for the others; each
docstring says which.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache

import numpy as np

from core._sinc_table import SINC_DERIVATIVE_ROOTS, SINC_DERIVATIVE_TAYLOR
from core._special import exp_negative_abs, expit, log_expit, sigmoid_pair
from core.activations import (
    Activation,
    Param,
    _double_double_product,
    _nan_where_nan,
    _replace_near_root,
    _two_product,
    _two_square,
    _two_sum,
    leaky_relu,
    leaky_relu_derivative,
    sigmoid_derivative,
    tanh_derivative,
)

# Roots of the derivative of x·σ(u)|u=x (SiLU) and of Mish, double-double, from mpmath at
# 60 digits; tests/core/test_catalogue.py recomputes them.
SILU_DERIVATIVE_ROOT = (-1.2784645427610737, -1.0946994183093437e-16)
MISH_DERIVATIVE_ROOT = (-1.1924312145154952, -4.8484829848031044e-17)
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
LECUN_SCALE = 1.7159
# Cody & Waite's split of ln 2: k·LN2_HIGH is exact for |k| < 2**21.
LN2_HIGH, LN2_LOW = 6.93147180369123816490e-01, 1.90821492927058770002e-10
_HUGE = 1e300  # clip point where every function here has reached its limit


def _safe(x):
    """Input with ±inf replaced by 0, so that no operation on it can warn."""
    return np.where(np.isinf(x), 0.0, x)


def _nan_or(x, value):
    """``value`` where x is a number, nan where x is nan.

    ``value`` is a scalar, or a new array shaped like ``x`` that is filled in place.
    """
    if np.ndim(x) == 0 or np.ndim(value) != 0:
        return _nan_where_nan(x, value)
    return _nan_where_nan(x, np.full(x.shape, value))


# ---- sigmoid-like ------------------------------------------------------------------------


def logsigmoid(x):
    """``log σ(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|)``. PyTorch: ``F.logsigmoid``."""
    return log_expit(x)


def logsigmoid_derivative(x):
    """``σ(-x)``."""
    return expit(-x)


def softsign(x):
    """``x / (1 + |x|)``; ±inf give ±1. PyTorch: ``F.softsign``."""
    clipped = np.clip(x, -_HUGE, _HUGE)
    return clipped / (1.0 + np.abs(clipped))


def softsign_derivative(x):
    """``1 / (1 + |x|)²``, squared after dividing so that it cannot overflow."""
    reciprocal = 1.0 / (1.0 + np.abs(x))
    return reciprocal * reciprocal


def arctan_derivative(x):
    """``1 / (1 + x²)``. Beyond |x| = 1.3e154, x² overflows to inf and the result to 0,
    while the exact value is below 5.6e-309: a subnormal, whose digits are not kept anyway."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + x * x)


def _two_thirds(x):
    """2x/3 with one rounding (x + x is exact), x clipped where tanh is ±1 for good."""
    clipped = np.clip(x, -_HUGE, _HUGE)
    return (clipped + clipped) / 3.0


def lecun_tanh(x):
    """LeCun's scaled tanh ``1.7159·tanh(2x/3)`` (Efficient BackProp, 1998)."""
    return LECUN_SCALE * np.tanh(_two_thirds(x))


def lecun_tanh_derivative(x):
    """``1.7159·(2/3)·sech²(2x/3)``."""
    return (LECUN_SCALE * 2.0 / 3.0) * tanh_derivative(_two_thirds(x))


def symmetrical_sigmoid(x):
    """``tanh(x/2) = 2σ(x) - 1``, the sigmoid stretched to (-1, 1)."""
    return np.tanh(0.5 * x)


def symmetrical_sigmoid_derivative(x):
    """``sech²(x/2)/2 = 2σ(x)σ(-x)``."""
    return 2.0 * sigmoid_derivative(x)


def _inverse_factorials(count: int = 26):
    """1/n! for n = 0 … count as double-double pairs (each step an exact-remainder division)."""
    pairs = [(1.0, 0.0)]
    for n in range(1, count + 1):
        high, low = pairs[-1]
        quotient = high / n
        product, error = _two_product(np.float64(quotient), np.float64(n))
        remainder = ((high - product) - error) + low
        pairs.append((float(quotient), float(remainder / n)))
    return pairs


_INVERSE_FACTORIALS = _inverse_factorials()


def _exp_double_double(x):
    """``e^x`` as a double-double (high, low) for |x| ≤ 745, relative error near 1e-30.

    x = k·ln2 + r with Cody-Waite's split of ln 2 (exact) and |r| ≤ 0.35; e^r by its Taylor
    series summed in double-double. (expm1 alone is good to half an ulp, and e^x·exp(-e^x)
    multiplies that by e^x, which is 665 where the result still matters.)
    """
    x = np.where(np.isnan(x), 0.0, x)  # nan would not survive the cast of k to an integer
    k = np.rint(x / LN2_HIGH)
    reduced = x - k * LN2_HIGH  # exact: k·LN2_HIGH has few bits, and it is close to x
    correction, correction_error = _two_product(k, np.float64(LN2_LOW))
    r, r_err = _two_sum(reduced, -correction)
    r_low = r_err - correction_error
    high, low = (
        np.full_like(r, _INVERSE_FACTORIALS[-1][0]),
        np.full_like(r, _INVERSE_FACTORIALS[-1][1]),
    )
    for coefficient_high, coefficient_low in _INVERSE_FACTORIALS[-2::-1]:
        high, low = _double_double_product(high, low, r, r_low)
        total, error = _two_sum(high, coefficient_high)
        error = error + low + coefficient_low
        high = total + error
        low = error - (high - total)
    scale = np.ldexp(1.0, k.astype(np.int64))
    return high * scale, low * scale


def loglog(x):
    """Complementary log-log ``1 - exp(-exp(x))`` as ``-expm1(-e^x)``: exact in both tails."""
    result = np.clip(x, -750.0, 700.0, out=np.empty_like(x, dtype=np.float64))
    np.exp(result, out=result)
    np.negative(result, out=result)
    np.expm1(result, out=result)
    return np.negative(result, out=result)


# Between x = 1 and 7, exp(-e^x) multiplies the rounding of e^x by e^x (≈ 400 at x = 6), so
# there f' comes from a table of nodes x0 = 1 + j/1024 instead.
_LOGLOG_TABLE_START, _LOGLOG_TABLE_END, _LOGLOG_TABLE_SCALE = 1, 7, 1024


@cache
def _loglog_slope_table():
    """``(e^x0, f'(x0))`` at the nodes, f'(x0) = e^x0·exp(-e^x0) rounded from double-double."""
    count = (_LOGLOG_TABLE_END - _LOGLOG_TABLE_START) * _LOGLOG_TABLE_SCALE + 1
    nodes = _LOGLOG_TABLE_START + np.arange(count) / _LOGLOG_TABLE_SCALE
    with np.errstate(under="ignore"):  # past x0 ≈ 6.6, f'(x0) is below 1e-300
        growth_high, growth_low = _exp_double_double(nodes)
        # exp(-e^x0) = exp(-high)·exp(-low), and exp(-low) = 1 - low to far below an ulp.
        decay_high, decay_low = _exp_double_double(-growth_high)
        decay_high, decay_low = _double_double_product(decay_high, decay_low, 1.0 - growth_low, 0.0)
        slope, _ = _double_double_product(growth_high, growth_low, decay_high, decay_low)
    return growth_high, slope


def loglog_derivative(x):
    """``exp(x - e^x) = e^x·exp(-e^x)``.

    Between x = 1 and 7 the plain product would carry the rounding of e^x times e^x, so there
    ``f'(x0 + h) = f'(x0)·exp(h - e^x0·expm1(h))`` about the nearest tabulated node x0
    (|h| ≤ 2^-11, exact): the exponent is at most 0.55 and has no cancellation. Elsewhere the
    plain product is exact to a few ulp.
    """
    x = np.asarray(x, dtype=np.float64)
    clipped = np.clip(x, -750.0, 700.0)
    growth = np.exp(clipped)
    result = np.exp(np.negative(growth), out=np.empty_like(growth))
    result *= growth
    middle = (clipped >= _LOGLOG_TABLE_START) & (clipped <= _LOGLOG_TABLE_END)
    if middle.any():
        node_growth, node_slope = _loglog_slope_table()
        inside = clipped[middle]
        index = np.rint((inside - _LOGLOG_TABLE_START) * _LOGLOG_TABLE_SCALE)
        step = inside - (_LOGLOG_TABLE_START + index / _LOGLOG_TABLE_SCALE)
        index = index.astype(np.intp)
        exponent = np.expm1(step)
        exponent *= node_growth[index]
        np.subtract(step, exponent, out=exponent)
        np.exp(exponent, out=exponent)
        exponent *= node_slope[index]
        result[middle] = exponent
    return result


# ---- ReLU family ---------------------------------------------------------------------------


def rrelu(x, lower: float = 1.0 / 8.0, upper: float = 1.0 / 3.0):
    """Randomized leaky ReLU in evaluation form: Leaky ReLU with slope (lower + upper)/2.

    PyTorch: ``F.rrelu(x, lower, upper, training=False)``; at 0 the slope, as PyTorch.
    """
    return leaky_relu(x, 0.5 * (lower + upper))


def rrelu_derivative(x, lower: float = 1.0 / 8.0, upper: float = 1.0 / 3.0):
    return leaky_relu_derivative(x, 0.5 * (lower + upper))


def selu(x):
    """``scale·(x if x > 0 else α(e^x - 1))`` with Klambauer et al.'s α ≈ 1.6733, scale ≈ 1.0507.

    PyTorch: ``F.selu``; at 0 the left derivative scale·α, as PyTorch's autograd.
    """
    # Beyond 1.7e308 the product exceeds the float range: inf is its correct rounding.
    with np.errstate(over="ignore"):
        return SELU_SCALE * np.where(x > 0.0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0.0)))


def selu_derivative(x):
    return SELU_SCALE * np.where(x > 0.0, 1.0, SELU_ALPHA * np.exp(np.minimum(x, 0.0)))


def _quotient(x, alpha):
    """``x/α`` as a double-double: the remainder of the division is exact (Dekker product)."""
    if alpha == 1.0:
        return x, 0.0  # dividing by 1 is exact (PyTorch's default α)
    quotient = x / alpha
    product, error = _two_product(quotient, np.float64(alpha))
    return quotient, ((x - product) - error) / alpha


def celu(x, alpha: float = 1.0):
    """``x`` for x > 0, ``α(exp(x/α) - 1)`` otherwise (Barron, 2017). PyTorch: ``F.celu``.

    x/α is carried in double-double: for small α its rounding would be amplified by exp.
    At 0 the derivative is 1 from both sides.
    """
    # Below x/α = -800, exp(x/α) is 0 for good; clipping keeps the product exact.
    negative = np.maximum(np.minimum(x, 0.0), -800.0 * alpha)
    quotient, low = _quotient(negative, alpha)
    if alpha == 1.0:  # no low part: this is ELU
        return np.where(x > 0.0, x, np.expm1(quotient))
    tail = np.expm1(quotient) + np.exp(quotient) * low
    return np.where(x > 0.0, x, alpha * tail)


def celu_derivative(x, alpha: float = 1.0):
    negative = np.maximum(np.minimum(x, 0.0), -800.0 * alpha)
    quotient, low = _quotient(negative, alpha)
    growth = np.exp(quotient) if alpha == 1.0 else np.exp(quotient) * (1.0 + low)
    return np.where(x > 0.0, 1.0, growth)


def relu6(x):
    """``min(max(0, x), 6)``. PyTorch: ``F.relu6``; f' = 1 strictly inside (0, 6), else 0."""
    return np.clip(x, 0.0, 6.0)


def relu6_derivative(x):
    return _nan_or(x, ((x > 0.0) & (x < 6.0)).astype(np.float64))


def srelu(x, t_l: float = -1.0, a_l: float = 0.1, t_r: float = 1.0, a_r: float = 0.5):
    """S-shaped ReLU (Jin et al., 2016): identity between the thresholds t_l and t_r,
    lines of slope a_l below t_l and a_r above t_r. At a threshold, the left derivative."""
    # A slope above 1 takes the largest floats past the float range: inf is then correct.
    with np.errstate(over="ignore"):
        left = t_l + _times(a_l, np.minimum(x, t_l) - t_l)
        right = t_r + _times(a_r, np.maximum(x, t_r) - t_r)
    return np.where(x <= t_l, left, np.where(x >= t_r, right, x))


def _times(slope: float, distance):
    """``slope·distance`` with 0·(±inf) taken as its limit 0."""
    if slope == 0.0:
        return _nan_or(distance, 0.0)
    return slope * distance


def srelu_derivative(x, t_l: float = -1.0, a_l: float = 0.1, t_r: float = 1.0, a_r: float = 0.5):
    slope = np.where(x <= t_l, a_l, np.where(x > t_r, a_r, 1.0))
    return np.where(np.isnan(x), np.nan, slope)


# ---- smooth modern -------------------------------------------------------------------------


def _scaled(x, beta):
    """``u = β·x`` as an exact double-double, x clipped where σ(u) is 0 or 1 for good."""
    limit = 800.0 / beta
    clipped = np.clip(x, -limit, limit)
    if beta == 1.0:
        return clipped, None  # SiLU: the product is exact, there is no low part
    return _two_product(clipped, np.float64(beta))


def _gates(high, low):
    """σ(u) and σ(-u) for u = high + low (first order in low; ``low`` None means 0)."""
    upper, lower = sigmoid_pair(high)
    if low is None:
        return upper, lower
    return upper * (1.0 + low * lower), lower * (1.0 - low * upper)


def silu(x, beta: float = 1.0):
    """Swish ``x·σ(βx)`` (Ramachandran et al., 2017); β = 1 is SiLU.

    PyTorch: ``F.silu`` for β = 1. βx is formed in double-double: in the lower tail σ(βx)
    is as sensitive to βx as exp. SiLU(-inf) = 0.
    """
    high, low = _scaled(x, beta)
    upper = expit(high) if low is None else _gates(high, low)[0]
    lower_clipped = np.maximum(x, -800.0 / beta)
    return lower_clipped * upper


def _silu_second_derivative(u):
    """d/du of g(u) = σ(u)(1 + u·σ(-u)): σσ̄·(2 + u(σ̄ - σ))."""
    upper, lower = sigmoid_pair(u)
    return upper * lower * (2.0 + u * (lower - upper))


def silu_derivative(x, beta: float = 1.0):
    """``σ(u) + u·σ(u)σ(-u)`` at u = βx; near its root (u ≈ -1.2785) the integral of its
    derivative from the root, as for GELU."""
    high, low = _scaled(x, beta)
    upper, lower = _gates(high, low)
    u = high if low is None else high + low
    derivative = upper + u * upper * lower
    return _replace_near_root(high, derivative, SILU_DERIVATIVE_ROOT, _silu_second_derivative, low)


def _mish_gate(x):
    """``t = tanh(softplus(x)) = n/(n + 2)`` with ``n = e^x(e^x + 2)``, and ``e^x``, ``n``."""
    grow = np.exp(np.clip(x, -800.0, 40.0))
    n = grow * (grow + 2.0)
    return n / (n + 2.0), grow, n


def _mish_parts(x):
    """``t``, ``s = σ(x) = e^x/(1 + e^x)`` and ``n``; σ from the same exponential."""
    t, grow, n = _mish_gate(x)
    return t, grow / (1.0 + grow), n


def mish(x):
    """Mish ``x·tanh(softplus(x))`` (Misra, 2019). PyTorch: ``F.mish``.

    tanh(log(1 + e^x)) is the rational function n/(n + 2) of n = e^x(e^x + 2), which keeps
    full relative accuracy for negative x. Mish(-inf) = 0.
    """
    t, _, _ = _mish_gate(x)
    return np.maximum(x, -800.0) * t


def _mish_second_derivative(x):
    t, s, _ = _mish_parts(x)
    return (1.0 - t * t) * s * (2.0 + x * ((1.0 - s) - 2.0 * t * s))


def mish_derivative(x):
    """``t + x·σ(x)·(1 - t²)`` with ``1 - t² = 4(n + 1)/(n + 2)²``; near its root
    (x ≈ -1.1924) the integral of f'' from the root."""
    x = np.asarray(x)
    t, s, n = _mish_parts(x)
    clipped = np.clip(x, -800.0, 40.0)
    derivative = t + clipped * s * (4.0 * (n + 1.0) / ((n + 2.0) * (n + 2.0)))
    return _replace_near_root(x, derivative, MISH_DERIVATIVE_ROOT, _mish_second_derivative)


def softplus(x, beta: float = 1.0, threshold: float = 20.0):
    """``log(1 + exp(βx))/β``, and x itself where βx > threshold, exactly as PyTorch's
    ``F.softplus(x, beta, threshold)`` (the switch keeps its large-input behaviour)."""
    scaled = x if beta == 1.0 else beta * np.clip(x, -_HUGE, _HUGE)
    # log(1 + e^u) = max(u, 0) + log1p(e^-|u|): nothing overflows, ±inf and nan pass through.
    correction = exp_negative_abs(scaled)
    np.log1p(correction, out=correction)
    smooth = np.maximum(scaled, 0.0, out=np.empty_like(correction))  # an array for 0-d
    smooth += correction
    if beta != 1.0:
        smooth /= beta
    np.copyto(smooth, x, where=scaled > threshold)
    return smooth


def softplus_derivative(x, beta: float = 1.0, threshold: float = 20.0):
    """``σ(βx)``, and 1 where βx > threshold (PyTorch's backward)."""
    scaled = x if beta == 1.0 else beta * np.clip(x, -_HUGE, _HUGE)
    slope = expit(scaled)
    np.copyto(slope, 1.0, where=scaled > threshold)
    return slope


_SQUARE_SAFE = 1e150  # below it x² neither overflows nor, with c ≤ 1e100, loses c²'s part


def _all_within(x, limit: float) -> bool:
    """Whether every element lies in [-limit, limit] (False for any nan): two reductions,
    no temporary array."""
    return bool(x.size) and bool(np.max(x) <= limit) and bool(np.min(x) >= -limit)


def _hypot(x, c: float, within: bool | None = None):
    """``√(x² + c²)`` for a constant c ≤ 1e100, about six times faster than ``np.hypot``.

    x² overflows only beyond |x| = 1e150, and there √(x² + c²) rounds to |x|: clipping x
    for the square root and taking the larger of the result and |x| covers every x, ±inf
    included. Inputs that are all within ±1e150 (the usual case; ``within`` says so when the
    caller has checked already) skip both steps.
    """
    root = np.empty_like(x, dtype=np.float64)  # an array even for 0-d input
    if _all_within(x, _SQUARE_SAFE) if within is None else within:
        np.multiply(x, x, out=root)
        root += c * c
        return np.sqrt(root, out=root)
    np.clip(x, -_SQUARE_SAFE, _SQUARE_SAFE, out=root)
    np.multiply(root, root, out=root)
    root += c * c
    np.sqrt(root, out=root)
    return np.maximum(root, np.abs(x), out=root)


def _squareplus_with_root(x, b):
    """``(f(x), h)`` with h = √(x² + b), finite for every finite x (nan stays nan).

    f = (x + h)/2 = (|x| + h)/2 for x ≥ 0; for x < 0 the sum would cancel, and
    f = (b/4)/((|x| + h)/2) instead. Halving |x| and h before adding them keeps the sum
    finite up to |x| = 1.8e308 (needless, and skipped, when |x| ≤ 1e150).
    """
    within = _all_within(x, _SQUARE_SAFE)
    root = _hypot(x, math.sqrt(b), within)
    half_gap = np.abs(x, out=np.empty_like(root))  # an array even for 0-d input
    if within:
        half_gap += root
        half_gap *= 0.5
    else:
        half_gap *= 0.5
        half_gap += 0.5 * root
    # x < 0 is False for nan, which stays nan.
    return np.divide(0.25 * b, half_gap, out=half_gap, where=x < 0.0), root


def squareplus(x, b: float = 4.0):
    """Squareplus ``(x + √(x² + b))/2`` (Barron, 2021); for x < 0 as ``b/(2(√(x² + b) - x))``
    so that the sum does not cancel. ±inf give inf and 0."""
    return _squareplus_with_root(np.asarray(x, dtype=np.float64), b)[0]


def squareplus_derivative(x, b: float = 4.0):
    """``(1 + x/√(x² + b))/2 = (x + h)/(2h) = f(x)/h`` with h = √(x² + b): the value, formed
    without cancellation on both sides, divided by h."""
    finite = np.clip(x, -_HUGE, _HUGE)  # inf/inf would be nan; 1e300/1e300 is the limit 1
    value, root = _squareplus_with_root(np.asarray(finite, dtype=np.float64), b)
    return np.divide(value, root, out=value)


# ---- piecewise and hard --------------------------------------------------------------------


def hardsigmoid(x):
    """``relu6(x + 3)/6``. PyTorch: ``F.hardsigmoid``; f' = 1/6 strictly inside (-3, 3)."""
    # (x + 3)/6 rounds once; x/6 + 1/2 cancels near -3.
    return np.clip((np.clip(x, -3.0, 3.0) + 3.0) / 6.0, 0.0, 1.0)


def hardsigmoid_derivative(x):
    return _nan_or(x, np.where((x > -3.0) & (x < 3.0), 1.0 / 6.0, 0.0))


def hardtanh(x, min_val: float = -1.0, max_val: float = 1.0):
    """``clip(x, min_val, max_val)``. PyTorch: ``F.hardtanh``; f' = 1 strictly inside."""
    return np.clip(x, min_val, max_val)


def hardtanh_derivative(x, min_val: float = -1.0, max_val: float = 1.0):
    return _nan_or(x, ((x > min_val) & (x < max_val)).astype(np.float64))


def hardswish(x):
    """``x·relu6(x + 3)/6`` (Howard et al., 2019). PyTorch: ``F.hardswish``.

    f' follows PyTorch's autograd: 0 up to -3, x/3 + 1/2 strictly between, 1 from 3 on.
    """
    inner = np.clip(x, -3.0, 3.0)
    return np.where(x >= 3.0, x, inner * (inner + 3.0) / 6.0)


def hardswish_derivative(x):
    inner = np.clip(x, -3.0, 3.0)
    middle = (inner + inner + 3.0) / 6.0  # (2x + 3)/6 rounds once; x/3 + 1/2 cancels at -3/2
    return _nan_or(x, np.where(x <= -3.0, 0.0, np.where(x < 3.0, middle, 1.0)))


def softshrink(x, lambd: float = 0.5):
    """``x - λ`` above λ, ``x + λ`` below -λ, 0 between. PyTorch: ``F.softshrink``;
    f' = 0 on the closed interval [-λ, λ]."""
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, _nan_or(x, 0.0)))


def softshrink_derivative(x, lambd: float = 0.5):
    return _nan_or(x, (np.abs(x) > lambd).astype(np.float64))


def hardshrink(x, lambd: float = 0.5):
    """``x`` where |x| > λ, else 0. PyTorch: ``F.hardshrink``; f' = 0 on [-λ, λ]."""
    return np.where(np.abs(x) <= lambd, 0.0, x)  # nan fails the test and stays nan


def hardshrink_derivative(x, lambd: float = 0.5):
    return softshrink_derivative(x, lambd)


def binary_step(x):
    """Heaviside step: 1 for x ≥ 0, else 0. f' = 0 everywhere (it does not exist at 0)."""
    return _nan_or(x, (x >= 0.0).astype(np.float64))  # a comparison is cheaper than heaviside


def zero_derivative(x):
    """0 everywhere (nan for nan): the slope of a piecewise-constant function."""
    return _nan_or(x, 0.0)


def signum(x):
    """sign(x): -1, 0 at 0, 1. f' = 0 everywhere (it does not exist at 0)."""
    return np.sign(x)


# ---- periodic and others -------------------------------------------------------------------


def identity(x):
    """x. PyTorch: ``nn.Identity``."""
    return np.array(x, copy=True)


def one(x):
    """1 everywhere (nan for nan)."""
    return _nan_or(x, 1.0)


def absolute(x):
    """|x|. f'(0) = 0 (PyTorch's ``torch.abs`` autograd)."""
    return np.abs(x)


_BENT_OVERFLOW = 1.19e308  # above it 1.5x exceeds the largest float


def bent_identity(x):
    """``(√(x² + 1) - 1)/2 + x`` as ``x·(1 + x/(2(√(x² + 1) + 1)))``: the root does not
    cancel and nothing squares x; inf beyond the float range, as the value is."""
    x = np.asarray(x, dtype=np.float64)
    if not _all_within(x, _SQUARE_SAFE):  # far from the overflow: no clip, no inf to mend
        clipped = np.clip(x, -np.finfo(np.float64).max, _BENT_OVERFLOW)
        value = clipped * (1.0 + 0.5 * (clipped / (_hypot(clipped, 1.0) + 1.0)))
        return np.where(np.isinf(x) | (x > _BENT_OVERFLOW), np.where(x > 0, np.inf, x), value)
    value = _hypot(x, 1.0)
    value += 1.0
    np.divide(x, value, out=value)
    value *= 0.5
    value += 1.0
    value *= x
    return value


def bent_identity_derivative(x):
    """``x/(2√(x² + 1)) + 1``; 1/2 at -inf, 3/2 at inf."""
    x = np.asarray(x, dtype=np.float64)
    clipped = x if _all_within(x, _HUGE) else np.clip(x, -_HUGE, _HUGE)
    slope = _hypot(clipped, 1.0)
    slope *= 2.0
    np.divide(clipped, slope, out=slope)
    slope += 1.0
    return slope


def _bernoulli_numbers(count: int) -> list[Fraction]:
    """B_0 … B_count exactly (Akiyama-Tanigawa); scipy's floats lose digits for small n."""
    row = [Fraction(0)] * (count + 1)
    numbers = []
    for m in range(count + 1):
        row[m] = Fraction(1, m + 1)
        for j in range(m, 0, -1):
            row[j - 1] = j * (row[j - 1] - row[j])
        numbers.append(row[0])
    return numbers


@cache
def _tanh_series_coefficients(terms: int = 12) -> np.ndarray:
    """Coefficients c_n of tanh x = Σ c_n x^(2n-1), exact rationals rounded once."""
    numbers = _bernoulli_numbers(2 * terms)
    return np.array(
        [
            float(4**n * (4**n - 1) * numbers[2 * n] / math.factorial(2 * n))
            for n in range(1, terms + 1)
        ]
    )


# Below |x| = 1/4 the terms fall by a factor (2x/π)² < 0.026 each: twelve are plenty. They
# are computed on first use (exact Bernoulli numbers take a few milliseconds).
_TANHSHRINK_SERIES_LIMIT = 0.5


def tanhshrink(x):
    """``x - tanh(x)``. PyTorch: ``F.tanhshrink``.

    Below |x| = 0.25 the difference would cancel (it is x³/3 + …), so the tanh series
    without its first term is summed there; up to |x| = 1.25 the addition theorem of tanh about a
    tabulated node supplies the digits the subtraction would lose
    (:func:`_tanhshrink_near_nodes`); beyond, plain ``x - tanh x`` is within about 1 ulp.
    """
    x = np.asarray(x, dtype=np.float64)
    result = np.tanh(x, out=np.empty_like(x))  # ±inf give ±inf, nan gives nan, no warning
    np.subtract(x, result, out=result)
    near = np.abs(x) < _TANHSHRINK_NODES_END
    if not near.any():
        return result
    inside = x[near]
    corrected = np.empty_like(inside)
    small = np.abs(inside) < _TANHSHRINK_NODES_START
    tiny = inside[small]
    square = tiny * tiny
    tanh_series = _tanh_series_coefficients()
    series = np.full_like(square, tanh_series[-1])
    for coefficient in tanh_series[-2:0:-1]:
        series *= square
        series += coefficient
    series *= square
    series *= tiny
    np.negative(series, out=series)
    corrected[small] = series
    middle = ~small
    corrected[middle] = _tanhshrink_near_nodes(inside[middle])
    result[near] = corrected
    return result


# Beyond 1.25, x - tanh x is at least 0.40 and x - np.tanh(x) stays within about 1 ulp
# (within 2.8 ulp from 1.0, 13 ulp near 0.5). Between 0.25 and 1.25, nodes every 1/32.
_TANHSHRINK_NODES_START, _TANHSHRINK_NODES_END, _TANHSHRINK_NODES_SCALE = 0.25, 1.25, 32


@cache
def _tanhshrink_nodes():
    """``(tanh x0, x0 - tanh x0 high, low)`` at x0 = 0.25, 0.25 + 1/32, …, 1.25."""
    count = round((_TANHSHRINK_NODES_END - _TANHSHRINK_NODES_START) * _TANHSHRINK_NODES_SCALE)
    nodes = _TANHSHRINK_NODES_START + np.arange(count + 1) / _TANHSHRINK_NODES_SCALE
    tanh_high, tanh_low = _tanh_double_double(nodes)
    # x0 - tanh_high is exact (Sterbenz: tanh x0 lies within a factor of two of x0 here).
    shrink_high, shrink_low = _two_sum(nodes - tanh_high, -tanh_low)
    return tanh_high, shrink_high, shrink_low


def _tanhshrink_near_nodes(x):
    """``x - tanh x`` for 0.25 ≤ |x| ≤ 1.25 from the addition theorem of tanh.

    With x0 the nearest node, h = |x| - x0 (exact, |h| ≤ 1/64), t0 = tanh x0 and
    th = tanh h:  ``x - tanh x = (x0 - t0) + (h - th) + th·t0·(th + t0)/(1 + t0·th)``.
    The node's difference is stored in double-double, h - th is a short series in h, and the
    last term has no cancellation and is under a fifth of the result, so the sum keeps about
    one ulp where plain ``x - tanh x`` loses up to 13.
    """
    tanh_nodes, shrink_high, shrink_low = _tanhshrink_nodes()
    magnitude = np.abs(x)
    index = np.rint((magnitude - _TANHSHRINK_NODES_START) * _TANHSHRINK_NODES_SCALE)
    step = magnitude - (_TANHSHRINK_NODES_START + index / _TANHSHRINK_NODES_SCALE)
    index = index.astype(np.intp)
    square = step * step
    # h - tanh h = h³/3 - 2h⁵/15 + 17h⁷/315 - 62h⁹/2835 (the next term is below 1e-21).
    shrink_step = (
        step
        * square
        * (1.0 / 3.0 + square * (-2.0 / 15.0 + square * (17.0 / 315.0 + square * (-62.0 / 2835.0))))
    )
    tanh_step = step - shrink_step
    tanh_node = tanh_nodes[index]
    term = tanh_step * tanh_node * (tanh_step + tanh_node) / (1.0 + tanh_node * tanh_step)
    total = shrink_high[index] + ((shrink_step + term) + shrink_low[index])
    return np.copysign(total, x)


def _tanh_double_double(x):
    """tanh x = m/(m + 2), m = e^(2x) - 1, as a double-double, for 0.25 ≤ |x| ≤ 350.

    It builds the node table of :func:`_tanhshrink_near_nodes` once, so it takes the slower
    Taylor-series exponential, which holds for any argument.
    """
    magnitude = np.abs(x)
    exp_high, exp_low = _exp_double_double(magnitude + magnitude)
    m, m_error = _two_sum(exp_high, -1.0)
    m_low = m_error + exp_low
    denominator, denominator_error = _two_sum(m, 2.0)
    denominator_low = denominator_error + m_low
    quotient = m / denominator
    product, product_error = _two_product(quotient, denominator)
    residual = ((m - product) - product_error) + m_low - quotient * denominator_low
    quotient_low = residual / denominator
    sign = np.sign(x)
    return sign * quotient, sign * quotient_low


def tanhshrink_derivative(x):
    """``1 - sech²(x) = tanh²(x)``."""
    value = np.tanh(x)
    return value * value


def gaussian(x):
    """``exp(-x²)`` with x² in double-double (rounding x² would cost x² ulp)."""
    clipped = np.clip(x, -40.0, 40.0)
    square, square_low = _two_square(clipped)
    np.negative(square, out=square)
    np.exp(square, out=square)
    np.subtract(1.0, square_low, out=square_low)
    square *= square_low
    return square


def gaussian_derivative(x):
    """``-2x·exp(-x²)``."""
    clipped = np.clip(x, -40.0, 40.0)
    return -2.0 * clipped * gaussian(clipped)


def sinusoid(x):
    """sin x; nan at ±inf (no limit)."""
    return np.where(np.isinf(x), np.nan, np.sin(_safe(x)))


def cosine(x):
    """cos x; nan at ±inf (no limit)."""
    return np.where(np.isinf(x), np.nan, np.cos(_safe(x)))


def negative_sine(x):
    """-sin x, the derivative of cos."""
    return -sinusoid(x)


_SINC_SERIES_LIMIT = 1.0
_SINC_ROOTS_HIGH = np.array([high for high, _ in SINC_DERIVATIVE_ROOTS])
_SINC_ROOTS_LOW = np.array([low for _, low in SINC_DERIVATIVE_ROOTS])
# One contiguous row per power of h, the highest first, for Horner's scheme.
_SINC_TAYLOR_ROWS = np.ascontiguousarray(np.array(SINC_DERIVATIVE_TAYLOR).T[::-1])
# Within this distance of a root of sinc', its Taylor series replaces the cancelling formula.
_SINC_ROOT_WINDOW = 0.3


def sinc(x):
    """Unnormalised sinc ``sin(x)/x`` with sinc(0) = 1; 0 at ±inf."""
    x = np.asarray(x, dtype=np.float64)
    special = (x == 0.0) | np.isinf(x)
    safe = np.where(special, 1.0, x)
    result = np.sin(safe, out=np.empty_like(safe))
    result /= safe
    if special.any():
        result[special] = x[special] == 0.0  # 1 at 0, 0 at ±inf
    return result


def sinc_derivative(x):
    """``(x cos x - sin x)/x²``, as ``(cos x - sinc x)/x``; below |x| = 1 its Taylor series
    ``Σ (-1)^k 2k x^(2k-1)/(2k+1)!``, where the difference would cancel; 0 at ±inf.

    Within 0.3 of each of the first twenty roots of sinc' (up to |x| ≈ 64.7) the two terms
    cancel too, and the Taylor series of sinc' about that root is summed instead
    (core/_sinc_table.py). The n-th root (n ≥ 1) lies just below (n + 1/2)π, so each |x| is
    checked against the one root it can be near.
    """
    x = np.asarray(x, dtype=np.float64)
    magnitude = np.abs(x)
    small = magnitude < _SINC_SERIES_LIMIT
    infinite = np.isinf(x)
    safe = np.where(small | infinite, 1.0, x)
    result = np.sin(safe, out=np.empty_like(safe))
    result /= safe
    np.subtract(np.cos(safe), result, out=result)
    result /= safe
    if infinite.any():
        result[infinite] = 0.0
    if small.any():
        inside = x[small]
        square = inside * inside
        series = np.zeros_like(square)
        for k in range(14, 0, -1):
            series = series * square + (-1) ** k * 2 * k / math.factorial(2 * k + 1)
        result[small] = series * inside
    finite = np.where(np.isfinite(x), magnitude, 0.0)
    nearest = np.clip(np.rint(finite / np.pi - 1.5), 0, len(SINC_DERIVATIVE_ROOTS) - 1)
    nearest = nearest.astype(np.intp)
    step = finite - np.take(_SINC_ROOTS_HIGH, nearest)  # exact near the root (Sterbenz)
    near = np.abs(step) < _SINC_ROOT_WINDOW
    if near.any():
        root = nearest[near]
        h = step[near] - _SINC_ROOTS_LOW[root]
        series = _SINC_TAYLOR_ROWS[0][root]
        for row in _SINC_TAYLOR_ROWS[1:]:
            series = series * h + row[root]
        # sinc' is odd: the series is about the positive root, the sign comes from x.
        result[near] = series * h * np.sign(x[near])
    return result


# ---- records -------------------------------------------------------------------------------


def _ordered(first: str, second: str, message: str):
    def check(params):
        return "" if params[first] < params[second] else message

    return check


def _record(
    key,
    name,
    group,
    formula,
    derivative_formula,
    value,
    derivative,
    torch="",
    params=(),
    constraint=None,
    blockwise=True,
):
    return Activation(
        key=key,
        name=name,
        formula=formula,
        derivative_formula=derivative_formula,
        _value=value,
        _derivative=derivative,
        params=tuple(params),
        torch_equivalent=torch,
        group=group,
        constraint=constraint,
        blockwise=blockwise,
    )


SIGMOID_LIKE, RELU_FAMILY, SMOOTH, HARD, OTHERS = (
    "Sigmoid-like",
    "ReLU family",
    "Smooth modern",
    "Piecewise and hard",
    "Periodic and others",
)

CATALOGUE: tuple[Activation, ...] = (
    _record(
        "logsigmoid",
        "LogSigmoid",
        SIGMOID_LIKE,
        r"f(x) = \log\sigma(x) = -\log(1 + e^{-x})",
        r"f'(x) = \sigma({-x})",
        logsigmoid,
        logsigmoid_derivative,
        "torch.nn.LogSigmoid()",
    ),
    _record(
        "softsign",
        "Softsign",
        SIGMOID_LIKE,
        r"f(x) = \frac{x}{1 + |x|}",
        r"f'(x) = \frac{1}{(1 + |x|)^{2}}",
        softsign,
        softsign_derivative,
        "torch.nn.Softsign()",
        blockwise=False,
    ),
    _record(
        "arctan",
        "Arctan",
        SIGMOID_LIKE,
        r"f(x) = \arctan x",
        r"f'(x) = \frac{1}{1 + x^{2}}",
        np.arctan,
        arctan_derivative,
        "torch.atan",
        blockwise=False,
    ),
    _record(
        "lecun_tanh",
        "LeCun tanh",
        SIGMOID_LIKE,
        r"f(x) = 1.7159\,\tanh\left(\frac{2x}{3}\right)",
        r"f'(x) = 1.7159 \cdot \frac{2}{3}\,\mathrm{sech}^{2}\left(\frac{2x}{3}\right)",
        lecun_tanh,
        lecun_tanh_derivative,
    ),
    _record(
        "symmetrical_sigmoid",
        "Symmetrical sigmoid",
        SIGMOID_LIKE,
        r"f(x) = \tanh\left(\frac{x}{2}\right) = 2\sigma(x) - 1",
        r"f'(x) = \frac{1}{2}\,\mathrm{sech}^{2}\left(\frac{x}{2}\right)",
        symmetrical_sigmoid,
        symmetrical_sigmoid_derivative,
    ),
    _record(
        "loglog",
        "Log-log",
        SIGMOID_LIKE,
        r"f(x) = 1 - e^{-e^{x}}",
        r"f'(x) = e^{x - e^{x}}",
        loglog,
        loglog_derivative,
    ),
    _record(
        "rrelu",
        "RReLU (eval)",
        RELU_FAMILY,
        r"f(x) = \begin{cases} x & x > 0 \\ \frac{l + u}{2}\,x & x \le 0 \end{cases}",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ \frac{l + u}{2} & x \le 0 \end{cases}",
        rrelu,
        rrelu_derivative,
        "torch.nn.RReLU(1/8, 1/3) in eval mode",
        (
            Param("lower", 1.0 / 8.0, 0.0, 1.0, "l (lower slope)"),
            Param("upper", 1.0 / 3.0, 0.0, 1.0, "u (upper slope)"),
        ),
        lambda p: "" if p["lower"] <= p["upper"] else "lower must not exceed upper",
        blockwise=False,
    ),
    _record(
        "selu",
        "SELU",
        RELU_FAMILY,
        r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        r"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha\, e^{x} & x \le 0 \end{cases}",
        selu,
        selu_derivative,
        "torch.nn.SELU()",
    ),
    _record(
        "celu",
        "CELU",
        RELU_FAMILY,
        r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x/\alpha} - 1) & x \le 0 \end{cases}",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        celu,
        celu_derivative,
        "torch.nn.CELU(alpha=1.0)",
        (Param("alpha", 1.0, 0.05, 5.0, "α (negative saturation)"),),
    ),
    _record(
        "relu6",
        "ReLU6",
        RELU_FAMILY,
        r"f(x) = \min(\max(0,\, x),\, 6)",
        r"f'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \mathrm{otherwise} \end{cases}",
        relu6,
        relu6_derivative,
        "torch.nn.ReLU6()",
        blockwise=False,
    ),
    _record(
        "srelu",
        "SReLU",
        RELU_FAMILY,
        r"f(x) = \begin{cases} t_r + a_r(x - t_r) & x \ge t_r \\ x & t_l < x < t_r \\ "
        r"t_l + a_l(x - t_l) & x \le t_l \end{cases}",
        r"f'(x) = \begin{cases} a_r & x > t_r \\ 1 & t_l < x \le t_r \\ "
        r"a_l & x \le t_l \end{cases}",
        srelu,
        srelu_derivative,
        "",
        (
            Param("t_l", -1.0, -5.0, 0.0, "t_l (left threshold)"),
            Param("a_l", 0.1, 0.0, 2.0, "a_l (left slope)"),
            Param("t_r", 1.0, 0.0, 5.0, "t_r (right threshold)"),
            Param("a_r", 0.5, 0.0, 2.0, "a_r (right slope)"),
        ),
        _ordered("t_l", "t_r", "t_l must be below t_r"),
    ),
    _record(
        "silu",
        "SiLU / Swish",
        SMOOTH,
        r"f(x) = x\,\sigma(\beta x)",
        r"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,\sigma({-\beta x})",
        silu,
        silu_derivative,
        "torch.nn.SiLU() (β = 1)",
        (Param("beta", 1.0, 0.1, 10.0, "β (sharpness; 1 is SiLU)"),),
    ),
    _record(
        "mish",
        "Mish",
        SMOOTH,
        r"f(x) = x\,\tanh(\ln(1 + e^{x}))",
        r"f'(x) = \tanh(s) + x\,\sigma(x)\,\mathrm{sech}^{2}(s),\; s = \ln(1 + e^{x})",
        mish,
        mish_derivative,
        "torch.nn.Mish()",
    ),
    _record(
        "softplus",
        "Softplus",
        SMOOTH,
        r"f(x) = \frac{1}{\beta}\ln(1 + e^{\beta x})\ \ "
        r"(x\ \mathrm{if}\ \beta x > \mathrm{threshold})",
        r"f'(x) = \sigma(\beta x)\ \ (1\ \mathrm{if}\ \beta x > \mathrm{threshold})",
        softplus,
        softplus_derivative,
        "torch.nn.Softplus(beta=1.0, threshold=20.0)",
        (
            Param("beta", 1.0, 0.1, 10.0, "β (sharpness)"),
            Param("threshold", 20.0, 1.0, 50.0, "threshold (linear above)"),
        ),
    ),
    _record(
        "squareplus",
        "Squareplus",
        SMOOTH,
        r"f(x) = \frac{x + \sqrt{x^{2} + b}}{2}",
        r"f'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^{2} + b}}\right)",
        squareplus,
        squareplus_derivative,
        "",
        (Param("b", 4.0, 0.01, 20.0, "b (curvature at 0)"),),
    ),
    _record(
        "hardsigmoid",
        "Hardsigmoid",
        HARD,
        r"f(x) = \min\left(\max\left(0,\, \frac{x}{6} + \frac{1}{2}\right),\, 1\right)",
        r"f'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \mathrm{otherwise} \end{cases}",
        hardsigmoid,
        hardsigmoid_derivative,
        "torch.nn.Hardsigmoid()",
        blockwise=False,
    ),
    _record(
        "hardtanh",
        "Hardtanh",
        HARD,
        r"f(x) = \min(\max(x,\, a),\, b)",
        r"f'(x) = \begin{cases} 1 & a < x < b \\ 0 & \mathrm{otherwise} \end{cases}",
        hardtanh,
        hardtanh_derivative,
        "torch.nn.Hardtanh(min_val=-1.0, max_val=1.0)",
        (
            Param("min_val", -1.0, -10.0, 10.0, "a (lower bound)"),
            Param("max_val", 1.0, -10.0, 10.0, "b (upper bound)"),
        ),
        _ordered("min_val", "max_val", "min_val must be below max_val"),
        blockwise=False,
    ),
    _record(
        "hardswish",
        "Hardswish",
        HARD,
        r"f(x) = x\,\frac{\min(\max(0,\, x + 3),\, 6)}{6}",
        r"f'(x) = \begin{cases} 0 & x \le -3 \\ \frac{x}{3} + \frac{1}{2} & -3 < x < 3 \\ "
        r"1 & x \ge 3 \end{cases}",
        hardswish,
        hardswish_derivative,
        "torch.nn.Hardswish()",
    ),
    _record(
        "softshrink",
        "Softshrink",
        HARD,
        r"f(x) = \begin{cases} x - \lambda & x > \lambda \\ x + \lambda & x < -\lambda \\ "
        r"0 & \mathrm{otherwise} \end{cases}",
        r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
        softshrink,
        softshrink_derivative,
        "torch.nn.Softshrink(lambd=0.5)",
        (Param("lambd", 0.5, 0.0, 5.0, "λ (dead zone half-width)"),),
    ),
    _record(
        "hardshrink",
        "Hardshrink",
        HARD,
        r"f(x) = \begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
        r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
        hardshrink,
        hardshrink_derivative,
        "torch.nn.Hardshrink(lambd=0.5)",
        (Param("lambd", 0.5, 0.0, 5.0, "λ (dead zone half-width)"),),
        blockwise=False,
    ),
    _record(
        "binary_step",
        "Binary step",
        HARD,
        r"f(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
        r"f'(x) = 0 \quad (x \ne 0)",
        binary_step,
        zero_derivative,
        blockwise=False,
    ),
    _record(
        "signum",
        "Signum",
        HARD,
        r"f(x) = \mathrm{sign}(x)",
        r"f'(x) = 0 \quad (x \ne 0)",
        signum,
        zero_derivative,
        "torch.sign",
        blockwise=False,
    ),
    _record(
        "identity",
        "Identity",
        OTHERS,
        r"f(x) = x",
        r"f'(x) = 1",
        identity,
        one,
        "torch.nn.Identity()",
        blockwise=False,
    ),
    _record(
        "absolute",
        "Absolute",
        OTHERS,
        r"f(x) = |x|",
        r"f'(x) = \mathrm{sign}(x)",
        absolute,
        signum,
        "torch.abs",
        blockwise=False,
    ),
    _record(
        "bent_identity",
        "Bent identity",
        OTHERS,
        r"f(x) = \frac{\sqrt{x^{2} + 1} - 1}{2} + x",
        r"f'(x) = \frac{x}{2\sqrt{x^{2} + 1}} + 1",
        bent_identity,
        bent_identity_derivative,
    ),
    _record(
        "tanhshrink",
        "Tanhshrink",
        OTHERS,
        r"f(x) = x - \tanh x",
        r"f'(x) = \tanh^{2} x",
        tanhshrink,
        tanhshrink_derivative,
        "torch.nn.Tanhshrink()",
    ),
    _record(
        "gaussian",
        "Gaussian",
        OTHERS,
        r"f(x) = e^{-x^{2}}",
        r"f'(x) = -2x\,e^{-x^{2}}",
        gaussian,
        gaussian_derivative,
    ),
    _record(
        "sinusoid",
        "Sinusoid",
        OTHERS,
        r"f(x) = \sin x",
        r"f'(x) = \cos x",
        sinusoid,
        cosine,
        "torch.sin",
    ),
    _record(
        "cosine",
        "Cosine",
        OTHERS,
        r"f(x) = \cos x",
        r"f'(x) = -\sin x",
        cosine,
        negative_sine,
        "torch.cos",
    ),
    _record(
        "sinc",
        "Sinc",
        OTHERS,
        r"f(x) = \begin{cases} \frac{\sin x}{x} & x \ne 0 \\ 1 & x = 0 \end{cases}",
        r"f'(x) = \frac{x\cos x - \sin x}{x^{2}}",
        sinc,
        sinc_derivative,
    ),
)
