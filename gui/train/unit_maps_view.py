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
GAP = 3  # cells of background between two maps
UNIT_MAP = pg.colormap.get("CET-D1")  # diverging: negative blue, 0 white, positive red


class UnitMapsView(pg.GraphicsLayoutWidget):
    """``unitMaps``: the output of each hidden unit at every point of the data's plane.

    The colours of a layer share one symmetric scale, ±(the largest |output| in the layer),
    so a saturated tanh unit or a ReLU unit that is 0 everywhere (dead) stands out among
    its neighbours. All maps are tiles of one image: one item to paint per frame, where a
    view box per unit (48 for the Playground's largest network) cost 10 ms a frame.
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
        self.title = self.addLabel("", row=0, col=0, size="9pt")
        self.view = self.addViewBox(row=1, col=0, lockAspect=True, invertY=True)
        self.view.setMouseEnabled(x=False, y=False)
        self.view.setMenuEnabled(False)
        self.view.setDefaultPadding(0.02)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.view.addItem(self.image)
        self._lookup = UNIT_MAP.getLookupTable(nPts=256, alpha=False)
        self._row_labels: list[pg.TextItem] = []
        self._grid: np.ndarray | None = None
        self._shape: tuple[int, ...] = ()
        self._outputs: list[np.ndarray] = []  # per layer, (MAP_GRID², shown units)
        self.set_layers(())

    def set_layers(self, units: tuple[int, ...]) -> None:
        """One row of maps per hidden layer of ``units`` units (kept when unchanged)."""
        units = tuple(units)
        if units == self._shape and self._row_labels:
            return
        self._shape = units
        title = "Hidden units: output over the plane" if units else "No hidden units"
        if any(count > MAX_UNITS_SHOWN for count in units):
            title += f" (first {MAX_UNITS_SHOWN} per layer)"
        self.title.setText(title)
        for label in self._row_labels:
            self.view.removeItem(label)
        self._row_labels = []
        step = MAP_GRID + GAP
        for layer in range(len(units)):
            label = pg.TextItem(str(layer + 1), color=(110, 110, 110), anchor=(1.0, 0.5))
            label.setPos(-1.0, layer * step + MAP_GRID / 2)
            self.view.addItem(label)
            self._row_labels.append(label)
        self._outputs = []
        self.image.clear()

    def set_extent(self, extent: QRectF) -> None:
        """The part of the plane the maps cover (the boundary map's)."""
        x1 = np.linspace(extent.left(), extent.right(), MAP_GRID)
        x2 = np.linspace(extent.top(), extent.bottom(), MAP_GRID)
        grid_x1, grid_x2 = np.meshgrid(x1, x2)  # rows follow x2
        self._grid = np.column_stack([grid_x1.ravel(), grid_x2.ravel()])

    def show_network(self, network: training.Network) -> None:
        """Colour every map by its unit's output under ``network``'s current weights."""
        if self._grid is None or not self._shape:
            return
        with np.errstate(over="ignore", invalid="ignore"):
            outputs = network.hidden_outputs(self._grid)
        self._outputs = [layer[:, :MAX_UNITS_SHOWN] for layer in outputs]
        step = MAP_GRID + GAP
        rows, columns = len(self._outputs), max(layer.shape[1] for layer in self._outputs)
        mosaic = np.full((rows * step - GAP, columns * step - GAP, 3), 255, dtype=np.uint8)
        for layer, values in enumerate(self._outputs):
            values = np.nan_to_num(values, posinf=1e300, neginf=-1e300)
            scale = float(np.max(np.abs(values), initial=0.0)) or 1.0
            # 0..255 on the layer's symmetric scale, then through the diverging colours.
            index = np.clip(np.rint((values / scale + 1.0) * 127.5), 0, 255).astype(np.intp)
            colours = self._lookup[index]  # (MAP_GRID², units, 3)
            for unit in range(values.shape[1]):
                tile = colours[:, unit].reshape(MAP_GRID, MAP_GRID, 3)[::-1]  # x2 up
                top, left = layer * step, unit * step
                mosaic[top : top + MAP_GRID, left : left + MAP_GRID] = tile
        self.image.setImage(mosaic, autoLevels=False, levels=(0, 255))

    def unit_outputs(self, layer: int, unit: int) -> np.ndarray:
        """The values the map of ``unit`` in ``layer`` (0 first) shows, MAP_GRID x MAP_GRID
        with rows following x2 upwards."""
        return self._outputs[layer][:, unit].reshape(MAP_GRID, MAP_GRID)

    def shown_units(self) -> list[int]:
        """How many maps each layer's row holds."""
        return [layer.shape[1] for layer in self._outputs] or [
            min(count, MAX_UNITS_SHOWN) for count in self._shape
        ]
