"""LogitTable: one row per class with its label, its editable logit and its probability."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from gui.softmax.softmax_model import SoftmaxModel
from gui.widgets.formatting import format_logit, format_probability, parse_finite

LABEL_COLUMN, LOGIT_COLUMN, PROBABILITY_COLUMN = 0, 1, 2
EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class _ProbabilityItem(QTableWidgetItem):
    """A probability cell that reads its number from the table when Qt asks for it.

    After a logit edit every probability changes; setting a thousand texts cost more than
    the rest of the edit. Qt asks only for the cells it paints (and ``text()`` asks too), so
    the numbers are formatted on demand from the table's current array.
    """

    def __init__(self, table: LogitTable, row: int):
        super().__init__()
        self._table = table
        self._row = row

    def data(self, role):
        probabilities = self._table.shown_probabilities()
        if self._row < probabilities.size:
            if role == Qt.ItemDataRole.DisplayRole:
                return format_probability(probabilities[self._row])
            if role == Qt.ItemDataRole.UserRole:
                return float(probabilities[self._row])
        return super().data(role)


class LogitTable(QTableWidget):
    """Columns: class label (editable), logit (editable, any finite float), probability.

    A logit that is not a finite number is refused where it was typed: the cell goes back to
    its last good value and ``message`` says why. The probability cell's text is a plain
    number; its ``Qt.UserRole`` holds the exact float.
    """

    message = Signal(str)

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__(0, 3, parent)
        self.setObjectName("logitTable")
        self._model = model
        self._probabilities = np.zeros(0)
        self._shown_logits = np.zeros(0)
        self.setHorizontalHeaderLabels(["Class", "Logit", "Probability"])
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(LABEL_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(LOGIT_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROBABILITY_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setToolTip(
            "Double-click a label or a logit to edit it; probabilities follow at once. "
            "Select rows and press Remove to delete classes."
        )
        self._on_labels_changed()
        self._render_logits()
        self.itemChanged.connect(self._on_item_changed)
        model.logits_changed.connect(self._on_logits_changed)
        model.labels_changed.connect(self._on_labels_changed)
        model.temperature_changed.connect(self._on_temperature_changed)
        model.mapping_changed.connect(self._on_temperature_changed)
        model.entmax_alpha_changed.connect(self._on_temperature_changed)

    def shown_probabilities(self) -> np.ndarray:
        """The probabilities the third column shows, one per row."""
        return self._probabilities

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.selectedIndexes()})

    # ---- editing ---------------------------------------------------------------------------

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        row, column = item.row(), item.column()
        if row >= self._model.logits.size:
            return
        if column == LOGIT_COLUMN:
            try:
                value = parse_finite(item.text())
            except ValueError as error:
                self._set_text(item, format_logit(self._model.logits[row]))
                self.message.emit(f"Logit of {self._model.labels[row]!r} unchanged: {error}")
                return
            self._set_text(item, format_logit(value))
            self._model.set_logit(row, value)
        elif column == LABEL_COLUMN:
            label = item.text().strip()
            if not label:
                self._set_text(item, self._model.labels[row])
                self.message.emit("A class needs a name; the label was kept")
                return
            self._model.set_label(row, label)

    def _set_text(self, item: QTableWidgetItem, text: str) -> None:
        if item.text() != text:
            self.blockSignals(True)
            item.setText(text)
            self.blockSignals(False)

    # ---- rendering -------------------------------------------------------------------------

    def _ensure_rows(self) -> None:
        count = self._model.logits.size
        if self.rowCount() == count:
            return
        self.blockSignals(True)
        old = self.rowCount()
        self.setRowCount(count)
        for row in range(old, count):
            for column, flags in (
                (LABEL_COLUMN, EDITABLE),
                (LOGIT_COLUMN, EDITABLE),
                (PROBABILITY_COLUMN, READ_ONLY),
            ):
                item = (
                    _ProbabilityItem(self, row)
                    if column == PROBABILITY_COLUMN
                    else QTableWidgetItem()
                )
                item.setFlags(flags)
                if column != LABEL_COLUMN:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(row, column, item)
        self.blockSignals(False)

    def _render_logits(self) -> None:
        self._ensure_rows()
        logits = self._model.logits
        # Only the rows whose logit changed are rewritten (an edit changes one of K).
        if logits.size == self._shown_logits.size:
            rows = np.flatnonzero(logits != self._shown_logits)
        else:
            rows = range(logits.size)
        self.blockSignals(True)
        for row in rows:
            item = self.item(int(row), LOGIT_COLUMN)
            text = format_logit(logits[row])
            if item.text() != text:
                item.setText(text)
        self.blockSignals(False)
        self._shown_logits = logits.copy()
        self._render_probabilities()

    def _render_probabilities(self) -> None:
        self._probabilities = self._model.probabilities()
        if self.rowCount():
            # The cells read the new array when painted; one signal repaints the column.
            model = self.model()
            model.dataChanged.emit(
                model.index(0, PROBABILITY_COLUMN),
                model.index(self.rowCount() - 1, PROBABILITY_COLUMN),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole],
            )

    def _on_logits_changed(self) -> None:
        self._render_logits()

    def _on_labels_changed(self) -> None:
        self._ensure_rows()
        self.blockSignals(True)
        for row, label in enumerate(self._model.labels):
            item = self.item(row, LABEL_COLUMN)
            if item.text() != label:
                item.setText(label)
        self.blockSignals(False)
        # The logits and probabilities follow with logits_changed, which a new class sends too.

    def _on_temperature_changed(self, _temperature: float) -> None:
        self._render_probabilities()
