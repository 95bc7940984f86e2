"""RangeControls: the sampled x-interval and the number of samples."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QHBoxLayout, QSpinBox, QWidget

from gui.models import MAX_SAMPLE_COUNT, MIN_SAMPLE_COUNT, X_LIMIT, FunctionsModel


class RangeControls(QWidget):
    """x min, x max and sample count; a refused value goes back and ``message`` says why."""

    message = Signal(str)

    def __init__(self, functions: FunctionsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._functions = functions
        self.x_min = self._make_bound("xMin", "Left end of the plotted interval")
        self.x_max = self._make_bound("xMax", "Right end of the plotted interval")
        self.x_min.setAccessibleName("x min")
        self.x_max.setAccessibleName("x max")
        self.samples = QSpinBox(self)
        self.samples.setObjectName("sampleCount")
        self.samples.setRange(MIN_SAMPLE_COUNT, MAX_SAMPLE_COUNT)
        self.samples.setSingleStep(1000)
        self.samples.setGroupSeparatorShown(True)
        self.samples.setKeyboardTracking(False)
        self.samples.setToolTip(
            "Points per curve (up to 1,000,000; large counts are thinned to the screen's "
            "resolution while drawing, never in the data)."
        )
        bounds = QWidget(self)
        bounds_layout = QHBoxLayout(bounds)
        bounds_layout.setContentsMargins(0, 0, 0, 0)
        bounds_layout.addWidget(self.x_min)
        bounds_layout.addWidget(self.x_max)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("x range", bounds)
        form.addRow("samples", self.samples)
        self._on_x_range_changed(functions.x_range)
        self._on_sample_count_changed(functions.sample_count)
        self.x_min.editingFinished.connect(self._apply_range)
        self.x_max.editingFinished.connect(self._apply_range)
        self.samples.valueChanged.connect(self._apply_sample_count)
        functions.x_range_changed.connect(self._on_x_range_changed)
        functions.sample_count_changed.connect(self._on_sample_count_changed)

    def _make_bound(self, name: str, tip: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(-X_LIMIT, X_LIMIT)
        box.setDecimals(3)
        box.setKeyboardTracking(False)
        box.setToolTip(f"{tip}; x min must stay below x max.")
        return box

    def _apply_range(self) -> None:
        try:
            self._functions.set_x_range((self.x_min.value(), self.x_max.value()))
        except ValueError as error:
            self._on_x_range_changed(self._functions.x_range)
            self.message.emit(f"x-range refused: {error}")

    def _apply_sample_count(self, count: int) -> None:
        try:
            self._functions.set_sample_count(count)
        except ValueError as error:
            self._on_sample_count_changed(self._functions.sample_count)
            self.message.emit(f"sample count refused: {error}")

    def _on_x_range_changed(self, x_range: tuple[float, float]) -> None:
        low, high = x_range
        for box, value in ((self.x_min, low), (self.x_max, high)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)

    def _on_sample_count_changed(self, count: int) -> None:
        self.samples.blockSignals(True)
        self.samples.setValue(count)
        self.samples.blockSignals(False)
