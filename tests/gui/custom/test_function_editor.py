"""FunctionEditor: the formula parsed as it is typed, its error pointed at, f and f' drawn."""

import numpy as np
import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QTableWidget

from core import activations
from gui.custom.function_editor import FunctionEditor
from tests.gui.conftest import find


@pytest.fixture
def editor(qtbot):
    dialog = FunctionEditor()
    qtbot.addWidget(dialog)
    return dialog


def _ok(editor):
    return editor.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_typing_mish_previews_it_and_its_exact_derivative(editor, qtbot):
    edit = find(editor, QLineEdit, "expressionEdit")
    edit.setText("x * tanh(softplus(x))")
    assert not _ok(editor).isEnabled()  # until the formula has been parsed
    qtbot.waitUntil(lambda: _ok(editor).isEnabled(), timeout=5_000)
    x, value = editor.value_curve.getData()
    _, slope = editor.slope_curve.getData()
    mish = activations.get("mish")
    np.testing.assert_allclose(value, mish.value(x), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(slope, mish.derivative(x), rtol=1e-12, atol=1e-300)
    assert "softplus" in editor.notes.text()
    find(editor, QLineEdit, "functionName").setText("My Mish")
    editor.refresh()
    assert editor.definition() == {
        "expression": "x * tanh(softplus(x))",
        "name": "My Mish",
        "params": {},
    }


def test_an_error_names_the_problem_and_marks_the_part(editor, qtbot):
    find(editor, QLineEdit, "expressionEdit").setText("x * foo(x) + 1")
    editor.refresh()
    error = find(editor, QLabel, "expressionError").text()
    assert "foo is not a known function" in error
    assert "underline" in error and ">foo(x)</span>" in error  # the offending call marked
    assert not _ok(editor).isEnabled() and editor.activation is None
    assert len(editor.value_curve.getData()[0] or []) == 0  # no stale preview


def test_parameters_get_rows_with_defaults_and_ranges(editor, qtbot):
    find(editor, QLineEdit, "expressionEdit").setText("where(x > 0, x, alpha * expm1(x))")
    editor.refresh()
    table = find(editor, QTableWidget, "parameterTable")
    assert table.rowCount() == 1 and table.item(0, 0).text() == "alpha"
    table.item(0, 1).setText("2")
    table.item(0, 2).setText("0")
    table.item(0, 3).setText("5")
    editor.refresh()
    assert editor.definition()["params"] == {"alpha": [2.0, 0.0, 5.0]}
    assert editor.activation.params[0].default == 2.0
    table.item(0, 1).setText("9")  # outside its range: refused with the reason
    editor.refresh()
    assert "alpha" in find(editor, QLabel, "expressionError").text()
    assert not _ok(editor).isEnabled()


def test_a_hostile_formula_is_refused_at_once(editor, qtbot):
    find(editor, QLineEdit, "expressionEdit").setText("9**9**9")
    editor.refresh()
    assert "exponent" in find(editor, QLabel, "expressionError").text()
