"""The kinds of value a state field takes: how a value is checked, and how it travels to and
from the session's JSON. gui/models.py declares fields with them."""

from __future__ import annotations

import math
from dataclasses import dataclass


class Kind:
    """What values a field takes: how to check one, and how it is written to the session.

    ``check`` returns the value in its normal form or raises ValueError naming ``label``;
    ``decode`` turns JSON data read from the settings file into a value for the setter and
    refuses data of the wrong JSON type (the setter then checks the range).
    """

    signal_type: type | None = object  # the change signal's argument; None: no argument

    def check(self, value, label: str):
        return value

    def decode(self, data):
        return data

    def encode(self, value):
        return value

    def same(self, first, second) -> bool:
        return first == second


class Flag(Kind):
    signal_type = bool

    def check(self, value, label: str) -> bool:
        return bool(value)

    def decode(self, data) -> bool:
        if not isinstance(data, bool):
            raise ValueError(f"expected true or false, got {data!r}")
        return data


def number(data) -> float:
    if isinstance(data, bool) or not isinstance(data, (int, float)):
        raise ValueError(f"expected a number, got {data!r}")
    return float(data)


@dataclass(frozen=True)
class Number(Kind):
    """A finite float in [low, high]."""

    low: float
    high: float
    signal_type = float

    def check(self, value, label: str) -> float:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{label} must be a finite number")
        if not (self.low <= number <= self.high):
            raise ValueError(f"{label} must be in [{self.low:g}, {self.high:g}], got {number:g}")
        return number

    def decode(self, data) -> float:
        return number(data)


@dataclass(frozen=True)
class Integer(Kind):
    """A whole number in [low, high]."""

    low: int
    high: int
    signal_type = int

    def check(self, value, label: str) -> int:
        number = int(value)
        if number != value:
            raise ValueError(f"{label} must be a whole number, got {value!r}")
        if not (self.low <= number <= self.high):
            raise ValueError(f"{label} must be in [{self.low:g}, {self.high:g}], got {number:g}")
        return number

    def decode(self, data) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise ValueError(f"expected a whole number, got {data!r}")
        return data


@dataclass(frozen=True)
class Choice(Kind):
    """One of a fixed set of strings."""

    options: tuple[str, ...]
    signal_type = str

    def check(self, value, label: str) -> str:
        if value not in self.options:
            raise ValueError(f"{label} must be one of {', '.join(self.options)}, got {value!r}")
        return value

    def decode(self, data) -> str:
        return text(data)


def text(data) -> str:
    if not isinstance(data, str):
        raise ValueError(f"expected text, got {data!r}")
    return data


@dataclass(frozen=True)
class Scale(Kind):
    """One of a fixed set of numbers."""

    options: tuple[float, ...]
    signal_type = float

    def check(self, value, label: str) -> float:
        number = float(value)
        if number not in self.options:
            raise ValueError(f"{label} must be one of {self.options}, got {value!r}")
        return number

    def decode(self, data) -> float:
        return number(data)
