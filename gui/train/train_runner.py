"""TrainRunner: starts, pauses, steps and replaces a training run kept in another process.

The window hands the runner a Trainer and never touches it again: the runner ships it to its
training process (see train_worker for why a process) when training first starts. The
process sends back the records of the epochs it ran and a copy of the weights after the
latest, in batches; the runner keeps them until the view takes them, once per frame, so
however many epochs a second the process manages, the window repaints at most at display
rate.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
import weakref
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from core import activations, training
from gui.train import train_worker

RUN_UNTIL_PAUSED = train_worker.RUN_UNTIL_PAUSED
POLL_MS = 10  # how often the runner reads the process's replies while it trains
QUIT_WAIT_S = 1.0


@dataclass
class Published:
    """What the process has handed over since the last :meth:`TrainRunner.take`."""

    records: list[training.EpochRecord] = field(default_factory=list)
    parameters: list[np.ndarray] | None = None  # after the latest epoch, None if unchanged
    generation: int = 0  # which run they belong to (a reset starts a new one)
    # The network's outputs at the answer grid's points, computed by the process with the
    # weights of one of these epochs (the latest when it stopped); None if none came.
    answer: np.ndarray | None = None


class TrainRunner(QObject):
    """Start, pause, step and replace a training run.

    Signals arrive in the GUI thread: ``stopped(message)`` when the run stops by itself
    (the epoch limit, the target loss, or a diverged run with the message to show),
    ``running_changed`` whenever it starts or stops.
    """

    stopped = Signal(str)
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._process = None
        self._commands = None
        self._replies = None
        self._sequence = 0  # of the latest command sent
        self._run_sequence = 0  # of the latest run request
        self._idle_sequence = 0  # the process has handled everything up to this and waits
        self._generation = 0
        self._unsent: training.Trainer | None = None  # handed over, not yet shipped
        self._answer_grid: np.ndarray | None = None
        self._has_trainer = False
        self._epoch = 0  # of the latest epoch, as far as the window knows
        self._wanted = 0  # what the window asked for: 0, a count, or RUN_UNTIL_PAUSED
        self._max_epochs = 0
        self._target_loss = 0.0
        self._settings: dict[str, float] = {}
        self._published = Published()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._read_replies)

    # ---- what the window asks --------------------------------------------------------------

    def replace(self, trainer: training.Trainer, answer_grid: np.ndarray | None = None) -> None:
        """Train ``trainer`` from now on; a running epoch of the old one is thrown away.

        With ``answer_grid`` (points, shape (n, 2)), the process also publishes the network's
        outputs there (:attr:`Published.answer`): the boundary map's forward pass then costs
        the window nothing.
        """
        self._generation += 1
        self._unsent = trainer
        self._answer_grid = answer_grid
        self._has_trainer = True
        self._epoch = trainer.epoch
        self._published = Published(generation=self._generation)
        if self._process is not None:
            self._send("pause")  # the old run stops now, not when the new one is shipped
            self._wanted = 0

    def replace_with_nothing(self) -> None:
        """Stop and forget the trainer (a race lane no longer in use)."""
        self.pause()
        self._generation += 1
        self._unsent = None
        self._has_trainer = False
        self._published = Published(generation=self._generation)
        if self._process is not None:
            self._send("replace", self._generation, None, [], None)

    def set_settings(
        self,
        learning_rate: float,
        batch_size: int,
        l2: float,
        max_epochs: int,
        target_loss: float = 0.0,
    ):
        """Settings the process applies before each epoch, so a run takes them without
        restarting. The run stops by itself after ``max_epochs`` epochs or once the test
        loss is below ``target_loss`` (0: neither)."""
        self._settings = {
            "learning_rate": float(learning_rate),
            "batch_size": int(batch_size),
            "l2": float(l2),
        }
        self._max_epochs = int(max_epochs)
        self._target_loss = float(target_loss)
        if self._process is not None:
            self._send_settings()

    def start(self) -> None:
        self._request(RUN_UNTIL_PAUSED)

    def step(self) -> None:
        """Run one epoch (after the current one, if running)."""
        self._request(1)

    def pause(self) -> None:
        self._wanted = 0
        if self._process is not None and self._idle_sequence < self._sequence:
            self._send("pause")  # running_changed follows when the process says it waits

    def is_running(self) -> bool:
        """Whether an epoch runs or was asked for and not yet reported."""
        return self._wanted != 0 or self._idle_sequence < self._run_sequence

    def runs_until_paused(self) -> bool:
        """Whether the run goes on until paused (or a limit), rather than a step or two."""
        return self._wanted == RUN_UNTIL_PAUSED

    def take(self) -> Published:
        """What was published since the last call (and forget it)."""
        self._read_replies()
        published = self._published
        self._published = Published(generation=self._generation)
        return published

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Block until the process has handled every command and waits (tests, pictures,
        exports); False if it still trains after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while self._process is not None and self._idle_sequence < self._sequence:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                reply = self._replies.get(timeout=min(remaining, 0.1))
            except queue.Empty:
                if not self._process.is_alive():
                    self._lost()
                continue
            self._handle(reply)
        return True

    def shutdown(self) -> None:
        """End the training process (the window closes); a new request starts another."""
        self._poll.stop()
        process, self._process = self._process, None
        if process is not None:
            _end_process(process, self._commands)
            self._idle_sequence = self._sequence
            if self._has_trainer and self._unsent is None:
                self._has_trainer = False  # the trainer went with the process

    # ---- talking to the process ------------------------------------------------------------

    def _request(self, epochs: int) -> None:
        if not self._has_trainer:
            return
        if self._max_epochs and self._epoch >= self._max_epochs and not self.is_running():
            limit = f"{self._max_epochs:,}"
            self.stopped.emit(f"the epoch limit, {limit}, is reached: raise it to go on")
            return
        self._ensure_process()
        if self._unsent is not None:
            self._send(
                "replace",
                self._generation,
                self._unsent,
                _definitions(self._unsent),
                self._answer_grid,
            )
            self._unsent = None
        self._wanted = epochs
        self._run_sequence = self._send("run", epochs)
        self._poll.start()
        self.running_changed.emit(True)

    def _ensure_process(self) -> None:
        if self._process is not None:
            return
        # spawn, not fork: forking a process that runs Qt's threads can deadlock the child.
        context = multiprocessing.get_context("spawn")
        self._commands = context.Queue()
        self._replies = context.Queue()
        self._process = context.Process(
            target=train_worker.serve,
            args=(self._commands, self._replies),
            name="activation-explorer-training",
            daemon=True,  # never outlives the window, even if it crashes
        )
        self._process.start()
        weakref.finalize(self, _end_process, self._process, self._commands)
        self._sequence = self._idle_sequence = self._run_sequence = 0
        self._send_settings()

    def _send_settings(self) -> None:
        self._send("settings", self._settings, self._max_epochs, self._target_loss)

    def _send(self, name: str, *arguments) -> int:
        self._sequence += 1
        self._commands.put((self._sequence, name, *arguments))
        return self._sequence

    def _read_replies(self) -> None:
        while self._process is not None:
            try:
                reply = self._replies.get_nowait()
            except queue.Empty:
                if not self._process.is_alive():
                    self._lost()
                return
            self._handle(reply)

    def _handle(self, reply: tuple) -> None:
        kind, *arguments = reply
        if kind == "epochs":
            generation, records, parameters, answer = arguments
            if generation == self._generation:
                self._published.records.extend(records)
                self._published.parameters = parameters
                if answer is not None:
                    self._published.answer = answer
                self._epoch = records[-1].epoch
                if self._wanted > 0:
                    self._wanted = max(0, self._wanted - len(records))
        elif kind == "stopped":
            generation, message = arguments
            if generation == self._generation:
                self._wanted = 0
                self._emit(self.stopped, message)
        elif kind == "idle":
            was_running = self.is_running()
            self._idle_sequence = arguments[0]
            if self._idle_sequence >= self._run_sequence:
                self._wanted = 0
                self._poll.stop()
                if was_running:
                    self._emit(self.running_changed, False)

    def _lost(self) -> None:
        """The process died (killed, out of memory): say so instead of waiting for it."""
        code = self._process.exitcode
        self._process = None
        self._poll.stop()
        was_running = self.is_running()
        self._idle_sequence = self._run_sequence = self._sequence
        self._wanted = 0
        self._has_trainer = self._unsent is not None
        self._emit(
            self.stopped,
            f"the training process ended unexpectedly (exit code {code}): press Reset to start "
            "again",
        )
        if was_running:
            self._emit(self.running_changed, False)

    def _emit(self, signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            pass  # the window closed meanwhile: nobody listens


def _definitions(trainer: training.Trainer) -> list[dict]:
    """The definitions of the user's functions ``trainer``'s network uses (the training
    process registers them before it trains)."""
    keys = {key for key, _params in trainer.network.layers if activations.is_custom(key)}
    if not keys:
        return []
    from core import custom

    return [custom.definition(activations.get(key)) for key in sorted(keys)]


def _end_process(process, commands) -> None:
    """Ask the training process to quit, and make sure it does."""
    if not process.is_alive():
        return
    try:
        commands.put((0, "quit"))
    except (OSError, ValueError):
        pass  # the queue is closed already
    process.join(QUIT_WAIT_S)
    if process.is_alive():
        process.terminate()
        process.join(QUIT_WAIT_S)
