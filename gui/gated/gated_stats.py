"""GatedStatsTable (``gatedStats``): mean and variance of f and of both partial derivatives
for a, b ~ N(0, 1) with the chosen correlation, exact and from a sample."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from core import gated
from gui.gated.gated_model import GatedModel
from gui.widgets.formatting import format_quantity

SAMPLE_SIZE = 20_000
SAMPLE_SEED = 0
ROWS = ("f = g(a)·b", "∂f/∂a = g′(a)·b", "∂f/∂b = g(a)")
COLUMNS = ("mean\nexact", "mean\nsample", "variance\nexact", "variance\nsample")


def standard_sample(correlation: float) -> tuple[np.ndarray, np.ndarray]:
    """SAMPLE_SIZE seeded draws of (a, b), each N(0, 1), with the given correlation."""
    u, v = np.random.default_rng(SAMPLE_SEED).standard_normal((2, SAMPLE_SIZE))
    return u, correlation * u + math.sqrt(max(0.0, 1.0 - correlation * correlation)) * v


class GatedStatsTable(QTableWidget):
    """Three rows (f, ∂f/∂a, ∂f/∂b), four columns (mean and variance, exact and sampled).

    The exact figures are what initialisation schemes use: a layer keeps its activations'
    scale when the variance of f is what the next layer expects.
    """

    def __init__(self, model: GatedModel, parent: QWidget | None = None):
        super().__init__(len(ROWS), len(COLUMNS), parent)
        self.setObjectName("gatedStats")
        self.setAccessibleName("output statistics")
        self._model = model
        self.setHorizontalHeaderLabels(COLUMNS)
        self.setVerticalHeaderLabels(ROWS)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setToolTip(
            f"a, b ~ N(0, 1) with the correlation set above; 'sample' uses {SAMPLE_SIZE:,} "
            "seeded draws, 'exact' integrates"
        )
        for row in range(len(ROWS)):
            for column in range(len(COLUMNS)):
                self.setItem(row, column, QTableWidgetItem())
        # As tall as its three rows: no empty space under them.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        height = self.verticalHeader().length() + self.horizontalHeader().sizeHint().height() + 4
        self.setFixedHeight(height)
        self._exact: gated.GatedStats | None = None
        self._render()
        model.gate_changed.connect(self._on_gate_changed)
        model.correlation_changed.connect(self._on_correlation_changed)

    def exact(self) -> gated.GatedStats:
        """The exact statistics shown."""
        return self._exact

    def _render(self) -> None:
        model = self._model
        params = model.params()
        exact = gated.output_stats(model.unit, 0.0, 1.0, 0.0, 1.0, model.correlation, **params)
        self._exact = exact
        a, b = standard_sample(model.correlation)
        value = gated.value(model.unit, a, b, **params)
        d_a, d_b = gated.gradient(model.unit, a, b, **params)
        rows = (
            (exact.mean, value.mean(), exact.variance, value.var()),
            (exact.gradient_a_mean, d_a.mean(), exact.gradient_a_variance, d_a.var()),
            (exact.gradient_b_mean, d_b.mean(), exact.gradient_b_variance, d_b.var()),
        )
        for row, numbers in enumerate(rows):
            for column, number in enumerate(numbers):
                self.item(row, column).setText(format_quantity(float(number)))

    def _on_gate_changed(self) -> None:
        self._render()

    def _on_correlation_changed(self, _correlation: float) -> None:
        self._render()
