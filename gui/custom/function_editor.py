"""FunctionEditor: type a formula, see f and its exact f' as you type, name it, set its
parameters' defaults and ranges."""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import activations, custom
from gui.custom.custom_model import parse_definition
from gui.widgets.plot_style import describe_plot, pen, style_axes

PARSE_DELAY_MS = 250  # after the last key press: sympy needs 50-300 ms for a formula
PREVIEW_RANGE = (-6.0, 6.0)
PREVIEW_POINTS = 401
EXAMPLE = "x * sigmoid(beta * x)"
PARAMETER_COLUMNS = ("parameter", "default", "minimum", "maximum")


class FunctionEditor(QDialog):
    """``functionEditor``: ``expressionEdit`` (the formula), ``functionName``, the
    ``parameterTable``, ``expressionError`` (why the formula cannot be used, the offending
    part marked) and ``functionPreview`` (f solid, f' dashed).

    :meth:`definition` is the function as :mod:`gui.custom.custom_model` keeps it; OK is
    enabled only while the formula parses.
    """

    def __init__(self, definition: dict | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("functionEditor")
        self.setWindowTitle("Your activation function")
        self.expression = QLineEdit()
        self.expression.setObjectName("expressionEdit")
        self.expression.setPlaceholderText(f"a formula in x, e.g. {EXAMPLE}")
        self.expression.setAccessibleName("formula")
        self.expression.setToolTip(
            "Numbers, x, parameters (any other name), pi, e, + - * / **, and "
            + ", ".join(custom.FUNCTIONS)
            + ". where(x > 0, a, b) picks a or b."
        )
        self.name = QLineEdit()
        self.name.setObjectName("functionName")
        self.name.setPlaceholderText("the formula")
        self.name.setAccessibleName("name")
        self.name.setMaxLength(custom.MAX_NAME_LENGTH)
        self.error = QLabel()
        self.error.setObjectName("expressionError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.notes = QLabel()
        self.notes.setObjectName("rewritesNote")
        self.notes.setWordWrap(True)
        self.parameters = QTableWidget(0, len(PARAMETER_COLUMNS))
        self.parameters.setObjectName("parameterTable")
        self.parameters.setAccessibleName("parameters")
        self.parameters.setHorizontalHeaderLabels(PARAMETER_COLUMNS)
        self.parameters.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.parameters.verticalHeader().hide()
        self.parameters.setMaximumHeight(120)
        self.preview = pg.PlotWidget()
        self.preview.setObjectName("functionPreview")
        describe_plot(
            self.preview,
            "Preview",
            "The typed function (solid) and its exact derivative (dashed) from -6 to 6.",
        )
        style_axes(self.preview)
        self.preview.setMinimumHeight(220)
        self.preview.addLegend(offset=(10, 10), labelTextSize="9pt")
        self.value_curve = self.preview.plot(name="f(x)")
        self.value_curve.setPen(pen(self.preview, "#0077BB", 2))
        self.slope_curve = self.preview.plot(name="f′(x)")
        self.slope_curve.setPen(pen(self.preview, "#EE7733", 2, style=Qt.PenStyle.DashLine))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("f(x) =", self.expression)
        form.addRow("", self.error)
        form.addRow("name", self.name)
        form.addRow("parameters", self.parameters)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.buttons)
        self.resize(560, 560)

        self.activation: activations.Activation | None = None
        self._parse_timer = QTimer(self)
        self._parse_timer.setSingleShot(True)
        self._parse_timer.setInterval(PARSE_DELAY_MS)
        self._parse_timer.timeout.connect(self.refresh)
        self.expression.textChanged.connect(self._on_text_changed)
        self.name.textChanged.connect(lambda _text: self._parse_timer.start())
        self.parameters.itemChanged.connect(lambda _item: self._parse_timer.start())
        if definition:
            self.expression.setText(definition.get("expression", ""))
            self.name.setText(definition.get("name", ""))
            self._set_parameter_rows(definition.get("params", {}))
        else:
            self.expression.setText(EXAMPLE)
        self.refresh()

    # ---- what the dialog gives -------------------------------------------------------------

    def definition(self) -> dict:
        """The function as typed: expression, name and each parameter's [default, min, max]."""
        name = self.name.text().strip() or self.expression.text().strip()
        return {
            "expression": self.expression.text().strip(),
            "name": name,
            "params": self._parameter_values(),
        }

    def refresh(self) -> None:
        """Parse what is typed now: preview and notes if it parses, the reason if not."""
        self._parse_timer.stop()
        self._sync_parameter_rows()
        try:
            self.activation = parse_definition(self.definition())
        except ValueError as error:  # ExpressionError included
            self.activation = None
            self._show_error(error)
            return
        self.error.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        x = np.linspace(*PREVIEW_RANGE, PREVIEW_POINTS)
        self.value_curve.setData(x, self.activation.value(x), connect="finite")
        self.slope_curve.setData(x, self.activation.derivative(x), connect="finite")
        rewrites = self.activation.rewrites
        self.notes.setText(
            f"Key {self.activation.key}. "
            + (
                "Evaluated in stable forms: " + "; ".join(rewrites) + "."
                if rewrites
                else "Evaluated as typed: no stable rewrite was needed."
            )
        )

    # ---- internals -------------------------------------------------------------------------

    def _on_text_changed(self, _text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self._parse_timer.start()

    def _show_error(self, error: ValueError) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.value_curve.setData([], [])
        self.slope_curve.setData([], [])
        self.notes.setText("")
        text = self.expression.text().strip()
        message = html.escape(str(error))
        column = getattr(error, "column", None)
        if column is not None and text and 0 <= column < len(text):
            end = max(getattr(error, "end_column", None) or column + 1, column + 1)
            marked = (
                html.escape(text[:column])
                + '<span style="color:#CC3311; text-decoration: underline;">'
                + html.escape(text[column:end])
                + "</span>"
                + html.escape(text[end:])
            )
            message += f'<br><span style="font-family: monospace;">{marked}</span>'
        self.error.setText(f'<span style="color:#CC3311;">{message}</span>')

    def _sync_parameter_rows(self) -> None:
        """One row per parameter the formula names (new ones at default 1, range ±10)."""
        try:
            _tree, names = custom.check(self.expression.text())
        except custom.ExpressionError:
            return  # keep the rows while the formula is being typed
        current = self._parameter_values()
        wanted = {name: current.get(name, [1.0, -10.0, 10.0]) for name in names}
        if list(wanted) != list(current):
            self._set_parameter_rows(wanted)

    def _set_parameter_rows(self, params: dict) -> None:
        blocked = self.parameters.blockSignals(True)
        self.parameters.setRowCount(0)
        for row, (name, values) in enumerate(params.items()):
            self.parameters.insertRow(row)
            label = QTableWidgetItem(name)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.parameters.setItem(row, 0, label)
            for column, value in enumerate(values, start=1):
                self.parameters.setItem(row, column, QTableWidgetItem(f"{float(value):g}"))
        self.parameters.blockSignals(blocked)

    def _parameter_values(self) -> dict[str, list[float]]:
        values = {}
        for row in range(self.parameters.rowCount()):
            name = self.parameters.item(row, 0).text()
            numbers = []
            for column in range(1, len(PARAMETER_COLUMNS)):
                item = self.parameters.item(row, column)
                try:
                    numbers.append(float(item.text()) if item else math.nan)
                except ValueError:
                    numbers.append(math.nan)  # parse() says which parameter is wrong
            values[name] = numbers
        return values
