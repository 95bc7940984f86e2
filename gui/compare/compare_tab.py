"""CompareTab: the comparison table, full width, with a one-line legend of its columns."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QModelIndex, QSortFilterProxyModel, Qt
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
        self.table.setWordWrap(False)
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
        self._sized = False
        header.sectionMoved.connect(self.layout_changed)
        header.sectionResized.connect(self.layout_changed)
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
        self.layout_changed.emit()

    def header_state(self) -> QByteArray:
        """Column order, visibility, widths and sorting, for the session."""
        return self.table.horizontalHeader().saveState()

    def restore_header_state(self, saved: QByteArray) -> bool:
        """Apply a saved column layout; a layout that does not fit leaves every column shown."""
        header = self.table.horizontalHeader()
        if header.restoreState(saved) and header.count() == len(COLUMNS):
            self._sized = True
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
        """Let the off-thread cost measurements land (pictures and exports show them)."""
        self.finish_measurements()

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
        if not self._sized:
            self._sized = True
            self.table.resizeColumnsToContents()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.model.set_active(False)
