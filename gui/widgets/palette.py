"""Fixed, colour-blind-safe colours per function, the same in every view and every session."""

from __future__ import annotations

from PySide6.QtGui import QColor

from core import activations

# The eight original functions take Okabe & Ito's colour-blind-safe palette (without its
# yellow, unreadable on white) plus a wine red; the wider catalogue takes thirty further
# distinct colours from Paul Tol's muted, vibrant, dark and rainbow schemes, each fixed to
# its function by registry order, so a function keeps its colour in every view and session.
_EXPLICIT = {
    "sigmoid": "#0072B2",
    "tanh": "#D55E00",
    "relu": "#009E73",
    "leaky_relu": "#E69F00",
    "prelu": "#CC79A7",
    "elu": "#56B4E9",
    "gelu": "#000000",
    "gelu_tanh": "#882255",
}
_CATALOGUE_COLORS = (
    "#332288",
    "#44AA99",
    "#117733",
    "#999933",
    "#CC6677",
    "#AA4499",
    "#88CCEE",
    "#DDAA33",
    "#EE7733",
    "#0077BB",
    "#33BBEE",
    "#EE3377",
    "#CC3311",
    "#009988",
    "#004488",
    "#BB5566",
    "#882E72",
    "#1965B0",
    "#7BAFDE",
    "#4EB265",
    "#90C987",
    "#F4A736",
    "#E8601C",
    "#DC050C",
    "#72190E",
    "#5289C7",
    "#AE76A3",
    "#666633",
    "#6699CC",
    "#997700",
)


def color_hex(key: str) -> str:
    """The colour of function ``key`` as '#RRGGBB'.

    The eight original functions have explicit colours; the others take the catalogue's
    colours in registry order (cycling only if the registry outgrows them).
    """
    if key in _EXPLICIT:
        return _EXPLICIT[key]
    extra = [k for k in activations.keys() if k not in _EXPLICIT]
    return _CATALOGUE_COLORS[extra.index(key) % len(_CATALOGUE_COLORS)]


def color(key: str, dark: bool = False) -> QColor:
    """The colour of ``key``; black becomes a light grey on a dark background."""
    value = QColor(color_hex(key))
    if dark and value.lightness() < 60:
        return QColor("#E0E0E0")
    return value


_CLASS_COLORS = tuple(_EXPLICIT.values())[:6] + _CATALOGUE_COLORS


def class_color(index: int) -> QColor:
    """The colour of softmax class ``index`` (the palette, cycled)."""
    return QColor(_CLASS_COLORS[index % len(_CLASS_COLORS)])
