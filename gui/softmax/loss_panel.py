"""LossPanel: choose the true class and read its cross-entropy loss."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from gui.softmax.softmax_model import SoftmaxModel
from gui.widgets.formatting import format_quantity


class LossPanel(QWidget):
    """``targetClass`` (QComboBox of the class labels) and ``lossLabel`` (its loss, in nats).

    ``lossLabel`` holds only the number, so it reads back with ``float()``; the caption
    beside it says what it is.
    """

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self.target = QComboBox(self)
        self.target.setObjectName("targetClass")
        self.target.setToolTip("The true class of this example, used by the loss")
        self.target.setMaxVisibleItems(20)
        self.loss = QLabel(self)
        self.loss.setObjectName("lossLabel")
        self.loss.setToolTip("Cross-entropy -log p(true class), in nats")
        self.loss.setFixedHeight(self.loss.fontMetrics().lineSpacing() + 4)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("True class", self.target)
        form.addRow("−log p of the true class (nats)", self.loss)
        self._on_labels_changed()
        self.target.currentIndexChanged.connect(self._on_index_chosen)
        model.labels_changed.connect(self._on_labels_changed)
        model.logits_changed.connect(self._render_loss)
        model.temperature_changed.connect(self._on_temperature_changed)
        model.mapping_changed.connect(self._on_temperature_changed)
        model.entmax_alpha_changed.connect(self._on_temperature_changed)
        model.target_changed.connect(self._on_target_changed)

    def _on_index_chosen(self, index: int) -> None:
        if 0 <= index < self._model.logits.size:
            self._model.set_target(index)

    def _on_labels_changed(self) -> None:
        self.target.blockSignals(True)
        labels = self._model.labels
        existing = [self.target.itemText(index) for index in range(self.target.count())]
        if existing != list(labels):
            self.target.clear()
            self.target.addItems(list(labels))
        self.target.setCurrentIndex(self._model.target)
        self.target.blockSignals(False)
        self._render_loss()

    def _render_loss(self) -> None:
        model = self._model
        self.loss.setText(format_quantity(model.loss()))

    def _on_temperature_changed(self, _temperature: float) -> None:
        self._render_loss()

    def _on_target_changed(self, target: int) -> None:
        self.target.blockSignals(True)
        self.target.setCurrentIndex(target)
        self.target.blockSignals(False)
        self._render_loss()
