"""CurvePlots: f(x) above f'(x) for every shown function, with crosshair and saturation shading."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QGraphicsItem,
    QLabel,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import activations
from core.properties import SATURATION_FRACTION, derivative_magnitude_peak, true_runs
from gui.background import BackgroundJob
from gui.models import X_LIMIT, FunctionsModel
from gui.widgets.busy_bar import BusyBar
from gui.widgets.cached_curve_layer import CachedCurveLayer
from gui.widgets.palette import color
from gui.widgets.plot_style import (
    DARK_PLOT,
    LIGHT_PLOT,
    EdgeLabelAxis,
    PixelAlignedAxis,
    PixelAlignedViewBox,
    describe_plot,
    pen,
    set_legend_text_color,
    style_axes,
    style_plot,
)
from gui.widgets.thinned_curve import ThinnedCurve

LINE_WIDTH = 2.0
FOCUSED_LINE_WIDTH = 3.5
# Above this many samples only the part of a curve inside the view is drawn (and
# ThinnedCurve keeps four samples per pixel column of it).
REDUCE_ABOVE = 20_000
# Recomputing more points than this (samples × curves) is done off the GUI thread: 38
# functions at 2,001 samples stay synchronous (an α drag must be immediate), a million
# samples would freeze the window for seconds.
SYNCHRONOUS_POINTS = 400_000
# The saturation shading is found on at most this many samples: finer than any screen.
SHADING_SAMPLES = 20_001
# A pan or zoom resamples the curves once the view has been still this long.
VIEW_SETTLE_MS = 150
SHADE_BRUSH = (150, 150, 150, 45)


def _make_plot(name: str, left_label: str, parent: QWidget) -> pg.PlotWidget:
    # The plotted interval's ends are ticks at the very edges of the x axis.
    plot = pg.PlotWidget(
        parent=parent,
        axisItems={"left": PixelAlignedAxis("left"), "bottom": EdgeLabelAxis("bottom")},
        viewBox=PixelAlignedViewBox(),
    )
    plot.setObjectName(name)  # PlotWidget(objectName=...) does not set the Qt object name
    # Room on the right for the last label, which is centred on the right edge.
    plot.getPlotItem().setContentsMargins(0, 0, EdgeLabelAxis.EDGE_MARGIN // 2, 0)
    style_axes(plot)
    plot.setLabel("left", left_label)
    plot.setLabel("bottom", "x")
    plot.setMinimumHeight(120)
    return plot


class CurvePlots(QWidget):
    """Two linked plots (f above f') with one legend, a crosshair readout and shading.

    Curves are created once per function and updated with ``setData``; a parameter change
    recomputes only the function it belongs to.
    """

    def __init__(self, functions: FunctionsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._functions = functions
        self._dark = False
        self.activation_plot = _make_plot("activationPlot", "f(x)", self)
        self.derivative_plot = _make_plot("derivativePlot", "f'(x)", self)
        describe_plot(
            self.activation_plot,
            "Activation functions f(x)",
            "One curve per ticked function over the x range, the focused one thicker; grey "
            "bands mark where the focused function saturates.",
        )
        describe_plot(
            self.derivative_plot,
            "Derivatives f'(x)",
            "The slope of every ticked function over the same x range as the plot above.",
        )
        self.derivative_plot.setXLink(self.activation_plot)
        self.legend = self.activation_plot.addLegend(offset=(8, 8), labelTextSize="10pt")
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 200))
        self.legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

        self._curves: dict[str, pg.PlotDataItem] = {}
        self._derivative_curves: dict[str, pg.PlotDataItem] = {}
        # Everything under the focused curve (the one a drag changes) is painted from a cache.
        self._layers: dict[pg.PlotWidget, CachedCurveLayer] = {}
        for plot in (self.activation_plot, self.derivative_plot):
            layer = CachedCurveLayer(plot.backgroundBrush)
            layer.setZValue(-100)
            plot.addItem(layer, ignoreBounds=True)
            self._layers[plot] = layer
        self._reference_lines: list[tuple[pg.PlotWidget, pg.InfiniteLine, float]] = []
        reference_pen = pen(self, (120, 120, 120), 1, style=Qt.PenStyle.DashLine)
        for plot in (self.activation_plot, self.derivative_plot):
            for level in (0.0, 1.0, -1.0):
                line = pg.InfiniteLine(pos=level, angle=0, pen=reference_pen, movable=False)
                line.setZValue(-20)
                plot.addItem(line, ignoreBounds=True)
                self._reference_lines.append((plot, line, level))
        self._shades: dict[pg.PlotWidget, list[pg.LinearRegionItem]] = {
            self.activation_plot: [],
            self.derivative_plot: [],
        }
        self._crosshairs = []
        for plot in (self.activation_plot, self.derivative_plot):
            crosshair = pg.InfiniteLine(angle=90, movable=False, pen=pen(self, (90, 90, 90), 1))
            crosshair.setVisible(False)
            crosshair.setZValue(50)
            plot.addItem(crosshair, ignoreBounds=True)
            self._crosshairs.append(crosshair)
            plot.scene().sigMouseMoved.connect(
                lambda position, plot=plot: self._on_mouse_moved(plot, position)
            )
        self._crosshair_x: float | None = None

        self.readout = QLabel(self)
        self.readout.setObjectName("crosshairReadout")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.readout.setToolTip("Values under the mouse pointer for every shown function")
        self._set_idle_readout()

        self.job = BackgroundJob(self)
        self.job.finished.connect(self._on_curves_computed)
        self.busy = BusyBar(self.job, "curvesBusy", "Computing the curves off the GUI thread", self)
        self._stale: set[str] = set()  # curves whose data an off-thread run will replace

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("plotSplitter")
        splitter.addWidget(self.activation_plot)
        splitter.addWidget(self.derivative_plot)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.busy)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.readout)

        self._view_timer = QTimer(self)
        self._view_timer.setSingleShot(True)
        self._view_timer.setInterval(VIEW_SETTLE_MS)
        self._view_timer.timeout.connect(self._on_view_settled)
        self._applying_range = False

        for key in functions.shown:
            self._add_curves(key)
        self._update_curves(functions.shown)
        self._update_layers()
        self._apply_reduction()
        self._apply_log_mode(functions.log_derivative)
        self._apply_x_range()
        self._update_shading()

        functions.shown_changed.connect(self._on_shown_changed)
        functions.focused_changed.connect(self._on_focused_changed)
        functions.params_changed.connect(self._on_params_changed)
        functions.x_range_changed.connect(self._on_x_range_changed)
        functions.sample_count_changed.connect(self._on_sample_count_changed)
        functions.saturation_shading_changed.connect(self._on_saturation_shading_changed)
        functions.log_derivative_changed.connect(self._on_log_derivative_changed)
        functions.registry_changed.connect(self._on_registry_changed)
        self.activation_plot.getPlotItem().vb.sigXRangeChanged.connect(self._on_view_moved)

    # ---- public ----------------------------------------------------------------------------

    def wait_idle(self, timeout_s: float = 60.0) -> bool:
        """Process events until off-thread curve data has landed (pictures, exports, tests)."""
        return self.job.wait(timeout_s)

    def curve(self, key: str) -> pg.PlotDataItem:
        """The f(x) curve of a shown function."""
        return self._curves[key]

    def derivative_curve(self, key: str) -> pg.PlotDataItem:
        """The f'(x) curve of a shown function (|f'| when the log toggle is on)."""
        return self._derivative_curves[key]

    def shaded_intervals(self) -> list[tuple[float, float]]:
        """The x-intervals currently shaded as saturated, left to right."""
        return [
            tuple(region.getRegion())
            for region in self._shades[self.activation_plot]
            if region.isVisible()
        ]

    def show_crosshair_at(self, x: float | None) -> None:
        """Put the crosshair at ``x`` (None hides it) and fill the readout."""
        self._crosshair_x = x
        for crosshair in self._crosshairs:
            crosshair.setVisible(x is not None)
            if x is not None:
                crosshair.setValue(x)
        self._update_readout()

    def readout_text(self) -> str:
        """The readout as plain text."""
        text = QTextDocument()
        text.setHtml(self.readout.text())
        return text.toPlainText()

    def set_dark(self, dark: bool) -> None:
        """Redraw with colours for a dark (True) or light background."""
        self._dark = dark
        for plot in (self.activation_plot, self.derivative_plot):
            style_plot(plot, dark)
        foreground = (DARK_PLOT if dark else LIGHT_PLOT)["foreground"]
        self.legend.setBrush(
            pg.mkBrush(30, 30, 30, 200) if dark else pg.mkBrush(255, 255, 255, 200)
        )
        set_legend_text_color(self.legend, foreground)
        for key in self._curves:
            self._style_curves(key)
        self._update_layers(restyled=True)

    def reset_view(self) -> None:
        """Fit the plots to the sampled x-range and the data."""
        self._apply_x_range()
        for plot in (self.activation_plot, self.derivative_plot):
            plot.enableAutoRange(axis="y")

    # ---- curves ----------------------------------------------------------------------------

    def _pen(self, key: str):
        width = FOCUSED_LINE_WIDTH if key == self._functions.focused else LINE_WIDTH
        return pen(self, color(key, self._dark), width)

    def cached_layers(self) -> tuple[CachedCurveLayer, CachedCurveLayer]:
        """The cached pictures under the focused curve: (f plot, f' plot)."""
        return self._layers[self.activation_plot], self._layers[self.derivative_plot]

    def _update_layers(self, restyled: bool = False) -> None:
        """Hand each plot's shading, reference lines and every curve but the focused one to
        its cached layer, in stacking order (z, then the order they were added). A layer
        paints again when its members change (their data, position and visibility tell it
        themselves) or, with ``restyled``, because pens or colours changed."""
        focused = self._functions.focused
        for plot, curves in (
            (self.activation_plot, self._curves),
            (self.derivative_plot, self._derivative_curves),
        ):
            layer = self._layers[plot]
            members = [
                *self._shades[plot],
                *(line for line_plot, line, _level in self._reference_lines if line_plot is plot),
                *(curve for key, curve in curves.items() if key != focused),
            ]
            if members != layer.members():
                layer.set_members(members)
            elif restyled:
                layer.refresh()

    def _style_curves(self, key: str) -> None:
        focused = key == self._functions.focused
        for curve in (self._curves[key], self._derivative_curves[key]):
            curve.setPen(self._pen(key))
            curve.setZValue(10 if focused else 0)

    def _add_curves(self, key: str) -> None:
        """Create the two (empty) curves of ``key``; :meth:`_update_curves` fills them."""
        name = activations.get(key).name
        curve = ThinnedCurve(name=name, skipFiniteCheck=True, dynamicRangeLimit=None)
        derivative = ThinnedCurve(name=name, dynamicRangeLimit=None)
        self._curves[key] = curve
        self._derivative_curves[key] = derivative
        self.activation_plot.addItem(curve)
        self.derivative_plot.addItem(derivative)
        self._style_curves(key)

    def _remove_curves(self, key: str) -> None:
        self._stale.discard(key)
        curve, derivative = self._curves.pop(key), self._derivative_curves.pop(key)
        for plot, item in ((self.activation_plot, curve), (self.derivative_plot, derivative)):
            layer = self._layers[plot]
            layer.set_members([member for member in layer.members() if member is not item])
            plot.removeItem(item)

    def _update_curves(self, keys) -> None:
        """Recompute the curves of ``keys``: here when the work is small, else off-thread."""
        keys = [key for key in keys if key in self._curves]
        if not keys:
            return
        x = self._functions.x_values()
        stale = self._stale | set(keys)
        if x.size * len(stale) <= SYNCHRONOUS_POINTS:
            if self._stale:
                keys = sorted(stale)
                self._stale.clear()
                self.job.discard_pending()
            self._apply_curves(
                *_evaluate(keys, self._requests(keys), x, self._functions.log_derivative)
            )
            return
        # Every stale curve goes into the new run: a newer run supersedes older ones.
        self._stale = stale
        requests = self._requests(sorted(stale))
        self.job.submit(_evaluate, sorted(stale), requests, x, self._functions.log_derivative)

    def _requests(self, keys) -> dict[str, dict]:
        return {key: dict(self._functions.params(key)) for key in keys}

    def _on_curves_computed(self, result) -> None:
        x, curves = result
        self._stale.clear()
        self._apply_curves(x, curves)

    def _apply_curves(self, x: np.ndarray, curves: dict) -> None:
        for key, (value, derivative) in curves.items():
            if key in self._curves:
                self._curves[key].setData(x, value)
                self._derivative_curves[key].setData(x, derivative)

    def _apply_reduction(self) -> None:
        reduce = self._functions.sample_count > REDUCE_ABOVE
        for curve in (*self._curves.values(), *self._derivative_curves.values()):
            curve.setClipToView(reduce)

    def _apply_log_mode(self, enabled: bool) -> None:
        self.derivative_plot.setLogMode(x=False, y=enabled)
        self.derivative_plot.setLabel("left", "|f'(x)|, log scale" if enabled else "f'(x)")
        for plot, line, level in self._reference_lines:
            if plot is self.derivative_plot:
                # On a log axis the line y = 1 sits at log10(1) = 0; 0 and -1 have no place.
                line.setVisible(not enabled or level == 1.0)
                line.setValue(0.0 if enabled else level)

    # ---- saturation shading ----------------------------------------------------------------

    def _update_shading(self) -> None:
        intervals: list[tuple[float, float]] = []
        # Shading belongs to a curve on screen: a focused function that is not drawn (reached
        # with the keyboard, or unticked) shades nothing.
        functions = self._functions
        if functions.saturation_shading and functions.focused in functions.shown:
            intervals = self._saturated_intervals()
        for plot, pool in self._shades.items():
            while len(pool) < len(intervals):
                region = pg.LinearRegionItem(
                    movable=False, brush=pg.mkBrush(*SHADE_BRUSH), pen=pg.mkPen(None)
                )
                region.setZValue(-30)
                region.setToolTip(
                    "Saturated: |f'| is below 5 % of its peak here, so gradients vanish"
                )
                plot.addItem(region, ignoreBounds=True)
                pool.append(region)
            for region, interval in zip(pool, intervals, strict=False):
                region.setRegion(interval)
                region.setVisible(True)
            for region in pool[len(intervals) :]:
                region.setVisible(False)
        self._update_layers()

    def _saturated_intervals(self) -> list[tuple[float, float]]:
        key = self._functions.focused
        activation = activations.get(key)
        params = self._functions.params(key)
        _, peak = derivative_magnitude_peak(activation, **params)
        if not peak > 0:
            return []
        x = self._functions.x_values()
        if x.size > SHADING_SAMPLES:
            x = np.linspace(x[0], x[-1], SHADING_SAMPLES)
        saturated = np.abs(activation.derivative(x, **params)) < SATURATION_FRACTION * peak
        intervals = []
        for first, last in true_runs(saturated):
            # Each edge at the midpoint between the last free and the first saturated sample.
            left = x[0] if first == 0 else 0.5 * (x[first - 1] + x[first])
            right = x[-1] if last == x.size - 1 else 0.5 * (x[last] + x[last + 1])
            intervals.append((float(left), float(right)))
        return intervals

    # ---- crosshair -------------------------------------------------------------------------

    def _on_mouse_moved(self, plot: pg.PlotWidget, position: QPointF) -> None:
        view_box = plot.getPlotItem().vb
        if view_box.sceneBoundingRect().contains(position):
            self.show_crosshair_at(float(view_box.mapSceneToView(position).x()))
        else:
            self.show_crosshair_at(None)

    def _set_idle_readout(self) -> None:
        self.readout.setText(
            "<span style='color:gray'>Move the mouse over a plot to read f(x) and f'(x) "
            "of every shown function.</span>"
        )

    def _update_readout(self) -> None:
        x = self._crosshair_x
        if x is None:
            self._set_idle_readout()
            return
        parts = [f"<b>x = {x:.4g}</b>"]
        for key in self._functions.shown:
            activation = activations.get(key)
            params = self._functions.params(key)
            value = float(activation.value(x, **params))
            slope = float(activation.derivative(x, **params))
            parts.append(
                f"<span style='color:{color(key, self._dark).name()}'>■</span> "
                f"{activation.name}: f = {value:.4g}, f' = {slope:.4g}"
            )
        self.readout.setText(" &nbsp;&nbsp; ".join(parts))

    # ---- view range ------------------------------------------------------------------------

    def _apply_x_range(self) -> None:
        self._applying_range = True
        self.activation_plot.setXRange(*self._functions.x_range, padding=0)
        self._applying_range = False

    def _on_view_moved(self, _view_box, view_range) -> None:
        if not self._applying_range:
            self._view_timer.start()

    def _on_view_settled(self) -> None:
        """After a pan or zoom, resample the curves over what is now visible."""
        low, high = (float(v) for v in self.activation_plot.getPlotItem().vb.viewRange()[0])
        state_low, state_high = self._functions.x_range
        tolerance = 1e-9 * (state_high - state_low)
        if abs(low - state_low) <= tolerance and abs(high - state_high) <= tolerance:
            return
        low, high = max(low, -X_LIMIT), min(high, X_LIMIT)
        if low < high:
            self._functions.set_x_range((low, high))

    # ---- functions slots -----------------------------------------------------------------------

    def _on_registry_changed(self) -> None:
        """A function of the user's was edited (same key, new formula or name) or removed:
        its curves are made again."""
        for key in [
            key
            for key in self._curves
            if activations.is_custom(key) or key not in activations.keys()
        ]:
            self._remove_curves(key)
        self._on_shown_changed(self._functions.shown)

    def _on_shown_changed(self, shown: tuple[str, ...]) -> None:
        for key in [key for key in self._curves if key not in shown]:
            self._remove_curves(key)
        added = [key for key in shown if key not in self._curves]
        for key in added:
            self._add_curves(key)
        self._update_curves(added)
        self._update_layers()
        self._order_legend()
        self._apply_reduction()
        self._update_readout()
        self._update_shading()

    def _order_legend(self) -> None:
        """List the legend in the function list's order, whatever order curves were added.

        Entries are costly to make (2 ms each), so only those from the first one out of
        place onwards are made again; a curve added last is already where it belongs.
        """
        wanted = [self._curves[key] for key in self._functions.shown]
        current = [sample.item for sample, _label in self.legend.items]
        keep = 0
        while keep < min(len(wanted), len(current)) and wanted[keep] is current[keep]:
            keep += 1
        for item in current[keep:]:
            self.legend.removeItem(item)
        for item in wanted[keep:]:
            self.legend.addItem(item, item.name())

    def _on_focused_changed(self, _key: str) -> None:
        for key in self._curves:
            self._style_curves(key)
        self._update_layers()
        self._update_shading()

    def _on_params_changed(self, key: str) -> None:
        self._update_curves([key])
        if key == self._functions.focused:
            self._update_shading()
        if self._crosshair_x is not None and key in self._curves:
            self._update_readout()

    def _on_x_range_changed(self, _x_range: tuple[float, float]) -> None:
        self._update_curves(self._curves)
        self._apply_x_range()
        self._update_shading()

    def _on_sample_count_changed(self, _count: int) -> None:
        self._apply_reduction()
        self._update_curves(self._curves)
        self._update_shading()

    def _on_saturation_shading_changed(self, _enabled: bool) -> None:
        self._update_shading()

    def _on_log_derivative_changed(self, enabled: bool) -> None:
        self._apply_log_mode(enabled)
        self._update_curves(self._curves)
        self.derivative_plot.enableAutoRange(axis="y")


def _evaluate(keys, requests: dict[str, dict], x: np.ndarray, log_derivative: bool):
    """``(x, {key: (f(x), f'(x))})``; pure, so it may run on a worker thread."""
    curves = {}
    for key in keys:
        activation = activations.get(key)
        derivative = activation.derivative(x, **requests[key])
        if log_derivative:
            derivative = np.abs(derivative)
        curves[key] = (activation.value(x, **requests[key]), derivative)
    return x, curves
