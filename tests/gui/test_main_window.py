"""MainWindow: object names, title, tabs, actions and rendering to a file."""

import pytest
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


def test_tabs_are_known_by_key_whatever_their_title(window, qtbot):
    # Rewording a tab's title must not break --tab, the session or file names.
    index = window.tabs.indexOf(window.softmax_tab)
    window.tabs.setTabText(index, "Probabilities")
    window.show_tab("functions")
    window.show_tab("softmax")
    assert window.tabs.currentIndex() == index
    assert window.current_tab_name() == "softmax"
    window.save_session()
    from gui.settings import app_settings

    assert app_settings().value("window/tab") == "softmax"
    with pytest.raises(KeyError):
        window.show_tab("probabilities")


def test_every_tab_offers_what_the_window_asks_of_it(window):
    from gui.tabs import TABS
    from gui.widgets.tab_page import TabPage

    for spec in TABS:
        page = window.tab(spec.key)
        assert isinstance(page, TabPage)
        grid = page.export_grid()
        assert grid and all(row for row in grid)
        rows = page.csv_rows()
        assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)
        assert set(page.saved_layout()) <= set(spec.layout_keys)
