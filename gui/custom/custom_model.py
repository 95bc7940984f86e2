"""CustomModel: the functions the user typed, kept as definitions and registered in the core.

A definition is what :func:`core.custom.definition` returns (expression, name, parameter
defaults and ranges): small, JSON, and enough to rebuild the function. The model registers
each in ``core.activations`` before it announces a change, so every view that hears
``definitions_changed`` (or the functions model's ``registry_changed``) finds the keys.
"""

from __future__ import annotations

import json
from functools import lru_cache

from PySide6.QtCore import QObject

from core import activations, custom
from gui.field_kinds import Kind
from gui.models import Field, Model

MAX_FUNCTIONS = 50


def _canonical(definition) -> str:
    return json.dumps(definition, sort_keys=True, ensure_ascii=False)


@lru_cache(maxsize=256)
def _parsed(canonical: str) -> activations.Activation:
    """The Activation of a definition (parsing takes 50-300 ms: done once per definition)."""
    return custom.from_definition(json.loads(canonical))


def parse_definition(definition) -> activations.Activation:
    """The Activation a definition describes; ExpressionError (a ValueError) if none."""
    try:
        canonical = _canonical(definition)
    except (TypeError, ValueError):
        raise custom.ExpressionError("a definition must be JSON data") from None
    return _parsed(canonical)


class Definitions(Kind):
    """A tuple of custom-function definitions with distinct keys, each one that parses."""

    signal_type = tuple

    def check(self, value, label: str) -> tuple[dict, ...]:
        definitions = tuple(value)
        if len(definitions) > MAX_FUNCTIONS:
            raise ValueError(f"{label}: at most {MAX_FUNCTIONS} custom functions")
        keys = []
        normal = []
        for definition in definitions:
            act = parse_definition(definition)
            if act.key in keys:
                raise ValueError(f"{label}: two functions are named {act.name!r}")
            keys.append(act.key)
            normal.append(custom.definition(act))
        return tuple(normal)

    def decode(self, data) -> list:
        if not isinstance(data, list):
            raise ValueError("expected a list of definitions")
        # A definition that no longer parses (edited by hand) is dropped, not the others.
        usable = []
        for definition in data:
            try:
                parse_definition(definition)
            except ValueError:
                continue
            usable.append(definition)
        return usable

    def encode(self, value) -> list:
        return [dict(definition) for definition in value]


class CustomModel(Model):
    """The user's functions; ``set_definitions`` registers them (and unregisters the ones
    no longer listed) before ``definitions_changed`` is emitted."""

    FIELDS = (Field("definitions", (), Definitions(), "custom/functions", "custom functions"),)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)

    def set_definitions(self, value) -> None:
        definitions = self._field("definitions").kind.check(value, "custom functions")
        records = [parse_definition(definition) for definition in definitions]
        wanted = {record.key for record in records}
        for key in self.keys():
            if key not in wanted:
                activations.unregister(key)
        for record in records:
            activations.register(record)
        self._assign("definitions", definitions)

    def keys(self) -> list[str]:
        """The registered keys of the user's functions, in the order they were added."""
        return [parse_definition(definition).key for definition in self.definitions]

    def add(self, definition) -> str:
        """Add (or, for a name already used, replace) a function; returns its key."""
        key = parse_definition(definition).key
        kept = [d for d in self.definitions if parse_definition(d).key != key]
        self.set_definitions((*kept, definition))
        return key

    def replace(self, key: str, definition) -> str:
        """Put ``definition`` where function ``key`` was; returns the new key."""
        new_key = parse_definition(definition).key
        updated = []
        for existing in self.definitions:
            existing_key = parse_definition(existing).key
            if existing_key == key:
                updated.append(definition)
            elif existing_key != new_key:
                updated.append(existing)
        self.set_definitions(tuple(updated))
        return new_key

    def remove(self, key: str) -> None:
        self.set_definitions(tuple(d for d in self.definitions if parse_definition(d).key != key))

    def definition(self, key: str) -> dict:
        for definition in self.definitions:
            if parse_definition(definition).key == key:
                return dict(definition)
        raise KeyError(key)

    def free_name(self, name: str) -> str:
        """``name``, or "name 2", "name 3", … whichever no function uses yet."""
        taken = set(activations.keys())
        candidate, number = name, 2
        while custom.KEY_PREFIX + custom.slug(candidate) in taken:
            candidate, number = f"{name} {number}", number + 1
        return candidate
