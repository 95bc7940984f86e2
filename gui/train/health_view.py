"""HealthView: what the function cards warn about, measured while the network trains: dead
units per hidden layer and the gradient's size per layer."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.train.boundary_view import (
    add_learning_curve,
    epoch_axis,
    fit_epochs,
    fit_log_values,
    log_value_axis,
    show_curve,
)
from gui.widgets.plot_style import EdgeLabelAxis, describe_plot, pen, style_axes


def layer_colour(index: int, layers: int):
    """One hue per layer, from the input side (blue) to the output side (red)."""
    return pg.intColor(index, hues=max(layers, 2), minHue=0, maxHue=240, values=1)


class HealthView(QWidget):
    """``deadUnitsPlot`` (fraction of units with f' = 0 on every training point, per hidden
    layer) above ``gradientPlot`` (RMS of each layer's weight gradient, log axis)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.dead_plot = pg.PlotWidget(self, axisItems={"bottom": EdgeLabelAxis("bottom")})
        # Room for the last epoch's label at the right edge of the window.
        self.dead_plot.getPlotItem().setContentsMargins(0, 0, EdgeLabelAxis.EDGE_MARGIN // 2, 0)
        self.dead_plot.setObjectName("deadUnitsPlot")
        describe_plot(
            self.dead_plot,
            "Dead units per layer",
            "For each hidden layer, the share of its units whose derivative is exactly zero "
            "at every training point, after each epoch.",
        )
        self.dead_plot.setLabel("left", "dead units")
        self.dead_plot.setYRange(0.0, 1.0, padding=0.02)
        style_axes(self.dead_plot)
        self.dead_legend = self.dead_plot.addLegend(offset=(10, 10), labelTextSize="9pt")
        self.gradient_plot = pg.PlotWidget(self, axisItems={"bottom": EdgeLabelAxis("bottom")})
        # Room for the last epoch's label at the right edge of the window.
        self.gradient_plot.getPlotItem().setContentsMargins(0, 0, EdgeLabelAxis.EDGE_MARGIN // 2, 0)
        self.gradient_plot.setObjectName("gradientPlot")
        describe_plot(
            self.gradient_plot,
            "Gradient size per layer",
            "Root-mean-square of each layer's full-batch weight gradient after each epoch, "
            "logarithmic axis.",
        )
        log_value_axis(self.gradient_plot, "gradient RMS, log scale")
        self.gradient_plot.setLabel("bottom", "epoch")
        self.gradient_plot.setXLink(self.dead_plot)
        epoch_axis(self.dead_plot)
        epoch_axis(self.gradient_plot)
        style_axes(self.gradient_plot)
        self.gradient_legend = self.gradient_plot.addLegend(offset=(10, 10), labelTextSize="9pt")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.dead_plot, 1)
        layout.addWidget(self.gradient_plot, 1)
        self.dead_curves: list[pg.PlotDataItem] = []
        self.gradient_curves: list[pg.PlotDataItem] = []

    def set_layers(self, hidden_layers: int, name: str) -> None:
        """One dead-units curve per hidden layer and one gradient curve per weight layer
        (the output layer included) of a network of activation ``name``; curves are kept
        when the count is unchanged."""
        units = f"{name} units" if name else "units"
        self.dead_plot.setTitle(f"Dead {units} (f′ = 0 on every point)", size="10pt")
        self._name = name
        self._zero_layers: list[str] = []
        self._show_gradient_title()
        if len(self.dead_curves) == hidden_layers and len(self.gradient_curves) == (
            hidden_layers + 1
        ):
            return
        for plot, legend, curves in (
            (self.dead_plot, self.dead_legend, self.dead_curves),
            (self.gradient_plot, self.gradient_legend, self.gradient_curves),
        ):
            for curve in curves:
                plot.removeItem(curve)
                legend.removeItem(curve)
            curves.clear()
        for index in range(hidden_layers):
            curve = add_learning_curve(self.dead_plot, f"layer {index + 1}")
            curve.setPen(pen(self, layer_colour(index, hidden_layers + 1), 2))
            self.dead_curves.append(curve)
        for index in range(hidden_layers + 1):
            name = "output" if index == hidden_layers else f"layer {index + 1}"
            curve = add_learning_curve(self.gradient_plot, name)
            curve.setPen(pen(self, layer_colour(index, hidden_layers + 1), 2))
            self.gradient_curves.append(curve)

    def show_dead_history(self, epochs, dead: np.ndarray) -> None:
        """The dead-unit plot, one column of ``dead`` per hidden layer. The tab draws the
        two plots in different frames: each strokes a curve per layer."""
        fit_epochs(self.dead_plot, epochs)  # the gradient plot is linked to it
        for index, curve in enumerate(self.dead_curves):
            show_curve(curve, epochs, dead[:, index])

    def show_gradient_history(self, epochs, gradient_rms: np.ndarray) -> None:
        """The gradient plot, one column of ``gradient_rms`` per weight layer."""
        fit_epochs(self.dead_plot, epochs)
        fit_log_values(self.gradient_plot, gradient_rms)
        zero_layers = []
        for index, curve in enumerate(self.gradient_curves):
            # A gradient of exactly 0 (every unit dead) has no logarithm: the curve stops,
            # and the title says so, since a missing curve explains nothing by itself.
            values = gradient_rms[:, index]
            show_curve(curve, epochs, np.where(values > 0, values, np.nan), connect="finite")
            if len(epochs) and values[-1] == 0.0:
                zero_layers.append(curve.name())
        if zero_layers != self._zero_layers:
            self._zero_layers = zero_layers
            self._show_gradient_title()

    def _show_gradient_title(self) -> None:
        of = f", {self._name}" if self._name else ""
        title = f"Gradient RMS per layer{of}"
        if self._zero_layers:
            # Short enough for the column: which ones, the legend and the missing curves say.
            count, total = len(self._zero_layers), len(self.gradient_curves)
            title = f"Gradient RMS{of}: exactly 0 in {count} of {total} layers"
        self.gradient_plot.setTitle(title, size="10pt")
