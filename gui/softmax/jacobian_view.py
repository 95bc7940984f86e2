"""JacobianView: the K×K softmax Jacobian as a heat map centred at 0, with a colour bar."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.softmax.softmax_charts import class_ticks
from gui.softmax.softmax_model import SoftmaxModel
from gui.widgets.formatting import format_quantity
from gui.widgets.plot_style import describe_plot, style_axes

COLOR_MAP = "CET-D1"  # diverging blue-white-red, perceptually uniform
JACOBIAN_LEVEL_FLOOR = 1e-300


class JacobianView(QWidget):
    """Heat map of ∂p_i/∂z_j; the cell under the mouse is read out below it.

    Colour levels are symmetric (±max|J|) so white is exactly 0: blue cells (the off-diagonal
    -p_i p_j / T) take probability away, red cells (the diagonal p_i (1 - p_i) / T) add it.
    """

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("jacobianView")
        describe_plot(
            self.plot,
            "Softmax Jacobian",
            "A heat map of ∂pᵢ/∂zⱼ for every pair of classes, centred at 0: positive on the "
            "diagonal, negative off it.",
        )
        self.plot.setTitle("Jacobian ∂pᵢ/∂zⱼ", size="10pt")
        style_axes(self.plot, grid_x=False, grid_y=False)
        self.plot.setLabel("left", "i (probability)")
        self.plot.setLabel("bottom", "j (logit)")
        self.plot.invertY(True)
        self.plot.setAspectLocked(False)
        self.plot.setMinimumSize(220, 150)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.color_bar = pg.ColorBarItem(
            colorMap=pg.colormap.get(COLOR_MAP),
            interactive=False,
            width=14,
            colorMapMenu=False,
        )
        self.color_bar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        self.readout = QLabel(self)
        self.readout.setObjectName("jacobianReadout")
        self.readout.setToolTip("The Jacobian entry under the mouse pointer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.readout)
        self._matrix = np.zeros((1, 1))
        self._labels: tuple[str, ...] = ()
        self._hovered: tuple[int, int] | None = None
        self._render()
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        model.logits_changed.connect(self._on_logits_changed)
        model.labels_changed.connect(self._on_labels_changed)
        model.temperature_changed.connect(self._on_temperature_changed)
        model.mapping_changed.connect(self._on_temperature_changed)
        model.entmax_alpha_changed.connect(self._on_temperature_changed)

    def matrix(self) -> np.ndarray:
        """The Jacobian currently drawn."""
        return self._matrix

    def show_cell(self, row: int | None, column: int | None = None) -> None:
        """Read out J[row, column] (None clears the readout)."""
        size = self._matrix.shape[0]
        if row is None or column is None or not (0 <= row < size and 0 <= column < size):
            self._hovered = None
            self.readout.setText("Move the mouse over the heat map to read an entry.")
            return
        self._hovered = (row, column)
        labels = self._model.labels
        self.readout.setText(
            f"J[{row}, {column}] = ∂p({labels[row]})/∂z({labels[column]}) = "
            f"{format_quantity(self._matrix[row, column])}"
        )

    def _render(self) -> None:
        self._matrix = self._model.mapping_jacobian()
        size = self._matrix.shape[0]
        # ±max|J| unless that is below 1e-300 (one class certain: every entry 0 or nearly):
        # pyqtgraph scales colours by 255/(high - low), which overflows for subnormal ranges.
        extent = max(float(np.max(np.abs(self._matrix))), JACOBIAN_LEVEL_FLOOR)
        self.image.setImage(self._matrix, autoLevels=False)
        self.image.setRect(-0.5, -0.5, size, size)
        self.color_bar.setLevels(low=-extent, high=extent)
        self.plot.setRange(xRange=(-0.5, size - 0.5), yRange=(-0.5, size - 0.5), padding=0)
        if self._labels != self._model.labels:
            self._labels = self._model.labels
            ticks = class_ticks(self._labels)
            for side in ("left", "bottom"):
                self.plot.getAxis(side).setTicks(ticks)
        if self._hovered is not None:
            self.show_cell(*self._hovered)
        else:
            self.show_cell(None)

    def _on_mouse_moved(self, position: QPointF) -> None:
        view_box = self.plot.getPlotItem().getViewBox()
        if not view_box.sceneBoundingRect().contains(position):
            self.show_cell(None)
            return
        point = view_box.mapSceneToView(position)
        self.show_cell(round(point.y()), round(point.x()))

    def _on_logits_changed(self) -> None:
        self._render()

    def _on_labels_changed(self) -> None:
        # A new class changes labels and then logits; only the latter recomputes J.
        if len(self._model.labels) == self._matrix.shape[0] and self._labels != self._model.labels:
            self._labels = self._model.labels
            ticks = class_ticks(self._labels)
            for side in ("left", "bottom"):
                self.plot.getAxis(side).setTicks(ticks)

    def _on_temperature_changed(self, _temperature: float) -> None:
        self._render()
