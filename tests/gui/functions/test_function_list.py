"""functionList: checking shows curves equal to core; the current item is the focus."""

import pyqtgraph as pg
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListWidget

from core import activations
from gui.widgets.palette import color
from tests.gui.conftest import assert_curve_matches, curves_by_name, find


def _item(function_list, key):
    for row in range(function_list.count()):
        item = function_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == key:
            return item
    raise AssertionError(f"no item for {key}")


def test_one_checkable_item_per_key_grouped(window):
    function_list = find(window, QListWidget, "functionList")
    assert function_list.count() == len(activations.keys())
    keys = [
        function_list.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(function_list.count())
    ]
    assert sorted(keys) == sorted(activations.keys())
    groups = [activations.get(key).group for key in keys]
    assert groups == sorted(groups, key=activations.GROUPS.index)  # each group in one run
    for row, key in enumerate(keys):
        item = function_list.item(row)
        assert item.text() == activations.get(key).name
        assert item.flags() & Qt.ItemFlag.ItemIsUserCheckable
        assert item.data(Qt.ItemDataRole.CheckStateRole) is not None  # a box is drawn


def test_search_and_checked_only_filter_the_list(window, state):
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    function_list = find(window, QListWidget, "functionList")
    search = find(window, QLineEdit, "functionSearch")
    search.setText("relu")
    visible = function_list.visible_keys()
    assert "relu" in visible and "leaky_relu" in visible and "sigmoid" not in visible
    search.setText("")
    find(window, QCheckBox, "showCheckedOnly").setChecked(True)
    assert sorted(function_list.visible_keys()) == sorted(state.functions.shown)
    state.functions.set_shown(["mish"])
    assert function_list.visible_keys() == ["mish"]


def test_checking_shows_the_exact_curves_and_unchecking_removes_them(window):
    for key in activations.keys():
        _check_and_uncheck(window, key)


def _check_and_uncheck(window, key):
    function_list = find(window, QListWidget, "functionList")
    activation_plot = find(window, pg.PlotWidget, "activationPlot")
    derivative_plot = find(window, pg.PlotWidget, "derivativePlot")
    name = activations.get(key).name
    item = _item(function_list, key)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert name not in curves_by_name(activation_plot)
    item.setCheckState(Qt.CheckState.Checked)
    assert_curve_matches(curves_by_name(activation_plot)[name], activations.get(key).value)
    assert_curve_matches(curves_by_name(derivative_plot)[name], activations.get(key).derivative)
    shown = [
        function_list.item(row).text()
        for row in range(function_list.count())
        if function_list.item(row).checkState() == Qt.CheckState.Checked
    ]
    assert sorted(curves_by_name(activation_plot)) == sorted(shown)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert name not in curves_by_name(activation_plot)
    assert name not in curves_by_name(derivative_plot)


def test_current_item_focuses_and_thickens(window, state):
    function_list = find(window, QListWidget, "functionList")
    activation_plot = find(window, pg.PlotWidget, "activationPlot")
    function_list.setCurrentItem(_item(function_list, "tanh"))
    assert state.functions.focused == "tanh"
    widths = {
        name: curve.opts["pen"].widthF() for name, curve in curves_by_name(activation_plot).items()
    }
    assert widths["Tanh"] > widths["Sigmoid"]


def test_curve_colour_matches_the_swatch(window):
    activation_plot = find(window, pg.PlotWidget, "activationPlot")
    for name, curve in curves_by_name(activation_plot).items():
        key = next(k for k in activations.keys() if activations.get(k).name == name)
        assert curve.opts["pen"].color().name() == color(key).name()


def test_state_changes_update_the_check_boxes(window, state):
    function_list = find(window, QListWidget, "functionList")
    state.functions.set_shown(["elu"])
    checked = [
        function_list.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(function_list.count())
        if function_list.item(row).checkState() == Qt.CheckState.Checked
    ]
    assert checked == ["elu"]


def test_the_focused_swatch_stands_out_from_the_selection_highlight(window, state):
    from PySide6.QtGui import QIcon, QPalette

    from gui.functions.function_list import SWATCH_SIZE, swatch_icon

    highlight = window.palette().color(QPalette.ColorRole.Highlight)
    icon = swatch_icon(color("sigmoid"))
    selected = icon.pixmap(SWATCH_SIZE, QIcon.Mode.Selected).toImage()
    normal = icon.pixmap(SWATCH_SIZE, QIcon.Mode.Normal).toImage()
    middle = selected.height() // 2
    # The frame around the bar is white, far from any highlight colour; the bar keeps its own.
    edge = selected.pixelColor(0, middle)
    assert edge.lightness() == 255 and abs(edge.lightness() - highlight.lightness()) > 60
    assert selected.pixelColor(selected.width() // 2, middle) == color("sigmoid")
    assert normal.pixelColor(normal.width() // 2, middle) == color("sigmoid")


def _click(qtbot, function_list, item, x_offset):
    rect = function_list.visualItemRect(item)
    function_list.scrollToItem(item)
    rect = function_list.visualItemRect(item)
    point = rect.topLeft() + QPoint(x_offset, rect.height() // 2)
    qtbot.mouseClick(function_list.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_clicking_a_hidden_functions_name_shows_it_and_its_box_still_toggles(window, state, qtbot):
    function_list = find(window, QListWidget, "functionList")
    activation_plot = find(window, pg.PlotWidget, "activationPlot")
    item = _item(function_list, "elu")
    assert "elu" not in state.functions.shown
    _click(qtbot, function_list, item, function_list.visualItemRect(item).width() // 2)
    assert state.functions.focused == "elu" and "elu" in state.functions.shown
    assert "ELU" in curves_by_name(activation_plot)
    # A click on the check box of a drawn function hides it, and the name click does not
    # bring it back.
    _click(qtbot, function_list, item, 10)
    assert "elu" not in state.functions.shown and "ELU" not in curves_by_name(activation_plot)
    _click(qtbot, function_list, item, 10)
    assert "elu" in state.functions.shown


def test_a_function_focused_by_keyboard_but_not_drawn_shades_nothing_and_says_so(
    window, state, qtbot
):
    from PySide6.QtWidgets import QLabel

    function_list = find(window, QListWidget, "functionList")
    state.functions.set_focused("tanh")
    assert window.functions_tab.plots.shaded_intervals()  # tanh is drawn and saturates
    function_list.setFocus()
    qtbot.keyClick(function_list, Qt.Key.Key_Down)  # to LogSigmoid, which is not ticked
    assert state.functions.focused == "logsigmoid" and "logsigmoid" not in state.functions.shown
    assert window.functions_tab.plots.shaded_intervals() == []
    note = find(window, QLabel, "infoHiddenNote")
    assert note.isVisible() and "tick" in note.text()
    state.functions.set_key_shown("logsigmoid", True)
    assert not note.isVisible() and window.functions_tab.plots.shaded_intervals()
