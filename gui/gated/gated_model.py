"""GatedModel: which gated unit the Gated tab shows, its inputs' correlation and the block."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from core import gated
from gui.field_kinds import Choice, Integer, Number
from gui.models import Field, Model

# LLaMA's choice for its SwiGLU blocks: 8/3 · d (then rounded up to a multiple of 256).
LLAMA_RATIO = 8.0 / 3.0
# SwiGLU's β is its SiLU gate's parameter: the same default and range as in the core.
_BETA = next(param for param in gated.unit("swiglu").params if param.name == "beta")


class GatedModel(Model):
    """The unit, SwiGLU's β, the correlation of the two inputs, and the feed-forward block's
    model width d and hidden-width ratio d_ff / d."""

    FIELDS = (
        Field("unit", "swiglu", Choice(gated.KEYS), "gated/unit"),
        Field(
            "beta",
            _BETA.default,
            Number(_BETA.minimum, _BETA.maximum),
            "gated/beta",
            label="SwiGLU β",
        ),
        Field("correlation", 0.0, Number(-1.0, 1.0), "gated/correlation"),
        Field("model_dim", 4096, Integer(8, 65536), "gated/model_dim", label="model width d"),
        Field("ff_ratio", LLAMA_RATIO, Number(0.5, 16.0), "gated/ff_ratio", label="d_ff / d"),
    )

    # The function the views draw changed: another unit, or a parameter of this unit's gate
    # (β moves nothing while GLU is shown).
    gate_changed = Signal()

    @classmethod
    def bounds(cls, name: str) -> tuple[float, float]:
        """The range a numeric field accepts (what its slider spans)."""
        kind = cls._field(name).kind
        return kind.low, kind.high

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.unit_changed.connect(self._on_unit_changed)
        self.beta_changed.connect(self._on_beta_changed)

    def params(self) -> dict[str, float]:
        """The current unit's gate parameters (β for SwiGLU's SiLU, none for the others)."""
        return {param.name: getattr(self, param.name) for param in gated.unit(self.unit).params}

    def _on_unit_changed(self, _unit: str) -> None:
        self.gate_changed.emit()

    def _on_beta_changed(self, _beta: float) -> None:
        if "beta" in self.params():
            self.gate_changed.emit()
