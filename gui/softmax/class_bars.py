"""ClassBars: a bar item that draws a thousand coloured bars in one call per colour.

pyqtgraph's BarGraphItem draws bars of one brush with a single ``drawRects`` call, but bars
with a brush each one ``fillRect`` at a time into a QPicture that is then replayed: at
K = 1,000 classes that was the largest cost of a logit edit. Classes cycle through a short
palette, so the bars are grouped by colour and each group is drawn with one call. A bar
narrower than a pixel is drawn a pixel wide: at K = 1,000 on a 400-pixel chart a bar of
0.8 classes is a third of a pixel, and antialiasing all but erased it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import internals
from PySide6.QtCore import QRectF, Qt


class ClassBars(pg.BarGraphItem):
    """A :class:`pyqtgraph.BarGraphItem` (same options, bounds and data) that paints bars
    without an outline grouped by brush colour. Bars with an outline pen are drawn by
    pyqtgraph as before."""

    def __init__(self, **opts):
        self._groups: list[tuple] = []
        self._grouped_brushes: tuple = ()
        self._colour_members: list[tuple] = []
        super().__init__(**opts)

    def setOpts(self, **opts):
        super().setOpts(**opts)
        self._groups = []

    def viewTransformChanged(self):
        super().viewTransformChanged()
        self._groups = []  # the one-pixel minimum width is in data units

    def _grouped(self) -> bool:
        brushes = self.opts.get("brushes")
        outline = pg.mkPen(self.opts.get("pen", None))
        return brushes is not None and outline.style() == Qt.PenStyle.NoPen

    def _colour_groups(self) -> list[tuple]:
        """(brush, rectangles of its bars) per colour, rebuilt after new options."""
        if self._groups:
            return self._groups
        brushes = self.opts["brushes"]
        x = np.asarray(self.opts["x"], dtype=np.float64)
        height = np.broadcast_to(np.asarray(self.opts["height"], dtype=np.float64), x.shape)
        width = max(float(self.opts["width"]), self.pixelWidth())
        identities = tuple(map(id, brushes))
        if identities != self._grouped_brushes:
            colours = np.array([pg.mkBrush(brush).color().rgba() for brush in brushes])
            self._colour_members = [
                (pg.mkBrush(brushes[int(np.flatnonzero(colours == colour)[0])]), members)
                for colour in np.unique(colours)
                for members in [np.flatnonzero(colours == colour)]
            ]
            self._grouped_brushes = identities
        for brush, members in self._colour_members:
            rectangles = internals.PrimitiveArray(QRectF, 4)
            rectangles.resize(members.size)
            memory = rectangles.ndarray()
            memory[:, 0] = x[members] - width / 2
            memory[:, 1] = np.minimum(height[members], 0.0)
            memory[:, 2] = width
            memory[:, 3] = np.abs(height[members])
            self._groups.append((brush, rectangles))
        return self._groups

    def paint(self, painter, *args):
        if not self._grouped() or len(self.opts.get("brushes") or ()) != np.size(self.opts["x"]):
            super().paint(painter, *args)
            return
        painter.setPen(pg.mkPen(None))
        for brush, rectangles in self._colour_groups():
            painter.setBrush(brush)
            painter.drawRects(*rectangles.drawargs())
