"""Menus, help, theme, icon and tooltips."""

import pyqtgraph as pg
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QListWidget,
    QMessageBox,
    QSlider,
    QTableView,
    QWidget,
)

from tests.gui.conftest import find


def menu_titles(window):
    return [action.text().replace("&", "") for action in window.menuBar().actions()]


def menu_entries(window, title):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title)
    return [action.objectName() for action in menu.actions() if action.objectName()]


def test_menus_hold_their_actions(window):
    assert menu_titles(window) == ["File", "View", "Help"]
    assert {"actionSaveScreenshot", "actionExportPlot", "actionExportCsv", "actionQuit"} <= set(
        menu_entries(window, "File")
    )
    assert {"actionLogDerivative", "actionSaturationShading", "actionResetZoom"} <= set(
        menu_entries(window, "View")
    )
    assert menu_entries(window, "Help") == ["actionShortcuts", "actionAbout"]


def test_help_lists_shortcuts_and_versions(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(QMessageBox, "about", lambda *args: shown.append(args[2]))
    find(window, QAction, "actionShortcuts").trigger()
    find(window, QAction, "actionAbout").trigger()
    shortcuts, about = shown
    for keys in ("Ctrl+S", "Ctrl+E", "Ctrl+Shift+E", "Ctrl+Shift+C", "Ctrl+Q"):
        assert keys in shortcuts
    for library in ("Qt ", "PySide6 ", "pyqtgraph ", "numpy "):
        assert library in about


def test_dark_and_light_themes(window, state, qtbot):
    def window_lightness():
        return window.palette().color(QPalette.ColorRole.Window).lightness()

    plot = find(window, pg.PlotWidget, "activationPlot")
    find(window, QAction, "actionThemeDark").trigger()
    assert state.display.theme == "dark"
    qtbot.waitUntil(lambda: window_lightness() < 100)  # palettes arrive as posted events
    assert plot.backgroundBrush().color().lightness() < 100
    find(window, QAction, "actionThemeLight").trigger()
    qtbot.waitUntil(lambda: window_lightness() > 150)
    assert plot.backgroundBrush().color().lightness() > 200


def test_quit_closes_the_window(window, qtbot):
    find(window, QAction, "actionQuit").trigger()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_application_icon(window):
    assert not window.windowIcon().isNull()
    assert window.windowIcon().pixmap(64, 64).width() == 64


CONTROL_TYPES = (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider, QListWidget, QTableView)


def _is_qt_internal(widget: QWidget) -> bool:
    """Sub-widgets Qt creates inside a control (the control carries the tip)."""
    parent = widget.parentWidget()
    return (
        type(widget).__name__ in ("QTabBar", "QToolButton")
        or isinstance(parent, (QTableView, QComboBox))
        or (parent is not None and parent.objectName() == "temperature")
    )


def test_every_control_explains_itself(window):
    missing = [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for widget_type in CONTROL_TYPES
        for widget in window.findChildren(widget_type)
        if not _is_qt_internal(widget) and not widget.toolTip()
    ]
    assert missing == []
