"""Smooth modern gates: GELU (exact and tanh), SiLU, Mish, softplus and squareplus."""

from __future__ import annotations

import math

import numpy as np

from core._normal import NORMAL_CLIP, normal_cdf, normal_cdf_and_pdf, normal_pdf
from core._special import exp_negative_abs, expit, sigmoid_pair
from core._stable import (
    HUGE,
    SQUARE_SAFE,
    all_within,
    double_double_product,
    hypot_with,
    replace_near_root,
    taylor_near_root,
    two_product,
    two_square,
    two_sum,
)
from core.records import Activation, Param

GROUP = "Smooth modern"


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)

# GELU-tanh's cubic coefficient 0.044715 and 2·√(2/π) as double-double pairs.
_GELU_TANH_CUBIC_DD = (0.044715, 2.1960211427085595e-18)

_TWICE_SQRT_2_OVER_PI_DD = (1.5957691216057308, -9.96930880911092e-17)

_GELU_TANH_CUBIC = 0.044715

_GELU_TANH_CLIP = 30.0

# The roots of GELU' and GELU-tanh' (the location of each function's minimum) as
# double-double pairs, from mpmath at 60 digits; tests/core/test_activations.py recomputes them.
GELU_DERIVATIVE_ROOT = (-0.7517915246935645, 1.4956759177009883e-17)

GELU_TANH_DERIVATIVE_ROOT = (-0.7524614220710163, 3.635560509207687e-17)

# Roots of the derivative of x·σ(u)|u=x (SiLU) and of Mish, double-double, from mpmath at
# 60 digits; tests/core/test_catalogue.py recomputes them.
SILU_DERIVATIVE_ROOT = (-1.2784645427610737, -1.0946994183093437e-16)

MISH_DERIVATIVE_ROOT = (-1.1924312145154952, -4.8484829848031044e-17)


def gelu(x):
    """Gaussian error linear unit, exact form ``x·Φ(x)`` with Φ the standard normal CDF.

    ``Φ`` comes from :func:`normal_cdf` (relative accuracy in the lower tail), so GELU(-8.5)
    keeps its digits; GELU(-inf) = 0. Hendrycks & Gimpel (2016), "Gaussian Error Linear Units".
    PyTorch: ``torch.nn.GELU(approximate='none')``.
    """
    clipped = np.maximum(x, -NORMAL_CLIP)
    return clipped * normal_cdf(clipped)


def _gelu_derivative_taylor(order: int = 18) -> np.ndarray:
    """Taylor coefficients of GELU' about its root r, ``c_k = GELU^(k+1)(r)/k!`` for
    k = 1 … order, as a column.

    ``GELU^(k+1)(x) = φ(x)·q_k(x)`` with ``q_1 = 2 - x²`` and ``q_(k+1) = q_k' - x·q_k``
    (differentiate φ·q). Eighteen terms reach the last bit across the ±0.3 window (the 19th
    is below 1e-17 of the sum at its edge). The polynomials are plain lists (coefficient of
    x^i at index i): numpy.polynomial is not imported at start-up.
    """
    root = GELU_DERIVATIVE_ROOT[0]
    density = float(normal_pdf(np.float64(root)))
    q = [2.0, 0.0, -1.0]
    coefficients, factorial = [], 1.0
    for k in range(1, order + 1):
        factorial *= k
        value = 0.0
        for coefficient in reversed(q):
            value = value * root + coefficient
        coefficients.append(density * value / factorial)
        derivative = [i * q[i] for i in range(1, len(q))] + [0.0, 0.0]
        q = [derivative[i] - (q[i - 1] if i else 0.0) for i in range(len(q) + 1)]
    return np.array(coefficients).reshape(-1, 1)  # a column, as taylor_near_root takes them


_GELU_DERIVATIVE_TAYLOR = _gelu_derivative_taylor()


def gelu_derivative(x):
    """``GELU'(x) = Φ(x) + x·φ(x)``, with φ the standard normal density.

    Near the root at x ≈ -0.7518 (GELU's minimum) the value is the Taylor series of GELU'
    about that root; far in the tails the clipped input gives the limits 0 (x → -inf) and 1
    (x → inf).
    """
    return gelu_and_derivative(x)[1]


def gelu_and_derivative(x):
    """``(GELU(x), GELU'(x))`` with Φ and φ from one table lookup: equal to :func:`gelu` and
    :func:`gelu_derivative` bit for bit (beyond |x| = 40, Φ is 0 or 1 to the last bit, so
    the value's Φ may use the derivative's clipped input)."""
    x = np.asarray(x)
    bounded_below = np.maximum(x, -NORMAL_CLIP)  # what gelu multiplies by Φ
    clipped = np.minimum(bounded_below, NORMAL_CLIP)
    cdf, density = normal_cdf_and_pdf(clipped)
    value = bounded_below * cdf
    density *= clipped
    density += cdf
    derivative = taylor_near_root(x, density, GELU_DERIVATIVE_ROOT, _GELU_DERIVATIVE_TAYLOR)
    return value, derivative


def _gelu_tanh_argument(x):
    """``v = 2u = 2·√(2/π)·(x + 0.044715 x³)`` as a double-double pair, and ``dv/dx``.

    In the lower tail σ(v) is as sensitive to v as e^v, and |v| reaches 1000 before the
    result underflows, so one rounding of v would cost hundreds of ulp; the pair keeps v
    exact to about 1e-30 relative. ``x`` must already be clipped to |x| ≤ 30.
    """
    square, square_low = two_square(x)
    cubic_term, cubic_term_low = double_double_product(*_GELU_TANH_CUBIC_DD, square, square_low)
    factor, factor_low = two_sum(1.0, cubic_term)
    inner, inner_low = double_double_product(factor, factor_low + cubic_term_low, x, 0.0)
    v, v_low = double_double_product(*_TWICE_SQRT_2_OVER_PI_DD, inner, inner_low)
    dv = _TWICE_SQRT_2_OVER_PI_DD[0] * (1.0 + (3.0 * _GELU_TANH_CUBIC) * square)
    return v, v_low, dv


def _gelu_tanh_gates(x):
    """``σ(v)``, ``σ(-v)`` and ``dv/dx`` for clipped ``x``, with v's low part applied.

    ``σ(v + δ) = σ(v)·(1 + δ·σ(-v))`` to first order; δ is below 1e-30 relative.
    """
    v, v_low, dv = _gelu_tanh_argument(x)
    upper, lower = sigmoid_pair(v)
    return upper * (1.0 + v_low * lower), lower * (1.0 - v_low * upper), dv


def gelu_tanh(x):
    """GELU, tanh approximation ``0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))``.

    Evaluated as ``x·σ(2u)`` because ``1 + tanh(u) = 2σ(2u)``: the sum cancels for negative x,
    the sigmoid does not. PyTorch: ``torch.nn.GELU(approximate='tanh')``.
    """
    lower_clipped = np.maximum(x, -_GELU_TANH_CLIP)
    upper, _, _ = _gelu_tanh_gates(np.minimum(lower_clipped, _GELU_TANH_CLIP))
    return lower_clipped * upper


def _gelu_tanh_second_derivative(x):
    """``f'' = σ(v)σ(-v)·(2v' + x·v'' - x·v'²·tanh(v/2))`` for ``f = x·σ(v)``."""
    upper, lower, dv = _gelu_tanh_gates(x)
    d2v = (12.0 * _SQRT_2_OVER_PI * _GELU_TANH_CUBIC) * x
    return upper * lower * (2.0 * dv + x * d2v - x * dv * dv * (upper - lower))


def gelu_tanh_derivative(x):
    """Derivative of the tanh-approximated GELU: ``σ(v) + x·v'·σ(v)σ(-v)`` with ``v = 2u``.

    Near its root at x ≈ -0.7525 the value is the integral of the second derivative.
    """
    x = np.asarray(x)
    clipped = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    upper, lower, dv = _gelu_tanh_gates(clipped)
    derivative = upper + clipped * dv * upper * lower
    return replace_near_root(x, derivative, GELU_TANH_DERIVATIVE_ROOT, _gelu_tanh_second_derivative)


def _scaled(x, beta):
    """``u = β·x`` as an exact double-double, x clipped where σ(u) is 0 or 1 for good."""
    limit = 800.0 / beta
    clipped = np.clip(x, -limit, limit)
    if beta == 1.0:
        return clipped, None  # SiLU: the product is exact, there is no low part
    return two_product(clipped, np.float64(beta))


def _gates(high, low):
    """σ(u) and σ(-u) for u = high + low (first order in low; ``low`` None means 0)."""
    upper, lower = sigmoid_pair(high)
    if low is None:
        return upper, lower
    return upper * (1.0 + low * lower), lower * (1.0 - low * upper)


def silu(x, beta: float):
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


def silu_derivative(x, beta: float):
    """``σ(u) + u·σ(u)σ(-u)`` at u = βx; near its root (u ≈ -1.2785) the integral of its
    derivative from the root, as for GELU."""
    high, low = _scaled(x, beta)
    upper, lower = _gates(high, low)
    u = high if low is None else high + low
    derivative = upper + u * upper * lower
    return replace_near_root(high, derivative, SILU_DERIVATIVE_ROOT, _silu_second_derivative, low)


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
    return replace_near_root(x, derivative, MISH_DERIVATIVE_ROOT, _mish_second_derivative)


def softplus(x, beta: float, threshold: float):
    """``log(1 + exp(βx))/β``, and x itself where βx > threshold, exactly as PyTorch's
    ``F.softplus(x, beta, threshold)`` (the switch keeps its large-input behaviour)."""
    scaled = x if beta == 1.0 else beta * np.clip(x, -HUGE, HUGE)
    # log(1 + e^u) = max(u, 0) + log1p(e^-|u|): nothing overflows, ±inf and nan pass through.
    correction = exp_negative_abs(scaled)
    np.log1p(correction, out=correction)
    smooth = np.maximum(scaled, 0.0, out=np.empty_like(correction))  # an array for 0-d
    smooth += correction
    if beta != 1.0:
        smooth /= beta
    np.copyto(smooth, x, where=scaled > threshold)
    return smooth


def softplus_derivative(x, beta: float, threshold: float):
    """``σ(βx)``, and 1 where βx > threshold (PyTorch's backward)."""
    scaled = x if beta == 1.0 else beta * np.clip(x, -HUGE, HUGE)
    slope = expit(scaled)
    np.copyto(slope, 1.0, where=scaled > threshold)
    return slope


def _squareplus_with_root(x, b):
    """``(f(x), h)`` with h = √(x² + b), finite for every finite x (nan stays nan).

    f = (x + h)/2 = (|x| + h)/2 for x ≥ 0; for x < 0 the sum would cancel, and
    f = (b/4)/((|x| + h)/2) instead. Halving |x| and h before adding them keeps the sum
    finite up to |x| = 1.8e308 (needless, and skipped, when |x| ≤ 1e150).
    """
    within = all_within(x, SQUARE_SAFE)
    root = hypot_with(x, math.sqrt(b), within)
    half_gap = np.abs(x, out=np.empty_like(root))  # an array even for 0-d input
    if within:
        half_gap += root
        half_gap *= 0.5
    else:
        half_gap *= 0.5
        half_gap += 0.5 * root
    # x < 0 is False for nan, which stays nan.
    return np.divide(0.25 * b, half_gap, out=half_gap, where=x < 0.0), root


def squareplus(x, b: float):
    """Squareplus ``(x + √(x² + b))/2`` (Barron, 2021); for x < 0 as ``b/(2(√(x² + b) - x))``
    so that the sum does not cancel. ±inf give inf and 0."""
    return _squareplus_with_root(np.asarray(x, dtype=np.float64), b)[0]


def squareplus_derivative(x, b: float):
    """``(1 + x/√(x² + b))/2 = (x + h)/(2h) = f(x)/h`` with h = √(x² + b): the value, formed
    without cancellation on both sides, divided by h."""
    finite = np.clip(x, -HUGE, HUGE)  # inf/inf would be nan; 1e300/1e300 is the limit 1
    value, root = _squareplus_with_root(np.asarray(finite, dtype=np.float64), b)
    return np.divide(value, root, out=value)


RECORDS: tuple[Activation, ...] = (
    Activation(
        key="gelu",
        name="GELU",
        formula=r"\mathrm{GELU}(x) = x\,\Phi(x)",
        derivative_formula=r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x)",
        _value=gelu,
        _derivative=gelu_derivative,
        _value_and_derivative=gelu_and_derivative,
        torch_equivalent="torch.nn.GELU(approximate='none')",
        group=GROUP,
    ),
    Activation(
        key="gelu_tanh",
        name="GELU (tanh)",
        formula=(
            r"f(x) = \frac{x}{2}\left(1 + \tanh\left[\sqrt{2/\pi}\,"
            r"(x + 0.044715\,x^{3})\right]\right)"
        ),
        derivative_formula=(
            r"f'(x) = \frac{1 + \tanh u}{2} + \frac{x}{2}\,(1 - \tanh^{2} u)\,"
            r"\sqrt{2/\pi}\,(1 + 0.134145\,x^{2})"
        ),
        _value=gelu_tanh,
        _derivative=gelu_tanh_derivative,
        torch_equivalent="torch.nn.GELU(approximate='tanh')",
        group=GROUP,
    ),
    Activation(
        key="silu",
        name="SiLU / Swish",
        formula=r"f(x) = x\,\sigma(\beta x)",
        derivative_formula=(
            r"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,\sigma({-\beta x})"
        ),
        _value=silu,
        _derivative=silu_derivative,
        params=(Param("beta", 1.0, 0.1, 10.0, "β (sharpness; 1 is SiLU)"),),
        torch_equivalent="torch.nn.SiLU() (β = 1)",
        group=GROUP,
    ),
    Activation(
        key="mish",
        name="Mish",
        formula=r"f(x) = x\,\tanh(\ln(1 + e^{x}))",
        derivative_formula=(
            r"f'(x) = \tanh(s) + x\,\sigma(x)\,\mathrm{sech}^{2}(s),\; s = \ln(1 + e^{x})"
        ),
        _value=mish,
        _derivative=mish_derivative,
        torch_equivalent="torch.nn.Mish()",
        group=GROUP,
    ),
    Activation(
        key="softplus",
        name="Softplus",
        formula=(
            r"f(x) = \frac{1}{\beta}\ln(1 + e^{\beta x})\ \ "
            r"(x\ \mathrm{if}\ \beta x > \mathrm{threshold})"
        ),
        derivative_formula=(
            r"f'(x) = \sigma(\beta x)\ \ (1\ \mathrm{if}\ \beta x > \mathrm{threshold})"
        ),
        _value=softplus,
        _derivative=softplus_derivative,
        params=(
            Param("beta", 1.0, 0.1, 10.0, "β (sharpness)"),
            Param("threshold", 20.0, 1.0, 50.0, "threshold (linear above)"),
        ),
        torch_equivalent="torch.nn.Softplus(beta=1.0, threshold=20.0)",
        group=GROUP,
    ),
    Activation(
        key="squareplus",
        name="Squareplus",
        formula=r"f(x) = \frac{x + \sqrt{x^{2} + b}}{2}",
        derivative_formula=r"f'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^{2} + b}}\right)",
        _value=squareplus,
        _derivative=squareplus_derivative,
        params=(Param("b", 4.0, 0.01, 20.0, "b (curvature at 0)"),),
        group=GROUP,
    ),
)
