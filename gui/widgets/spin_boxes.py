"""Spin boxes set up the way every tab's controls are: named, bounded, explained, and
committing a typed value on Enter or focus loss rather than at every keystroke."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox


def integer_box(name: str, bounds: tuple[int, int], value: int, tip: str = "") -> QSpinBox:
    """A QSpinBox called ``name`` over ``bounds`` showing ``value``."""
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(*bounds)
    box.setValue(value)
    box.setKeyboardTracking(False)
    box.setToolTip(tip)
    return box


def number_box(
    name: str,
    bounds: tuple[float, float],
    value: float,
    step: float,
    decimals: int,
    tip: str = "",
) -> QDoubleSpinBox:
    """A QDoubleSpinBox called ``name`` over ``bounds`` showing ``value`` with ``decimals``
    digits after the point, ``step`` per arrow press."""
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setDecimals(decimals)  # before the range and value, which it rounds
    box.setRange(*bounds)
    box.setSingleStep(step)
    box.setValue(value)
    box.setKeyboardTracking(False)
    box.setToolTip(tip)
    return box
