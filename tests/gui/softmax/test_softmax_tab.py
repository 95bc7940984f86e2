"""Softmax tab: charts, temperature, target and loss, Jacobian and the naive panel."""

import math

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from core.softmax import cross_entropy, cross_entropy_grad, entropy, jacobian, softmax
from tests.gui.conftest import drag, find


@pytest.fixture
def tab(window):
    window.show_tab("softmax")
    return window.softmax_tab


def bar_heights(chart):
    return np.asarray(chart.bars.opts["height"], dtype=float)


def test_charts_exist_under_their_names(window, tab):
    for name in ("logitChart", "probabilityChart", "jacobianView"):
        plot = find(window, pg.PlotWidget, name)
        assert plot.isVisible()
    assert find(window, pg.PlotWidget, "logitChart").getPlotItem().items
    bars = [
        i
        for i in find(window, pg.PlotWidget, "probabilityChart").getPlotItem().items
        if isinstance(i, pg.BarGraphItem)
    ]
    assert bars


@pytest.mark.parametrize("temperature", [0.05, 1.0, 20.0])
def test_bars_equal_core(window, tab, state, temperature):
    state.softmax.set_logits([3.0, -1.0, 0.5, 0.5, 2.0, -7.0])
    tab.temperature.setValue(temperature)
    np.testing.assert_array_equal(bar_heights(tab.logit_chart), state.softmax.logits)
    np.testing.assert_allclose(
        bar_heights(tab.probability_chart), softmax(state.softmax.logits, temperature), rtol=1e-15
    )
    np.testing.assert_allclose(
        bar_heights(tab.gradient_chart),
        cross_entropy_grad(state.softmax.logits, state.softmax.target, temperature),
        rtol=1e-15,
    )
    assert tab.probability_chart.uniform.value() == pytest.approx(1 / 6)
    assert tab.probability_chart.highlight.opts["x"][0] == 0  # the argmax is outlined


def test_temperature_control_is_logarithmic_and_clamped(window, tab, state):
    control = find(window, QWidget, "temperature")
    control.setValue(0.37)
    assert state.softmax.temperature == 0.37 == control.value()
    tab.temperature.slider.setValue(100)  # one decade up from 1
    assert state.softmax.temperature == 10.0
    control.setValue(1e6)
    assert state.softmax.temperature == 100.0
    control.setValue(0.0)
    assert state.softmax.temperature == 0.01


def test_target_and_loss(window, tab, state):
    combo = find(window, QComboBox, "targetClass")
    loss_label = find(window, QLabel, "lossLabel")
    assert [combo.itemText(i) for i in range(combo.count())] == list(state.softmax.labels)
    combo.setCurrentIndex(3)
    assert state.softmax.target == 3
    assert float(loss_label.text()) == pytest.approx(
        cross_entropy(state.softmax.logits, 3), rel=1e-4
    )
    tab.temperature.setValue(0.5)
    assert float(loss_label.text()) == pytest.approx(
        cross_entropy(state.softmax.logits, 3, 0.5), rel=1e-4
    )
    assert tab.gradient_chart.highlight.opts["x"][0] == 3


def test_summary_line(window, tab, state):
    figures = tab.summary.values()
    nats = entropy(state.softmax.logits)
    assert figures["entropy_nats"] == nats
    assert figures["entropy_bits"] == pytest.approx(nats / math.log(2))
    assert figures["effective_classes"] == pytest.approx(math.exp(nats))
    text = tab.summary.text()
    assert f"{nats:.4f}" in text and "effective classes" in text


def test_jacobian_heat_map(window, tab, state):
    state.softmax.set_logits([1.0, 2.0, 0.0, -1.0])
    tab.temperature.setValue(2.0)
    np.testing.assert_array_equal(tab.jacobian_view.matrix(), jacobian(state.softmax.logits, 2.0))
    image = tab.jacobian_view.image
    np.testing.assert_array_equal(image.image, jacobian(state.softmax.logits, 2.0))
    low, high = tab.jacobian_view.color_bar.levels()
    assert low == -high and high == pytest.approx(np.abs(jacobian(state.softmax.logits, 2.0)).max())
    tab.jacobian_view.show_cell(1, 0)
    readout = find(window, QLabel, "jacobianReadout").text()
    assert "J[1, 0]" in readout and f"{jacobian(state.softmax.logits, 2.0)[1, 0]:.4f}" in readout


def test_a_subnormal_jacobian_still_draws(window, tab, state):
    # p = (1, e^-710): every entry of J is a subnormal number. pyqtgraph scales colours by
    # 255/(high - low), which overflowed for such a range (found by the monkey test).
    state.softmax.set_logits([0.0, -710.0])
    assert 0 < np.abs(tab.jacobian_view.matrix()).max() < np.finfo(float).tiny
    low, high = tab.jacobian_view.color_bar.levels()
    assert low == -high and high >= 1e-300
    assert not window.grab().isNull()  # paints the heat map; an exception would fail here


def test_hovering_the_heat_map_reads_a_cell(window, tab, state):
    plot = find(window, pg.PlotWidget, "jacobianView")
    view_box = plot.getPlotItem().getViewBox()
    plot.scene().sigMouseMoved.emit(view_box.mapViewToScene(pg.Point(2.0, 1.0)))
    assert "J[1, 2]" in find(window, QLabel, "jacobianReadout").text()


def test_dragging_a_logit_bar_edits_that_logit(window, tab, state, qtbot):
    chart = find(window, pg.PlotWidget, "logitChart")
    view_box = chart.getPlotItem().getViewBox()
    start = chart.mapFromScene(view_box.mapViewToScene(pg.Point(1.0, 1.0)))
    end = chart.mapFromScene(view_box.mapViewToScene(pg.Point(1.0, -1.5)))
    drag(chart.viewport(), start, end)
    assert state.softmax.logits[1] == pytest.approx(-1.5, abs=0.05)
    np.testing.assert_array_equal(state.softmax.logits[[0, 2, 3, 4]], [2.0, 0.1, -1.0, -2.5])
    np.testing.assert_allclose(bar_heights(tab.probability_chart), softmax(state.softmax.logits))


def test_naive_panel_shows_the_overflow(window, tab, state):
    state.softmax.set_logits([100.0, 1.0, 0.0])
    results = tab.naive_panel.results()
    assert np.isnan(results["float32"][0]) and not np.isnan(results["float64"]).any()
    assert "fails" in find(window, QLabel, "naiveVerdict").text()
    state.softmax.set_logits([1.0, 0.0])
    assert "still works" in find(window, QLabel, "naiveVerdict").text()


def test_a_float16_accumulator_overflows_at_128000_classes_of_logit_zero(window, tab, state):
    from core import precision

    state.softmax.set_logits(np.zeros(5000))  # the tab's limit; the core takes any K
    assert state.softmax.accumulator == "float32"
    results = tab.naive_panel.results()
    np.testing.assert_array_equal(results["float16"], precision.round_to(1 / 5000, "float16"))
    assert not np.isnan(results["bfloat16"]).any()
    # At 128,000 classes the sum is beyond float16's 65,504: every probability 0.
    zeros = np.zeros(128_000)
    assert not np.any(precision.naive_softmax(zeros, "float16", "float16"))
    assert precision.naive_softmax(zeros, "float16", "float32")[0] == pytest.approx(
        1 / 128_000, rel=1e-3
    )
    # In the panel, a float16 logit of 12 already overflows exp (e^12 > 65,504).
    find(window, QComboBox, "accumulatorChoice").setCurrentIndex(0)
    assert state.softmax.accumulator == "float16"
    state.softmax.set_logits([12.0, 0.0])
    assert "float16: 1 of 2 classes nan" in find(window, QLabel, "naiveVerdict").text()
    headers = [tab.naive_panel.table.horizontalHeaderItem(i).text() for i in range(6)]
    assert headers == ["Class", "f16", "bf16", "f32", "f64", "stable"]


def test_a_thousand_classes(window, tab, state):
    logits = np.random.default_rng(3).normal(0, 3, 1000)
    state.softmax.set_logits(logits)
    assert bar_heights(tab.probability_chart).size == 1000
    np.testing.assert_allclose(bar_heights(tab.probability_chart), softmax(logits), rtol=1e-15)
    ticks = tab.logit_chart.getAxis("bottom")._tickLevels[0]
    assert 5 <= len(ticks) <= 12  # sparse labels when crowded
    assert tab.jacobian_view.matrix().shape == (1000, 1000)


def test_sparsemax_and_entmax_give_exact_zeros_everywhere_in_the_tab(window, tab, state):
    from core.softmax import entmax, entmax_jacobian, sparsemax

    state.softmax.set_logits([-2.0, 0.0, 0.5])
    state.softmax.set_target(0)
    mapping = find(window, QComboBox, "mappingChoice")
    mapping.setCurrentIndex(mapping.findData("sparsemax"))
    assert state.softmax.mapping == "sparsemax"
    np.testing.assert_allclose(bar_heights(tab.probability_chart), [0.0, 0.25, 0.75])
    assert tab.probability_chart.zero_classes() == [0]
    np.testing.assert_allclose(tab.jacobian_view.matrix(), entmax_jacobian([-2, 0, 0.5], 2.0))
    assert tab.loss_panel.loss.text() in ("inf", "∞")  # the true class got exactly 0
    # The gradient of the mapping's own (Fenchel-Young) loss: p - y.
    np.testing.assert_allclose(bar_heights(tab.gradient_chart), sparsemax([-2, 0, 0.5]) - [1, 0, 0])
    assert "1 of 3 classes" in find(window, QLabel, "zeroClasses").text()
    mapping.setCurrentIndex(mapping.findData("entmax"))
    state.softmax.set_entmax_alpha(1.5)
    np.testing.assert_allclose(bar_heights(tab.probability_chart), entmax([-2, 0, 0.5], 1.5))
    mapping.setCurrentIndex(mapping.findData("softmax"))
    np.testing.assert_allclose(bar_heights(tab.probability_chart), softmax([-2, 0, 0.5]))
    assert tab.probability_chart.zero_classes() == []
