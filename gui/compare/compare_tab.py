"""CompareTab: the comparison table, full width, with a one-line legend of its columns."""

from __future__ import annotations

import math

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.compare.comparison_model import COLUMNS, KEY_ROLE, SORT_ROLE, ComparisonModel
from gui.compare.wrapping_header import WrappingHeader
from gui.models import AppState
from gui.widgets.tab_page import TabPage

CELL_PADDING = 14  # a cell's margins and grid line, beside its text
FIT_DELAY_MS = 80  # columns are fitted this long after the table's width last changed
MIN_FIT_WIDTH = 300  # a table narrower than this is not laid out yet

LEGEND = (
    "✓ yes · ✗ no · [ ] end reached, ( ) only approached · mean and sparsity for x ~ N(0, 1) · "
    "cost: ns per element for f and f' on 10⁶ points. Everything follows the current "
    "parameters. Click a header to sort, drag it to reorder, right-click to hide columns."
)


class CompareTab(TabPage):
    """``comparisonTable``: a row per function, a column per property, sortable."""

    HEADER_KEY = "compare/header_state"  # the settings key of the column layout

    def __init__(self, state: AppState, lazy: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        functions = state.functions
        self._functions = functions
        self.model = ComparisonModel(functions, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setObjectName("comparisonTable")
        self.table.setAccessibleName("Properties of every function")
        self.table.setAccessibleDescription(
            "A row per activation function, a column per property; select a row to focus it."
        )
        self.table.setHorizontalHeader(WrappingHeader(self.table))
        self.table.setModel(self.proxy)
        # Registry order until the user sorts: no indicator, or enabling sorting would sort.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Cells wrap at spaces when the columns are squeezed to fit the window, rather than
        # being cut short with an ellipsis.
        self.table.setWordWrap(True)
        self.table.setToolTip("Select a row to focus that function in the Functions tab")
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setHighlightSections(False)
        # Sizing columns to their contents computes every row; wait until the tab is shown
        # (unless a saved layout brings its own sizes), so start-up does not pay for it.
        # Until the user sizes a column, the columns are fitted again whenever the table's
        # width changes.
        self._sized = False
        self._auto_fit = True
        self._fitting = False
        self._header_pressed = False
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(FIT_DELAY_MS)
        self._fit_timer.timeout.connect(self._fit_if_automatic)
        header.viewport().installEventFilter(self)
        table_viewport = self.table.viewport()
        table_viewport.installEventFilter(self)
        header.sectionMoved.connect(self.layout_changed)
        header.sectionResized.connect(self._on_section_resized)
        header.sortIndicatorChanged.connect(self.layout_changed)

        self.legend = QLabel(LEGEND, self)
        self.legend.setObjectName("compareLegend")
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 1)

        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.doubleClicked.connect(self._on_double_clicked)
        functions.focused_changed.connect(self._on_focused_changed)
        self._on_focused_changed(functions.focused)

    # ---- columns ---------------------------------------------------------------------------

    def column_titles(self) -> list[str]:
        """Visible column titles in the order shown."""
        header = self.table.horizontalHeader()
        return [
            COLUMNS[header.logicalIndex(visual)].title
            for visual in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(visual))
        ]

    def set_column_hidden(self, title: str, hidden: bool) -> None:
        column = [c.title for c in COLUMNS].index(title)
        self.table.setColumnHidden(column, hidden)
        if self._sized and self._auto_fit:
            self.fit_columns()
        self.layout_changed.emit()

    def _show_column_menu(self, position) -> None:
        menu = QMenu(self)
        for column, spec in enumerate(COLUMNS):
            action = QAction(spec.title, menu)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setToolTip(spec.tip)
            action.toggled.connect(
                lambda shown, title=spec.title: self.set_column_hidden(title, not shown)
            )
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction("Show all columns", self.show_all_columns)
        menu.popup(self.table.horizontalHeader().mapToGlobal(position))

    def show_all_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            self.table.setColumnHidden(column, False)
            header.moveSection(header.visualIndex(column), column)
        self._auto_fit = True
        if self._sized:
            self.fit_columns()
        self.layout_changed.emit()

    def header_state(self) -> QByteArray:
        """Column order, visibility, widths and sorting, for the session."""
        return self.table.horizontalHeader().saveState()

    def restore_header_state(self, saved: QByteArray) -> bool:
        """Apply a saved column layout; a layout that does not fit leaves every column shown."""
        header = self.table.horizontalHeader()
        if header.restoreState(saved) and header.count() == len(COLUMNS):
            self._sized = True
            self._auto_fit = False  # the sizes the user left
            return True
        self.show_all_columns()
        return False

    def reset_layout(self) -> None:
        self.show_all_columns()

    def saved_layout(self) -> dict[str, QByteArray]:
        # Columns moved, resized, hidden or sorted emit layout_changed (worth saving).
        return {self.HEADER_KEY: self.header_state()}

    def restore_layout(self, key: str, saved: QByteArray) -> bool:
        return key == self.HEADER_KEY and self.restore_header_state(saved)

    # ---- rows ------------------------------------------------------------------------------

    def wait_idle(self) -> None:
        """Settle the columns for a picture of the window (a fit may wait on its timer).

        It does not wait for the cost measurements: --screenshot shows the table at once,
        with "measuring…" where a cost is pending. Exports, which carry the numbers, do wait.
        """
        if self._fit_timer.isActive():
            self._fit_timer.stop()
            self._fit_if_automatic()

    def finish_measurements(self, timeout_s: float = 10.0) -> None:
        """Run the event loop until every cost is measured (for pictures and exports)."""
        import time

        from PySide6.QtWidgets import QApplication

        self.model.set_active(True)
        deadline = time.monotonic() + timeout_s
        while self.model.costs_pending() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.002)

    def export_grid(self) -> list[list[QWidget]]:
        """What an export draws: the table itself."""
        self.finish_measurements()
        return [[self.table]]

    def csv_rows(self) -> list[list[str]]:
        """Header and rows of the table as shown, for CSV export."""
        self.finish_measurements()
        return [["Function", *self.column_titles()], *self.rows()]

    def rows(self) -> list[list[str]]:
        """The table as shown: function name then each visible column's text, row by row."""
        header = self.table.horizontalHeader()
        visible = [
            header.logicalIndex(visual)
            for visual in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(visual))
        ]
        result = []
        for row in range(self.proxy.rowCount()):
            name = self.proxy.headerData(row, Qt.Orientation.Vertical)
            cells = [self.proxy.index(row, column).data() for column in visible]
            result.append([name, *cells])
        return result

    def fit_columns(self) -> None:
        """Columns as wide as their contents, squeezed to the table's width if need be.

        Squeezing takes width from the columns with the most room to spare above their
        widest word (a cell then wraps onto two lines), never below it, so nothing is cut
        short and no horizontal scroll bar is needed at the usual window sizes.
        """
        table, header = self.table, self.table.horizontalHeader()
        self._fitting = True
        table.resizeColumnsToContents()
        visible = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        natural = {c: header.sectionSize(c) for c in visible}
        available = table.viewport().width()
        excess = sum(natural.values()) - available
        if excess > 0:
            floors = {c: self._narrowest(c) for c in visible}
            slack = {c: max(0, natural[c] - floors[c]) for c in visible}
            total_slack = sum(slack.values())
            share = min(1.0, excess / total_slack) if total_slack else 0.0
            for column in visible:
                header.resizeSection(column, natural[column] - math.ceil(share * slack[column]))
        table.resizeRowsToContents()
        self._fitting = False

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if watched is self.table.horizontalHeader().viewport():
            if kind == QEvent.Type.MouseButtonPress:
                self._header_pressed = True
            elif kind == QEvent.Type.MouseButtonRelease:
                self._header_pressed = False
        elif kind == QEvent.Type.Resize and self._auto_fit and self.isVisible():
            if self._sized:
                self._fit_timer.start()  # once the size settles: a fit measures every cell
            else:
                self._fit_first_time()
        return False

    def _fit_first_time(self) -> None:
        """Size the columns once the table has its real width (not before: a hidden or
        not yet laid out table is narrower, and the fit would squeeze for nothing)."""
        if not self._sized and self.table.viewport().width() > MIN_FIT_WIDTH:
            self._sized = True
            self.fit_columns()

    def _fit_if_automatic(self) -> None:
        if self._auto_fit:
            self.fit_columns()

    def _on_section_resized(self, *_args) -> None:
        if self._header_pressed and not self._fitting:
            self._auto_fit = False  # the user sized a column: theirs from now on
        self.layout_changed.emit()

    def _narrowest(self, column: int) -> int:
        """The width below which a word of the column's cells or title would be cut."""
        metrics = self.table.fontMetrics()
        words = [
            word
            for row in range(self.proxy.rowCount())
            for word in str(self.proxy.index(row, column).data()).split()
        ]
        widest_cell_word = max((metrics.horizontalAdvance(word) for word in words), default=0)
        title = self.table.horizontalHeader().sectionSizeFromContents(column).width()
        return max(widest_cell_word + CELL_PADDING, title)

    def _on_current_row_changed(self, current: QModelIndex, _previous) -> None:
        if current.isValid():
            self._functions.set_focused(current.data(KEY_ROLE))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        # The row is focused already (selecting it focused it): show it with its curves.
        self._functions.set_focused(index.data(KEY_ROLE))
        self.show_tab_requested.emit("functions")

    def _on_focused_changed(self, key: str) -> None:
        source = self.model.index(self.model.row_of(key), 0)
        proxy_index = self.proxy.mapFromSource(source)
        if self.table.currentIndex().row() != proxy_index.row():
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(proxy_index.row())
            self.table.setCurrentIndex(proxy_index)
            self.table.selectionModel().blockSignals(False)
            self.table.viewport().update()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.model.set_active(True)
        self._fit_first_time()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.model.set_active(False)
