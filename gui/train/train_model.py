"""TrainModel: the data, the network and the training settings of the Train tab.

The session keeps every field; the weights are never saved (a run is re-trained in seconds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core import activations, datasets, training
from gui.field_kinds import Choice, Flag, Integer, Kind, Number, text
from gui.models import Field, Model

# "spiral3" is the spiral with three arms, trained with softmax cross-entropy.
DATASETS = (*datasets.NAMES, "spiral3", "csv")
DATASET_TITLES = {
    "circle": "Circle",
    "xor": "XOR",
    "gauss": "Two Gaussians",
    "spiral": "Spiral",
    "moons": "Two moons",
    "plane": "Plane (regression)",
    "wave": "Wave (regression)",
    "spiral3": "Spiral, three classes",
    "csv": "Your CSV file",
}
POINTS_RANGE = (20, 5000)
TRAIN_FRACTION_RANGE = (0.1, 0.9)
LAYERS_RANGE = (0, 6)
UNITS_RANGE = (1, 32)
LEARNING_RATE_RANGE = (1e-5, 10.0)
BATCH_RANGE = (1, 1000)
L2_RANGE = (0.0, 1.0)
EPOCHS_RANGE = (0, 1_000_000)
TARGET_LOSS_RANGE = (0.0, 10.0)  # 0: no target
SEED_RANGE = (0, 2**31 - 1)


@dataclass(frozen=True)
class ActivationKey(Kind):
    """A registered function's key, checked against the registry as it is now (the user's
    functions come and go); with ``optional``, "" (none) too."""

    optional: bool = False
    signal_type = str

    def check(self, value, label: str) -> str:
        if (self.optional and value == "") or value in activations.keys():
            return value
        allowed = "a registered function" + (" or none" if self.optional else "")
        raise ValueError(f"{label} must be {allowed}, got {value!r}")

    def decode(self, data) -> str:
        return text(data)


MAX_RUNNERS = 4


def loss_for(y) -> tuple[str, int]:
    """(loss, number of outputs) for targets ``y``: the data decide it, so it is not a
    choice that can be wrong. Two classes: one logit and binary cross-entropy; more:
    softmax cross-entropy; real-valued targets: squared error."""
    y = np.asarray(y)
    if y.dtype.kind != "i":
        return "mse", 1
    classes = int(y.max()) + 1
    return ("bce", 1) if classes <= 2 else ("ce", classes)


@dataclass(frozen=True)
class FilePath(Kind):
    """A file's path as text ("" for none); whether it can be read is checked on use."""

    signal_type = str

    def check(self, value, label: str) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{label} must be text, got {value!r}")
        return value

    def decode(self, data) -> str:
        return text(data)


@dataclass(frozen=True)
class LayerChoices(Kind):
    """One choice per hidden layer, up to ``length`` layers ("" where the layer follows the
    network's activation); layers beyond the network's depth keep their choice for later."""

    length: int

    def check(self, value, label: str) -> tuple[str, ...]:
        if isinstance(value, str):
            raise ValueError(f"{label} must be a list of {self.length} keys, got {value!r}")
        choices = tuple(value)
        if len(choices) != self.length:
            raise ValueError(f"{label} must hold {self.length} keys, got {len(choices)}")
        for choice in choices:
            if choice and choice not in activations.keys():
                raise ValueError(f"{label}: {choice!r} is not an activation")
        return choices

    def decode(self, data) -> tuple[str, ...]:
        if not isinstance(data, list):
            raise ValueError(f"expected a list, got {data!r}")
        return tuple(text(item) for item in data)

    def encode(self, value) -> list[str]:
        return list(value)


RUNNER = ActivationKey(optional=True)  # "": no runner in that lane


class TrainModel(Model):
    """What to train on, what network, and how; see RESTARTING for what starts over."""

    FIELDS = (
        Field("dataset", "spiral", Choice(DATASETS), "train/dataset"),
        Field("csv_path", "", FilePath(), "train/csv_path", "CSV file"),
        Field("noise", 0.1, Number(*datasets.NOISE_RANGE), "train/noise"),
        Field("points", 500, Integer(*POINTS_RANGE), "train/points"),
        Field("train_fraction", 0.8, Number(*TRAIN_FRACTION_RANGE), "train/train_fraction"),
        Field("data_seed", 0, Integer(*SEED_RANGE), "train/data_seed", "data seed"),
        Field("hidden_layers", 2, Integer(*LAYERS_RANGE), "train/hidden_layers"),
        Field("units", 8, Integer(*UNITS_RANGE), "train/units"),
        Field("activation", "tanh", ActivationKey(), "train/activation"),
        Field(
            "layer_activations",
            ("",) * LAYERS_RANGE[1],
            LayerChoices(LAYERS_RANGE[1]),
            "train/layer_activations",
            "layer activations",
        ),
        Field("init", "xavier", Choice(("xavier", "he")), "train/init"),
        Field("optimizer", "sgd", Choice(training.OPTIMIZERS), "train/optimizer"),
        Field("train_seed", 0, Integer(*SEED_RANGE), "train/seed", "weight seed"),
        # Applied to a run in progress from its next epoch on:
        Field("learning_rate", 0.03, Number(*LEARNING_RATE_RANGE), "train/learning_rate"),
        Field("batch_size", 10, Integer(*BATCH_RANGE), "train/batch_size"),
        Field("l2", 0.0, Number(*L2_RANGE), "train/l2"),
        Field("max_epochs", 0, Integer(*EPOCHS_RANGE), "train/max_epochs", "epoch limit"),
        Field("target_loss", 0.0, Number(*TARGET_LOSS_RANGE), "train/target_loss", "target loss"),
        # The race: the activation above against up to three others, same data and weights.
        Field("racing", False, Flag(), "train/racing"),
        Field("race_second", "relu", RUNNER, "train/race_second", "second runner"),
        Field("race_third", "leaky_relu", RUNNER, "train/race_third", "third runner"),
        Field("race_fourth", "", RUNNER, "train/race_fourth", "fourth runner"),
    )

    # Fields whose change starts training over from new weights.
    RESTARTING = (
        "dataset",
        "csv_path",
        "noise",
        "points",
        "train_fraction",
        "data_seed",
        "hidden_layers",
        "units",
        "activation",
        "layer_activations",
        "init",
        "optimizer",
        "train_seed",
        "racing",
        "race_second",
        "race_third",
        "race_fourth",
    )

    def on_registry_changed(self, *_args) -> None:
        """A function of the user's that was chosen is gone: its choices fall back."""
        known = set(activations.keys())
        if self.activation not in known:
            self.set_activation("tanh")
        for name in ("race_second", "race_third", "race_fourth"):
            if getattr(self, name) not in known | {""}:
                getattr(self, f"set_{name}")("")
        choices = tuple(key if key in known else "" for key in self.layer_activations)
        self.set_layer_activations(choices)

    def set_layer_activation(self, layer: int, key: str) -> None:
        """Give hidden layer ``layer`` (0 first) activation ``key`` ("": the network's)."""
        choices = list(self.layer_activations)
        choices[layer] = key
        self.set_layer_activations(tuple(choices))

    def layer_keys(self, activation: str | None = None) -> list[str]:
        """The activation of each hidden layer: its own choice, else ``activation`` (by
        default the network's; a race passes each runner's)."""
        main = activation or self.activation
        return [key or main for key in self.layer_activations[: self.hidden_layers]]

    def race_keys(self) -> list[str]:
        """The activations racing, the tab's own first; [] when not racing. A function
        chosen twice races once."""
        if not self.racing:
            return []
        keys = [self.activation]
        for key in (self.race_second, self.race_third, self.race_fourth):
            if key and key not in keys:
                keys.append(key)
        return keys
