"""The rectifier family: the identity for positive inputs and a cheap rule below zero."""

from __future__ import annotations

import numpy as np

from core._stable import nan_or, nan_where_nan, two_product
from core.records import Activation, Param, ordered

GROUP = "ReLU family"


SELU_ALPHA = 1.6732632423543772

SELU_SCALE = 1.0507009873554805


def relu(x):
    """Rectified linear unit ``max(0, x)``. PyTorch: ``torch.nn.ReLU``."""
    return np.maximum(x, 0.0)


def relu_derivative(x):
    """1 for x > 0, else 0; at the kink x = 0 the left derivative 0 (PyTorch's choice)."""
    return nan_where_nan(x, np.greater(x, 0.0).astype(np.float64))


def leaky_relu(x, alpha: float):
    """Leaky ReLU: ``x`` for x > 0, ``α·x`` otherwise. Default α = 0.01.

    PyTorch: ``torch.nn.LeakyReLU(negative_slope=0.01)``.
    """
    if alpha == 0.0:
        return np.maximum(x, 0.0)  # 0·(-inf) would be nan; the limit is 0
    return np.where(x > 0.0, x, alpha * x)  # nan fails the test and stays nan


def leaky_relu_derivative(x, alpha: float):
    """1 for x > 0, α for x ≤ 0 (at the kink the left derivative α, as PyTorch)."""
    return nan_where_nan(x, np.where(x > 0.0, 1.0, alpha))


def elu(x, alpha: float):
    """Exponential linear unit: ``x`` for x > 0, ``α·(exp(x) - 1)`` otherwise. Default α = 1.

    ``expm1`` on the input masked to x ≤ 0 keeps small negative inputs exact and never
    overflows for large positive ones. ELU(-inf) = -α. PyTorch: ``torch.nn.ELU(alpha=1.0)``.
    """
    return np.where(x > 0.0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_derivative(x, alpha: float):
    """1 for x > 0, ``α·exp(x)`` for x ≤ 0 (at the kink the left derivative α, as PyTorch)."""
    return np.where(x > 0.0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def rrelu(x, lower: float, upper: float):
    """Randomized leaky ReLU in evaluation form: Leaky ReLU with slope (lower + upper)/2.

    PyTorch: ``F.rrelu(x, lower, upper, training=False)``; at 0 the slope, as PyTorch.
    """
    return leaky_relu(x, 0.5 * (lower + upper))


def rrelu_derivative(x, lower: float, upper: float):
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
    product, error = two_product(quotient, np.float64(alpha))
    return quotient, ((x - product) - error) / alpha


def celu(x, alpha: float):
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


def celu_derivative(x, alpha: float):
    negative = np.maximum(np.minimum(x, 0.0), -800.0 * alpha)
    quotient, low = _quotient(negative, alpha)
    growth = np.exp(quotient) if alpha == 1.0 else np.exp(quotient) * (1.0 + low)
    return np.where(x > 0.0, 1.0, growth)


def relu6(x):
    """``min(max(0, x), 6)``. PyTorch: ``F.relu6``; f' = 1 strictly inside (0, 6), else 0."""
    return np.clip(x, 0.0, 6.0)


def relu6_derivative(x):
    return nan_or(x, ((x > 0.0) & (x < 6.0)).astype(np.float64))


def srelu(x, t_l: float, a_l: float, t_r: float, a_r: float):
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
        return nan_or(distance, 0.0)
    return slope * distance


def srelu_derivative(x, t_l: float, a_l: float, t_r: float, a_r: float):
    slope = np.where(x <= t_l, a_l, np.where(x > t_r, a_r, 1.0))
    return np.where(np.isnan(x), np.nan, slope)


RECORDS: tuple[Activation, ...] = (
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
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="leaky_relu",
        name="Leaky ReLU",
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        _value=leaky_relu,
        _derivative=leaky_relu_derivative,
        params=(Param("alpha", 0.01, 0.0, 1.0, "α (negative slope)"),),
        torch_equivalent="torch.nn.LeakyReLU(negative_slope=0.01)",
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="prelu",
        name="PReLU",
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        _value=leaky_relu,
        _derivative=leaky_relu_derivative,
        params=(Param("alpha", 0.25, 0.0, 1.0, "α (negative slope, learned in training)"),),
        torch_equivalent="torch.nn.PReLU(init=0.25)",
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="elu",
        name="ELU",
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        derivative_formula=(
            r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha\, e^{x} & x \le 0 \end{cases}"
        ),
        _value=elu,
        _derivative=elu_derivative,
        params=(Param("alpha", 1.0, 0.0, 5.0, "α (negative saturation)"),),
        torch_equivalent="torch.nn.ELU(alpha=1.0)",
        group=GROUP,
    ),
    Activation(
        key="rrelu",
        name="RReLU (eval)",
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \frac{l + u}{2}\,x & x \le 0 \end{cases}",
        derivative_formula=(
            r"f'(x) = \begin{cases} 1 & x > 0 \\ \frac{l + u}{2} & x \le 0 \end{cases}"
        ),
        _value=rrelu,
        _derivative=rrelu_derivative,
        params=(
            Param("lower", 1.0 / 8.0, 0.0, 1.0, "l (lower slope)"),
            Param("upper", 1.0 / 3.0, 0.0, 1.0, "u (upper slope)"),
        ),
        torch_equivalent="torch.nn.RReLU(1/8, 1/3) in eval mode",
        group=GROUP,
        constraint=lambda p: "" if p["lower"] <= p["upper"] else "lower must not exceed upper",
        blockwise=False,
    ),
    Activation(
        key="selu",
        name="SELU",
        formula=(
            r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}"
        ),
        derivative_formula=(
            r"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha\, e^{x} & x \le 0 \end{cases}"
        ),
        _value=selu,
        _derivative=selu_derivative,
        torch_equivalent="torch.nn.SELU()",
        group=GROUP,
    ),
    Activation(
        key="celu",
        name="CELU",
        formula=(
            r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x/\alpha} - 1) & x \le 0 \end{cases}"
        ),
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        _value=celu,
        _derivative=celu_derivative,
        params=(Param("alpha", 1.0, 0.05, 5.0, "α (negative saturation)"),),
        torch_equivalent="torch.nn.CELU(alpha=1.0)",
        group=GROUP,
    ),
    Activation(
        key="relu6",
        name="ReLU6",
        formula=r"f(x) = \min(\max(0,\, x),\, 6)",
        derivative_formula=(
            r"f'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \mathrm{otherwise} \end{cases}"
        ),
        _value=relu6,
        _derivative=relu6_derivative,
        torch_equivalent="torch.nn.ReLU6()",
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="srelu",
        name="SReLU",
        formula=(
            r"f(x) = \begin{cases} t_r + a_r(x - t_r) & x \ge t_r \\ x & t_l < x < t_r \\ "
            r"t_l + a_l(x - t_l) & x \le t_l \end{cases}"
        ),
        derivative_formula=(
            r"f'(x) = \begin{cases} a_r & x > t_r \\ 1 & t_l < x \le t_r \\ "
            r"a_l & x \le t_l \end{cases}"
        ),
        _value=srelu,
        _derivative=srelu_derivative,
        params=(
            Param("t_l", -1.0, -5.0, 0.0, "t_l (left threshold)"),
            Param("a_l", 0.1, 0.0, 2.0, "a_l (left slope)"),
            Param("t_r", 1.0, 0.0, 5.0, "t_r (right threshold)"),
            Param("a_r", 0.5, 0.0, 2.0, "a_r (right slope)"),
        ),
        group=GROUP,
        constraint=ordered("t_l", "t_r", "t_l must be below t_r"),
    ),
)
