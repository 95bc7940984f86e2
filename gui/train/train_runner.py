"""TrainRunner: runs a core.training.Trainer epoch after epoch on a worker thread.

The worker owns the trainer while an epoch runs; the GUI thread never touches it, and reads
only what the worker published under the lock: the records so far and a copy of the weights
after the latest epoch. The view pulls that once per frame, so however many epochs a second
the worker manages, the window repaints at most at display rate.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, Signal

from core import training

RUN_UNTIL_PAUSED = -1


@dataclass
class Published:
    """What the worker has handed over since the last :meth:`TrainRunner.take`."""

    records: list[training.EpochRecord] = field(default_factory=list)
    parameters: list[np.ndarray] | None = None  # after the latest epoch, None if unchanged
    generation: int = 0  # which run they belong to (a reset starts a new one)


class TrainRunner(QObject):
    """Start, pause, step and replace a training run.

    Signals arrive in the GUI thread: ``stopped(message)`` when the worker stops by itself
    (the epoch limit, or a diverged run with the message to show), ``running_changed``
    whenever it starts or stops.
    """

    stopped = Signal(str)
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._trainer: training.Trainer | None = None
        self._generation = 0
        self._epochs_wanted = 0  # > 0: that many more; RUN_UNTIL_PAUSED: until paused
        self._max_epochs = 0
        self._target_loss = 0.0
        self._settings: dict[str, float] = {}
        self._published = Published()
        self._thread: threading.Thread | None = None
        self._in_epoch = False

    # ---- GUI thread ----------------------------------------------------------------------

    def replace(self, trainer: training.Trainer) -> None:
        """Train ``trainer`` from now on; a running epoch of the old one is thrown away."""
        with self._lock:
            self._generation += 1
            self._trainer = trainer
            self._published = Published(generation=self._generation)

    def replace_with_nothing(self) -> None:
        """Stop and forget the trainer (a race lane no longer in use)."""
        self.pause()
        with self._lock:
            self._generation += 1
            self._trainer = None
            self._published = Published(generation=self._generation)

    def set_settings(
        self,
        learning_rate: float,
        batch_size: int,
        l2: float,
        max_epochs: int,
        target_loss: float = 0.0,
    ):
        """Settings the worker applies before each epoch, so a run takes them without
        restarting. The run stops by itself after ``max_epochs`` epochs or once the test
        loss is below ``target_loss`` (0: neither)."""
        with self._lock:
            self._target_loss = float(target_loss)
            self._settings = {
                "learning_rate": float(learning_rate),
                "batch_size": int(batch_size),
                "l2": float(l2),
            }
            self._max_epochs = int(max_epochs)

    def start(self) -> None:
        self._request(RUN_UNTIL_PAUSED)

    def step(self) -> None:
        """Run one epoch (after the current one, if running)."""
        self._request(1)

    def pause(self) -> None:
        with self._lock:
            was_running = self._epochs_wanted != 0
            self._epochs_wanted = 0
        if was_running:
            self.running_changed.emit(False)

    def is_running(self) -> bool:
        with self._lock:
            return self._epochs_wanted != 0 or self._in_epoch

    def runs_until_paused(self) -> bool:
        """Whether the run goes on until paused (or a limit), rather than a step or two."""
        with self._lock:
            return self._epochs_wanted == RUN_UNTIL_PAUSED

    def take(self) -> Published:
        """What was published since the last call (and forget it)."""
        with self._lock:
            published = self._published
            self._published = Published(generation=self._generation)
        return published

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Block until the worker is idle (tests, pictures, exports)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                thread = self._thread
            if thread is None:
                return True
            thread.join(0.01)
        return False

    def _request(self, epochs: int) -> None:
        with self._lock:
            if self._trainer is None:
                return
            at_limit = self._max_epochs and self._trainer.epoch >= self._max_epochs
            if at_limit and not self._in_epoch:
                limit = self._max_epochs
            else:
                limit = 0
                self._epochs_wanted = epochs
            start_thread = not limit and self._thread is None
            if start_thread:
                self._thread = threading.Thread(target=self._loop, name="train-runner", daemon=True)
        if limit:
            self.stopped.emit(f"the epoch limit, {limit:,}, is reached: raise it to go on")
            return
        if start_thread:
            self._thread.start()
        self.running_changed.emit(True)

    # ---- worker thread -------------------------------------------------------------------

    def _loop(self) -> None:
        while True:
            with self._lock:
                if self._epochs_wanted == 0 or self._trainer is None:
                    # Cleared under the lock, so a request after this starts a new thread.
                    self._thread = None
                    self._emit(self.running_changed, False)
                    return
                trainer, generation = self._trainer, self._generation
                for name, value in self._settings.items():
                    setattr(trainer, name, value)
                self._in_epoch = True
            message = ""
            try:
                record = trainer.run_epoch()
            except training.Diverged as diverged:
                record, message = None, str(diverged)
            parameters = [p.copy() for p in trainer.network.parameters]
            with self._lock:
                self._in_epoch = False
                if generation != self._generation:
                    continue  # replaced meanwhile: this epoch belongs to nobody
                if record is not None:
                    self._published.records.append(record)
                    self._published.parameters = parameters
                    if self._epochs_wanted > 0:
                        self._epochs_wanted -= 1
                    if self._max_epochs and record.epoch >= self._max_epochs:
                        message = f"stopped at the epoch limit, {self._max_epochs:,}"
                    if self._target_loss and record.test_loss < self._target_loss:
                        message = (
                            f"reached the target at epoch {record.epoch:,}: test loss "
                            f"{record.test_loss:.3g} < {self._target_loss:g}"
                        )
                if message:
                    self._epochs_wanted = 0
            if message:
                self._emit(self.stopped, message)

    def _emit(self, signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            pass  # the window closed meanwhile: nobody listens
