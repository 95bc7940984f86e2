"""core.properties.describe against facts derived by hand and by 50-digit root finding."""

import math

import mpmath as mp
import numpy as np
import pytest

from core import activations
from core.properties import (
    breakpoints,
    cost_ns,
    curvature_jumps,
    derivative_magnitude_peak,
    describe,
    gaussian_expectation,
)
from tests.reference import DERIVATIVE, VALUE

INF = math.inf


def props(key, **params):
    return describe(activations.get(key), measure_cost=False, **params)


@pytest.mark.parametrize(
    ("key", "params", "expected_range", "attained"),
    [
        ("sigmoid", {}, (0.0, 1.0), (False, False)),
        ("tanh", {}, (-1.0, 1.0), (False, False)),
        ("relu", {}, (0.0, INF), (True, False)),
        ("leaky_relu", {}, (-INF, INF), (False, False)),
        ("leaky_relu", {"alpha": 0.0}, (0.0, INF), (True, False)),
        ("prelu", {"alpha": 0.7}, (-INF, INF), (False, False)),
        ("elu", {}, (-1.0, INF), (False, False)),
        ("elu", {"alpha": 2.5}, (-2.5, INF), (False, False)),
        ("elu", {"alpha": 0.0}, (0.0, INF), (True, False)),
        # Extrema exactly on a scan point, where f' = 0 has no sign to change.
        ("gaussian", {}, (0.0, 1.0), (False, True)),
        ("sinc", {}, (-0.21723362821122166, 1.0), (True, True)),
        ("hardswish", {}, (-0.375, INF), (True, False)),
    ],
)
def test_range_and_whether_its_ends_are_attained(key, params, expected_range, attained):
    facts = props(key, **params)
    assert facts.range == pytest.approx(expected_range)
    assert (facts.range.low_attained, facts.range.high_attained) == attained
    assert facts.range_attained == attained


@pytest.mark.parametrize("key", ["gelu", "gelu_tanh"])
def test_gelu_minimum_matches_high_precision_root_finding(key):
    root = mp.findroot(DERIVATIVE[key], mp.mpf(-0.75))
    facts = props(key)
    assert facts.minimum[0] == pytest.approx(float(root), abs=1e-9)
    assert facts.minimum[1] == pytest.approx(float(VALUE[key](root)), abs=1e-12)
    assert facts.range.low == facts.minimum[1] and facts.range.low_attained
    assert -0.171 < facts.minimum[1] < -0.169


def test_derivative_peaks():
    assert props("sigmoid").derivative_peak == pytest.approx((0.0, 0.25), abs=1e-9)
    assert props("tanh").derivative_peak == pytest.approx((0.0, 1.0), abs=1e-9)
    # ReLU's plateau f' = 1 starts at 0: the leftmost point of the peak.
    assert props("relu").derivative_peak == (0.0, 1.0)
    # GELU'' = φ(x)(2 - x²): the peak is at √2 with value Φ(√2) + √2 φ(√2).
    x, value = props("gelu").derivative_peak
    assert x == pytest.approx(math.sqrt(2), abs=1e-8)
    assert value == pytest.approx(float(DERIVATIVE["gelu"](mp.sqrt(2))), abs=1e-14)
    assert props("elu", alpha=3.0).derivative_peak == (0.0, 3.0)


def test_zero_centred_in_the_brief_sense():
    assert props("tanh").zero_centered
    for key in ("sigmoid", "relu", "leaky_relu", "gelu", "elu"):
        assert not props(key).zero_centered, key
    assert props("relu").mean_output == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-12)
    assert props("gelu").mean_output == pytest.approx(1 / (2 * math.sqrt(math.pi)), abs=1e-12)
    assert props("sigmoid").mean_output == pytest.approx(0.5, abs=1e-12)
    # ELU: E[x; x>0] + α E[e^x - 1; x<0] = φ(0) + α(e^{1/2} Φ(-1) - 1/2).
    alpha = 1.7
    exact = 1 / math.sqrt(2 * math.pi) + alpha * (
        math.exp(0.5) * 0.5 * math.erfc(1 / math.sqrt(2)) - 0.5
    )
    assert props("elu", alpha=alpha).mean_output == pytest.approx(exact, abs=1e-10)


def test_vanishing_gradients_and_saturation_sides():
    for key in ("sigmoid", "tanh"):
        assert props(key).vanishing_gradient and props(key).saturating_sides == "both"
    for key in ("relu", "elu", "gelu", "gelu_tanh"):
        assert not props(key).vanishing_gradient and props(key).saturating_sides == "left"
    assert props("leaky_relu").saturating_sides == "none"


def test_sparsity_is_exact():
    assert props("relu").sparsity == 0.5
    assert props("leaky_relu", alpha=0.0).sparsity == 0.5
    for key in ("sigmoid", "tanh", "leaky_relu", "elu", "gelu"):
        assert props(key).sparsity == 0.0, key


def test_smoothness_and_continuity_order():
    for key in ("sigmoid", "tanh", "gelu", "gelu_tanh"):
        facts = props(key)
        assert facts.smooth and facts.continuity_order == math.inf and facts.kinks == ()
    relu = props("relu")
    assert relu.continuous and not relu.smooth and relu.continuity_order == 0
    assert relu.kinks == pytest.approx((0.0,), abs=1e-300)
    assert props("elu").smooth and props("elu").continuity_order == 1  # C¹ only at α = 1
    assert not props("elu", alpha=0.5).smooth and props("elu", alpha=0.5).continuity_order == 0
    assert props("leaky_relu", alpha=1.0).continuity_order == math.inf  # the identity


def test_shape_facts():
    assert props("sigmoid").monotonic and not props("gelu").monotonic
    assert props("relu").monotonic  # non-decreasing: f' ≥ 0
    assert props("tanh").identity_near_origin and props("elu").identity_near_origin
    for key in ("sigmoid", "relu", "leaky_relu", "gelu"):
        assert not props(key).identity_near_origin, key
    assert props("tanh").symmetry == "odd"
    assert props("sigmoid").symmetry == "none" and props("relu").symmetry == "none"
    assert props("leaky_relu", alpha=1.0).symmetry == "odd"


def test_derivative_range_and_monotonicity():
    assert props("sigmoid").derivative_range == pytest.approx((0.0, 0.25))
    low, high = props("gelu").derivative_range
    # GELU' is lowest and highest where GELU'' = φ(x)(2 - x²) vanishes, near ∓1.4.
    trough = mp.findroot(lambda x: mp.diff(DERIVATIVE["gelu"], x), mp.mpf(-1.4))
    peak = mp.findroot(lambda x: mp.diff(DERIVATIVE["gelu"], x), mp.mpf(1.4))
    assert low == pytest.approx(float(DERIVATIVE["gelu"](trough)), abs=1e-12)
    assert high == pytest.approx(float(DERIVATIVE["gelu"](peak)), abs=1e-12)
    assert props("relu").derivative_monotonic and props("elu").derivative_monotonic
    assert not props("elu", alpha=2.0).derivative_monotonic  # rises to α, then drops to 1
    assert not props("sigmoid").derivative_monotonic


def test_dead_regions():
    assert props("relu").dead_region == ((-INF, 0.0),)
    assert props("elu", alpha=0.0).dead_region == ((-INF, 0.0),)
    for key in ("sigmoid", "tanh", "leaky_relu", "gelu", "gelu_tanh", "elu"):
        assert props(key).dead_region is None, key
    assert not any(props(key).exploding_gradient for key in activations.keys())


def test_properties_follow_parameters_through_the_registry_validation():
    with pytest.raises(ValueError, match="alpha"):
        props("elu", alpha=-1.0)


def test_cost_is_measured_and_cached():
    # How fast is for benchmarks/bench_core.py to say; here only that a cost exists and stays.
    first = cost_ns("relu")
    assert math.isfinite(first) and first > 0.0
    assert cost_ns("relu") == first
    assert describe(activations.get("relu")).cost_ns == first


def test_magnitude_peak_for_shading():
    assert derivative_magnitude_peak(activations.get("sigmoid"))[1] == pytest.approx(0.25)
    assert derivative_magnitude_peak(activations.get("elu"), alpha=4.0)[1] == pytest.approx(4.0)


@pytest.mark.parametrize("key", ["tanh", "arctan", "softsign", "hardtanh", "sinusoid"])
def test_an_odd_function_has_mean_exactly_zero_under_a_centred_gaussian(key):
    # The Distributions tab shows E[f(x)] as "exact": 0, not the 5.6e-17 that summing the
    # nodes left to right leaves behind.
    activation = activations.get(key)
    breaks = breakpoints(activation) + curvature_jumps(activation)
    assert gaussian_expectation(activation.value, breaks) == 0.0
    shifted = gaussian_expectation(activation.value, breaks, 0.5, 2.0)
    reference = mp.quad(
        lambda x: float(activation.value(float(x))) * mp.npdf(x, 0.5, 2.0), [-80, -1, 0, 1, 80]
    )
    assert shifted == pytest.approx(float(reference), rel=1e-9)


def test_true_runs_finds_every_maximal_run():
    from core.properties import true_runs

    mask = np.array([1, 1, 0, 0, 1, 0, 1, 1, 1], dtype=bool)
    assert true_runs(mask) == [(0, 1), (4, 4), (6, 8)]
    assert true_runs(np.zeros(4, dtype=bool)) == []
    assert true_runs(np.ones(3, dtype=bool)) == [(0, 2)]


def test_extrema_on_scan_points_are_found():
    assert props("hardswish").minimum == (-1.5, -0.375)
    assert props("gaussian").range.high == 1.0 == float(activations.get("gaussian").value(0.0))
    assert props("sinc").range.high_attained


@pytest.mark.parametrize("key", activations.keys())
def test_every_value_the_function_takes_is_inside_its_range_and_attained_ends_are_said(key):
    """Any value f takes at a finite point lies within the reported range, and a reported end
    that f takes somewhere is marked attained (the checks that missed the Gaussian's top).

    An end that is also f's limit at ±inf is exempt: tanh(20) rounds to 1 in float64, yet 1
    is only approached.
    """
    facts = props(key)
    activation = activations.get(key)
    x = np.concatenate([np.linspace(-20.0, 20.0, 8001), np.linspace(-3.0, 3.0, 6001)])
    values = activation.value(x)
    values = values[np.isfinite(values)]
    low, high = facts.range
    assert low <= values.min() and values.max() <= high
    limits = set(activation.value(np.array([-np.inf, np.inf])).tolist())
    if values.min() == low and low not in limits:
        assert facts.range.low_attained, f"{key} takes {low} but its range says it does not"
    if values.max() == high and high not in limits:
        assert facts.range.high_attained, f"{key} takes {high} but its range says it does not"


@pytest.mark.parametrize(("key", "params"), [("absolute", {}), ("elu", {"alpha": 0.0})])
def test_no_negative_zero_and_no_kink_twice(key, params):
    facts = props(key, **params)
    assert len(set(facts.kinks)) == len(facts.kinks) == 1
    for number in (*facts.kinks, *facts.range, *(facts.minimum or ())):
        assert math.copysign(1.0, number) > 0 or number != 0.0, f"{key} reports -0.0"
