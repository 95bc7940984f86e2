"""Custom functions in the window: File → New function…, the Custom group, every tab,
edit, duplicate, delete, share as JSON, and the session."""

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox

from core import activations, properties
from gui.custom.function_editor import FunctionEditor
from tests.gui.conftest import find

MISH = {"expression": "x * tanh(softplus(x))", "name": "My Mish", "params": {}}
SWISH = {"expression": "x * sigmoid(beta * x)", "name": "Swish", "params": {"beta": [1, 0, 4]}}


@pytest.fixture(autouse=True)
def _functions_removed_through_the_window(window):
    """Each test's functions go the way the app removes them, so the window's views let go
    of them before the window closes."""
    yield
    window.state.custom.set_definitions(())


@pytest.fixture
def typed(monkeypatch):
    """Make the editor 'type' a definition and press OK when it opens."""
    typing = {}

    def exec_(editor):
        definition = typing["definition"]
        editor.expression.setText(definition["expression"])
        editor.name.setText(definition["name"])
        editor._set_parameter_rows(definition.get("params", {}))
        editor.refresh()
        return QDialog.DialogCode.Accepted if editor.activation else QDialog.DialogCode.Rejected

    monkeypatch.setattr(FunctionEditor, "exec", exec_)
    return typing


def test_new_function_joins_the_custom_group_and_every_tab(window, state, typed, qtbot):
    typed["definition"] = MISH
    find(window, QAction, "actionNewFunction").trigger()
    key = "custom_my_mish"
    assert key in state.functions.shown and state.functions.focused == key
    item = window.functions_tab.function_list.item_for(key)
    assert item.text() == "My Mish" and item.checkState() == Qt.CheckState.Checked
    # Functions tab: the curve is the core's function.
    window.functions_tab.plots.wait_idle()
    x, y = window.functions_tab.plots.curve(key).getData()
    np.testing.assert_allclose(y, activations.get("mish").value(x), rtol=1e-13, atol=1e-300)
    # Compare: a row, computed like the built-in Mish's.
    compare = window.tab("compare")
    row = compare.model.row_of(key)
    facts = compare.model.properties(key)
    assert facts.minimum == pytest.approx(
        properties.describe(activations.get("mish"), measure_cost=False).minimum, rel=1e-6
    )
    assert compare.model.headerData(row, Qt.Orientation.Vertical) == "My Mish"
    # Distributions and Depth draw the focused function.
    window.show_tab("distributions")
    window.tab("distributions").wait_idle()
    assert len(window.tab("distributions").plot.output_curve(key).getData()[0]) > 0
    window.show_tab("depth")
    window.tab("depth").wait_idle()
    # Train: in the lists, and trained in the training process, which registers it too.
    state.train.set_activation(key)
    train = window.tab("train")
    assert train.activation.currentData() == key
    train.runner.step()
    train.wait_idle()
    assert [record.epoch for record in train._records] == [0, 1]


def test_parameters_of_a_custom_function_get_sliders(window, state, typed):
    typed["definition"] = SWISH
    find(window, QAction, "actionNewFunction").trigger()
    control = window.functions_tab.parameter_panel.control("custom_swish", "beta")
    assert (control.box.minimum(), control.box.maximum()) == (0.0, 4.0)
    control.setValue(2.0)
    assert state.functions.params("custom_swish") == {"beta": 2.0}


def test_edit_duplicate_and_delete_from_the_list(window, state, typed, monkeypatch):
    typed["definition"] = SWISH
    find(window, QAction, "actionNewFunction").trigger()
    function_list = window.functions_tab.function_list
    typed["definition"] = {**SWISH, "name": "Swish two", "expression": "x * sigmoid(2*beta*x)"}
    function_list.function_requested.emit("edit", "custom_swish")
    assert state.functions.focused == "custom_swish_two"
    assert "custom_swish" not in activations.keys()
    function_list.function_requested.emit("duplicate", "custom_swish_two")
    assert state.custom.keys() == ["custom_swish_two", "custom_swish_two_copy"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    function_list.function_requested.emit("delete", "custom_swish_two_copy")
    assert state.custom.keys() == ["custom_swish_two"]
    rows = range(function_list.count())
    keys = [function_list.item(row).data(Qt.ItemDataRole.UserRole) for row in rows]
    assert keys[-1] == "custom_swish_two" and "custom_swish_two_copy" not in keys


def test_functions_are_shared_as_json(window, state, typed, tmp_path):
    typed["definition"] = SWISH
    find(window, QAction, "actionNewFunction").trigger()
    path = tmp_path / "mine.json"
    assert window.function_actions.export_functions(str(path))
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["functions"][0]["expression"] == "x * sigmoid(beta * x)"
    state.custom.remove("custom_swish")
    assert window.function_actions.import_functions(str(path)) == 1
    assert state.custom.keys() == ["custom_swish"]


def test_a_bad_functions_file_is_refused_with_the_reason(window, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "format": "activation-explorer-functions",
                "version": 1,
                "functions": [{"expression": "__import__('os')", "name": "x"}],
            }
        ),
        encoding="utf-8",
    )
    assert window.function_actions.import_functions(str(path)) == 0
    assert "function 1" in warned[0] and "not a known function" in warned[0]
    path.write_text("{}", encoding="utf-8")
    assert window.function_actions.import_functions(str(path)) == 0
    assert "not a functions file" in warned[1]


def test_the_session_brings_the_functions_back(window, state, typed, qtbot):
    from gui.main_window import MainWindow

    typed["definition"] = SWISH
    find(window, QAction, "actionNewFunction").trigger()
    state.functions.set_param("custom_swish", "beta", 3.0)
    window.session.save()
    window.close()
    activations.unregister("custom_swish")  # as in a new process
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.state.custom.keys() == ["custom_swish"]
    assert again.state.functions.focused == "custom_swish"
    assert again.state.functions.params("custom_swish") == {"beta": 3.0}
    again.state.custom.set_definitions(())


def test_deleting_a_ticked_function_while_only_ticked_ones_are_listed(window, state, typed):
    """Found by the monkey: the filter looked up the deleted function before the list let
    go of it."""
    typed["definition"] = SWISH
    find(window, QAction, "actionNewFunction").trigger()
    function_list = window.functions_tab.function_list
    function_list.set_filter(checked_only=True)
    assert "custom_swish" in function_list.visible_keys()
    window.function_actions.delete("custom_swish", ask=False)
    assert "custom_swish" not in function_list.visible_keys()
    assert set(function_list.visible_keys()) == set(state.functions.shown)


def test_a_hidden_compare_table_forgets_a_deleted_function(window, state, typed):
    """Found by the monkey: the table, hidden, kept a deleted function among its rows to
    recompute and looked it up when shown again."""
    compare = window.tab("compare")
    typed["definition"] = SWISH
    find(window, QAction, "actionNewFunction").trigger()
    window.show_tab("functions")
    state.functions.set_param("custom_swish", "beta", 2.0)  # stale while hidden
    window.function_actions.delete("custom_swish", ask=False)
    window.show_tab("compare")
    assert "custom_swish" not in [
        compare.model.key_at(row) for row in range(compare.model.rowCount())
    ]
