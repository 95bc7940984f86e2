"""RaceView: up to four activations trained side by side from the same data and weights."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from core import activations, training
from gui.train.boundary_view import (
    add_learning_curve,
    draw_answer,
    epoch_axis,
    fit_epochs,
    fit_log_values,
    log_value_axis,
    point_brushes,
    show_curve,
)
from gui.train.train_model import MAX_RUNNERS
from gui.widgets.palette import color
from gui.widgets.plot_style import describe_plot, pen, style_axes


class RaceView(QWidget):
    """A boundary thumbnail per runner (``raceBoundary1`` …) above ``racePlot``, every
    runner's training loss on one log axis, in the runner's colour."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.thumbnails: list[pg.PlotWidget] = []
        self.images: list[pg.ImageItem] = []
        self.points: list[pg.ScatterPlotItem] = []
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for lane in range(MAX_RUNNERS):
            plot = pg.PlotWidget(self)
            plot.setObjectName(f"raceBoundary{lane + 1}")
            describe_plot(
                plot,
                f"Race runner {lane + 1}",
                "The decision boundary this runner's network has learned, with the "
                "training points.",
            )
            plot.setAspectLocked(True)
            plot.hideAxis("bottom")
            plot.hideAxis("left")
            plot.setMouseEnabled(False, False)
            image = pg.ImageItem(axisOrder="row-major")
            points = pg.ScatterPlotItem(size=4, pen=pg.mkPen("k", width=0.5))
            plot.addItem(image)
            plot.addItem(points)
            grid.addWidget(plot, lane // 2, lane % 2)
            self.thumbnails.append(plot)
            self.images.append(image)
            self.points.append(points)
        self.loss_plot = pg.PlotWidget(self)
        self.loss_plot.setObjectName("racePlot")
        describe_plot(
            self.loss_plot,
            "Race: training loss per epoch",
            "Each runner's training loss after every epoch on a logarithmic axis, in the "
            "runner's colour.",
        )
        log_value_axis(self.loss_plot, "training loss, log scale")
        self.loss_plot.setLabel("bottom", "epoch")
        epoch_axis(self.loss_plot)
        style_axes(self.loss_plot)
        self.legend = self.loss_plot.addLegend(offset=(-10, 10), labelTextSize="10pt")
        self.curves: list[pg.PlotDataItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid, 3)
        layout.addWidget(self.loss_plot, 2)
        self._grid_points: np.ndarray | None = None
        self._extent = QRectF()
        self._loss = "bce"
        self.keys: list[str] = []

    def set_runners(self, keys: list[str]) -> None:
        """One thumbnail and one loss curve per runner, in the runners' colours."""
        self.keys = list(keys)
        for curve in self.curves:
            self.loss_plot.removeItem(curve)
            self.legend.removeItem(curve)
        self.curves = []
        for lane, plot in enumerate(self.thumbnails):
            plot.setVisible(lane < len(keys))
        for key in keys:
            name = activations.get(key).name
            curve = add_learning_curve(self.loss_plot, name)
            curve.setPen(pen(self, color(key), 2.5))
            self.curves.append(curve)

    def show_data(self, X_train, y_train, loss: str, grid_points, extent: QRectF) -> None:
        """The training points on every thumbnail, and the grid the boundary is drawn on."""
        self._loss, self._grid_points, self._extent = loss, grid_points, extent
        brushes = point_brushes(y_train, loss)
        for points, plot in zip(self.points, self.thumbnails, strict=True):
            points.setData(x=X_train[:, 0], y=X_train[:, 1], brush=brushes)
            plot.setRange(extent, padding=0.0)

    def show_network(
        self, lane: int, network: training.Network, answer: np.ndarray | None = None
    ) -> None:
        """A runner's thumbnail: its process's ``answer`` at the grid when there is one."""
        if self._grid_points is not None:
            image = self.images[lane]
            draw_answer(image, network, self._grid_points, self._extent, self._loss, answer)

    def show_status(self, lane: int, status: str) -> None:
        """A runner's title: its function and how far it got."""
        name = activations.get(self.keys[lane]).name
        self.thumbnails[lane].setTitle(f"{name}: {status}", size="10pt")

    def show_histories(self, histories) -> None:
        """Every runner's training loss, ``histories`` holding (epochs, loss) per runner:
        all at once, since the curves share a plot and it repaints them all for any one."""
        if not histories:
            return
        fit_epochs(self.loss_plot, histories[0][0])
        for curve, (epochs, train_loss) in zip(self.curves, histories, strict=False):
            show_curve(curve, epochs, np.maximum(train_loss, 1e-300))
        fit_log_values(self.loss_plot, *(train_loss for _, train_loss in histories))
