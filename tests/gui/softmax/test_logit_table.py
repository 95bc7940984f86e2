"""logitTable: typing logits as a user does; probabilities always equal core.softmax."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableWidget

from core.softmax import softmax
from tests.gui.conftest import find, type_into_cell


def shown_probabilities(table):
    texts = [float(table.item(row, 2).text()) for row in range(table.rowCount())]
    exact = [table.item(row, 2).data(Qt.ItemDataRole.UserRole) for row in range(table.rowCount())]
    return np.array(texts), np.array(exact)


def assert_table_matches_core(table, state):
    expected = softmax(state.softmax.logits, state.softmax.temperature)
    texts, exact = shown_probabilities(table)
    np.testing.assert_array_equal(exact, expected)
    # The text is rounded for reading: 4 decimals from 0.01, 3 significant digits below.
    np.testing.assert_allclose(texts, expected, rtol=5e-3, atol=5e-5)


@pytest.fixture
def table(window):
    window.show_tab("softmax")
    return find(window, QTableWidget, "logitTable")


def test_starts_with_a_meaningful_example(table, state):
    assert table.rowCount() == 5
    assert [table.item(row, 0).text() for row in range(5)] == list(state.softmax.labels)
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == [
        "Class",
        "Logit",
        "Probability",
    ]
    assert not table.item(0, 2).flags() & Qt.ItemFlag.ItemIsEditable
    assert_table_matches_core(table, state)


@pytest.mark.parametrize("temperature", [0.01, 0.3, 1.0, 7.5, 100.0])
def test_typed_logits_update_probabilities_at_every_temperature(
    window, table, state, qtbot, temperature
):
    window.softmax_tab.temperature.setValue(temperature)
    type_into_cell(qtbot, table, 2, 1, "4.25")
    assert state.softmax.logits[2] == 4.25
    assert table.item(2, 1).text() == "4.25"
    assert_table_matches_core(table, state)


@pytest.mark.parametrize("garbage", ["abc", "nan", "inf", "-inf", "1e309", "", "1,5"])
def test_garbage_is_refused_where_typed(window, table, state, qtbot, garbage):
    before = state.softmax.logits.copy()
    type_into_cell(qtbot, table, 1, 1, garbage)
    np.testing.assert_array_equal(state.softmax.logits, before)
    assert table.item(1, 1).text() == "1"
    assert "unchanged" in window.statusBar().currentMessage()
    assert_table_matches_core(table, state)


def test_huge_finite_logits_work(table, state, qtbot):
    type_into_cell(qtbot, table, 0, 1, "1e308")
    type_into_cell(qtbot, table, 4, 1, "-1e308")
    assert state.softmax.logits[0] == 1e308 and state.softmax.logits[4] == -1e308
    assert_table_matches_core(table, state)
    assert table.item(0, 2).text() == "1.0000"
    assert table.item(4, 2).text() == "0"


def test_labels_are_editable_but_not_emptied(window, table, state, qtbot):
    type_into_cell(qtbot, table, 0, 0, "tiger")
    assert state.softmax.labels[0] == "tiger"
    type_into_cell(qtbot, table, 0, 0, "   ")
    assert state.softmax.labels[0] == "tiger" and table.item(0, 0).text() == "tiger"


def test_sixty_extra_classes(window, table, state, qtbot):
    add = find(window, QPushButton, "addClassButton")
    for _ in range(60):
        add.click()
    assert table.rowCount() == 65 and state.softmax.logits.size == 65
    type_into_cell(qtbot, table, 64, 1, "3")
    assert_table_matches_core(table, state)
    texts, exact = shown_probabilities(table)
    assert exact.sum() == pytest.approx(1.0)
    assert texts[64] == pytest.approx(exact[64], rel=5e-3)


def test_remove_takes_the_selected_rows_and_keeps_one(window, table, state, qtbot):
    remove = find(window, QPushButton, "removeClassButton")
    table.clearSelection()
    table.item(1, 0).setSelected(True)
    table.item(3, 1).setSelected(True)
    remove.click()
    assert state.softmax.labels == ("cat", "fox", "eel")
    assert_table_matches_core(table, state)
    for _ in range(5):
        remove.click()
    assert table.rowCount() == 1 and state.softmax.logits.size == 1
    assert table.item(0, 2).text() == "1.0000"


def test_randomize_and_reset(window, table, state):
    find(window, QPushButton, "randomizeButton").click()
    assert state.softmax.logits.size == 5
    assert_table_matches_core(table, state)
    find(window, QPushButton, "resetSoftmaxButton").click()
    np.testing.assert_array_equal(state.softmax.logits, [2.0, 1.0, 0.1, -1.0, -2.5])
    assert state.softmax.temperature == 1.0
