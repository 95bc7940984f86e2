"""NaiveSoftmaxPanel: softmax without the max-shift next to the stable one."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import precision
from core.softmax import naive_softmax, softmax
from gui.softmax.softmax_model import ACCUMULATORS, SoftmaxModel
from gui.widgets.formatting import format_probability

SHOWN_ROWS = 6  # the classes with the largest logits: that is where overflow starts
COLUMNS = ("float16", "bfloat16", "float32", "float64", "stable")
# Short headers: six columns share the controls column; the header tooltips say the rest.
TITLES = ("f16", "bf16", "f32", "f64", "stable")
HEADER_TIPS = (
    "The naive formula in float16, summed in the chosen accumulator",
    "The naive formula in bfloat16, summed in the chosen accumulator",
    "The naive formula in float32",
    "The naive formula in float64",
    "The stable softmax (maximum subtracted first), float64",
)


class NaiveSoftmaxPanel(QGroupBox):
    """What ``exp(z/T) / Σ exp(z/T)`` gives in float16, bfloat16 (summed in the chosen
    accumulator format), float32 and float64, beside the stable result."""

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__("Why subtract the maximum?", parent)
        self.setObjectName("naivePanel")
        self._model = model
        self.setToolTip(
            "Without subtracting the largest logit first, exp(z/T) overflows to inf beyond "
            "z/T ≈ 11.09 in float16, 88.7 in bfloat16 and float32 and 709.8 in float64, and "
            "inf/inf is nan. The sum overflows too: 128,000 classes at logit 0 add up to more "
            "than float16 can hold."
        )
        self.verdict = QLabel(self)
        self.verdict.setObjectName("naiveVerdict")
        self.verdict.setWordWrap(True)
        # Fixed height: a verdict that changes length must not re-run the tab's layout.
        self.verdict.setFixedHeight(3 * self.verdict.fontMetrics().lineSpacing() + 4)
        self.accumulator = QComboBox(self)
        self.accumulator.setObjectName("accumulatorChoice")
        for fmt in ACCUMULATORS:
            self.accumulator.addItem(fmt, fmt)
        self.accumulator.setCurrentIndex(ACCUMULATORS.index(model.accumulator))
        self.accumulator.setToolTip(
            "The format the float16 and bfloat16 columns add their exponentials up in"
        )
        self.accumulator.currentIndexChanged.connect(
            lambda index: model.set_accumulator(self.accumulator.itemData(index))
        )
        self.table = QTableWidget(0, len(COLUMNS) + 1, self)
        self.table.setObjectName("naiveTable")
        self.table.setToolTip(
            "The classes with the largest logits: the textbook formula in float16, bfloat16, "
            "float32 and float64 next to the stable softmax"
        )
        self.table.setHorizontalHeaderLabels(["Class", *TITLES])
        for column, tip in enumerate(HEADER_TIPS, start=1):
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        choice = QFormLayout()
        choice.addRow("f16 and bf16 sums kept in", self.accumulator)
        layout.addLayout(choice)
        layout.addWidget(self.table)
        self._render()
        for signal in (model.logits_changed, model.labels_changed):
            signal.connect(self._on_inputs_changed)
        model.temperature_changed.connect(self._on_temperature_changed)
        model.accumulator_changed.connect(self._on_accumulator_changed)

    def results(self) -> dict[str, np.ndarray]:
        """Naive float16, bfloat16, float32, float64 and stable probabilities, every class."""
        logits, temperature = self._model.logits, self._model.temperature
        accumulator = self._model.accumulator
        return {
            "float16": precision.naive_softmax(logits, "float16", accumulator, temperature),
            "bfloat16": precision.naive_softmax(logits, "bfloat16", accumulator, temperature),
            "float32": naive_softmax(logits, temperature, np.float32),
            "float64": naive_softmax(logits, temperature, np.float64),
            "stable": softmax(logits, temperature),
        }

    def _render(self) -> None:
        results = self.results()
        count = results["stable"].size
        problems = []
        for name in COLUMNS[:-1]:
            values = results[name]
            failed = int(np.count_nonzero(~np.isfinite(values)))
            if failed:
                problems.append(f"{name}: {failed} of {count} classes nan")
            elif not np.any(values):
                problems.append(f"{name}: every probability 0, the sum overflowed")
        if not problems:
            self.verdict.setText(
                "Here the naive formula still works in every format. Raise one logit above "
                "about 11·T (float16), 89·T (bfloat16, float32) or 710·T (float64) to see it "
                "break."
            )
        else:
            self.verdict.setText(
                f"<b>The naive formula fails</b> ({'; '.join(problems)}): exp or the sum "
                "overflowed. The stable form subtracts the maximum first and is exact."
            )
        order = np.argsort(-self._model.logits, kind="stable")[:SHOWN_ROWS]
        self.table.setRowCount(order.size)
        labels = self._model.labels
        for row, index in enumerate(order):
            cells = [labels[index]] + [format_probability(results[name][index]) for name in COLUMNS]
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

    def _on_accumulator_changed(self, accumulator: str) -> None:
        index = ACCUMULATORS.index(accumulator)
        if self.accumulator.currentIndex() != index:
            blocked = self.accumulator.blockSignals(True)
            self.accumulator.setCurrentIndex(index)
            self.accumulator.blockSignals(blocked)
        self._render()
