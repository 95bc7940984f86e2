"""BlockPanel: the feed-forward block's diagram, its width controls and both parameter counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import gated
from gui.gated.block_diagram import BlockDiagram
from gui.gated.gated_model import GatedModel
from gui.widgets.float_slider import FloatSlider
from gui.widgets.tab_page import set_quietly

# The slider moves d in steps of 64 (GPT-2 small's 768, LLaMA-7B's 4,096, LLaMA-65B's 8,192
# are all on it) up to 16,384; the box takes any width from 8 to 65,536.
MODEL_DIM_STEP = 64
SLIDER_MAXIMUM_DIM = 16384


class BlockPanel(QGroupBox):
    """``modelDim`` (d) and ``ffRatio`` (d_ff / d) set the block; ``parameterCounts`` says what
    the gated block costs and which ungated block costs the same."""

    def __init__(self, model: GatedModel, parent: QWidget | None = None):
        super().__init__("Feed-forward block", parent)
        self._model = model
        self.diagram = BlockDiagram(self)
        self.model_dim = QSpinBox(self)
        self.model_dim.setObjectName("modelDim")
        self.model_dim.setAccessibleName("model width d")
        self.model_dim.setRange(*model.bounds("model_dim"))
        self.model_dim.setSingleStep(MODEL_DIM_STEP)
        self.model_dim.setGroupSeparatorShown(True)
        self.model_dim.setKeyboardTracking(False)
        self.model_dim.setToolTip("d, the width of the model's residual stream (LLaMA-7B: 4096)")
        self.model_dim.setValue(model.model_dim)
        self.model_dim.valueChanged.connect(model.set_model_dim)
        self.model_dim_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.model_dim_slider.setObjectName("modelDimSlider")
        self.model_dim_slider.setAccessibleName("model width d slider")
        self.model_dim_slider.setRange(1, SLIDER_MAXIMUM_DIM // MODEL_DIM_STEP)
        self.model_dim_slider.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.model_dim_slider.setToolTip(f"Drag d in steps of {MODEL_DIM_STEP}")
        self._show_dim_on_slider(model.model_dim)
        self.model_dim_slider.valueChanged.connect(
            lambda step: model.set_model_dim(step * MODEL_DIM_STEP)
        )
        self.ratio = FloatSlider(*model.bounds("ff_ratio"), "hidden width d_ff / d")
        self.ratio.setObjectName("ffRatio")
        self.ratio.setValue(model.ff_ratio)
        self.ratio.valueChanged.connect(model.set_ff_ratio)
        self.counts = QLabel(self)
        self.counts.setObjectName("parameterCounts")
        self.counts.setWordWrap(True)
        dim_row = QHBoxLayout()
        dim_row.addWidget(self.model_dim_slider, 1)
        dim_row.addWidget(self.model_dim)
        form = QFormLayout()
        form.addRow("model width d", dim_row)
        form.addRow("d_ff / d", self.ratio)
        layout = QVBoxLayout(self)
        layout.addWidget(self.diagram)
        layout.addLayout(form)
        layout.addWidget(self.counts)
        self._render()
        model.unit_changed.connect(self._on_unit_changed)
        model.model_dim_changed.connect(self._on_model_dim_changed)
        model.ff_ratio_changed.connect(self._on_ff_ratio_changed)

    def _render(self) -> None:
        model = self._model
        unit = gated.unit(model.unit)
        hidden = gated.hidden_width(model.model_dim, model.ff_ratio)
        weights = gated.block_parameters(model.model_dim, model.ff_ratio)
        # The ungated width with the same weights: two matrices instead of three.
        same_ratio = 1.5 * model.ff_ratio
        ungated = gated.block_parameters(model.model_dim, same_ratio, gated=False)
        self.diagram.set_block(unit.gate_symbol, model.model_dim, hidden)
        self.counts.setText(
            f"<b>{unit.name}</b>, d_ff = {hidden:,}: three d × d_ff matrices, "
            f"<b>{weights:,}</b> weights.<br>"
            f"An ungated block (two matrices) has as many at d_ff = {same_ratio:.3g}·d: "
            f"{ungated:,}. With d_ff = 8/3·d a gated block costs what the usual 4·d one does, "
            "8·d², the width LLaMA chose."
        )

    def _on_unit_changed(self, _unit: str) -> None:
        self._render()

    def _show_dim_on_slider(self, model_dim: int) -> None:
        step = min(max(1, round(model_dim / MODEL_DIM_STEP)), self.model_dim_slider.maximum())
        blocked = self.model_dim_slider.blockSignals(True)
        self.model_dim_slider.setValue(step)
        self.model_dim_slider.blockSignals(blocked)

    def _on_model_dim_changed(self, model_dim: int) -> None:
        set_quietly(self.model_dim, model_dim)
        self._show_dim_on_slider(model_dim)
        self._render()

    def _on_ff_ratio_changed(self, ratio: float) -> None:
        set_quietly(self.ratio, ratio)
        self._render()
