"""comparisonTable: headers, rows computed by core.properties, parameters, focus, CSV."""

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QTableView

from core import activations
from gui.compare.comparison_model import COLUMN_TITLES, KEY_ROLE, SORT_ROLE
from tests.gui.conftest import find

EXPECTED_COLUMNS = [
    "Range",
    "Zero-centered",
    "Derivative peak",
    "Minimum",
    "Vanishing gradient",
    "Sparsity",
    "Smooth",
    "Monotonic",
    "Identity near origin",
    "Symmetry",
    "Derivative range",
    "Dead region",
    "Cost",
]


@pytest.fixture
def table(window):
    window.show_tab("compare")
    return find(window, QTableView, "comparisonTable")


def cell(table, key, title):
    model = table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data(KEY_ROLE) == key:
            return model.index(row, COLUMN_TITLES.index(title)).data()
    raise AssertionError(key)


def test_headers_rows_and_tooltips(table):
    model = table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == EXPECTED_COLUMNS
    for column in range(model.columnCount()):
        assert (
            len(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole))
            > 20
        )
    names = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert names == [activations.get(key).name for key in activations.keys()]


def test_cells_show_the_computed_facts(table):
    assert cell(table, "sigmoid", "Range") == "(0, 1)"
    assert cell(table, "relu", "Range") == "[0, ∞)"
    assert cell(table, "sigmoid", "Derivative peak") == "0.25 at 0"
    assert cell(table, "relu", "Sparsity") == "50 %"
    assert cell(table, "tanh", "Zero-centered") == "✓"
    assert cell(table, "sigmoid", "Zero-centered") == "✗"
    assert cell(table, "gelu", "Minimum") == "−0.17 at −0.7518"
    assert cell(table, "sigmoid", "Vanishing gradient").startswith("✓")
    assert cell(table, "relu", "Vanishing gradient").startswith("✗")
    assert cell(table, "relu", "Dead region") == "(−∞, 0]"
    assert cell(table, "tanh", "Symmetry") == "odd"


def test_rows_follow_the_parameters(window, table, state):
    assert cell(table, "elu", "Range") == "(−1, ∞)"
    assert cell(table, "elu", "Smooth") == "✓ C¹"
    state.functions.set_param("elu", "alpha", 2.5)
    assert cell(table, "elu", "Range") == "(−2.5, ∞)"
    assert cell(table, "elu", "Smooth") == "✗ C⁰"
    window.show_tab("functions")
    state.functions.set_param("elu", "alpha", 0.5)  # while hidden: recomputed when read or shown
    window.show_tab("compare")
    assert cell(table, "elu", "Range") == "(−0.5, ∞)"


def test_sorting_uses_numbers_not_text(table):
    table.sortByColumn(EXPECTED_COLUMNS.index("Sparsity"), Qt.SortOrder.DescendingOrder)
    sparsities = [
        table.model().index(row, EXPECTED_COLUMNS.index("Sparsity")).data(SORT_ROLE)
        for row in range(table.model().rowCount())
    ]
    assert sparsities == sorted(sparsities, reverse=True) and sparsities[0] == 0.5
    table.sortByColumn(EXPECTED_COLUMNS.index("Derivative peak"), Qt.SortOrder.AscendingOrder)
    peaks = [
        table.model().index(row, EXPECTED_COLUMNS.index("Derivative peak")).data(SORT_ROLE)
        for row in range(table.model().rowCount())
    ]
    assert peaks == sorted(peaks)


def test_selecting_a_row_focuses_the_function(window, table, state):
    model = table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data(KEY_ROLE) == "gelu":
            table.selectRow(row)
            table.setCurrentIndex(model.index(row, 2))
    assert state.functions.focused == "gelu"
    state.functions.set_focused("tanh")
    assert table.currentIndex().data(KEY_ROLE) == "tanh"


def test_columns_can_be_hidden_and_the_choice_is_remembered(window, table, qtbot):
    window.compare_tab.set_column_hidden("Cost", True)
    window.compare_tab.set_column_hidden("Symmetry", True)
    header = table.horizontalHeader()
    header.moveSection(header.visualIndex(EXPECTED_COLUMNS.index("Sparsity")), 0)
    window.close()
    from gui.main_window import MainWindow

    second = MainWindow()
    qtbot.addWidget(second)
    titles = second.compare_tab.column_titles()
    assert "Cost" not in titles and "Symmetry" not in titles
    assert titles[0] == "Sparsity"
    second.compare_tab.show_all_columns()
    assert second.compare_tab.column_titles() == EXPECTED_COLUMNS


def test_costs_get_measured(window, table):
    window.compare_tab.finish_measurements()
    assert window.compare_tab.model.costs_pending() == 0
    for key in activations.keys():
        assert cell(table, key, "Cost").endswith(" ns")


def test_csv_export_of_the_table(window, table, tmp_path, monkeypatch):
    target = tmp_path / "compare.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.compare_tab.show_all_columns()
    find(window, type(window.action_export_csv), "actionExportCsv").trigger()
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Function", *EXPECTED_COLUMNS]
    assert len(rows) == 1 + len(activations.keys())
    relu = next(row for row in rows if row[0] == "ReLU")
    assert relu[EXPECTED_COLUMNS.index("Sparsity") + 1] == "50 %"


def test_columns_fit_their_contents_when_first_shown(window, table):
    header = table.horizontalHeader()
    widths = {header.sectionSize(column) for column in range(header.count() - 1)}
    assert len(widths) > 3  # sized by content, not all the default width
    model = table.model()
    minimum_column = EXPECTED_COLUMNS.index("Minimum")
    text = model.index(model.rowCount() - 1, minimum_column).data()
    # Squeezed to the window, a cell may wrap at spaces, but no word of it is cut.
    for word in text.split():
        assert header.sectionSize(minimum_column) > table.fontMetrics().horizontalAdvance(word)


def test_every_column_header_says_where_its_definition_comes_from(window):
    table = find(window, QTableView, "comparisonTable")
    model = table.model()
    for column in range(model.columnCount()):
        tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert "\nDefinition: " in tip, tip
        assert len(tip.split("\nDefinition: ")[1]) > 20


def test_the_table_fits_the_window_without_a_horizontal_scroll_bar(window, qtbot):
    window.resize(1400, 900)
    window.show_tab("compare")
    table = find(window, QTableView, "comparisonTable")
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=3000)
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert sum(widths) <= table.viewport().width()
    # Squeezed columns wrap their cells at spaces; no word is cut off.
    metrics = table.fontMetrics()
    model = table.model()
    for column in range(model.columnCount()):
        for row in range(model.rowCount()):
            for word in str(model.index(row, column).data()).split():
                assert metrics.horizontalAdvance(word) < header.sectionSize(column), word


def test_a_picture_of_the_compare_tab_does_not_wait_for_the_cost_measurements(
    window, qtbot, tmp_path, monkeypatch
):
    """The cost column fills in as it is measured; a screenshot shows the table at once."""
    import threading

    from gui.compare import comparison_model

    release = threading.Event()

    def slow_cost(key):
        release.wait(30)
        return 1.0

    monkeypatch.setattr(comparison_model, "cost_ns", slow_cost)
    tab = window.compare_tab
    tab.model._costs.clear()  # what earlier tests measured is measured again here
    window.show_tab("compare")
    assert window.render_to_file(tmp_path / "compare.png") == 0
    assert tab.model.costs_pending() > 0
    cost_column = COLUMN_TITLES.index("Cost")
    assert "measuring…" in [row[1 + cost_column] for row in tab.rows()]
    release.set()
    qtbot.waitUntil(lambda: tab.model.costs_pending() == 0, timeout=20000)
    assert "measuring…" not in [row[1 + cost_column] for row in tab.rows()]
