"""SoftmaxSummary: entropy, largest probability, effective classes and loss in one line."""

from __future__ import annotations

import html
import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from gui.softmax.softmax_model import SoftmaxModel
from gui.widgets.formatting import format_probability, format_quantity


class SoftmaxSummary(QLabel):
    """One line of the distribution's vital signs, recomputed from ``core`` on every change."""

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("softmaxSummary")
        self._model = model
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        # Room for two lines, fixed: a label whose height may change makes every edit
        # re-run the tab's layout (2 ms at K = 100, an eighth of a frame).
        self.setFixedHeight(2 * self.fontMetrics().lineSpacing() + 6)
        self.setToolTip(
            "Entropy H = -Σ p log p (0 for certainty, log K for uniform); effective classes "
            "exp(H) is how many equally likely classes would give the same entropy."
        )
        self._render()
        for signal in (model.logits_changed, model.labels_changed):
            signal.connect(self._on_inputs_changed)
        model.temperature_changed.connect(self._on_temperature_changed)
        model.mapping_changed.connect(self._on_temperature_changed)
        model.entmax_alpha_changed.connect(self._on_temperature_changed)
        model.target_changed.connect(self._on_target_changed)

    def values(self) -> dict[str, float]:
        """The figures shown, by name."""
        model = self._model
        nats = model.entropy()
        probabilities = model.probabilities()
        return {
            "entropy_nats": nats,
            "entropy_bits": nats / math.log(2.0),
            "largest_probability": float(np.max(probabilities)),
            "effective_classes": math.exp(nats),
            "loss": model.loss(),
        }

    def _render(self) -> None:
        figures = self.values()
        probabilities = self._model.probabilities()
        leader = self._model.labels[int(np.argmax(probabilities))]
        self.setText(
            f"<b>Entropy</b> {format_quantity(figures['entropy_nats'])} nats "
            f"({format_quantity(figures['entropy_bits'])} bits) &nbsp;·&nbsp; "
            f"<b>largest p</b> {format_probability(figures['largest_probability'])} "
            f"({html.escape(leader)}) &nbsp;·&nbsp; "
            f"<b>effective classes</b> {format_quantity(figures['effective_classes'])} "
            f"of {probabilities.size} &nbsp;·&nbsp; "
            f"<b>loss</b> {format_quantity(figures['loss'])}"
        )

    def _on_inputs_changed(self) -> None:
        self._render()

    def _on_temperature_changed(self, _temperature: float) -> None:
        self._render()

    def _on_target_changed(self, _target: int) -> None:
        self._render()
