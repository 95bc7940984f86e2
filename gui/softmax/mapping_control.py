"""MappingControl: how logits become probabilities — softmax, sparsemax or α-entmax."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from gui.softmax.softmax_model import ALPHA_RANGE, MAPPINGS, SoftmaxModel
from gui.widgets.float_slider import FloatSlider

TITLES = {
    "softmax": "softmax (α = 1)",
    "sparsemax": "sparsemax (α = 2)",
    "entmax": "α-entmax",
}


class MappingControl(QWidget):
    """``mappingChoice`` and, for entmax, ``entmaxAlpha`` (1 to 3); a line says how many
    classes have exactly zero probability."""

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self.choice = QComboBox(self)
        self.choice.setObjectName("mappingChoice")
        for key in MAPPINGS:
            self.choice.addItem(TITLES[key], key)
        self.choice.setToolTip(
            "Softmax gives every class some probability; sparsemax (Martins & Astudillo, 2016) "
            "and α-entmax (Peters et al., 2019) give exact zeros, more of them as α grows"
        )
        self.choice.setCurrentIndex(MAPPINGS.index(model.mapping))
        self.choice.currentIndexChanged.connect(
            lambda index: model.set_mapping(self.choice.itemData(index))
        )
        self.alpha = FloatSlider(*ALPHA_RANGE, "α", self)
        self.alpha.setObjectName("entmaxAlpha")
        self.alpha.setToolTip("α of entmax: 1 is softmax, 2 sparsemax, larger is sparser")
        self.alpha.setValue(model.entmax_alpha)
        self.alpha.valueChanged.connect(model.set_entmax_alpha)
        self.zeros = QLabel(self)
        self.zeros.setObjectName("zeroClasses")
        self.zeros.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("mapping", self.choice)
        form.addRow("α", self.alpha)
        form.addRow(self.zeros)
        model.mapping_changed.connect(self._on_mapping_changed)
        model.entmax_alpha_changed.connect(self._on_alpha_changed)
        for signal in (model.logits_changed, model.temperature_changed):
            signal.connect(self._show_zeros)
        self._on_mapping_changed(model.mapping)

    def _on_mapping_changed(self, mapping: str) -> None:
        index = MAPPINGS.index(mapping)
        if self.choice.currentIndex() != index:
            blocked = self.choice.blockSignals(True)
            self.choice.setCurrentIndex(index)
            self.choice.blockSignals(blocked)
        self.alpha.setEnabled(mapping == "entmax")
        self._show_zeros()

    def _on_alpha_changed(self, alpha: float) -> None:
        if self.alpha.value() != alpha:
            blocked = self.alpha.blockSignals(True)
            self.alpha.setValue(alpha)
            self.alpha.blockSignals(blocked)
        self._show_zeros()

    def _show_zeros(self, *_args) -> None:
        probabilities = self._model.probabilities()
        zero = int((probabilities == 0.0).sum())
        self.zeros.setText(
            f"{zero} of {probabilities.size} classes have probability exactly 0 (✕ on the chart)"
            if zero
            else "Every class has some probability."
        )
