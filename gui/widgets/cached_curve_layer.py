"""CachedCurveLayer: what lies under the one changing curve, drawn once and then reused.

Dragging α changes one curve, yet a plain pyqtgraph scene strokes every curve on every
repaint. Everything under the changing curve (the plot's background, shaded bands, reference
lines and every other curve) is handed to this item: the members keep their data, legend
entries and data bounds but no longer paint themselves (``ItemHasNoContents``); this item
paints them, in their stacking order, under Qt's device-coordinate cache. Qt then replays one
pixmap per repaint and paints the members again only when :meth:`refresh` (or a member's new
data, position or visibility) invalidates it, or when the view is zoomed, panned or resized.

The picture is opaque (it starts with the plot's background), so the pixels it replays are
the very bytes a full redraw would write: blending antialiased edges onto a transparent
layer and compositing that afterwards would round differently by a level or two.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsItem

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents

# Signals after which a member looks different (PlotDataItem's come from its inner curve).
_CHANGE_SIGNALS = ("sigPlotChanged", "sigRegionChanged", "sigPositionChanged", "visibleChanged")


def _painted_item(member: QGraphicsItem) -> QGraphicsItem:
    """The item that actually paints: a PlotDataItem draws through its inner curve."""
    return member.curve if isinstance(member, pg.PlotDataItem) else member


def _signal_sources(member: QGraphicsItem) -> list:
    sources = [member, _painted_item(member)]
    return [
        getattr(source, name)
        for source in dict.fromkeys(sources)
        for name in _CHANGE_SIGNALS
        if hasattr(source, name)
    ]


class CachedCurveLayer(pg.GraphicsObject):
    """One cached, opaque picture of a plot's background and several of its items.

    Add it to the plot whose items it paints, below the items it does not paint. Members are
    painted in the order given, which must be their stacking order.

    Parameters
    ----------
    background : callable
        Returns the brush the plot's background is painted with (read at every paint, so
        a theme change needs only :meth:`refresh`).
    """

    def __init__(self, background):
        super().__init__()
        self._background = background
        self._members: list[QGraphicsItem] = []
        self.paint_count = 0  # full paints of the picture, for tests and benchmarks
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def members(self) -> list[QGraphicsItem]:
        """The items this layer paints, in painting order."""
        return list(self._members)

    def set_members(self, items) -> None:
        """Paint ``items`` (in this order) from now on; former members paint themselves."""
        items = list(items)
        if items == self._members:
            return
        for item in self._members:
            if item not in items:
                self._release(item)
        for item in items:
            if item not in self._members:
                _painted_item(item).setFlag(_NO_CONTENTS, True)
                for signal in _signal_sources(item):
                    signal.connect(self.refresh)
        self._members = items
        self.refresh()

    def refresh(self, *_args) -> None:
        """Paint the picture again at the next repaint (a member's look changed)."""
        self.update()

    def _release(self, item: QGraphicsItem) -> None:
        for signal in _signal_sources(item):
            signal.disconnect(self.refresh)
        painted = _painted_item(item)
        painted.setFlag(_NO_CONTENTS, False)
        painted.update()

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        if view is None:
            return QRectF()
        return self.mapRectFromView(view.viewRect())

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    def paint(self, painter, option, widget=None) -> None:
        self.paint_count += 1
        painter.fillRect(self.boundingRect(), QBrush(self._background()))
        for member in self._members:
            item = _painted_item(member)
            if not (member.isVisible() and item.isVisible()):
                continue
            # Qt asks an item for its bounds before it paints it, and some items compute
            # what they draw there (an InfiniteLine its end points, from the view).
            item.boundingRect()
            painter.save()
            painter.setTransform(item.itemTransform(self)[0], True)
            item.paint(painter, option, widget)
            painter.restore()
