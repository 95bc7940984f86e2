"""PrecisionModel: which number format the Precision tab shows the focused function in."""

from __future__ import annotations

from core import precision
from gui.field_kinds import Choice
from gui.models import Field, Model

FORMAT_TITLES = {
    "float64": "float64 (double)",
    "float32": "float32 (single)",
    "float16": "float16 (half)",
    "bfloat16": "bfloat16 (brain float)",
    "float8_e4m3fn": "float8 E4M3 (no infinities)",
    "float8_e5m2": "float8 E5M2",
}


class PrecisionModel(Model):
    """The format; the function and its parameters are the shared functions model's."""

    FIELDS = (Field("format", "float16", Choice(precision.FORMATS), "precision/format"),)
