"""GatedModel: which gated unit the Gated tab shows, its inputs' correlation and the block."""

from __future__ import annotations

from core import gated
from gui.field_kinds import Choice, Integer, Number
from gui.models import Field, Model

# LLaMA's choice for its SwiGLU blocks: 8/3 · d (then rounded up to a multiple of 256).
LLAMA_RATIO = 8.0 / 3.0


class GatedModel(Model):
    """The unit, SwiGLU's β, the correlation of the two inputs, and the feed-forward block's
    model width d and hidden-width ratio d_ff / d."""

    FIELDS = (
        Field("unit", "swiglu", Choice(gated.KEYS), "gated/unit"),
        Field("beta", 1.0, Number(0.1, 10.0), "gated/beta", label="SwiGLU β"),
        Field("correlation", 0.0, Number(-1.0, 1.0), "gated/correlation"),
        Field("model_dim", 4096, Integer(8, 65536), "gated/model_dim", label="model width d"),
        Field("ff_ratio", LLAMA_RATIO, Number(0.5, 16.0), "gated/ff_ratio", label="d_ff / d"),
    )

    def params(self) -> dict[str, float]:
        """The unit's gate parameters: β for SwiGLU, none for the others."""
        return {"beta": self.beta} if self.unit == "swiglu" else {}
