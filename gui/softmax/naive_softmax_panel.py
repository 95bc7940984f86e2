"""NaiveSoftmaxPanel: softmax without the max-shift next to the stable one."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.softmax import naive_softmax, softmax
from gui.softmax.softmax_model import SoftmaxModel
from gui.widgets.formatting import format_probability

SHOWN_ROWS = 6  # the classes with the largest logits: that is where overflow starts


class NaiveSoftmaxPanel(QGroupBox):
    """What ``exp(z/T) / Σ exp(z/T)`` gives in float32 and float64, beside the stable result."""

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__("Why subtract the maximum?", parent)
        self.setObjectName("naivePanel")
        self._model = model
        self.setToolTip(
            "Without subtracting the largest logit first, exp(z/T) overflows to inf beyond "
            "z/T ≈ 88.7 in float32 and ≈ 709.8 in float64, and inf/inf is nan."
        )
        self.verdict = QLabel(self)
        self.verdict.setObjectName("naiveVerdict")
        self.verdict.setWordWrap(True)
        # Fixed height: a verdict that changes length must not re-run the tab's layout.
        self.verdict.setFixedHeight(3 * self.verdict.fontMetrics().lineSpacing() + 4)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("naiveTable")
        self.table.setToolTip(
            "The classes with the largest logits: the textbook formula in float32 and float64 "
            "next to the stable softmax"
        )
        self.table.setHorizontalHeaderLabels(["Class", "naive f32", "naive f64", "stable"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table)
        self._render()
        for signal in (model.logits_changed, model.labels_changed):
            signal.connect(self._on_inputs_changed)
        model.temperature_changed.connect(self._on_temperature_changed)

    def results(self) -> dict[str, np.ndarray]:
        """Naive float32, naive float64 and stable probabilities for every class."""
        logits, temperature = self._model.logits, self._model.temperature
        return {
            "float32": naive_softmax(logits, temperature, np.float32),
            "float64": naive_softmax(logits, temperature, np.float64),
            "stable": softmax(logits, temperature),
        }

    def _render(self) -> None:
        results = self.results()
        failures = {
            name: int(np.count_nonzero(~np.isfinite(values)))
            for name, values in results.items()
            if name != "stable"
        }
        count = results["stable"].size
        if not any(failures.values()):
            self.verdict.setText(
                "Here the naive formula still works in both precisions. Raise one logit "
                "above about 89·T (float32) or 710·T (float64) to see it break."
            )
        else:
            broken = ", ".join(
                f"{name}: {failed} of {count} classes nan"
                for name, failed in failures.items()
                if failed
            )
            self.verdict.setText(
                f"<b>The naive formula fails</b> ({broken}); exp overflowed to inf. "
                "The stable form subtracts the maximum first and is exact."
            )
        order = np.argsort(-self._model.logits, kind="stable")[:SHOWN_ROWS]
        self.table.setRowCount(order.size)
        labels = self._model.labels
        for row, index in enumerate(order):
            cells = [labels[index]] + [
                format_probability(results[name][index])
                for name in ("float32", "float64", "stable")
            ]
            for column, text in enumerate(cells):
                item = self.table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    if column:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    self.table.setItem(row, column, item)
                item.setText(text)
        height = (
            self.table.horizontalHeader().height()
            + self.table.verticalHeader().defaultSectionSize() * order.size
            + 2 * self.table.frameWidth()
        )
        if self.table.height() != height:
            self.table.setFixedHeight(height)

    def _on_inputs_changed(self) -> None:
        self._render()

    def _on_temperature_changed(self, _temperature: float) -> None:
        self._render()
