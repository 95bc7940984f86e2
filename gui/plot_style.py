"""The axis set-up every plot of the app shares."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem


def style_axes(plot: pg.PlotWidget, grid_x: bool = True, grid_y: bool = True) -> None:
    """Grid, two tick levels, cached axes and no context menu or auto-range button.

    pyqtgraph draws the grid inside the axis items, whose shape covers the whole view, so a
    curve update replays every grid line unless the axes are cached as device pixmaps (Qt
    drops the cache whenever the axis itself changes: range, size, style). The third tick
    level adds clutter and grid lines, not information.
    """
    plot.showGrid(x=grid_x, y=grid_y, alpha=0.25)
    plot.setMenuEnabled(False)
    plot.getPlotItem().hideButtons()
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setStyle(maxTickLevel=1)
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
