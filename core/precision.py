"""What low-precision formats do to an activation and its derivative.

Formats: float64, float32 and float16 (numpy's own), bfloat16, float8_e4m3fn and
float8_e5m2 (the ``ml_dtypes`` package, imported on first use). Two ways to compute f in a
format, for an input already in it:

- ``rounded``: the exact value rounded once to the format, the best any implementation
  can do (the core's float64 value stands for the exact one: its error is far below the
  formats' ulps, except in float64 itself, where it is within the core's few ulps);
- ``textbook``: the formula as textbooks write it, every operation rounded to the format
  (each computed in float64 and rounded once, which is how numpy's float16 and ml_dtypes'
  ufuncs behave), so overflow, cancellation and early saturation show up.

:func:`landmarks` finds the points a user should know for a function in a format: where it
rounds to its limit, where its derivative rounds to 0, where the textbook form overflows.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.records import Activation

FORMATS = ("float64", "float32", "float16", "bfloat16", "float8_e4m3fn", "float8_e5m2")
METHODS = ("rounded", "textbook")
TEXTBOOK_KEYS = (
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "gelu",
    "gelu_tanh",
    "silu",
    "softplus",
    "mish",
)


@dataclass(frozen=True)
class FormatInfo:
    """A floating-point format's numbers.

    Attributes
    ----------
    name : str
    precision : int
        Significand bits, the hidden one included (float16: 11).
    largest : float
        The largest finite value.
    smallest_normal, smallest_subnormal : float
    has_infinity : bool
        False for float8_e4m3fn, where overflow gives nan.
    """

    name: str
    precision: int
    largest: float
    smallest_normal: float
    smallest_subnormal: float
    has_infinity: bool


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")


@functools.cache
def dtype(fmt: str) -> np.dtype:
    """The numpy dtype of format ``fmt`` (ml_dtypes' for bfloat16 and the float8s)."""
    _check(fmt)
    if fmt in ("float64", "float32", "float16"):
        return np.dtype(fmt)
    import ml_dtypes

    return np.dtype(getattr(ml_dtypes, fmt))


@functools.cache
def info(fmt: str) -> FormatInfo:
    """The numbers of format ``fmt``."""
    _check(fmt)
    if fmt in ("float64", "float32", "float16"):
        finfo = np.finfo(fmt)
    else:
        import ml_dtypes

        finfo = ml_dtypes.finfo(dtype(fmt))
    has_infinity = bool(np.isinf(np.array([np.inf]).astype(dtype(fmt))[0]))
    return FormatInfo(
        name=fmt,
        precision=int(finfo.nmant) + 1,
        largest=float(finfo.max),
        smallest_normal=float(finfo.smallest_normal),
        smallest_subnormal=float(finfo.smallest_subnormal),
        has_infinity=has_infinity,
    )


def round_to(x, fmt: str) -> np.ndarray:
    """``x`` rounded once to format ``fmt`` (to nearest, ties to even), as float64.

    Beyond the largest value a format with infinities gives ±inf, float8_e4m3fn gives nan.
    """
    array = np.asarray(x, dtype=np.float64)
    if fmt == "float64":
        _check(fmt)
        return array.copy()
    with np.errstate(over="ignore", invalid="ignore"):
        return array.astype(dtype(fmt)).astype(np.float64)


def ulp(y, fmt: str) -> np.ndarray:
    """The spacing of format ``fmt``'s numbers at |y| (at the largest value beyond it)."""
    fmt_info = info(fmt)
    magnitude = np.minimum(np.abs(np.asarray(y, dtype=np.float64)), fmt_info.largest)
    _, exponent = np.frexp(magnitude)  # magnitude = m·2^e with m in [0.5, 1)
    spacing = np.ldexp(1.0, exponent - fmt_info.precision)
    return np.maximum(spacing, fmt_info.smallest_subnormal)


# ---- the textbook formulas ------------------------------------------------------------------


def _in(fmt: str) -> Callable[[np.ndarray], np.ndarray]:
    """Round to the format: applied after every operation of a textbook formula."""
    return lambda value: round_to(value, fmt)


def _textbook(key: str, x: np.ndarray, fmt: str, derivative: bool, params: dict) -> np.ndarray:
    """The textbook formula of ``key`` (or its derivative) with each operation in ``fmt``."""
    r = _in(fmt)
    half = r(0.5)

    def sigmoid(u):
        return r(1.0 / r(1.0 + r(np.exp(r(-u)))))

    def tanh_by_exponentials(u):  # the definition: nan once e^u overflows
        up, down = r(np.exp(u)), r(np.exp(r(-u)))
        return r(r(up - down) / r(up + down))

    def tanh(u):  # inside other formulas, the library's tanh: one operation
        return r(np.tanh(u))

    def softplus(u):
        return r(np.log(r(1.0 + r(np.exp(u)))))

    def erf(u):
        from scipy import special

        return r(special.erf(u))

    if key == "sigmoid":
        s = sigmoid(x)
        return r(s * r(1.0 - s)) if derivative else s
    if key == "tanh":
        t = tanh_by_exponentials(x)
        return r(1.0 - r(t * t)) if derivative else t
    if key == "relu":
        return np.where(x > 0, 1.0, 0.0) if derivative else r(np.maximum(x, 0.0))
    if key in ("leaky_relu",):
        alpha = r(params["alpha"])
        if derivative:
            return np.where(x > 0, 1.0, alpha)
        return np.where(x > 0, x, r(alpha * x))
    if key == "elu":
        alpha = r(params["alpha"])
        e = r(np.exp(x))
        if derivative:
            return np.where(x > 0, 1.0, r(alpha * e))
        return np.where(x > 0, x, r(alpha * r(e - 1.0)))
    if key == "gelu":
        scaled = r(x * r(1.0 / math.sqrt(2.0)))
        cdf = r(half * r(1.0 + erf(scaled)))
        if derivative:
            density = r(r(np.exp(r(r(-half) * r(x * x)))) * r(1.0 / math.sqrt(2.0 * math.pi)))
            return r(cdf + r(x * density))
        return r(x * cdf)
    if key == "gelu_tanh":
        c, k = r(math.sqrt(2.0 / math.pi)), r(0.044715)
        u = r(c * r(x + r(k * r(r(x * x) * x))))
        t = tanh(u)
        if derivative:
            du = r(c * r(1.0 + r(r(3.0 * k) * r(x * x))))
            return r(r(half * r(1.0 + t)) + r(r(r(half * x) * r(1.0 - r(t * t))) * du))
        return r(r(half * x) * r(1.0 + t))
    if key == "silu":
        beta = r(params["beta"])
        s = sigmoid(r(beta * x))
        if derivative:
            return r(s + r(r(beta * x) * r(s * r(1.0 - s))))
        return r(x * s)
    if key == "softplus":
        beta = r(params["beta"])
        if derivative:
            return sigmoid(r(beta * x))
        return r(softplus(r(beta * x)) / beta)
    if key == "mish":
        t = tanh(softplus(x))
        if derivative:
            return r(t + r(r(x * r(1.0 - r(t * t))) * sigmoid(x)))
        return r(x * t)
    raise ValueError(f"no textbook formula for {key!r}; those with one: {', '.join(TEXTBOOK_KEYS)}")


TEXTBOOK_FORMULAS = {
    "sigmoid": ("1/(1 + e^−x)", "σ(1 − σ)"),
    "tanh": ("(e^x − e^−x)/(e^x + e^−x)", "1 − tanh²"),
    "relu": ("max(x, 0)", "step"),
    "leaky_relu": ("x or αx", "1 or α"),
    "elu": ("x or α(e^x − 1)", "1 or αe^x"),
    "gelu": ("x·½(1 + erf(x/√2))", "½(1 + erf(x/√2)) + x·φ(x)"),
    "gelu_tanh": ("½x(1 + tanh(√(2/π)(x + 0.044715x³)))", "½(1 + t) + ½x(1 − t²)u′"),
    "silu": ("x/(1 + e^−βx)", "σ + βxσ(1 − σ)"),
    "softplus": ("log(1 + e^βx)/β", "1/(1 + e^−βx)"),
    "mish": ("x·tanh(log(1 + e^x))", "t + x(1 − t²)σ"),
}


def evaluate(
    act: Activation,
    x,
    fmt: str,
    method: str = "rounded",
    derivative: bool = False,
    **params,
) -> np.ndarray:
    """f(x) (or f'(x)) of ``act`` in format ``fmt``, for x first rounded to the format.

    Parameters
    ----------
    method : "rounded" or "textbook"
        ``rounded``: the exact value rounded once. ``textbook``: the textbook formula
        (:data:`TEXTBOOK_FORMULAS`) with every operation in the format; for the functions
        of :data:`TEXTBOOK_KEYS` only.

    Returns
    -------
    ndarray of float64 holding values of the format.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    resolved = act.resolve(params)
    x_in = round_to(x, fmt)
    if method == "rounded":
        exact = act.derivative(x_in, **resolved) if derivative else act.value(x_in, **resolved)
        return round_to(exact, fmt)
    with np.errstate(all="ignore"):
        return np.asarray(_textbook(act.key, x_in, fmt, derivative, resolved), dtype=np.float64)


def ulp_error(
    act: Activation, x, fmt: str, method: str = "rounded", derivative: bool = False, **params
) -> np.ndarray:
    """|computed − exact| in ulps of ``fmt`` at the exact value, for x rounded to the
    format; inf where the computed value is inf or nan and the exact one is not."""
    x_in = round_to(x, fmt)
    resolved = act.resolve(params)
    exact = act.derivative(x_in, **resolved) if derivative else act.value(x_in, **resolved)
    computed = evaluate(act, x_in, fmt, method, derivative, **resolved)
    with np.errstate(all="ignore"):
        error = np.abs(computed - exact) / ulp(exact, fmt)
    same = (computed == exact) | (np.isnan(computed) & np.isnan(exact))
    error = np.where(same, 0.0, error)
    broken = ~np.isfinite(computed) & np.isfinite(exact)
    return np.where(broken, np.inf, error)


def naive_softmax(z, fmt: str, accumulator: str | None = None, temperature: float = 1.0):
    """The textbook ``exp(z/T) / Σ exp(z/T)`` without the max-shift, in format ``fmt``.

    Each logit, quotient and exponential is rounded to ``fmt``; the sum is held in the
    ``accumulator`` format (default ``fmt``): the exact sum of the rounded exponentials,
    rounded once, the best an accumulator of that format can do. So K = 128,000 classes
    at all-zero logits overflow a float16 accumulator (the sum, 128,000, is beyond 65,504)
    and every probability comes out 0, while a float32 accumulator gives 1/128,000.

    Returns
    -------
    ndarray of float64 holding values of ``fmt`` (nan and 0 where the formula fails).
    """
    accumulator = accumulator or fmt
    _check(accumulator)
    if not (temperature > 0 and math.isfinite(temperature)):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    r = _in(fmt)
    with np.errstate(all="ignore"):
        logits = r(np.asarray(z, dtype=np.float64))
        exponentials = r(np.exp(r(logits / r(temperature))))
        finite = exponentials[np.isfinite(exponentials)]
        total = math.fsum(finite) if finite.size == exponentials.size else np.sum(exponentials)
        total = float(round_to(total, accumulator))
        return r(exponentials / total)


# ---- landmarks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Landmark:
    """A point worth knowing: ``kind`` is one of saturates_high, saturates_low,
    derivative_underflow, overflow, textbook_zero, textbook_derivative_zero; ``text`` says
    it in a sentence."""

    x: float
    kind: str
    text: str


def _threshold(
    predicate: Callable[[np.ndarray], np.ndarray], side: float, reach: float, first=False
):
    """The x (on the ``side`` of 0) from which ``predicate`` holds all the way to ``reach``
    (with ``first``: from which it first holds, going out from 0), or None: a grid, then
    bisection between the last point where it failed and the next."""
    grid = side * np.concatenate([[0.0], np.geomspace(1e-3, reach, 4000)])
    holds = np.asarray(predicate(grid), dtype=bool)
    if holds[0]:
        return None  # holds from 0 on: not a property of the format
    if first:
        holding = np.nonzero(holds)[0]
        if holding.size == 0:
            return None
        low, high = grid[holding[0] - 1], grid[holding[0]]
    else:
        if not holds[-1]:
            return None
        failing = np.nonzero(~holds)[0]
        low, high = grid[failing[-1]], grid[failing[-1] + 1]
    for _ in range(200):
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        if bool(predicate(np.array([middle]))[0]):
            high = middle
        else:
            low = middle
    return float(high)


def _first_value(where: float | None, fmt: str) -> float | None:
    """The format's own number at a threshold: the predicates round x to the format first,
    so the first x that shows the effect is the threshold rounded."""
    return None if where is None else float(round_to(where, fmt))


def _textbook_zero(act, fmt, side, reach, derivative, resolved) -> float | None:
    """The first x (going out from 0 on ``side``) where the textbook f (or f') is exactly 0
    and the exact value, rounded once, is not."""

    def lost(x):
        textbook = evaluate(act, x, fmt, "textbook", derivative, **resolved)
        rounded = evaluate(act, x, fmt, derivative=derivative, **resolved)
        return (textbook == 0.0) & (rounded != 0.0)

    return _first_value(_threshold(lost, side, reach, first=True), fmt)


def landmarks(act: Activation, fmt: str, **params) -> list[Landmark]:
    """Where ``act`` (at ``params``) meets the limits of format ``fmt``, as points with a
    sentence each: rounding to its limit, its derivative rounding to 0, the textbook form
    overflowing (or returning 0 where the value is not), both sides of 0."""
    resolved = act.resolve(params)
    fmt_info = info(fmt)
    reach = min(fmt_info.largest, 1e6)
    found: list[Landmark] = []
    name = act.name
    with np.errstate(all="ignore"):
        for side, kind in ((1.0, "saturates_high"), (-1.0, "saturates_low")):
            limit = float(act.value(side * math.inf, **resolved))
            if not math.isfinite(limit):
                continue
            rounded_limit = float(round_to(limit, fmt)) + 0.0  # -0 reads as 0

            def saturated(x, rounded_limit=rounded_limit):
                return evaluate(act, x, fmt, **resolved) == rounded_limit

            where = _first_value(_threshold(saturated, side, reach), fmt)
            if where is not None:
                found.append(
                    Landmark(
                        where,
                        kind,
                        f"{name} rounds to its limit {rounded_limit:g} in {fmt} "
                        f"{'from' if side > 0 else 'below'} x ≈ {where:.4g}",
                    )
                )
        for side in (1.0, -1.0):

            def vanished(x):
                return evaluate(act, x, fmt, derivative=True, **resolved) == 0.0

            where = _first_value(_threshold(vanished, side, reach), fmt)
            if where is not None:
                found.append(
                    Landmark(
                        where,
                        "derivative_underflow",
                        f"f′ rounds to 0 in {fmt} {'beyond' if side > 0 else 'below'} "
                        f"x ≈ {where:.4g}: no gradient flows there",
                    )
                )
        if act.key in TEXTBOOK_KEYS:
            for side in (1.0, -1.0):

                def blew_up(x):
                    textbook = evaluate(act, x, fmt, "textbook", **resolved)
                    return ~np.isfinite(textbook) & np.isfinite(act.value(round_to(x, fmt)))

                where = _first_value(_threshold(blew_up, side, reach), fmt)
                if where is not None:
                    value = float(evaluate(act, where, fmt, "textbook", **resolved))
                    found.append(
                        Landmark(
                            where,
                            "overflow",
                            f"the textbook {TEXTBOOK_FORMULAS[act.key][0]} gives {value:g} in "
                            f"{fmt} {'from' if side > 0 else 'below'} x ≈ {where:.4g}",
                        )
                    )
                    continue

                where = _textbook_zero(act, fmt, side, reach, False, resolved)
                if where is not None:
                    found.append(
                        Landmark(
                            where,
                            "textbook_zero",
                            f"the textbook {TEXTBOOK_FORMULAS[act.key][0]} returns 0 in {fmt} "
                            f"{'from' if side > 0 else 'below'} x ≈ {where:.4g}, "
                            "where the value is not 0",
                        )
                    )
            for side in (1.0, -1.0):
                where = _textbook_zero(act, fmt, side, reach, True, resolved)
                if where is not None:
                    found.append(
                        Landmark(
                            where,
                            "textbook_derivative_zero",
                            f"the textbook f′ = {TEXTBOOK_FORMULAS[act.key][1]} is 0 in {fmt} "
                            f"{'from' if side > 0 else 'below'} x ≈ {where:.4g}, where f′ "
                            "is not",
                        )
                    )
    return sorted(found, key=lambda landmark: landmark.x)
