"""BackgroundJob: results in the GUI thread, the latest request wins, nothing is kept."""

import gc
import threading
import weakref

import numpy as np

from gui.background import BackgroundJob


def _thread_name_and_double(values):
    return threading.current_thread().name, values * 2


def test_work_runs_off_the_gui_thread_and_reports_in_it(qtbot):
    job = BackgroundJob()
    received = []
    job.finished.connect(lambda result: received.append((threading.current_thread(), result)))
    job.submit(_thread_name_and_double, np.arange(3.0))
    assert job.wait()
    ((receiving_thread, (worker_name, doubled)),) = received
    assert receiving_thread is threading.main_thread()
    assert worker_name != threading.main_thread().name
    np.testing.assert_array_equal(doubled, [0.0, 2.0, 4.0])


def test_only_the_latest_request_is_delivered(qtbot):
    job = BackgroundJob()
    received, busy = [], []
    job.finished.connect(received.append)
    job.busy_changed.connect(busy.append)
    for value in range(20):
        job.submit(lambda v: v, value)
    assert job.wait()
    assert received == [19]
    assert busy == [True, False] and not job.is_busy()


def test_a_failure_is_reported_not_lost(qtbot):
    job = BackgroundJob()
    failures = []
    job.failed.connect(failures.append)
    job.submit(lambda: 1 / 0)
    assert job.wait()
    assert failures == ["ZeroDivisionError: division by zero"]


def test_finished_work_keeps_no_reference_to_its_arguments(qtbot):
    # QThreadPool-based jobs kept every task and its arrays alive (60 MB in the monkey test).
    job = BackgroundJob()
    references = []
    for _ in range(10):
        payload = np.ones(1000)
        references.append(weakref.ref(payload))
        job.submit(np.sum, payload)
        del payload
    assert job.wait()
    gc.collect()
    assert all(reference() is None for reference in references)


def test_requests_made_while_one_runs_are_coalesced_to_the_latest(qtbot):
    # A slider dragged past many values while a slow run works: the run finishes, the
    # requests in between never start, and only the latest one runs after it.
    job = BackgroundJob()
    release = threading.Event()
    started, received = [], []
    job.finished.connect(received.append)

    def slow(value):
        started.append(value)
        release.wait(5)
        return value

    job.submit(slow, 0)
    qtbot.waitUntil(lambda: started == [0])
    for value in range(1, 6):
        job.submit(slow, value)
    release.set()
    assert job.wait()
    assert started == [0, 5]
    assert received == [5]


def test_a_stoppable_run_learns_that_a_newer_request_replaced_it(qtbot):
    job = BackgroundJob()
    checks, received = [], []
    job.finished.connect(received.append)
    first_running = threading.Event()
    replaced = threading.Event()

    def long_run(label, should_stop):
        first_running.set()
        if label == "first":
            replaced.wait(5)
        checks.append((label, should_stop()))
        return label

    job.submit_stoppable(long_run, "first")
    assert first_running.wait(5)
    job.submit_stoppable(long_run, "second")
    replaced.set()
    assert job.wait()
    assert checks == [("first", True), ("second", False)]
    assert received == ["second"]
