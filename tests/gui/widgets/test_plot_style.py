"""style_axes: what every plot of the app shares, seen from a user's first frame."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from gui.widgets.plot_style import style_axes
from tests.gui.conftest import lazy_window


def _record_paints(monkeypatch):
    painted = []
    original = pg.GraphicsView.paintEvent

    def paint_event(view, event):
        if isinstance(view, pg.PlotWidget):
            painted.append((view.objectName(), view.getViewBox().viewRange()))
        return original(view, event)

    monkeypatch.setattr(pg.GraphicsView, "paintEvent", paint_event)
    return painted


def test_the_first_window_paints_each_plot_once_with_its_final_range(qtbot, monkeypatch):
    # pyqtgraph fitted a resized view while painting it, which asked for a second paint:
    # the first frame showed f' on [0, 1] and was then drawn again at its real range.
    painted = _record_paints(monkeypatch)
    window = lazy_window(qtbot)
    for _ in range(5):
        QApplication.processEvents()
    plots = window.functions_tab.plots
    final = {
        plot.objectName(): plot.getViewBox().viewRange()
        for plot in (plots.activation_plot, plots.derivative_plot)
    }
    assert sorted(name for name, _ in painted) == sorted(final)
    for name, view_range in painted:
        np.testing.assert_allclose(view_range, final[name])


def test_a_resized_plot_is_painted_once(qtbot, monkeypatch):
    painted = _record_paints(monkeypatch)
    plot = pg.PlotWidget()
    plot.setObjectName("plot")
    qtbot.addWidget(plot)
    style_axes(plot)
    x = np.linspace(-6, 6, 2001)
    plot.plot(x, np.tanh(x))
    plot.resize(600, 400)
    plot.show()
    qtbot.waitExposed(plot)
    for _ in range(5):
        QApplication.processEvents()
    painted.clear()
    plot.resize(900, 500)
    for _ in range(5):
        QApplication.processEvents()
    assert len(painted) == 1


def test_axis_text_space_never_shrinks(qtbot):
    # A plot whose tick labels get shorter keeps its axis width: no relayout while dragging,
    # and plots stacked in a column keep their axes in line.
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    style_axes(plot)
    plot.resize(600, 400)
    plot.show()
    qtbot.waitExposed(plot)
    axis = plot.getAxis("left")
    plot.setYRange(-123456.0, 654321.0, padding=0)
    for _ in range(5):
        QApplication.processEvents()
    wide = axis.width()
    plot.setYRange(0.0, 1.0, padding=0)
    for _ in range(5):
        QApplication.processEvents()
    assert axis.width() == wide


def test_legend_labels_already_there_take_the_new_colour(qtbot):
    from gui.widgets.plot_style import set_legend_text_color

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    legend = plot.addLegend()
    plot.plot([0, 1], [0, 1], name="first")
    set_legend_text_color(legend, "#dddddd")
    plot.plot([0, 1], [1, 0], name="added later")
    for _sample, label in legend.items:
        assert "#dddddd" in label.item.toHtml().lower()


def test_the_dark_theme_colours_the_function_legend(window, state):
    state.display.set_theme("dark")
    legend = window.functions_tab.plots.legend
    assert legend.items
    for _sample, label in legend.items:
        assert "#dddddd" in label.item.toHtml().lower()
    state.display.set_theme("light")
    for _sample, label in legend.items:
        assert "#000000" in label.item.toHtml().lower()


def test_a_log_axis_over_a_decade_and_a_half_labels_only_powers_of_ten(qtbot):
    """pyqtgraph labels 2 … 9 × 10^k too over a narrow log range; they ran together."""
    from gui.train.boundary_view import log_value_axis
    from gui.widgets.plot_style import DecadeLogAxis

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    log_value_axis(plot, "gradient RMS, log scale")
    axis = plot.getAxis("left")
    assert isinstance(axis, DecadeLogAxis) and axis.logMode
    plot.setYRange(np.log10(0.003), np.log10(0.06), padding=0)
    plot.resize(300, 200)
    levels = axis.tickValues(np.log10(0.003), np.log10(0.06), 200)
    labels = [text for spacing, values in levels for text in axis.tickStrings(values, 1, spacing)]
    assert [text for text in labels if text] == ["0.01"]
    assert len(labels) > 5  # the 2 … 9 ticks stay, unlabelled
