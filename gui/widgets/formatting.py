"""Number formats shared by the views: plain numbers that ``float()`` reads back."""

from __future__ import annotations

import math


def format_probability(p: float) -> str:
    """Four decimals from 0.01 up (0.4512), three significant digits below (3.2e-17), '0'."""
    p = float(p)
    if math.isnan(p):
        return "nan"
    if p == 0.0:
        return "0"
    if p >= 0.01:
        return f"{p:.4f}"
    return f"{p:.3g}"


def format_logit(value: float) -> str:
    """The shortest text that reads back as exactly ``value`` (2.5, -1e+308)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def format_quantity(value: float) -> str:
    """Four significant decimals for ordinary sizes, scientific notation beyond them."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0.0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.4f}"
    return f"{value:.3e}"


def parse_finite(text: str) -> float:
    """A finite float from user text; ValueError with a reason a user understands."""
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if math.isnan(value):
        raise ValueError("nan is not a usable number")
    if math.isinf(value):
        raise ValueError(f"{text.strip()!r} is infinite; enter a finite number (up to ±1.8e308)")
    return value
