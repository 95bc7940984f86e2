"""BusyBar: a thin bar that moves while a background job runs, and keeps its place when idle."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget

from gui.background import BackgroundJob


class BusyBar(QProgressBar):
    """An indeterminate progress bar shown exactly while ``job`` is busy.

    Hidden, it keeps its space: a bar that came and went would resize the plots next to it,
    and every resize repaints them from scratch (it tripled the cost of a depth run).
    """

    def __init__(self, job: BackgroundJob, name: str, tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setRange(0, 0)
        self.setMaximumHeight(8)
        self.setTextVisible(False)
        self.setToolTip(tip)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setVisible(job.is_busy())
        job.busy_changed.connect(self.setVisible)
