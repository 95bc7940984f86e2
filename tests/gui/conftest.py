"""Fixtures for the GUI tests: a main window found and driven through its object names."""

import numpy as np
import pyqtgraph as pg
import pytest

from gui.app import create_application


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test starts from an empty settings store (tests/conftest.py points it at a
    temporary folder, never at the user's)."""
    from gui.settings import app_settings

    store = app_settings()
    store.clear()
    store.sync()
    yield
    store.clear()
    store.sync()


@pytest.fixture
def window(qtbot):
    create_application()
    from gui.main_window import MainWindow

    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.resize(1400, 900)
    main_window.show()
    qtbot.waitExposed(main_window)
    return main_window


@pytest.fixture
def state(window):
    return window.state


def lazy_window(qtbot, persistent=False):
    """A window built as the application builds it (``lazy_tabs=True``), shown at 1400×900."""
    create_application()
    from gui.main_window import MainWindow

    main_window = MainWindow(persistent=persistent, lazy_tabs=True)
    qtbot.addWidget(main_window)
    main_window.resize(1400, 900)
    main_window.show()
    qtbot.waitExposed(main_window)
    return main_window


def find(window, widget_type, name):
    """The child of ``window`` with this object name; fails the test if there is none."""
    widget = window.findChild(widget_type, name)
    assert widget is not None, f"no {widget_type.__name__} named {name!r}"
    return widget


def curves_by_name(plot: pg.PlotWidget) -> dict[str, pg.PlotDataItem]:
    """Every PlotDataItem of ``plot`` keyed by its ``name()``."""
    items = plot.getPlotItem().listDataItems()
    named = {item.name(): item for item in items if item.name()}
    assert len(named) == len(items), "every data item should carry a unique name"
    return named


def assert_curve_matches(curve: pg.PlotDataItem, function, rtol=1e-12):
    x, y = curve.getData()
    assert x is not None and len(x) > 1
    np.testing.assert_allclose(y, function(x), rtol=rtol, atol=1e-300)


def type_into_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Edit a table cell as a user does: open its editor, replace the text, press Enter."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    item = table.item(row, column)
    table.setCurrentItem(item)
    table.scrollToItem(item)
    table.editItem(item)
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None, "the cell did not open an editor"
    editor.selectAll()
    if text:
        qtbot.keyClicks(editor, text)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The item delegate commits the editor's text through a queued call.
    qtbot.waitUntil(lambda: table.viewport().findChild(QLineEdit) is None, timeout=2000)


def drag(widget, start, end, steps: int = 5) -> None:
    """A left-button drag from ``start`` to ``end`` (widget coordinates), event by event."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    def send(kind, point, buttons):
        local = QPointF(point)
        event = QMouseEvent(
            kind,
            local,
            QPointF(widget.mapToGlobal(local.toPoint())),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(widget, event)

    send(QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for step in range(1, steps + 1):
        point = QPointF(start) + (QPointF(end) - QPointF(start)) * (step / steps)
        send(QEvent.Type.MouseMove, point, Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
