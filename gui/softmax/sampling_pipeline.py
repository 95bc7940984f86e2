"""SamplingPipeline: the steps a language model takes from logits to a drawn token, in an
order you choose, with the distribution after each."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import sampling
from gui.softmax.softmax_model import SoftmaxModel
from gui.widgets.plot_style import describe_plot
from gui.widgets.refresh_when_shown import RefreshWhenShown

PRESET_TITLES = {"huggingface": "Hugging Face order", "llama.cpp": "llama.cpp order"}
SHOWN_BARS = 40  # per chart, the most likely tokens, sorted: K = 1,000 stays readable
DRAWS = 1000
KEPT_BRUSH = pg.mkBrush("#0077BB")
DROPPED_BRUSH = pg.mkBrush("#DDDDDD")


class SamplingPipeline(RefreshWhenShown, QGroupBox):
    """``samplingPipeline``: ``pipelinePreset``, the steps in ``pipelineSteps`` (tick to
    switch one on, edit its value, move it with ``stepUp``/``stepDown``), a chart per stage
    in ``pipelineCharts`` (sorted, kept tokens in colour; title: kept count and entropy), and
    ``drawButton``, which overlays the frequencies of 1,000 seeded draws on the last chart.

    Computes only while shown: a logit dragged on the other page costs nothing here.
    """

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__("Sampling pipeline (the logits above as a language model's)", parent)
        self.setObjectName("samplingPipeline")
        self._model = model
        self.preset = QComboBox(self)
        self.preset.setObjectName("pipelinePreset")
        for key, title in PRESET_TITLES.items():
            self.preset.addItem(title, key)
        self.preset.setToolTip("Load a library's steps in its order, with its defaults")
        self.preset.currentIndexChanged.connect(lambda _index: self.load_preset())
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("pipelineSteps")
        self.table.setAccessibleName("sampling steps")
        self.table.setToolTip("Tick a step to use it, edit its value; the order is top to bottom")
        self.table.setHorizontalHeaderLabels(["step", "value"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._on_inputs_changed)
        self.up = QPushButton("Move up", self)
        self.up.setObjectName("stepUp")
        self.up.setToolTip("Apply the selected step earlier")
        self.up.clicked.connect(lambda: self.move_step(-1))
        self.down = QPushButton("Move down", self)
        self.down.setObjectName("stepDown")
        self.down.setToolTip("Apply the selected step later")
        self.down.clicked.connect(lambda: self.move_step(1))
        self.draw_button = QPushButton(f"Draw {DRAWS:,}", self)
        self.draw_button.setObjectName("drawButton")
        self.draw_button.setToolTip(
            f"Sample {DRAWS:,} tokens from the final distribution (seeded) and mark how often "
            "each came up"
        )
        self.draw_button.clicked.connect(self.draw)
        self.charts = pg.GraphicsLayoutWidget(self)
        self.charts.setObjectName("pipelineCharts")
        describe_plot(
            self.charts,
            "Distribution after each step",
            "One bar chart per stage, the most likely tokens first; kept tokens in colour, "
            "removed ones grey; each title gives the kept count and the entropy.",
        )
        self.charts.setMinimumHeight(260)
        buttons = QHBoxLayout()
        for widget in (self.preset, self.up, self.down, self.draw_button):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.charts, 1)
        self.stages: list[sampling.Stage] = []
        self.frequencies: np.ndarray | None = None
        self._plots: list[pg.PlotItem] = []
        self._observed: pg.ScatterPlotItem | None = None
        self.load_preset()
        for signal in (model.logits_changed, model.labels_changed):
            signal.connect(self._on_inputs_changed)

    # ---- the steps ---------------------------------------------------------------------------

    def load_preset(self, key: str | None = None) -> None:
        """The steps of preset ``key`` (default: the one chosen), all switched on."""
        key = key or self.preset.currentData()
        self.set_steps([(name, value, True) for name, value in sampling.PRESETS[key]])

    def set_steps(self, steps) -> None:
        """[(name, value, switched on), …] in order."""
        blocked = self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row, (name, value, enabled) in enumerate(steps):
            self.table.insertRow(row)
            item = QTableWidgetItem(name)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(f"{value:g}"))
        self.table.blockSignals(blocked)
        self._on_inputs_changed()

    def steps(self) -> list[tuple[str, float, bool]]:
        result = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0).text()
            try:
                value = float(self.table.item(row, 1).text())
            except ValueError:
                value = math.nan
            enabled = self.table.item(row, 0).checkState() == Qt.CheckState.Checked
            result.append((name, value, enabled))
        return result

    def move_step(self, offset: int) -> None:
        """Move the selected step ``offset`` places (−1: earlier)."""
        row = self.table.currentRow()
        target = row + offset
        steps = self.steps()
        if row < 0 or not 0 <= target < len(steps):
            return
        steps[row], steps[target] = steps[target], steps[row]
        self.set_steps(steps)
        self.table.selectRow(target)

    # ---- the stages --------------------------------------------------------------------------

    def refresh(self, *_args) -> None:
        """Run the switched-on steps on the logits and draw every stage."""
        self._stale = False
        chosen = [(name, value) for name, value, enabled in self.steps() if enabled]
        try:
            self.stages = sampling.apply(self._model.logits, chosen)
            self.setToolTip("")
        except ValueError as error:
            self.stages = sampling.apply(self._model.logits, [])
            self.setToolTip(f"A step was skipped: {error}")
        self.frequencies = None
        self._draw_charts()

    def _draw_charts(self) -> None:
        self.charts.clear()
        self._plots = []
        self._observed = None
        columns = min(len(self.stages), 4)
        for index, stage in enumerate(self.stages):
            order = np.argsort(-stage.probabilities, kind="stable")[:SHOWN_BARS]
            shown = stage.probabilities[order]
            kept = stage.logits[order] > -np.inf
            plot = self.charts.addPlot(row=index // columns, col=index % columns)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.getAxis("bottom").setStyle(showValues=False)
            probabilities = stage.probabilities[stage.probabilities > 0]
            entropy = float(0.0 - np.sum(probabilities * np.log(probabilities)))
            name = "logits" if index == 0 else f"{stage.step} {stage.value:g}"
            plot.setTitle(f"{name}: {stage.kept} kept, H {entropy:.3g}", size="8pt")
            bars = pg.BarGraphItem(
                x=np.arange(shown.size),
                height=shown,
                width=0.8,
                brushes=[KEPT_BRUSH if keep else DROPPED_BRUSH for keep in kept],
                pen=pg.mkPen(None),
            )
            plot.addItem(bars)
            plot.setYRange(0.0, max(float(shown.max()), 1e-9) * 1.1, padding=0.0)
            self._plots.append(plot)

    def draw(self) -> np.ndarray:
        """Draw 1,000 tokens from the final distribution; their frequencies, also drawn as
        dots on the last chart (in its sorted order)."""
        self.ensure_current()
        final = self.stages[-1].probabilities
        counts = sampling.draw(final, DRAWS, seed=0)
        self.frequencies = counts / DRAWS
        order = np.argsort(-final, kind="stable")[:SHOWN_BARS]
        plot = self._plots[-1]
        if self._observed is not None:
            plot.removeItem(self._observed)
        self._observed = pg.ScatterPlotItem(
            x=np.arange(order.size),
            y=self.frequencies[order],
            symbol="o",
            size=6,
            brush=pg.mkBrush("#EE7733"),
            pen=pg.mkPen(None),
        )
        plot.addItem(self._observed)
        return self.frequencies
