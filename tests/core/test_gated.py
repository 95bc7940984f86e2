"""core.gated: f(a, b) = g(a)·b, its two partial derivatives and its exact moments."""

import math

import mpmath
import numpy as np
import pytest

from core import activations, gated

GATES = {
    "glu": "sigmoid",
    "bilinear": "identity",
    "reglu": "relu",
    "geglu": "gelu",
    "geglu_tanh": "gelu_tanh",
    "swiglu": "silu",
}


def test_the_units_are_the_ones_the_contract_names():
    assert gated.KEYS == ("glu", "bilinear", "reglu", "geglu", "geglu_tanh", "swiglu")
    for key in gated.KEYS:
        assert gated.unit(key).gate == GATES[key]
    with pytest.raises(ValueError, match="swish"):
        gated.unit("swish")


@pytest.mark.parametrize("key", gated.KEYS)
def test_value_and_both_partials_are_the_gate_times_the_value(key):
    rng = np.random.default_rng(7)
    a, b = rng.normal(0, 4, 500), rng.normal(0, 2, 500)
    gate = activations.get(GATES[key])
    np.testing.assert_array_equal(gated.value(key, a, b), gate.value(a) * b)
    d_a, d_b = gated.gradient(key, a, b)
    np.testing.assert_array_equal(d_a, gate.derivative(a) * b)
    np.testing.assert_array_equal(d_b, gate.value(a))


def test_swiglu_takes_beta_and_refuses_what_silu_refuses():
    a, b = np.linspace(-5, 5, 11), 2.0
    silu = activations.get("silu")
    np.testing.assert_array_equal(
        gated.value("swiglu", a, b, beta=1.702), silu.value(a, beta=1.702) * b
    )
    np.testing.assert_array_equal(
        gated.gradient("swiglu", a, b, beta=3.0)[0], silu.derivative(a, beta=3.0) * b
    )
    with pytest.raises(ValueError, match="beta"):
        gated.value("swiglu", a, b, beta=-1.0)
    with pytest.raises(ValueError):
        gated.value("glu", a, b, beta=2.0)  # GLU has no parameter


def test_inputs_broadcast_and_scalars_give_0d_results():
    grid = gated.value("geglu", np.linspace(-2, 2, 5)[None, :], np.linspace(-1, 1, 3)[:, None])
    assert grid.shape == (3, 5) and grid.dtype == np.float64
    scalar = gated.value("reglu", 1.5, -2.0)
    assert isinstance(scalar, np.ndarray) and scalar.shape == () and scalar == -3.0
    d_a, d_b = gated.gradient("reglu", 0.0, 3.0)
    assert d_a.shape == () and d_b.shape == ()
    assert d_a == 0.0  # ReLU'(0) = 0, as in PyTorch


def test_infinities_give_limits_or_nan_without_warnings():
    a = np.array([-np.inf, -np.inf, np.inf, 1.0, np.nan])
    b = np.array([1.0, np.inf, np.inf, np.inf, 1.0])
    values = gated.value("swiglu", a, b)  # filterwarnings = error: a warning fails here
    assert values[0] == 0.0
    assert np.isnan(values[1])  # a closed gate times an infinite value: 0·∞
    assert values[2] == np.inf and values[3] == np.inf and np.isnan(values[4])
    d_a, d_b = gated.gradient("glu", a, b)
    assert d_b[0] == 0.0 and d_b[2] == 1.0
    assert d_a[0] == 0.0 and d_a[3] == np.inf  # σ'(-∞)·1 and σ'(1)·∞


def _mp_expectation(function, mean, std, splits=()):
    density = lambda x: mpmath.npdf(x, mean, std)  # noqa: E731
    points = [-mpmath.inf, *sorted(splits), mpmath.inf]
    return mpmath.quad(lambda x: function(x) * density(x), points)


MP_GATES = {
    "glu": lambda x: 1 / (1 + mpmath.exp(-x)),
    "reglu": lambda x: max(x, 0),
    "geglu": lambda x: x * mpmath.ncdf(x),
    "swiglu": lambda x: x / (1 + mpmath.exp(-x)),
}


@pytest.mark.parametrize("key", sorted(MP_GATES))
def test_moments_equal_mpmath(key):
    mpmath.mp.dps = 30
    mean_a, std_a, mean_b, std_b, rho = 0.4, 1.3, -0.2, 0.8, 0.6
    g = MP_GATES[key]
    splits = [0] if key == "reglu" else []
    conditional_variance = std_b**2 * (1 - mpmath.mpf(rho) ** 2)

    def m(a):
        return mean_b + rho * std_b * (a - mean_a) / std_a

    mean = _mp_expectation(lambda a: g(a) * m(a), mean_a, std_a, splits)
    second = _mp_expectation(
        lambda a: g(a) ** 2 * (m(a) ** 2 + conditional_variance), mean_a, std_a, splits
    )
    stats = gated.output_stats(key, mean_a, std_a, mean_b, std_b, rho)
    assert stats.mean == pytest.approx(float(mean), rel=1e-12, abs=1e-15)
    assert stats.variance == pytest.approx(float(second - mean**2), rel=1e-12)
    gate_mean = _mp_expectation(g, mean_a, std_a, splits)
    gate_second = _mp_expectation(lambda a: g(a) ** 2, mean_a, std_a, splits)
    assert stats.gradient_b_mean == pytest.approx(float(gate_mean), rel=1e-12)
    assert stats.gradient_b_variance == pytest.approx(float(gate_second - gate_mean**2), rel=1e-12)


def test_bilinear_moments_have_a_closed_form():
    mean_a, std_a, mean_b, std_b, rho = 0.5, 2.0, -1.0, 0.5, -0.3
    stats = gated.output_stats("bilinear", mean_a, std_a, mean_b, std_b, rho)
    covariance = rho * std_a * std_b
    assert stats.mean == pytest.approx(mean_a * mean_b + covariance, rel=1e-13)
    # Var[ab] for jointly normal a, b (Isserlis).
    variance = (
        std_a**2 * std_b**2
        + covariance**2
        + mean_a**2 * std_b**2
        + mean_b**2 * std_a**2
        + 2 * mean_a * mean_b * covariance
    )
    assert stats.variance == pytest.approx(variance, rel=1e-12)
    assert stats.gradient_a_mean == pytest.approx(mean_b, rel=1e-13)  # ∂(ab)/∂a = b


@pytest.mark.parametrize("key", gated.KEYS)
def test_moments_agree_with_a_large_sample(key):
    rng = np.random.default_rng(11)
    mean_a, std_a, mean_b, std_b, rho = -0.3, 1.5, 0.7, 1.2, 0.6
    u, v = rng.standard_normal((2, 400_000))
    a = mean_a + std_a * u
    b = mean_b + std_b * (rho * u + math.sqrt(1 - rho * rho) * v)
    stats = gated.output_stats(key, mean_a, std_a, mean_b, std_b, rho)
    for sample, mean, variance in (
        (gated.value(key, a, b), stats.mean, stats.variance),
        (gated.gradient(key, a, b)[0], stats.gradient_a_mean, stats.gradient_a_variance),
        (gated.gradient(key, a, b)[1], stats.gradient_b_mean, stats.gradient_b_variance),
    ):
        standard_error = math.sqrt(variance / sample.size)
        assert abs(sample.mean() - mean) < 6 * standard_error
        assert sample.var() == pytest.approx(variance, rel=0.03)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((0.0, 0.0, 0.0, 1.0), "a std"),
        ((0.0, 1.0, 0.0, -1.0), "b std"),
        ((math.nan, 1.0, 0.0, 1.0), "a mean"),
        ((0.0, 1.0, 0.0, math.inf), "b std"),
    ],
)
def test_bad_spreads_are_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        gated.output_stats("swiglu", *arguments)


@pytest.mark.parametrize("correlation", [1.5, -1.01, math.nan])
def test_correlations_outside_the_interval_are_refused(correlation):
    with pytest.raises(ValueError, match="correlation"):
        gated.output_stats("geglu", 0.0, 1.0, 0.0, 1.0, correlation)


def test_a_gated_block_of_width_8d_over_3_costs_an_ungated_one_of_width_4d():
    for model_dim in (3, 96, 768, 4095):
        assert (
            gated.block_parameters(model_dim, 8 / 3)
            == gated.block_parameters(model_dim, 4.0, gated=False)
            == 8 * model_dim**2
        )
    # Off a multiple of 3 the width rounds; the counts stay within one column of each other.
    gated_count = gated.block_parameters(4096, 8 / 3)
    assert gated.hidden_width(4096, 8 / 3) == 10923
    assert abs(gated_count - gated.block_parameters(4096, 4.0, gated=False)) <= 3 * 4096
    with pytest.raises(ValueError, match="model_dim"):
        gated.block_parameters(0, 4.0)
    with pytest.raises(ValueError, match="ff_ratio"):
        gated.block_parameters(64, -1.0)


def test_pytorch_autograd_agrees():
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    rng = np.random.default_rng(5)
    a_values, b_values = rng.normal(0, 3, 200), rng.normal(0, 2, 200)
    forms = {
        "swiglu": lambda a, b: functional.silu(a) * b,
        "geglu": lambda a, b: functional.gelu(a) * b,
        "geglu_tanh": lambda a, b: functional.gelu(a, approximate="tanh") * b,
        "reglu": lambda a, b: functional.relu(a) * b,
        "glu": lambda a, b: functional.glu(torch.cat([b, a]), dim=0),
        "bilinear": lambda a, b: a * b,
    }
    # PyTorch forms GELU's lower tail as x·erfc(-x/√2)/2 and loses relative digits there
    # (5e-5 at a = -5.5); the core keeps them. Agreement is to 1e-14 absolute.
    for key, form in forms.items():
        a = torch.tensor(a_values, requires_grad=True)
        b = torch.tensor(b_values, requires_grad=True)
        output = form(a, b)
        output.sum().backward()
        np.testing.assert_allclose(
            gated.value(key, a_values, b_values), output.detach().numpy(), rtol=1e-13, atol=1e-14
        )
        d_a, d_b = gated.gradient(key, a_values, b_values)
        np.testing.assert_allclose(d_a, a.grad.numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(d_b, b.grad.numpy(), rtol=1e-12, atol=1e-14)
