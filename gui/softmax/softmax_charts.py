"""Bar charts of the Softmax tab: logits (drag a bar to edit it), probabilities, loss gradient."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from gui.softmax.class_bars import ClassBars
from gui.softmax.softmax_model import SoftmaxModel
from gui.widgets.palette import class_color
from gui.widgets.plot_style import describe_plot, nice_ceiling, pen, style_axes

# pyqtgraph computes bounds as max - min, which overflows for logits near ±1e308; bars are
# drawn no taller than this (the table and the model keep the exact values).
DISPLAY_LIMIT = 1e100
LABELLED_CLASSES = 12  # up to this many bars carry their class label; beyond, sparse indices
ZOOM_ABOVE = 20  # beyond this many classes the probability axis zooms to the tallest bar
BAR_WIDTH = 0.8


def bar_range(heights: np.ndarray) -> tuple[float, float]:
    """A y-range that contains 0 and every bar, on round numbers.

    Rounding means the range changes only when a bar crosses a round number, so the axis
    stays still while a user drags, and a changed range (which costs pyqtgraph a second
    paint) is rare.
    """
    low = -nice_ceiling(-float(np.min(heights, initial=0.0)))
    high = nice_ceiling(float(np.max(heights, initial=0.0)))
    if low == high:
        high = 1.0
    return low, high


def class_ticks(labels: tuple[str, ...]) -> list[list[tuple[int, str]]]:
    """Axis ticks for classes: every label when few, sparse round indices when crowded."""
    if len(labels) <= LABELLED_CLASSES:
        return [[(index, label) for index, label in enumerate(labels)]]
    step = max(1, int(10 ** np.floor(np.log10(len(labels) / 5))))
    return [[(index, str(index)) for index in range(0, len(labels), step)]]


class _BarDragViewBox(pg.ViewBox):
    """A ViewBox whose left-drag near a bar reports (bar, y) instead of panning."""

    def __init__(self, on_drag):
        super().__init__()
        self._on_drag = on_drag
        self._dragged: int | None = None
        self.bar_count = 0

    def mouseDragEvent(self, event, axis=None):
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(event, axis)
            return
        point = self.mapSceneToView(event.scenePos())
        if event.isStart():
            index = round(point.x())
            near = abs(point.x() - index) <= BAR_WIDTH / 2 and 0 <= index < self.bar_count
            self._dragged = index if near else None
        if self._dragged is None:
            super().mouseDragEvent(event, axis)
            return
        event.accept()
        self._on_drag(self._dragged, float(point.y()))
        if event.isFinish():
            self._dragged = None


class BarChart(pg.PlotWidget):
    """Bars coloured per class with the largest one outlined; updated, never re-created."""

    def __init__(self, name: str, title: str, y_label: str, parent=None, view_box=None):
        super().__init__(parent=parent, viewBox=view_box)
        self.setObjectName(name)
        self.setTitle(title, size="10pt")
        describe_plot(self, title, f"A bar chart: one bar per class, its height {y_label}.")
        self.setLabel("left", y_label)
        style_axes(self, grid_x=False)
        # Probabilities and gradients read best as plain numbers, not as "×0.001" scalings.
        self.getAxis("left").enableAutoSIPrefix(False)
        self.setMinimumSize(220, 150)
        self.bars = ClassBars(x=[], height=[], width=BAR_WIDTH)
        self.highlight = pg.BarGraphItem(
            x=[], height=[], width=BAR_WIDTH, brush=None, pen=pen(self, "#000000", 2.5)
        )
        self.highlight.setZValue(5)
        zero = pg.InfiniteLine(pos=0.0, angle=0, pen=pg.mkPen((120, 120, 120), width=1))
        self.addItem(zero, ignoreBounds=True)
        self.addItem(self.bars)
        self.addItem(self.highlight)
        self._labels: tuple[str, ...] = ()
        self._brush_cache: list = []
        self._ranges: tuple | None = None

    def set_bars(
        self,
        heights: np.ndarray,
        labels: tuple[str, ...],
        highlight: int,
        y_range: tuple[float, float] | None = None,
    ) -> None:
        """Draw ``heights`` (one bar per class), outline bar ``highlight``.

        ``y_range`` defaults to :func:`bar_range` of the heights.
        """
        count = heights.size
        # Brushes are made once per class index: adding a class makes one more, not K.
        cache = self._brush_cache
        cache.extend(pg.mkBrush(class_color(index)) for index in range(len(cache), count))
        crowded = count > LABELLED_CLASSES * 4
        outline = pg.mkPen(None) if crowded else pg.mkPen((40, 40, 40), width=0.5)
        x = np.arange(count)
        self.bars.setOpts(x=x, height=heights, width=BAR_WIDTH, brushes=cache[:count], pen=outline)
        self.highlight.setOpts(x=[highlight], height=[heights[highlight]], width=BAR_WIDTH)
        self.set_labels(labels)
        ranges = ((-0.6, count - 0.4), y_range if y_range is not None else bar_range(heights))
        if ranges != self._ranges:
            self._ranges = ranges
            self.setRange(xRange=ranges[0], yRange=ranges[1], padding=0.02)

    def set_labels(self, labels: tuple[str, ...]) -> None:
        """Relabel the class axis (the bars follow with the next logits update)."""
        if labels != self._labels:
            self._labels = labels
            self.getAxis("bottom").setTicks(class_ticks(labels))


class LogitChart(BarChart):
    """Logit bars; dragging a bar's top sets that logit to the height under the pointer."""

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        self._model = model
        self._view_box = _BarDragViewBox(self._on_bar_dragged)
        self._clipped = False
        super().__init__("logitChart", "Logits (drag a bar to edit)", "z", parent, self._view_box)
        self.setToolTip(
            "Drag the top of a bar up or down to change that logit "
            f"(bars beyond ±{DISPLAY_LIMIT:g} are drawn at that height)"
        )
        self._render()
        model.logits_changed.connect(self._on_logits_changed)
        model.labels_changed.connect(self._on_labels_changed)

    def drag_bar(self, index: int, y: float) -> None:
        """What a drag does: set logit ``index`` to ``y``."""
        self._on_bar_dragged(index, y)

    def _on_bar_dragged(self, index: int, y: float) -> None:
        if np.isfinite(y):
            self._model.set_logit(index, y)

    def _render(self) -> None:
        logits = self._model.logits
        self._view_box.bar_count = logits.size
        drawn = np.clip(logits, -DISPLAY_LIMIT, DISPLAY_LIMIT)
        clipped = bool(np.any(drawn != logits))
        if clipped != self._clipped:
            self._clipped = clipped
            suffix = (
                f" (bars clipped at ±{DISPLAY_LIMIT:.0e})" if clipped else " (drag a bar to edit)"
            )
            self.setTitle("Logits" + suffix, size="10pt")
        self.set_bars(drawn, self._model.labels, int(np.argmax(logits)))

    def _on_logits_changed(self) -> None:
        self._render()

    def _on_labels_changed(self) -> None:
        # A new class changes labels and then logits: only the latter redraws the bars.
        if len(self._model.labels) == self._view_box.bar_count:
            self.set_labels(self._model.labels)


class ProbabilityChart(BarChart):
    """Probability bars with a dashed line at the uniform 1/K."""

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__("probabilityChart", "Probabilities", "p", parent)
        self._model = model
        self.uniform = pg.InfiniteLine(
            pos=0.2, angle=0, pen=pen(self, (100, 100, 100), 1.5, style=Qt.PenStyle.DashLine)
        )
        self.uniform.setToolTip("The uniform distribution 1/K")
        self.addItem(self.uniform, ignoreBounds=True)
        self.setMouseEnabled(x=False, y=False)
        # Classes a sparse mapping gives exactly 0: a cross on the axis.
        self.zeros = pg.ScatterPlotItem(symbol="x", size=9, pen=pen(self, "#CC3311", 1.5))
        self.zeros.setToolTip("Exactly zero probability")
        self.addItem(self.zeros)
        self._render()
        model.logits_changed.connect(self._on_logits_changed)
        model.labels_changed.connect(self._on_labels_changed)
        model.temperature_changed.connect(self._on_temperature_changed)
        model.mapping_changed.connect(self._on_temperature_changed)
        model.entmax_alpha_changed.connect(self._on_temperature_changed)

    def _show_zeros(self, probabilities: np.ndarray) -> None:
        zero = np.flatnonzero(probabilities == 0.0)
        self.zeros.setData(x=zero.astype(float), y=np.zeros(zero.size))

    def zero_classes(self) -> list[int]:
        """The classes marked as having exactly zero probability."""
        x, _y = self.zeros.getData()
        return [round(value) for value in x]

    def _on_labels_changed(self) -> None:
        if len(self._model.labels) == len(self._labels):
            self.set_labels(self._model.labels)

    def _render(self) -> None:
        probabilities = self._model.probabilities()
        self._show_zeros(probabilities)
        self.uniform.setValue(1.0 / probabilities.size)
        # With many classes every bar is short on a 0..1 axis; zoom to the tallest instead.
        top = 1.0
        if probabilities.size > ZOOM_ABOVE:
            top = nice_ceiling(max(float(np.max(probabilities)), 1.5 / probabilities.size))
        self.set_bars(
            probabilities, self._model.labels, int(np.argmax(probabilities)), (0.0, min(top, 1.0))
        )

    def _on_logits_changed(self) -> None:
        self._render()

    def _on_temperature_changed(self, _temperature: float) -> None:
        self._render()


class GradientChart(BarChart):
    """The loss gradient (p - onehot(target)) / T that backpropagation sends to the logits."""

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__("gradientChart", "Loss gradient ∂L/∂z = (p − y)/T", "∂L/∂z", parent)
        self._model = model
        self.setToolTip(
            "Training moves each logit against this bar: the true class up, the others down"
        )
        self._render()
        model.logits_changed.connect(self._on_inputs_changed)
        model.labels_changed.connect(self._on_labels_changed)
        model.temperature_changed.connect(self._on_temperature_changed)
        model.target_changed.connect(self._on_target_changed)
        model.mapping_changed.connect(self._on_temperature_changed)
        model.entmax_alpha_changed.connect(self._on_temperature_changed)

    def _on_labels_changed(self) -> None:
        if len(self._model.labels) == len(self._labels):
            self.set_labels(self._model.labels)

    def _render(self) -> None:
        target = self._model.target
        gradient = self._model.loss_gradient()
        self.set_bars(gradient, self._model.labels, target)

    def _on_inputs_changed(self) -> None:
        self._render()

    def _on_temperature_changed(self, _temperature: float) -> None:
        self._render()

    def _on_target_changed(self, _target: int) -> None:
        self._render()
