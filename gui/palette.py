"""Fixed, colour-blind-safe colours per function, the same in every view and every session."""

from __future__ import annotations

from PySide6.QtGui import QColor

from core import activations

# Okabe & Ito (2008) first, without its yellow (unreadable on white), then Paul Tol's
# "muted" scheme for the functions beyond the first eight.
_OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000")
_TOL_MUTED = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)
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
_SEQUENCE = _OKABE_ITO + _TOL_MUTED


def color_hex(key: str) -> str:
    """The colour of function ``key`` as '#RRGGBB'.

    The eight original functions have explicit colours; later ones take the palette in
    registry order, so a function keeps its colour across sessions.
    """
    if key in _EXPLICIT:
        return _EXPLICIT[key]
    index = activations.keys().index(key)
    return _SEQUENCE[index % len(_SEQUENCE)]


def color(key: str, dark: bool = False) -> QColor:
    """The colour of ``key``; black becomes a light grey on a dark background."""
    value = QColor(color_hex(key))
    if dark and value.lightness() < 60:
        return QColor("#E0E0E0")
    return value


def class_color(index: int) -> QColor:
    """The colour of softmax class ``index`` (the palette, cycled)."""
    return QColor(_SEQUENCE[index % len(_SEQUENCE)])
