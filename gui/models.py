"""The state models: every choice the user makes, each declared once as a :class:`Field`.

A field's declaration (name, default, kind, settings key) is the only place it is written
down. From it, :class:`ModelMeta` derives the field's change signal ``<name>_changed``, its
read-only property and its setter ``set_<name>`` (unless the model writes its own), and
:class:`Model` derives reset, the session's save and restore, and the signals autosave
listens to. A setter validates, stores and emits, and emits nothing when the value does not
change.

The kinds of value (numbers in a range, flags, choices) are in ``gui/field_kinds.py``. This
module holds the mechanism, the functions model that several tabs share, the display
model of the window, and :class:`AppState`, which composes them with each tab's own model
(declared in ``gui/tabs.py``).
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal

from core import activations
from gui.field_kinds import Choice, Flag, Integer, Kind, Scale, number, text
from gui.tabs import TABS

# ---- the declaration mechanism -------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One piece of state, declared once.

    Parameters
    ----------
    name : str
        Attribute name: the model gets ``name``, ``set_<name>`` and ``<name>_changed``.
    default : object
        The value of a new model and after :meth:`Model.reset`.
    kind : Kind
        Checks values and converts them to and from the session's JSON.
    saved : str or None
        The settings key under which the session keeps the field; None keeps it only for
        the running session.
    label : str
        How error messages name the field (default: the name with spaces).
    """

    name: str
    default: object
    kind: Kind
    saved: str | None = None
    label: str = ""
    # False where the model writes the property and setters itself (a field with a shape
    # of its own, such as every function's parameters).
    accessors = True

    @property
    def text(self) -> str:
        return self.label or self.name.replace("_", " ")

    def reset(self, model: Model) -> None:
        getattr(model, f"set_{self.name}")(self.default)

    def entries(self, model: Model) -> list[tuple[str, Callable[[], object], Callable]]:
        """(settings key, read the value as JSON data, apply JSON data) for the session."""
        if self.saved is None:
            return []
        setter = getattr(model, f"set_{self.name}")
        return [
            (
                self.saved,
                lambda: self.kind.encode(getattr(model, self.name)),
                lambda data: setter(self.kind.decode(data)),
            )
        ]


class ModelMeta(type(QObject)):
    """Adds a signal, a property and a setter for every field a model class declares."""

    def __new__(mcls, name, bases, namespace, **kwargs):
        for field in namespace.get("FIELDS", ()):
            signal = f"{field.name}_changed"
            if signal not in namespace:
                kind = field.kind.signal_type
                namespace[signal] = Signal() if kind is None else Signal(kind)
            if not field.accessors:
                continue
            if field.name not in namespace:
                namespace[field.name] = property(
                    lambda self, n=field.name: self._values[n], doc=f"The current {field.text}."
                )
            if f"set_{field.name}" not in namespace:
                namespace[f"set_{field.name}"] = _generic_setter(field)
        return super().__new__(mcls, name, bases, namespace, **kwargs)


def _generic_setter(field: Field):
    def setter(self, value) -> None:
        self._assign(field.name, field.kind.check(value, field.text))

    setter.__name__ = f"set_{field.name}"
    setter.__doc__ = f"Set the {field.text}; ValueError when it is not allowed."
    return setter


class Model(QObject, metaclass=ModelMeta):
    """Base of the state models: values, reset, session entries and change signals."""

    FIELDS: tuple[Field, ...] = ()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._values: dict[str, object] = {field.name: field.default for field in self.FIELDS}

    def _assign(self, name: str, value) -> bool:
        """Store ``value`` and emit ``<name>_changed`` unless it is what is stored already."""
        field = self._field(name)
        if field.kind.same(self._values[name], value):
            return False
        self._values[name] = value
        signal = getattr(self, f"{name}_changed")
        if field.kind.signal_type is None:
            signal.emit()
        else:
            signal.emit(value)
        return True

    @classmethod
    def _field(cls, name: str) -> Field:
        for field in cls.FIELDS:
            if field.name == name:
                return field
        raise KeyError(name)

    def reset(self) -> None:
        """Every field back to its default, in declaration order."""
        for field in self.FIELDS:
            field.reset(self)

    def session_entries(self) -> Iterator[tuple[str, Callable[[], object], Callable]]:
        """(settings key, read, apply) for every saved field, in declaration order (the order
        restore applies them: a field checked against another comes after it)."""
        for field in self.FIELDS:
            yield from field.entries(self)

    def saved_signals(self) -> list:
        """The change signals of the saved fields: what autosave listens to."""
        return [getattr(self, f"{field.name}_changed") for field in self.FIELDS if field.saved]


# ---- the functions model, shared by several tabs --------------------------------------------

DEFAULT_SHOWN = ("sigmoid", "tanh", "relu", "gelu")
DEFAULT_FOCUSED = "sigmoid"
DEFAULT_X_RANGE = (-6.0, 6.0)
DEFAULT_SAMPLE_COUNT = 2001
MIN_SAMPLE_COUNT = 2
MAX_SAMPLE_COUNT = 1_000_000
X_LIMIT = 1e6  # the plots stay meaningful (and float64 spacing fine) within ±1e6


class FunctionKeys(Kind):
    """A set of registry keys, kept in registry order; an unknown key is a KeyError."""

    signal_type = tuple

    def check(self, value, label: str) -> tuple[str, ...]:
        wanted = set(value)
        for key in wanted:
            activations.get(key)
        return tuple(key for key in activations.keys() if key in wanted)

    def decode(self, data) -> list[str]:
        if not isinstance(data, list) or not all(isinstance(key, str) for key in data):
            raise ValueError("expected a list of function keys")
        # A function removed since the session was saved is dropped, not an error.
        known = [key for key in data if key in activations.keys()]
        if data and not known:
            raise ValueError("none of the saved functions exists")
        return known

    def encode(self, value) -> list[str]:
        return list(value)


class FunctionKey(Kind):
    """One registry key; an unknown key is a KeyError naming the known ones."""

    signal_type = str

    def check(self, value, label: str) -> str:
        activations.get(value)
        return value

    def decode(self, data) -> str:
        return text(data)


@dataclass(frozen=True)
class Interval(Kind):
    """A (low, high) pair of finite floats with low < high, both within ±limit."""

    limit: float
    signal_type = tuple

    def check(self, value, label: str) -> tuple[float, float]:
        low, high = (float(end) for end in value)
        if not (math.isfinite(low) and math.isfinite(high)):
            raise ValueError(f"the {label} needs finite numbers")
        if not (low < high):
            raise ValueError(f"x min must be less than x max (got {low:g} and {high:g})")
        if max(abs(low), abs(high)) > self.limit:
            raise ValueError(f"the {label} must lie within ±{self.limit:g}")
        return (low, high)

    def decode(self, data) -> tuple[float, float]:
        if not isinstance(data, list) or len(data) != 2:
            raise ValueError("expected [low, high]")
        return (number(data[0]), number(data[1]))

    def encode(self, value) -> list[float]:
        return list(value)


class ParameterValues(Kind):
    """Every function's parameter values; the change signal names the function."""

    signal_type = str


class ParameterField(Field):
    """The parameters of every registered function: one settings key per parameter
    (``params/<key>/<name>``), reset function by function."""

    accessors = False

    def reset(self, model: FunctionsModel) -> None:
        for key in activations.keys():
            model.reset_params(key)

    def entries(self, model: FunctionsModel):
        entries = []
        for key in activations.keys():
            for param in activations.get(key).params:
                entries.append(
                    (
                        f"{self.saved}/{key}/{param.name}",
                        lambda key=key, name=param.name: model.params(key)[name],
                        lambda data, key=key, name=param.name: model.set_param(
                            key, name, number(data)
                        ),
                    )
                )
        return entries


class FunctionsModel(Model):
    """Which functions are drawn and focused, their parameters, and how they are sampled.

    Shared by the Functions, Compare, Distributions and Depth tabs.
    """

    FIELDS = (
        Field("shown", DEFAULT_SHOWN, FunctionKeys(), saved="functions/shown"),
        Field("focused", DEFAULT_FOCUSED, FunctionKey(), saved="functions/focused"),
        Field("x_range", DEFAULT_X_RANGE, Interval(X_LIMIT), saved="view/x_range"),
        Field(
            "sample_count",
            DEFAULT_SAMPLE_COUNT,
            Integer(MIN_SAMPLE_COUNT, MAX_SAMPLE_COUNT),
            saved="view/sample_count",
        ),
        Field("saturation_shading", True, Flag(), saved="view/saturation_shading"),
        Field("log_derivative", False, Flag(), saved="view/log_derivative"),
        # Whether Distributions and Depth draw every shown function, not only the focus.
        Field("compare_shown", False, Flag(), saved="distributions/compare_shown"),
        ParameterField("params", None, ParameterValues(), saved="params"),
    )

    # The registry gained or lost functions (the user's own): lists and tables rebuild.
    registry_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._values["params"] = {
            key: activations.get(key).defaults() for key in activations.keys()
        }
        self._x_cache: tuple[tuple[float, float, int], np.ndarray] | None = None

    def on_registry_changed(self, *_args) -> None:
        """Forget functions no longer registered (shown, focused, parameters), take the
        defaults of new ones, and tell the views."""
        known = set(activations.keys())
        params = self._values["params"]
        for key in [key for key in params if key not in known]:
            del params[key]
        for key in known:
            # A function edited under the same key may have other parameters now.
            defaults = activations.get(key).defaults()
            if key not in params or set(params[key]) != set(defaults):
                params[key] = defaults
        # Every value consistent with the registry before anyone hears of anything: a view
        # answering the first signal must not find a key that is gone in another field.
        focused_changed = self.focused not in known
        shown_changed = not set(self.shown) <= known
        if focused_changed:
            self._values["focused"] = DEFAULT_FOCUSED
        if shown_changed:
            self._values["shown"] = tuple(key for key in self.shown if key in known)
        self.registry_changed.emit()
        if focused_changed:
            self.focused_changed.emit(self.focused)
        if shown_changed:
            self.shown_changed.emit(self.shown)

    def set_key_shown(self, key: str, shown: bool) -> None:
        current = set(self.shown)
        self.set_shown(current | {key} if shown else current - {key})

    def _params_of(self, key: str) -> dict[str, float]:
        """The stored values of ``key``'s parameters; a function registered since this
        model last heard (another window's, in tests) starts at its defaults."""
        params = self._values["params"]
        if key not in params:
            params[key] = activations.get(key).defaults()  # KeyError for an unknown key
        return params[key]

    def params(self, key: str) -> dict[str, float]:
        """A copy of the current parameter values of ``key``."""
        return dict(self._params_of(key))

    def set_param(self, key: str, name: str, value: float) -> None:
        """Set one parameter; ValueError (naming the range) when out of range or when the
        function's other current parameters forbid it (hardtanh's min_val < max_val)."""
        current = self._params_of(key)
        value = activations.get(key).resolve({**current, name: value})[name]
        if current[name] != value:
            current[name] = value
            self.params_changed.emit(key)

    def reset_params(self, key: str) -> None:
        defaults = activations.get(key).defaults()
        if defaults != self._params_of(key):
            self._values["params"][key] = defaults
            self.params_changed.emit(key)

    def x_values(self) -> np.ndarray:
        """The sample points; cached so every view shares one array per range and count."""
        signature = (*self.x_range, self.sample_count)
        if self._x_cache is None or self._x_cache[0] != signature:
            self._x_cache = (signature, np.linspace(*self.x_range, self.sample_count))
        return self._x_cache[1]

    def compared_keys(self) -> list[str]:
        """What Distributions and Depth draw: the focused function first, then (when
        comparing) the other shown ones."""
        keys = [self.focused]
        if self.compare_shown:
            keys += [key for key in self.shown if key != self.focused]
        return keys


# ---- the window's display settings ----------------------------------------------------------

THEMES = ("system", "light", "dark")
EXPORT_SCALES = (1.0, 2.0, 3.0, 4.0)


class DisplayModel(Model):
    """How the window looks: the theme, and how large exported images are drawn."""

    FIELDS = (
        # 'system' follows the desktop's light or dark palette.
        Field("theme", "system", Choice(THEMES), saved="view/theme"),
        Field("export_scale", 1.0, Scale(EXPORT_SCALES), saved="view/export_scale"),
    )


# ---- everything together --------------------------------------------------------------------


class AppState:
    """The shared models and one model per tab that has settings of its own.

    ``state.functions`` and ``state.display`` are always there; a tab's model is reached by
    the tab's key (``state.softmax``), as ``gui/tabs.py`` declares it.
    """

    def __init__(self, parent: QObject | None = None):
        from gui.custom.custom_model import CustomModel  # it builds on this module

        # First: the session restores the user's functions before anything names them.
        self.custom = CustomModel(parent)
        self.functions = FunctionsModel(parent)
        self.display = DisplayModel(parent)
        self.tab_models: dict[str, Model] = {}
        for spec in TABS:
            if spec.model:
                module, class_name = spec.model.split(":")
                model_class = getattr(importlib.import_module(module), class_name)
                self.tab_models[spec.key] = model_class(parent)
        # When the user's functions change, models holding a choice of function let go of
        # the ones that are gone; the functions model goes last and tells the views.
        for model in self.tab_models.values():
            if hasattr(model, "on_registry_changed"):
                self.custom.definitions_changed.connect(model.on_registry_changed)
        self.custom.definitions_changed.connect(self.functions.on_registry_changed)

    def __getattr__(self, name: str) -> Model:
        tab_models = self.__dict__.get("tab_models", {})
        if name in tab_models:
            return tab_models[name]
        raise AttributeError(f"{type(self).__name__} has no model {name!r}")

    def models(self) -> list[Model]:
        """Every model, in the order the session restores them."""
        return [self.custom, self.functions, self.display, *self.tab_models.values()]

    def reset(self) -> None:
        """Every choice back to its default (the session's first state)."""
        for model in self.models():
            model.reset()

    def session_entries(self) -> Iterable[tuple[str, Callable[[], object], Callable]]:
        for model in self.models():
            yield from model.session_entries()

    def saved_signals(self) -> list:
        return [signal for model in self.models() for signal in model.saved_signals()]
