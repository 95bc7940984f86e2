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
from gui.refresh_when_shown import RefreshWhenShown
from gui.state import ExplorerState

ROWS = (
    ("mean", "mean", "E[f(x)]"),
    ("std", "std", "standard deviation of f(x)"),
    ("sparsity", "sparsity", "P[f(x) = 0]: units switched off"),
    ("dead fraction", "dead_fraction", "P[f'(x) = 0]: units that pass no gradient"),
    ("saturated fraction", "saturated_fraction", "P[|f'(x)| < 5 % of its peak]"),
)


class DistributionStats(RefreshWhenShown, QTableWidget):
    """``distributionStats``: rows mean, std, sparsity, dead and saturated fraction."""

    def __init__(self, state: ExplorerState, parent: QWidget | None = None):
        super().__init__(len(ROWS), 2, parent)
        self.setObjectName("distributionStats")
        self._state = state
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
            state.focused_changed,
            state.params_changed,
            state.input_mean_changed,
            state.input_std_changed,
        ):
            signal.connect(self._on_inputs_changed)

    def show_sample(self, histograms) -> None:
        stats = histograms.stats.get(self._state.focused)
        for row, (_, field, _) in enumerate(ROWS):
            text = "" if stats is None else f"{getattr(stats, field):.6g}"
            self.item(row, 1).setText(text)

    def refresh(self) -> None:
        self._render_exact()

    def _render_exact(self) -> None:
        state = self._state
        key = state.focused
        self.exact = output_stats(
            activations.get(key), state.input_mean, state.input_std, **state.params(key)
        )
        for row, (_, field, _) in enumerate(ROWS):
            self.item(row, 0).setText(f"{getattr(self.exact, field):.6g}")
