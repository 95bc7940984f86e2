"""core.activations: accuracy against mpmath, limits, dtypes, parameters and the registry."""

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import activations, records
from core._normal_table import FIRST_NODE, NODE_STEP, NORMAL_CDF_AT_NODES
from core.properties import breakpoints
from tests.reference import DERIVATIVE, VALUE, worst_errors

KEYS = activations.keys()
MAX_VALUE_ULP = 4.0
MAX_DERIVATIVE_ULP = 16.0


def _test_grid() -> np.ndarray:
    """A grid unlike the benchmark's: random magnitudes over the whole range, a random dense
    stretch of [-60, 60], and the neighbourhoods of GELU's minimum."""
    rng = np.random.default_rng(20261130)
    magnitudes = 10.0 ** rng.uniform(-300, 300, 300)
    dense = rng.uniform(-60, 60, 1500)
    moderate = rng.normal(0.0, 2.0, 800)
    near_minimum = rng.uniform(-1.4, -0.2, 300)
    return np.concatenate([magnitudes, -magnitudes, dense, moderate, near_minimum])


GRID = _test_grid()

PARAMETER_CASES = [(key, {}) for key in KEYS[:8]] + [
    ("leaky_relu", {"alpha": 0.2}),
    ("leaky_relu", {"alpha": 0.0}),
    ("prelu", {"alpha": 1.0}),
    ("elu", {"alpha": 0.5}),
    ("elu", {"alpha": 4.75}),
]


@pytest.mark.parametrize(("key", "params"), PARAMETER_CASES)
def test_accuracy_against_mpmath(key, params):
    worst_value, value_at, worst_derivative, derivative_at = worst_errors(
        activations.get(key), GRID, **params
    )
    assert worst_value <= MAX_VALUE_ULP, f"{key} value off by {worst_value:.2f} ulp at {value_at}"
    assert worst_derivative <= MAX_DERIVATIVE_ULP, (
        f"{key} derivative off by {worst_derivative:.2f} ulp at {derivative_at}"
    )


def test_tails_keep_digits_where_pytorch_returns_zero():
    sigmoid, tanh = activations.get("sigmoid"), activations.get("tanh")
    assert float(sigmoid.derivative(50.0)) == pytest.approx(float(mp.exp(-50)), rel=1e-14)
    assert float(tanh.derivative(-20.45)) == pytest.approx(
        float(mp.sech(mp.mpf(-20.45)) ** 2), rel=1e-14
    )
    gelu_value = float(activations.get("gelu").value(-8.5))
    assert gelu_value == pytest.approx(float(VALUE["gelu"](mp.mpf(-8.5))), rel=1e-14)
    assert gelu_value < 0


LIMITS = {
    # key: (f(-inf), f(inf), f'(-inf), f'(inf))
    "sigmoid": (0.0, 1.0, 0.0, 0.0),
    "tanh": (-1.0, 1.0, 0.0, 0.0),
    "relu": (0.0, math.inf, 0.0, 1.0),
    "leaky_relu": (-math.inf, math.inf, 0.01, 1.0),
    "prelu": (-math.inf, math.inf, 0.25, 1.0),
    "elu": (-1.0, math.inf, 0.0, 1.0),
    "gelu": (0.0, math.inf, 0.0, 1.0),
    "gelu_tanh": (0.0, math.inf, 0.0, 1.0),
}


@pytest.mark.parametrize("key", list(LIMITS))
def test_infinities_give_the_mathematical_limits_and_nan_gives_nan(key):
    activation = activations.get(key)
    inputs = np.array([-np.inf, np.inf, np.nan])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        values = activation.value(inputs)
        derivatives = activation.derivative(inputs)
    low, high, derivative_low, derivative_high = LIMITS[key]
    assert values[0] == low and values[1] == high
    assert derivatives[0] == derivative_low and derivatives[1] == derivative_high
    assert np.isnan(values[2]) and np.isnan(derivatives[2])


def test_elu_at_minus_infinity_is_minus_alpha():
    assert float(activations.get("elu").value(-np.inf, alpha=2.5)) == -2.5


@pytest.mark.parametrize("key", KEYS)
def test_no_floating_point_warning_for_any_input(key):
    activation = activations.get(key)
    extremes = np.array(
        [0.0, -0.0, 5e-324, -5e-324, 1e-300, 1.0, 1e150, 1e300, np.finfo(float).max, np.inf]
    )
    inputs = np.concatenate([extremes, -extremes, [np.nan]])
    with np.errstate(all="raise"):
        activation.value(inputs)
        activation.derivative(inputs)
        for param in activation.params:
            for bound in (param.minimum, param.maximum):
                try:
                    activation.resolve({param.name: bound})
                except ValueError:
                    continue  # refused by a constraint between parameters (lower ≤ upper)
                activation.value(inputs, **{param.name: bound})
                activation.derivative(inputs, **{param.name: bound})


@pytest.mark.parametrize("key", KEYS)
def test_shape_and_dtype_are_preserved(key):
    activation = activations.get(key)
    matrix = np.linspace(-3, 3, 12).reshape(3, 4)
    for function in (activation.value, activation.derivative):
        assert function(matrix).shape == (3, 4)
        assert function(matrix).dtype == np.float64
        assert function(matrix.astype(np.float32)).dtype == np.float32
        scalar = function(0.5)
        assert isinstance(scalar, np.ndarray) and scalar.shape == ()
        assert function([1, 2, 3]).dtype == np.float64
    single = activation.value(matrix.astype(np.float32))
    np.testing.assert_allclose(single, activation.value(matrix), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("key", KEYS)
def test_large_inputs_evaluated_in_blocks_equal_small_ones(key):
    # Above _BLOCK_SIZE elements the input is evaluated block by block; the result must not
    # depend on the array's size, shape or strides. (Compared with small contiguous pieces:
    # numpy's own sin or arctan may round a strided array or a lone scalar differently.)
    activation = activations.get(key)
    size = 3 * (records._BLOCK_SIZE // 2 + 1000)
    rng = np.random.default_rng(7)
    points = np.concatenate(
        [rng.normal(0.0, 4.0, size - 6), [np.inf, -np.inf, np.nan, 0.0, -1e300, 1e-300]]
    )
    grid = points.reshape(3, -1)[:, ::-1].T  # neither C- nor F-contiguous
    for function in (activation.value, activation.derivative):
        whole = function(grid)
        assert whole.shape == grid.shape and whole.dtype == np.float64
        pieces = [
            function(np.ascontiguousarray(grid[start : start + 400]))
            for start in range(0, len(grid), 400)
        ]
        np.testing.assert_array_equal(whole, np.concatenate(pieces))
        grid_single = np.clip(grid, -1e30, 1e30).astype(np.float32)
        single = function(grid_single)
        assert single.dtype == np.float32
        in_double = function(grid_single.astype(np.float64)).astype(np.float32)
        np.testing.assert_array_equal(single, in_double)


BREAKPOINTS = {key: breakpoints(activations.get(key)) for key in KEYS}


@settings(max_examples=150, deadline=None)
@given(x=st.floats(min_value=-12, max_value=12), key=st.sampled_from(KEYS))
def test_derivative_matches_a_central_difference(x, key):
    activation = activations.get(key)
    if any(abs(x - jump) < 1e-3 * max(1.0, abs(x)) for jump in BREAKPOINTS[key]):
        return  # at a kink or step the one-sided slopes differ by design
    step = 1e-5 * max(1.0, abs(x))
    difference = (activation.value(x + step) - activation.value(x - step)) / (2 * step)
    # The difference errs by h^2 f'''/6 where smooth and by h |jump of f''| at a C1 point
    # (softsign at 0); 1e-4 admits that and still catches any wrong derivative.
    assert float(activation.derivative(x)) == pytest.approx(float(difference), abs=1e-5, rel=1e-4)


def test_kink_convention_is_the_left_derivative():
    assert float(activations.get("relu").derivative(0.0)) == 0.0
    assert float(activations.get("leaky_relu").derivative(0.0, alpha=0.3)) == 0.3
    assert float(activations.get("prelu").derivative(0.0)) == 0.25
    assert float(activations.get("elu").derivative(0.0, alpha=2.0)) == 2.0


def test_defaults_follow_pytorch():
    assert activations.get("leaky_relu").defaults() == {"alpha": 0.01}
    assert activations.get("prelu").defaults() == {"alpha": 0.25}
    assert activations.get("elu").defaults() == {"alpha": 1.0}
    assert float(activations.get("leaky_relu").value(-2.0)) == -0.02


@pytest.mark.parametrize("bad", [-0.5, 5.5, math.nan, "wide"])
def test_out_of_range_parameter_names_the_range(bad):
    with pytest.raises(ValueError, match=r"alpha.*\[0, 5\]"):
        activations.get("elu").value(1.0, alpha=bad)


def test_unknown_parameter_is_refused():
    with pytest.raises(ValueError, match="beta"):
        activations.get("sigmoid").value(1.0, beta=2.0)


def test_unknown_key_names_the_known_keys():
    with pytest.raises(KeyError, match="sigmoid, tanh, relu"):
        activations.get("swishy")


def test_registry_order_and_records():
    assert KEYS[:8] == (
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "prelu",
        "elu",
        "gelu",
        "gelu_tanh",
    )
    for key in KEYS:
        activation = activations.get(key)
        assert activation.key == key
        assert activation.name and activation.formula and activation.derivative_formula
        assert activation.group in activations.GROUPS
    for key in KEYS[:8]:
        assert activations.get(key).torch_equivalent.startswith("torch.")


@pytest.mark.parametrize(
    ("root", "reference"),
    [
        (activations.GELU_DERIVATIVE_ROOT, DERIVATIVE["gelu"]),
        (activations.GELU_TANH_DERIVATIVE_ROOT, DERIVATIVE["gelu_tanh"]),
    ],
)
def test_stored_derivative_roots_are_exact(root, reference):
    exact = mp.findroot(reference, mp.mpf(root[0]))
    assert abs(mp.mpf(root[0]) + mp.mpf(root[1]) - exact) < mp.mpf("1e-31")


def test_stored_normal_cdf_table_is_exact():
    for index, (high, low) in enumerate(NORMAL_CDF_AT_NODES):
        node = FIRST_NODE + NODE_STEP * index
        exact = mp.ncdf(mp.mpf(node))
        assert abs(mp.mpf(high) + mp.mpf(low) - exact) <= exact * mp.mpf("1e-31")


def test_normal_cdf_is_accurate_where_scipy_is_not():
    xs = np.linspace(-4.0, 0.0, 977) + 1e-9
    computed = activations.normal_cdf(xs)
    for x, value in zip(xs, computed, strict=True):
        exact = mp.ncdf(mp.mpf(float(x)))
        assert abs(mp.mpf(float(value)) - exact) <= 1.5 * np.spacing(float(exact))


def test_stored_inverse_square_root_of_two_pi_is_exact():
    from core._normal import INV_SQRT_2PI_DD

    high, low = INV_SQRT_2PI_DD
    exact = 1 / mp.sqrt(2 * mp.pi)
    assert abs(mp.mpf(high) + mp.mpf(low) - exact) < exact * mp.mpf("1e-32")


def test_normal_density_from_the_table_is_within_an_ulp():
    """GELU's derivative takes φ from Φ's table lookup; near GELU's minimum it is added to
    a Φ of almost the same size, so its error is magnified there."""
    from core._normal import normal_cdf, normal_cdf_and_pdf, normal_pdf

    within_table = np.append(np.random.default_rng(5).uniform(-8.5, 8.5, 1500), [0.0, 8.5])
    cdf, density = normal_cdf_and_pdf(within_table)
    np.testing.assert_array_equal(cdf, normal_cdf(within_table))
    for point, value in zip(within_table, density, strict=True):
        exact = mp.npdf(mp.mpf(float(point)))
        assert abs(mp.mpf(float(value)) - exact) <= np.spacing(float(exact))
    beyond = np.array([-np.inf, -40.0, -9.0, 8.6, 12.0, 50.0])  # the tail's own formula
    np.testing.assert_array_equal(normal_cdf_and_pdf(beyond)[1], normal_pdf(beyond))


@pytest.mark.parametrize("key", activations.keys())
def test_value_and_derivative_equal_the_two_calls_bit_for_bit(key):
    """Training takes both at once; it must see what the app shows, not a close copy."""
    rng = np.random.default_rng(7)
    x = np.concatenate(
        [
            rng.normal(0.0, 2.0, 300),
            np.linspace(-1.1, -0.4, 71),  # GELU's derivative root and its window
            [0.0, -0.0, 1e-300, -40.0, 40.0, -41.0, 1e308, -1e308, np.inf, -np.inf, np.nan],
        ]
    )
    act = activations.get(key)
    for shape in (x.shape, (len(x) // 4, 4)):
        points = x[: shape[0] * (shape[1] if len(shape) > 1 else 1)].reshape(shape)
        value, derivative = act.value_and_derivative(points)
        np.testing.assert_array_equal(value, act.value(points))
        np.testing.assert_array_equal(derivative, act.derivative(points))
    value, derivative = act.value_and_derivative(-0.75)
    assert value.shape == () and derivative == act.derivative(-0.75)


def test_normal_cdf_gives_the_same_bits_for_small_and_large_inputs():
    """Small inputs gather the Taylor table by rows, large ones by columns."""
    from core._normal import _CHUNK, normal_cdf

    x = np.random.default_rng(3).normal(0.0, 3.0, 3 * _CHUNK)
    whole = normal_cdf(x)
    pieces = np.concatenate([normal_cdf(part) for part in np.split(x, 3 * _CHUNK // 64)])
    np.testing.assert_array_equal(whole, pieces)
    scalar = normal_cdf(np.float64(x[0]))
    assert scalar.shape == () and scalar == whole[0]
