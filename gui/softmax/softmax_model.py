"""SoftmaxModel: the logits, their labels, the temperature and the true class."""

from __future__ import annotations

import math

import numpy as np

from core import softmax as mappings
from core.softmax import TEMPERATURE_RANGE, validate_temperature
from gui.field_kinds import Choice, Integer, Kind, Number
from gui.models import Field, Model

DEFAULT_LOGITS = (2.0, 1.0, 0.1, -1.0, -2.5)
DEFAULT_LABELS = ("cat", "dog", "fox", "owl", "eel")
DEFAULT_TEMPERATURE = 1.0
MIN_TEMPERATURE, MAX_TEMPERATURE = TEMPERATURE_RANGE
MAX_CLASSES = 5000
ACCUMULATORS = ("float16", "bfloat16", "float32")
MAPPINGS = ("softmax", "sparsemax", "entmax")
ALPHA_RANGE = (1.0, 3.0)


class Logits(Kind):
    """1 to MAX_CLASSES finite numbers, held as a float array."""

    signal_type = None  # listeners read the logits (and labels) from the model

    def check(self, value, label: str) -> np.ndarray:
        array = np.array(value, dtype=float).reshape(-1)
        if array.size == 0 or array.size > MAX_CLASSES:
            raise ValueError(f"the number of classes must be in [1, {MAX_CLASSES}]")
        if not np.all(np.isfinite(array)):
            raise ValueError("logits must be finite numbers")
        return array

    def decode(self, data) -> list[float]:
        if not isinstance(data, list):
            raise ValueError("expected a list of numbers")
        return data

    def encode(self, value) -> list[float]:
        return [float(logit) for logit in value]

    def same(self, first, second) -> bool:
        return first.shape == second.shape and np.array_equal(first, second)


class Labels(Kind):
    """One non-empty text per class."""

    signal_type = None

    def check(self, value, label: str) -> tuple[str, ...]:
        if not all(isinstance(text, str) and text.strip() for text in value):
            raise ValueError("labels must be non-empty text")
        return tuple(value)

    def decode(self, data) -> list[str]:
        if not isinstance(data, list):
            raise ValueError("expected one label per class")
        return data

    def encode(self, value) -> list[str]:
        return list(value)


class Temperature(Number):
    def check(self, value, label: str) -> float:
        return super().check(validate_temperature(value), label)


class SoftmaxModel(Model):
    """The softmax example: one logit and label per class, T, and the target class.

    Fields are restored in this order: labels and target are checked against the number of
    logits.
    """

    FIELDS = (
        Field("logits", np.array(DEFAULT_LOGITS), Logits(), "softmax/logits"),
        Field("labels", DEFAULT_LABELS, Labels(), "softmax/labels"),
        Field(
            "temperature",
            DEFAULT_TEMPERATURE,
            Temperature(MIN_TEMPERATURE, MAX_TEMPERATURE),
            "softmax/temperature",
        ),
        Field("target", 0, Integer(0, MAX_CLASSES - 1), "softmax/target"),
        # Where the naive float16 and bfloat16 columns add up their exponentials.
        Field("accumulator", "float32", Choice(ACCUMULATORS), "softmax/accumulator"),
        # How logits become probabilities: softmax, or a sparse map with exact zeros.
        Field("mapping", "softmax", Choice(MAPPINGS), "softmax/mapping"),
        Field("entmax_alpha", 1.5, Number(*ALPHA_RANGE), "softmax/entmax_alpha", "entmax α"),
    )

    def alpha(self) -> float:
        """The α of the mapping chosen: 1 for softmax, 2 for sparsemax."""
        return {"softmax": 1.0, "sparsemax": 2.0}.get(self.mapping, self.entmax_alpha)

    def probabilities(self) -> np.ndarray:
        """The logits at the temperature, mapped by the chosen mapping."""
        return mappings.entmax(self.logits, self.alpha(), self.temperature)

    def mapping_jacobian(self) -> np.ndarray:
        """∂p/∂z of the chosen mapping."""
        return mappings.entmax_jacobian(self.logits, self.alpha(), self.temperature)

    def loss(self) -> float:
        """−log p of the target class (inf when a sparse map gives it exactly 0)."""
        p = float(self.probabilities()[self.target])
        if self.mapping == "softmax":  # without cancellation for a near-certain target
            return float(mappings.cross_entropy(self.logits, self.target, self.temperature))
        return math.inf if p == 0.0 else -math.log(p)

    def loss_gradient(self) -> np.ndarray:
        """(p − y)/T: the gradient of the mapping's Fenchel–Young loss (for softmax, the
        cross-entropy's)."""
        if self.mapping == "softmax":
            return mappings.cross_entropy_grad(self.logits, self.target, self.temperature)
        gradient = self.probabilities().copy()
        gradient[self.target] -= 1.0
        return gradient / self.temperature

    def entropy(self) -> float:
        """Shannon entropy −Σ p log p of the mapped probabilities, in nats."""
        if self.mapping == "softmax":
            return float(mappings.entropy(self.logits, self.temperature))
        p = self.probabilities()
        p = p[p > 0.0]
        return float(0.0 - np.sum(p * np.log(p)))

    @property
    def logits(self) -> np.ndarray:
        """A read-only view of the logits."""
        view = self._values["logits"].view()
        view.flags.writeable = False
        return view

    def set_logits(self, logits) -> None:
        """Replace all logits; ValueError for a non-finite value or an empty list.

        A change in the number of classes keeps the labels that still have a class, names
        new classes, and keeps the target a valid class; every listener hears of it after
        all three are consistent.
        """
        array = self._field("logits").kind.check(logits, "logits")
        old = self._values["logits"]
        if array.shape == old.shape and np.array_equal(array, old):
            return
        self._values["logits"] = array
        target_changed = self._clamp_target()
        if array.size != old.size:
            self._values["labels"] = self._fitted_labels(array.size)
            self.labels_changed.emit()
        self.logits_changed.emit()
        if target_changed:
            self.target_changed.emit(self.target)

    def set_logit(self, index: int, value: float) -> None:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError("a logit must be a finite number")
        if self._values["logits"][index] != value:
            logits = self._values["logits"].copy()
            logits[index] = value
            self._assign("logits", logits)

    def set_labels(self, labels) -> None:
        """Replace every label; ValueError unless there is one non-empty text per class."""
        labels = self._field("labels").kind.check(labels, "labels")
        if len(labels) != self._values["logits"].size:
            raise ValueError("expected one label per class")
        self._assign("labels", labels)

    def set_label(self, index: int, label: str) -> None:
        labels = list(self.labels)
        labels[index] = str(label)
        self._assign("labels", tuple(labels))

    def _fitted_labels(self, count: int) -> tuple[str, ...]:
        labels = list(self.labels[:count])
        labels += [f"class {index}" for index in range(len(labels), count)]
        return tuple(labels)

    def add_class(self, logit: float = 0.0, label: str | None = None) -> None:
        size = self._values["logits"].size
        if size >= MAX_CLASSES:
            raise ValueError(f"at most {MAX_CLASSES} classes")
        self._values["labels"] = (*self.labels, label if label is not None else f"class {size}")
        self._values["logits"] = np.append(self._values["logits"], float(logit))
        self.labels_changed.emit()
        self.logits_changed.emit()

    def remove_classes(self, indices) -> None:
        """Remove the given rows, always keeping at least one class."""
        size = self._values["logits"].size
        doomed = sorted({int(index) for index in indices if 0 <= int(index) < size})
        if len(doomed) >= size:
            doomed = doomed[: size - 1]
        if not doomed:
            return
        keep = np.ones(size, dtype=bool)
        keep[doomed] = False
        self._values["logits"] = self._values["logits"][keep]
        self._values["labels"] = tuple(
            label for label, kept in zip(self.labels, keep, strict=True) if kept
        )
        target_changed = self._clamp_target()
        self.labels_changed.emit()
        self.logits_changed.emit()
        if target_changed:
            self.target_changed.emit(self.target)

    def set_target(self, index: int) -> None:
        index = int(index)
        size = self._values["logits"].size
        if not (0 <= index < size):
            raise ValueError(f"target must be a class index in [0, {size - 1}]")
        self._assign("target", index)

    def _clamp_target(self) -> bool:
        """Keep the target a valid class before anyone hears of the new logits."""
        size = self._values["logits"].size
        if self._values["target"] >= size:
            self._values["target"] = size - 1
            return True
        return False
