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
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from core import activations
from gui.app import create_application
from gui.palette import color

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


def _repaint(*plots: pg.PlotWidget) -> None:
    """Deliver pending events, then paint each plot synchronously."""
    QApplication.processEvents()
    for plot in plots:
        plot.viewport().repaint()


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


def alpha_step(size=(1400, 900)) -> Row:
    """All functions shown at 2001 points; the focused ELU's α moves one slider step."""
    from gui.main_window import MainWindow

    window = MainWindow()
    window.resize(*size)
    state = window.state
    state.set_shown(activations.keys())
    state.set_focused("elu")
    window.show()
    QApplication.processEvents()
    control = window.findChild(QWidget, "param_elu_alpha")
    plots = (window.functions_tab.plots.activation_plot, window.functions_tab.plots.derivative_plot)
    alphas = 1.0 + 0.005 * np.arange(REPEATS + 2 * WARMUP)

    def app_step(index: int) -> None:
        control.setValue(float(alphas[index]))
        _repaint(*plots)

    bare = BareCurves(activations.keys(), state.x_values())
    bare.resize(plots[0].width(), plots[0].height() + plots[1].height())
    bare.show()
    QApplication.processEvents()

    def baseline_step(index: int) -> None:
        bare.update_function("elu", alpha=float(alphas[index]))
        _repaint(bare.top, bare.bottom)

    app_ms, baseline_ms = interleaved_medians(app_step, baseline_step)
    window.close()
    bare.close()
    return Row("alpha step, all functions, 2001 pts", app_ms, baseline_ms, "ratio <= 1.5")


SCENARIOS = [alpha_step]


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
