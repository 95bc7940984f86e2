"""The training process: runs a core.training.Trainer epoch after epoch for a TrainRunner.

Training runs in a process of its own, not a thread of the window's: numpy releases the GIL
around every large array operation, and while a training thread holds it, the window's
thread waits up to the interpreter's switch interval to get it back, once per operation.
Measured on two cores, that turned a 7 ms boundary map into 290 ms and the window's frames
into 200 ms gaps. A process has its own interpreter, so the window keeps its frame rate.

This module must stay free of Qt: the child process imports it (and only it, with numpy and
the core) when it starts.

Messages, as tuples through two multiprocessing queues:

- to the process: ``(sequence, name, *arguments)`` with names ``replace`` (generation,
  trainer or None, the definitions of the user's functions it uses, and the points of the
  boundary map or None), ``settings``
  (dict of trainer attributes, epoch limit, target loss),
  ``run`` (epochs: a count, or -1 until paused), ``pause`` and ``quit``;
- from it: ``("epochs", generation, records, parameters, answer)`` at most every
  PUBLISH_INTERVAL_S and when it stops, ``answer`` being the network's outputs at the map's
  points (at most every ANSWER_INTERVAL_S, and always when it stops) or None;
  ``("stopped", generation, message)`` when it stops by itself, and
  ``("idle", sequence)`` when it has handled every command up to ``sequence`` and waits.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time

import numpy as np

from core import training

RUN_UNTIL_PAUSED = -1
PUBLISH_INTERVAL_S = 0.01  # a batch of epochs per 10 ms: the window reads at most 60 a second
# The boundary map's forward pass (10,000 points; 10-20 ms for GELU) is computed here, not on
# the window's thread, about as often as the window showed it anyway; always on stopping.
ANSWER_INTERVAL_S = 0.1
PARENT_CHECK_S = 1.0  # an idle process checks this often whether the window still exists
# Training is background work: on a machine with fewer cores than runners, the window's
# process goes first (a race of four on two cores otherwise stretched frames to 80 ms).
NICENESS = 10


def _register(definitions) -> None:
    """Register the user's functions here too: this process has its own registry."""
    if not definitions:
        return
    from core import activations, custom  # sympy only when the user has functions

    for definition in definitions:
        activations.register(custom.from_definition(definition))


def serve(commands, replies) -> None:
    """Handle ``commands`` until ``quit`` (or the parent process is gone)."""
    if hasattr(os, "nice"):  # POSIX; Windows has no niceness to lower
        os.nice(NICENESS)
    _Worker(commands, replies).serve()


class _Worker:
    def __init__(self, commands, replies):
        self.commands = commands
        self.replies = replies
        self.trainer: training.Trainer | None = None
        self.generation = 0
        self.epochs_wanted = 0
        self.max_epochs = 0
        self.target_loss = 0.0
        self.settings: dict[str, float] = {}
        self.last_sequence = 0
        self.reported_idle = 0
        self.records: list[training.EpochRecord] = []
        self.last_publish = time.monotonic()
        self.grid = None  # the boundary map's points
        self.last_answer = 0.0

    def serve(self) -> None:
        while True:
            if not self._handle_commands():
                return
            self._run_epoch()

    def _handle_commands(self) -> bool:
        """Apply what arrived; wait for more while there is nothing to train. False: quit."""
        while True:
            waiting = self.epochs_wanted == 0 or self.trainer is None
            if waiting:
                self._publish()
                if self.reported_idle != self.last_sequence:
                    self.replies.put(("idle", self.last_sequence))
                    self.reported_idle = self.last_sequence
            try:
                command = self.commands.get(timeout=PARENT_CHECK_S) if waiting else None
                if command is None:
                    command = self.commands.get_nowait()
            except queue.Empty:
                if not waiting:
                    return True
                parent = multiprocessing.parent_process()
                if parent is not None and not parent.is_alive():
                    return False
                continue
            sequence, name, *arguments = command
            self.last_sequence = sequence
            if name == "quit":
                return False
            if name == "replace":
                self.generation, self.trainer, definitions, self.grid = arguments
                _register(definitions)
                self.last_answer = 0.0
                self.records = []
                self.epochs_wanted = 0
            elif name == "settings":
                self.settings, self.max_epochs, self.target_loss = arguments
            elif name == "run":
                self.epochs_wanted = arguments[0]
            elif name == "pause":
                self.epochs_wanted = 0

    def _run_epoch(self) -> None:
        trainer = self.trainer
        for name, value in self.settings.items():
            setattr(trainer, name, value)
        message = ""
        try:
            record = trainer.run_epoch()
        except training.Diverged as diverged:
            message = str(diverged)
        else:
            self.records.append(record)
            if self.epochs_wanted > 0:
                self.epochs_wanted -= 1
            if self.max_epochs and record.epoch >= self.max_epochs:
                message = f"stopped at the epoch limit, {self.max_epochs:,}"
            if self.target_loss and record.test_loss < self.target_loss:
                message = (
                    f"reached the target at epoch {record.epoch:,}: test loss "
                    f"{record.test_loss:.3g} < {self.target_loss:g}"
                )
        if message:
            self.epochs_wanted = 0
            self._publish()
            self.replies.put(("stopped", self.generation, message))
        elif time.monotonic() - self.last_publish >= PUBLISH_INTERVAL_S:
            self._publish()

    def _publish(self) -> None:
        """Send the epochs run since the last batch, with the weights after the latest."""
        self.last_publish = time.monotonic()
        if not self.records:
            return
        parameters = [p.copy() for p in self.trainer.network.parameters]
        answer = None
        stopping = self.epochs_wanted == 0
        if self.grid is not None and (
            stopping or self.last_publish - self.last_answer >= ANSWER_INTERVAL_S
        ):
            self.last_answer = self.last_publish
            with np.errstate(over="ignore", invalid="ignore"):
                answer = self.trainer.network.forward(self.grid)
        self.replies.put(("epochs", self.generation, self.records, parameters, answer))
        self.records = []
