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
