"""What a keyboard or screen-reader user meets: a name for every control, a description for
every plot, and one Tab stop per parameter."""

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSlider,
    QToolButton,
    QWidget,
)

from gui.widgets.float_slider import FloatSlider
from tests.gui.conftest import find

CONTROLS = (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider, QAbstractItemView, QLineEdit)


def _qt_part(widget: QWidget) -> bool:
    """Pieces Qt builds inside a control (a spin box's line edit, a table's headers and
    corner, a line edit's clear button, a combo box's pop-up list): the control speaks
    for them."""
    parent = widget.parentWidget()
    return (
        widget.objectName().startswith("qt_")
        or isinstance(widget, QHeaderView)
        or (isinstance(widget, QToolButton) and isinstance(parent, QLineEdit))
        or (
            isinstance(parent, QWidget)
            and type(parent).__name__ in ("QFrame", "QComboBoxPrivateContainer")
        )
    )


def _accessible(widget: QWidget, text: QAccessible.Text) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(text) if interface is not None else ""


@pytest.fixture
def full_window(window):
    window.functions_tab.parameter_panel.build_all_pages()
    for key in ("softmax", "compare", "distributions", "depth"):
        window.tab(key)
    return window


def test_every_control_has_a_name(full_window):
    """The name assistive technology reads: the accessible name, a button's text, or the
    label whose buddy the control is (Qt resolves all three)."""
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parentWidget()).__name__}"
        for widget_type in CONTROLS
        for widget in full_window.findChildren(widget_type)
        if not _qt_part(widget) and not _accessible(widget, QAccessible.Text.Name).strip()
    ]
    assert unnamed == []


def test_every_plot_has_a_name_and_a_description(full_window):
    plots = full_window.findChildren(pg.PlotWidget)
    assert len(plots) >= 9
    for plot in plots:
        assert _accessible(plot, QAccessible.Text.Name), plot.objectName()
        assert len(_accessible(plot, QAccessible.Text.Description)) > 30, plot.objectName()


def test_a_parameter_is_one_tab_stop_and_its_box_takes_the_keyboard(window, state, qtbot):
    state.functions.set_focused("srelu")
    panel = window.functions_tab.parameter_panel
    controls = [panel.control("srelu", name) for name in ("t_l", "a_l", "t_r", "a_r")]
    first = controls[0].box
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    visited = [first]
    for _ in range(7):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        visited.append(window.focusWidget())
    boxes = [control.box for control in controls]
    # Box, Reset, next box, Reset, …: never the slider itself.
    assert [widget for widget in visited if isinstance(widget, QAbstractSpinBox)] == boxes
    assert not any(isinstance(widget, QSlider) for widget in visited)
    assert all(control.slider.focusPolicy() == Qt.FocusPolicy.ClickFocus for control in controls)


def test_a_drag_lands_on_round_values_and_an_arrow_key_steps_finely(window, state, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    from tests.gui.conftest import drag

    state.functions.set_focused("elu")
    control = find(window, FloatSlider, "param_elu_alpha")
    slider = control.slider
    assert slider.width() > 150  # the slider has the column's width, not what a box leaves
    control.setValue(0.0)
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    groove = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider
    )
    span = groove.width() - handle.width()

    def pixel_of(position):
        offset = QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), position, span)
        return QPoint(groove.x() + offset + handle.width() // 2, handle.center().y())

    # Every slider position is a round value: find the one for 1.0 and drag the handle there.
    target = next(
        position for position in range(slider.maximum() + 1) if _value_at(control, position) == 1.0
    )
    control.setValue(0.0)
    drag(slider, handle.center(), pixel_of(target), steps=8)
    assert control.value() == 1.0 and state.functions.params("elu") == {"alpha": 1.0}
    control.box.setFocus()
    qtbot.keyClick(control.box, Qt.Key.Key_Up)
    assert state.functions.params("elu")["alpha"] == pytest.approx(1.01, abs=1e-12)
    assert "0.01" in control.box.toolTip()


def _value_at(control: FloatSlider, position: int) -> float:
    control.slider.setValue(position)
    return control.value()
