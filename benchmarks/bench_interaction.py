"""Interaction latency: one user step until every affected plot has repainted.

Each scenario is measured for the app and for a bare pyqtgraph baseline doing the same drawing
in the same process, so the ratio is meaningful on a shared, noisy machine. Run directly
(``python benchmarks/bench_interaction.py``) or through ``make bench``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QGridLayout, QVBoxLayout, QWidget

from core import activations
from gui.app import create_application, offscreen_window
from gui.widgets.palette import color

REPEATS = 60
WARMUP = 5


@dataclass
class Row:
    """One benchmark line: the app's median, the baseline's, in milliseconds."""

    name: str
    app_ms: float
    baseline_ms: float
    target: str = ""

    @property
    def ratio(self) -> float:
        return self.app_ms / self.baseline_ms


def interleaved_medians(app_step, baseline_step, repeats: int = REPEATS) -> tuple[float, float]:
    """Median milliseconds of each step, alternating app and baseline so that both see the
    same machine load (the machines are shared and noisy)."""
    for index in range(WARMUP):
        app_step(index)
        baseline_step(index)
    app_timings, baseline_timings = [], []
    for index in range(WARMUP, WARMUP + repeats):
        for step, timings in ((app_step, app_timings), (baseline_step, baseline_timings)):
            started = time.perf_counter()
            step(index)
            timings.append(time.perf_counter() - started)
    return 1000.0 * statistics.median(app_timings), 1000.0 * statistics.median(baseline_timings)


class _PaintCounter(QObject):
    """Counts paint events of the widgets it watches."""

    def __init__(self):
        super().__init__()
        self.counts: dict[int, int] = {}

    def watch(self, widget: QWidget) -> None:
        self.counts.setdefault(id(widget), 0)
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.counts[id(watched)] = self.counts.get(id(watched), 0) + 1
        return False


_PAINTS = _PaintCounter()


def _repaint(*widgets: QWidget) -> None:
    """Deliver pending events (which paints what changed); paint any widget that was not.

    Every widget then shows the new state exactly once: an explicit ``repaint()`` after the
    event loop would paint a second time and measure that too.
    """
    viewports = [getattr(widget, "viewport", lambda w=widget: w)() for widget in widgets]
    for viewport in viewports:
        _PAINTS.watch(viewport)
    before = [_PAINTS.counts[id(viewport)] for viewport in viewports]
    QApplication.processEvents()
    for viewport, count in zip(viewports, before, strict=True):
        if _PAINTS.counts[id(viewport)] == count:
            viewport.repaint()


class BareCurves(QWidget):
    """The baseline: two plain PlotWidgets drawing f and f' of every function, nothing else."""

    def __init__(self, keys, x):
        super().__init__()
        self.x = x
        self.top, self.bottom = pg.PlotWidget(), pg.PlotWidget()
        self.bottom.setXLink(self.top)
        self.top.addLegend()
        layout = QVBoxLayout(self)
        layout.addWidget(self.top, 3)
        layout.addWidget(self.bottom, 2)
        self.curves = {}
        for key in keys:
            activation = activations.get(key)
            pen = pg.mkPen(color(key), width=2)
            self.curves[key] = (
                self.top.plot(x, activation.value(x), pen=pen, name=activation.name),
                self.bottom.plot(x, activation.derivative(x), pen=pen),
            )

    def update_function(self, key: str, **params) -> None:
        activation = activations.get(key)
        value_curve, derivative_curve = self.curves[key]
        value_curve.setData(self.x, activation.value(self.x, **params))
        derivative_curve.setData(self.x, activation.derivative(self.x, **params))


DEFAULT_SHOWN = ("sigmoid", "tanh", "relu", "gelu", "leaky_relu")


def alpha_step(keys=None, focused: str = "elu", size=(1400, 900)) -> Row:
    """The shown functions at 2001 points (all of them by default); the focused function's
    first parameter moves one slider step."""
    from gui.main_window import MainWindow

    keys = tuple(keys or activations.keys())
    window = MainWindow(persistent=False)
    window.resize(*size)
    state = window.state
    state.functions.set_shown(keys)
    state.functions.set_focused(focused)
    window.show()
    QApplication.processEvents()
    parameter = activations.get(focused).params[0]
    control = window.findChild(QWidget, f"param_{focused}_{parameter.name}")
    plots = (window.functions_tab.plots.activation_plot, window.functions_tab.plots.derivative_plot)
    start = parameter.default
    step = (parameter.maximum - parameter.minimum) / 1000
    values = start + step * np.arange(1, REPEATS + 2 * WARMUP + 1)

    def app_step(index: int) -> None:
        control.setValue(float(values[index]))
        _repaint(*plots)

    bare = BareCurves(keys, state.functions.x_values())
    bare.resize(plots[0].width(), plots[0].height() + plots[1].height())
    bare.show()
    QApplication.processEvents()

    def baseline_step(index: int) -> None:
        bare.update_function(focused, **{parameter.name: float(values[index])})
        _repaint(bare.top, bare.bottom)

    app_ms, baseline_ms = interleaved_medians(app_step, baseline_step)
    window.close()
    bare.close()
    if keys == DEFAULT_SHOWN:
        return Row(f"{focused} step, default 5 functions", app_ms, baseline_ms, "ratio <= 0.8")
    return Row(f"{focused} step, all {len(keys)} functions", app_ms, baseline_ms, "ratio <= 0.5")


class BareSoftmax(QWidget):
    """The baseline for a logit edit: the same three bar charts and heat map, nothing else."""

    def __init__(self, logits):
        super().__init__()
        from core import softmax

        self.softmax = softmax
        layout = QGridLayout(self)
        self.plots = [pg.PlotWidget() for _ in range(4)]
        for index, plot in enumerate(self.plots):
            layout.addWidget(plot, index // 2, index % 2)
        brushes = [pg.mkBrush(color(key)) for key in activations.keys()]
        self.brushes = [brushes[i % len(brushes)] for i in range(logits.size)]
        self.bars = [pg.BarGraphItem(x=[], height=[], width=0.8) for _ in range(3)]
        for plot, bars in zip(
            (self.plots[0], self.plots[1], self.plots[3]), self.bars, strict=True
        ):
            plot.addItem(bars)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("CET-D1"))
        self.plots[2].addItem(self.image)
        self.update_logits(logits)

    def update_logits(self, logits) -> None:
        x = np.arange(logits.size)
        probabilities = self.softmax.softmax(logits)
        gradient = self.softmax.cross_entropy_grad(logits, 0)
        for bars, heights in zip(self.bars, (logits, probabilities, gradient), strict=True):
            bars.setOpts(x=x, height=heights, width=0.8, brushes=self.brushes)
        matrix = self.softmax.jacobian(logits)
        extent = float(np.abs(matrix).max())
        self.image.setImage(matrix, levels=(-extent, extent))


def logit_edit(classes: int) -> Row:
    """A logit typed into the table until every view of the Softmax tab has repainted."""
    _, window = offscreen_window("softmax")
    logits = np.random.default_rng(classes).normal(0.0, 2.0, classes)
    window.state.softmax.set_logits(logits)
    QApplication.processEvents()
    tab = window.softmax_tab
    table = tab.table
    plots = [tab.logit_chart, tab.probability_chart, tab.gradient_chart, tab.jacobian_view.plot]
    values = np.linspace(-3.0, 3.0, REPEATS + 2 * WARMUP)

    def app_step(index: int) -> None:
        table.item(index % classes, 1).setText(repr(float(values[index])))
        _repaint(*plots, table)

    bare = BareSoftmax(logits)
    bare.resize(tab.width(), tab.height())
    bare.show()
    QApplication.processEvents()
    bare_logits = logits.copy()

    def baseline_step(index: int) -> None:
        bare_logits[index % classes] = values[index]
        bare.update_logits(bare_logits)
        _repaint(*bare.plots)

    app_ms, baseline_ms = interleaved_medians(app_step, baseline_step)
    window.close()
    bare.close()
    target = "< 16.7 ms (one 60 Hz frame)" if classes == 100 else ""
    return Row(f"logit edit, K = {classes}", app_ms, baseline_ms, target)


def input_mean_step() -> Row:
    """μ of the input distribution moves one step: resample 20,000 inputs, redraw."""
    from core.distributions import output_stats
    from gui.distributions.distribution_plot import sample_histograms

    _, window = offscreen_window("distributions")  # the default focus, sigmoid
    QApplication.processEvents()
    plot = window.distributions_tab.plot.plot
    means = np.linspace(-1.0, 1.0, REPEATS + 2 * WARMUP)

    def app_step(index: int) -> None:
        window.state.distributions.set_input_mean(float(means[index]))
        _repaint(plot)

    bare = pg.PlotWidget()
    bare.resize(plot.width(), plot.height())
    input_curve = bare.plot(stepMode="center", fillLevel=0, brush=(140, 140, 140, 90))
    output_curve = bare.plot(stepMode="center", fillLevel=0, brush=(0, 0, 0, 90))
    bare.show()
    QApplication.processEvents()

    def baseline_step(index: int) -> None:
        mean = float(means[index])
        histograms = sample_histograms(["sigmoid"], {"sigmoid": {}}, mean, 1.0, 20_000, 0)
        output_stats(activations.get("sigmoid"), mean, 1.0)
        input_curve.setData(histograms.edges, histograms.input_density)
        output_curve.setData(histograms.edges, histograms.output_density["sigmoid"])
        _repaint(bare)

    app_ms, baseline_ms = interleaved_medians(app_step, baseline_step, repeats=30)
    window.close()
    bare.close()
    return Row("input mean step, 20,000 samples", app_ms, baseline_ms, "< 16.7 ms")


def depth_run() -> Row:
    """A new seed on the Depth tab (20 layers × 128): run off the GUI thread, then redraw."""
    from core.depth import gradient_flow

    _, window = offscreen_window("depth")
    window.depth_tab.wait_idle()
    view = window.depth_tab.view

    def app_step(index: int) -> None:
        window.state.depth.set_depth_seed(index + 1)
        view.job.wait()
        _repaint(view.plot, view.heatmap)

    bare = pg.PlotWidget()
    bare.setLogMode(y=True)
    curve = bare.plot()
    bare.show()
    QApplication.processEvents()

    def baseline_step(index: int) -> None:
        flow = gradient_flow(activations.get("sigmoid"), 20, 128, "xavier", index + 1)
        curve.setData(np.arange(21), flow.gradient_rms)
        _repaint(bare)

    app_ms, baseline_ms = interleaved_medians(app_step, baseline_step, repeats=20)
    window.close()
    bare.close()
    return Row("depth run, 20 layers x 128, new seed", app_ms, baseline_ms, "")


SCENARIOS = [
    lambda: alpha_step(DEFAULT_SHOWN, "leaky_relu"),
    alpha_step,
    lambda: logit_edit(10),
    lambda: logit_edit(100),
    lambda: logit_edit(1000),
    input_mean_step,
    depth_run,
]


def measure() -> list[Row]:
    create_application()
    return [scenario() for scenario in SCENARIOS]


def print_table(rows: list[Row]) -> None:
    print(f"{'scenario':<42}{'app ms':>9}{'baseline ms':>13}{'ratio':>8}  target")
    for row in rows:
        print(
            f"{row.name:<42}{row.app_ms:>9.2f}{row.baseline_ms:>13.2f}{row.ratio:>8.2f}  "
            f"{row.target}"
        )


if __name__ == "__main__":
    print_table(measure())
