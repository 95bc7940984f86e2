"""MainWindow: object names, title, tabs, actions and rendering to a file."""

from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QMainWindow, QTabWidget

from tests.gui.conftest import find


def test_names_and_title(window):
    assert window.objectName() == "mainWindow"
    assert isinstance(window, QMainWindow)
    assert "Activation Explorer" in window.windowTitle()
    tabs = find(window, QTabWidget, "tabs")
    assert tabs.tabText(0) == "Functions"


def test_quit_action_has_its_shortcut(window):
    action = find(window, QAction, "actionQuit")
    assert action.shortcut().toString() == "Ctrl+Q"


def test_render_to_file_writes_a_png_of_the_window(window, tmp_path):
    target = tmp_path / "window.png"
    assert window.render_to_file(target) == 0
    image = QImage(str(target))
    assert not image.isNull()
    assert image.width() >= window.width() and image.height() >= window.height()


def test_window_still_works_at_the_small_size(window, qtbot):
    window.resize(1000, 700)
    qtbot.wait(10)
    plots = window.functions_tab.plots
    assert plots.activation_plot.height() > 150 and plots.derivative_plot.height() > 100
    assert window.functions_tab.info_panel.width() >= 240
