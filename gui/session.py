"""Save and restore what the user had: the state's fields and the window's layout.

Every field lives under its own key as JSON text and is restored through the state's own
setters, so a missing, corrupt or out-of-range value is refused exactly as a typed one would
be, and that field alone keeps its default. Nothing read from the settings file can stop the
window from opening.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings

from core import activations
from gui.settings import app_settings
from gui.state import ExplorerState

VERSION = 1


def _state_fields(state: ExplorerState) -> dict[str, tuple[Callable[[], object], Callable]]:
    """key → (read the current value as JSON-able data, apply decoded data via a setter)."""
    fields: dict[str, tuple[Callable[[], object], Callable]] = {
        "functions/shown": (lambda: list(state.shown), _apply_shown(state)),
        "functions/focused": (lambda: state.focused, state.set_focused),
        "view/x_range": (lambda: list(state.x_range), lambda value: state.set_x_range(*value)),
        "view/sample_count": (lambda: state.sample_count, _integer(state.set_sample_count)),
        "view/saturation_shading": (
            lambda: state.saturation_shading,
            _boolean(state.set_saturation_shading),
        ),
        "view/log_derivative": (lambda: state.log_derivative, _boolean(state.set_log_derivative)),
        "view/theme": (lambda: state.theme, state.set_theme),
        "view/export_scale": (lambda: state.export_scale, state.set_export_scale),
        "softmax/logits": (lambda: [float(v) for v in state.logits], state.set_logits),
        "softmax/labels": (lambda: list(state.labels), _apply_labels(state)),
        "softmax/temperature": (lambda: state.temperature, state.set_temperature),
        "softmax/target": (lambda: state.target, _integer(state.set_target)),
        "distributions/mean": (
            lambda: state.input_mean,
            lambda v: state.set_input_mean(_number(v)),
        ),
        "distributions/std": (lambda: state.input_std, lambda v: state.set_input_std(_number(v))),
        "distributions/samples": (lambda: state.sample_size, _integer(state.set_sample_size)),
        "distributions/seed": (lambda: state.sample_seed, _integer(state.set_sample_seed)),
        "distributions/compare_shown": (
            lambda: state.compare_shown,
            _boolean(state.set_compare_shown),
        ),
        "depth/depth": (lambda: state.depth, _integer(state.set_depth)),
        "depth/width": (lambda: state.width, _integer(state.set_width)),
        "depth/init": (lambda: state.init, state.set_init),
        "depth/seed": (lambda: state.depth_seed, _integer(state.set_depth_seed)),
    }
    for key in activations.keys():
        for param in activations.get(key).params:
            fields[f"params/{key}/{param.name}"] = (
                lambda key=key, name=param.name: state.params(key)[name],
                lambda value, key=key, name=param.name: state.set_param(key, name, _number(value)),
            )
    return fields


def _number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _integer(setter):
    def apply(value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        setter(value)

    return apply


def _boolean(setter):
    def apply(value):
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        setter(value)

    return apply


def _apply_shown(state: ExplorerState):
    def apply(value):
        if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
            raise ValueError("expected a list of function keys")
        known = [key for key in value if key in activations.keys()]
        if value and not known:
            raise ValueError("none of the saved functions exists")
        state.set_shown(known)

    return apply


def _apply_labels(state: ExplorerState):
    def apply(value):
        if not isinstance(value, list) or len(value) != state.logits.size:
            raise ValueError("expected one label per class")
        if not all(isinstance(label, str) and label.strip() for label in value):
            raise ValueError("labels must be non-empty text")
        for index, label in enumerate(value):
            state.set_label(index, label)

    return apply


def save_state(state: ExplorerState, settings: QSettings | None = None) -> None:
    """Write every field of ``state``."""
    settings = settings if settings is not None else app_settings()
    settings.setValue("session/version", VERSION)
    for key, (read, _apply) in _state_fields(state).items():
        settings.setValue(key, json.dumps(read()))


def restore_state(state: ExplorerState, settings: QSettings | None = None) -> list[str]:
    """Apply every saved field that is valid; returns the keys that were refused."""
    settings = settings if settings is not None else app_settings()
    refused = []
    # Logits before labels and target: both are checked against the number of classes.
    for key, (_read, apply) in _state_fields(state).items():
        raw = settings.value(key)
        if raw is None:
            continue
        try:
            if not isinstance(raw, str):
                raise ValueError("not text")
            apply(json.loads(raw))
        except Exception:
            refused.append(key)
    return refused


def saved_bytes(settings: QSettings, key: str) -> QByteArray | None:
    """A saved binary value (window geometry, splitter state), or None if absent or not binary."""
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def saved_size(settings: QSettings, key: str) -> tuple[int, int] | None:
    """A saved window size [width, height] within 200..10000 pixels, or None."""
    try:
        width, height = json.loads(settings.value(key))
    except Exception:
        return None
    if all(
        isinstance(v, int) and not isinstance(v, bool) and 200 <= v <= 10000
        for v in (width, height)
    ):
        return width, height
    return None
