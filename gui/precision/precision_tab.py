"""PrecisionTab: the focused function in float16, bfloat16, float8…: where it saturates,
where its gradient vanishes, and where the textbook formula breaks."""

from __future__ import annotations

import html
import math
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from core import activations, precision
from gui.models import AppState
from gui.precision.precision_model import FORMAT_TITLES
from gui.precision.precision_view import PrecisionView
from gui.widgets.tab_page import TabPage, controls_column

EXPLANATION = (
    "<b>Rounded once</b>: the exact value rounded to the format, the best any implementation "
    "can do. <b>Textbook</b>: the formula as written, every operation rounded to the format. "
    "Both take x rounded to the format first. The lower plot gives each one's error in ulps "
    "(units in the last place) of the format. Hover over a dotted line for its landmark."
)


class PrecisionTab(TabPage):
    """Format and landmarks on the left; the function and its errors on the right."""

    SPLITTERS: ClassVar[dict[str, list[int] | None]] = {"precisionSplitter": [380, 1020]}

    def __init__(self, state: AppState, lazy: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("precisionTab")
        functions, model = state.functions, state.precision
        self._functions, self._model = functions, model
        self.format = QComboBox()
        self.format.setObjectName("formatChoice")
        # The items read as the formats' names (as core.precision spells them); what each
        # one is shows as its tooltip.
        for index, fmt in enumerate(precision.FORMATS):
            self.format.addItem(fmt, fmt)
            self.format.setItemData(index, FORMAT_TITLES[fmt], Qt.ItemDataRole.ToolTipRole)
        self.format.setCurrentIndex(precision.FORMATS.index(model.format))
        self.format.setToolTip("The number format the function is computed in")
        self.format.currentIndexChanged.connect(
            lambda index: model.set_format(self.format.itemData(index))
        )
        self.summary = QLabel()
        self.summary.setObjectName("formatSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("landmarkTable")
        self.table.setAccessibleName("landmarks")
        self.table.setToolTip(
            "Where the function meets the format's limits, and the largest error of each way "
            "of computing on the visible range"
        )
        self.table.setHorizontalHeaderLabels(["x", "what happens"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 80)
        self.table.verticalHeader().hide()
        # Rows as tall as their wrapped sentence, whatever width the column is given.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.view = PrecisionView(functions, model)

        controls = QGroupBox("Format")
        form = QFormLayout(controls)
        form.addRow("format", self.format)
        form.addRow(self.summary)
        landmarks = QGroupBox("Landmarks and largest errors")
        landmarks_form = QFormLayout(landmarks)
        landmarks_form.addRow(self.table)
        self.table.setMinimumHeight(360)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.RichText)
        left = controls_column(controls, landmarks, explanation, minimum_width=340)
        self.splitter = self.lay_out_side_by_side("precisionSplitter", left, self.view)

        model.format_changed.connect(self._on_format_changed)
        self.view.refreshed.connect(self._show_table)

    def _on_format_changed(self, fmt: str) -> None:
        index = precision.FORMATS.index(fmt)
        if self.format.currentIndex() != index:
            blocked = self.format.blockSignals(True)
            self.format.setCurrentIndex(index)
            self.format.blockSignals(blocked)

    def _show_table(self, *_args) -> None:
        """The landmarks, then the largest error of each way on the visible range."""
        fmt = self._model.format
        fmt_info = precision.info(fmt)
        act = activations.get(self._functions.focused)
        formulas = precision.TEXTBOOK_FORMULAS.get(act.key)
        textbook = (
            f"Textbook form of {html.escape(act.name)}: f = {html.escape(formulas[0])}, "
            f"f′ = {html.escape(formulas[1])}."
            if formulas
            else f"{html.escape(act.name)} has no textbook form here: only rounding is shown."
        )
        infinity = "overflow gives ±inf" if fmt_info.has_infinity else "overflow gives nan"
        self.summary.setText(
            f"{fmt}: {fmt_info.precision} significant bits, largest {fmt_info.largest:g}, "
            f"smallest normal {fmt_info.smallest_normal:g}, smallest subnormal "
            f"{fmt_info.smallest_subnormal:g}; {infinity}.<br>{textbook}"
        )
        rows = [(f"{landmark.x:.4g}", landmark.text) for landmark in self.view.landmarks]
        if not rows:
            rows.append(("", f"No landmark: {act.name} meets no limit of {fmt}."))
        low, high = self.view.plot.getPlotItem().getViewBox().viewRange()[0]
        for (method, derivative), largest in self.view.largest_errors.items():
            what = "f′" if derivative else "f"
            amount = "inf (a broken result)" if math.isinf(largest) else f"{largest:.3g} ulp"
            visible = f"[{low:.3g}, {high:.3g}]"
            rows.append(("", f"largest error, {method} {what} on {visible}: {amount}"))
        self.table.setRowCount(len(rows))
        for row, (x, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(x))
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(row, 1, item)

    # ---- what the window asks --------------------------------------------------------------

    def wait_idle(self) -> None:
        self.view.ensure_current()

    def export_grid(self) -> list[list[QWidget]]:
        self.wait_idle()
        return [[self.view.plot], [self.view.error_plot]]

    def csv_rows(self) -> list[list]:
        """x, the exact value, rounded and textbook values and their errors in ulps."""
        act = activations.get(self._functions.focused)
        params = self._functions.params(act.key)
        fmt = self._model.format
        x = self.view.visible_x()
        columns = {
            "x": x,
            "x in format": precision.round_to(x, fmt),
            "exact f": act.value(precision.round_to(x, fmt), **params),
            "rounded f": precision.evaluate(act, x, fmt, **params),
            "rounded f ulp error": precision.ulp_error(act, x, fmt, **params),
        }
        if act.key in precision.TEXTBOOK_KEYS:
            columns["textbook f"] = precision.evaluate(act, x, fmt, "textbook", **params)
            columns["textbook f ulp error"] = precision.ulp_error(act, x, fmt, "textbook", **params)
        rows = [list(columns)]
        for index in range(len(x)):
            rows.append([repr(float(values[index])) for values in columns.values()])
        return rows

    def set_dark(self, dark: bool) -> None:
        self.view.set_dark(dark)

    def reset_view(self) -> None:
        self.view.reset_view()
