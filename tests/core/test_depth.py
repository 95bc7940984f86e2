"""core.depth.gradient_flow: the known trends, shapes, determinism and argument checks."""

import math

import numpy as np
import pytest

from core import activations
from core.depth import RunStopped, gain_for, gradient_flow


def test_sigmoid_with_xavier_collapses_the_gradient():
    flow = gradient_flow(activations.get("sigmoid"), depth=30, width=128, init="xavier")
    assert flow.gradient_rms[-1] == pytest.approx(1.0, abs=0.05)  # the top: N(0, 1)
    assert flow.gradient_rms[0] < 1e-10 * flow.gradient_rms[-1]
    assert np.all(np.diff(flow.gradient_rms) > 0)  # shrinks at every layer going down


def test_relu_with_he_keeps_the_gradient_near_one():
    flow = gradient_flow(activations.get("relu"), depth=30, width=256, init="he")
    assert np.all((flow.gradient_rms > 0.3) & (flow.gradient_rms < 3.0))
    assert 0.3 < flow.activation_rms[-1] < 3.0


def test_relu_with_xavier_shrinks_by_about_root_two_per_layer():
    flow = gradient_flow(activations.get("relu"), depth=20, width=256, init="xavier")
    per_layer = (flow.gradient_rms[0] / flow.gradient_rms[-1]) ** (1 / 20)
    assert per_layer == pytest.approx(1 / math.sqrt(2), rel=0.1)


def test_shapes_indexing_and_determinism():
    flow = gradient_flow(activations.get("tanh"), depth=7, width=16, seed=3, batch=32, bins=12)
    assert flow.activation_rms.shape == flow.gradient_rms.shape == (8,)
    assert flow.activation_histograms.shape == (8, 12) and flow.histogram_edges.shape == (13,)
    np.testing.assert_allclose(flow.activation_histograms.sum(axis=1) + flow.outside_fraction, 1.0)
    assert flow.activation_rms[0] == pytest.approx(1.0, abs=0.15)  # the input is N(0, 1)
    again = gradient_flow(activations.get("tanh"), depth=7, width=16, seed=3, batch=32, bins=12)
    np.testing.assert_array_equal(flow.gradient_rms, again.gradient_rms)
    other = gradient_flow(activations.get("tanh"), depth=7, width=16, seed=4, batch=32, bins=12)
    assert not np.array_equal(flow.gradient_rms, other.gradient_rms)


def test_parameters_reach_the_activation():
    low = gradient_flow(activations.get("leaky_relu"), depth=10, width=64, alpha=0.0)
    high = gradient_flow(activations.get("leaky_relu"), depth=10, width=64, alpha=1.0)
    assert low.gradient_rms[0] < high.gradient_rms[0]


def test_gains():
    assert gain_for("xavier") == 1.0 and gain_for("He") == math.sqrt(2) and gain_for(0.5) == 0.5
    for bad in ("lecun", 0.0, -1.0, math.nan):
        with pytest.raises(ValueError, match="init"):
            gain_for(bad)


@pytest.mark.parametrize(
    ("name", "value"), [("depth", 0), ("width", 0), ("depth", 2.5), ("seed", -1)]
)
def test_bad_sizes(name, value):
    with pytest.raises(ValueError, match=name):
        gradient_flow(activations.get("relu"), **{name: value})


def test_a_run_asked_to_stop_raises_after_the_current_layer():
    asked = []

    def stop_after_three_layers():
        asked.append(True)
        return len(asked) >= 3

    with pytest.raises(RunStopped):
        gradient_flow(
            activations.get("tanh"), depth=10, width=8, should_stop=stop_after_three_layers
        )
    assert len(asked) == 3
    never = gradient_flow(activations.get("tanh"), depth=5, width=8, should_stop=lambda: False)
    plain = gradient_flow(activations.get("tanh"), depth=5, width=8)
    np.testing.assert_array_equal(never.gradient_rms, plain.gradient_rms)


def test_values_outside_the_heat_map_are_not_piled_into_its_end_bins():
    """Layer 0 is standard normal: each bin, the two at the ends included, holds about the
    normal mass between its edges, and what lies beyond the edges is in no bin."""
    from scipy.stats import norm

    flow = gradient_flow(activations.get("tanh"), depth=10, width=128, seed=3, bins=40)
    edges, layer0 = flow.histogram_edges, flow.activation_histograms[0]
    expected = np.diff(norm.cdf(edges))
    samples = flow.batch * flow.width
    tolerance = 5 * np.sqrt(expected / samples) + 1e-4
    np.testing.assert_array_less(np.abs(layer0 - expected), tolerance)
    beyond = norm.cdf(edges[0]) + norm.sf(edges[-1])
    assert abs(flow.outside_fraction[0] - beyond) < 5 * np.sqrt(beyond / samples) + 1e-4
