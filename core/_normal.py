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

_NODE_CDF_HIGH, _NODE_CDF_LOW = _NODE_CDF[:, 0].copy(), _NODE_CDF[:, 1].copy()

# One contiguous row per power: gathering a column per term is cheaper than an (n, order) block.
_NODE_TAYLOR = np.ascontiguousarray(_normal_cdf_taylor_table().T)

_TABLE_LOW = FIRST_NODE - 0.5 * NODE_STEP

# The same numbers as one row per node (Taylor coefficients, then Φ's low and high part): a
# small input gathers every coefficient it needs in one call, where a call costs more than
# the arithmetic (training evaluates Φ on 10 × 8 arrays hundreds of times per epoch).
_NODE_ROWS = np.ascontiguousarray(np.column_stack([_NODE_TAYLOR.T, _NODE_CDF_LOW, _NODE_CDF_HIGH]))
_SMALL = 4096  # up to this many points the rows are gathered; beyond, a column per term


def _mills_ratio(t):
    """``Φ(-t)/φ(t)`` for t beyond the table (t > 8.5), by its continued fraction.

    ``1/(t + 1/(t + 2/(t + 3/(t + …))))`` evaluated from the 20th term back: at t = 8.5
    that is within 0.1 ulp of the limit, and it converges faster as t grows.
    """
    tail = t
    for k in range(20, 0, -1):
        tail = t + k / tail
    return 1.0 / tail


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
    is_nan = np.isnan(lower)
    has_nan = bool(is_nan.any())
    if has_nan:
        lower[is_nan] = 0.0  # a finite stand-in keeps the node index a valid integer
    # The series runs over every point, tail included (its node index is clipped to the
    # table, and the continued fraction overwrites it below): cheaper than gathering the
    # table's points into an array of their own and scattering them back.
    step = np.subtract(lower, FIRST_NODE, out=np.empty_like(lower))
    step *= 1.0 / NODE_STEP
    np.rint(step, out=step)
    node = step.astype(np.intp)
    step *= NODE_STEP
    step += FIRST_NODE
    np.subtract(lower, step, out=step)  # exact: |step| ≤ 1/128 within the table
    # Horner's scheme in place ("clip": out-of-table nodes are the tail's, and skipping the
    # bounds check halves a gather). Both branches do the same arithmetic in the same order.
    order = _NODE_TAYLOR.shape[0]
    if step.size <= _SMALL:
        rows = _NODE_ROWS.take(node, axis=0, mode="clip")
        series = np.multiply(rows[..., order - 1], step, out=np.empty_like(step))
        for column in range(order - 2, -1, -1):
            series += rows[..., column]
            series *= step
        series += rows[..., order]
        series += rows[..., order + 1]
    else:
        series = _NODE_TAYLOR[-1].take(node, out=np.empty_like(step), mode="clip")
        series *= step
        coefficient = np.empty_like(step)
        for column in range(order - 2, -1, -1):
            _NODE_TAYLOR[column].take(node, out=coefficient, mode="clip")
            series += coefficient
            series *= step
        _NODE_CDF_LOW.take(node, out=coefficient, mode="clip")
        series += coefficient
        _NODE_CDF_HIGH.take(node, out=coefficient, mode="clip")
        series += coefficient
    in_tail = lower < _TABLE_LOW
    if in_tail.any():
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
    x = np.clip(x, -NORMAL_CLIP, NORMAL_CLIP)
    square, square_low = two_square(x)
    square *= -0.5
    np.exp(square, out=square)
    square_low *= -0.5
    square_low += 1.0
    square *= square_low
    square *= _INV_SQRT_2PI
    return square
