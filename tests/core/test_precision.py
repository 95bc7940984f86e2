"""core.precision: rounding to a format, the textbook formulas in it, and the landmarks, each
threshold checked against mpmath."""

import math

import mpmath as mp
import numpy as np
import pytest

from core import activations, precision

ml_dtypes = pytest.importorskip("ml_dtypes")

LOW_FORMATS = ("float32", "float16", "bfloat16", "float8_e4m3fn", "float8_e5m2")


def _numbers():
    rng = np.random.default_rng(5)
    magnitudes = 10.0 ** rng.uniform(-45, 40, 4000)
    values = magnitudes * rng.choice([-1.0, 1.0], magnitudes.size)
    # Ties and near-ties of every format's grid, and the edges.
    ties = np.array([1 + 2**-8, 1 + 2**-11, 1 + 2**-4, 1 + 2**-3, 1 + 2**-24, 464.0, 480.0])
    edges = [0.0, -0.0, 65504.0, 65520.0, 448.0, 57344.0, 6e-8, 3e-8, np.inf, -np.inf, np.nan]
    return np.concatenate([values, ties, -ties, edges])


@pytest.mark.parametrize("fmt", LOW_FORMATS)
def test_round_to_is_one_cast_to_the_format(fmt):
    x = _numbers()
    with np.errstate(over="ignore"):
        expected = x.astype(precision.dtype(fmt)).astype(np.float64)
    np.testing.assert_array_equal(precision.round_to(x, fmt), expected)
    # Once, not twice through float32: 1 + 2⁻⁸ + 2⁻³⁰ is above bfloat16's midpoint.
    assert precision.round_to(1 + 2**-8 + 2**-30, "bfloat16") == 1 + 2**-7


def test_overflow_is_inf_or_nan_as_the_format_has_it():
    assert precision.round_to(1e6, "float16") == np.inf
    assert precision.round_to(-1e6, "float8_e5m2") == -np.inf
    assert math.isnan(precision.round_to(1e6, "float8_e4m3fn"))  # no infinity in e4m3fn
    assert precision.info("float8_e4m3fn").largest == 448.0
    assert not precision.info("float8_e4m3fn").has_infinity


@pytest.mark.parametrize("fmt", LOW_FORMATS)
@pytest.mark.parametrize("key", ["sigmoid", "tanh", "gelu", "gelu_tanh", "elu", "mish", "silu"])
def test_rounded_is_within_half_an_ulp_everywhere(fmt, key):
    act = activations.get(key)
    x = np.concatenate([np.linspace(-30.0, 30.0, 3001), -(10.0 ** np.linspace(-6, 4, 200))])
    for derivative in (False, True):
        error = precision.ulp_error(act, x, fmt, "rounded", derivative)
        assert np.nanmax(error) <= 0.5, (key, fmt, derivative)


def _first_format_value_at_or_above(threshold: float, fmt: str) -> float:
    value = float(precision.round_to(threshold, fmt))
    if value < threshold:
        value += float(precision.ulp(value, fmt))
    return value


def _landmark(key, fmt, kind, positive=True):
    found = [
        landmark
        for landmark in precision.landmarks(activations.get(key), fmt)
        if landmark.kind == kind and (landmark.x > 0) == positive
    ]
    assert len(found) == 1, (key, fmt, kind, precision.landmarks(activations.get(key), fmt))
    return found[0]


SIGNIFICAND_BITS = {"float16": 11, "bfloat16": 8, "float32": 24}


@pytest.mark.parametrize("fmt", ["float16", "bfloat16", "float32"])
def test_sigmoid_and_tanh_round_to_one_where_mpmath_says(fmt):
    # Just below 1 the spacing is 2^-p: a value rounds to 1 once 1 - v <= 2^-(p+1).
    half_gap = mp.mpf(2) ** -(SIGNIFICAND_BITS[fmt] + 1)
    with mp.workdps(50):
        sigmoid_at = float(mp.log(1 / half_gap - 1))  # σ(-x) = half_gap
        tanh_at = float(mp.log(2 / half_gap - 1) / 2)  # 2/(e^{2x} + 1) = half_gap
    landmark = _landmark("sigmoid", fmt, "saturates_high")
    assert landmark.x == _first_format_value_at_or_above(sigmoid_at, fmt)
    assert "rounds to its limit 1" in landmark.text and fmt in landmark.text
    assert _landmark("tanh", fmt, "saturates_high").x == _first_format_value_at_or_above(
        tanh_at, fmt
    )
    assert (
        _landmark("tanh", fmt, "saturates_low", positive=False).x
        == -_landmark("tanh", fmt, "saturates_high").x
    )


@pytest.mark.parametrize("fmt", ["float16", "bfloat16", "float32"])
def test_sigmoid_derivative_underflows_where_mpmath_says(fmt):
    smallest = precision.info(fmt).smallest_subnormal
    with mp.workdps(50):
        # σ'(x) ≈ e^{-x} rounds to 0 once it is at most half the smallest subnormal.
        target = mp.log(mp.mpf(smallest) / 2)
        at = float(mp.findroot(lambda x: -x - 2 * mp.log1p(mp.exp(-x)) - target, -target))
    landmark = _landmark("sigmoid", fmt, "derivative_underflow")
    assert landmark.x == pytest.approx(_first_format_value_at_or_above(at, fmt), rel=1e-12)


def test_textbook_failures_at_their_known_thresholds_in_float16():
    with mp.workdps(50):
        exp_overflow = float(mp.log(65520))  # e^x rounds to inf in float16 from here
        one_plus_small = float(mp.log(2**11))  # 1 + e^-x rounds to 1 from here
    first_overflow = _first_format_value_at_or_above(exp_overflow, "float16")
    softplus = _landmark("softplus", "float16", "overflow")
    assert softplus.x == first_overflow and "inf" in softplus.text
    tanh = _landmark("tanh", "float16", "overflow")
    assert tanh.x == first_overflow and "nan" in tanh.text
    # The textbook σ(1 − σ) is 0 from where 1 + e^-x rounds to 1 (x ≈ 7.62), though σ' is
    # 4.9e-4 there.
    slope = _landmark("sigmoid", "float16", "textbook_derivative_zero")
    assert slope.x == _first_format_value_at_or_above(one_plus_small, "float16")
    sigmoid = activations.get("sigmoid")
    assert precision.evaluate(sigmoid, slope.x, "float16", "textbook", derivative=True) == 0
    assert precision.evaluate(sigmoid, slope.x, "float16", "rounded", derivative=True) > 4e-4


def test_gelu_tanh_loses_its_negative_tail_in_float16_textbook_form():
    act = activations.get("gelu_tanh")
    landmark = _landmark("gelu_tanh", "float16", "textbook_zero", positive=False)
    x = np.array([landmark.x, -4.0, -5.0])
    assert np.all(precision.evaluate(act, x, "float16", "textbook") == 0.0)
    rounded = precision.evaluate(act, x, "float16", "rounded")
    assert np.all(rounded < 0)  # the exact value, rounded once, is still there
    with mp.workdps(50):
        exact = float(-4 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (-4 - mp.mpf("0.044715") * 64))) / 2)
    assert rounded[1] == float(precision.round_to(exact, "float16"))


def test_ulp_error_counts_a_broken_value_as_infinite():
    act = activations.get("softplus")
    error = precision.ulp_error(act, [1.0, 12.0], "float16", "textbook")
    assert error[0] <= 1.0 and error[1] == np.inf
    with pytest.raises(ValueError, match="format must be one of"):
        precision.round_to(1.0, "float12")
    with pytest.raises(ValueError, match="no textbook formula"):
        precision.evaluate(activations.get("sinc"), 1.0, "float16", "textbook")
