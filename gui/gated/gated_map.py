"""GatedMap: f(a, b) of the chosen gated unit, or |∇f|, as a heat map over the (a, b) plane."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from core import gated
from gui.gated.gated_model import GatedModel
from gui.widgets.plot_style import describe_plot, style_axes

EXTENT = 4.0  # a and b run over [-EXTENT, EXTENT]
POINTS = 201  # per axis: a grid line through 0 and every multiple of 0.04
DIVERGING = "CET-D1"  # blue-white-red, white exactly at 0
SEQUENTIAL = "CET-L17"  # light to dark, for a magnitude
LEVEL_FLOOR = 1e-300  # pyqtgraph scales colours by 255/(high - low)


def grid() -> np.ndarray:
    """The sample points along a and along b."""
    return np.linspace(-EXTENT, EXTENT, POINTS)


class GatedMap(QWidget):
    """One heat map over a (x axis) and b (y axis).

    ``kind="value"`` (``gatedMap``): f(a, b), colours symmetric about 0 (white), with the zero
    contour drawn. ``kind="gradient"`` (``gatedGradientMap``): |∇f| = √((∂f/∂a)² + (∂f/∂b)²),
    light where the unit passes little gradient back to either input.
    """

    def __init__(self, model: GatedModel, kind: str = "value", parent: QWidget | None = None):
        super().__init__(parent)
        if kind not in ("value", "gradient"):
            raise ValueError(f"kind must be 'value' or 'gradient', got {kind!r}")
        self._model, self._kind = model, kind
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("gatedMap" if kind == "value" else "gatedGradientMap")
        style_axes(self.plot, grid_x=False, grid_y=False)
        self.plot.setLabel("bottom", "a (gate input, xW)")
        self.plot.setLabel("left", "b (value input, xV)")
        self.plot.setAspectLocked(True)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMinimumSize(240, 200)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.color_bar = pg.ColorBarItem(
            colorMap=pg.colormap.get(DIVERGING if kind == "value" else SEQUENTIAL),
            interactive=False,
            width=14,
            colorMapMenu=False,
        )
        self.color_bar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        self.zero_contour = pg.IsocurveItem(level=0.0, pen=pg.mkPen((40, 40, 40), width=1.5))
        self.zero_contour.setParentItem(self.image)
        self.zero_contour.setVisible(kind == "value")
        if kind == "value":
            describe_plot(
                self.plot,
                "Gated unit f(a, b)",
                "A heat map of f(a, b) = g(a)·b over the plane of the two inputs: red positive, "
                "blue negative, white and the black contour where f is 0.",
            )
        else:
            describe_plot(
                self.plot,
                "Gradient magnitude |∇f|",
                "A heat map of the length of f's gradient over the plane of the two inputs: "
                "dark where a small change of either input moves the output a lot.",
            )
        self.plot.setRange(
            xRange=(-EXTENT, EXTENT), yRange=(-EXTENT, EXTENT), padding=0.0, disableAutoRange=True
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self._values = np.zeros((POINTS, POINTS))
        self._render()
        model.gate_changed.connect(self._on_gate_changed)

    def values(self) -> np.ndarray:
        """The drawn grid: row i is b = grid()[i], column j is a = grid()[j]."""
        return self._values

    def _render(self) -> None:
        model = self._model
        a, b = np.meshgrid(grid(), grid())
        unit = gated.unit(model.unit)
        if self._kind == "value":
            self._values = gated.value(model.unit, a, b, **model.params())
            extent = max(float(np.max(np.abs(self._values))), LEVEL_FLOOR)
            levels = (-extent, extent)
            self.plot.setTitle(f"{unit.name}: f(a, b) = g(a)·b", size="10pt")
        else:
            d_a, d_b = gated.gradient(model.unit, a, b, **model.params())
            self._values = np.hypot(d_a, d_b)
            levels = (0.0, max(float(np.max(self._values)), LEVEL_FLOOR))
            self.plot.setTitle(f"{unit.name}: |∇f|", size="10pt")
        step = 2.0 * EXTENT / (POINTS - 1)
        self.image.setImage(self._values, autoLevels=False)
        self.image.setRect(
            -EXTENT - step / 2, -EXTENT - step / 2, 2 * EXTENT + step, 2 * EXTENT + step
        )
        self.color_bar.setLevels(low=levels[0], high=levels[1])
        if self._kind == "value":
            self.zero_contour.setData(self._values.T)

    def _on_gate_changed(self) -> None:
        self._render()
