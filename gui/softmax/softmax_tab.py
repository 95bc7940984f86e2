"""SoftmaxTab: edit logits on the left; watch probabilities, Jacobian and loss on the right."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.models import AppState
from gui.softmax.jacobian_view import JacobianView
from gui.softmax.logit_table import LogitTable
from gui.softmax.loss_panel import LossPanel
from gui.softmax.mapping_control import MappingControl
from gui.softmax.naive_softmax_panel import NaiveSoftmaxPanel
from gui.softmax.sampling_pipeline import SamplingPipeline
from gui.softmax.softmax_charts import GradientChart, LogitChart, ProbabilityChart
from gui.softmax.softmax_model import SoftmaxModel
from gui.softmax.softmax_summary import SoftmaxSummary
from gui.softmax.temperature_control import TemperatureControl
from gui.widgets.tab_page import TabPage, controls_column


class SoftmaxTab(TabPage):
    """Logit table, temperature and target on the left; a summary and a 2×2 grid of plots."""

    SPLITTERS: ClassVar[dict[str, list[int] | None]] = {"softmaxSplitter": [360, 1040]}

    def __init__(self, state: AppState, lazy: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        model: SoftmaxModel = state.softmax
        self._model = model
        self._random = np.random.default_rng()
        self.table = LogitTable(model)
        self.table.message.connect(self.message)
        self.add_button = self._button("addClassButton", "Add", "Add a class with logit 0")
        self.remove_button = self._button(
            "removeClassButton",
            "Remove",
            "Remove the selected classes (the last one if none is selected); one always stays",
        )
        self.randomize_button = self._button(
            "randomizeButton", "Randomize", "Draw every logit from N(0, 2²)"
        )
        self.reset_button = self._button(
            "resetSoftmaxButton", "Reset", "Back to the five-class example with T = 1"
        )
        self.add_button.clicked.connect(self._add_class)
        self.remove_button.clicked.connect(self._remove_classes)
        self.randomize_button.clicked.connect(self._randomize)
        self.reset_button.clicked.connect(model.reset)

        self.temperature = TemperatureControl(model)
        self.mapping = MappingControl(model)
        self.loss_panel = LossPanel(model)
        self.naive_panel = NaiveSoftmaxPanel(model)
        self.summary = SoftmaxSummary(model)
        self.logit_chart = LogitChart(model)
        self.probability_chart = ProbabilityChart(model)
        self.gradient_chart = GradientChart(model)
        self.jacobian_view = JacobianView(model)

        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.remove_button,
            self.randomize_button,
            self.reset_button,
        ):
            buttons.addWidget(button)
        logits_group = QGroupBox("Logits")
        logits_layout = QVBoxLayout(logits_group)
        logits_layout.addWidget(self.table, 1)
        logits_layout.addLayout(buttons)
        temperature_group = QGroupBox("Temperature T")
        QVBoxLayout(temperature_group).addWidget(self.temperature)
        mapping_group = QGroupBox("Logits to probabilities")
        QVBoxLayout(mapping_group).addWidget(self.mapping)
        loss_group = QGroupBox("Loss")
        QVBoxLayout(loss_group).addWidget(self.loss_panel)

        left = controls_column(
            logits_group,
            temperature_group,
            mapping_group,
            loss_group,
            self.naive_panel,
            minimum_width=300,
            grow=logits_group,
        )

        grid = QGridLayout()
        grid.setSpacing(6)
        grid.addWidget(self.logit_chart, 0, 0)
        grid.addWidget(self.probability_chart, 0, 1)
        grid.addWidget(self.jacobian_view, 1, 0)
        grid.addWidget(self.gradient_chart, 1, 1)
        charts = QWidget()
        charts.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        self.pipeline = SamplingPipeline(model)
        # The charts and the sampling pipeline share the space as two pages.
        self.views = QTabWidget()
        self.views.setObjectName("softmaxViews")
        self.views.addTab(charts, "Probabilities")
        self.views.addTab(self.pipeline, "Sampling pipeline")
        self.views.setTabToolTip(1, "Temperature, top-k, top-p, min-p… in the order you choose")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 4, 4)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.views, 1)

        self.splitter = self.lay_out_side_by_side("softmaxSplitter", left, right)

    def export_grid(self) -> list[list[QWidget]]:
        """The plots an export draws, as rows of widgets (the 2×2 grid)."""
        return [
            [self.logit_chart, self.probability_chart],
            [self.jacobian_view.plot, self.gradient_chart],
        ]

    def csv_rows(self) -> list[list]:
        """Class, logit and probability of every class, for CSV export."""
        model = self._model
        probabilities = model.probabilities()
        rows: list[list] = [["class", "logit", "probability", "temperature", "target"]]
        for index, (label, logit) in enumerate(zip(model.labels, model.logits, strict=True)):
            rows.append(
                [
                    label,
                    repr(float(logit)),
                    repr(float(probabilities[index])),
                    repr(model.temperature),
                    int(index == model.target),
                ]
            )
        return rows

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    def _add_class(self) -> None:
        try:
            self._model.add_class()
        except ValueError as error:
            self.message.emit(str(error))
            return
        self.table.scrollToBottom()

    def _remove_classes(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            rows = [self._model.logits.size - 1]
        if self._model.logits.size == 1:
            self.message.emit("The last class stays: softmax needs at least one")
            return
        self._model.remove_classes(rows)
        self.table.clearSelection()

    def _randomize(self) -> None:
        logits = np.round(self._random.normal(0.0, 2.0, self._model.logits.size), 2)
        self._model.set_logits(logits)
