"""Properties of an activation derived numerically from its value and analytic derivative.

Everything here is computed from an :class:`core.activations.Activation`, so it follows the
parameters and cannot disagree with the curves: ELU's range is (-α, ∞) for whatever α is set,
and ELU is C¹ only at α = 1.

How the numbers are found:

* f and f' are scanned on [-20, 20] at spacing 1/200. Beyond 20 the float64 tails of the
  smooth functions start to underflow (GELU-tanh'(-25) rounds to 0), which would fake a
  plateau; what happens further out comes from the exact limits at ±inf that ``core`` returns.
* Discontinuities of f and f' are located by bisecting every grid interval towards its larger
  jump until the two ends are neighbouring floats: a real jump survives, smooth change
  vanishes. A jump in f'' is found the same way from a one-sided difference quotient of f'.
* Local extrema of f are roots of f' (``scipy.optimize.brentq``); the peak and trough of f'
  are roots of a central-difference f''.
* Sparsity comes from the exact intervals on which f ≡ 0, weighted by the normal CDF;
  the mean output from ``scipy.integrate.quad`` split at the kinks.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import pairwise

import numpy as np

from core._quadrature import gauss_legendre
from core.activations import Activation, get, normal_cdf
from core.search import maximize_bounded


def _optimize():
    """scipy.optimize, imported on first use: the first window paint does not need it."""
    import scipy.optimize

    return scipy.optimize


SCAN_LIMIT = 20.0
_GRID = np.linspace(-SCAN_LIMIT, SCAN_LIMIT, 8001)  # spacing 0.005, 0 included exactly
# Where the saturation test of the GUI looks for the peak of |f'|.
_WIDE_GRID = np.linspace(-40.0, 40.0, 16001)
_JUMP_TOLERANCE = 1e-7
_SECOND_DERIVATIVE_STEP = 1e-7
_ZERO_MEAN_TOLERANCE = 1e-9
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
COST_POINTS = 1_000_000
# |f'| below this fraction of its peak counts as saturated (the app's shading, the
# Distributions tab's saturated mass).
SATURATION_FRACTION = 0.05


class Range(tuple):
    """``(low, high)`` of a function's values, with whether each end is attained."""

    low_attained: bool
    high_attained: bool

    def __new__(cls, low: float, high: float, low_attained: bool, high_attained: bool):
        # + 0.0 turns -0.0 (ELU at α = 0 tends to -0·1) into the 0 a reader expects.
        instance = super().__new__(cls, (float(low) + 0.0, float(high) + 0.0))
        instance.low_attained = bool(low_attained)
        instance.high_attained = bool(high_attained)
        return instance

    @property
    def low(self) -> float:
        return self[0]

    @property
    def high(self) -> float:
        return self[1]

    def __reduce__(self):
        return (Range, (self[0], self[1], self.low_attained, self.high_attained))


@dataclass(frozen=True)
class Properties:
    """The comparison-table facts of one activation at given parameters.

    Attributes
    ----------
    key, params
        The activation and the parameter values the facts hold for.
    range : Range
        ``(low, high)`` of f over the reals (±inf allowed); ``range.low_attained`` and
        ``range.high_attained`` (also ``range_attained``) say whether f reaches each end.
    mean_output : float
        E[f(x)] for x ~ N(0, 1).
    zero_centered : bool
        ``mean_output`` is 0: the sense in which tanh is zero-centred and sigmoid is not.
    derivative_peak : (x, f'(x))
        Where f' is largest (the left end of a plateau, such as ReLU's x = 0).
    minimum : (x, f(x)) or None
        The global minimum, or None when f never attains its infimum. On a plateau of
        minima, the point nearest 0.
    saturating_sides : "left", "right", "both" or "none"
        Where f'(x) → 0 as |x| → ∞.
    vanishing_gradient : bool
        f' → 0 on both sides (sigmoid, tanh); ReLU, ELU and GELU keep a gradient on the right.
    sparsity : float
        P[f(x) = 0] for x ~ N(0, 1), from the exact intervals where f vanishes.
    continuous : bool
        f has no jump.
    smooth : bool
        f' has no jump (f is C¹).
    continuity_order : int or float
        -1 (f jumps), 0 (f continuous, f' jumps), 1 (f' continuous, f'' jumps), or ``inf``
        when no jump was found in f, f' or f'' (every such function here is analytic).
    kinks : tuple of float
        Where f' jumps.
    monotonic : bool
        f' ≥ 0 everywhere (non-decreasing).
    identity_near_origin : bool
        f(0) = 0 and f'(0) = 1 from both sides.
    symmetry : "even", "odd" or "none"
    derivative_range : (low, high)
        Infimum and supremum of f'.
    derivative_monotonic : bool
        f' never changes direction.
    exploding_gradient : bool
        |f'| is unbounded.
    dead_region : tuple of (low, high) intervals, or None
        Where f' = 0 on a whole interval (dead neurons); None when nowhere.
    cost_ns : float
        Measured nanoseconds per element for value + derivative on 1e6 points, with the
        default parameters, cached per function (see :func:`cost_ns`).
    """

    key: str
    params: dict = field(compare=False)
    range: Range
    range_attained: tuple[bool, bool]
    mean_output: float
    zero_centered: bool
    derivative_peak: tuple[float, float]
    minimum: tuple[float, float] | None
    saturating_sides: str
    vanishing_gradient: bool
    sparsity: float
    continuous: bool
    smooth: bool
    continuity_order: float
    kinks: tuple[float, ...]
    monotonic: bool
    identity_near_origin: bool
    symmetry: str
    derivative_range: tuple[float, float]
    derivative_monotonic: bool
    exploding_gradient: bool
    dead_region: tuple[tuple[float, float], ...] | None
    cost_ns: float


# ---- numerical building blocks ------------------------------------------------------------


_SIGN_BIT = np.int64(-0x8000000000000000)


def _ordinal(x: np.ndarray) -> np.ndarray:
    """Map floats to integers in the same order, neighbouring floats to neighbouring integers."""
    bits = np.asarray(x, dtype=np.float64).view(np.int64)
    return np.where(bits >= 0, bits, _SIGN_BIT - bits)


def _from_ordinal(ordinal: np.ndarray) -> np.ndarray:
    bits = np.where(ordinal >= 0, ordinal, _SIGN_BIT - ordinal)
    return bits.astype(np.int64).view(np.float64)


def _jump_locations(function, grid: np.ndarray) -> list[tuple[float, float]]:
    """``(x, jump)`` for every discontinuity of ``function`` between grid points.

    Every interval is bisected, keeping the half across which ``function`` changes more,
    until its ends are neighbouring floats (bisection over float ordinals: at most 64 steps,
    even next to 0); what change is left is a jump. Intervals whose whole change falls below
    the tolerance are dropped on the way, so smooth stretches cost a few steps.
    """
    low, high = _ordinal(grid[:-1]), _ordinal(grid[1:])
    low_values, high_values = function(_from_ordinal(low)), function(_from_ordinal(high))
    found: list[tuple[float, float]] = []
    while low.size:
        change = np.abs(high_values - low_values)
        scale = np.maximum(1.0, np.maximum(np.abs(low_values), np.abs(high_values)))
        keep = change > _JUMP_TOLERANCE * scale
        finished = keep & (high - low <= 1)
        for index in np.flatnonzero(finished):
            where = 0.5 * (
                _from_ordinal(low[index : index + 1])[0] + _from_ordinal(high[index : index + 1])[0]
            )
            found.append((float(where) + 0.0, float(change[index])))  # -0.0 is 0
        keep &= ~finished
        low, high = low[keep], high[keep]
        low_values, high_values = low_values[keep], high_values[keep]
        if not low.size:
            break
        middle = low + (high - low) // 2
        middle_values = function(_from_ordinal(middle))
        go_left = np.abs(middle_values - low_values) >= np.abs(high_values - middle_values)
        high = np.where(go_left, middle, high)
        high_values = np.where(go_left, middle_values, high_values)
        low = np.where(go_left, low, middle)
        low_values = np.where(go_left, low_values, middle_values)
    # A function whose value at the jump lies between both sides (|x|' = sign x is 0 at 0)
    # jumps twice at one point, once on either side of it: that is one jump, of both sizes.
    merged: dict[float, float] = {}
    for where, size in found:
        merged[where] = merged.get(where, 0.0) + size
    return sorted(merged.items())


def _slope_jump_locations(derivative, grid: np.ndarray) -> list[float]:
    """Where f'' jumps: bisect the one-sided difference quotient of f' down to its step.

    Across a jump of f'' at c the quotient ramps over [c - step, c]; once an interval is a few
    steps wide, the quotient just outside it is compared. Intervals over which the quotient
    barely changes (smooth f'') are dropped on the way.
    """
    step = _SECOND_DERIVATIVE_STEP

    def quotient(x):
        return (derivative(x + step) - derivative(x)) / step

    low, high = grid[:-1].copy(), grid[1:].copy()
    low_values, high_values = quotient(low), quotient(high)
    while True:
        change = np.abs(high_values - low_values)
        scale = np.maximum(1.0, np.maximum(np.abs(low_values), np.abs(high_values)))
        keep = change > 1e-5 * scale
        low, high = low[keep], high[keep]
        low_values, high_values = low_values[keep], high_values[keep]
        if not low.size or np.all(high - low <= 4 * step):
            break
        middle = low + 0.5 * (high - low)
        middle_values = quotient(middle)
        go_left = np.abs(middle_values - low_values) >= np.abs(high_values - middle_values)
        high = np.where(go_left, middle, high)
        high_values = np.where(go_left, middle_values, high_values)
        low = np.where(go_left, low, middle)
        low_values = np.where(go_left, low_values, middle_values)
    before, after = quotient(low - 2 * step), quotient(high + step)
    jumps = np.abs(after - before)
    scale = np.maximum(1.0, np.maximum(np.abs(before), np.abs(after)))
    return [float(0.5 * (low[i] + high[i])) for i in np.flatnonzero(jumps > 1e-4 * scale)]


def _second_derivative(derivative, x: float) -> float:
    step = 1e-6 * max(1.0, abs(x))
    return float((derivative(x + step) - derivative(x - step)) / (2 * step))


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``(first, last)`` index of every maximal run of True in a 1-d boolean array."""
    # +1 steps in the zero-padded mask start a run, -1 steps end one.
    steps = np.diff(np.concatenate([[0], np.asarray(mask).astype(np.int8), [0]]))
    starts, stops = np.flatnonzero(steps == 1), np.flatnonzero(steps == -1) - 1
    return [(int(start), int(stop)) for start, stop in zip(starts, stops, strict=True)]


def _zero_intervals(values: np.ndarray, grid: np.ndarray, predicate) -> list[list[float]]:
    """Maximal runs of grid points where ``values`` vanish, edges refined by bisection.

    A run touching the end of the grid is open to ±inf when ``predicate`` holds there too.
    """
    intervals = []
    for start, stop in true_runs(values == 0.0):
        if stop == start:
            continue  # an isolated zero is a point, not an interval
        left = _refine_edge(predicate, grid[start - 1], grid[start]) if start > 0 else None
        right = (
            _refine_edge(predicate, grid[stop + 1], grid[stop]) if stop < grid.size - 1 else None
        )
        if left is None:
            left = -math.inf if predicate(-math.inf) else float(grid[0])
        if right is None:
            right = math.inf if predicate(math.inf) else float(grid[-1])
        intervals.append([left, right])
    return intervals


def _refine_edge(predicate, outside: float, inside: float) -> float:
    """The boundary between a point where ``predicate`` fails and one where it holds."""
    outside, inside = float(outside), float(inside)
    while True:
        middle = outside + 0.5 * (inside - outside)
        if middle in (outside, inside):
            return inside
        if predicate(middle):
            inside = middle
        else:
            outside = middle


def _snap(x: float) -> float:
    """Numerical locations within 1e-9 of 0 are 0: a plateau edge found as 5e-324, or a root
    of the difference-quotient f'' (good to about 1e-10) found at 8e-12."""
    return 0.0 if abs(x) < 1e-9 else float(x)


def _extremum(derivative, grid, values, find_max: bool) -> tuple[float, float]:
    """(x, f'(x)) where f' is largest (smallest), leftmost on a plateau.

    A smooth interior extremum is refined as a root of f''; a plateau's left edge by bisection.
    """
    sign = 1.0 if find_max else -1.0
    signed = sign * values
    index = int(np.argmax(signed))
    best = float(values[index])
    if 0 < index < grid.size - 1:
        left_value, right_value = signed[index - 1], signed[index + 1]
        if right_value == signed[index]:
            # A plateau: its left edge lies between this point and the one before.
            if left_value < signed[index]:
                edge = _refine_edge(
                    lambda x: sign * float(derivative(x)) >= sign * best,
                    grid[index - 1],
                    grid[index],
                )
                return edge, best
            return float(grid[index]), best
        low, high = float(grid[index - 1]), float(grid[index + 1])
        slope_low = sign * _second_derivative(derivative, low)
        slope_high = sign * _second_derivative(derivative, high)
        if slope_low > 0 > slope_high:
            root = _optimize().brentq(
                lambda x: _second_derivative(derivative, x), low, high, xtol=1e-13
            )
            value = float(derivative(root))
            if sign * value >= sign * best:
                return float(root), value
        else:
            result = _optimize().minimize_scalar(
                lambda x: -sign * float(derivative(x)),
                bounds=(low, high),
                method="bounded",
                options={"xatol": 1e-12},
            )
            if -result.fun >= sign * best:
                return float(result.x), float(derivative(result.x))
    return float(grid[index]), best


def _local_extrema(derivative, grid: np.ndarray, slopes: np.ndarray):
    """(minima, maxima) of f: where f' changes sign between grid points.

    A sign change between neighbouring points is refined by brentq. Where f' is exactly 0 on
    the one grid point between a negative and a positive slope (the Gaussian at 0, sinc at 0,
    Hardswish at -1.5), that point is the extremum: comparing neighbours' signs alone would
    skip it, since 0 has no sign. A longer run of zeros is a plateau, which attains its value
    through the dead intervals instead.
    """
    minima, maxima = [], []
    signs = np.sign(slopes)
    signed = np.flatnonzero(signs != 0)
    for before, after in pairwise(signed):
        if signs[before] == signs[after] or after - before > 2:
            continue
        if after - before == 2:
            root = float(grid[before + 1])
        else:
            root = _optimize().brentq(
                lambda x: float(derivative(x)),
                float(grid[before]),
                float(grid[after]),
                xtol=1e-14,
                rtol=4 * np.finfo(float).eps,
            )
        (minima if signs[before] < 0 else maxima).append(root)
    return minima, maxima


def _saturates(derivative, side: float) -> bool:
    """f'(x) → 0 as x → side·∞, from core's exact limit (checked against far points)."""
    limit = float(derivative(side * math.inf))
    far = np.abs(derivative(side * np.array([1e3, 1e6, 1e12])))
    return limit == 0.0 and bool(np.all(far <= 1e-3))


def _symmetry(function, grid: np.ndarray) -> str:
    positive = grid[grid > 0]
    right, left = function(positive), function(-positive)
    scale = np.maximum(1.0, np.abs(right))
    if np.all(np.abs(left - right) <= 1e-12 * scale):
        return "even"
    if np.all(np.abs(left + right) <= 1e-12 * scale) and float(function(0.0)) == 0.0:
        return "odd"
    return "none"


_PANEL_POINTS = 24


def gaussian_expectation(function, breakpoints=(), mean: float = 0.0, std: float = 1.0) -> float:
    """E[function(x)] for x ~ N(mean, std²) by composite Gauss-Legendre quadrature.

    The integral runs over mean ± 40·std (the rest weighs less than 1e-340) in panels 2·std
    wide, split again at ``breakpoints`` (where the function, its slope or its curvature
    jumps: see :func:`breakpoints` and :func:`curvature_jumps`), with 24
    nodes per panel: on smooth panels of a Gaussian-weighted integrand that is exact to
    rounding. Every node is evaluated in one vectorised call.
    """
    low_end, high_end = mean - 40.0 * std, mean + 40.0 * std
    panel_edges = mean + std * np.linspace(-40.0, 40.0, 41)
    inner = [b for b in breakpoints if low_end < b < high_end]
    edges = np.unique(np.concatenate([panel_edges, inner]))
    lows, highs = edges[:-1], edges[1:]
    half = 0.5 * (highs - lows)
    panel_nodes, panel_weights = gauss_legendre(_PANEL_POINTS)
    nodes = (0.5 * (highs + lows))[:, None] + half[:, None] * panel_nodes
    z = (nodes - mean) / std
    density = np.exp(-0.5 * z * z) / (std * math.sqrt(2.0 * math.pi))
    values = np.asarray(function(nodes.ravel())).reshape(nodes.shape)
    # Far out the density underflows to 0 while an unbounded f may not: 0·f is 0 there.
    weighted = np.where(density > 0.0, values * density, 0.0)
    contributions = (half[:, None] * weighted * panel_weights).ravel()
    if np.array_equal(z.ravel(), -z.ravel()[::-1]):
        # Nodes symmetric about the mean: add mirror images first, so that an odd function
        # (tanh about 0) gives exactly 0 instead of the rounding left by summing in order.
        return float(np.sum(contributions + contributions[::-1]) / 2.0)
    return float(np.sum(contributions))


def gaussian_mass(intervals, mean: float = 0.0, std: float = 1.0) -> float:
    """P[x in the union of disjoint ``intervals``] for x ~ N(mean, std²), without cancellation.

    Each interval's mass is Φ(b') - Φ(a') for its standardised ends, taken from the lower
    tail (Φ(-a') - Φ(-b')) when both ends lie above the mean, so tiny masses keep their digits.
    """
    total = 0.0
    for low, high in intervals:
        a, b = (low - mean) / std, (high - mean) / std
        if a > 0:
            total += float(normal_cdf(np.array(-a)) - normal_cdf(np.array(-b)))
        else:
            total += float(normal_cdf(np.array(b)) - normal_cdf(np.array(a)))
    return total


@dataclass(frozen=True)
class _Scan:
    """f and f' on the scan grid, with where each jumps."""

    values: np.ndarray
    slopes: np.ndarray
    value_jumps: list[tuple[float, float]]
    slope_jumps: list[tuple[float, float]]

    @property
    def breakpoints(self) -> list[float]:
        return sorted({x for x, _ in self.value_jumps} | {x for x, _ in self.slope_jumps})


def _scan(f, df) -> _Scan:
    return _Scan(f(_GRID), df(_GRID), _jump_locations(f, _GRID), _jump_locations(df, _GRID))


def _bound(activation: Activation, params):
    resolved = activation.resolve(params)
    return (
        lambda x: activation.value(x, **resolved),
        lambda x: activation.derivative(x, **resolved),
        resolved,
    )


def _at_jumps(intervals, scan: _Scan) -> list[tuple[float, float]]:
    """Keep intervals whose finite ends are jumps of f or f'.

    A function that is exactly flat stops being flat at a kink (ReLU at 0); a smooth one
    whose slope merely underflows to 0 (log-log's beyond x = 6.6) does not, and is not dead.
    """
    jumps = scan.breakpoints

    def is_jump(end):
        return math.isinf(end) or any(
            abs(end - jump) <= 1e-9 * max(1.0, abs(end)) for jump in jumps
        )

    return [(a, b) for a, b in intervals if is_jump(a) and is_jump(b)]


def _exact_zero_intervals(f, df, scan: _Scan) -> list[tuple[float, float]]:
    runs = _zero_intervals(scan.values, _GRID, lambda x: float(f(x)) == 0.0 and float(df(x)) == 0.0)
    return _at_jumps([(a, b) for a, b in runs], scan)


def _dead_intervals(df, scan: _Scan) -> list[tuple[float, float]]:
    runs = _zero_intervals(scan.slopes, _GRID, lambda x: float(df(x)) == 0.0)
    return _at_jumps([(a, b) for a, b in runs], scan)


def breakpoints(activation: Activation, **params) -> list[float]:
    """Where f or f' jumps (kinks and steps), in increasing order."""
    f, df, _ = _bound(activation, params)
    return _scan(f, df).breakpoints


def curvature_jumps(activation: Activation, **params) -> list[float]:
    """Where f'' jumps (softsign and ELU at 0), in increasing order.

    A quadrature panel across such a point converges slowly, so integrals split there too.
    Points where f' jumps (see :func:`breakpoints`) may show up here as well. The search
    finds a jump to about 2e-7; one that close to a multiple of 2^-16 (0, ±3) is taken to
    be there, which keeps panels symmetric where the function is.
    """
    _, df, _ = _bound(activation, params)
    return _curvature_jumps(df)


def _curvature_jumps(df) -> list[float]:
    found = _slope_jump_locations(df, _GRID)
    snapped = [round(x * 65536.0) / 65536.0 for x in found]
    return sorted({s if abs(s - x) <= 1e-6 else x for s, x in zip(snapped, found, strict=True)})


def zero_value_intervals(activation: Activation, **params) -> list[tuple[float, float]]:
    """The intervals on which f is exactly 0 (ReLU: [(-inf, 0)]); ends may be ±inf."""
    f, df, _ = _bound(activation, params)
    return _exact_zero_intervals(f, df, _scan(f, df))


def dead_intervals(activation: Activation, **params) -> list[tuple[float, float]]:
    """The intervals on which f' is exactly 0 (dead neurons); ends may be ±inf."""
    f, df, _ = _bound(activation, params)
    return _dead_intervals(df, _scan(f, df))


# ---- public API ---------------------------------------------------------------------------


def derivative_magnitude_peak(activation: Activation, **params) -> tuple[float, float]:
    """``(x, |f'(x)|)`` where ``|f'|`` is largest on [-40, 40], leftmost on a plateau.

    Cheap enough to run on every parameter step (the GUI's saturation shading uses it).
    """
    magnitude = np.abs(activation.derivative(_WIDE_GRID, **params))
    index = int(np.argmax(magnitude))
    best_x, best = float(_WIDE_GRID[index]), float(magnitude[index])
    if 0 < index < _WIDE_GRID.size - 1 and magnitude[index - 1] < best > magnitude[index + 1]:
        refined_x, refined = maximize_bounded(
            lambda x: abs(float(activation.derivative(x, **params))),
            float(_WIDE_GRID[index - 1]),
            float(_WIDE_GRID[index + 1]),
        )
        if refined >= best:
            best_x, best = refined_x, refined
    return best_x, best


@cache
def cost_ns(key: str) -> float:
    """Nanoseconds per element for value + derivative on 1e6 points (default parameters).

    The best of two runs over [-10, 10], measured once per function and cached: the cost
    barely depends on the parameters, and a measurement takes tens of milliseconds.
    """
    activation = get(key)
    x = np.linspace(-10.0, 10.0, COST_POINTS)
    best = math.inf
    for _ in range(2):
        started = time.perf_counter()
        activation.value(x)
        activation.derivative(x)
        best = min(best, time.perf_counter() - started)
    return best / COST_POINTS * 1e9


def describe(activation: Activation, *, measure_cost: bool = True, **params) -> Properties:
    """The comparison-table properties of ``activation`` at ``params`` (defaults if omitted).

    Results are cached per function and parameter values (the analysis takes 10-250 ms).

    Parameters
    ----------
    activation : Activation
    measure_cost : bool, default True
        Measure (or take from the cache) ``cost_ns``; False gives ``nan`` at once.
    **params
        Parameter values, validated like :meth:`Activation.value`.

    Returns
    -------
    Properties
    """
    resolved = activation.resolve(params)
    facts = _describe(activation.key, tuple(sorted(resolved.items())))
    if measure_cost:
        return replace(facts, cost_ns=cost_ns(activation.key))
    return facts


def forget_cached() -> None:
    """Drop every cached analysis and cost: a custom function's key may name another one."""
    cost_ns.cache_clear()
    _describe.cache_clear()


@lru_cache(maxsize=512)
def _describe(key: str, params: tuple[tuple[str, float], ...]) -> Properties:
    return _analyse(get(key), **dict(params))


def _analyse(activation: Activation, **params) -> Properties:
    """Everything :func:`describe` reports, computed from scratch."""
    f, df, resolved = _bound(activation, params)
    grid = _GRID
    scan = _scan(f, df)
    values, slopes = scan.values, scan.slopes
    # A function without a limit at ±inf (sin) reports nan there; such an end adds nothing.
    limits = {side: v for side in (-1.0, 1.0) if not math.isnan(v := float(f(side * math.inf)))}
    slope_limits = {
        side: v for side in (-1.0, 1.0) if not math.isnan(v := float(df(side * math.inf)))
    }

    value_jumps, slope_jumps = scan.value_jumps, scan.slope_jumps
    kinks = tuple(x for x, _ in slope_jumps)
    continuous = not value_jumps
    smooth = continuous and not slope_jumps
    curvature = _curvature_jumps(df)
    if not continuous:
        continuity_order = -1
    elif not smooth:
        continuity_order = 0
    elif curvature:
        continuity_order = 1
    else:
        continuity_order = math.inf
    jumps = scan.breakpoints

    local_minima, local_maxima = _local_extrema(df, grid, slopes)

    # Points of a plateau or kink attain their value; so do local extrema.
    special = set(jumps) | set(local_minima) | set(local_maxima)
    dead_runs = _dead_intervals(df, scan)
    flat = np.zeros(grid.shape, dtype=bool)
    for low_end, high_end in dead_runs:
        flat |= (grid >= low_end) & (grid <= high_end)
    attaining = flat | np.isin(grid, list(special))

    def bound(find_low: bool):
        pick = min if find_low else max
        side_limits = list(limits.values())
        candidates = [float(f(x)) for x in (local_minima if find_low else local_maxima)]
        candidates += [float(f(x)) for x in jumps]
        grid_best = float(pick(values))
        best = pick([grid_best, *candidates, *side_limits])
        attained = any(c == best for c in candidates) or bool(np.any((values == best) & attaining))
        return best, attained

    low, low_attained = bound(True)
    high, high_attained = bound(False)
    value_range = Range(low, high, low_attained, high_attained)

    minimum = None
    if low_attained:
        places = [x for x in (*local_minima, *jumps) if float(f(x)) == low]
        places += [float(x) for x in grid[(values == low) & attaining]]
        where = min(places, key=abs)
        minimum = (_snap(where), low + 0.0)

    peak_x, peak_value = _extremum(df, grid, slopes, find_max=True)
    # A flat top that runs into the left edge of the scan, or a supremum reached only as a
    # limit, lies at infinity (the identity's f' = 1 from -inf on; logsigmoid's at -inf).
    if peak_x == grid[0] and slope_limits.get(-1.0) == peak_value:
        peak_x = -math.inf
    sides_at_sup = [side for side, v in slope_limits.items() if v > peak_value]
    if sides_at_sup:
        best_side = max(sides_at_sup, key=lambda side: (slope_limits[side], -side))
        peak_x, peak_value = best_side * math.inf, slope_limits[best_side]
    peak = (_snap(peak_x), peak_value)
    trough = _extremum(df, grid, slopes, find_max=False)
    derivative_low = min([trough[1], *slope_limits.values()])
    derivative_high = max([peak[1], *slope_limits.values()])

    left, right = _saturates(df, -1.0), _saturates(df, 1.0)
    sides = {(True, True): "both", (True, False): "left", (False, True): "right"}
    saturating_sides = sides.get((left, right), "none")

    sparsity = gaussian_mass(_exact_zero_intervals(f, df, scan))
    # The same panel edges as the Distributions tab's moments: where f, f' or f'' jumps.
    mean_output = gaussian_expectation(f, [*jumps, *curvature])
    tiny = 1e-12
    identity = abs(float(f(0.0))) <= 1e-15 and all(
        abs(float(df(x)) - 1.0) <= 1e-9 for x in (-tiny, 0.0, tiny)
    )
    differences = np.diff(slopes)
    scale = 1e-12 * max(1.0, float(np.max(np.abs(slopes))))
    derivative_monotonic = bool(np.all(differences >= -scale) or np.all(differences <= scale))
    far = df(np.array([-1e150, -1e12, 1e12, 1e150, -np.inf, np.inf]))
    exploding = bool(np.any(np.abs(far) > 1e100) or np.any(np.isinf(far)))

    return Properties(
        key=activation.key,
        params=dict(resolved),
        range=value_range,
        range_attained=(low_attained, high_attained),
        mean_output=mean_output,
        zero_centered=abs(mean_output) <= _ZERO_MEAN_TOLERANCE,
        derivative_peak=peak,
        minimum=minimum,
        saturating_sides=saturating_sides,
        vanishing_gradient=saturating_sides == "both",
        sparsity=sparsity,
        continuous=continuous,
        smooth=smooth,
        continuity_order=continuity_order,
        kinks=kinks,
        monotonic=bool(np.all(slopes >= 0.0)) and all(v >= 0 for v in slope_limits.values()),
        identity_near_origin=identity,
        symmetry=_symmetry(f, grid),
        derivative_range=(derivative_low, derivative_high),
        derivative_monotonic=derivative_monotonic,
        exploding_gradient=exploding,
        dead_region=tuple(dead_runs) or None,
        cost_ns=math.nan,
    )
