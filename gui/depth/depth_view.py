"""DepthView: gradient and activation RMS per layer (log axis) over a heat map of activations."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from core import activations
from core.depth import gradient_flow
from gui.background import BackgroundJob
from gui.depth.depth_model import DepthModel
from gui.models import FunctionsModel
from gui.widgets.busy_bar import BusyBar
from gui.widgets.palette import color
from gui.widgets.plot_style import describe_plot, pen, style_axes
from gui.widgets.refresh_when_shown import RefreshWhenShown


def run_flows(keys, params, depth, width, init, seed, should_stop=None) -> dict:
    """gradient_flow for each key with the same weights, inputs and top gradient.

    ``should_stop`` is passed on: a run that a newer request replaced stops after its
    current layer instead of finishing every function.
    """
    gain = init if init in ("xavier", "he") else float(init)
    return {
        key: gradient_flow(
            activations.get(key), depth, width, gain, seed, should_stop=should_stop, **params[key]
        )
        for key in keys
    }


class DepthView(RefreshWhenShown, QWidget):
    """``depthPlot`` (RMS per layer, log axis) above ``depthHeatmap`` (activation histograms).

    Every run goes to a background thread, so depth 100 at width 1024 (seconds of matrix
    products) never freezes the window; a busy bar shows while it works and only the latest
    request's result is drawn.
    """

    def __init__(self, functions: FunctionsModel, model: DepthModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._functions, self._model = functions, model
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("depthPlot")
        describe_plot(
            self.plot,
            "Gradient and activation size per layer",
            "Root-mean-square of the gradient (solid) and of the activations (dashed) at "
            "every layer of the stack, on a logarithmic axis.",
        )
        self.plot.setLogMode(x=False, y=True)
        self.plot.setLabel("bottom", "layer (0 = input)")
        self.plot.setLabel("left", "RMS, log scale")
        style_axes(self.plot)
        # Bottom right: gradients rise towards the top layer, so that corner stays empty.
        self.legend = self.plot.addLegend(offset=(-10, -10), labelTextSize="10pt")
        self.heatmap = pg.PlotWidget(self)
        self.heatmap.setObjectName("depthHeatmap")
        describe_plot(
            self.heatmap,
            "Activations per layer",
            "A heat map: for each layer (rows), how the focused function's activations "
            "spread over their values (columns).",
        )
        self.heatmap.setLabel("bottom", "activation value h")
        self.heatmap.setLabel("left", "layer")
        style_axes(self.heatmap, grid_x=False, grid_y=False)
        self.heatmap.setTitle("Where each layer's activations fall (focused function)", size="10pt")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.heatmap.addItem(self.image)
        self.job = BackgroundJob(self)
        self.busy = BusyBar(
            self.job, "depthBusy", "Computing the forward and backward passes", self
        )
        self.status = QLabel(self)
        self.status.setObjectName("depthStatus")
        self.status.setWordWrap(True)
        # Two lines, fixed: a label that changes height relays out (and repaints) the plots.
        self.status.setFixedHeight(2 * self.status.fontMetrics().lineSpacing() + 4)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.plot)
        splitter.addWidget(self.heatmap)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.busy)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self._curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.flows: dict = {}
        self.job.finished.connect(self._show)
        self.job.failed.connect(lambda message: self.status.setText(f"The run failed: {message}"))
        for signal in (
            functions.focused_changed,
            functions.params_changed,
            model.depth_changed,
            model.width_changed,
            model.init_changed,
            model.depth_seed_changed,
            functions.compare_shown_changed,
            functions.shown_changed,
            functions.registry_changed,  # the focused function may have a new formula
        ):
            signal.connect(self._on_inputs_changed)

    def refresh(self) -> None:
        functions, model = self._functions, self._model
        keys = self._functions.compared_keys()
        self.job.submit_stoppable(
            run_flows,
            keys,
            {key: functions.params(key) for key in keys},
            model.depth,
            model.width,
            model.init,
            model.depth_seed,
        )

    def curve(self, key: str, kind: str) -> pg.PlotDataItem:
        """The 'gradient' or 'activation' RMS curve of ``key``."""
        return self._curves[(key, kind)]

    def _curve(self, key: str, kind: str) -> pg.PlotDataItem:
        curve = self._curves.get((key, kind))
        if curve is None:
            curve = pg.PlotDataItem(symbol="o", symbolSize=4)
            self._curves[(key, kind)] = curve
            self.plot.addItem(curve)
        return curve

    def _show(self, flows: dict) -> None:
        if not set(flows) <= set(activations.keys()):
            return  # a run of a function of the user's deleted since: a newer run comes
        self.flows = flows
        # The run's own focus comes first; the state's may have moved on while it ran.
        focused = next(iter(flows))
        wanted = {(key, kind) for key in flows for kind in ("gradient", "activation")}
        for pair in [pair for pair in self._curves if pair not in wanted]:
            self.plot.removeItem(self._curves.pop(pair))
        self.legend.clear()
        for key, flow in flows.items():
            layers = np.arange(flow.depth + 1)
            tint = color(key)
            name = activations.get(key).name
            for kind, values, style in (
                ("gradient", flow.gradient_rms, Qt.PenStyle.SolidLine),
                ("activation", flow.activation_rms, Qt.PenStyle.DashLine),
            ):
                curve = self._curve(key, kind)
                width = 2.5 if key == focused else 1.5
                curve.setPen(pen(self, tint, width, style=style))
                curve.setSymbolBrush(tint)
                curve.setSymbolPen(tint)
                # A gradient that underflowed to 0 has no place on a log axis: draw to 1e-300.
                curve.setData(layers, np.maximum(values, 1e-300))
                self.legend.addItem(curve, f"{name}: {kind} RMS")
        flow = flows[focused]
        edges = flow.histogram_edges
        self.image.setImage(flow.activation_histograms, autoLevels=True)
        self.image.setRect(edges[0], -0.5, edges[-1] - edges[0], flow.depth + 1)
        self.heatmap.getPlotItem().setRange(
            xRange=(edges[0], edges[-1]), yRange=(-0.5, flow.depth + 0.5), padding=0
        )
        collapse = flow.gradient_rms[0] / flow.gradient_rms[-1]
        self.status.setText(
            f"{activations.get(focused).name}, {flow.depth} layers of width {flow.width}, "
            f"gain {flow.gain:.3g}: the gradient at the input is {collapse:.3g} times the one "
            f"at the top; activations end with RMS {flow.activation_rms[-1]:.3g}; "
            f"{flow.outside_fraction.mean():.1%} of all layers' values lie beyond the heat map."
        )
        self.plot.getPlotItem().enableAutoRange()
