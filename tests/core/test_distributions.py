"""core.distributions.output_stats against closed forms and 50-digit quadrature."""

import math

import mpmath as mp
import numpy as np
import pytest

from core import activations
from core.distributions import output_stats, sample_stats
from tests.reference import VALUE


@pytest.fixture(scope="module", autouse=True)
def _thirty_digits():
    """The quadrature references need 30 digits, not the 50 of tests/core/conftest.py."""
    with mp.workdps(30):
        yield


def reference_moments(key, mean, std, **params):
    """Mean and std of f(x), x ~ N(mean, std²), by mpmath quadrature split at 0."""

    def density(x):
        return mp.npdf(x, mean, std)

    def f(x):
        return VALUE[key](x, **params)

    low, high = mean - 40 * std, mean + 40 * std
    points = [low, 0, high] if low < 0 < high else [low, high]
    first = mp.quad(lambda x: f(x) * density(x), points)
    second = mp.quad(lambda x: (f(x) - first) ** 2 * density(x), points)
    return float(first), float(mp.sqrt(second))


@pytest.mark.parametrize(
    ("key", "mean", "std", "params"),
    [
        ("sigmoid", 0.0, 1.0, {}),
        ("tanh", 0.7, 0.3, {}),
        ("relu", -1.0, 2.0, {}),
        ("elu", 0.5, 1.5, {"alpha": 2.0}),
        ("gelu", 0.0, 1.0, {}),
        ("gelu", -2.0, 0.5, {}),
        ("gelu_tanh", 1.0, 3.0, {}),
        ("leaky_relu", 0.0, 4.0, {"alpha": 0.3}),
        # C¹ only (f'' jumps at 0), with 0 inside a quadrature panel: it must split there.
        ("softsign", 0.5, 2.0, {}),
        ("elu", 0.3, 1.0, {}),
        ("celu", 0.3, 1.0, {"alpha": 1.0}),
    ],
)
def test_moments_match_high_precision_quadrature(key, mean, std, params):
    stats = output_stats(activations.get(key), mean=mean, std=std, **params)
    expected_mean, expected_std = reference_moments(key, mean, std, **params)
    assert stats.mean == pytest.approx(expected_mean, abs=1e-9)
    assert stats.std == pytest.approx(expected_std, abs=1e-9)


def test_closed_forms():
    relu = output_stats(activations.get("relu"))
    assert relu.mean == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-12)
    assert relu.std == pytest.approx(math.sqrt(0.5 - 1 / (2 * math.pi)), abs=1e-12)
    assert relu.sparsity == 0.5 and relu.dead_fraction == 0.5 and relu.saturated_fraction == 0.5
    gelu = output_stats(activations.get("gelu"))
    assert gelu.mean == pytest.approx(1 / (2 * math.sqrt(math.pi)), abs=1e-12)
    # ReLU on N(μ, σ²): E = μΦ(μ/σ) + σφ(μ/σ); P[f = 0] = Φ(-μ/σ).
    mu, sigma = 1.5, 2.0
    shifted = output_stats(activations.get("relu"), mean=mu, std=sigma)
    z = mu / sigma
    phi = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * math.erfc(-z / math.sqrt(2))
    assert shifted.mean == pytest.approx(mu * cdf + sigma * phi, abs=1e-12)
    assert shifted.sparsity == pytest.approx(0.5 * math.erfc(z / math.sqrt(2)), abs=1e-15)


def test_saturation_and_dead_fractions():
    sigmoid = output_stats(activations.get("sigmoid"))
    edge = 2 * math.acosh(math.sqrt(20.0))  # σ'(x) = 0.05 · 1/4
    assert sigmoid.saturated_fraction == pytest.approx(math.erfc(edge / math.sqrt(2)), rel=1e-9)
    assert sigmoid.dead_fraction == 0.0 and sigmoid.sparsity == 0.0
    leaky = output_stats(activations.get("leaky_relu"))
    assert leaky.sparsity == 0.0 and leaky.dead_fraction == 0.0
    assert leaky.saturated_fraction == 0.5  # slope 0.01 < 5 % of 1
    assert output_stats(activations.get("leaky_relu"), alpha=0.2).saturated_fraction == 0.0
    far_tail = output_stats(activations.get("relu"), mean=12.0, std=1.0)
    assert far_tail.sparsity == pytest.approx(0.5 * math.erfc(12 / math.sqrt(2)), rel=1e-12)


def test_samples_agree_with_the_exact_values():
    rng = np.random.default_rng(0)
    samples = rng.normal(0.3, 1.2, 400_000)
    for key in ("relu", "gelu", "sigmoid"):
        exact = output_stats(activations.get(key), mean=0.3, std=1.2)
        estimate = sample_stats(activations.get(key), samples)
        assert estimate.mean == pytest.approx(exact.mean, abs=0.01)
        assert estimate.std == pytest.approx(exact.std, abs=0.01)
        assert estimate.sparsity == pytest.approx(exact.sparsity, abs=0.005)


@pytest.mark.parametrize(
    ("mean", "std"), [(math.nan, 1.0), (0.0, 0.0), (0.0, -1.0), (0.0, math.inf)]
)
def test_bad_normal_parameters(mean, std):
    with pytest.raises(ValueError, match=r"mean|std"):
        output_stats(activations.get("relu"), mean=mean, std=std)
