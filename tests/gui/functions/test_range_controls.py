"""x-range and sample count: valid values resample the curves, invalid ones are refused."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QProgressBar, QSpinBox

from core import activations
from tests.gui.conftest import assert_curve_matches, curves_by_name, find


def _type_into(qtbot, box, text):
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def test_typed_range_resamples_the_curves(window, state, qtbot):
    _type_into(qtbot, find(window, QDoubleSpinBox, "xMin"), "-2")
    _type_into(qtbot, find(window, QDoubleSpinBox, "xMax"), "3")
    assert state.functions.x_range == (-2.0, 3.0)
    curve = curves_by_name(find(window, pg.PlotWidget, "activationPlot"))["Sigmoid"]
    x, _ = curve.getData()
    assert x[0] == -2.0 and x[-1] == 3.0
    assert_curve_matches(curve, activations.get("sigmoid").value)


def test_min_not_below_max_is_refused_with_a_message(window, state, qtbot):
    _type_into(qtbot, find(window, QDoubleSpinBox, "xMin"), "7")
    assert state.functions.x_range == (-6.0, 6.0)
    assert find(window, QDoubleSpinBox, "xMin").value() == -6.0
    assert "x min must be less than x max" in window.statusBar().currentMessage()


def test_sample_count_changes_the_number_of_points(window, state, qtbot):
    find(window, QSpinBox, "sampleCount").setValue(501)
    assert state.functions.sample_count == 501
    x, y = curves_by_name(find(window, pg.PlotWidget, "activationPlot"))["Tanh"].getData()
    assert len(x) == 501
    np.testing.assert_allclose(y, np.tanh(x), rtol=1e-12)


def test_a_million_samples_are_computed_off_the_gui_thread(window, state):
    plots = window.functions_tab.plots
    busy = find(window, QProgressBar, "curvesBusy")
    state.functions.set_sample_count(1_000_000)
    # The call returned before the curves were computed, and says so.
    assert not busy.isHidden()
    curve = curves_by_name(find(window, pg.PlotWidget, "activationPlot"))["GELU"]
    assert plots.wait_idle()
    assert busy.isHidden()
    x, _ = curve.getData()
    assert len(x) < 1_000_000  # thinned for drawing...
    assert_curve_matches(curve, activations.get("gelu").value)  # ...but every point exact
    original_x, _ = curve.getOriginalDataset()
    assert len(original_x) == 1_000_000


def test_a_late_result_never_overwrites_newer_curves(window, state):
    plots = window.functions_tab.plots
    state.functions.set_sample_count(1_000_000)
    state.functions.set_sample_count(301)  # small again: computed at once, before the big run lands
    assert plots.wait_idle()
    for name, curve in curves_by_name(find(window, pg.PlotWidget, "activationPlot")).items():
        x, _ = curve.getOriginalDataset()
        assert len(x) == 301, name
