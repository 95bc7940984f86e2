"""Gated tab: the unit's map, gradient map and slices, its statistics, the block's parameter
counts, exports and the session."""

import csv
import re

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QSlider,
    QSpinBox,
    QTableWidget,
    QWidget,
)

from core import activations, gated
from gui.gated.gated_map import grid
from gui.gated.gated_slices import SLICE_VALUES
from gui.gated.gated_stats import standard_sample
from tests.gui.conftest import find


@pytest.fixture
def tab(window):
    window.show_tab("gated")
    return window.tab("gated")


def _image(plot: pg.PlotWidget) -> np.ndarray:
    images = [item for item in plot.getPlotItem().items if isinstance(item, pg.ImageItem)]
    assert len(images) == 1
    return images[0].image


def test_every_unit_is_offered_and_drawn_from_the_core(window, tab, state):
    combo = find(window, QComboBox, "gatedChoice")
    assert [combo.itemData(i) for i in range(combo.count())] == list(gated.KEYS)
    value_map = find(window, pg.PlotWidget, "gatedMap")
    gradient_map = find(window, pg.PlotWidget, "gatedGradientMap")
    a, b = np.meshgrid(grid(), grid())
    for index, key in enumerate(gated.KEYS):
        combo.setCurrentIndex(index)
        assert state.gated.unit == key
        np.testing.assert_array_equal(_image(value_map), gated.value(key, a, b))
        d_a, d_b = gated.gradient(key, a, b)
        np.testing.assert_array_equal(_image(gradient_map), np.hypot(d_a, d_b))
        assert key in combo.currentData()


def test_the_map_is_centred_at_zero_and_draws_the_zero_contour(window, tab, state):
    state.gated.set_unit("geglu")
    low, high = tab.value_map.color_bar.levels()
    assert low == -high and high == np.max(np.abs(tab.value_map.values()))
    contour = tab.value_map.zero_contour
    assert contour.isVisible() and contour.level == 0.0
    np.testing.assert_array_equal(contour.data, tab.value_map.values().T)
    bounds = contour.boundingRect()  # the contour's path is built when it is first needed
    # GEGLU is 0 on the line b = 0 and on a = 0: the contour spans the whole grid.
    assert bounds.width() == pytest.approx(grid().size - 1, abs=1)
    assert bounds.height() == pytest.approx(grid().size - 1, abs=1)
    assert not tab.gradient_map.zero_contour.isVisible()


def test_slices_are_the_unit_at_fixed_b_and_the_dashed_gate(window, tab, state):
    state.gated.set_unit("reglu")
    find(window, pg.PlotWidget, "gatedSlices")
    for b, curve in tab.slices.slices.items():
        a, f = curve.getData()
        np.testing.assert_array_equal(f, gated.value("reglu", a, b))
    a, g = tab.slices.gate_curve.getData()
    np.testing.assert_array_equal(g, activations.get("relu").value(a))
    assert sorted(tab.slices.slices) == sorted(SLICE_VALUES)


def test_beta_reshapes_swiglu_only(window, tab, state):
    beta = find(window, QWidget, "gatedBeta")
    state.gated.set_unit("swiglu")
    assert beta.isEnabled()
    beta.setValue(4.0)
    assert state.gated.beta == 4.0
    a, b = np.meshgrid(grid(), grid())
    np.testing.assert_array_equal(tab.value_map.values(), gated.value("swiglu", a, b, beta=4.0))
    state.gated.set_unit("glu")
    assert not beta.isEnabled()
    np.testing.assert_array_equal(tab.value_map.values(), gated.value("glu", a, b))


def test_statistics_are_exact_and_sampled(window, tab, state):
    table = find(window, QTableWidget, "gatedStats")
    find(window, QWidget, "gatedCorrelation").setValue(0.5)
    state.gated.set_unit("geglu")
    exact = gated.output_stats("geglu", 0.0, 1.0, 0.0, 1.0, 0.5)
    shown = [[float(table.item(row, column).text()) for column in range(4)] for row in range(3)]
    expected = [
        (exact.mean, exact.variance),
        (exact.gradient_a_mean, exact.gradient_a_variance),
        (exact.gradient_b_mean, exact.gradient_b_variance),
    ]
    a, b = standard_sample(0.5)
    samples = [gated.value("geglu", a, b), *gated.gradient("geglu", a, b)]
    for row, ((mean, variance), sample) in enumerate(zip(expected, samples, strict=True)):
        assert shown[row][0] == pytest.approx(mean, abs=5e-5)
        assert shown[row][2] == pytest.approx(variance, abs=5e-5)
        assert shown[row][1] == pytest.approx(sample.mean(), abs=5e-5)
        assert shown[row][3] == pytest.approx(sample.var(), abs=5e-5)
        assert abs(shown[row][1] - mean) < 0.05 and abs(shown[row][3] - variance) < 0.05


def test_the_block_counts_follow_d_and_the_ratio(window, tab, state):
    counts = find(window, QLabel, "parameterCounts")
    find(window, QSpinBox, "modelDim").setValue(768)
    find(window, QWidget, "ffRatio").setValue(8 / 3)
    assert state.gated.model_dim == 768
    text = re.sub("<[^>]+>", "", counts.text()).replace(",", "")
    assert "d_ff = 2048" in text
    # 768 is a multiple of 3: the gated block and the ungated 4·d one both have 8·d².
    assert gated.block_parameters(768, 8 / 3) == 8 * 768**2
    assert f"{8 * 768**2} weights" in text and f"4·d: {8 * 768**2}" in text
    find(window, QSpinBox, "modelDim").setValue(1024)
    find(window, QWidget, "ffRatio").setValue(4.0)
    text = re.sub("<[^>]+>", "", counts.text()).replace(",", "")
    assert "d_ff = 4096" in text and str(3 * 1024 * 4096) in text
    assert str(gated.block_parameters(1024, 6.0, gated=False)) in text
    # The slider moves d in steps of 64 and follows what the box sets.
    slider = find(window, QSlider, "modelDimSlider")
    assert slider.value() == 1024 // 64
    slider.setValue(12)
    assert state.gated.model_dim == 768 and find(window, QSpinBox, "modelDim").value() == 768


def test_csv_and_plot_export(window, tab, state, monkeypatch, tmp_path):
    state.gated.set_unit("swiglu")

    def answer(path):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))

    answer(tmp_path / "gated.csv")
    find(window, QAction, "actionExportCsv").trigger()
    with (tmp_path / "gated.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["a", "b", "swiglu f(a, b)", "df/da", "df/db"]
    data = np.array(rows[1:], dtype=float)
    assert data.shape == (grid().size ** 2, 5)
    np.testing.assert_array_equal(data[:, 2], gated.value("swiglu", data[:, 0], data[:, 1]))
    np.testing.assert_array_equal(data[:, 3], gated.gradient("swiglu", data[:, 0], data[:, 1])[0])
    answer(tmp_path / "gated.png")
    find(window, QAction, "actionExportPlot").trigger()
    image = QImage(str(tmp_path / "gated.png"))
    assert image.width() >= tab.value_map.plot.width() + tab.gradient_map.plot.width()
    assert image.height() >= tab.value_map.plot.height() + tab.slices.plot.height()


def test_a_restart_remembers_the_unit_and_the_block(window, state, qtbot):
    from tests.gui.test_session import restart

    state.gated.set_unit("reglu")
    state.gated.set_beta(2.5)
    state.gated.set_correlation(-0.25)
    state.gated.set_model_dim(2048)
    state.gated.set_ff_ratio(3.5)
    window.show_tab("gated")
    again = restart(window, qtbot)
    restored = again.state.gated
    assert (restored.unit, restored.beta, restored.correlation) == ("reglu", 2.5, -0.25)
    assert (restored.model_dim, restored.ff_ratio) == (2048, 3.5)
    assert again.current_tab_name() == "gated"
    assert find(again, QComboBox, "gatedChoice").currentData() == "reglu"
