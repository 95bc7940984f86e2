"""BoundaryView: the network's answer over the plane with the data on top, and the learning
curves below it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from core import activations, training
from gui.widgets.palette import class_color
from gui.widgets.plot_style import DecadeLogAxis, describe_plot, pen, style_axes
from gui.widgets.thinned_curve import ThinnedCurve

GRID = 100  # the boundary map has GRID x GRID cells
REGRESSION_MAP = pg.colormap.get("CET-D1")


MIN_EPOCHS_SHOWN = 10


def epoch_axis(plot: pg.PlotWidget) -> None:
    """Set up ``plot``'s bottom axis for epochs: whole numbers, never an "x0.001" prefix."""
    plot.getAxis("bottom").enableAutoSIPrefix(False)


def log_value_axis(plot: pg.PlotWidget, label: str) -> None:
    """A logarithmic y axis labelled at powers of ten only (:class:`DecadeLogAxis`), as
    ``0.01`` rather than with an "(x0.001)" beside it."""
    plot.getPlotItem().setAxisItems({"left": DecadeLogAxis("left")})
    plot.setLogMode(x=False, y=True)
    plot.getAxis("left").enableAutoSIPrefix(False)
    plot.setLabel("left", label)


# The epoch axis ends on one of these times a power of ten: the curve fills over 75 % of
# the width, and the axis (its labels and grid, a cached picture of its own in every
# learning-curve plot) changes ten times per decade instead of at every epoch.
EPOCH_AXIS_ENDS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def epoch_axis_end(epoch: float) -> float:
    """The smallest of EPOCH_AXIS_ENDS × 10^k that is ≥ ``epoch``, at least MIN_EPOCHS_SHOWN."""
    if not epoch > MIN_EPOCHS_SHOWN:
        return float(MIN_EPOCHS_SHOWN)
    base = 10.0 ** np.floor(np.log10(epoch))
    return float(next(end * base for end in EPOCH_AXIS_ENDS if end * base >= epoch))


def fit_epochs(plot: pg.PlotWidget, epochs) -> None:
    """The epoch axis from 0 to at least 10, so a run's first points show where they are;
    beyond that it grows with the run in round steps (:func:`epoch_axis_end`)."""
    last = float(epochs[-1]) if len(epochs) else 0.0
    plot.setXRange(0, epoch_axis_end(last), padding=0.02)


def fit_log_values(plot: pg.PlotWidget, *series) -> None:
    """Keep at least one decade on a log y axis: a narrower range (the first epochs, or a
    loss that no longer moves) would show no tick label at all."""
    values = np.concatenate([np.ravel(values) for values in series]) if series else []
    values = np.asarray(values, float)
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return
    low, high = np.log10(values.min()), np.log10(values.max())
    if high - low < 1.0:
        middle = 0.5 * (low + high)
        plot.setYRange(middle - 0.5, middle + 0.5, padding=0.0)
    else:
        plot.enableAutoRange(axis="y")


def add_learning_curve(plot: pg.PlotWidget, name: str | None = None) -> ThinnedCurve:
    """A curve over epochs on ``plot``: thinned to four points per pixel column, each
    segment stroked alone.

    A 2-pixel pen strokes a long jagged polyline as one outline, whose self-crossings Qt
    fills at 20-40 ms per curve after a few thousand epochs (a window painting a dozen of
    them stalled for half a second); the same segments stroked one by one cost 1-2 ms.
    Stroked alone, segments restart a pen's dash pattern, so these curves are solid.
    """
    curve = ThinnedCurve(name=name)
    curve.curve.setSegmentedLineMode("on")
    curve.setClipToView(True)
    plot.addItem(curve)
    return curve


def show_curve(curve: pg.PlotDataItem, epochs, values, **options) -> None:
    """Give ``curve`` its data; a lone point (epoch 0 of a new run) is drawn as a dot,
    since a line needs two. A lone value that is not finite (a gradient of exactly 0 on a
    log axis, or the loss of first weights that overflow) is not drawn at all."""
    if len(epochs) == 1 and not np.all(np.isfinite(values)):
        epochs, values = [], []
    if len(epochs) == 1:
        colour = curve.opts["pen"].color()
        options.update(symbol="o", symbolSize=7, symbolPen=colour, symbolBrush=colour)
    else:
        options.update(symbol=None)
    # Smoothing pays while segments are long. Once there are more epochs than pixel columns
    # every segment is shorter than a pixel, smoothing changes no visible edge, and it makes
    # stroking a jagged curve five times slower (a learning curve is jagged).
    view = curve.getViewBox()
    columns = view.width() if view is not None else 0.0
    options.setdefault("antialias", not (columns > 0 and len(epochs) > columns))
    curve.setData(epochs, values, **options)


def point_brushes(y, loss: str) -> list:
    """A brush per point: its class colour, or for regression its target on the map."""
    if loss == "mse":
        scaled = np.clip((np.asarray(y, float) + 1.0) / 2.0, 0.0, 1.0)
        return [pg.mkBrush(*rgb) for rgb in REGRESSION_MAP.map(scaled, mode="byte")]
    brushes = [pg.mkBrush(class_color(index)) for index in range(int(np.max(y)) + 1)]
    return [brushes[label] for label in np.asarray(y, int)]


def draw_answer(
    image: pg.ImageItem,
    network,
    grid_points,
    extent: QRectF,
    loss: str,
    answer: np.ndarray | None = None,
) -> None:
    """Colour ``image`` over ``extent`` by the network's answer at the GRID x GRID points:
    ``answer`` when the training process computed it there, else a forward pass here."""
    if answer is None or len(answer) != len(grid_points):
        with np.errstate(over="ignore", invalid="ignore"):
            answer = network.forward(grid_points)
    rgb = answer_colours(np.nan_to_num(answer), loss).reshape(GRID, GRID, 3)
    image.setImage(rgb, autoLevels=False, levels=(0, 255))
    image.setRect(extent)


def answer_colours(outputs: np.ndarray, loss: str) -> np.ndarray:
    """RGB bytes, shape (n, 3), for the network's raw outputs at n points.

    Classes: the winning class's colour, paler the less sure the network is (white at a
    tie). Regression: the output on a diverging map from -1 (blue) to 1 (red).
    """
    if loss == "mse":
        scaled = np.clip((outputs[:, 0] + 1.0) / 2.0, 0.0, 1.0)
        return REGRESSION_MAP.map(scaled, mode="byte")[:, :3]
    if loss == "bce":
        p = activations.sigmoid(outputs[:, 0])
        probabilities = np.column_stack([1.0 - p, p])
    else:
        probabilities = np.exp(outputs - outputs.max(axis=1, keepdims=True))
        probabilities /= probabilities.sum(axis=1, keepdims=True)
    winner = np.argmax(probabilities, axis=1)
    classes = probabilities.shape[1]
    # Confidence 0 at a tie between all classes, 1 when one class has all the probability.
    confidence = (probabilities.max(axis=1) - 1.0 / classes) / (1.0 - 1.0 / classes)
    palette = np.array([class_color(index).getRgb()[:3] for index in range(classes)], float)
    strength = 0.15 + 0.6 * confidence[:, None]
    rgb = 255.0 * (1.0 - strength) + palette[winner] * strength
    return rgb.astype(np.uint8)


class BoundaryView(QWidget):
    """``boundaryPlot`` (the answer over the plane, points on top) above ``lossPlot`` (train
    and test loss, log axis) and ``accuracyPlot``.

    ``point_clicked(x1, x2, remove)``: a left click on the plane (add a point there) or a
    right click (remove the point nearest to it).
    """

    point_clicked = Signal(float, float, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("boundaryPlot")
        describe_plot(
            self.plot,
            "Decision boundary",
            "The network's answer at every point of the plane as colour (class colour, "
            "paler where it is unsure; for regression, the predicted value), with the "
            "training points as circles and the test points as triangles.",
        )
        self.plot.setAspectLocked(True)
        self.plot.setLabel("bottom", "x₁")
        self.plot.setLabel("left", "x₂")
        style_axes(self.plot, grid_x=False, grid_y=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=7, symbol="o")
        self.test_points = pg.ScatterPlotItem(size=8, symbol="t")
        self.plot.addItem(self.train_points)
        self.plot.addItem(self.test_points)
        # The map covers the data and nothing else, so dragging and zooming have nothing to
        # show; clicks edit the points instead (a right click removes, so no context menu).
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getPlotItem().setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.scene().sigMouseClicked.connect(self._on_clicked)

        self.loss_plot = pg.PlotWidget(self)
        self.loss_plot.setObjectName("lossPlot")
        describe_plot(
            self.loss_plot,
            "Loss per epoch",
            "Training and test loss after every epoch (the legend tells them apart), "
            "logarithmic axis.",
        )
        log_value_axis(self.loss_plot, "loss, log scale")
        style_axes(self.loss_plot)
        self.loss_plot.addLegend(offset=(-10, 10), labelTextSize="9pt")
        self.train_loss = add_learning_curve(self.loss_plot, "train")
        self.test_loss = add_learning_curve(self.loss_plot, "test")

        self.accuracy_plot = pg.PlotWidget(self)
        self.accuracy_plot.setObjectName("accuracyPlot")
        describe_plot(
            self.accuracy_plot,
            "Accuracy per epoch",
            "Share of training and test points classified right, in the loss plot's colours.",
        )
        self.accuracy_plot.setLabel("bottom", "epoch")
        self.accuracy_plot.setLabel("left", "accuracy")
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.02)
        self.accuracy_plot.setXLink(self.loss_plot)
        epoch_axis(self.loss_plot)
        epoch_axis(self.accuracy_plot)
        style_axes(self.accuracy_plot)
        self.train_accuracy = add_learning_curve(self.accuracy_plot)
        self.test_accuracy = add_learning_curve(self.accuracy_plot)
        self._style_curves()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 5)
        layout.addWidget(self.loss_plot, 3)
        layout.addWidget(self.accuracy_plot, 2)
        self._grid: np.ndarray | None = None
        self._loss = "bce"

    def _on_clicked(self, event) -> None:
        view = self.plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return  # on an axis or the title
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return
        point = view.mapSceneToView(event.scenePos())
        event.accept()
        self.point_clicked.emit(point.x(), point.y(), button == Qt.MouseButton.RightButton)

    def pixel_size(self) -> tuple[float, float]:
        """The plane's width and height of one screen pixel of the map."""
        width, height = self.plot.getPlotItem().getViewBox().viewPixelSize()
        return float(width), float(height)

    def _style_curves(self) -> None:
        train_colour, test_colour = class_color(0), class_color(1)
        self.train_loss.setPen(pen(self, train_colour, 2))
        self.test_loss.setPen(pen(self, test_colour, 2))
        self.train_accuracy.setPen(pen(self, train_colour, 2))
        self.test_accuracy.setPen(pen(self, test_colour, 2))

    def show_data(self, X_train, y_train, X_test, y_test, loss: str) -> None:
        """New points: draw them and lay the boundary grid over their extent."""
        self._loss = loss
        everything = np.vstack([X_train, X_test])
        low, high = everything.min(axis=0), everything.max(axis=0)
        margin = 0.08 * np.maximum(high - low, 1e-9)
        low, high = low - margin, high + margin
        x1 = np.linspace(low[0], high[0], GRID)
        x2 = np.linspace(low[1], high[1], GRID)
        grid_x1, grid_x2 = np.meshgrid(x1, x2)  # rows follow x2, as the image's rows
        self._grid = np.column_stack([grid_x1.ravel(), grid_x2.ravel()])
        self._extent = QRectF(low[0], low[1], high[0] - low[0], high[1] - low[1])
        for item, X, y in (
            (self.train_points, X_train, y_train),
            (self.test_points, X_test, y_test),
        ):
            item.setData(
                x=X[:, 0],
                y=X[:, 1],
                brush=point_brushes(y, loss),
                pen=pg.mkPen("k", width=0.8) if item is self.train_points else pg.mkPen("w"),
            )
        self.plot.setRange(self._extent, padding=0.0)

    @property
    def grid_points(self) -> np.ndarray | None:
        """The (GRID², 2) points the boundary is evaluated at, rows of the image first."""
        return self._grid

    @property
    def extent(self) -> QRectF:
        """The part of the plane the boundary image covers."""
        return self._extent

    def show_network(self, network: training.Network, answer: np.ndarray | None = None) -> None:
        """Colour the plane by the network's answer: ``answer`` when the training process
        has computed it at :attr:`grid_points`, else a 100 x 100 forward pass here."""
        if self._grid is not None:
            draw_answer(self.image, network, self._grid, self._extent, self._loss, answer)

    def show_losses(self, epochs, train_loss, test_loss) -> None:
        """Train and test loss per epoch. While training, the tab draws the loss and the
        accuracy plot in different frames: each strokes two jagged curves."""
        fit_epochs(self.loss_plot, epochs)  # the accuracy plot is linked to it
        fit_log_values(self.loss_plot, train_loss, test_loss)
        show_curve(self.train_loss, epochs, np.maximum(train_loss, 1e-300))
        show_curve(self.test_loss, epochs, np.maximum(test_loss, 1e-300))

    def show_accuracies(self, epochs, train_accuracy, test_accuracy) -> None:
        """Train and test accuracy per epoch (the plot is hidden for regression)."""
        classifying = self._loss != "mse"
        self.accuracy_plot.setVisible(classifying)
        if classifying:
            fit_epochs(self.loss_plot, epochs)
            show_curve(self.train_accuracy, epochs, train_accuracy)
            show_curve(self.test_accuracy, epochs, test_accuracy)
