"""Precision tab: the focused function in a format, its errors in ulps, and its landmarks."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QComboBox, QTableWidget

from core import activations, precision
from tests.gui.conftest import find

pytest.importorskip("ml_dtypes")


@pytest.fixture
def tab(window):
    window.show_tab("precision")
    return window.tab("precision")


def test_the_format_choice_and_what_the_plots_show(window, tab, state):
    combo = find(window, QComboBox, "formatChoice")
    assert [combo.itemText(i) for i in range(combo.count())] == list(precision.FORMATS)
    combo.setCurrentText("bfloat16")
    assert state.precision.format == "bfloat16"
    state.functions.set_focused("tanh")
    tanh = activations.get("tanh")
    x, y = tab.view.rounded.getData()
    np.testing.assert_array_equal(y, precision.evaluate(tanh, x, "bfloat16"))
    _, textbook = tab.view.textbook.getData()
    expected_textbook = precision.evaluate(tanh, x, "bfloat16", "textbook")
    np.testing.assert_array_equal(textbook, expected_textbook)
    # Landmarks: a dotted line in both plots at each, and a row in the table.
    expected = precision.landmarks(tanh, "bfloat16")
    items = find(window, pg.PlotWidget, "precisionPlot").getPlotItem().items
    lines = [item for item in items if isinstance(item, pg.InfiniteLine)]
    assert sorted(line.value() for line in lines) == sorted(mark.x for mark in expected)
    table = find(window, QTableWidget, "landmarkTable")
    texts = [table.item(row, 1).text() for row in range(table.rowCount())]
    assert [mark.text for mark in expected] == texts[: len(expected)]
    assert any(text.startswith("largest error, rounded f") for text in texts)


def test_gelu_tanh_in_float16_loses_its_tail_in_the_textbook_form(window, tab, state):
    state.precision.set_format("float16")
    state.functions.set_focused("gelu_tanh")
    tab.view.plot.setXRange(-5.0, -4.0, padding=0.0)
    tab.wait_idle()
    _, textbook = tab.view.textbook.getData()
    _, rounded = tab.view.rounded.getData()
    assert np.all(textbook == 0.0) and np.all(rounded < 0.0)
    _, error = tab.view.errors[("textbook", False)].getOriginalDataset()  # not log10
    # Off by more than rounding everywhere; at x = -4 (f = -7e-5) by over a thousand ulps.
    assert np.min(error) > 0.5 and error[-1] > 1000


def test_zoomed_in_float8_is_a_staircase(window, tab, state):
    state.precision.set_format("float8_e4m3fn")
    state.functions.set_focused("sigmoid")
    tab.view.plot.setXRange(0.0, 1.0, padding=0.0)
    tab.wait_idle()
    x, y = tab.view.rounded.getData()
    assert len(x) > 1000 and len(np.unique(y)) <= 8  # float8 has 8 steps per octave


def test_a_function_without_a_textbook_form_shows_rounding_only(window, tab, state):
    state.functions.set_focused("sinc")
    assert not tab.view.textbook.isVisible()
    assert "no textbook form" in tab.summary.text()
    rows = tab.csv_rows()
    assert rows[0] == ["x", "x in format", "exact f", "rounded f", "rounded f ulp error"]


def test_the_other_shown_functions_are_drawn_rounded_too(window, tab, state):
    state.precision.set_format("float8_e5m2")
    state.functions.set_shown(("sigmoid", "relu", "gelu"))
    state.functions.set_focused("sigmoid")
    assert set(tab.view.others) == {"relu", "gelu"}
    x, y = tab.view.others["gelu"].getData()
    np.testing.assert_array_equal(y, precision.evaluate(activations.get("gelu"), x, "float8_e5m2"))
    state.functions.set_shown(("sigmoid",))
    assert tab.view.others == {}
