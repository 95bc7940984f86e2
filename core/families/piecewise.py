"""Piecewise-linear and hard functions: clipped, shrinking and step-shaped ones."""

from __future__ import annotations

import numpy as np

from core._stable import nan_or
from core.records import Activation, Param, ordered

GROUP = "Piecewise and hard"


def hardsigmoid(x):
    """``relu6(x + 3)/6``. PyTorch: ``F.hardsigmoid``; f' = 1/6 strictly inside (-3, 3)."""
    # (x + 3)/6 rounds once; x/6 + 1/2 cancels near -3.
    return np.clip((np.clip(x, -3.0, 3.0) + 3.0) / 6.0, 0.0, 1.0)


def hardsigmoid_derivative(x):
    return nan_or(x, np.where((x > -3.0) & (x < 3.0), 1.0 / 6.0, 0.0))


def hardtanh(x, min_val: float, max_val: float):
    """``clip(x, min_val, max_val)``. PyTorch: ``F.hardtanh``; f' = 1 strictly inside."""
    return np.clip(x, min_val, max_val)


def hardtanh_derivative(x, min_val: float, max_val: float):
    return nan_or(x, ((x > min_val) & (x < max_val)).astype(np.float64))


def hardswish(x):
    """``x·relu6(x + 3)/6`` (Howard et al., 2019). PyTorch: ``F.hardswish``.

    f' follows PyTorch's autograd: 0 up to -3, x/3 + 1/2 strictly between, 1 from 3 on.
    """
    inner = np.clip(x, -3.0, 3.0)
    return np.where(x >= 3.0, x, inner * (inner + 3.0) / 6.0)


def hardswish_derivative(x):
    inner = np.clip(x, -3.0, 3.0)
    middle = (inner + inner + 3.0) / 6.0  # (2x + 3)/6 rounds once; x/3 + 1/2 cancels at -3/2
    return nan_or(x, np.where(x <= -3.0, 0.0, np.where(x < 3.0, middle, 1.0)))


def softshrink(x, lambd: float):
    """``x - λ`` above λ, ``x + λ`` below -λ, 0 between. PyTorch: ``F.softshrink``;
    f' = 0 on the closed interval [-λ, λ]."""
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, nan_or(x, 0.0)))


def softshrink_derivative(x, lambd: float):
    return nan_or(x, (np.abs(x) > lambd).astype(np.float64))


def hardshrink(x, lambd: float):
    """``x`` where |x| > λ, else 0. PyTorch: ``F.hardshrink``; f' = 0 on [-λ, λ]."""
    return np.where(np.abs(x) <= lambd, 0.0, x)  # nan fails the test and stays nan


def hardshrink_derivative(x, lambd: float):
    return softshrink_derivative(x, lambd)


def binary_step(x):
    """Heaviside step: 1 for x ≥ 0, else 0. f' = 0 everywhere (it does not exist at 0)."""
    return nan_or(x, (x >= 0.0).astype(np.float64))  # a comparison is cheaper than heaviside


def zero_derivative(x):
    """0 everywhere (nan for nan): the slope of a piecewise-constant function."""
    return nan_or(x, 0.0)


def signum(x):
    """sign(x): -1, 0 at 0, 1. f' = 0 everywhere (it does not exist at 0)."""
    return np.sign(x)


RECORDS: tuple[Activation, ...] = (
    Activation(
        key="hardsigmoid",
        name="Hardsigmoid",
        formula=r"f(x) = \min\left(\max\left(0,\, \frac{x}{6} + \frac{1}{2}\right),\, 1\right)",
        derivative_formula=(
            r"f'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \mathrm{otherwise} \end{cases}"
        ),
        _value=hardsigmoid,
        _derivative=hardsigmoid_derivative,
        torch_equivalent="torch.nn.Hardsigmoid()",
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="hardtanh",
        name="Hardtanh",
        formula=r"f(x) = \min(\max(x,\, a),\, b)",
        derivative_formula=(
            r"f'(x) = \begin{cases} 1 & a < x < b \\ 0 & \mathrm{otherwise} \end{cases}"
        ),
        _value=hardtanh,
        _derivative=hardtanh_derivative,
        params=(
            Param("min_val", -1.0, -10.0, 10.0, "a (lower bound)"),
            Param("max_val", 1.0, -10.0, 10.0, "b (upper bound)"),
        ),
        torch_equivalent="torch.nn.Hardtanh(min_val=-1.0, max_val=1.0)",
        group=GROUP,
        constraint=ordered("min_val", "max_val", "min_val must be below max_val"),
        blockwise=False,
    ),
    Activation(
        key="hardswish",
        name="Hardswish",
        formula=r"f(x) = x\,\frac{\min(\max(0,\, x + 3),\, 6)}{6}",
        derivative_formula=(
            r"f'(x) = \begin{cases} 0 & x \le -3 \\ \frac{x}{3} + \frac{1}{2} & -3 < x < 3 \\ "
            r"1 & x \ge 3 \end{cases}"
        ),
        _value=hardswish,
        _derivative=hardswish_derivative,
        torch_equivalent="torch.nn.Hardswish()",
        group=GROUP,
    ),
    Activation(
        key="softshrink",
        name="Softshrink",
        formula=(
            r"f(x) = \begin{cases} x - \lambda & x > \lambda \\ x + \lambda & x < -\lambda \\ "
            r"0 & \mathrm{otherwise} \end{cases}"
        ),
        derivative_formula=(
            r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}"
        ),
        _value=softshrink,
        _derivative=softshrink_derivative,
        params=(Param("lambd", 0.5, 0.0, 5.0, "λ (dead zone half-width)"),),
        torch_equivalent="torch.nn.Softshrink(lambd=0.5)",
        group=GROUP,
    ),
    Activation(
        key="hardshrink",
        name="Hardshrink",
        formula=r"f(x) = \begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
        derivative_formula=(
            r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}"
        ),
        _value=hardshrink,
        _derivative=hardshrink_derivative,
        params=(Param("lambd", 0.5, 0.0, 5.0, "λ (dead zone half-width)"),),
        torch_equivalent="torch.nn.Hardshrink(lambd=0.5)",
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="binary_step",
        name="Binary step",
        formula=r"f(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
        derivative_formula=r"f'(x) = 0 \quad (x \ne 0)",
        _value=binary_step,
        _derivative=zero_derivative,
        group=GROUP,
        blockwise=False,
    ),
    Activation(
        key="signum",
        name="Signum",
        formula=r"f(x) = \mathrm{sign}(x)",
        derivative_formula=r"f'(x) = 0 \quad (x \ne 0)",
        _value=signum,
        _derivative=zero_derivative,
        torch_equivalent="torch.sign",
        group=GROUP,
        blockwise=False,
    ),
)
