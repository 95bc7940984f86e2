"""LogSlider: a slider over round numbers spread evenly in their logarithm."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSlider, QWidget

MANTISSAS = (1.0, 2.0, 3.0, 5.0)  # per decade: a learning rate is 0.003 or 0.03, not 0.0029


def round_values(low: float, high: float) -> list[float]:
    """The numbers 1, 2, 3 and 5 times a power of ten in [low, high] (both > 0), increasing."""
    if not (0.0 < low < high):
        raise ValueError(f"need 0 < low < high, got {low!r} and {high!r}")
    values = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for mantissa in MANTISSAS:
            # Rounded to the digits it has, so 3e-5 is 3e-5 and not 3.0000000000000004e-05.
            value = float(f"{mantissa}e{exponent}")
            if low <= value <= high:
                values.append(value)
    return values


class LogSlider(QSlider):
    """A horizontal slider whose positions are :func:`round_values` of [low, high].

    ``value_chosen(float)`` follows the user's moves; :meth:`show_value` puts the handle on
    the position nearest (in the logarithm) to a value set elsewhere, without a signal.
    """

    value_chosen = Signal(float)

    def __init__(self, low: float, high: float, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.values = round_values(low, high)
        self.setRange(0, len(self.values) - 1)
        self.setPageStep(len(MANTISSAS))  # Page Up/Down: a decade
        self.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.setTickInterval(len(MANTISSAS))
        self.valueChanged.connect(self._on_moved)

    def show_value(self, value: float) -> None:
        """Move the handle to the round value nearest ``value``, quietly."""
        target = math.log10(value)
        position = min(
            range(len(self.values)), key=lambda index: abs(math.log10(self.values[index]) - target)
        )
        blocked = self.blockSignals(True)
        self.setValue(position)
        self.blockSignals(blocked)

    def chosen(self) -> float:
        """The round value under the handle."""
        return self.values[self.value()]

    def _on_moved(self, position: int) -> None:
        self.value_chosen.emit(self.values[position])
