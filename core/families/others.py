"""The identity, |x|, bent identity, tanhshrink, and the periodic and bump-shaped functions."""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache

import numpy as np

from core._sinc_table import SINC_DERIVATIVE_ROOTS, SINC_DERIVATIVE_TAYLOR
from core._stable import (
    HUGE,
    SQUARE_SAFE,
    all_within,
    exp_double_double,
    hypot_with,
    infinity_to_zero,
    nan_or,
    two_product,
    two_square,
    two_sum,
)
from core.families.piecewise import signum
from core.records import Activation

GROUP = "Periodic and others"


def identity(x):
    """x. PyTorch: ``nn.Identity``."""
    return np.array(x, copy=True)


def one(x):
    """1 everywhere (nan for nan)."""
    return nan_or(x, 1.0)


def absolute(x):
    """|x|. f'(0) = 0 (PyTorch's ``torch.abs`` autograd)."""
    return np.abs(x)


_BENT_OVERFLOW = 1.19e308  # above it 1.5x exceeds the largest float


def bent_identity(x):
    """``(√(x² + 1) - 1)/2 + x`` as ``x·(1 + x/(2(√(x² + 1) + 1)))``: the root does not
    cancel and nothing squares x; inf beyond the float range, as the value is."""
    x = np.asarray(x, dtype=np.float64)
    if not all_within(x, SQUARE_SAFE):  # far from the overflow: no clip, no inf to mend
        clipped = np.clip(x, -np.finfo(np.float64).max, _BENT_OVERFLOW)
        value = clipped * (1.0 + 0.5 * (clipped / (hypot_with(clipped, 1.0) + 1.0)))
        return np.where(np.isinf(x) | (x > _BENT_OVERFLOW), np.where(x > 0, np.inf, x), value)
    value = hypot_with(x, 1.0)
    value += 1.0
    np.divide(x, value, out=value)
    value *= 0.5
    value += 1.0
    value *= x
    return value


def bent_identity_derivative(x):
    """``x/(2√(x² + 1)) + 1``; 1/2 at -inf, 3/2 at inf."""
    x = np.asarray(x, dtype=np.float64)
    clipped = x if all_within(x, HUGE) else np.clip(x, -HUGE, HUGE)
    slope = hypot_with(clipped, 1.0)
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
    shrink_high, shrink_low = two_sum(nodes - tanh_high, -tanh_low)
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
    exp_high, exp_low = exp_double_double(magnitude + magnitude)
    m, m_error = two_sum(exp_high, -1.0)
    m_low = m_error + exp_low
    denominator, denominator_error = two_sum(m, 2.0)
    denominator_low = denominator_error + m_low
    quotient = m / denominator
    product, product_error = two_product(quotient, denominator)
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
    square, square_low = two_square(clipped)
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
    return np.where(np.isinf(x), np.nan, np.sin(infinity_to_zero(x)))


def cosine(x):
    """cos x; nan at ±inf (no limit)."""
    return np.where(np.isinf(x), np.nan, np.cos(infinity_to_zero(x)))


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


RECORDS: tuple[Activation, ...] = (
    Activation(
        key="identity",
        name="Identity",
        formula=r"f(x) = x",
        derivative_formula=r"f'(x) = 1",
        _value=identity,
        _derivative=one,
        torch_equivalent="torch.nn.Identity()",
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="absolute",
        name="Absolute",
        formula=r"f(x) = |x|",
        derivative_formula=r"f'(x) = \mathrm{sign}(x)",
        _value=absolute,
        _derivative=signum,
        torch_equivalent="torch.abs",
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="bent_identity",
        name="Bent identity",
        formula=r"f(x) = \frac{\sqrt{x^{2} + 1} - 1}{2} + x",
        derivative_formula=r"f'(x) = \frac{x}{2\sqrt{x^{2} + 1}} + 1",
        _value=bent_identity,
        _derivative=bent_identity_derivative,
        group=GROUP,
    ),
    Activation(
        key="tanhshrink",
        name="Tanhshrink",
        formula=r"f(x) = x - \tanh x",
        derivative_formula=r"f'(x) = \tanh^{2} x",
        _value=tanhshrink,
        _derivative=tanhshrink_derivative,
        torch_equivalent="torch.nn.Tanhshrink()",
        group=GROUP,
    ),
    Activation(
        key="gaussian",
        name="Gaussian",
        formula=r"f(x) = e^{-x^{2}}",
        derivative_formula=r"f'(x) = -2x\,e^{-x^{2}}",
        _value=gaussian,
        _derivative=gaussian_derivative,
        group=GROUP,
    ),
    Activation(
        key="sinusoid",
        name="Sinusoid",
        formula=r"f(x) = \sin x",
        derivative_formula=r"f'(x) = \cos x",
        _value=sinusoid,
        _derivative=cosine,
        torch_equivalent="torch.sin",
        group=GROUP,
    ),
    Activation(
        key="cosine",
        name="Cosine",
        formula=r"f(x) = \cos x",
        derivative_formula=r"f'(x) = -\sin x",
        _value=cosine,
        _derivative=negative_sine,
        torch_equivalent="torch.cos",
        group=GROUP,
    ),
    Activation(
        key="sinc",
        name="Sinc",
        formula=r"f(x) = \begin{cases} \frac{\sin x}{x} & x \ne 0 \\ 1 & x = 0 \end{cases}",
        derivative_formula=r"f'(x) = \frac{x\cos x - \sin x}{x^{2}}",
        _value=sinc,
        _derivative=sinc_derivative,
        group=GROUP,
    ),
)
