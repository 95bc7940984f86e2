"""A window built with ``lazy_tabs=True`` (as the application builds it): tabs appear when
first shown or asked for, the rest after the first paint, and nothing a user sees differs."""

import subprocess
import sys
import textwrap

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QSplitter, QTableWidget, QTabWidget, QWidget

from gui.settings import app_settings
from gui.tabs import TABS
from tests.gui.conftest import find, lazy_window

ALL_TABS = [spec.key for spec in TABS]  # a written-out list missed the Gated tab


def test_only_the_shown_tab_is_built_at_first(qtbot):
    window = lazy_window(qtbot)
    assert window.built_tabs() == ["functions"]
    assert window.findChild(QTableWidget, "logitTable") is None
    tabs = find(window, QTabWidget, "tabs")
    assert [tabs.tabText(index) for index in range(tabs.count())] == [
        "Functions",
        "Softmax",
        "Compare",
        "Distributions",
        "Depth",
        "Train",
        "Precision",
        "Gated",
    ]


def test_showing_a_tab_builds_it_in_place(qtbot):
    window = lazy_window(qtbot)
    tabs = find(window, QTabWidget, "tabs")
    changes = []
    tabs.currentChanged.connect(changes.append)
    window.show_tab("softmax")
    assert tabs.currentWidget() is window.softmax_tab
    assert tabs.currentIndex() == 1 and changes == [1]
    assert find(window, QTableWidget, "logitTable").isVisible()
    tabs.setCurrentIndex(2)  # as a click on the tab bar does
    assert tabs.currentWidget() is window.compare_tab
    assert changes == [1, 2]
    assert window.built_tabs() == ["functions", "softmax", "compare"]


def test_asking_for_a_tab_builds_it_without_showing_it(qtbot):
    window = lazy_window(qtbot)
    depth_tab = window.depth_tab
    tabs = find(window, QTabWidget, "tabs")
    assert tabs.indexOf(depth_tab) == 4
    assert tabs.currentIndex() == 0
    assert window.current_tab_name() == "functions"


def test_the_rest_is_built_after_the_first_paint(qtbot):
    window = lazy_window(qtbot)
    announced = []
    window.all_tabs_built.connect(lambda: announced.append(window.built_tabs()))
    window.build_remaining_tabs()
    qtbot.waitUntil(lambda: window.built_tabs() == ALL_TABS, timeout=10_000)
    assert find(window, QTabWidget, "tabs").currentIndex() == 0
    # Announced once, when the last tab exists: the application then freezes what start-up
    # built out of the garbage collector's full passes.
    qtbot.waitUntil(lambda: len(announced) == 1, timeout=1_000)
    assert announced == [ALL_TABS]


def test_a_late_tab_gets_the_current_theme(qtbot):
    window = lazy_window(qtbot)
    window.state.display.set_theme("dark")
    plot = find(window.depth_tab, pg.PlotWidget, "depthPlot")
    dark = plot.backgroundBrush().color().lightness()
    window.state.display.set_theme("light")
    assert dark < 80 < plot.backgroundBrush().color().lightness()


def test_a_late_tab_gets_the_saved_layout(qtbot):
    first = lazy_window(qtbot, persistent=True)
    first.show_tab("softmax")
    splitter = find(first, QSplitter, "softmaxSplitter")
    qtbot.waitUntil(lambda: splitter.width() > 1000)
    splitter.setSizes([500, 900])
    sizes = splitter.sizes()
    first.show_tab("functions")
    first.close()

    again = lazy_window(qtbot, persistent=True)
    assert "softmax" not in again.built_tabs()
    again.save_session()  # a tab never built keeps the layout saved before
    assert app_settings().value("window/softmaxSplitter") is not None
    again.show_tab("softmax")
    restored = find(again, QSplitter, "softmaxSplitter")
    qtbot.waitUntil(lambda: restored.sizes() == sizes, timeout=2000)


@pytest.mark.parametrize("name", ALL_TABS)
def test_a_screenshot_builds_only_its_tab(qtbot, tmp_path, name):
    window = lazy_window(qtbot)
    window.show_tab(name)
    assert window.render_to_file(tmp_path / "shot.png") == 0
    assert window.built_tabs() == sorted({"functions", name}, key=ALL_TABS.index)


def test_the_first_window_imports_nothing_it_does_not_draw():
    # Each of these takes a tenth to half a second to import; the first paint (Functions tab,
    # Sigmoid focused: no parameters) needs none of them.
    script = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from gui.app import create_application
        from gui.main_window import MainWindow
        app = create_application()
        window = MainWindow(persistent=False, lazy_tabs=True)
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        window.grab()
        heavy = ("ziamath", "scipy.special", "scipy.optimize", "scipy.integrate")
        heavy += ("sympy", "ml_dtypes")
        print(",".join(name for name in heavy if name in sys.modules) or "none")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "none"


def test_parameter_pages_come_when_needed(qtbot):
    window = lazy_window(qtbot)
    panel = window.functions_tab.parameter_panel
    assert window.findChild(QWidget, "param_elu_alpha") is None
    window.state.functions.set_focused("elu")
    assert find(window, QWidget, "param_elu_alpha").value() == 1.0
    assert panel.control("prelu", "alpha").value() == 0.25  # asked for: built
    window.state.functions.set_param("leaky_relu", "alpha", 0.5)  # set before its page exists
    window.build_remaining_tabs()
    assert find(window, QWidget, "param_leaky_relu_alpha").value() == 0.5
