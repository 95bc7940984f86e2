"""BackgroundJob: run a computation off the GUI thread; the latest request wins.

The work runs on a Python thread pool rather than QThreadPool: PySide6 keeps a reference to
every QRunnable handed to a pool that must not delete it, so each finished task stayed
alive with its arguments (the monkey test saw 60 MB of arrays pile up), and runnables the
pool deletes itself are destroyed on a worker thread (a known source of crashes). Python
threads own nothing on the C++ side; a task and its arguments go when it has reported.
"""

from __future__ import annotations

import os
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

_POOL: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(
            max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="background-job"
        )
    return _POOL


class _Carrier(QObject):
    """Lives in the GUI thread; a worker's emit reaches it as a queued call."""

    done = Signal(int, object, str)


def _run(carrier: _Carrier, generation: int, function, args, kwargs) -> None:
    try:
        result, error = function(*args, **kwargs), ""
    except Exception as exception:  # reported to the GUI thread, never lost
        result = None
        error = "".join(traceback.format_exception_only(type(exception), exception)).strip()
    try:
        carrier.done.emit(generation, result, error)
    except RuntimeError:
        pass  # the window that asked was closed meanwhile: nobody is waiting


class BackgroundJob(QObject):
    """Runs one kind of computation on a worker thread.

    ``submit`` starts a computation; a result arrives as ``finished(result)`` in the GUI
    thread only if no newer request was made meanwhile (a slider dragged past many values
    shows only the latest). ``failed(message)`` reports an exception.
    """

    finished = Signal(object)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._carrier = _Carrier(self)
        self._carrier.done.connect(self._on_done)
        self._generation = 0
        self._running = 0

    def is_busy(self) -> bool:
        return self._running > 0

    def submit(self, function, *args, **kwargs) -> None:
        self._generation += 1
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        _pool().submit(_run, self._carrier, self._generation, function, args, kwargs)

    def discard_pending(self) -> None:
        """Drop the results of every computation submitted so far (newer data was shown)."""
        self._generation += 1

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Process events until every submitted computation has reported (tests, pictures)."""
        deadline = time.monotonic() + timeout_s
        while self._running and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.002)
        return not self._running

    def _on_done(self, generation: int, result, error: str) -> None:
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)
        if generation != self._generation:
            return  # a newer request is on its way
        if error:
            self.failed.emit(error)
        else:
            self.finished.emit(result)
