"""S-shaped functions: bounded (or, for log σ, one-sided) and saturating at both ends."""

from __future__ import annotations

from functools import cache

import numpy as np

from core._special import expit, log_expit, sigmoid_pair
from core._stable import HUGE, double_double_product, exp_double_double
from core.records import Activation

GROUP = "Sigmoid-like"


_SECH_CLIP = 400.0

LECUN_SCALE = 1.7159


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


def logsigmoid(x):
    """``log σ(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|)``. PyTorch: ``F.logsigmoid``."""
    return log_expit(x)


def logsigmoid_derivative(x):
    """``σ(-x)``."""
    return expit(-x)


def softsign(x):
    """``x / (1 + |x|)``; ±inf give ±1. PyTorch: ``F.softsign``."""
    clipped = np.clip(x, -HUGE, HUGE)
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
    clipped = np.clip(x, -HUGE, HUGE)
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
        growth_high, growth_low = exp_double_double(nodes)
        # exp(-e^x0) = exp(-high)·exp(-low), and exp(-low) = 1 - low to far below an ulp.
        decay_high, decay_low = exp_double_double(-growth_high)
        decay_high, decay_low = double_double_product(decay_high, decay_low, 1.0 - growth_low, 0.0)
        slope, _ = double_double_product(growth_high, growth_low, decay_high, decay_low)
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


RECORDS: tuple[Activation, ...] = (
    Activation(
        key="sigmoid",
        name="Sigmoid",
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma'(x) = \sigma(x)\,\sigma({-x}) = \sigma(x)\,(1 - \sigma(x))",
        _value=sigmoid,
        _derivative=sigmoid_derivative,
        torch_equivalent="torch.nn.Sigmoid()",
        group=GROUP,
    ),
    Activation(
        key="tanh",
        name="Tanh",
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_formula=r"\tanh'(x) = 1 - \tanh^{2}(x) = \mathrm{sech}^{2}(x)",
        _value=tanh,
        _derivative=tanh_derivative,
        torch_equivalent="torch.nn.Tanh()",
        group=GROUP,
    ),
    Activation(
        key="logsigmoid",
        name="LogSigmoid",
        formula=r"f(x) = \log\sigma(x) = -\log(1 + e^{-x})",
        derivative_formula=r"f'(x) = \sigma({-x})",
        _value=logsigmoid,
        _derivative=logsigmoid_derivative,
        torch_equivalent="torch.nn.LogSigmoid()",
        group=GROUP,
    ),
    Activation(
        key="softsign",
        name="Softsign",
        formula=r"f(x) = \frac{x}{1 + |x|}",
        derivative_formula=r"f'(x) = \frac{1}{(1 + |x|)^{2}}",
        _value=softsign,
        _derivative=softsign_derivative,
        torch_equivalent="torch.nn.Softsign()",
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="arctan",
        name="Arctan",
        formula=r"f(x) = \arctan x",
        derivative_formula=r"f'(x) = \frac{1}{1 + x^{2}}",
        _value=np.arctan,
        _derivative=arctan_derivative,
        torch_equivalent="torch.atan",
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="lecun_tanh",
        name="LeCun tanh",
        formula=r"f(x) = 1.7159\,\tanh\left(\frac{2x}{3}\right)",
        derivative_formula=(
            r"f'(x) = 1.7159 \cdot \frac{2}{3}\,\mathrm{sech}^{2}\left(\frac{2x}{3}\right)"
        ),
        _value=lecun_tanh,
        _derivative=lecun_tanh_derivative,
        group=GROUP,
    ),
    Activation(
        key="symmetrical_sigmoid",
        name="Symmetrical sigmoid",
        formula=r"f(x) = \tanh\left(\frac{x}{2}\right) = 2\sigma(x) - 1",
        derivative_formula=r"f'(x) = \frac{1}{2}\,\mathrm{sech}^{2}\left(\frac{x}{2}\right)",
        _value=symmetrical_sigmoid,
        _derivative=symmetrical_sigmoid_derivative,
        group=GROUP,
    ),
    Activation(
        key="loglog",
        name="Log-log",
        formula=r"f(x) = 1 - e^{-e^{x}}",
        derivative_formula=r"f'(x) = e^{x - e^{x}}",
        _value=loglog,
        _derivative=loglog_derivative,
        group=GROUP,
    ),
)
