"""Depth tab: gradient RMS per layer on a log axis, the heat map, controls, background runs."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox

from core import activations
from core.depth import gradient_flow
from tests.gui.conftest import find


@pytest.fixture
def tab(window):
    window.show_tab("depth")
    window.depth_tab.wait_idle()
    return window.depth_tab


def test_sigmoid_collapses_and_relu_with_he_does_not(window, tab, state):
    state.functions.set_focused("sigmoid")
    find(window, QSpinBox, "depthControl").setValue(30)
    tab.wait_idle()
    _, gradient = tab.view.curve("sigmoid", "gradient").getOriginalDataset()
    assert gradient[0] < 1e-8 * gradient[-1]
    state.functions.set_focused("relu")
    find(window, QComboBox, "initControl").setCurrentIndex(1)
    assert state.depth.init == "he"
    tab.wait_idle()
    _, gradient = tab.view.curve("relu", "gradient").getOriginalDataset()
    assert np.all((gradient > 0.3) & (gradient < 3))


def test_curves_equal_core_and_the_plot_is_logarithmic(window, tab, state):
    state.functions.set_focused("tanh")
    tab.wait_idle()
    depth = state.depth
    expected = gradient_flow(activations.get("tanh"), depth.depth, depth.width, "xavier", 0)
    layers, gradient = tab.view.curve("tanh", "gradient").getOriginalDataset()
    np.testing.assert_array_equal(layers, np.arange(state.depth.depth + 1))
    np.testing.assert_allclose(gradient, expected.gradient_rms, rtol=1e-12)
    assert find(window, pg.PlotWidget, "depthPlot").getPlotItem().ctrl.logYCheck.isChecked()
    heat = tab.view.image.image
    assert heat.shape == (state.depth.depth + 1, expected.activation_histograms.shape[1])


def test_custom_gain_width_and_seed(window, tab, state):
    find(window, QComboBox, "initControl").setCurrentIndex(2)
    find(window, QDoubleSpinBox, "gainControl").setValue(0.5)
    assert state.depth.init == "0.5"
    find(window, QSpinBox, "widthControl").setValue(32)
    find(window, QSpinBox, "depthSeed").setValue(9)
    tab.wait_idle()
    flow = tab.view.flows[state.functions.focused]
    assert (flow.width, flow.gain, flow.seed) == (32, 0.5, 9)


def test_deep_and_wide_runs_do_not_block_the_window(window, tab, state):
    state.depth.set_depth(100)
    state.depth.set_width(512)
    assert tab.view.job.is_busy()
    assert find(window, type(tab.view.busy), "depthBusy").isVisible()
    tab.wait_idle()
    assert tab.view.flows[state.functions.focused].depth == 100
    assert not tab.view.busy.isVisible()
