"""Gated linear units: ``f(a, b) = g(a)·b``, two inputs, one output.

The feed-forward block of most current language models (LLaMA, PaLM, Mistral) computes
``g(xW) ⊙ (xV)`` before its output projection: the gate ``g(a)`` scales the linear value
``b`` elementwise. Dauphin et al. (2017), "Language Modeling with Gated Convolutional
Networks", introduced GLU (g = σ); Shazeer (2020), "GLU Variants Improve Transformer"
(arXiv:2002.05202), compared the bilinear (g = identity), ReGLU (ReLU), GEGLU (GELU) and
SwiGLU (Swish) variants.

Every gate is one of the core's exact activations (``core.activations``), so the values and
both partial derivatives keep their accuracy everywhere (one more rounding, the product).
The statistics of f for Gaussian inputs are exact integrals, reduced to one dimension by
conditioning b on a.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core import activations
from core.distributions import validate_normal
from core.properties import breakpoints, curvature_jumps, gaussian_expectation
from core.records import Param


@dataclass(frozen=True)
class GatedUnit:
    """One gated unit: its gate activation and how it is written.

    Attributes
    ----------
    key, name : str
        ``"swiglu"``, ``"SwiGLU"``.
    gate : str
        Key of the gate activation g in ``core.activations``.
    torch_form : str
        The same unit in PyTorch.
    gate_symbol : str
        The gate's short name in a formula or a diagram: "SiLU", "σ".
    reference : str
        Where it was introduced.
    """

    key: str
    name: str
    gate: str
    torch_form: str
    reference: str
    gate_symbol: str

    @property
    def params(self) -> tuple[Param, ...]:
        """The gate's parameters (SwiGLU's β), with their defaults and ranges."""
        return activations.get(self.gate).params


_DAUPHIN = "Dauphin et al. (2017), Language Modeling with Gated Convolutional Networks"
_SHAZEER = "Shazeer (2020), GLU Variants Improve Transformer, arXiv:2002.05202"

UNITS: tuple[GatedUnit, ...] = (
    GatedUnit("glu", "GLU", "sigmoid", "torch.sigmoid(a) * b", _DAUPHIN, "σ"),
    GatedUnit("bilinear", "Bilinear", "identity", "a * b", _SHAZEER, "identity"),
    GatedUnit("reglu", "ReGLU", "relu", "F.relu(a) * b", _SHAZEER, "ReLU"),
    GatedUnit("geglu", "GEGLU", "gelu", "F.gelu(a) * b", _SHAZEER, "GELU"),
    GatedUnit(
        "geglu_tanh",
        "GEGLU (tanh)",
        "gelu_tanh",
        "F.gelu(a, approximate='tanh') * b",
        _SHAZEER,
        "GELU-tanh",
    ),
    GatedUnit(
        "swiglu",
        "SwiGLU",
        "silu",
        "F.silu(a) * b  (β = 1)",
        _SHAZEER,
        "SiLU",
    ),
)

KEYS: tuple[str, ...] = tuple(unit.key for unit in UNITS)


def unit(key: str) -> GatedUnit:
    """The unit called ``key``; ValueError naming the known keys."""
    for candidate in UNITS:
        if candidate.key == key:
            return candidate
    raise ValueError(f"no gated unit {key!r}; units: {', '.join(KEYS)}")


def _gate(key: str, params: dict):
    """(gate activation, its resolved parameters): unknown or out-of-range ones raise."""
    gate = activations.get(unit(key).gate)
    return gate, gate.resolve(params)


def _product(left, right):
    # 0·∞ (a closed gate on an infinite value) has no limit: nan, without a warning.
    with np.errstate(invalid="ignore"):
        return np.asarray(np.multiply(left, right))


def value(key: str, a, b, **params) -> np.ndarray:
    """``f(a, b) = g(a)·b`` for every pair of ``a`` and ``b`` (numpy broadcasting).

    Parameters
    ----------
    key : str
        One of :data:`KEYS`.
    a, b : array_like
        Gate and value inputs (pre-activations xW and xV of a feed-forward block).
    **params
        The gate's parameters: SwiGLU's ``beta`` (default 1, SiLU).

    Returns
    -------
    numpy.ndarray
        float64, the broadcast shape; 0-d for scalar inputs. 0·±∞ gives nan.
    """
    gate, resolved = _gate(key, params)
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    return _product(gate.value(a, **resolved), b)


def gradient(key: str, a, b, **params) -> tuple[np.ndarray, np.ndarray]:
    """``(∂f/∂a, ∂f/∂b) = (g'(a)·b, g(a))``, broadcast like :func:`value`.

    g' is the core's exact derivative (ReLU's is 0 at a = 0, as in PyTorch).
    """
    gate, resolved = _gate(key, params)
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    gate_value = gate.value(a, **resolved)
    return _product(gate.derivative(a, **resolved), b), np.array(gate_value, dtype=np.float64)


@dataclass(frozen=True)
class GatedStats:
    """Exact mean and variance of f(a, b) and of its two partial derivatives for jointly
    Gaussian (a, b)."""

    mean: float
    variance: float
    gradient_a_mean: float
    gradient_a_variance: float
    gradient_b_mean: float
    gradient_b_variance: float

    @property
    def std(self) -> float:
        return math.sqrt(self.variance)


def output_stats(
    key: str,
    mean_a: float,
    std_a: float,
    mean_b: float,
    std_b: float,
    correlation: float = 0.0,
    **params,
) -> GatedStats:
    """Mean and variance of f(a, b) = g(a)·b, ∂f/∂a = g'(a)·b and ∂f/∂b = g(a) for
    ``(a, b)`` jointly Gaussian with the given means, spreads and correlation ρ.

    Given a, b is normal with mean ``m(a) = μ_b + ρσ_b(a − μ_a)/σ_a`` and variance
    ``s² = σ_b²(1 − ρ²)``, so every moment is a one-dimensional Gaussian integral over a:
    ``E[g(a)·b] = E[g(a)·m(a)]`` and ``Var[g(a)·b] = E[(g(a)·m(a) − mean)² + g(a)²·s²]``
    (a sum of squares, no cancellation). The integrals are the Distributions tab's
    quadrature (:func:`core.properties.gaussian_expectation`), split where g, g' or g''
    jump. This is what initialisation schemes for gated blocks rest on.

    Raises
    ------
    ValueError
        A spread that is not a finite number > 0, a mean that is not finite, a correlation
        outside [-1, 1], an unknown unit or a bad gate parameter.
    """
    gate, resolved = _gate(key, params)
    mean_a, std_a = validate_normal(mean_a, std_a, "a")
    mean_b, std_b = validate_normal(mean_b, std_b, "b")
    correlation = float(correlation)
    if not (-1.0 <= correlation <= 1.0):
        raise ValueError(f"correlation must be in [-1, 1], got {correlation!r}")
    conditional_variance = std_b * std_b * (1.0 - correlation * correlation)

    def conditional_mean(a):
        return mean_b + correlation * std_b * (a - mean_a) / std_a

    def g(a):
        return gate.value(a, **resolved)

    def dg(a):
        return gate.derivative(a, **resolved)

    splits = sorted(set(breakpoints(gate, **resolved)) | set(curvature_jumps(gate, **resolved)))

    def expectation(function) -> float:
        return gaussian_expectation(function, splits, mean_a, std_a)

    def product_moments(factor) -> tuple[float, float]:
        """Mean and variance of factor(a)·b."""
        mean = expectation(lambda a: factor(a) * conditional_mean(a))
        variance = expectation(
            lambda a: (
                (factor(a) * conditional_mean(a) - mean) ** 2
                + factor(a) ** 2 * conditional_variance
            )
        )
        return mean, variance

    with np.errstate(over="ignore", invalid="ignore"):
        mean, variance = product_moments(g)
        gradient_a_mean, gradient_a_variance = product_moments(dg)
        gradient_b_mean = expectation(g)
        gradient_b_variance = expectation(lambda a: (g(a) - gradient_b_mean) ** 2)
    return GatedStats(
        mean, variance, gradient_a_mean, gradient_a_variance, gradient_b_mean, gradient_b_variance
    )


def hidden_width(model_dim: int, ff_ratio: float) -> int:
    """``d_ff = round(ff_ratio·d)``, at least 1."""
    if isinstance(model_dim, bool) or int(model_dim) != model_dim or model_dim < 1:
        raise ValueError(f"model_dim must be a whole number >= 1, got {model_dim!r}")
    if not (math.isfinite(ff_ratio) and ff_ratio > 0.0):
        raise ValueError(f"ff_ratio must be a finite number > 0, got {ff_ratio!r}")
    return max(1, round(ff_ratio * int(model_dim)))


def block_parameters(model_dim: int, ff_ratio: float, gated: bool = True) -> int:
    """Weights of a feed-forward block of width d_ff = :func:`hidden_width`, biases left out.

    A gated block ``W2·(g(xW) ⊙ xV)`` has three d × d_ff matrices, an ungated one
    ``W2·g(xW)`` two. So a gated block with d_ff = 8/3·d costs what an ungated one with
    d_ff = 4·d does, 8·d² (exactly when 3 divides d): the width LLaMA chose for its SwiGLU
    blocks, rounded up to a multiple of 256 (d = 4096 gives 11,008).
    """
    return (3 if gated else 2) * int(model_dim) * hidden_width(model_dim, ff_ratio)
