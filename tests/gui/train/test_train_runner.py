"""TrainRunner: a Trainer run in its own process, driven and read from the GUI thread."""

import numpy as np
import pytest

from core import datasets, training
from gui.train.train_runner import TrainRunner


def _trainer(learning_rate=0.03, seed=0, loss="bce") -> training.Trainer:
    X, y = datasets.make("gauss", n=80, seed=seed)
    X_train, y_train, X_test, y_test = training.split(X, y, seed=seed)
    network = training.Network(hidden=(4,), activations="tanh", seed=seed)
    return training.Trainer(
        network, X_train, y_train, X_test, y_test, loss, learning_rate=learning_rate, seed=seed
    )


@pytest.fixture
def runner(qapp):
    runner = TrainRunner()
    runner.set_settings(learning_rate=0.03, batch_size=10, l2=0.0, max_epochs=0)
    yield runner
    runner.shutdown()


def test_a_step_runs_one_epoch_in_the_process_exactly_as_here(runner):
    runner.replace(_trainer())
    runner.step()
    assert runner.wait(30)
    published = runner.take()
    assert [record.epoch for record in published.records] == [1]
    here = _trainer()
    expected = here.run_epoch()
    assert published.records[0].train_loss == expected.train_loss
    for theirs, ours in zip(published.parameters, here.network.parameters, strict=True):
        np.testing.assert_array_equal(theirs, ours)
    assert not runner.is_running()
    assert runner.take().records == []  # taken once


def test_start_runs_until_paused_and_reports_both(runner, qtbot):
    changes = []
    runner.running_changed.connect(changes.append)
    runner.replace(_trainer())
    runner.start()
    assert runner.is_running() and runner.runs_until_paused()
    qtbot.waitUntil(lambda: len(runner.take().records) > 0 or False, timeout=30_000)
    runner.pause()
    assert runner.wait(30)
    assert not runner.is_running()
    qtbot.waitUntil(lambda: changes[-1:] == [False], timeout=5_000)
    assert changes[0] is True


def test_the_epoch_limit_stops_the_run_with_a_message(runner, qtbot):
    runner.set_settings(learning_rate=0.03, batch_size=10, l2=0.0, max_epochs=3)
    runner.replace(_trainer())
    with qtbot.waitSignal(runner.stopped, timeout=30_000) as stopped:
        runner.start()
    assert "epoch limit, 3" in stopped.args[0]
    runner.wait(30)
    assert [record.epoch for record in runner.take().records] == [1, 2, 3]
    # At the limit a request is refused at once, with the way out.
    with qtbot.waitSignal(runner.stopped, timeout=1_000) as refused:
        runner.start()
    assert "raise it" in refused.args[0]
    assert not runner.is_running()


def test_a_diverging_run_stops_with_the_epoch_it_blew_up_at(runner, qtbot):
    runner.set_settings(learning_rate=1e6, batch_size=10, l2=0.0, max_epochs=0)
    runner.replace(_trainer(learning_rate=1e6, loss="mse"))
    with qtbot.waitSignal(runner.stopped, timeout=30_000) as stopped:
        runner.start()
    assert stopped.args[0].startswith("diverged at epoch")
    runner.wait(30)
    for parameter in runner.take().parameters or []:
        assert np.all(np.isfinite(parameter))  # the last finite weights


def test_a_replaced_run_publishes_nothing_of_the_old_one(runner, qtbot):
    runner.replace(_trainer())
    runner.start()
    qtbot.waitUntil(lambda: bool(runner.take().records), timeout=30_000)
    runner.pause()
    runner.replace(_trainer(seed=1))
    runner.wait(30)
    assert runner.take().records == []
    runner.step()
    runner.wait(30)
    assert [record.epoch for record in runner.take().records] == [1]


def test_a_killed_process_is_reported_not_waited_for(runner, qtbot):
    runner.replace(_trainer())
    runner.start()
    qtbot.waitUntil(lambda: runner._process is not None and runner._process.is_alive())
    with qtbot.waitSignal(runner.stopped, timeout=10_000) as stopped:
        runner._process.kill()
    assert "ended unexpectedly" in stopped.args[0]
    assert not runner.is_running()


def test_the_process_answers_at_the_boundary_grid_when_it_stops(runner, qtbot):
    grid = np.column_stack([np.linspace(-3, 3, 50), np.linspace(3, -3, 50)])
    runner.replace(_trainer(), answer_grid=grid)
    runner.step()
    assert runner.wait(30)
    published = runner.take()
    assert [record.epoch for record in published.records] == [1]
    # Computed by the process with the weights it stopped at: equal to the same pass here.
    network = training.Network(hidden=(4,), activations="tanh", seed=0)
    network.set_parameters(published.parameters)
    np.testing.assert_array_equal(published.answer, network.forward(grid))
    # Without a grid the process computes nothing.
    runner.replace(_trainer())
    runner.step()
    assert runner.wait(30)
    assert runner.take().answer is None
