"""BackgroundJob: run a computation off the GUI thread; the latest request wins."""

from __future__ import annotations

import time
import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QApplication


class _Carrier(QObject):
    """Lives in the GUI thread; a worker's emit reaches it as a queued call."""

    done = Signal(int, object, str)


class _Task(QRunnable):
    def __init__(self, carrier: _Carrier, generation: int, function, args, kwargs):
        super().__init__()
        # Not auto-deleted: the pool would destroy this Python object on its worker thread
        # (a known source of crashes); the job drops its reference on the GUI thread instead.
        self.setAutoDelete(False)
        self._carrier, self._generation = carrier, generation
        self._function, self._args, self._kwargs = function, args, kwargs

    def run(self) -> None:
        try:
            result, error = self._function(*self._args, **self._kwargs), ""
        except Exception as exception:  # reported to the GUI thread, never lost
            result = None
            error = "".join(traceback.format_exception_only(type(exception), exception)).strip()
        try:
            self._carrier.done.emit(self._generation, result, error)
        except RuntimeError:
            pass  # the window that asked was closed meanwhile: nobody is waiting


class BackgroundJob(QObject):
    """Runs one kind of computation on Qt's thread pool.

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
        self._tasks: dict[int, _Task] = {}

    def is_busy(self) -> bool:
        return self._running > 0

    def submit(self, function, *args, **kwargs) -> None:
        self._generation += 1
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        task = _Task(self._carrier, self._generation, function, args, kwargs)
        self._tasks[self._generation] = task
        QThreadPool.globalInstance().start(task)

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
        self._tasks.pop(generation, None)
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)
        if generation != self._generation:
            return  # a newer request is on its way
        if error:
            self.failed.emit(error)
        else:
            self.finished.emit(result)
