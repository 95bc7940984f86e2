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


class _Latest:
    """The number of the latest request, readable from worker threads without touching the
    QObject (which the GUI thread may have deleted by then)."""

    value = 0


class BackgroundJob(QObject):
    """Runs one kind of computation on a worker thread, one at a time.

    ``submit`` starts a computation, or, while one is running, keeps the request until it
    ends; a newer request replaces a kept one, so a slider dragged past many values computes
    at most the one running and the latest. A result arrives as ``finished(result)`` in the
    GUI thread only if no newer request was made meanwhile; ``failed(message)`` reports an
    exception. ``submit_stoppable`` also hands the function a ``should_stop`` callable that
    turns True once a newer request exists, so a long run can give up early.
    """

    finished = Signal(object)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._carrier = _Carrier(self)
        self._carrier.done.connect(self._on_done)
        self._latest = _Latest()
        self._running = False
        self._waiting: tuple | None = None  # (generation, function, args, kwargs)

    def is_busy(self) -> bool:
        return self._running

    def submit(self, function, *args, **kwargs) -> None:
        self._latest.value += 1
        request = (self._latest.value, function, args, kwargs)
        if self._running:
            self._waiting = request  # an older waiting request is dropped unseen
            return
        self.busy_changed.emit(True)
        self._start(request)

    def submit_stoppable(self, function, *args, **kwargs) -> None:
        """Like :meth:`submit`; ``function`` also gets ``should_stop``, a callable that is
        True once this request is no longer the latest."""
        latest, generation = self._latest, self._latest.value + 1
        self.submit(function, *args, should_stop=lambda: latest.value != generation, **kwargs)

    def discard_pending(self) -> None:
        """Drop the results of every computation submitted so far (newer data was shown)."""
        self._latest.value += 1
        self._waiting = None

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Process events until every submitted computation has reported (tests, pictures)."""
        deadline = time.monotonic() + timeout_s
        while self._running and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.002)
        return not self._running

    def _start(self, request: tuple) -> None:
        generation, function, args, kwargs = request
        self._running = True
        _pool().submit(_run, self._carrier, generation, function, args, kwargs)

    def _on_done(self, generation: int, result, error: str) -> None:
        self._running = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(waiting)
        else:
            self.busy_changed.emit(False)
        if generation != self._latest.value:
            return  # a newer request is on its way
        if error:
            self.failed.emit(error)
        else:
            self.finished.emit(result)
