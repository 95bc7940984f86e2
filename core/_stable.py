"""Shared numerical building blocks of the activation families.

Double-double arithmetic (Veltkamp split, Dekker's exact product, Knuth's exact sum), the
nan and infinity guards of piecewise functions, e^x in double-double, the overflow-safe
``sqrt(x² + c²)``, and the integral of f'' that replaces a cancelling f' near its root. Every
family module builds on these; none of them knows about the registry.
"""

from __future__ import annotations

import numpy as np

from core._quadrature import gauss_legendre

_VELTKAMP_SPLITTER = 134217729.0  # 2**27 + 1


def split(a):
    """Veltkamp split of ``a`` into two halves of 26 bits each (``a = high + low`` exactly)."""
    scaled = _VELTKAMP_SPLITTER * a
    high = scaled - (scaled - a)
    return high, a - high


def two_product(a, b):
    """``a·b`` as ``(product, error)`` with ``product + error`` exact (Dekker); |a|, |b| < 1e150."""
    product = a * b
    a_high, a_low = split(a)
    b_high, b_low = split(b)
    error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    return product, error


def two_square(a):
    """``a²`` as ``(square, error)`` with ``square + error`` exact: Dekker's product with
    one split instead of two; |a| < 1e150."""
    # The same operations as ``split`` and Dekker's error term, written into four arrays
    # instead of ten temporaries: fresh arrays cost page faults on large inputs.
    square = np.multiply(a, a, out=np.empty_like(a, dtype=np.float64))  # arrays even for 0-d
    low = np.multiply(_VELTKAMP_SPLITTER, a, out=np.empty_like(square))
    high = np.subtract(low, a, out=np.empty_like(square))
    np.subtract(low, high, out=high)  # high = scaled - (scaled - a)
    np.subtract(a, high, out=low)  # low = a - high
    error = np.multiply(high, high, out=np.empty_like(square))
    error -= square
    high *= low
    high *= 2.0
    error += high
    low *= low
    error += low
    return square, error


def two_sum(a, b):
    """``a + b`` as ``(sum, error)`` with ``sum + error`` exact (Knuth)."""
    total = a + b
    b_virtual = total - a
    return total, (a - (total - b_virtual)) + (b - b_virtual)


def double_double_product(a_high, a_low, b_high, b_low):
    """``(a_high + a_low)·(b_high + b_low)`` to double-double accuracy."""
    product, error = two_product(a_high, b_high)
    error = error + (a_high * b_low + a_low * b_high)
    total = product + error
    return total, error - (total - product)


HUGE = 1e300  # clip point where every function here has reached its limit


def infinity_to_zero(x):
    """Input with ±inf replaced by 0, so that no operation on it can warn."""
    return np.where(np.isinf(x), 0.0, x)


def nan_where_nan(x, result):
    """``result`` (a new array shaped like ``x``, changed in place) with nan wherever x is nan.

    Piecewise-constant slopes come from comparisons, which are False for nan; max propagates
    nan, so one reduction without a mask tells whether any needs putting back.
    """
    if np.ndim(x) == 0:
        return np.where(np.isnan(x), np.nan, result)
    if x.size and np.isnan(np.max(x)):
        result[np.isnan(x)] = np.nan
    return result


def nan_or(x, value):
    """``value`` where x is a number, nan where x is nan.

    ``value`` is a scalar, or a new array shaped like ``x`` that is filled in place.
    """
    if np.ndim(x) == 0 or np.ndim(value) != 0:
        return nan_where_nan(x, value)
    return nan_where_nan(x, np.full(x.shape, value))


# Within this distance of a derivative root the two terms of f' cancel and f' is computed as
# the integral of f'' from the root instead (f'' has no zero within this window).
_ROOT_WINDOW = 0.3

_GAUSS_POINTS = 8


def replace_near_root(x, derivative, root, second_derivative, x_low=None):
    """Recompute ``derivative`` near ``root`` as ∫ f'' from the root (8-point Gauss-Legendre).

    Near a root of f' its two terms cancel and lose up to 8 bits; the integral of f'' has no
    cancellation, and with the root known to double-double precision the step ``x - root``
    is exact. ``x_low`` is the low part when the argument itself is a double-double. ``root``
    is a double-double pair of scalars, or of arrays shaped like ``x`` (a root per element).
    """
    root_hi, root_lo = root
    x = np.asarray(x)
    near = np.abs(x - root_hi) < _ROOT_WINDOW
    if not near.any():
        return derivative
    if getattr(root_hi, "ndim", 0):  # a root per element (sinc' has many)
        root_hi = np.broadcast_to(root_hi, x.shape)[near]
        root_lo = np.broadcast_to(root_lo, x.shape)[near]
    low = 0.0 if x_low is None else np.broadcast_to(x_low, x.shape)[near]
    step = (x[near] - root_hi) + (low - root_lo)
    gauss_nodes, gauss_weights = gauss_legendre(_GAUSS_POINTS)
    fractions = 0.5 * (gauss_nodes + 1.0)
    if getattr(root_hi, "ndim", 0):
        root_hi = root_hi[:, None]
    nodes = root_hi + step[:, None] * fractions
    derivative = np.array(derivative, copy=True)
    # Summed node by node rather than with ``@``: a BLAS product may round a row differently
    # depending on how many rows it has, and f'(x) must not depend on what it is batched with.
    values = second_derivative(nodes)
    integral = values[:, 0] * gauss_weights[0]
    for node in range(1, len(gauss_weights)):
        integral += values[:, node] * gauss_weights[node]
    derivative[near] = 0.5 * step * integral
    return derivative


def taylor_near_root(x, derivative, root, coefficients):
    """Overwrite ``derivative`` within ``_ROOT_WINDOW`` of ``root`` with the Taylor series of
    f' about its root, ``Σ c_k·s^k`` for k = 1 … n with s = x - root, and return it.

    The same cure as :func:`replace_near_root` (f' cancels near its root; the series has no
    cancellation, and ``x - root_high`` is exact there) for a scalar root whose coefficients
    ``c_k = f^(k+1)(root)/k!`` are known (a column, shape (n, 1)): a few array operations
    instead of eight f'' evaluations, which matters where f' is called hundreds of times
    per epoch on 10 × 8 arrays. Each point's powers and sum are computed alone, so f'(x)
    does not depend on what it is batched with. ``derivative`` must be an array the caller
    owns.
    """
    root_high, root_low = root
    step = np.subtract(x, root_high, dtype=np.float64)
    step -= root_low
    near = np.abs(step) < _ROOT_WINDOW
    # count_nonzero, one row of powers per term (each power a pass over the points), and
    # ufunc methods rather than numpy's Python wrappers: on 10 x 8 arrays each call's
    # overhead is the cost.
    count = np.count_nonzero(near)
    if not count:
        return derivative
    powers = np.empty((len(coefficients), count))
    powers[...] = step[near]
    np.multiply.accumulate(powers, axis=0, out=powers)
    powers *= coefficients
    # Summed from the smallest term up, the same order for every point.
    derivative[near] = np.add.reduce(powers[::-1], axis=0)
    return derivative


# Cody & Waite's split of ln 2: k·LN2_HIGH is exact for |k| < 2**21.
LN2_HIGH, LN2_LOW = 6.93147180369123816490e-01, 1.90821492927058770002e-10


def _inverse_factorials(count: int = 26):
    """1/n! for n = 0 … count as double-double pairs (each step an exact-remainder division)."""
    pairs = [(1.0, 0.0)]
    for n in range(1, count + 1):
        high, low = pairs[-1]
        quotient = high / n
        product, error = two_product(np.float64(quotient), np.float64(n))
        remainder = ((high - product) - error) + low
        pairs.append((float(quotient), float(remainder / n)))
    return pairs


_INVERSE_FACTORIALS = _inverse_factorials()


def exp_double_double(x):
    """``e^x`` as a double-double (high, low) for |x| ≤ 745, relative error near 1e-30.

    x = k·ln2 + r with Cody-Waite's split of ln 2 (exact) and |r| ≤ 0.35; e^r by its Taylor
    series summed in double-double. (expm1 alone is good to half an ulp, and e^x·exp(-e^x)
    multiplies that by e^x, which is 665 where the result still matters.)
    """
    x = np.where(np.isnan(x), 0.0, x)  # nan would not survive the cast of k to an integer
    k = np.rint(x / LN2_HIGH)
    reduced = x - k * LN2_HIGH  # exact: k·LN2_HIGH has few bits, and it is close to x
    correction, correction_error = two_product(k, np.float64(LN2_LOW))
    r, r_err = two_sum(reduced, -correction)
    r_low = r_err - correction_error
    high, low = (
        np.full_like(r, _INVERSE_FACTORIALS[-1][0]),
        np.full_like(r, _INVERSE_FACTORIALS[-1][1]),
    )
    for coefficient_high, coefficient_low in _INVERSE_FACTORIALS[-2::-1]:
        high, low = double_double_product(high, low, r, r_low)
        total, error = two_sum(high, coefficient_high)
        error = error + low + coefficient_low
        high = total + error
        low = error - (high - total)
    scale = np.ldexp(1.0, k.astype(np.int64))
    return high * scale, low * scale


SQUARE_SAFE = 1e150  # below it x² neither overflows nor, with c ≤ 1e100, loses c²'s part


def all_within(x, limit: float) -> bool:
    """Whether every element lies in [-limit, limit] (False for any nan): two reductions,
    no temporary array."""
    return bool(x.size) and bool(np.max(x) <= limit) and bool(np.min(x) >= -limit)


def hypot_with(x, c: float, within: bool | None = None):
    """``√(x² + c²)`` for a constant c ≤ 1e100, about six times faster than ``np.hypot``.

    x² overflows only beyond |x| = 1e150, and there √(x² + c²) rounds to |x|: clipping x
    for the square root and taking the larger of the result and |x| covers every x, ±inf
    included. Inputs that are all within ±1e150 (the usual case; ``within`` says so when the
    caller has checked already) skip both steps.
    """
    root = np.empty_like(x, dtype=np.float64)  # an array even for 0-d input
    if all_within(x, SQUARE_SAFE) if within is None else within:
        np.multiply(x, x, out=root)
        root += c * c
        return np.sqrt(root, out=root)
    np.clip(x, -SQUARE_SAFE, SQUARE_SAFE, out=root)
    np.multiply(root, root, out=root)
    root += c * c
    np.sqrt(root, out=root)
    return np.maximum(root, np.abs(x), out=root)
