"""Sparsemax and α-entmax: published values, the α limits, any logits, exact Jacobians."""

import math

import mpmath as mp
import numpy as np
import pytest

from core import softmax as sm

EXAMPLE = [-2.0, 0.0, 0.5]


def test_the_published_values():
    np.testing.assert_allclose(sm.sparsemax(EXAMPLE), [0.0, 0.25, 0.75], rtol=0, atol=1e-16)
    root = math.sqrt(31.0)
    expected = [0.0, (16 - root) / 32, (16 + root) / 32]
    np.testing.assert_allclose(sm.entmax(EXAMPLE, 1.5), expected, rtol=1e-15, atol=0)
    assert sm.sparsemax(EXAMPLE)[0] == 0.0 and sm.entmax(EXAMPLE, 1.5)[0] == 0.0  # exact zeros


def test_alpha_one_is_softmax_two_is_sparsemax_and_the_limits_agree():
    z = np.random.default_rng(1).normal(0.0, 2.0, 12)
    np.testing.assert_array_equal(sm.entmax(z, 1.0), sm.softmax(z))
    np.testing.assert_array_equal(sm.entmax(z, 2.0), sm.sparsemax(z))
    np.testing.assert_allclose(sm.entmax(z, 1.0001), sm.softmax(z), rtol=2e-3, atol=1e-6)
    np.testing.assert_allclose(sm.entmax(z, 1.9999999), sm.sparsemax(z), atol=1e-6)
    # The closed form at 1.5 and the bisection next to it agree.
    np.testing.assert_allclose(sm.entmax(z, 1.5), sm.entmax(z, 1.5 + 1e-12), atol=1e-10)
    # Larger α: sparser.
    supports = [np.count_nonzero(sm.entmax(z, alpha)) for alpha in (1.0, 1.25, 1.5, 2.0, 3.0)]
    assert supports == sorted(supports, reverse=True) and supports[-1] < supports[0]


def test_temperature_divides_the_logits():
    z = np.array([3.0, 2.0, 1.0, 0.0, -1.0])
    np.testing.assert_allclose(sm.entmax(z, 1.7, 2.0), sm.entmax(z / 2.0, 1.7), rtol=1e-14)
    np.testing.assert_allclose(sm.sparsemax(z, 0.5), sm.sparsemax(2.0 * z), rtol=1e-14)


@pytest.mark.parametrize("alpha", [1.25, 1.5, 2.0, 2.5, 3.0])
def test_any_finite_logits_sum_to_one_without_warnings(alpha):
    rng = np.random.default_rng(7)
    cases = [
        rng.normal(0.0, 3.0, 10_000),
        np.array([1e300, -1e300, 5e299, 0.0]),
        np.array([1e-300, 0.0, -1e-300]),
        np.array([7.0]),
        np.full(50, 2.5),
        rng.normal(0.0, 1.0, (4, 30)),
    ]
    with np.errstate(all="raise"):
        for z in cases:
            p = sm.entmax(z, alpha)
            assert p.shape == np.shape(z) and np.all(p >= 0.0)
            np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-14)
    np.testing.assert_allclose(sm.entmax(np.full(50, 2.5), alpha), 1 / 50)
    assert np.isnan(sm.entmax([0.0, np.nan], alpha)).all()
    with pytest.raises(ValueError, match="alpha"):
        sm.entmax([0.0], 0.5)


def _mp_entmax(z, alpha):
    """α-entmax in 50 digits: τ by bisection, for the Jacobian's reference."""
    with mp.workdps(50):
        x = [(alpha - 1) * mp.mpf(v) for v in z]
        power = 1 / (alpha - 1)
        top = max(x)
        low, high = top - 1, top - mp.mpf(len(x)) ** (1 - alpha)
        for _ in range(400):
            middle = (low + high) / 2
            total = sum(max(v - middle, 0) ** power for v in x)
            low, high = (middle, high) if total >= 1 else (low, middle)
        return [max(v - low, 0) ** power for v in x]


@pytest.mark.parametrize("alpha", [1.5, 2.0, 1.3, 2.7])
def test_the_jacobian_matches_differences_of_a_50_digit_entmax(alpha):
    z = [0.3, -0.2, 1.1, 0.9, -3.0]
    jacobian = sm.entmax_jacobian(z, alpha)
    with mp.workdps(50):
        step = mp.mpf(10) ** -20
        for j in range(len(z)):
            up = list(map(mp.mpf, z))
            down = list(map(mp.mpf, z))
            up[j] += step
            down[j] -= step
            column = [
                (a - b) / (2 * step)
                for a, b in zip(_mp_entmax(up, alpha), _mp_entmax(down, alpha), strict=True)
            ]
            np.testing.assert_allclose(jacobian[:, j], [float(v) for v in column], atol=1e-12)
    # Softmax's Jacobian at α = 1, rows summing to 0 for every α.
    np.testing.assert_array_equal(sm.entmax_jacobian(z, 1.0), sm.jacobian(z))
    np.testing.assert_allclose(jacobian.sum(axis=0), 0.0, atol=1e-15)
