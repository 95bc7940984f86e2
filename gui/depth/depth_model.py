"""DepthModel: the deep stack the Depth tab runs at initialisation."""

from __future__ import annotations

from dataclasses import dataclass

from gui.field_kinds import Integer, Kind, Number
from gui.models import Field, Model

DEPTH_RANGE = (1, 100)
WIDTH_RANGE = (8, 1024)
INITS = ("xavier", "he")
GAIN_RANGE = (0.1, 4.0)
DEFAULT_DEPTH, DEFAULT_WIDTH = 20, 128
SEED_RANGE = (0, 2**31 - 1)


@dataclass(frozen=True)
class Init(Kind):
    """'xavier', 'he', or a weight gain in GAIN_RANGE written as a number ('0.9')."""

    signal_type = str

    def check(self, value, label: str) -> str:
        if isinstance(value, str) and value.lower() in INITS:
            return value.lower()
        gain = Number(*GAIN_RANGE).check(float(value), "gain")
        return f"{gain:g}"

    def decode(self, data) -> str:
        if not isinstance(data, str):
            raise ValueError(f"expected text, got {data!r}")
        return data


class DepthModel(Model):
    """Depth and width of the stack, how its weights are drawn, and their seed."""

    FIELDS = (
        Field("depth", DEFAULT_DEPTH, Integer(*DEPTH_RANGE), "depth/depth"),
        Field("width", DEFAULT_WIDTH, Integer(*WIDTH_RANGE), "depth/width"),
        Field("init", "xavier", Init(), "depth/init"),
        Field("depth_seed", 0, Integer(*SEED_RANGE), "depth/seed", "seed"),
    )
