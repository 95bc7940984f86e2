"""The wider catalogue: accuracy against mpmath, limits, warnings, conventions, PyTorch."""

import math

import mpmath as mp
import numpy as np
import pytest

from core import activations
from core._sinc_table import SINC_DERIVATIVE_ROOTS, SINC_DERIVATIVE_TAYLOR
from core.families.relu_family import SELU_ALPHA, SELU_SCALE
from core.families.smooth import MISH_DERIVATIVE_ROOT, SILU_DERIVATIVE_ROOT
from tests.reference import DERIVATIVE, worst_errors

# Everything beyond the brief's eight, which tests/core/test_activations.py covers.
CATALOGUE_KEYS = [key for key in activations.keys() if key not in activations.BRIEF_KEYS]


def _grid() -> np.ndarray:
    rng = np.random.default_rng(8)
    magnitudes = 10.0 ** rng.uniform(-300, 300, 120)
    return np.concatenate(
        [
            magnitudes,
            -magnitudes,
            rng.uniform(-60, 60, 700),
            rng.normal(0, 2, 500),
            rng.uniform(-1.6, 0.4, 200),
            [-6.0, -3.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0, 4.4934, 7.7252],
        ]
    )


GRID = _grid()
CASES = [(key, {}) for key in CATALOGUE_KEYS] + [
    ("silu", {"beta": 2.5}),
    ("silu", {"beta": 0.3}),
    ("celu", {"alpha": 0.2}),
    ("softplus", {"beta": 2.0, "threshold": 10.0}),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}),
    ("softshrink", {"lambd": 1.5}),
    ("hardshrink", {"lambd": 0.1}),
    ("rrelu", {"lower": 0.0, "upper": 0.2}),
    ("srelu", {"t_l": -2.0, "a_l": 0.0, "t_r": 0.5, "a_r": 1.5}),
    ("squareplus", {"b": 0.5}),
]


@pytest.mark.parametrize(
    ("key", "params"), CASES, ids=lambda p: p if isinstance(p, str) else str(p)
)
def test_accuracy_against_mpmath(key, params):
    with np.errstate(under="ignore"):
        worst_value, value_at, worst_derivative, derivative_at = worst_errors(
            activations.get(key), GRID, **params
        )
    assert worst_value <= 4.0, f"{key} value off by {worst_value:.2f} ulp at {value_at}"
    assert worst_derivative <= 16.0, (
        f"{key} f' off by {worst_derivative:.2f} ulp at {derivative_at}"
    )


LIMITS = {
    # key: (f(-inf), f(inf), f'(-inf), f'(inf)); nan where there is no limit
    "logsigmoid": (-math.inf, 0.0, 1.0, 0.0),
    "softsign": (-1.0, 1.0, 0.0, 0.0),
    "arctan": (-math.pi / 2, math.pi / 2, 0.0, 0.0),
    "lecun_tanh": (-1.7159, 1.7159, 0.0, 0.0),
    "loglog": (0.0, 1.0, 0.0, 0.0),
    "selu": (-SELU_SCALE * SELU_ALPHA, math.inf, 0.0, SELU_SCALE),
    "celu": (-1.0, math.inf, 0.0, 1.0),
    "silu": (0.0, math.inf, 0.0, 1.0),
    "mish": (0.0, math.inf, 0.0, 1.0),
    "softplus": (0.0, math.inf, 0.0, 1.0),
    "squareplus": (0.0, math.inf, 0.0, 1.0),
    "hardswish": (0.0, math.inf, 0.0, 1.0),
    "bent_identity": (-math.inf, math.inf, 0.5, 1.5),
    "tanhshrink": (-math.inf, math.inf, 1.0, 1.0),
    "gaussian": (0.0, 0.0, 0.0, 0.0),
    "sinc": (0.0, 0.0, 0.0, 0.0),
    "sinusoid": (math.nan, math.nan, math.nan, math.nan),
}


@pytest.mark.parametrize("key", list(LIMITS))
def test_limits_at_infinity(key):
    activation = activations.get(key)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        values = activation.value([-np.inf, np.inf])
        slopes = activation.derivative([-np.inf, np.inf])
    expected = LIMITS[key]
    np.testing.assert_allclose([*values, *slopes], expected, rtol=1e-15, equal_nan=True)


@pytest.mark.parametrize("key", CATALOGUE_KEYS)
def test_nan_warnings_shapes_and_dtypes(key):
    activation = activations.get(key)
    extremes = np.array([0.0, 5e-324, 1e-300, 1.0, 1e150, 1e300, np.finfo(float).max, np.inf])
    inputs = np.concatenate([extremes, -extremes, [np.nan]])
    with np.errstate(all="raise"):
        values, slopes = activation.value(inputs), activation.derivative(inputs)
    assert np.isnan(values[-1]) and np.isnan(slopes[-1])
    assert activation.value(np.float32([1, 2])).dtype == np.float32
    assert activation.derivative(np.zeros((2, 3))).shape == (2, 3)


@pytest.mark.parametrize(
    ("root", "function"),
    [
        (SILU_DERIVATIVE_ROOT, lambda u: DERIVATIVE["silu"](u)),
        (MISH_DERIVATIVE_ROOT, lambda x: DERIVATIVE["mish"](x)),
    ],
)
def test_stored_roots_are_exact(root, function):
    exact = mp.findroot(function, mp.mpf(root[0]))
    assert abs(mp.mpf(root[0]) + mp.mpf(root[1]) - exact) < mp.mpf("1e-31")


def test_stored_sinc_roots_are_exact():
    for k, (high, low) in enumerate(SINC_DERIVATIVE_ROOTS, start=1):
        exact = mp.findroot(lambda x: mp.tan(x) - x, mp.mpf(high))
        assert k * mp.pi < exact < k * mp.pi + mp.pi / 2
        assert abs(mp.mpf(high) + mp.mpf(low) - exact) < mp.mpf("1e-30") * exact


def test_stored_sinc_taylor_coefficients_are_exact():
    # Coefficient k of h^k in sinc'(root + h) is sinc^(k+1)(root)/k!.
    for (high, low), coefficients in zip(
        SINC_DERIVATIVE_ROOTS, SINC_DERIVATIVE_TAYLOR, strict=True
    ):
        root = mp.mpf(high) + mp.mpf(low)
        for k, stored in enumerate(coefficients, start=1):
            exact = mp.diff(mp.sinc, root, k + 1) / mp.factorial(k)
            assert abs(mp.mpf(stored) - exact) <= abs(exact) * mp.mpf("1.2e-16")


def test_sinc_derivative_keeps_its_digits_around_every_stored_root():
    # Across each window where the Taylor series takes over and just outside it, where the
    # cancelling formula returns: sinc' must stay within the derivative limit throughout.
    sinc = activations.get("sinc")
    offsets = np.concatenate([np.linspace(-0.32, 0.32, 33), [-1e-9, 1e-12, 2e-16]])
    roots = np.array([high for high, _ in SINC_DERIVATIVE_ROOTS])
    points = (roots[:, None] + offsets[None, :]).ravel()
    points = np.concatenate([points, -points])
    worst = worst_errors(sinc, points)
    assert worst[2] <= 16, f"sinc' off by {worst[2]:.2f} ulp at {worst[3]}"


def test_tanhshrink_keeps_its_digits_where_x_and_tanh_x_cancel():
    # Across the series (|x| < 1/4), the tabulated nodes (to 1.25, every 1/32, with points
    # half-way between them) and the start of the plain difference.
    tanhshrink = activations.get("tanhshrink")
    points = np.concatenate([np.linspace(1e-3, 1.4, 1401), 0.25 + np.arange(33) / 32 + 1 / 64])
    points = np.concatenate([points, -points])
    worst = worst_errors(tanhshrink, points)
    assert worst[0] <= 4, f"tanhshrink off by {worst[0]:.2f} ulp at {worst[1]}"


def test_loglog_derivative_keeps_its_digits_where_exp_of_exp_amplifies_rounding():
    # Between 1 and 7 f' comes from tabulated nodes every 1/1024: points on, between and
    # around them, and across both ends of the table.
    loglog = activations.get("loglog")
    rng = np.random.default_rng(3)
    points = np.concatenate(
        [np.linspace(0.5, 7.5, 1201), 1 + rng.integers(0, 6144, 200) / 1024 + 1 / 2048]
    )
    worst = worst_errors(loglog, points)
    assert worst[2] <= 16, f"loglog' off by {worst[2]:.2f} ulp at {worst[3]}"
    raw = [
        abs(float(loglog.derivative(x)) - float(DERIVATIVE["loglog"](mp.mpf(x))))
        / np.spacing(float(DERIVATIVE["loglog"](mp.mpf(x))))
        for x in (1.5, 3.0, 5.0, 6.0)
    ]
    assert max(raw) <= 4  # not only after dividing by the condition


def test_kink_conventions():
    value, slope = activations.get("hardswish").value, activations.get("hardswish").derivative
    assert slope(-3.0) == 0.0 and slope(3.0) == 1.0 and float(value(3.0)) == 3.0
    assert activations.get("relu6").derivative(6.0) == 0.0
    assert activations.get("hardtanh").derivative(1.0) == 0.0
    assert activations.get("softshrink").derivative(0.5) == 0.0
    assert activations.get("absolute").derivative(0.0) == 0.0
    assert activations.get("celu").derivative(0.0, alpha=0.3) == 1.0
    assert activations.get("selu").derivative(0.0) == SELU_SCALE * SELU_ALPHA
    assert activations.get("binary_step").value(0.0) == 1.0
    assert activations.get("sinc").value(0.0) == 1.0


def test_parameters_that_depend_on_each_other():
    with pytest.raises(ValueError, match="min_val must be below max_val"):
        activations.get("hardtanh").value(0.0, min_val=1.0, max_val=0.5)
    with pytest.raises(ValueError, match="lower must not exceed upper"):
        activations.get("rrelu").value(0.0, lower=0.5, upper=0.2)
    assert activations.get("rrelu").value(-2.0, lower=0.2, upper=0.4) == pytest.approx(-0.6)


TORCH_FUNCTIONS = {
    "logsigmoid": "logsigmoid",
    "softsign": "softsign",
    "selu": "selu",
    "celu": "celu",
    "relu6": "relu6",
    "silu": "silu",
    "mish": "mish",
    "softplus": "softplus",
    "hardsigmoid": "hardsigmoid",
    "hardtanh": "hardtanh",
    "hardswish": "hardswish",
    "softshrink": "softshrink",
    "hardshrink": "hardshrink",
    "tanhshrink": "tanhshrink",
}


@pytest.mark.parametrize("key", list(TORCH_FUNCTIONS))
def test_agrees_with_pytorch_autograd(key):
    torch = pytest.importorskip("torch")
    functional = getattr(torch.nn.functional, TORCH_FUNCTIONS[key])
    # Where PyTorch's own float64 kernels are exact: moderate inputs and every kink.
    points = np.unique(np.concatenate([np.linspace(-8, 8, 1601), [-3, -1, -0.5, 0, 0.5, 1, 3, 6]]))
    x = torch.tensor(points, dtype=torch.float64, requires_grad=True)
    functional(x).sum().backward()
    activation = activations.get(key)
    np.testing.assert_allclose(
        activation.value(points), functional(x).detach().numpy(), rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(activation.derivative(points), x.grad.numpy(), rtol=1e-7, atol=1e-15)
