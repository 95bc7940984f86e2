"""Train tab: start, step, pause and reset a run in its training process; what the plots show."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QPushButton, QSpinBox

from core import training
from gui.train.train_tab import make_data
from tests.gui.conftest import find


@pytest.fixture
def tab(window):
    window.show_tab("train")
    return window.train_tab


def _epochs_drawn(window) -> np.ndarray:
    curve = find(window, pg.PlotWidget, "lossPlot").getPlotItem().listDataItems()[0]
    return curve.getOriginalDataset()[0]


def test_step_trains_exactly_one_epoch_like_the_core(window, tab, state, qtbot):
    model = state.train
    model.set_dataset("gauss")
    model.set_hidden_layers(1)
    qtbot.mouseClick(find(window, QPushButton, "stepButton"), Qt.MouseButton.LeftButton)
    tab.wait_idle()
    np.testing.assert_array_equal(_epochs_drawn(window), [0, 1])

    # The same settings in the core, epoch for epoch, give the same losses.
    X_train, y_train, X_test, y_test = make_data(model)
    network = training.Network(hidden=(8,), activations=["tanh"], seed=0)
    trainer = training.Trainer(network, X_train, y_train, X_test, y_test, seed=0)
    expected = trainer.run_epoch()
    curve = find(window, pg.PlotWidget, "lossPlot").getPlotItem().listDataItems()[0]
    assert curve.getOriginalDataset()[1][-1] == pytest.approx(expected.train_loss, rel=1e-12)
    assert "Epoch 1:" in find(window, type(tab.status), "trainStatus").text()


def test_the_boundary_map_comes_from_the_training_process(window, tab, state, qtbot, monkeypatch):
    from gui.train.boundary_view import GRID, answer_colours

    state.train.set_dataset("xor")
    passes_here = []
    original_forward = training.Network.forward

    def counted_forward(network, X):
        passes_here.append(len(X))
        return original_forward(network, X)

    monkeypatch.setattr(training.Network, "forward", counted_forward)
    qtbot.mouseClick(find(window, QPushButton, "stepButton"), Qt.MouseButton.LeftButton)
    tab.wait_idle()
    # The 100 x 100 map after the step was not computed on the window's thread ...
    assert GRID * GRID not in passes_here
    # ... and shows the trained network's answer: the same pass here gives the same colours.
    network = tab._shown
    outputs = original_forward(network, tab.boundary.grid_points)
    expected = answer_colours(outputs, "bce").reshape(GRID, GRID, 3)
    np.testing.assert_array_equal(tab.boundary.image.image, expected)


def test_train_runs_outside_the_window_and_pauses(window, tab, qtbot):
    button = find(window, QPushButton, "trainButton")
    assert button.isCheckable()
    button.click()
    assert button.isChecked() and button.text() == "Pause"
    # The window keeps handling events while epochs arrive.
    qtbot.waitUntil(lambda: len(_epochs_drawn(window)) > 5, timeout=20_000)
    button.click()
    assert not button.isChecked()
    tab.runner.wait()
    tab.wait_idle()
    epochs = _epochs_drawn(window)
    qtbot.wait(100)
    tab.wait_idle()
    np.testing.assert_array_equal(_epochs_drawn(window), epochs)  # paused: nothing new
    np.testing.assert_array_equal(epochs, np.arange(len(epochs)))


def test_reset_and_changed_settings_start_again_from_epoch_zero(window, tab, state, qtbot):
    tab.runner.step()
    tab.wait_idle()
    assert len(_epochs_drawn(window)) == 2
    find(window, QPushButton, "resetButton").click()
    np.testing.assert_array_equal(_epochs_drawn(window), [0])
    tab.runner.step()
    tab.wait_idle()
    find(window, QComboBox, "datasetChoice").setCurrentIndex(1)
    assert state.train.dataset == "xor"
    np.testing.assert_array_equal(_epochs_drawn(window), [0])
    # The learning rate and batch size apply without starting over.
    tab.runner.step()
    tab.wait_idle()
    find(window, QDoubleSpinBox, "learningRate").setValue(0.1)
    find(window, QSpinBox, "batchSize").setValue(20)
    assert state.train.learning_rate == 0.1 and state.train.batch_size == 20
    np.testing.assert_array_equal(_epochs_drawn(window), [0, 1])


def test_three_classes_and_regression_colour_the_plane(window, tab, state):
    state.train.set_dataset("spiral3")
    assert tab.loss_label.text() == "softmax cross-entropy"
    image = tab.boundary.image.image
    assert image.shape == (100, 100, 3) and image.dtype == np.uint8
    state.train.set_dataset("wave")
    assert tab.loss_label.text() == "mean squared error"
    assert not tab.boundary.accuracy_plot.isVisible()
    tab.runner.step()
    tab.wait_idle()
    rows = tab.csv_rows()
    assert rows[0][:3] == ["epoch", "train loss", "test loss"] and len(rows) == 3
    assert [row[0] for row in rows[1:]] == [0, 1]
    assert rows[-1][3] == "nan"  # no accuracy for a regression


def test_a_learning_rate_that_overflows_stops_with_a_message(window, tab, state, qtbot):
    model = state.train
    model.set_dataset("plane")
    model.set_activation("relu")
    model.set_learning_rate(10.0)
    model.set_batch_size(1)
    tab.runner.start()
    qtbot.waitUntil(lambda: not tab.runner.is_running(), timeout=30_000)
    tab.wait_idle()
    assert "diverged at epoch" in tab.status.text().lower()
    assert "lower the learning rate" in tab.status.text()
    assert not find(window, QPushButton, "trainButton").isChecked()
    assert all(np.all(np.isfinite(p)) for p in tab._shown.parameters)


def test_epoch_limit_stops_the_run(window, tab, state, qtbot):
    state.train.set_max_epochs(3)
    find(window, QPushButton, "trainButton").click()
    qtbot.waitUntil(lambda: not tab.runner.is_running(), timeout=20_000)
    tab.wait_idle()
    np.testing.assert_array_equal(_epochs_drawn(window), [0, 1, 2, 3])
    assert "epoch limit" in tab.status.text()
    assert not find(window, QPushButton, "trainButton").isChecked()


def test_dead_units_show_for_relu_pushed_too_far(window, tab, state, qtbot):
    model = state.train
    model.set_dataset("circle")
    model.set_activation("relu")
    model.set_learning_rate(3.0)
    model.set_max_epochs(5)
    tab.runner.start()
    qtbot.waitUntil(lambda: not tab.runner.is_running(), timeout=30_000)
    tab.wait_idle()
    dead = find(window, pg.PlotWidget, "deadUnitsPlot").getPlotItem().listDataItems()
    assert len(dead) == model.hidden_layers
    fractions = [curve.getOriginalDataset()[1] for curve in dead]
    assert all(np.all((f >= 0) & (f <= 1)) for f in fractions)
    assert max(float(f[-1]) for f in fractions) > 0.0


def test_the_session_keeps_the_settings_and_not_the_weights(window, tab, state, qtbot):
    from tests.gui.test_session import restart

    model = state.train
    model.set_dataset("moons")
    model.set_noise(0.3)
    model.set_hidden_layers(3)
    model.set_units(5)
    model.set_activation("elu")
    model.set_optimizer("adam")
    model.set_learning_rate(0.005)
    model.set_batch_size(32)
    model.set_max_epochs(200)
    tab.runner.step()
    tab.wait_idle()

    again = restart(window, qtbot)
    restored = again.state.train
    assert (restored.dataset, restored.noise, restored.hidden_layers, restored.units) == (
        "moons",
        0.3,
        3,
        5,
    )
    assert (restored.activation, restored.optimizer) == ("elu", "adam")
    assert (restored.learning_rate, restored.batch_size, restored.max_epochs) == (0.005, 32, 200)
    again.show_tab("train")
    assert find(again, QComboBox, "activationChoice").currentText() == "ELU"
    np.testing.assert_array_equal(_epochs_drawn(again), [0])  # a fresh run, epoch 0


def test_a_race_trains_each_runner_from_the_same_first_weights(window, tab, state, qtbot):
    model = state.train
    model.set_dataset("circle")
    model.set_hidden_layers(2)
    model.set_activation("relu")
    find(window, QComboBox, "raceActivation2").setCurrentIndex(
        find(window, QComboBox, "raceActivation2").findData("leaky_relu")
    )
    find(window, QComboBox, "raceActivation3").setCurrentIndex(0)  # none
    find(window, QComboBox, "raceActivation4").setCurrentIndex(0)
    find(window, QCheckBox, "raceToggle").setChecked(True)
    assert model.race_keys() == ["relu", "leaky_relu"]
    race = find(window, pg.PlotWidget, "racePlot")
    assert race.isVisible() and not find(window, pg.PlotWidget, "boundaryPlot").isVisible()
    assert not find(window, pg.PlotWidget, "raceBoundary3").isVisible()
    relu, leaky = tab._lanes
    for first, second in zip(relu.shown.parameters, leaky.shown.parameters, strict=True):
        np.testing.assert_array_equal(first, second)

    model.set_max_epochs(2)
    find(window, QPushButton, "trainButton").click()
    qtbot.waitUntil(lambda: not tab._running(), timeout=20_000)
    tab.wait_idle()
    curves = race.getPlotItem().listDataItems()
    assert len(curves) == 2
    # Each runner's curve is the core's own run of that activation.
    X_train, y_train, X_test, y_test = make_data(model)
    for curve, key in zip(curves, ["relu", "leaky_relu"], strict=True):
        network = training.Network(hidden=(8, 8), activations=[key, key], seed=0)
        trainer = training.Trainer(network, X_train, y_train, X_test, y_test, seed=0)
        expected = [trainer.evaluate().train_loss]
        expected += [trainer.run_epoch().train_loss for _ in range(2)]
        epochs, losses = curve.getOriginalDataset()
        np.testing.assert_array_equal(epochs, [0, 1, 2])
        np.testing.assert_allclose(losses, expected, rtol=1e-12)
    assert (
        "Leaky ReLU: epoch 2"
        in find(window, pg.PlotWidget, "raceBoundary2").getPlotItem().titleLabel.text
    )

    # Racing off: the tab's own run again, from epoch 0.
    find(window, QCheckBox, "raceToggle").setChecked(False)
    assert len(tab._lanes) == 1 and find(window, pg.PlotWidget, "boundaryPlot").isVisible()


def test_export_writes_the_weights_and_a_script_beside_them(
    window, tab, state, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    state.train.set_activation("gelu")
    tab.runner.step()
    tab.wait_idle()
    target = tmp_path / "my net.py"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    find(window, QPushButton, "exportNetworkButton").click()
    script = target.read_text(encoding="utf-8")
    assert "nn.GELU(approximate='none')" in script and "'my net.npz'" in script
    with np.load(tmp_path / "my net.npz") as saved:
        np.testing.assert_array_equal(saved["W1"], tab._shown.parameters[0])
    # After one epoch the exported weights are the trained ones, not the first ones.
    first = training.Network(hidden=(8, 8), activations=["gelu"] * 2, seed=0)
    assert not np.array_equal(tab._shown.parameters[0], first.parameters[0])


def test_an_unwritable_export_says_why(window, tab, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert not tab.export_network(str(tmp_path / "missing" / "net.py"))
    assert warned and "net.py" in warned[0]


def test_each_runner_stops_at_the_target_loss_on_its_own(window, tab, state, qtbot):
    model = state.train
    model.set_dataset("gauss")
    model.set_hidden_layers(1)
    model.set_activation("tanh")
    model.set_race_second("sigmoid")
    model.set_race_third("")
    model.set_racing(True)
    model.set_learning_rate(0.1)
    model.set_max_epochs(300)  # a bound, should the target never come
    find(window, QDoubleSpinBox, "targetLoss").setValue(0.1)
    assert model.target_loss == 0.1
    find(window, QPushButton, "trainButton").click()
    qtbot.waitUntil(lambda: not tab._running(), timeout=60_000)
    tab.wait_idle()
    for lane in tab._lanes:
        last = lane.records[-1]
        # Each stopped at its first epoch below the target, not at the other's.
        assert last.test_loss < 0.1
        assert all(record.test_loss >= 0.1 for record in lane.records[:-1])
        assert lane.message.startswith(f"reached the target at epoch {last.epoch}")
    tanh, sigmoid = (lane.records[-1].epoch for lane in tab._lanes)
    assert tanh < sigmoid  # sigmoid's gradients are at most a quarter of tanh's


def test_your_own_points_from_a_csv_file(window, tab, state, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    rng = np.random.default_rng(0)
    X = rng.normal(0.0, 2.0, (60, 2))
    labels = np.digitize(X[:, 0], [-1.0, 1.0]) * 5  # three classes, written as 0, 5, 10
    path = tmp_path / "mine.csv"
    path.write_text(
        "x1,x2,label\n" + "".join(f"{a},{b},{c}\n" for (a, b), c in zip(X, labels, strict=True)),
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    find(window, QPushButton, "loadCsvButton").click()
    assert (state.train.dataset, state.train.csv_path) == ("csv", str(path))
    assert tab.loss_label.text() == "softmax cross-entropy"
    assert tab._shown.sizes[-1] == 3
    X_train, _y_train, X_test, _y_test = tab._data
    assert len(X_train) + len(X_test) == 60
    tab.runner.step()
    tab.wait_idle()
    np.testing.assert_array_equal(_epochs_drawn(window), [0, 1])

    # A bad file is refused with its line; the points shown stay.
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,0\n3,oops,1\n", encoding="utf-8")
    assert not tab.load_csv_file(str(bad))
    assert "line 2" in warned[0] and state.train.csv_path == str(path)


def test_a_csv_file_gone_since_the_last_session_falls_back_to_the_spiral(window, tab, state):
    state.train.set_csv_path("/nonexistent/points.csv")
    state.train.set_dataset("csv")
    assert state.train.dataset == "spiral"
    assert "Could not use the CSV file" in tab.status.text()
    assert tab._data[0].shape[1] == 2


def test_choosing_your_csv_without_a_file_asks_and_a_cancel_keeps_the_data(
    window, tab, state, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a) or ("", ""))
    combo = find(window, QComboBox, "datasetChoice")
    combo.setCurrentIndex(combo.findData("csv"))
    assert asked and state.train.dataset == "spiral"
    assert combo.currentData() == "spiral"


def test_each_layer_can_have_its_own_activation(window, tab, state, tmp_path):
    model = state.train
    model.set_hidden_layers(2)
    toggle = find(window, QCheckBox, "perLayerToggle")
    layer_two = find(window, QComboBox, "layerActivation2")
    assert not layer_two.isVisibleTo(tab)
    toggle.setChecked(True)
    assert layer_two.isVisibleTo(tab)
    assert not find(window, QComboBox, "layerActivation3").isVisibleTo(tab)  # 2 layers
    layer_two.setCurrentIndex(layer_two.findData("relu"))
    assert model.layer_keys() == ["tanh", "relu"]
    tab.runner.step()
    tab.wait_idle()
    assert tab.export_network(str(tmp_path / "net.py"))
    with np.load(tmp_path / "net.npz") as saved:
        assert list(saved["activations"]) == ["tanh", "relu"]
    assert "nn.ReLU()" in (tmp_path / "net.py").read_text(encoding="utf-8")
    assert (
        find(window, pg.PlotWidget, "deadUnitsPlot")
        .getPlotItem()
        .titleLabel.text.startswith("Dead units")
    )
    # One activation for the whole network again: the choices are cleared.
    toggle.setChecked(False)
    assert model.layer_keys() == ["tanh", "tanh"] and not layer_two.isVisibleTo(tab)


def _click_map(qtbot, window, x1, x2, button):
    from PySide6.QtCore import QPointF

    plot = find(window, pg.PlotWidget, "boundaryPlot")
    scene_point = plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x1, x2))
    qtbot.mouseClick(plot.viewport(), button, pos=plot.mapFromScene(scene_point))


def test_a_click_adds_a_point_of_the_chosen_class_and_a_right_click_removes_it(
    window, tab, state, qtbot
):
    tab.runner.step()
    tab.wait_idle()
    classes = find(window, QComboBox, "pointClass")
    assert [classes.itemData(i) for i in range(classes.count())] == [0, 1]
    classes.setCurrentIndex(1)
    before = len(tab._data[0])
    _click_map(qtbot, window, 0.25, -0.5, Qt.MouseButton.LeftButton)
    X_train, y_train, _X_test, _y_test = tab._data
    assert len(X_train) == before + 1 and y_train[-1] == 1
    np.testing.assert_allclose(X_train[-1], [0.25, -0.5], atol=0.1)  # within a pixel or two
    np.testing.assert_array_equal(_epochs_drawn(window), [0])  # the run starts over
    drawn = tab.boundary.train_points.getData()
    assert len(drawn[0]) == before + 1
    # The right click lands a pixel away from the point: the nearest one within reach goes.
    _click_map(qtbot, window, 0.26, -0.5, Qt.MouseButton.RightButton)
    assert len(tab._data[0]) == before
    assert not np.any(np.all(np.isclose(tab._data[0], X_train[-1]), axis=1))
    # Far from every point, a right click removes nothing.
    assert not tab.remove_point_near(100.0, 100.0)


def test_the_learning_rate_slider_moves_over_round_rates(window, tab, state):
    from PySide6.QtWidgets import QSlider

    slider = find(window, QSlider, "learningRateSlider")
    assert slider.values[slider.value()] == state.train.learning_rate == 0.03
    slider.triggerAction(QSlider.SliderAction.SliderPageStepAdd)  # a decade up
    assert state.train.learning_rate == 0.3
    assert find(window, QDoubleSpinBox, "learningRate").value() == 0.3
    state.train.set_learning_rate(0.0012)  # typed: the handle goes to the nearest round rate
    assert slider.values[slider.value()] == 0.001 and state.train.learning_rate == 0.0012
