"""DepthTab: gradients and activations through a deep stack of the focused function."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from gui.depth.depth_model import DEPTH_RANGE, GAIN_RANGE, WIDTH_RANGE
from gui.depth.depth_view import DepthView
from gui.models import AppState
from gui.widgets.spin_boxes import integer_box, number_box
from gui.widgets.tab_page import TabPage, controls_column, set_quietly

EXPLANATION = (
    "A stack h<sub>l</sub> = f(h<sub>l−1</sub> W<sub>l</sub>) with W<sub>l</sub> ~ "
    "N(0, g²/width), a batch of 128 standard-normal inputs and a standard-normal gradient sent "
    "back from the top. Solid: gradient RMS per layer; dashed: activation RMS. Xavier (g = 1) "
    "suits tanh; He (g = √2) suits ReLU."
)


class DepthTab(TabPage):
    """Controls (depth, width, init, seed) on the left, the plots on the right."""

    SPLITTERS: ClassVar[dict[str, list[int] | None]] = {"depthSplitter": [300, 1100]}

    def __init__(self, state: AppState, lazy: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        functions, model = state.functions, state.depth
        self._functions, self._model = functions, model
        self.depth = integer_box("depthControl", DEPTH_RANGE, model.depth, "Number of layers")
        self.width = integer_box("widthControl", WIDTH_RANGE, model.width, "Units per layer")
        self.seed = integer_box(
            "depthSeed", (0, 2**31 - 1), model.depth_seed, "Seed of weights and inputs"
        )
        self.depth.valueChanged.connect(model.set_depth)
        self.width.valueChanged.connect(model.set_width)
        self.seed.valueChanged.connect(model.set_depth_seed)
        self.init = QComboBox()
        self.init.setObjectName("initControl")
        self.init.addItems(["Xavier (g = 1)", "He (g = √2)", "Custom gain"])
        self.init.setToolTip("How large the random weights are: W ~ N(0, g²/width)")
        self.gain = number_box("gainControl", GAIN_RANGE, 1.0, 0.05, 3, "The custom gain g")
        self.init.currentIndexChanged.connect(self._on_init_chosen)
        self.gain.valueChanged.connect(self._on_init_chosen)
        self.compare = QCheckBox("Also run the other shown functions")
        self.compare.setObjectName("depthCompareShown")
        self.compare.setToolTip("Overlay every function ticked on the Functions tab")
        self.compare.setChecked(functions.compare_shown)
        self.compare.toggled.connect(functions.set_compare_shown)
        self.view = DepthView(functions, model)

        controls = QGroupBox("Network")
        form = QFormLayout(controls)
        form.addRow("depth", self.depth)
        form.addRow("width", self.width)
        form.addRow("init", self.init)
        form.addRow("gain", self.gain)
        form.addRow("seed", self.seed)
        form.addRow(self.compare)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.RichText)
        left = controls_column(controls, explanation, minimum_width=260)
        self.splitter = self.lay_out_side_by_side("depthSplitter", left, self.view)

        self._on_init_changed(model.init)
        model.init_changed.connect(self._on_init_changed)
        model.depth_changed.connect(lambda value: set_quietly(self.depth, value))
        model.width_changed.connect(lambda value: set_quietly(self.width, value))
        model.depth_seed_changed.connect(lambda value: set_quietly(self.seed, value))
        functions.compare_shown_changed.connect(self.compare.setChecked)

    def _on_init_chosen(self, *_args) -> None:
        choice = self.init.currentIndex()
        self.gain.setEnabled(choice == 2)
        self._model.set_init(("xavier", "he")[choice] if choice < 2 else self.gain.value())

    def _on_init_changed(self, init: str) -> None:
        self.init.blockSignals(True)
        self.gain.blockSignals(True)
        if init in ("xavier", "he"):
            self.init.setCurrentIndex(0 if init == "xavier" else 1)
        else:
            self.init.setCurrentIndex(2)
            self.gain.setValue(float(init))
        self.gain.setEnabled(self.init.currentIndex() == 2)
        self.init.blockSignals(False)
        self.gain.blockSignals(False)

    def wait_idle(self) -> None:
        """Bring a stale view up to date and let its run finish."""
        self.view.ensure_current()
        self.view.job.wait()

    def export_grid(self) -> list[list[QWidget]]:
        self.wait_idle()
        return [[self.view.plot], [self.view.heatmap]]

    def csv_rows(self) -> list[list]:
        """Layer, then gradient and activation RMS of each drawn function."""
        self.wait_idle()
        flows = self.view.flows
        header = ["layer"]
        for key in flows:
            header += [f"{key} gradient RMS", f"{key} activation RMS"]
        depth = next(iter(flows.values())).depth
        rows = [header]
        for layer in range(depth + 1):
            row = [layer]
            for flow in flows.values():
                row += [
                    repr(float(flow.gradient_rms[layer])),
                    repr(float(flow.activation_rms[layer])),
                ]
            rows.append(row)
        return rows
