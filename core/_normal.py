"""The standard normal CDF Φ and density φ, to about one ulp over the whole float64 range.

GELU is built on them and the property scans (core/properties.py) use Φ for Gaussian
expectations. Plain numpy: scipy's ndtr loses up to 9 ulp on [-2.2, -0.7] and costs start-up.
"""

from __future__ import annotations

import math

import numpy as np

from core._normal_table import FIRST_NODE, NODE_STEP, NORMAL_CDF_AT_NODES
from core._stable import two_square

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)

# Beyond these magnitudes every quantity below has reached its limit to the last bit (or is
# smaller than 1e-300), so inputs are clipped there: that keeps x², x³ and exp from
# overflowing and turns ±inf into ordinary arithmetic.
NORMAL_CLIP = 40.0


def _normal_cdf_taylor_table(order: int = 9) -> np.ndarray:
    """Taylor coefficients of Φ about each table node: column k-1 holds Φ^(k)(x0)/k!.

    ``Φ^(k)(x) = (-1)^(k-1)·He_(k-1)(x)·φ(x)`` with He the probabilists' Hermite polynomials.
    The nodes are multiples of 1/64, so ``x0²`` and hence ``φ(x0)`` are accurate to an ulp.
    With steps of at most 1/128, nine terms suffice: the tenth is below 3e-19 of Φ even at
    the table's far end, -8.5, where the terms fall most slowly.
    """
    nodes = FIRST_NODE + NODE_STEP * np.arange(len(NORMAL_CDF_AT_NODES))
    density = _INV_SQRT_2PI * np.exp(-0.5 * nodes * nodes)
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

# The same numbers as one row per node (Taylor coefficients, then Φ's low and high part): a
# point gathers every coefficient it needs in one call, where a call costs more than the
# arithmetic (training evaluates Φ on 10 × 8 arrays hundreds of times per epoch).
_NODE_TAYLOR = _normal_cdf_taylor_table()
_ORDER = _NODE_TAYLOR.shape[1]
_NODES = FIRST_NODE + NODE_STEP * np.arange(len(NORMAL_CDF_AT_NODES))  # exact: multiples of 1/64
_NODE_ROWS = np.ascontiguousarray(
    np.column_stack([_NODE_TAYLOR, _NODE_CDF[:, 1], _NODE_CDF[:, 0], _NODES])
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


def _table_series(lower):
    """Φ at the points of the flat array ``lower`` (all ≤ 0), from the Taylor series about
    the nearest table node; points beyond the table get its last node's series.

    Each point gathers its node's whole row (coefficients, Φ(node) low and high) in one
    call; the series is summed by Horner's scheme, then Φ(node)'s low and high parts are
    added.
    """
    step = np.subtract(lower, FIRST_NODE)
    step *= 1.0 / NODE_STEP
    np.rint(step, out=step)
    node = step.astype(np.intp)
    # "clip": out-of-table nodes are the tail's, and skipping the bounds check halves a gather.
    rows = _NODE_ROWS.take(node, axis=0, mode="clip")
    # Exact within the table (|step| ≤ 1/128); beyond it |step| < 32 and the tail's own
    # formula replaces the result.
    np.subtract(lower, rows[:, _ORDER + 2], out=step)
    series = rows[:, _ORDER - 1] * step
    for column in range(_ORDER - 2, -1, -1):  # Horner's scheme
        series += rows[:, column]
        series *= step
    series += rows[:, _ORDER]
    series += rows[:, _ORDER + 1]
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
    x = np.asarray(x, dtype=np.float64)
    # Every step writes into one of three buffers: on 10⁶ points a fresh array costs more in
    # page faults than the arithmetic that fills it.
    lower = np.abs(x, out=np.empty_like(x))
    np.negative(lower, out=lower)
    np.maximum(lower, -NORMAL_CLIP, out=lower)
    # One reduction answers both "any nan?" (min is nan) and "any point in the tail?".
    lowest = float(lower.min()) if lower.size else 0.0
    has_nan = math.isnan(lowest)
    if has_nan:
        is_nan = np.isnan(lower)
        lower[is_nan] = 0.0  # a finite stand-in keeps the node index a valid integer
        lowest = float(lower.min())
    # The series runs over every point, tail included (its node index is clipped to the
    # table, and the continued fraction overwrites it below): cheaper than gathering the
    # table's points into an array of their own and scattering them back. Chunks of one
    # size for every input, so that Φ(x) does not depend on what x is batched with.
    flat_lower = lower.reshape(-1)
    if flat_lower.size <= _CHUNK:
        series = _table_series(flat_lower).reshape(lower.shape)
    else:
        series = np.empty_like(lower)
        flat_series = series.reshape(-1)
        for start in range(0, flat_lower.size, _CHUNK):
            chunk = slice(start, start + _CHUNK)
            flat_series[chunk] = _table_series(flat_lower[chunk])
    if lowest < _TABLE_LOW:
        in_tail = lower < _TABLE_LOW
        tail = lower[in_tail]
        series[in_tail] = normal_pdf(tail) * _mills_ratio(-tail)
    np.subtract(1.0, series, out=series, where=x > 0.0)
    if has_nan:
        series[is_nan] = np.nan
    return series


def normal_pdf(x):
    """Standard normal density ``φ(x) = exp(-x²/2)/√(2π)`` with ``x²`` in double-double.

    Rounding ``x²`` would cost ``x²/2`` ulp in the tail; its low part is applied as a factor.
    Any input: beyond |x| = 40, φ underflows to 0.
    """
    x = np.minimum(np.maximum(x, -NORMAL_CLIP), NORMAL_CLIP)  # np.clip costs twice as much
    return normal_pdf_within_clip(x)


def normal_pdf_within_clip(x):
    """:func:`normal_pdf` for ``x`` already within ±NORMAL_CLIP (GELU has clipped it)."""
    square, square_low = two_square(x)
    square *= -0.5
    np.exp(square, out=square)
    square_low *= -0.5
    square_low += 1.0
    square *= square_low
    square *= _INV_SQRT_2PI
    return square
