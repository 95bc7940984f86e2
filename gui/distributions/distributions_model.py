"""DistributionsModel: the input distribution N(μ, σ²) and the sample the tab draws from it."""

from __future__ import annotations

from gui.field_kinds import Integer, Number
from gui.models import Field, Model

INPUT_MEAN_RANGE = (-5.0, 5.0)
INPUT_STD_RANGE = (0.05, 5.0)
SAMPLE_SIZE_RANGE = (1_000, 5_000_000)
# Large enough for smooth histograms, small enough to redraw within one frame.
DEFAULT_SAMPLE_SIZE = 20_000
SEED_RANGE = (0, 2**31 - 1)


class DistributionsModel(Model):
    """μ and σ of the input, the sample size and the seed of the sample."""

    FIELDS = (
        Field("input_mean", 0.0, Number(*INPUT_MEAN_RANGE), "distributions/mean", "input mean"),
        Field("input_std", 1.0, Number(*INPUT_STD_RANGE), "distributions/std", "input std"),
        Field(
            "sample_size",
            DEFAULT_SAMPLE_SIZE,
            Integer(*SAMPLE_SIZE_RANGE),
            "distributions/samples",
        ),
        Field("sample_seed", 0, Integer(*SEED_RANGE), "distributions/seed"),
    )
