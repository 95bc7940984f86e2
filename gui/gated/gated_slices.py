"""GatedSlices (``gatedSlices``): f(a, b) against a at a few fixed b, beside the plain gate."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from core import activations, gated
from gui.gated.gated_map import EXTENT
from gui.gated.gated_model import GatedModel
from gui.widgets.palette import class_color
from gui.widgets.plot_style import (
    DARK_PLOT,
    LIGHT_PLOT,
    describe_plot,
    pen,
    set_legend_text_color,
    style_axes,
)

# b = 1 is the plain gate itself, drawn dashed; the others show how b scales and flips it.
SLICE_VALUES = (-1.0, 0.5, 2.0)
SAMPLES = 801


class GatedSlices(QWidget):
    """Curves of f(a, b) = g(a)·b over a at b ∈ {-1, 0.5, 2}, and g(a) itself dashed."""

    def __init__(self, model: GatedModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("gatedSlices")
        describe_plot(
            self.plot,
            "Slices of the gated unit",
            "f(a, b) against the gate input a at three fixed values of b, and the plain "
            "activation g(a) (b = 1) dashed.",
        )
        style_axes(self.plot)
        self.plot.setLabel("bottom", "a (gate input)")
        self.plot.setLabel("left", "f(a, b)")
        self.plot.setMinimumSize(240, 160)
        self.legend = self.plot.addLegend(offset=(8, 8), labelTextSize="9pt")
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 200))
        self.a = np.linspace(-EXTENT, EXTENT, SAMPLES)
        self.slices: dict[float, pg.PlotDataItem] = {}
        for index, b in enumerate(SLICE_VALUES):
            self.slices[b] = self.plot.plot(name=f"b = {b:g}", pen=pen(self, class_color(index), 2))
        self.gate_curve = self.plot.plot(name="g(a), b = 1")
        self.set_dark(False)
        self.gate_curve.setZValue(5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self._render()
        model.gate_changed.connect(self._on_gate_changed)

    def set_dark(self, dark: bool) -> None:
        """Legend and the dashed gate in colours that read on a dark (True) or light plot."""
        grey = (200, 200, 200) if dark else (60, 60, 60)
        self.gate_curve.setPen(pen(self, grey, 2, style=Qt.PenStyle.DashLine))
        self.legend.setBrush(
            pg.mkBrush(30, 30, 30, 200) if dark else pg.mkBrush(255, 255, 255, 200)
        )
        set_legend_text_color(self.legend, (DARK_PLOT if dark else LIGHT_PLOT)["foreground"])

    def _render(self) -> None:
        model = self._model
        unit = gated.unit(model.unit)
        for b, curve in self.slices.items():
            curve.setData(self.a, gated.value(model.unit, self.a, b, **model.params()))
        gate = activations.get(unit.gate)
        self.gate_curve.setData(self.a, gate.value(self.a, **model.params()))
        self.plot.setTitle(f"{unit.name}: slices at fixed b (gate {gate.name})", size="10pt")

    def _on_gate_changed(self) -> None:
        self._render()
