"""Fixed, colour-blind-safe colours per function, the same in every view, session and version.

A colour belongs to a function's key, never to its position in the registry: adding a
function (or a user's own) leaves every other colour where it was.
"""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QColor

# The brief's eight functions take Okabe & Ito's colour-blind-safe palette (without its
# yellow, unreadable on white) plus a wine red; the wider catalogue takes further distinct
# colours from Paul Tol's muted, vibrant, dark and rainbow schemes.
FUNCTION_COLORS = {
    "sigmoid": "#0072B2",
    "tanh": "#D55E00",
    "relu": "#009E73",
    "leaky_relu": "#E69F00",
    "prelu": "#CC79A7",
    "elu": "#56B4E9",
    "gelu": "#000000",
    "gelu_tanh": "#882255",
    "logsigmoid": "#332288",
    "softsign": "#44AA99",
    "arctan": "#117733",
    "lecun_tanh": "#999933",
    "symmetrical_sigmoid": "#CC6677",
    "loglog": "#AA4499",
    "rrelu": "#88CCEE",
    "selu": "#DDAA33",
    "celu": "#EE7733",
    "relu6": "#0077BB",
    "srelu": "#33BBEE",
    "silu": "#EE3377",
    "mish": "#CC3311",
    "softplus": "#009988",
    "squareplus": "#004488",
    "hardsigmoid": "#BB5566",
    "hardtanh": "#882E72",
    "hardswish": "#1965B0",
    "softshrink": "#7BAFDE",
    "hardshrink": "#4EB265",
    "binary_step": "#90C987",
    "signum": "#F4A736",
    "identity": "#E8601C",
    "absolute": "#DC050C",
    "bent_identity": "#72190E",
    "tanhshrink": "#5289C7",
    "gaussian": "#AE76A3",
    "sinusoid": "#666633",
    "cosine": "#6699CC",
    "sinc": "#997700",
}

# Functions without a colour of their own (a user's custom function) draw one of these,
# chosen by a hash of the key: the same key gets the same colour in every session.
SPARE_COLORS = (
    "#994455",
    "#EE8866",
    "#44BB99",
    "#AAAA00",
    "#77AADD",
    "#EE99AA",
    "#555555",
    "#BB9900",
)


def color_hex(key: str) -> str:
    """The colour of function ``key`` as '#RRGGBB'."""
    if key in FUNCTION_COLORS:
        return FUNCTION_COLORS[key]
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return SPARE_COLORS[int.from_bytes(digest[:4], "big") % len(SPARE_COLORS)]


def color(key: str, dark: bool = False) -> QColor:
    """The colour of ``key``; black becomes a light grey on a dark background."""
    value = QColor(color_hex(key))
    if dark and value.lightness() < 60:
        return QColor("#E0E0E0")
    return value


# Softmax classes cycle through the functions' colours without the two GELUs' (black and
# wine red), in the order they have always had.
_CLASS_COLORS = tuple(
    value for key, value in FUNCTION_COLORS.items() if key not in ("gelu", "gelu_tanh")
)


def class_color(index: int) -> QColor:
    """The colour of softmax class ``index`` (the palette, cycled)."""
    return QColor(_CLASS_COLORS[index % len(_CLASS_COLORS)])
