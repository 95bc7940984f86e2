"""Activation functions and their analytic derivatives, exact over the whole float64 range.

Each activation is a pair of pure array functions (value and derivative) written in the
numerically stable form: ``expit`` and a tabulated Φ instead of ``1 / (1 + exp(-x))``,
``expm1`` on a masked input, the symmetric form of a derivative (``σ(x)σ(-x)``, ``sech²``)
instead of one that cancels, and an integral of ``f''`` where ``f'`` has a root and its two
terms cancel.

The :class:`Activation` records in the registry wrap those functions with parameter handling:

>>> from core import activations
>>> elu = activations.get("elu")
>>> float(elu.value(-1.0, alpha=2.0))
-1.2642411176571153

Rules shared by every function here:

* float64 in gives float64 out, float32 in gives float32 out (computed in float64, then
  rounded once); any other input is converted to float64. A scalar gives a 0-d array.
* ``±inf`` give the mathematical limits and ``nan`` gives ``nan`` for value and derivative.
* No floating-point warning for any finite or infinite input.
* Where a derivative does not exist (the kink of the ReLU family at 0) the left-hand
  derivative is returned, as PyTorch's autograd does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from core._normal_table import FIRST_NODE, NODE_STEP, NORMAL_CDF_AT_NODES
from core._quadrature import gauss_legendre
from core._special import expit, sigmoid_pair

__all__ = [
    "GROUPS",
    "Activation",
    "Param",
    "all_activations",
    "as_float_array",
    "elu",
    "elu_derivative",
    "gelu",
    "gelu_derivative",
    "gelu_tanh",
    "gelu_tanh_derivative",
    "get",
    "keys",
    "leaky_relu",
    "leaky_relu_derivative",
    "normal_cdf",
    "normal_pdf",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
]

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_INV_SQRT_PI = 1.0 / math.sqrt(math.pi)
# 1/√2 as a double-double pair (the second term is the rounding error of the first).
_INV_SQRT2 = (0.7071067811865476, -4.833646656726457e-17)
_VELTKAMP_SPLITTER = 134217729.0  # 2**27 + 1
# GELU-tanh's cubic coefficient 0.044715 and 2·√(2/π) as double-double pairs.
_GELU_TANH_CUBIC_DD = (0.044715, 2.1960211427085595e-18)
_TWICE_SQRT_2_OVER_PI_DD = (1.5957691216057308, -9.96930880911092e-17)
_GELU_TANH_CUBIC = 0.044715

# Beyond these magnitudes every quantity below has reached its limit to the last bit (or is
# smaller than 1e-300), so inputs are clipped there: that keeps x², x³ and exp from
# overflowing and turns ±inf into ordinary arithmetic.
_GELU_CLIP = 40.0
_GELU_TANH_CLIP = 30.0
_SECH_CLIP = 400.0

# The roots of GELU' and GELU-tanh' (the location of each function's minimum) as
# double-double pairs, from mpmath at 60 digits; tests/core/test_activations.py recomputes them.
GELU_DERIVATIVE_ROOT = (-0.7517915246935645, 1.4956759177009883e-17)
GELU_TANH_DERIVATIVE_ROOT = (-0.7524614220710163, 3.635560509207687e-17)

# Within this distance of a derivative root the two terms of f' cancel and f' is computed as
# the integral of f'' from the root instead (f'' has no zero within this window).
_ROOT_WINDOW = 0.3

# Large inputs are evaluated in blocks of this many elements. The stable forms make a dozen
# or more passes over their temporaries; a block's temporaries (128 KiB each) stay in the
# CPU's cache between passes, while those of 10⁶ points go out to memory on every pass, and
# every fresh 8 MB array costs page faults. Every function here is elementwise, so blocking
# changes no result; on 10⁶ points it makes GELU and GELU-tanh 1.7-2.5× faster.
_BLOCK_SIZE = 16384
_GAUSS_POINTS = 8


def as_float_array(x) -> np.ndarray:
    """Return ``x`` as a float32 or float64 ndarray (anything but float32 becomes float64).

    Parameters
    ----------
    x : scalar, sequence or ndarray
        Real input. Complex input raises TypeError.
    """
    array = np.asarray(x)
    if array.dtype == np.float64 or array.dtype == np.float32:
        return array
    if np.iscomplexobj(array):
        raise TypeError("activation functions take real input, not complex")
    return array.astype(np.float64)


# --------------------------------------------------------------------------------------------
# Pure array functions (float64 in, float64 out; callers handle dtypes and parameters)
# --------------------------------------------------------------------------------------------


def sigmoid(x):
    """Logistic sigmoid ``σ(x) = 1 / (1 + exp(-x))``.

    Computed as ``1/(1 + e^-|x|)`` or ``e^-|x|/(1 + e^-|x|)`` (core/_special.py), accurate
    in both tails.
    PyTorch: ``torch.sigmoid``.
    """
    return expit(x)


def sigmoid_derivative(x):
    """``σ'(x) = σ(x) σ(-x)``.

    The symmetric product keeps full relative accuracy in both tails, where the textbook
    ``σ(x)(1 - σ(x))`` returns exactly 0 once ``σ(x)`` rounds to 1 (PyTorch's sigmoid'(50) = 0,
    the true value is 1.9e-22).
    """
    upper, lower = sigmoid_pair(x)
    return upper * lower


def tanh(x):
    """Hyperbolic tangent, ``tanh(x) = (e^x - e^-x) / (e^x + e^-x)``. PyTorch: ``torch.tanh``."""
    return np.tanh(x)


def tanh_derivative(x):
    """``tanh'(x) = sech²(x) = 4t / (1 + t)²`` with ``t = exp(-2|x|)``.

    ``1 - tanh²(x)`` cancels to 0 once ``tanh`` rounds to ±1 (near |x| = 19); this form keeps
    full relative accuracy down to the underflow threshold.
    """
    t = np.exp(-2.0 * np.minimum(np.abs(x), _SECH_CLIP))
    return 4.0 * t / ((1.0 + t) * (1.0 + t))


def relu(x):
    """Rectified linear unit ``max(0, x)``. PyTorch: ``torch.nn.ReLU``."""
    return np.maximum(x, 0.0)


def relu_derivative(x):
    """1 for x > 0, else 0; at the kink x = 0 the left derivative 0 (PyTorch's choice)."""
    return _nan_where_nan(x, np.greater(x, 0.0).astype(np.float64))


def _nan_where_nan(x, result):
    """``result`` (a new array shaped like ``x``, changed in place) with nan wherever x is nan.

    Piecewise-constant slopes come from comparisons, which are False for nan; max propagates
    nan, so one reduction without a mask tells whether any needs putting back.
    """
    if np.ndim(x) == 0:
        return np.where(np.isnan(x), np.nan, result)
    if x.size and np.isnan(np.max(x)):
        result[np.isnan(x)] = np.nan
    return result


def leaky_relu(x, alpha: float = 0.01):
    """Leaky ReLU: ``x`` for x > 0, ``α·x`` otherwise. Default α = 0.01.

    PyTorch: ``torch.nn.LeakyReLU(negative_slope=0.01)``.
    """
    if alpha == 0.0:
        return np.maximum(x, 0.0)  # 0·(-inf) would be nan; the limit is 0
    return np.where(x > 0.0, x, alpha * x)  # nan fails the test and stays nan


def leaky_relu_derivative(x, alpha: float = 0.01):
    """1 for x > 0, α for x ≤ 0 (at the kink the left derivative α, as PyTorch)."""
    return _nan_where_nan(x, np.where(x > 0.0, 1.0, alpha))


def elu(x, alpha: float = 1.0):
    """Exponential linear unit: ``x`` for x > 0, ``α·(exp(x) - 1)`` otherwise. Default α = 1.

    ``expm1`` on the input masked to x ≤ 0 keeps small negative inputs exact and never
    overflows for large positive ones. ELU(-inf) = -α. PyTorch: ``torch.nn.ELU(alpha=1.0)``.
    """
    return np.where(x > 0.0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_derivative(x, alpha: float = 1.0):
    """1 for x > 0, ``α·exp(x)`` for x ≤ 0 (at the kink the left derivative α, as PyTorch)."""
    return np.where(x > 0.0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def _split(a):
    """Veltkamp split of ``a`` into two halves of 26 bits each (``a = high + low`` exactly)."""
    scaled = _VELTKAMP_SPLITTER * a
    high = scaled - (scaled - a)
    return high, a - high


def _two_product(a, b):
    """``a·b`` as ``(product, error)`` with ``product + error`` exact (Dekker); |a|, |b| < 1e150."""
    product = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    return product, error


def _two_square(a):
    """``a²`` as ``(square, error)`` with ``square + error`` exact: Dekker's product with
    one split instead of two; |a| < 1e150."""
    # The same operations as ``_split`` and Dekker's error term, written into four arrays
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


def _two_sum(a, b):
    """``a + b`` as ``(sum, error)`` with ``sum + error`` exact (Knuth)."""
    total = a + b
    b_virtual = total - a
    return total, (a - (total - b_virtual)) + (b - b_virtual)


def _double_double_product(a_high, a_low, b_high, b_low):
    """``(a_high + a_low)·(b_high + b_low)`` to double-double accuracy."""
    product, error = _two_product(a_high, b_high)
    error = error + (a_high * b_low + a_low * b_high)
    total = product + error
    return total, error - (total - product)


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
    np.maximum(lower, -_GELU_CLIP, out=lower)
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
    # bounds check halves a gather).
    series = np.take(_NODE_TAYLOR[-1], node, out=np.empty_like(step), mode="clip")
    series *= step
    coefficient = np.empty_like(step)
    for column in range(_NODE_TAYLOR.shape[0] - 2, -1, -1):
        np.take(_NODE_TAYLOR[column], node, out=coefficient, mode="clip")
        series += coefficient
        series *= step
    np.take(_NODE_CDF_LOW, node, out=coefficient, mode="clip")
    series += coefficient
    np.take(_NODE_CDF_HIGH, node, out=coefficient, mode="clip")
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
    x = np.clip(x, -_GELU_CLIP, _GELU_CLIP)
    square, square_low = _two_square(x)
    square *= -0.5
    np.exp(square, out=square)
    square_low *= -0.5
    square_low += 1.0
    square *= square_low
    square *= _INV_SQRT_2PI
    return square


def gelu(x):
    """Gaussian error linear unit, exact form ``x·Φ(x)`` with Φ the standard normal CDF.

    ``Φ`` comes from :func:`normal_cdf` (relative accuracy in the lower tail), so GELU(-8.5)
    keeps its digits; GELU(-inf) = 0. Hendrycks & Gimpel (2016), "Gaussian Error Linear Units".
    PyTorch: ``torch.nn.GELU(approximate='none')``.
    """
    clipped = np.maximum(x, -_GELU_CLIP)
    return clipped * normal_cdf(clipped)


def _gelu_second_derivative(x):
    """``GELU''(x) = φ(x)·(2 - x²)``, used to integrate GELU' near its root."""
    return normal_pdf(x) * (2.0 - x * x)


def _replace_near_root(x, derivative, root, second_derivative, x_low=None):
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
    if np.ndim(root_hi):  # a root per element (sinc' has many)
        root_hi = np.broadcast_to(root_hi, x.shape)[near]
        root_lo = np.broadcast_to(root_lo, x.shape)[near]
    low = 0.0 if x_low is None else np.broadcast_to(x_low, x.shape)[near]
    step = (x[near] - root_hi) + (low - root_lo)
    gauss_nodes, gauss_weights = gauss_legendre(_GAUSS_POINTS)
    nodes = np.reshape(root_hi, (-1, 1)) + step[:, None] * (0.5 * (gauss_nodes + 1.0))
    derivative = np.array(derivative, copy=True)
    # Summed node by node rather than with ``@``: a BLAS product may round a row differently
    # depending on how many rows it has, and f'(x) must not depend on what it is batched with.
    values = second_derivative(nodes)
    integral = values[:, 0] * gauss_weights[0]
    for node in range(1, len(gauss_weights)):
        integral += values[:, node] * gauss_weights[node]
    derivative[near] = 0.5 * step * integral
    return derivative


def gelu_derivative(x):
    """``GELU'(x) = Φ(x) + x·φ(x)``, with φ the standard normal density.

    Near the root at x ≈ -0.7518 (GELU's minimum) the value is the integral of GELU''; far in
    the tails the clipped input gives the limits 0 (x → -inf) and 1 (x → inf).
    """
    x = np.asarray(x)
    clipped = np.clip(x, -_GELU_CLIP, _GELU_CLIP)
    derivative = normal_cdf(clipped) + clipped * normal_pdf(clipped)
    return _replace_near_root(x, derivative, GELU_DERIVATIVE_ROOT, _gelu_second_derivative)


def _gelu_tanh_argument(x):
    """``v = 2u = 2·√(2/π)·(x + 0.044715 x³)`` as a double-double pair, and ``dv/dx``.

    In the lower tail σ(v) is as sensitive to v as e^v, and |v| reaches 1000 before the
    result underflows, so one rounding of v would cost hundreds of ulp; the pair keeps v
    exact to about 1e-30 relative. ``x`` must already be clipped to |x| ≤ 30.
    """
    square, square_low = _two_square(x)
    cubic_term, cubic_term_low = _double_double_product(*_GELU_TANH_CUBIC_DD, square, square_low)
    factor, factor_low = _two_sum(1.0, cubic_term)
    inner, inner_low = _double_double_product(factor, factor_low + cubic_term_low, x, 0.0)
    v, v_low = _double_double_product(*_TWICE_SQRT_2_OVER_PI_DD, inner, inner_low)
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
    return _replace_near_root(
        x, derivative, GELU_TANH_DERIVATIVE_ROOT, _gelu_tanh_second_derivative
    )


# --------------------------------------------------------------------------------------------
# Registry records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """A real parameter of an activation.

    Attributes
    ----------
    name : str
        Keyword name, as passed to :meth:`Activation.value` (``"alpha"``).
    default : float
        Default value (PyTorch's default where PyTorch has the function).
    minimum, maximum : float
        Inclusive range of allowed values; the GUI's slider spans it.
    label : str
        Short label for display (``"α (negative slope)"``).
    """

    name: str
    default: float
    minimum: float
    maximum: float
    label: str

    def validate(self, value) -> float:
        """Return ``value`` as a float, or raise ValueError naming the allowed range."""
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"{self.name} must be a number in [{self.minimum:g}, {self.maximum:g}], "
                f"got {value!r}"
            ) from None
        if not (self.minimum <= number <= self.maximum):
            raise ValueError(
                f"{self.name} must be in [{self.minimum:g}, {self.maximum:g}], got {number!r}"
            )
        return number


@dataclass(frozen=True)
class Activation:
    """One activation function: its value, analytic derivative, parameters and formulas.

    Use :meth:`value` and :meth:`derivative`; both accept a scalar, list or ndarray of any
    shape and keyword parameters (missing ones take their defaults).
    """

    key: str
    name: str
    formula: str
    derivative_formula: str
    _value: Callable = field(repr=False)
    _derivative: Callable = field(repr=False)
    params: tuple[Param, ...] = ()
    torch_equivalent: str = ""
    group: str = ""
    # Checks that span parameters (hardtanh's min_val < max_val); returns an error or "".
    constraint: Callable[[Mapping[str, float]], str] | None = field(default=None, repr=False)
    # Whether large inputs are evaluated in cache-sized blocks (see _BLOCK_SIZE). Functions
    # that make one or two passes over the input gain nothing from it and pay the loop.
    blockwise: bool = field(default=True, repr=False)

    def defaults(self) -> dict[str, float]:
        """The default value of every parameter, by name."""
        return {param.name: param.default for param in self.params}

    def resolve(self, params: Mapping[str, object]) -> dict[str, float]:
        """Validate keyword parameters and fill in defaults.

        Raises
        ------
        ValueError
            For an unknown parameter name or a value outside its range.
        """
        known = {param.name: param for param in self.params}
        unknown = set(params) - set(known)
        if unknown:
            allowed = ", ".join(known) or "none"
            raise ValueError(
                f"{self.name} has no parameter {', '.join(sorted(unknown))} (parameters: {allowed})"
            )
        resolved = {
            name: param.validate(params[name]) if name in params else param.default
            for name, param in known.items()
        }
        if self.constraint is not None:
            problem = self.constraint(resolved)
            if problem:
                raise ValueError(f"{self.name}: {problem}")
        return resolved

    def _evaluate(self, function: Callable, x, params: Mapping[str, object]) -> np.ndarray:
        resolved = self.resolve(params)
        array = as_float_array(x)
        # Underflow to 0 is the correct result for tiny values, never an error.
        with np.errstate(under="ignore"):
            # Contiguous, because numpy's own sin or arctan may round a strided array
            # differently, and f(x) must not depend on how x is laid out.
            if array.ndim:
                contiguous = np.ascontiguousarray(array, dtype=np.float64)
            else:  # ascontiguousarray would make it 1-d
                contiguous = array.astype(np.float64, copy=False)
            if array.size <= _BLOCK_SIZE or not self.blockwise:
                result = function(contiguous, **resolved)
                return np.asarray(result, dtype=array.dtype)
            flat = contiguous.reshape(-1)
            result = np.empty(flat.shape, dtype=array.dtype)
            for start in range(0, flat.size, _BLOCK_SIZE):
                block = slice(start, start + _BLOCK_SIZE)
                result[block] = function(flat[block], **resolved)
        return result.reshape(array.shape)

    def value(self, x, **params) -> np.ndarray:
        """f(x), elementwise, with the same shape and float dtype as ``x``."""
        return self._evaluate(self._value, x, params)

    def derivative(self, x, **params) -> np.ndarray:
        """f'(x), analytic (never a finite difference), same shape and dtype as ``x``."""
        return self._evaluate(self._derivative, x, params)


_ALPHA_LEAKY = Param("alpha", 0.01, 0.0, 1.0, "α (negative slope)")
_ALPHA_PRELU = Param("alpha", 0.25, 0.0, 1.0, "α (negative slope, learned in training)")
_ALPHA_ELU = Param("alpha", 1.0, 0.0, 5.0, "α (negative saturation)")

_REGISTRY: dict[str, Activation] = {
    activation.key: activation
    for activation in (
        Activation(
            key="sigmoid",
            name="Sigmoid",
            formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
            derivative_formula=r"\sigma'(x) = \sigma(x)\,\sigma({-x}) = \sigma(x)\,(1 - \sigma(x))",
            _value=sigmoid,
            _derivative=sigmoid_derivative,
            torch_equivalent="torch.nn.Sigmoid()",
            group="Sigmoid-like",
        ),
        Activation(
            key="tanh",
            name="Tanh",
            formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
            derivative_formula=r"\tanh'(x) = 1 - \tanh^{2}(x) = \mathrm{sech}^{2}(x)",
            _value=tanh,
            _derivative=tanh_derivative,
            torch_equivalent="torch.nn.Tanh()",
            group="Sigmoid-like",
        ),
        Activation(
            key="relu",
            name="ReLU",
            formula=r"\mathrm{ReLU}(x) = \max(0,\, x)",
            derivative_formula=(
                r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"
            ),
            _value=relu,
            _derivative=relu_derivative,
            torch_equivalent="torch.nn.ReLU()",
            group="ReLU family",
            blockwise=False,
        ),
        Activation(
            key="leaky_relu",
            name="Leaky ReLU",
            formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
            derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
            _value=leaky_relu,
            _derivative=leaky_relu_derivative,
            params=(_ALPHA_LEAKY,),
            torch_equivalent="torch.nn.LeakyReLU(negative_slope=0.01)",
            group="ReLU family",
            blockwise=False,
        ),
        Activation(
            key="prelu",
            name="PReLU",
            formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
            derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
            _value=leaky_relu,
            _derivative=leaky_relu_derivative,
            params=(_ALPHA_PRELU,),
            torch_equivalent="torch.nn.PReLU(init=0.25)",
            group="ReLU family",
            blockwise=False,
        ),
        Activation(
            key="elu",
            name="ELU",
            formula=(
                r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}"
            ),
            derivative_formula=(
                r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha\, e^{x} & x \le 0 \end{cases}"
            ),
            _value=elu,
            _derivative=elu_derivative,
            params=(_ALPHA_ELU,),
            torch_equivalent="torch.nn.ELU(alpha=1.0)",
            group="ReLU family",
        ),
        Activation(
            key="gelu",
            name="GELU",
            formula=r"\mathrm{GELU}(x) = x\,\Phi(x)",
            derivative_formula=r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x)",
            _value=gelu,
            _derivative=gelu_derivative,
            torch_equivalent="torch.nn.GELU(approximate='none')",
            group="Smooth modern",
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
            group="Smooth modern",
        ),
    )
}


GROUPS = (
    "Sigmoid-like",
    "ReLU family",
    "Smooth modern",
    "Piecewise and hard",
    "Periodic and others",
)


def _register_catalogue() -> None:
    # The wider catalogue lives in core/catalogue.py; it builds on the records and numerics
    # above, so it is imported once they exist.
    from core.catalogue import CATALOGUE

    for activation in CATALOGUE:
        _REGISTRY[activation.key] = activation


_register_catalogue()


def keys() -> tuple[str, ...]:
    """Registry keys in display order."""
    return tuple(_REGISTRY)


def get(key: str) -> Activation:
    """The :class:`Activation` registered under ``key``.

    Raises
    ------
    KeyError
        For an unknown key; the message lists the known keys.
    """
    try:
        return _REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown activation {key!r}; known: {', '.join(_REGISTRY)}") from None


def all_activations() -> tuple[Activation, ...]:
    """Every registered activation, in display order."""
    return tuple(_REGISTRY.values())
