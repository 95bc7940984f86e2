"""The axis set-up and the light and dark colours every plot of the app shares."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem, QWidget

LIGHT_PLOT = {"background": "#ffffff", "foreground": "#000000"}
DARK_PLOT = {"background": "#1e1e1e", "foreground": "#dddddd"}


def style_plot(plot: pg.PlotWidget, dark: bool) -> None:
    """Background, axes and title of one plot in the light or dark look."""
    colors = DARK_PLOT if dark else LIGHT_PLOT
    plot.setBackground(colors["background"])
    item = plot.getPlotItem()
    for side in ("left", "bottom", "right", "top"):
        axis = item.getAxis(side)
        axis.setPen(colors["foreground"])
        axis.setTextPen(colors["foreground"])
    item.titleLabel.setAttr("color", colors["foreground"])
    item.titleLabel.setText(item.titleLabel.text)


class PixelAlignedAxis(pg.AxisItem):
    """An axis whose thickness is a whole number of pixels.

    pyqtgraph sizes an axis from its text (80 % of the label's height, say 53.6 pixels), so
    the plot area beside it starts and ends inside a pixel, and that pixel is blended by
    the clip. Whole pixels keep every edge sharp, and let a cached picture of the plot area
    (gui/widgets/cached_curve_layer.py) replay the very bytes a full redraw writes.
    """

    def _updateWidth(self):
        super()._updateWidth()
        self._round_up(self.minimumWidth(), self.setMinimumWidth, self.setMaximumWidth)

    def _updateHeight(self):
        super()._updateHeight()
        self._round_up(self.minimumHeight(), self.setMinimumHeight, self.setMaximumHeight)

    @staticmethod
    def _round_up(size: float, set_minimum, set_maximum) -> None:
        whole = math.ceil(size - 1e-6)
        set_maximum(whole)
        set_minimum(whole)


class PixelAlignedViewBox(pg.ViewBox):
    """A view box that clips its content to its own rectangle, not half a pixel beyond.

    pyqtgraph widens the view box by half a pixel on the right and bottom (room for a border
    these plots do not draw), which leaves a column and a row half covered: antialiased
    against the clip, and therefore rounded one way when drawn directly and another way when
    replayed from a cached picture.
    """

    def boundingRect(self):
        return pg.GraphicsWidget.boundingRect(self)


class EdgeLabelAxis(PixelAlignedAxis):
    """A horizontal axis that also labels ticks at its very ends.

    pyqtgraph draws a tick label only inside the axis' bounding rectangle, and with a grid
    that rectangle ends exactly at the plot's edges, so the labels of the interval's own ends
    (-6 and 6 on [-6, 6]) were dropped. The rectangle is widened by half a label.
    """

    EDGE_MARGIN = 30  # pixels a label may reach past either end

    def boundingRect(self):
        return super().boundingRect().adjusted(-self.EDGE_MARGIN, 0, self.EDGE_MARGIN, 0)


class DecadeLogAxis(PixelAlignedAxis):
    """A logarithmic axis that labels powers of ten only.

    Over less than about two decades pyqtgraph also labels 2 … 9 times each power, and near
    the top of a decade those labels run into each other ("0.0090.008"); their ticks and
    grid lines stay.
    """

    def logTickStrings(self, values, scale, spacing):
        strings = super().logTickStrings(values, scale, spacing)
        return [
            text if float(value).is_integer() else ""
            for value, text in zip(values, strings, strict=True)
        ]


def pen(widget: QWidget, color, width: float, **style) -> QPen:
    """A cosmetic pen ``width`` logical pixels wide on ``widget``'s screen.

    pyqtgraph's pens are cosmetic: their width is in device pixels, so a 2-pixel curve is a
    hairline at 200 % scaling. Multiplying by the device pixel ratio keeps it 2 logical
    pixels wide on every screen.
    """
    return pg.mkPen(color, width=width * widget.devicePixelRatioF(), **style)


def set_legend_text_color(legend: pg.LegendItem, color) -> None:
    """Colour a legend's labels, those it has now included.

    pyqtgraph's ``LegendItem.setLabelTextColor`` stores the colour for labels added later
    but leaves the existing ones as they were drawn: black on a dark plot.
    """
    legend.setLabelTextColor(color)
    for _sample, label in legend.items:
        label.setText(label.text, color=legend.opts["labelTextColor"])


def describe_plot(plot: pg.PlotWidget, name: str, description: str) -> None:
    """What a screen reader says of a plot: its name, and what it shows."""
    plot.setAccessibleName(name)
    plot.setAccessibleDescription(description)


def style_axes(plot: pg.PlotWidget, grid_x: bool = True, grid_y: bool = True) -> None:
    """Grid, two tick levels, cached axes that only widen, and no context menu or auto-range
    button.

    pyqtgraph draws the grid inside the axis items, whose shape covers the whole view, so a
    curve update replays every grid line unless the axes are cached as device pixmaps (Qt
    drops the cache whenever the axis itself changes: range, size, style). The third tick
    level adds clutter and grid lines, not information.
    """
    plot.showGrid(x=grid_x, y=grid_y, alpha=0.25)
    plot.setMenuEnabled(False)
    plot.getPlotItem().hideButtons()
    view = plot.getViewBox()
    view.sigResized.connect(_settle_view)
    view.sigRangeChanged.connect(_settle_view)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        # The text space of an axis grows when labels need it but never shrinks: a plot whose
        # labels get shorter (dragging α, the first paint itself) is not laid out and
        # painted again, and plots stacked in a column keep their axes in line.
        axis.setStyle(maxTickLevel=1, autoReduceTextSpace=False)
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def _settle_view(view: pg.ViewBox, *_signal_arguments) -> None:
    """Bring a view's auto-range and transform up to date when its size or range changes,
    not at its next paint.

    pyqtgraph applies them while painting; the new transform moves every item, which asks for
    another paint, so a resize or a linked axis's change (the window's first show included)
    drew the plot twice, the first time with a stale range.
    """
    view.updateAutoRange()
    view.updateMatrix()


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ ``value`` (0 for value ≤ 0)."""
    if not value > 0:
        return 0.0
    base = 10.0 ** np.floor(np.log10(value))
    for multiple in (1.0, 2.0, 2.5, 5.0, 10.0):
        if multiple * base >= value * (1 - 1e-12):
            return float(multiple * base)
    return float(10.0 * base)


def nice_bounds(low: float, high: float) -> tuple[float, float]:
    """``[low, high]`` widened outward to multiples of a round step (a tenth of the span).

    Axes built on such bounds stay put while the data moves a little, so their cached
    pictures survive a slider step.
    """
    span = high - low
    if not (math.isfinite(span) and span > 0):
        return low, high
    step = nice_ceiling(span / 10.0)
    return math.floor(low / step) * step, math.ceil(high / step) * step
