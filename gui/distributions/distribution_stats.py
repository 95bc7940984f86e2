"""DistributionStats: exact output statistics beside their estimates from the sample."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from core import activations
from core.distributions import output_stats
from gui.distributions.distributions_model import DistributionsModel
from gui.models import FunctionsModel
from gui.widgets.refresh_when_shown import RefreshWhenShown

ROWS = (
    ("mean", "mean", "E[f(x)]"),
    ("std", "std", "standard deviation of f(x)"),
    ("sparsity", "sparsity", "P[f(x) = 0]: units switched off"),
    ("dead fraction", "dead_fraction", "P[f'(x) = 0]: units that pass no gradient"),
    ("saturated fraction", "saturated_fraction", "P[|f'(x)| < 5 % of its peak]"),
)


class DistributionStats(RefreshWhenShown, QTableWidget):
    """``distributionStats``: rows mean, std, sparsity, dead and saturated fraction."""

    def __init__(
        self, functions: FunctionsModel, model: DistributionsModel, parent: QWidget | None = None
    ):
        super().__init__(len(ROWS), 2, parent)
        self.setObjectName("distributionStats")
        self._functions, self._model = functions, model
        self.setHorizontalHeaderLabels(["exact", "sample"])
        self.setVerticalHeaderLabels([label for label, _, _ in ROWS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setToolTip(
            "Exact values by quadrature and Gaussian masses, next to what the sample shows"
        )
        for row, (_label, _, tip) in enumerate(ROWS):
            self.verticalHeaderItem(row).setToolTip(tip)
            for column in range(2):
                item = QTableWidgetItem()
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, item)
        self.setFixedHeight(
            self.horizontalHeader().sizeHint().height()
            + self.verticalHeader().defaultSectionSize() * len(ROWS)
            + 2 * self.frameWidth()
        )
        self.exact = None
        for signal in (
            functions.focused_changed,
            functions.params_changed,
            model.input_mean_changed,
            model.input_std_changed,
        ):
            signal.connect(self._on_inputs_changed)

    def show_sample(self, histograms) -> None:
        stats = histograms.stats.get(self._functions.focused)
        for row, (_, field, _) in enumerate(ROWS):
            text = "" if stats is None else f"{getattr(stats, field):.6g}"
            self.item(row, 1).setText(text)

    def refresh(self) -> None:
        self._render_exact()

    def _render_exact(self) -> None:
        functions, model = self._functions, self._model
        key = functions.focused
        self.exact = output_stats(
            activations.get(key), model.input_mean, model.input_std, **functions.params(key)
        )
        for row, (_, field, _) in enumerate(ROWS):
            self.item(row, 0).setText(f"{getattr(self.exact, field):.6g}")
