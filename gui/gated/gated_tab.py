"""GatedTab: gated units of two inputs, g(a)·b, as the feed-forward blocks of today's
language models compute them."""

from __future__ import annotations

import html
from typing import ClassVar

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from core import activations, gated
from gui.gated.block_panel import BlockPanel
from gui.gated.gated_map import GatedMap, grid
from gui.gated.gated_slices import GatedSlices
from gui.gated.gated_stats import GatedStatsTable
from gui.models import AppState
from gui.widgets.float_slider import FloatSlider
from gui.widgets.tab_page import TabPage, controls_column, set_quietly

EXPLANATION = (
    "A gated unit has two inputs: the feed-forward block of a language model computes "
    "<i>a</i> = xW and <i>b</i> = xV from the same x, and multiplies the activation of one "
    "by the other, g(a)·b. The gate decides how much of the value passes, and unlike a "
    "plain activation the output can change sign with b. BERT and GPT-2 used a plain GELU; "
    "LLaMA, PaLM and Mistral use SwiGLU."
)


class GatedTab(TabPage):
    """Unit, inputs, statistics and the block on the left; the maps and slices on the right."""

    SPLITTERS: ClassVar[dict[str, list[int] | None]] = {"gatedSplitter": [420, 980]}

    def __init__(self, state: AppState, lazy: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gatedTab")
        model = state.gated
        self._model = model
        self.choice = QComboBox()
        self.choice.setObjectName("gatedChoice")
        self.choice.setAccessibleName("gated unit")
        self.choice.setToolTip("The gated unit: its gate activation g, applied to a, scales b")
        for unit in gated.UNITS:
            self.choice.addItem(unit.name, unit.key)
        self.choice.setCurrentIndex(gated.KEYS.index(model.unit))
        self.choice.currentIndexChanged.connect(
            lambda index: model.set_unit(self.choice.itemData(index))
        )
        self.beta = FloatSlider(*model.bounds("beta"), "SwiGLU β")
        self.beta.setObjectName("gatedBeta")
        self.beta.setValue(model.beta)
        self.beta.valueChanged.connect(model.set_beta)
        self.correlation = FloatSlider(*model.bounds("correlation"), "correlation of a and b")
        self.correlation.setObjectName("gatedCorrelation")
        self.correlation.setValue(model.correlation)
        self.correlation.valueChanged.connect(model.set_correlation)
        self.description = QLabel()
        self.description.setObjectName("gatedDescription")
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.RichText)

        unit_box = QGroupBox("Unit")
        form = QFormLayout(unit_box)
        form.addRow("unit", self.choice)
        form.addRow("β", self.beta)
        form.addRow(self.description)
        self.stats = GatedStatsTable(model)
        stats_box = QGroupBox("Statistics for a, b ~ N(0, 1)")
        stats_form = QFormLayout(stats_box)
        stats_form.addRow("correlation", self.correlation)
        stats_form.addRow(self.stats)
        self.block = BlockPanel(model)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.RichText)
        left = controls_column(unit_box, stats_box, self.block, explanation, minimum_width=360)

        self.value_map = GatedMap(model, "value")
        self.gradient_map = GatedMap(model, "gradient")
        self.slices = GatedSlices(model)
        plots = QWidget()
        plot_grid = QGridLayout(plots)
        plot_grid.setContentsMargins(0, 0, 0, 0)
        plot_grid.addWidget(self.value_map, 0, 0)
        plot_grid.addWidget(self.gradient_map, 0, 1)
        plot_grid.addWidget(self.slices, 1, 0, 1, 2)
        plot_grid.setRowStretch(0, 3)
        plot_grid.setRowStretch(1, 2)
        self.splitter = self.lay_out_side_by_side("gatedSplitter", left, plots)

        self._describe()
        model.unit_changed.connect(self._on_unit_changed)
        model.beta_changed.connect(self._on_beta_changed)
        model.correlation_changed.connect(self._on_correlation_changed)

    def _describe(self) -> None:
        unit = gated.unit(self._model.unit)
        gate = activations.get(unit.gate)
        self.beta.setEnabled("beta" in self._model.params())
        self.description.setText(
            f"<b>{html.escape(unit.name)}</b>: f(a, b) = {html.escape(unit.gate_symbol)}(a)·b, "
            f"the gate g being {html.escape(gate.name)}. "
            f"PyTorch: <code>{html.escape(unit.torch_form)}</code>.<br>"
            f"<small>{html.escape(unit.reference)}</small>"
        )

    def _on_unit_changed(self, unit: str) -> None:
        index = gated.KEYS.index(unit)
        if self.choice.currentIndex() != index:
            blocked = self.choice.blockSignals(True)
            self.choice.setCurrentIndex(index)
            self.choice.blockSignals(blocked)
        self._describe()

    def _on_beta_changed(self, beta: float) -> None:
        set_quietly(self.beta, beta)

    def _on_correlation_changed(self, correlation: float) -> None:
        set_quietly(self.correlation, correlation)

    # ---- what the window asks --------------------------------------------------------------

    def export_grid(self) -> list[list[QWidget]]:
        return [[self.value_map.plot, self.gradient_map.plot], [self.slices.plot]]

    def csv_rows(self) -> list[list]:
        """Every point of the maps: a, b, f and both partial derivatives."""
        model = self._model
        a, b = np.meshgrid(grid(), grid())
        a, b = a.ravel(), b.ravel()
        value = gated.value(model.unit, a, b, **model.params())
        d_a, d_b = gated.gradient(model.unit, a, b, **model.params())
        rows: list[list] = [["a", "b", f"{model.unit} f(a, b)", "df/da", "df/db"]]
        for index in range(a.size):
            rows.append(
                [
                    repr(float(a[index])),
                    repr(float(b[index])),
                    repr(float(value[index])),
                    repr(float(d_a[index])),
                    repr(float(d_b[index])),
                ]
            )
        return rows

    def set_dark(self, dark: bool) -> None:
        self.slices.set_dark(dark)

    def reset_view(self) -> None:
        self.slices.plot.getPlotItem().enableAutoRange()
