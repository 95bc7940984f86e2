"""Fixtures for the GUI tests: a main window found and driven through its object names."""

import numpy as np
import pyqtgraph as pg
import pytest

from gui.app import create_application


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
