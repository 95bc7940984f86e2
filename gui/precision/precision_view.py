"""PrecisionView: the focused function as a format represents it, and the error in ulps."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from core import activations, precision
from gui.models import FunctionsModel
from gui.precision.precision_model import PrecisionModel
from gui.widgets.palette import color
from gui.widgets.plot_style import describe_plot, pen, style_axes
from gui.widgets.refresh_when_shown import RefreshWhenShown

SAMPLES = 2001  # across the visible range: zoomed in, float8's staircase shows
SETTLE_MS = 60  # after a zoom or pan, before the curves are computed again
ERROR_FLOOR = 1e-3  # ulps; an exact result (0 ulp) is drawn here on the log axis
LANDMARK_COLOURS = {
    "saturates_high": "#117733",
    "saturates_low": "#117733",
    "derivative_underflow": "#AA3377",
    "overflow": "#CC3311",
    "textbook_zero": "#EE7733",
    "textbook_derivative_zero": "#EE7733",
}


class PrecisionView(RefreshWhenShown, QWidget):
    """``precisionPlot`` (f exact, rounded once, and textbook, in the chosen format) above
    ``errorPlot`` (|error| in ulps of the format, log axis: rounded and textbook, f and f'),
    with the landmarks as labelled vertical lines in both.

    Computes only while shown (a parameter dragged on another tab costs nothing here);
    ``refreshed`` follows every recomputation.
    """

    refreshed = Signal()

    def __init__(self, functions: FunctionsModel, model: PrecisionModel, parent=None):
        super().__init__(parent)
        self._functions, self._model = functions, model
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("precisionPlot")
        describe_plot(
            self.plot,
            "The function in the chosen format",
            "The focused function exactly (thin grey), rounded once to the format (solid) and "
            "computed by its textbook formula in the format (dashed); zoom in to see the "
            "format's steps.",
        )
        self.plot.setLabel("left", "f(x)")
        style_axes(self.plot)
        self.plot.addLegend(offset=(10, 10), labelTextSize="9pt")
        self.others: dict[str, pg.PlotDataItem] = {}  # the other shown functions, rounded
        self.exact = self.plot.plot(name="exact")
        self.rounded = self.plot.plot(name="rounded once")
        self.textbook = self.plot.plot(name="textbook formula")
        self.error_plot = pg.PlotWidget(self)
        self.error_plot.setObjectName("errorPlot")
        describe_plot(
            self.error_plot,
            "Error in ulps",
            "How far each way of computing is from the exact value, in units in the last "
            "place of the format, on a logarithmic axis; f solid, f′ dashed.",
        )
        self.error_plot.setLogMode(x=False, y=True)
        self.error_plot.getAxis("left").enableAutoSIPrefix(False)
        self.error_plot.setLabel("left", "|error|, ulps (log)")
        self.error_plot.setLabel("bottom", "x")
        self.error_plot.setXLink(self.plot)
        style_axes(self.error_plot)
        self.error_plot.addLegend(offset=(10, 10), labelTextSize="9pt")
        self.errors = {
            (method, derivative): self.error_plot.plot(
                name=f"{method}{' f′' if derivative else ' f'}"
            )
            for method in precision.METHODS
            for derivative in (False, True)
        }
        self._lines: list[tuple[pg.PlotWidget, pg.InfiniteLine]] = []
        self.landmarks: list[precision.Landmark] = []
        self.largest_errors: dict[tuple[str, bool], float] = {}
        layout = QVBoxLayout(self)
        # Room on the right for the last x label, which the window's edge would cut.
        layout.setContentsMargins(0, 0, 12, 0)
        layout.addWidget(self.plot, 3)
        layout.addWidget(self.error_plot, 2)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_inputs_changed)
        self.plot.getPlotItem().getViewBox().sigXRangeChanged.connect(
            lambda *_args: self._settle.start()
        )
        self._landmarks_stale = True
        for signal in (
            functions.focused_changed,
            functions.params_changed,
            functions.registry_changed,
            model.format_changed,
        ):
            signal.connect(self._on_function_changed)
        functions.shown_changed.connect(self._on_inputs_changed)
        self._dark = False
        self.plot.setXRange(*functions.x_range, padding=0.0)
        self._style()

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self._style()

    def reset_view(self) -> None:
        self.plot.setXRange(*self._functions.x_range, padding=0.0)
        self.plot.enableAutoRange(axis="y")
        self.error_plot.enableAutoRange(axis="y")

    def _style(self) -> None:
        tint = color(self._functions.focused, self._dark)
        self.exact.setPen(pen(self, (150, 150, 150), 1))
        self.rounded.setPen(pen(self, tint, 2))
        self.textbook.setPen(pen(self, "#CC3311", 2, style=Qt.PenStyle.DashLine))
        for (method, derivative), curve in self.errors.items():
            style = Qt.PenStyle.DashLine if derivative else Qt.PenStyle.SolidLine
            shade = tint if method == "rounded" else pg.mkColor("#CC3311")
            curve.setPen(pen(self, shade, 1.5, style=style))

    def _on_function_changed(self, *_args) -> None:
        self._landmarks_stale = True
        self._on_inputs_changed()

    def ensure_current(self) -> None:
        if self._settle.isActive():  # a zoom not yet followed
            self._settle.stop()
            self._stale = True
        super().ensure_current()

    def _show_landmarks(self) -> None:
        self._landmarks_stale = False
        act = activations.get(self._functions.focused)
        self.landmarks = precision.landmarks(
            act, self._model.format, **self._functions.params(act.key)
        )
        for plot, line in self._lines:
            plot.removeItem(line)
        self._lines = []
        for number, landmark in enumerate(self.landmarks):
            tint = LANDMARK_COLOURS.get(landmark.kind, "#777777")
            # Landmarks often share an x (a value and its derivative): labels at staggered
            # heights stay readable.
            height = 0.92 - 0.3 * (number % 3)
            for plot, labelled in ((self.plot, True), (self.error_plot, False)):
                line = pg.InfiniteLine(
                    landmark.x,
                    angle=90,
                    pen=pen(self, tint, 1, style=Qt.PenStyle.DotLine),
                    label=landmark.kind.replace("_", " ") if labelled else None,
                    labelOpts={"position": height, "color": tint, "rotateAxis": (1, 0)},
                )
                line.setToolTip(landmark.text)
                plot.addItem(line)
                self._lines.append((plot, line))
        self._style()

    def _show_others(self, x: np.ndarray, fmt: str) -> None:
        """The other shown functions, rounded once to the format, in thin lines."""
        wanted = [key for key in self._functions.shown if key != self._functions.focused]
        for key in [key for key in self.others if key not in wanted]:
            self.plot.removeItem(self.others.pop(key))
        for key in wanted:
            curve = self.others.get(key)
            if curve is None:
                # Named, so the legend says which thin line is which function.
                curve = pg.PlotDataItem(name=f"{activations.get(key).name}, rounded")
                curve.setZValue(-1)
                self.plot.addItem(curve)
                self.others[key] = curve
            curve.setPen(pen(self, color(key, self._dark), 1))
            act = activations.get(key)
            values = precision.evaluate(act, x, fmt, **self._functions.params(key))
            curve.setData(x, values, connect="finite")

    def visible_x(self) -> np.ndarray:
        low, high = self.plot.getPlotItem().getViewBox().viewRange()[0]
        return np.linspace(low, high, SAMPLES)

    def refresh(self) -> None:
        """The landmarks if the function or format changed, and the curves over the visible
        range."""
        self._settle.stop()
        self._stale = False
        if self._landmarks_stale:
            self._show_landmarks()
        act = activations.get(self._functions.focused)
        params = self._functions.params(act.key)
        fmt = self._model.format
        x = self.visible_x()
        x_in = precision.round_to(x, fmt)
        with np.errstate(all="ignore"):
            exact = act.value(x, **params)
        self.exact.setData(x, exact, connect="finite")
        self._show_others(x, fmt)
        self.rounded.setData(x, precision.evaluate(act, x, fmt, **params), connect="finite")
        has_textbook = act.key in precision.TEXTBOOK_KEYS
        self.textbook.setVisible(has_textbook)
        self.largest_errors = {}
        for (method, derivative), curve in self.errors.items():
            if method == "textbook" and not has_textbook:
                curve.setData([], [])
                curve.setVisible(False)
                continue
            curve.setVisible(True)
            error = precision.ulp_error(act, x_in, fmt, method, derivative, **params)
            finite = error[np.isfinite(error)]
            self.largest_errors[(method, derivative)] = (
                math.inf if np.isinf(error).any() else float(finite.max(initial=0.0))
            )
            # inf (a broken result) is drawn at the top of the axis range: a million ulps.
            shown = np.clip(np.nan_to_num(error, nan=np.nan, posinf=1e6), ERROR_FLOOR, 1e6)
            curve.setData(x, shown, connect="finite")
        if has_textbook:
            self.textbook.setData(
                x, precision.evaluate(act, x, fmt, "textbook", **params), connect="finite"
            )
        self.refreshed.emit()
