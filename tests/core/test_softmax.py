"""core.softmax: accuracy against mpmath, stability, properties and argument checks."""

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core import softmax

EPS = np.finfo(float).eps


def _exact_softmax(logits, temperature):
    values = [mp.mpf(float(z)) / mp.mpf(temperature) for z in logits]
    top = max(values)
    weights = [mp.exp(v - top) for v in values]
    total = mp.fsum(weights)
    return [w / total for w in weights], [v - top - mp.log(total) for v in values]


def _random_logit_vectors():
    rng = np.random.default_rng(5)
    cases = [rng.normal(0, scale, size) for scale in (1, 10, 100) for size in (2, 5, 17)]
    cases += [np.array([1e308, -1e308, 0.0]), np.array([50.0, 0.0, -3.0]), np.array([-7.5] * 4)]
    cases += [np.array([1e-300, -1e-300]), np.array([700.0, -700.0, 1.0])]
    return cases


@pytest.mark.parametrize("temperature", [0.05, 1.0, 3.0, 7.5])
@pytest.mark.parametrize("logits", _random_logit_vectors(), ids=lambda z: f"K{len(z)}")
def test_softmax_and_log_softmax_against_mpmath(logits, temperature):
    probabilities = softmax.softmax(logits, temperature)
    log_probabilities = softmax.log_softmax(logits, temperature)
    exact_p, exact_log = _exact_softmax(logits, temperature)
    top = max(mp.mpf(float(z)) for z in logits)
    for i, (p, lp) in enumerate(zip(probabilities, log_probabilities, strict=True)):
        # The condition of exp at the shifted logit.
        condition = max(1.0, float(abs(mp.mpf(float(logits[i])) - top) / mp.mpf(temperature)))
        if exact_p[i] < mp.mpf("1e-290"):
            assert p <= 1e-300
        else:
            assert abs(mp.mpf(float(p)) - exact_p[i]) <= 16 * EPS * condition * exact_p[i]
        # A log-probability within the float range must come out finite (-2.67e307 for
        # 1e308 against -1e308 at T = 7.5), however the logits' difference overflows.
        if abs(exact_log[i]) < mp.mpf(np.finfo(float).max):
            assert math.isfinite(lp), (i, lp, exact_log[i])
            assert abs(mp.mpf(float(lp)) - exact_log[i]) <= 16 * EPS * condition * max(
                1, abs(exact_log[i])
            )
        else:
            assert lp == -math.inf


def test_huge_losses_stay_finite_when_they_are():
    logits = np.array([1e308, -1e308])
    exact = mp.mpf(2) * mp.mpf(1e308) / mp.mpf(7.5)
    assert softmax.cross_entropy(logits, 1, temperature=7.5) == pytest.approx(float(exact))
    assert softmax.cross_entropy(logits, 1, temperature=0.5) == math.inf  # 4e308: overflows


def test_cross_entropy_keeps_tiny_losses():
    loss = softmax.cross_entropy([50.0, 0.0, 0.0], 0)
    exact = mp.log1p(2 * mp.exp(-50))
    assert loss == pytest.approx(float(exact), rel=1e-14)
    gradient = softmax.cross_entropy_grad([50.0, 0.0, 0.0], 0)
    assert gradient[0] == pytest.approx(-float(2 * mp.exp(-50) / (1 + 2 * mp.exp(-50))), rel=1e-14)


def test_jacobian_diagonal_stays_accurate_for_a_near_certain_class():
    jacobian = softmax.jacobian([40.0, 0.0])
    exact_tail = mp.exp(-40) / (1 + mp.exp(-40))
    assert jacobian[0, 0] == pytest.approx(float(exact_tail * (1 - exact_tail)), rel=1e-14)


def test_infinities_and_nan():
    np.testing.assert_array_equal(softmax.softmax([np.inf, 0.0, -np.inf]), [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(softmax.softmax([np.inf, np.inf, 1.0]), [0.5, 0.5, 0.0])
    np.testing.assert_array_equal(softmax.softmax([-np.inf, -np.inf]), [0.5, 0.5])
    assert np.isnan(softmax.softmax([np.nan, 1.0])).all()
    np.testing.assert_array_equal(softmax.softmax([1e308, -1e308]), [1.0, 0.0])
    assert softmax.entropy([np.inf, 0.0]) == 0.0
    assert math.copysign(1.0, softmax.cross_entropy([1e308, 0.0], 0)) == 1.0  # 0.0, not -0.0


def test_no_floating_point_warnings_for_extreme_logits():
    cases = [
        [1e308, -1e308],
        [np.finfo(float).max, -np.finfo(float).max, 0.0],
        [np.inf, 0.0, -np.inf],
        [-np.inf, -np.inf],
        [np.nan, 1.0],
    ]
    with np.errstate(all="raise"):
        for logits in cases:
            for temperature in (0.01, 1.0, 100.0):
                softmax.softmax(logits, temperature)
                softmax.log_softmax(logits, temperature)
                softmax.jacobian(logits, temperature)
                softmax.entropy(logits, temperature)
                softmax.cross_entropy(logits, 0, temperature)
                softmax.cross_entropy_grad(logits, 0, temperature)


finite_logits = arrays(
    np.float64,
    st.integers(1, 12),
    elements=st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=80, deadline=None)
@given(logits=finite_logits, temperature=st.floats(0.01, 100.0))
def test_probabilities_sum_to_one_and_are_shift_invariant(logits, temperature):
    probabilities = softmax.softmax(logits, temperature)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(probabilities >= 0)
    shifted = softmax.softmax(logits + 123.25, temperature)
    np.testing.assert_allclose(shifted, probabilities, rtol=1e-9, atol=1e-15)


@settings(max_examples=40, deadline=None)
@given(
    logits=arrays(np.float64, st.integers(2, 8), elements=st.floats(-5, 5), unique=True).filter(
        lambda z: np.sort(z)[-1] - np.sort(z)[-2] > 1e-3
    )
)
def test_low_temperature_approaches_one_hot(logits):
    probabilities = softmax.softmax(logits, temperature=1e-5)
    expected = np.zeros_like(logits)
    expected[np.argmax(logits)] = 1.0
    np.testing.assert_allclose(probabilities, expected, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    logits=arrays(np.float64, st.integers(2, 8), elements=st.floats(-5, 5)),
    temperature=st.floats(0.2, 5.0),
)
def test_jacobian_and_loss_gradient_match_finite_differences(logits, temperature):
    jacobian = softmax.jacobian(logits, temperature)
    np.testing.assert_allclose(jacobian, jacobian.T, atol=1e-15)
    np.testing.assert_allclose(jacobian.sum(axis=0), 0.0, atol=1e-12)
    step = 1e-6
    for j in range(len(logits)):
        bump = np.zeros_like(logits)
        bump[j] = step
        column = (
            softmax.softmax(logits + bump, temperature)
            - softmax.softmax(logits - bump, temperature)
        ) / (2 * step)
        np.testing.assert_allclose(jacobian[:, j], column, atol=1e-7)
        loss_slope = (
            softmax.cross_entropy(logits + bump, 0, temperature)
            - softmax.cross_entropy(logits - bump, 0, temperature)
        ) / (2 * step)
        gradient = softmax.cross_entropy_grad(logits, 0, temperature)
        assert gradient[j] == pytest.approx(loss_slope, abs=1e-6)


def test_entropy_bounds():
    assert softmax.entropy([2.0, 2.0, 2.0, 2.0]) == pytest.approx(math.log(4))
    assert softmax.entropy([1000.0, 0.0]) == pytest.approx(0.0, abs=1e-300)


def test_two_dimensional_batches_work_row_by_row():
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 1e308]])
    np.testing.assert_allclose(softmax.softmax(batch)[0], softmax.softmax(batch[0]))
    assert softmax.jacobian(batch).shape == (2, 3, 3)
    losses = softmax.cross_entropy(batch, [2, 0])
    assert losses.shape == (2,)
    assert losses[1] > 1e300


def test_float32_stays_float32():
    assert softmax.softmax(np.float32([1, 2, 3])).dtype == np.float32
    assert softmax.jacobian(np.float32([1, 2, 3])).dtype == np.float32


@pytest.mark.parametrize("temperature", [0.0, -1.0, math.nan, math.inf, "hot"])
def test_bad_temperature_names_the_range(temperature):
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        softmax.softmax([1.0, 2.0], temperature)


@pytest.mark.parametrize("target", [-1, 3, 1.5, "a"])
def test_bad_target_names_the_range(target):
    with pytest.raises(ValueError, match=r"target must be a class index in \[0, 2\]"):
        softmax.cross_entropy([1.0, 2.0, 3.0], target)


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="at least one class"):
        softmax.softmax([])
    with pytest.raises(ValueError, match="1-D"):
        softmax.softmax(np.zeros((2, 2, 2)))


def test_naive_softmax_overflows_where_the_stable_one_does_not():
    logits = [100.0, 1.0, 0.0]
    with np.errstate(all="raise"):
        single = softmax.naive_softmax(logits, dtype=np.float32)
        double = softmax.naive_softmax(logits, dtype=np.float64)
        huge = softmax.naive_softmax([1000.0, 0.0])
    assert single.dtype == np.float32 and np.isnan(single[0])  # exp(100) overflows float32
    np.testing.assert_allclose(double, softmax.softmax(logits), rtol=1e-12)
    assert np.isnan(huge[0]) and not np.isnan(softmax.softmax([1000.0, 0.0])).any()
