"""FloatSlider: a slider for dragging a number to round values, and a box for exact ones."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

# A drag moves over about this many positions end to end, so each is a few pixels wide and
# round values (1.0 on [0, 5]) can be hit; the box's arrow keys step five times finer.
DRAG_POSITIONS = 100
KEY_STEPS = 500


def nice_step(span: float, count: int) -> float:
    """The largest of 1, 2 or 5 times a power of ten not above ``span / count``."""
    raw = span / count
    power = 10.0 ** math.floor(math.log10(raw))
    return max(multiple * power for multiple in (1.0, 2.0, 5.0) if multiple * power <= raw)


def decimals_for(step: float) -> int:
    """Digits after the point that show every multiple of ``step`` (at least three)."""
    return max(3, -math.floor(math.log10(step) + 1e-9))


class FloatSlider(QWidget):
    """A number in [minimum, maximum] as a slider and a spin box that stay in step.

    The slider moves over round values (multiples of a 1-2-5 step, and both ends), so a drag
    lands on 1.0 rather than 0.9961; the box takes any value typed, and its arrow keys step
    five times finer than a drag. The box is the keyboard's one stop (Tab focuses it); the
    slider is for the mouse. The widget shows the slider, and the box beside it unless
    ``box_beside`` is False: the caller then places :attr:`box` where it likes.

    ``value()``, ``setValue(float)`` and ``valueChanged(float)`` behave as on a Qt slider:
    the signal follows every change of the value, the user's or the program's.
    """

    valueChanged = Signal(float)

    def __init__(
        self,
        minimum: float,
        maximum: float,
        name: str,
        parent: QWidget | None = None,
        box_beside: bool = True,
    ):
        super().__init__(parent)
        span = maximum - minimum
        drag_step = nice_step(span, DRAG_POSITIONS)
        self.key_step = nice_step(span, KEY_STEPS)
        multiples = np.arange(math.ceil(minimum / drag_step), math.floor(maximum / drag_step) + 1)
        grid = np.concatenate([[minimum], multiples * drag_step, [maximum]])
        # Rounded so that 20 × 0.05 is 1.0, not 1.0000000000000002.
        self._grid = np.unique(np.round(grid, decimals_for(drag_step) + 3))

        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, self._grid.size - 1)
        self.slider.setPageStep(max(1, self._grid.size // 10))
        self.slider.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.slider.setAccessibleName(f"{name} slider")
        self.box = QDoubleSpinBox(self)
        self.box.setRange(minimum, maximum)
        self.box.setDecimals(decimals_for(self.key_step))
        self.box.setSingleStep(self.key_step)
        self.box.setKeyboardTracking(False)
        self.box.setAccessibleName(name)
        self.setFocusProxy(self.box)
        self.setToolTip(
            f"{name}: {minimum:g} to {maximum:g}. Drag in steps of {drag_step:g}; in the box "
            f"↑/↓ step by {self.key_step:g} and PgUp/PgDn by {10 * self.key_step:g}, or type."
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        if box_beside:
            layout.addWidget(self.box)
        self._value = float(minimum)
        self.box.setValue(self._value)
        self._show_on_slider(self._value)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.box.valueChanged.connect(self.setValue)

    def value(self) -> float:
        return self._value

    def setValue(self, value: float) -> None:
        value = min(max(float(value), self.box.minimum()), self.box.maximum())
        if value == self._value:
            return
        self._value = value
        blocked = self.box.blockSignals(True)
        self.box.setValue(value)
        self.box.blockSignals(blocked)
        self._show_on_slider(value)
        self.valueChanged.emit(value)

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        for widget in (self.slider, self.box):
            widget.setToolTip(text)

    def _show_on_slider(self, value: float) -> None:
        nearest = int(np.argmin(np.abs(self._grid - value)))
        blocked = self.slider.blockSignals(True)
        self.slider.setValue(nearest)
        self.slider.blockSignals(blocked)

    def _on_slider_moved(self, position: int) -> None:
        self.setValue(float(self._grid[position]))
