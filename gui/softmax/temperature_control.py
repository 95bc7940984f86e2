"""TemperatureControl: the softmax temperature on a logarithmic slider with a spin box."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

from gui.softmax.softmax_model import MAX_TEMPERATURE, MIN_TEMPERATURE, SoftmaxModel

# Slider positions are hundredths of a decade: 0.01 (-200) to 100 (+200).
_STEPS_PER_DECADE = 100


class TemperatureControl(QWidget):
    """``value()``, ``setValue(float)`` and ``valueChanged(float)`` for the temperature.

    The slider moves in equal ratios (×1.023 a step), the box takes any value in
    [0.01, 100]; values outside are clamped, as Qt's own spin boxes do.
    """

    valueChanged = Signal(float)

    def __init__(self, model: SoftmaxModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("temperature")
        self._model = model
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("temperatureSlider")
        self.slider.setAccessibleName("Temperature T slider (logarithmic)")
        self.slider.setRange(
            round(math.log10(MIN_TEMPERATURE) * _STEPS_PER_DECADE),
            round(math.log10(MAX_TEMPERATURE) * _STEPS_PER_DECADE),
        )
        self.slider.setPageStep(_STEPS_PER_DECADE // 4)
        self.spin = QDoubleSpinBox(self)
        self.spin.setObjectName("temperatureBox")
        self.spin.setAccessibleName("Temperature T")
        self.spin.setRange(MIN_TEMPERATURE, MAX_TEMPERATURE)
        self.spin.setDecimals(3)
        self.spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.spin.setKeyboardTracking(False)
        tip = (
            "Softmax temperature T: logits are divided by T. Small T sharpens the "
            "distribution towards the largest logit, large T flattens it towards uniform."
        )
        for widget in (self, self.slider, self.spin):
            widget.setToolTip(tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self._show(model.temperature)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.spin.valueChanged.connect(self.setValue)
        model.temperature_changed.connect(self._on_temperature_changed)

    def value(self) -> float:
        return self._model.temperature

    def setValue(self, value: float) -> None:
        value = float(value)
        if math.isnan(value):
            return
        self._model.set_temperature(min(max(value, MIN_TEMPERATURE), MAX_TEMPERATURE))

    def _on_slider_moved(self, position: int) -> None:
        # Three significant digits: slider positions give round, readable temperatures.
        self.setValue(float(f"{10 ** (position / _STEPS_PER_DECADE):.3g}"))

    def _show(self, temperature: float) -> None:
        for widget, value in (
            (self.slider, round(math.log10(temperature) * _STEPS_PER_DECADE)),
            (self.spin, temperature),
        ):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)

    def _on_temperature_changed(self, temperature: float) -> None:
        self._show(temperature)
        self.valueChanged.emit(temperature)
