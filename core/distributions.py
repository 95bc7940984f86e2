"""What an activation does to normally distributed inputs, computed exactly (no sampling).

For x ~ N(mean, std²), :func:`output_stats` gives the mean and standard deviation of f(x) by
adaptive quadrature (split where f or f' jumps), and three probabilities as exact Gaussian
masses of intervals: where f is exactly 0 (sparsity), where f' is exactly 0 (dead units), and
where |f'| is below 5 % of its peak (saturated units).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from core.activations import Activation, get
from core.properties import (
    SATURATION_FRACTION,
    breakpoints,
    curvature_jumps,
    dead_intervals,
    derivative_magnitude_peak,
    gaussian_expectation,
    gaussian_mass,
    true_runs,
    zero_value_intervals,
)


def _optimize():
    """scipy.optimize, imported on first use: the first window paint does not need it."""
    import scipy.optimize

    return scipy.optimize


_SCAN_STEP = 0.005
_SCAN_HALF_WIDTH = 60.0


@dataclass(frozen=True)
class OutputStats:
    """Exact statistics of f(x) for x ~ N(mean, std²).

    Attributes
    ----------
    mean, std : float
        Mean and standard deviation of f(x).
    sparsity : float
        P[f(x) = 0].
    dead_fraction : float
        P[f'(x) = 0]: units that pass no gradient back.
    saturated_fraction : float
        P[|f'(x)| < 5 % of the peak of |f'|]: units whose gradient has all but vanished.
    """

    mean: float
    std: float
    sparsity: float
    dead_fraction: float
    saturated_fraction: float


def validate_normal(mean, std, name: str = "") -> tuple[float, float]:
    """(mean, std) as floats; ValueError unless the mean is finite and std finite and > 0.

    ``name`` prefixes the message ("a std must be …") when there are several inputs.
    """
    mean, std = float(mean), float(std)
    prefix = f"{name} " if name else ""
    if not math.isfinite(mean):
        raise ValueError(f"{prefix}mean must be a finite number, got {mean!r}")
    if not (math.isfinite(std) and std > 0):
        raise ValueError(f"{prefix}std must be a finite number > 0, got {std!r}")
    return mean, std


def sublevel_intervals(function, threshold: float, low: float, high: float, jumps=()):
    """Intervals of [low, high] (open to ±inf where the limit qualifies) with function < threshold.

    The function is sampled every 0.005; each change of side is refined with brentq, which
    also converges on a jump where the function steps across the threshold; an edge within
    1e-12 of one of the known ``jumps`` is that jump.
    """
    grid = np.arange(low, high + _SCAN_STEP, _SCAN_STEP)
    below = function(grid) < threshold
    if not below.any():
        return []

    def crossing(i):
        edge = _optimize().brentq(
            lambda x: float(function(x)) - threshold,
            float(grid[i]),
            float(grid[i + 1]),
            xtol=1e-14,
        )
        return next((jump for jump in jumps if abs(jump - edge) < 1e-12), edge)

    intervals = []
    for start, stop in true_runs(below):
        if start == 0:
            left = -math.inf if float(function(-math.inf)) < threshold else float(grid[0])
        else:
            left = crossing(start - 1)
        if stop == grid.size - 1:
            right = math.inf if float(function(math.inf)) < threshold else float(grid[-1])
        else:
            right = crossing(stop)
        intervals.append((left, right))
    return intervals


@dataclass(frozen=True)
class _Structure:
    """What does not depend on the input distribution: where f and f' vanish, jump, saturate."""

    jumps: tuple[float, ...]
    # jumps and the points where only f'' jumps: the panel edges of the expectations
    quadrature_breaks: tuple[float, ...]
    zero_intervals: tuple[tuple[float, float], ...]
    dead_intervals: tuple[tuple[float, float], ...]
    saturated_intervals: tuple[tuple[float, float], ...]


@lru_cache(maxsize=256)
def _structure(key: str, params: tuple[tuple[str, float], ...]) -> _Structure:
    activation = get(key)
    resolved = dict(params)
    jumps = tuple(breakpoints(activation, **resolved))
    _, peak = derivative_magnitude_peak(activation, **resolved)

    def magnitude(x):
        return np.abs(activation.derivative(x, **resolved))

    saturated = ()
    if peak > 0:
        threshold = SATURATION_FRACTION * peak
        saturated = tuple(
            sublevel_intervals(magnitude, threshold, -_SCAN_HALF_WIDTH, _SCAN_HALF_WIDTH, jumps)
        )
    return _Structure(
        jumps=jumps,
        quadrature_breaks=tuple(sorted({*jumps, *curvature_jumps(activation, **resolved)})),
        zero_intervals=tuple(zero_value_intervals(activation, **resolved)),
        dead_intervals=tuple(dead_intervals(activation, **resolved)),
        saturated_intervals=saturated,
    )


def output_stats(
    activation: Activation, mean: float = 0.0, std: float = 1.0, **params
) -> OutputStats:
    """Exact statistics of ``activation`` applied to x ~ N(mean, std²).

    The intervals where f or f' vanish or saturate are found once per function and parameter
    values (and cached); a new mean or std costs two quadratures.

    Parameters
    ----------
    activation : Activation
    mean : float, default 0.0
    std : float, default 1.0
        Must be > 0.
    **params
        The activation's parameters (defaults if omitted).

    Returns
    -------
    OutputStats

    Examples
    --------
    ReLU on N(0, 1) has mean 1/√(2π) and sparsity 1/2; GELU on N(0, 1) has mean 1/(2√π).
    """
    mean, std = validate_normal(mean, std)
    resolved = activation.resolve(params)
    structure = _structure(activation.key, tuple(sorted(resolved.items())))

    def f(x):
        return activation.value(x, **resolved)

    breaks = structure.quadrature_breaks
    output_mean = gaussian_expectation(f, breaks, mean, std)
    variance = gaussian_expectation(lambda x: (f(x) - output_mean) ** 2, breaks, mean, std)
    return OutputStats(
        mean=output_mean,
        std=math.sqrt(max(variance, 0.0)),
        sparsity=gaussian_mass(structure.zero_intervals, mean, std),
        dead_fraction=gaussian_mass(structure.dead_intervals, mean, std),
        saturated_fraction=gaussian_mass(structure.saturated_intervals, mean, std),
    )


@dataclass(frozen=True)
class SampleStats:
    """The same statistics estimated from samples (what a histogram shows)."""

    mean: float
    std: float
    sparsity: float
    dead_fraction: float
    saturated_fraction: float


def sample_stats(activation: Activation, samples: np.ndarray, **params) -> SampleStats:
    """Estimates of :class:`OutputStats` from input ``samples`` (for comparison with exact)."""
    return sample_stats_from(
        activation,
        activation.value(samples, **params),
        activation.derivative(samples, **params),
        params,
    )


def sample_stats_from(activation: Activation, values, slopes, params) -> SampleStats:
    """:func:`sample_stats` from outputs and slopes already computed for the samples."""
    slopes = np.abs(slopes)
    _, peak = derivative_magnitude_peak(activation, **params)
    return SampleStats(
        mean=float(np.mean(values)),
        std=float(np.std(values)),
        sparsity=float(np.mean(values == 0.0)),
        dead_fraction=float(np.mean(slopes == 0.0)),
        saturated_fraction=float(np.mean(slopes < SATURATION_FRACTION * peak)),
    )
