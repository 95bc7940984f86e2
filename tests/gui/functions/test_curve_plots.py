"""activationPlot and derivativePlot: layout, crosshair readout, shading, log axis, zoom."""

import numpy as np
import pyqtgraph as pg
import pytest

from core import activations
from tests.gui.conftest import curves_by_name, find


def test_plots_are_linked_labelled_and_share_one_legend(window):
    activation_plot = find(window, pg.PlotWidget, "activationPlot")
    derivative_plot = find(window, pg.PlotWidget, "derivativePlot")
    assert derivative_plot.getPlotItem().getViewBox().linkedView(0) is activation_plot.getViewBox()
    assert activation_plot.getPlotItem().getAxis("left").labelText == "f(x)"
    assert derivative_plot.getPlotItem().getAxis("left").labelText == "f'(x)"
    assert activation_plot.getPlotItem().getAxis("bottom").labelText == "x"
    assert activation_plot.getPlotItem().legend is not None
    assert derivative_plot.getPlotItem().legend is None
    legend_names = [label.text for _, label in activation_plot.getPlotItem().legend.items]
    shown_names = [activations.get(key).name for key in window.state.functions.shown]
    assert legend_names == shown_names


def test_legend_follows_the_function_list_through_any_toggling(window, state):
    legend = find(window, pg.PlotWidget, "activationPlot").getPlotItem().legend
    rng = np.random.default_rng(3)
    keys = activations.keys()
    for _ in range(40):
        state.functions.set_key_shown(keys[int(rng.integers(len(keys)))], bool(rng.random() < 0.6))
        shown_names = [activations.get(key).name for key in state.functions.shown]
        assert [label.text for _, label in legend.items] == shown_names
        # One entry per curve, each the curve of its own name.
        assert [sample.item.name() for sample, _ in legend.items] == shown_names


def test_crosshair_reads_out_every_shown_function(window, state):
    plots = window.functions_tab.plots
    plots.show_crosshair_at(0.5)
    text = plots.readout_text()
    assert "x = 0.5" in text
    for key in state.functions.shown:
        activation = activations.get(key)
        assert f"{activation.name}: f = {float(activation.value(0.5)):.4g}" in text
        assert f"f' = {float(activation.derivative(0.5)):.4g}" in text
    plots.show_crosshair_at(None)
    assert "Move the mouse" in plots.readout_text()


def test_mouse_over_the_plot_moves_the_crosshair(window, qtbot):
    plot = find(window, pg.PlotWidget, "activationPlot")
    view_box = plot.getPlotItem().getViewBox()
    scene_point = view_box.mapViewToScene(pg.Point(1.0, 0.5))
    plot.scene().sigMouseMoved.emit(scene_point)
    assert "x = 1" in window.functions_tab.plots.readout_text()


def test_parameter_change_refreshes_the_readout(window, state):
    state.functions.set_shown(["elu"])
    plots = window.functions_tab.plots
    plots.show_crosshair_at(-1.0)
    state.functions.set_param("elu", "alpha", 2.0)
    expected = float(activations.get("elu").value(-1.0, alpha=2.0))
    assert f"f = {expected:.4g}" in plots.readout_text()


def test_sigmoid_saturation_is_shaded_where_its_slope_is_below_five_percent(window, state):
    state.functions.set_focused("sigmoid")
    intervals = window.functions_tab.plots.shaded_intervals()
    # σ'(x) = 0.05 · 0.25 where σ(x)σ(-x) = 0.0125: |x| = 2·acosh(√20) ≈ 4.3605.
    edge = 2 * np.arccosh(np.sqrt(20.0))
    assert len(intervals) == 2
    (left_low, left_high), (right_low, right_high) = intervals
    assert left_low == -6.0 and right_high == 6.0
    assert left_high == pytest.approx(-edge, abs=0.01)
    assert right_low == pytest.approx(edge, abs=0.01)


def test_shading_follows_focus_parameters_and_toggle(window, state):
    plots = window.functions_tab.plots
    state.functions.set_focused("relu")
    assert [low for low, _ in plots.shaded_intervals()] == [-6.0]
    state.functions.set_focused("leaky_relu")
    state.functions.set_param("leaky_relu", "alpha", 0.5)
    assert plots.shaded_intervals() == []  # 0.5 is far above 5 % of the peak slope
    state.functions.set_focused("sigmoid")
    window.action_shading.trigger()
    assert state.functions.saturation_shading is False
    assert plots.shaded_intervals() == []


def test_log_derivative_axis_plots_the_magnitude_without_holes(window, state):
    state.functions.set_shown(["sigmoid", "gelu"])
    window.action_log_derivative.trigger()
    assert state.functions.log_derivative
    derivative_plot = find(window, pg.PlotWidget, "derivativePlot")
    curves = curves_by_name(derivative_plot)
    x, log_magnitude = curves["Sigmoid"].getData()
    expected = np.log10(np.abs(activations.get("sigmoid").derivative(x)))
    np.testing.assert_allclose(log_magnitude, expected, rtol=1e-12)
    assert np.all(np.isfinite(log_magnitude))  # exact tails: no zero, so no hole
    original_x, original_y = curves["GELU"].getOriginalDataset()
    np.testing.assert_allclose(original_y, np.abs(activations.get("gelu").derivative(original_x)))


def test_panning_resamples_the_visible_interval(window, state, qtbot):
    plot = find(window, pg.PlotWidget, "activationPlot")
    plot.setXRange(-20.0, 10.0, padding=0)
    qtbot.waitUntil(lambda: state.functions.x_range == pytest.approx((-20.0, 10.0)), timeout=2000)
    x, _ = curves_by_name(plot)["Sigmoid"].getData()
    assert x[0] == pytest.approx(-20.0) and x[-1] == pytest.approx(10.0)
    window.action_reset_zoom.trigger()
    assert plot.getPlotItem().getViewBox().viewRange()[0] == pytest.approx([-20.0, 10.0])


@pytest.mark.parametrize(("low", "high"), [(-6.0, 6.0), (-3.0, 3.0), (0.0, 10.0)])
def test_the_x_axis_labels_both_ends_of_the_range(window, state, qtbot, low, high):
    from pyqtgraph.Qt import QtWidgets
    from PySide6.QtGui import QImage, QPainter

    state.functions.set_x_range((low, high))
    QtWidgets.QApplication.processEvents()
    for plot in (
        window.functions_tab.plots.activation_plot,
        window.functions_tab.plots.derivative_plot,
    ):
        axis = plot.getAxis("bottom")
        image = QImage(10, 10, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
        painter.end()
        labels = {text for _rect, _flags, text in texts}
        assert f"{low:g}" in labels and f"{high:g}" in labels, labels
        # And both fit inside the widget, not cut off at its edge.
        for rect, _flags, text in texts:
            if text in (f"{low:g}", f"{high:g}"):
                scene_rect = axis.mapRectToScene(rect)
                assert 0 <= scene_rect.left() and scene_rect.right() <= plot.width(), text
