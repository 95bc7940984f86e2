"""ExplorerState: the single source of truth that every view renders.

Controls call the setters; each setter validates, stores and emits its field's signal, and
does nothing (no emit) when the value does not change. Views connect to the signals and
recompute from ``core``; they never talk to each other.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject, Signal

from core import activations
from core.softmax import TEMPERATURE_RANGE, validate_temperature

DEFAULT_SHOWN = ("sigmoid", "tanh", "relu", "gelu")
DEFAULT_FOCUSED = "sigmoid"
DEFAULT_X_RANGE = (-6.0, 6.0)
DEFAULT_SAMPLE_COUNT = 2001
MIN_SAMPLE_COUNT = 2
MAX_SAMPLE_COUNT = 1_000_000
X_LIMIT = 1e6  # the plots stay meaningful (and float64 spacing fine) within ±1e6

DEFAULT_LOGITS = (2.0, 1.0, 0.1, -1.0, -2.5)
DEFAULT_LABELS = ("cat", "dog", "fox", "owl", "eel")
DEFAULT_TEMPERATURE = 1.0
MIN_TEMPERATURE, MAX_TEMPERATURE = TEMPERATURE_RANGE
MAX_CLASSES = 5000

INPUT_MEAN_RANGE = (-5.0, 5.0)
INPUT_STD_RANGE = (0.05, 5.0)
SAMPLE_SIZE_RANGE = (1_000, 5_000_000)
# Large enough for smooth histograms, small enough to redraw within one frame.
DEFAULT_SAMPLE_SIZE = 20_000
DEPTH_RANGE = (1, 100)
WIDTH_RANGE = (8, 1024)
INITS = ("xavier", "he")
GAIN_RANGE = (0.1, 4.0)
DEFAULT_DEPTH, DEFAULT_WIDTH = 20, 128

THEMES = ("system", "light", "dark")
EXPORT_SCALES = (1.0, 2.0, 3.0, 4.0)


class ExplorerState(QObject):
    """Everything the user has chosen, with one change signal per field."""

    shown_changed = Signal(tuple)
    focused_changed = Signal(str)
    params_changed = Signal(str)  # the key whose parameters changed
    x_range_changed = Signal(float, float)
    sample_count_changed = Signal(int)
    saturation_shading_changed = Signal(bool)
    log_derivative_changed = Signal(bool)

    theme_changed = Signal(str)
    export_scale_changed = Signal(float)

    input_mean_changed = Signal(float)
    input_std_changed = Signal(float)
    sample_size_changed = Signal(int)
    sample_seed_changed = Signal(int)
    compare_shown_changed = Signal(bool)

    depth_changed = Signal(int)
    width_changed = Signal(int)
    init_changed = Signal(str)  # "xavier", "he", or a gain written as a number
    depth_seed_changed = Signal(int)

    logits_changed = Signal()
    labels_changed = Signal()
    temperature_changed = Signal(float)
    target_changed = Signal(int)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._shown: tuple[str, ...] = DEFAULT_SHOWN
        self._focused = DEFAULT_FOCUSED
        self._params = {key: activations.get(key).defaults() for key in activations.keys()}
        self._x_range = DEFAULT_X_RANGE
        self._sample_count = DEFAULT_SAMPLE_COUNT
        self._saturation_shading = True
        self._log_derivative = False
        self._x_cache: tuple[tuple[float, float, int], np.ndarray] | None = None
        self._theme = "system"
        self._export_scale = 1.0
        self._input_mean, self._input_std = 0.0, 1.0
        self._sample_size, self._sample_seed = DEFAULT_SAMPLE_SIZE, 0
        self._compare_shown = False
        self._depth, self._width, self._init, self._depth_seed = (
            DEFAULT_DEPTH,
            DEFAULT_WIDTH,
            "xavier",
            0,
        )
        self._logits = np.array(DEFAULT_LOGITS)
        self._labels = list(DEFAULT_LABELS)
        self._temperature = DEFAULT_TEMPERATURE
        self._target = 0

    # ---- functions -----------------------------------------------------------------------

    @property
    def shown(self) -> tuple[str, ...]:
        """Keys of the functions drawn, in registry order."""
        return self._shown

    def set_shown(self, keys) -> None:
        wanted = set(keys)
        for key in wanted:
            activations.get(key)  # KeyError for an unknown key
        ordered = tuple(key for key in activations.keys() if key in wanted)
        if ordered != self._shown:
            self._shown = ordered
            self.shown_changed.emit(ordered)

    def set_key_shown(self, key: str, shown: bool) -> None:
        current = set(self._shown)
        self.set_shown(current | {key} if shown else current - {key})

    @property
    def focused(self) -> str:
        """The function whose parameters, info and saturation are shown."""
        return self._focused

    def set_focused(self, key: str) -> None:
        activations.get(key)
        if key != self._focused:
            self._focused = key
            self.focused_changed.emit(key)

    def params(self, key: str) -> dict[str, float]:
        """A copy of the current parameter values of ``key``."""
        return dict(self._params[key])

    def set_param(self, key: str, name: str, value: float) -> None:
        """Set one parameter; ValueError (naming the range) when out of range or when the
        function's other current parameters forbid it (hardtanh's min_val < max_val)."""
        value = activations.get(key).resolve({**self._params[key], name: value})[name]
        if self._params[key][name] != value:
            self._params[key][name] = value
            self.params_changed.emit(key)

    def reset_params(self, key: str) -> None:
        defaults = activations.get(key).defaults()
        if defaults != self._params[key]:
            self._params[key] = defaults
            self.params_changed.emit(key)

    @property
    def x_range(self) -> tuple[float, float]:
        return self._x_range

    def set_x_range(self, low: float, high: float) -> None:
        """Set the plotted interval; ValueError unless finite, within ±1e6 and low < high."""
        low, high = float(low), float(high)
        if not (math.isfinite(low) and math.isfinite(high)):
            raise ValueError("the x-range needs finite numbers")
        if not (low < high):
            raise ValueError(f"x min must be less than x max (got {low:g} and {high:g})")
        if max(abs(low), abs(high)) > X_LIMIT:
            raise ValueError(f"the x-range must lie within ±{X_LIMIT:g}")
        if (low, high) != self._x_range:
            self._x_range = (low, high)
            self.x_range_changed.emit(low, high)

    @property
    def sample_count(self) -> int:
        return self._sample_count

    def set_sample_count(self, count: int) -> None:
        count = int(count)
        if not (MIN_SAMPLE_COUNT <= count <= MAX_SAMPLE_COUNT):
            raise ValueError(
                f"sample count must be in [{MIN_SAMPLE_COUNT}, {MAX_SAMPLE_COUNT:,}], got {count}"
            )
        if count != self._sample_count:
            self._sample_count = count
            self.sample_count_changed.emit(count)

    def x_values(self) -> np.ndarray:
        """The sample points; cached so every view shares one array per range and count."""
        signature = (*self._x_range, self._sample_count)
        if self._x_cache is None or self._x_cache[0] != signature:
            self._x_cache = (signature, np.linspace(*self._x_range, self._sample_count))
        return self._x_cache[1]

    @property
    def saturation_shading(self) -> bool:
        return self._saturation_shading

    def set_saturation_shading(self, enabled: bool) -> None:
        if bool(enabled) != self._saturation_shading:
            self._saturation_shading = bool(enabled)
            self.saturation_shading_changed.emit(self._saturation_shading)

    @property
    def log_derivative(self) -> bool:
        return self._log_derivative

    def set_log_derivative(self, enabled: bool) -> None:
        if bool(enabled) != self._log_derivative:
            self._log_derivative = bool(enabled)
            self.log_derivative_changed.emit(self._log_derivative)

    @property
    def theme(self) -> str:
        """'system' (follow the desktop's light or dark palette), 'light' or 'dark'."""
        return self._theme

    def set_theme(self, theme: str) -> None:
        if theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {theme!r}")
        if theme != self._theme:
            self._theme = theme
            self.theme_changed.emit(theme)

    @property
    def export_scale(self) -> float:
        """How many times its on-screen size an exported PNG is drawn."""
        return self._export_scale

    def set_export_scale(self, scale: float) -> None:
        scale = float(scale)
        if scale not in EXPORT_SCALES:
            raise ValueError(f"export scale must be one of {EXPORT_SCALES}, got {scale!r}")
        if scale != self._export_scale:
            self._export_scale = scale
            self.export_scale_changed.emit(scale)

    # ---- distributions and depth ---------------------------------------------------------

    def _update(self, name: str, value) -> None:
        """Store ``value`` in field ``name`` and emit its signal, unless nothing changed."""
        if getattr(self, f"_{name}") != value:
            setattr(self, f"_{name}", value)
            getattr(self, f"{name}_changed").emit(value)

    @staticmethod
    def _in_range(name: str, value, bounds, kind=float):
        number = kind(value)
        if kind is float and not math.isfinite(number):
            raise ValueError(f"{name} must be a finite number")
        if kind is int and number != value:
            raise ValueError(f"{name} must be a whole number, got {value!r}")
        low, high = bounds
        if not (low <= number <= high):
            raise ValueError(f"{name} must be in [{low:g}, {high:g}], got {number:g}")
        return number

    @property
    def input_mean(self) -> float:
        """μ of the input distribution N(μ, σ²) on the Distributions tab."""
        return self._input_mean

    def set_input_mean(self, value: float) -> None:
        self._update("input_mean", self._in_range("input mean", value, INPUT_MEAN_RANGE))

    @property
    def input_std(self) -> float:
        return self._input_std

    def set_input_std(self, value: float) -> None:
        self._update("input_std", self._in_range("input std", value, INPUT_STD_RANGE))

    @property
    def sample_size(self) -> int:
        return self._sample_size

    def set_sample_size(self, value: int) -> None:
        self._update("sample_size", self._in_range("sample size", value, SAMPLE_SIZE_RANGE, int))

    @property
    def sample_seed(self) -> int:
        return self._sample_seed

    def set_sample_seed(self, value: int) -> None:
        self._update("sample_seed", self._in_range("sample seed", value, (0, 2**31 - 1), int))

    @property
    def compare_shown(self) -> bool:
        """Whether Distributions and Depth draw every shown function, not only the focus."""
        return self._compare_shown

    def set_compare_shown(self, value: bool) -> None:
        self._update("compare_shown", bool(value))

    def compared_keys(self) -> list[str]:
        """What Distributions and Depth draw: the focused function first, then (when
        comparing) the other shown ones."""
        keys = [self._focused]
        if self._compare_shown:
            keys += [key for key in self._shown if key != self._focused]
        return keys

    @property
    def depth(self) -> int:
        return self._depth

    def set_depth(self, value: int) -> None:
        self._update("depth", self._in_range("depth", value, DEPTH_RANGE, int))

    @property
    def width(self) -> int:
        return self._width

    def set_width(self, value: int) -> None:
        self._update("width", self._in_range("width", value, WIDTH_RANGE, int))

    @property
    def init(self) -> str:
        """'xavier', 'he', or a weight gain written as a number ('0.9')."""
        return self._init

    def set_init(self, value) -> None:
        if isinstance(value, str) and value.lower() in INITS:
            self._update("init", value.lower())
            return
        gain = self._in_range("gain", float(value), GAIN_RANGE)
        self._update("init", f"{gain:g}")

    @property
    def depth_seed(self) -> int:
        return self._depth_seed

    def set_depth_seed(self, value: int) -> None:
        self._update("depth_seed", self._in_range("seed", value, (0, 2**31 - 1), int))

    def reset(self) -> None:
        """Every choice back to its default (the session's first state)."""
        self.set_shown(DEFAULT_SHOWN)
        self.set_focused(DEFAULT_FOCUSED)
        for key in activations.keys():
            self.reset_params(key)
        self.set_x_range(*DEFAULT_X_RANGE)
        self.set_sample_count(DEFAULT_SAMPLE_COUNT)
        self.set_saturation_shading(True)
        self.set_log_derivative(False)
        self.set_theme("system")
        self.set_export_scale(1.0)
        self.set_input_mean(0.0)
        self.set_input_std(1.0)
        self.set_sample_size(DEFAULT_SAMPLE_SIZE)
        self.set_sample_seed(0)
        self.set_compare_shown(False)
        self.set_depth(DEFAULT_DEPTH)
        self.set_width(DEFAULT_WIDTH)
        self.set_init("xavier")
        self.set_depth_seed(0)
        self.reset_softmax()

    # ---- softmax -------------------------------------------------------------------------

    @property
    def logits(self) -> np.ndarray:
        """A read-only view of the logits."""
        view = self._logits.view()
        view.flags.writeable = False
        return view

    def set_logits(self, logits) -> None:
        """Replace all logits; ValueError for a non-finite value or an empty list."""
        array = np.array(logits, dtype=float).reshape(-1)
        if array.size == 0 or array.size > MAX_CLASSES:
            raise ValueError(f"the number of classes must be in [1, {MAX_CLASSES}]")
        if not np.all(np.isfinite(array)):
            raise ValueError("logits must be finite numbers")
        if array.shape == self._logits.shape and np.array_equal(array, self._logits):
            return
        size_changed = array.size != self._logits.size
        self._logits = array
        target_changed = self._clamp_target()
        if size_changed:
            self._labels = self._fitted_labels(array.size)
            self.labels_changed.emit()
        self.logits_changed.emit()
        if target_changed:
            self.target_changed.emit(self._target)

    def set_logit(self, index: int, value: float) -> None:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError("a logit must be a finite number")
        if self._logits[index] != value:
            logits = self._logits.copy()
            logits[index] = value
            self._logits = logits
            self.logits_changed.emit()

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self._labels)

    def set_label(self, index: int, label: str) -> None:
        label = str(label)
        if self._labels[index] != label:
            self._labels[index] = label
            self.labels_changed.emit()

    def _fitted_labels(self, count: int) -> list[str]:
        labels = self._labels[:count]
        labels += [f"class {index}" for index in range(len(labels), count)]
        return labels

    def add_class(self, logit: float = 0.0, label: str | None = None) -> None:
        if self._logits.size >= MAX_CLASSES:
            raise ValueError(f"at most {MAX_CLASSES} classes")
        self._labels.append(label if label is not None else f"class {self._logits.size}")
        self._logits = np.append(self._logits, float(logit))
        self.labels_changed.emit()
        self.logits_changed.emit()

    def remove_classes(self, indices) -> None:
        """Remove the given rows, always keeping at least one class."""
        doomed = sorted({int(index) for index in indices if 0 <= int(index) < self._logits.size})
        if len(doomed) >= self._logits.size:
            doomed = doomed[: self._logits.size - 1]
        if not doomed:
            return
        keep = np.ones(self._logits.size, dtype=bool)
        keep[doomed] = False
        self._logits = self._logits[keep]
        self._labels = [label for label, kept in zip(self._labels, keep, strict=True) if kept]
        target_changed = self._clamp_target()
        self.labels_changed.emit()
        self.logits_changed.emit()
        if target_changed:
            self.target_changed.emit(self._target)

    def reset_softmax(self) -> None:
        """Back to the starting example: five labelled classes, T = 1, the first as target."""
        self.set_logits(DEFAULT_LOGITS)
        for index, label in enumerate(DEFAULT_LABELS):
            self.set_label(index, label)
        self.set_temperature(DEFAULT_TEMPERATURE)
        self.set_target(0)

    @property
    def temperature(self) -> float:
        return self._temperature

    def set_temperature(self, temperature: float) -> None:
        temperature = validate_temperature(temperature)
        if not (MIN_TEMPERATURE <= temperature <= MAX_TEMPERATURE):
            raise ValueError(
                f"temperature must be in [{MIN_TEMPERATURE:g}, {MAX_TEMPERATURE:g}], "
                f"got {temperature:g}"
            )
        if temperature != self._temperature:
            self._temperature = temperature
            self.temperature_changed.emit(temperature)

    @property
    def target(self) -> int:
        return self._target

    def set_target(self, index: int) -> None:
        index = int(index)
        if not (0 <= index < self._logits.size):
            raise ValueError(f"target must be a class index in [0, {self._logits.size - 1}]")
        if index != self._target:
            self._target = index
            self.target_changed.emit(index)

    def _clamp_target(self) -> bool:
        """Keep the target a valid class before anyone hears of the new logits."""
        if self._target >= self._logits.size:
            self._target = self._logits.size - 1
            return True
        return False
