"""The standard normal CDF Φ and density φ, to about one ulp over the whole float64 range.

GELU is built on them and the property scans (core/properties.py) use Φ for Gaussian
expectations. Plain numpy: scipy's ndtr loses up to 9 ulp on [-2.2, -0.7] and costs start-up.
"""

from __future__ import annotations

import math

import numpy as np

from core._normal_table import FIRST_NODE, NODE_STEP, NORMAL_CDF_AT_NODES
from core._stable import double_double_product, exp_double_double, two_square

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)

# 1/√(2π) as a double-double pair, from mpmath at 60 digits; tests/core/test_activations.py
# recomputes it.
INV_SQRT_2PI_DD = (0.3989422804014327, -2.49232720227773e-17)

# Beyond these magnitudes every quantity below has reached its limit to the last bit (or is
# smaller than 1e-300), so inputs are clipped there: that keeps x², x³ and exp from
# overflowing and turns ±inf into ordinary arithmetic.
NORMAL_CLIP = 40.0


_NODES = FIRST_NODE + NODE_STEP * np.arange(len(NORMAL_CDF_AT_NODES))  # exact: multiples of 1/64


def _density_at_nodes() -> tuple[np.ndarray, np.ndarray]:
    """φ at every node as a double-double pair: ``x0²/2`` is exact for a multiple of 1/64,
    and its exponential is taken in double-double."""
    high, low = exp_double_double(-0.5 * _NODES * _NODES)
    return double_double_product(high, low, *INV_SQRT_2PI_DD)


_NODE_DENSITY_HIGH, _NODE_DENSITY_LOW = _density_at_nodes()


def _normal_cdf_taylor_table(order: int = 9) -> np.ndarray:
    """Taylor coefficients of Φ about each table node: column k-1 holds Φ^(k)(x0)/k!.

    ``Φ^(k)(x) = (-1)^(k-1)·He_(k-1)(x)·φ(x)`` with He the probabilists' Hermite polynomials.
    φ(x0) is rounded from its double-double value. With steps of at most 1/128, nine terms
    suffice: the tenth is below 3e-19 of Φ even at the table's far end, -8.5, where the
    terms fall most slowly.
    """
    nodes, density = _NODES, _NODE_DENSITY_HIGH
    hermite_previous, hermite = np.zeros_like(nodes), np.ones_like(nodes)
    coefficients = np.empty((nodes.size, order))
    factorial = 1.0
    for k in range(1, order + 1):
        factorial *= k
        coefficients[:, k - 1] = (-1) ** (k - 1) * hermite * density / factorial
        hermite_previous, hermite = hermite, nodes * hermite - (k - 1) * hermite_previous
    return coefficients


_NODE_CDF = np.array(NORMAL_CDF_AT_NODES)

_TABLE_LOW = FIRST_NODE - 0.5 * NODE_STEP

# The same numbers as one row per node (Taylor coefficients, Φ's low and high part, the
# node, φ's high and low part at the node): a point gathers every number it needs in one
# call, where a call costs more than the arithmetic (training evaluates Φ on 10 × 8 arrays
# hundreds of times per epoch).
_NODE_TAYLOR = _normal_cdf_taylor_table()
_ORDER = _NODE_TAYLOR.shape[1]
_CDF_LOW, _CDF_HIGH, _NODE, _DENSITY_HIGH, _DENSITY_LOW = range(_ORDER, _ORDER + 5)
_NODE_ROWS = np.ascontiguousarray(
    np.column_stack(
        [
            _NODE_TAYLOR,
            _NODE_CDF[:, 1],
            _NODE_CDF[:, 0],
            _NODES,
            _NODE_DENSITY_HIGH,
            _NODE_DENSITY_LOW,
        ]
    )
)
_CHUNK = 4096  # points per gather: a chunk's rows stay in cache


def _mills_ratio(t):
    """``Φ(-t)/φ(t)`` for t beyond the table (t > 8.5), by its continued fraction.

    ``1/(t + 1/(t + 2/(t + 3/(t + …))))`` evaluated from the 20th term back: at t = 8.5
    that is within 0.1 ulp of the limit, and it converges faster as t grows.
    """
    tail = t
    for k in range(20, 0, -1):
        tail = t + k / tail
    return 1.0 / tail


def _table_series(lower, density=None):
    """Φ at the points of the flat array ``lower`` (all ≤ 0), from the Taylor series about
    the nearest table node; points beyond the table get its last node's series.

    Each point gathers its node's whole row (coefficients, Φ(node) low and high, the node,
    φ(node)) in one call; the series is summed by Horner's scheme, then Φ(node)'s low and
    high parts are added. With an array ``density`` (same shape), φ at the points is
    written into it as well: ``φ(x0 + s) = φ(x0)·(1 + m)`` with ``m = expm1(-s·(x0 + s/2))``
    (x² = x0² + s·(2·x0 + s), and x0² is exact), summed as ``φ_high + (φ_high·m + φ_low)``:
    |m| < 0.07, so its rounding reaches the result as a few hundredths of an ulp, and the
    sum rounds once (half an ulp, where exp(-x²/2) with x² rounded loses x²/2 ulp).
    """
    # The nearest node, floor((lower - FIRST_NODE)/NODE_STEP + 1/2): the scaling is exact (a
    # power of two), and truncation is floor wherever the node is in the table.
    step = np.multiply(lower, 1.0 / NODE_STEP)
    step += 0.5 - FIRST_NODE / NODE_STEP
    node = step.astype(np.intp)
    # "clip": out-of-table nodes are the tail's, and skipping the bounds check halves a gather.
    rows = _NODE_ROWS.take(node, axis=0, mode="clip")
    # Exact within the table (|step| ≤ 1/128); beyond it |step| < 32 and the tail's own
    # formula replaces the result.
    np.subtract(lower, rows[:, _NODE], out=step)
    series = rows[:, _ORDER - 1] * step
    for column in range(_ORDER - 2, -1, -1):  # Horner's scheme
        series += rows[:, column]
        series *= step
    series += rows[:, _CDF_LOW]
    series += rows[:, _CDF_HIGH]
    if density is not None:
        np.multiply(step, -0.5, out=density)
        density -= rows[:, _NODE]
        density *= step
        np.expm1(density, out=density)
        density *= rows[:, _DENSITY_HIGH]
        density += rows[:, _DENSITY_LOW]
        density += rows[:, _DENSITY_HIGH]
    return series


def normal_cdf(x):
    """Standard normal CDF ``Φ(x)``, to about one ulp.

    ``scipy.special.ndtr`` and ``erfc`` lose up to 9 ulp for x in [-2.2, -0.7] (they form
    ``1 - erf`` there). This function works on the lower half, z = -|x|: on [-8.5, 0] it sums
    a Taylor series about the nearest multiple of 1/64, whose Φ is stored as a double-double
    constant (core/_normal_table.py); below -8.5 it multiplies φ(z) by the continued fraction
    of the Mills ratio. For x > 0 the result is ``1 - Φ(-x)``, which is at least 1/2 and does
    not cancel. Any input: beyond |x| = 40, Φ is 0 or 1 to the last bit; nan gives nan.
    """
    return _normal_cdf(x, with_density=False)[0]


def normal_cdf_and_pdf(x):
    """``(Φ(x), φ(x))`` sharing one table lookup: GELU's derivative ``Φ(x) + x·φ(x)`` needs
    both. Φ is :func:`normal_cdf`'s to the bit; φ is within about half an ulp within the
    table (|x| ≤ 8.5) and :func:`normal_pdf`'s beyond it, for a third of its array
    operations on small arrays."""
    return _normal_cdf(x, with_density=True)


def _normal_cdf(x, with_density: bool):
    x = np.asarray(x, dtype=np.float64)
    # Every step writes into one of three buffers: on 10⁶ points a fresh array costs more in
    # page faults than the arithmetic that fills it.
    lower = np.abs(x, out=np.empty_like(x))
    np.negative(lower, out=lower)
    np.maximum(lower, -NORMAL_CLIP, out=lower)
    # One reduction answers both "any nan?" (min is nan) and "any point in the tail?".
    lowest = float(np.minimum.reduce(lower, axis=None)) if lower.size else 0.0
    has_nan = math.isnan(lowest)
    if has_nan:
        is_nan = np.isnan(lower)
        lower[is_nan] = 0.0  # a finite stand-in keeps the node index a valid integer
        lowest = float(lower.min())
    density = np.empty_like(lower) if with_density else None
    # The series runs over every point, tail included (its node index is clipped to the
    # table, and the continued fraction overwrites it below): cheaper than gathering the
    # table's points into an array of their own and scattering them back. Chunks of one
    # size for every input, so that Φ(x) does not depend on what x is batched with.
    flat_lower = lower.reshape(-1)
    if flat_lower.size <= _CHUNK:
        flat_density = None if density is None else density.reshape(-1)
        series = _table_series(flat_lower, flat_density).reshape(lower.shape)
    else:
        series = np.empty_like(lower)
        flat_series = series.reshape(-1)
        for start in range(0, flat_lower.size, _CHUNK):
            chunk = slice(start, start + _CHUNK)
            chunk_density = None if density is None else density.reshape(-1)[chunk]
            flat_series[chunk] = _table_series(flat_lower[chunk], chunk_density)
    if lowest < _TABLE_LOW:
        in_tail = lower < _TABLE_LOW
        tail = lower[in_tail]
        tail_density = normal_pdf(tail)
        series[in_tail] = tail_density * _mills_ratio(-tail)
        if density is not None:
            density[in_tail] = tail_density
    np.subtract(1.0, series, out=series, where=x > 0.0)
    if has_nan:
        series[is_nan] = np.nan
        if density is not None:
            density[is_nan] = np.nan
    return series, density


def normal_pdf(x):
    """Standard normal density ``φ(x) = exp(-x²/2)/√(2π)`` with ``x²`` in double-double.

    Rounding ``x²`` would cost ``x²/2`` ulp in the tail; its low part is applied as a factor.
    Any input: beyond |x| = 40, φ underflows to 0.
    """
    x = np.minimum(np.maximum(x, -NORMAL_CLIP), NORMAL_CLIP)  # np.clip costs twice as much
    square, square_low = two_square(x)
    square *= -0.5
    np.exp(square, out=square)
    square_low *= -0.5
    square_low += 1.0
    square *= square_low
    square *= _INV_SQRT_2PI
    return square
