"""Distributions tab: histograms from a sample, exact statistics beside the estimates."""

import math

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QCheckBox, QPushButton, QSpinBox, QTableWidget, QWidget

from core import activations
from core.distributions import output_stats
from tests.gui.conftest import find


@pytest.fixture
def tab(window):
    window.show_tab("distributions")
    return window.distributions_tab


def test_relu_output_has_a_spike_at_zero_and_leaky_relu_none(window, tab, state):
    state.functions.set_focused("relu")
    assert tab.plot.histograms.atoms["relu"] == pytest.approx(0.5, abs=0.01)
    stem = tab.plot.atom_stem("relu")
    assert stem is not None
    x, y = stem.getData()
    assert list(x) == [0.0, 0.0] and y[1] > np.max(tab.plot.histograms.input_density)
    # The point mass is not smeared into the histogram's bars.
    total = (
        np.sum(tab.plot.histograms.output_density["relu"]) * np.diff(tab.plot.histograms.edges)[0]
    )
    assert total == pytest.approx(0.5, abs=0.01)
    state.functions.set_focused("leaky_relu")
    assert tab.plot.histograms.atoms["leaky_relu"] == 0.0
    assert tab.plot.atom_stem("leaky_relu") is None


def test_exact_statistics_follow_the_controls(window, tab, state):
    state.functions.set_focused("gelu")
    find(window, QWidget, "inputMean").setValue(0.75)
    find(window, QWidget, "inputStd").setValue(2.0)
    table = find(window, QTableWidget, "distributionStats")
    exact = output_stats(activations.get("gelu"), mean=0.75, std=2.0)
    assert float(table.item(0, 0).text()) == pytest.approx(exact.mean, rel=1e-5)
    assert float(table.item(1, 0).text()) == pytest.approx(exact.std, rel=1e-5)
    assert float(table.item(0, 1).text()) == pytest.approx(exact.mean, abs=0.05)


def test_relu_statistics_in_the_table(window, tab, state):
    state.functions.set_focused("relu")
    table = find(window, QTableWidget, "distributionStats")
    assert float(table.item(0, 0).text()) == pytest.approx(1 / math.sqrt(2 * math.pi), rel=1e-5)
    assert float(table.item(2, 0).text()) == 0.5
    assert float(table.item(2, 1).text()) == pytest.approx(0.5, abs=0.01)


def test_sample_size_resample_and_comparison(window, tab, state):
    find(window, QSpinBox, "sampleSize").setValue(20_000)
    assert tab.plot.histograms.size == 20_000
    before = tab.plot.histograms.input_density.copy()
    find(window, QPushButton, "resampleButton").click()
    assert not np.array_equal(before, tab.plot.histograms.input_density)
    state.functions.set_shown(["sigmoid", "tanh", "relu"])
    find(window, QCheckBox, "compareShown").setChecked(True)
    assert set(tab.plot.histograms.output_density) == {"sigmoid", "tanh", "relu"}
    names = [label.text for _, label in tab.plot.legend.items]
    assert any("Tanh" in name for name in names)


def test_large_samples_are_drawn_in_the_background(window, tab, state, qtbot):
    state.distributions.set_sample_size(1_000_000)
    assert tab.plot.job.is_busy()
    tab.wait_idle()
    assert tab.plot.histograms.size == 1_000_000
    assert find(window, pg.PlotWidget, "distributionPlot").isVisible()
