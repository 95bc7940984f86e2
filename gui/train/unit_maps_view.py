"""UnitMapsView: every hidden unit's output over the plane, a small map each, a row per
layer (as TensorFlow Playground draws its neurons)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QWidget

from core import training
from gui.widgets.plot_style import describe_plot

MAP_GRID = 32  # each unit's map has MAP_GRID x MAP_GRID cells: 1,024 points per frame
MAX_UNITS_SHOWN = 8  # per layer; wider layers show their first eight and say so
UNIT_MAP = pg.colormap.get("CET-D1")  # diverging: negative blue, 0 white, positive red


class UnitMapsView(pg.GraphicsLayoutWidget):
    """``unitMaps``: the output of each hidden unit at every point of the data's plane.

    The colours of a layer share one symmetric scale, ±(the largest |output| in the layer),
    so a saturated tanh unit or a ReLU unit that is 0 everywhere (dead) stands out among
    its neighbours.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unitMaps")
        describe_plot(
            self,
            "Hidden unit outputs",
            "One small map per hidden unit, a row per layer: the unit's output over the "
            "plane, blue negative, white zero, red positive, on one scale per layer.",
        )
        self.ci.setContentsMargins(2, 2, 2, 2)
        self.ci.setSpacing(2)
        self._lookup = UNIT_MAP.getLookupTable(nPts=256, alpha=False)
        self.images: list[list[pg.ImageItem]] = []  # [layer][unit]
        self._labels: list[pg.LabelItem] = []
        self._grid: np.ndarray | None = None
        self._extent = QRectF()
        self._shape: tuple[int, ...] = ()

    def set_layers(self, units: tuple[int, ...]) -> None:
        """One row of maps per hidden layer of ``units`` units (kept when unchanged)."""
        if units == self._shape:
            return
        self._shape = units
        self.clear()
        self.images, self._labels = [], []
        columns = min(max(units, default=1), MAX_UNITS_SHOWN)
        title = "Hidden units: output over the plane"
        if any(count > MAX_UNITS_SHOWN for count in units):
            title += f" (first {MAX_UNITS_SHOWN} per layer)"
        self.addLabel(title, row=0, col=0, colspan=columns + 1, size="9pt")
        for layer, count in enumerate(units):
            label = self.addLabel(f"{layer + 1}", row=layer + 1, col=0, size="8pt")
            self._labels.append(label)
            row = []
            for unit in range(min(count, MAX_UNITS_SHOWN)):
                view = self.addViewBox(row=layer + 1, col=unit + 1, lockAspect=True)
                view.setDefaultPadding(0.0)
                view.setMouseEnabled(x=False, y=False)
                view.setMenuEnabled(False)
                image = pg.ImageItem(axisOrder="row-major")
                image.setLookupTable(self._lookup)
                view.addItem(image)
                row.append(image)
            self.images.append(row)
        if self._grid is not None:
            self._place_images()

    def set_extent(self, extent: QRectF) -> None:
        """The part of the plane the maps cover (the boundary map's)."""
        self._extent = QRectF(extent)
        x1 = np.linspace(extent.left(), extent.right(), MAP_GRID)
        x2 = np.linspace(extent.top(), extent.bottom(), MAP_GRID)
        grid_x1, grid_x2 = np.meshgrid(x1, x2)  # rows follow x2, as the images' rows
        self._grid = np.column_stack([grid_x1.ravel(), grid_x2.ravel()])
        self._place_images()

    def _place_images(self) -> None:
        for row in self.images:
            for image in row:
                image.setRect(self._extent)  # the view box fits it (auto range)

    def show_network(self, network: training.Network) -> None:
        """Colour every map by its unit's output under ``network``'s current weights."""
        if self._grid is None or not self.images:
            return
        with np.errstate(over="ignore", invalid="ignore"):
            outputs = network.hidden_outputs(self._grid)
        for row, layer_outputs in zip(self.images, outputs, strict=False):
            layer_outputs = np.nan_to_num(layer_outputs, posinf=1e300, neginf=-1e300)
            scale = float(np.max(np.abs(layer_outputs), initial=0.0)) or 1.0
            for unit, image in enumerate(row):
                values = layer_outputs[:, unit].reshape(MAP_GRID, MAP_GRID)
                image.setImage(values, autoLevels=False, levels=(-scale, scale))

    def unit_outputs(self, layer: int, unit: int) -> np.ndarray:
        """The values the map of ``unit`` in ``layer`` (0 first) shows, MAP_GRID x MAP_GRID."""
        return self.images[layer][unit].image
