"""TrainTab: pick data, a network and its training; watch it learn, or its units die."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core import activations, datasets, torch_export, training
from gui.models import AppState
from gui.train.boundary_view import BoundaryView
from gui.train.health_view import HealthView
from gui.train.race_view import RaceView
from gui.train.train_model import (
    BATCH_RANGE,
    DATASET_TITLES,
    DATASETS,
    EPOCHS_RANGE,
    L2_RANGE,
    LAYERS_RANGE,
    LEARNING_RATE_RANGE,
    POINTS_RANGE,
    SEED_RANGE,
    TARGET_LOSS_RANGE,
    TRAIN_FRACTION_RANGE,
    UNITS_RANGE,
    TrainModel,
    loss_for,
)
from gui.train.train_runner import TrainRunner
from gui.train.unit_maps_view import UnitMapsView
from gui.widgets.log_slider import LogSlider
from gui.widgets.palette import class_color
from gui.widgets.spin_boxes import integer_box, number_box
from gui.widgets.tab_page import TabPage, controls_column, set_quietly

REGRESSION_TARGETS = (-1.0, -0.5, 0.0, 0.5, 1.0)
FRAME_MS = 16  # the views are fed at most once per frame of a 60 Hz display
# Drawn in turn, one per frame. Each plot of learning curves is a turn of its own, since
# each strokes several jagged curves.
FRAME_VIEWS = ("map", "losses", "accuracy", "units", "dead units", "gradients")
LOSS_NAMES = {
    "bce": "binary cross-entropy",
    "ce": "softmax cross-entropy",
    "mse": "mean squared error",
}
OPTIMIZER_TITLES = {"sgd": "SGD", "momentum": "Momentum (0.9)", "adam": "Adam"}


def make_data(model: TrainModel):
    """(X_train, y_train, X_test, y_test) for the model's dataset settings.

    Raises
    ------
    ValueError, OSError
        When the dataset is the user's CSV file and it cannot be read or used.
    """
    if model.dataset == "csv":
        X, y = datasets.load_csv(model.csv_path)
        if len(X) < 2:
            raise ValueError("the file holds one point: training needs two or more")
    else:
        name, classes = ("spiral", 3) if model.dataset == "spiral3" else (model.dataset, 2)
        X, y = datasets.make(name, model.points, model.noise, model.data_seed, classes)
    return training.split(X, y, model.train_fraction, seed=model.data_seed)


class TrainTab(TabPage):
    """Data, network and training controls on the left; the boundary and learning curves in
    the centre; dead units and gradient sizes on the right."""

    SPLITTERS: ClassVar[dict[str, list[int] | None]] = {"trainSplitter": [290, 690, 410]}

    def __init__(self, state: AppState, lazy: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainTab")
        model: TrainModel = state.train
        self._model = model
        self._state = state
        self._runners: list[TrainRunner] = []
        self._lanes: list[_Lane] = []
        self._stale: set[str] = set()  # views whose data changed since they were drawn
        self._turn = 0  # which view's turn it is to be drawn
        self.runner = self._runner(0)  # the tab's own run; race lanes get more
        self.boundary = BoundaryView(self)
        self.health = HealthView(self)
        self.race = RaceView(self)
        self.unit_maps = UnitMapsView(self)
        self._build_controls()
        left = controls_column(
            self._data_box,
            self._network_box,
            self._race_box,
            self._training_box,
            minimum_width=270,
        )
        centre = QWidget()
        centre_layout = QHBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.boundary)
        centre_layout.addWidget(self.race)
        # Four groups of controls are taller than a laptop screen: the column scrolls.
        scroll = QScrollArea()
        scroll.setObjectName("trainControls")
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(left.minimumWidth() + scroll.verticalScrollBar().sizeHint().width())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.health, 3)
        right_layout.addWidget(self.unit_maps, 2)
        self.splitter = self.lay_out_side_by_side("trainSplitter", scroll, centre, right)

        self.boundary.point_clicked.connect(self._on_point_clicked)
        self._frame = QTimer(self)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._pull)
        for name in TrainModel.RESTARTING:
            getattr(model, f"{name}_changed").connect(self._restart)
        for name in ("learning_rate", "batch_size", "l2", "max_epochs", "target_loss"):
            getattr(model, f"{name}_changed").connect(self._on_settings_changed)
        self._connect_model_to_controls()
        self._restart()

    # ---- controls ------------------------------------------------------------------------

    def _build_controls(self) -> None:
        model = self._model
        self.dataset = QComboBox()
        self.dataset.setObjectName("datasetChoice")
        for key in DATASETS:
            self.dataset.addItem(DATASET_TITLES[key], key)
        self.dataset.setCurrentIndex(DATASETS.index(model.dataset))
        self.dataset.setToolTip("The points to learn")
        self.dataset.currentIndexChanged.connect(self._on_dataset_chosen)
        self.noise = number_box("noiseControl", datasets.NOISE_RANGE, model.noise, 0.05, 2)
        self.noise.setToolTip("How far the points stray from the clean shape")
        self.noise.valueChanged.connect(model.set_noise)
        self.points = integer_box("pointsControl", POINTS_RANGE, model.points)
        self.points.setToolTip("How many points, training and test together")
        self.points.valueChanged.connect(model.set_points)
        self.train_fraction = number_box(
            "trainFraction", TRAIN_FRACTION_RANGE, model.train_fraction, 0.05, 2
        )
        self.train_fraction.setToolTip("The share of the points used for training")
        self.train_fraction.valueChanged.connect(model.set_train_fraction)
        self.regenerate = QPushButton("New points")
        self.regenerate.setObjectName("regenerateButton")
        self.regenerate.setToolTip("Draw the dataset again with the next seed")
        self.regenerate.clicked.connect(
            lambda: model.set_data_seed((model.data_seed + 1) % SEED_RANGE[1])
        )
        self.load_csv = QPushButton("Load CSV…")
        self.load_csv.setObjectName("loadCsvButton")
        self.load_csv.setToolTip(
            "Train on your own points: a CSV file with columns x1, x2, label (whole-number "
            "labels are classes, others regression targets)"
        )
        self.load_csv.clicked.connect(lambda: self.load_csv_file())
        self.point_class = QComboBox()
        self.point_class.setObjectName("pointClass")
        self.point_class.setToolTip(
            "What a click on the map adds: a training point of this class (or target); a "
            "right click removes the point nearest to it"
        )
        self._data_box = QGroupBox("Data")
        form = QFormLayout(self._data_box)
        form.addRow("dataset", self.dataset)
        form.addRow("noise", self.noise)
        form.addRow("points", self.points)
        form.addRow("train share", self.train_fraction)
        data_buttons = QWidget()
        row = QHBoxLayout(data_buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.regenerate)
        row.addWidget(self.load_csv)
        form.addRow(data_buttons)
        form.addRow("click adds", self.point_class)

        self.layers = integer_box("hiddenLayers", LAYERS_RANGE, model.hidden_layers)
        self.layers.setToolTip("Hidden layers (0: a linear model)")
        self.layers.valueChanged.connect(model.set_hidden_layers)
        self.units = integer_box("unitsControl", UNITS_RANGE, model.units)
        self.units.setToolTip("Units in every hidden layer")
        self.units.valueChanged.connect(model.set_units)
        self.activation = QComboBox()
        self.activation.setObjectName("activationChoice")
        self.activation.setToolTip("The activation of every hidden layer")
        self._add_grouped_activations(self.activation)
        self.activation.setCurrentIndex(self.activation.findData(model.activation))
        self.activation.currentIndexChanged.connect(self._on_activation_chosen)
        # A layer may differ from the rest: "same" follows the activation above (and, in a
        # race, each runner's).
        self.layer_choices: list[QComboBox] = []
        self._layer_rows = QWidget()
        layer_form = QFormLayout(self._layer_rows)
        layer_form.setContentsMargins(0, 0, 0, 0)
        for layer in range(LAYERS_RANGE[1]):
            combo = QComboBox()
            combo.setObjectName(f"layerActivation{layer + 1}")
            combo.setToolTip(f"The activation of hidden layer {layer + 1}")
            combo.addItem("same as above", "")
            self._add_grouped_activations(combo)
            combo.setCurrentIndex(combo.findData(model.layer_activations[layer]))
            combo.currentIndexChanged.connect(
                lambda index, combo=combo, layer=layer: self._on_layer_chosen(combo, layer, index)
            )
            self.layer_choices.append(combo)
            layer_form.addRow(f"layer {layer + 1}", combo)
        self.per_layer = QCheckBox("a different activation per layer")
        self.per_layer.setObjectName("perLayerToggle")
        self.per_layer.setToolTip("Choose each hidden layer's activation on its own")
        self.per_layer.setChecked(any(model.layer_activations))
        self.per_layer.toggled.connect(self._on_per_layer_toggled)
        self.init = QComboBox()
        self.init.setObjectName("trainInit")
        self.init.addItem("Xavier (g = 1)", "xavier")
        self.init.addItem("He (g = √2)", "he")
        self.init.setToolTip("How large the first random weights are: W ~ N(0, g²/fan-in)")
        self.init.setCurrentIndex(self.init.findData(model.init))
        self.init.currentIndexChanged.connect(
            lambda index: model.set_init(self.init.itemData(index))
        )
        self.seed = integer_box("trainSeed", SEED_RANGE, model.train_seed)
        self.seed.setToolTip("Seed of the first weights and of the minibatch order")
        self.seed.valueChanged.connect(model.set_train_seed)
        self._network_box = QGroupBox("Network")
        form = QFormLayout(self._network_box)
        form.addRow("hidden layers", self.layers)
        form.addRow("units", self.units)
        form.addRow("activation", self.activation)
        form.addRow(self.per_layer)
        form.addRow(self._layer_rows)
        form.addRow("init", self.init)
        form.addRow("seed", self.seed)

        self.race_toggle = QCheckBox("Race the activation above against")
        self.race_toggle.setObjectName("raceToggle")
        self.race_toggle.setToolTip(
            "Train up to four activations side by side from the same data and the same "
            "first weights"
        )
        self.race_toggle.setChecked(model.racing)
        self.race_toggle.toggled.connect(model.set_racing)
        self._race_box = QGroupBox("Race")
        form = QFormLayout(self._race_box)
        form.addRow(self.race_toggle)
        self.race_choices: list[QComboBox] = []
        for number, name in ((2, "race_second"), (3, "race_third"), (4, "race_fourth")):
            combo = QComboBox()
            combo.setObjectName(f"raceActivation{number}")
            combo.setToolTip(f"Runner {number} of the race (none: no runner)")
            combo.addItem("none", "")
            self._add_grouped_activations(combo)
            combo.setCurrentIndex(combo.findData(getattr(model, name)))
            combo.currentIndexChanged.connect(
                lambda index, combo=combo, name=name: self._on_runner_chosen(combo, name, index)
            )
            self.race_choices.append(combo)
            form.addRow(f"runner {number}", combo)

        self.loss_label = QLabel()
        self.loss_label.setObjectName("lossName")
        self.loss_label.setToolTip("Set by the data: one logit, softmax, or squared error")
        self.optimizer = QComboBox()
        self.optimizer.setObjectName("optimizerChoice")
        for key in training.OPTIMIZERS:
            self.optimizer.addItem(OPTIMIZER_TITLES[key], key)
        self.optimizer.setCurrentIndex(self.optimizer.findData(model.optimizer))
        self.optimizer.setToolTip("How each step uses the gradient; a change starts over")
        self.optimizer.currentIndexChanged.connect(
            lambda index: model.set_optimizer(self.optimizer.itemData(index))
        )
        self.learning_rate = number_box(
            "learningRate", LEARNING_RATE_RANGE, model.learning_rate, 0.01, 5
        )
        # Each arrow step changes the rate by about a tenth of its size, so 0.0001 and 3
        # are equally easy to fine-tune.
        self.learning_rate.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.learning_rate.setToolTip("Step size; changes apply from the next epoch")
        self.learning_rate.valueChanged.connect(model.set_learning_rate)
        # A drag covers 1e-5 to 10 on a log scale, over the round rates people try; the
        # box beside it takes any rate typed.
        self.learning_rate_slider = LogSlider(*LEARNING_RATE_RANGE)
        self.learning_rate_slider.setObjectName("learningRateSlider")
        self.learning_rate_slider.setToolTip(
            "Learning rate on a log scale (1, 2, 3, 5 per decade); Page Up/Down: a decade"
        )
        self.learning_rate_slider.show_value(model.learning_rate)
        self.learning_rate_slider.value_chosen.connect(model.set_learning_rate)
        # In one row with the slider, the box is no form label's buddy: name both.
        self.learning_rate.setAccessibleName("learning rate")
        self.learning_rate_slider.setAccessibleName("learning rate, log scale")
        learning_rate_row = QWidget()
        row = QHBoxLayout(learning_rate_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.learning_rate_slider, 1)
        row.addWidget(self.learning_rate)
        self.batch_size = integer_box("batchSize", BATCH_RANGE, model.batch_size)
        self.batch_size.setToolTip("Points per update; changes apply from the next epoch")
        self.batch_size.valueChanged.connect(model.set_batch_size)
        self.l2 = number_box("l2Control", L2_RANGE, model.l2, 0.001, 4)
        self.l2.setToolTip("Weight decay: adds l2·W to every weight's gradient")
        self.l2.valueChanged.connect(model.set_l2)
        self.max_epochs = integer_box("maxEpochs", EPOCHS_RANGE, model.max_epochs)
        self.max_epochs.setSpecialValueText("no limit")
        self.max_epochs.setToolTip("Stop after this many epochs (0: train until paused)")
        self.max_epochs.valueChanged.connect(model.set_max_epochs)
        self.target_loss = number_box("targetLoss", TARGET_LOSS_RANGE, model.target_loss, 0.01, 4)
        self.target_loss.setSpecialValueText("none")
        self.target_loss.setToolTip(
            "Stop once the test loss falls below this (0: no target); in a race each runner "
            "stops on its own, so the epochs each needed can be compared"
        )
        self.target_loss.valueChanged.connect(model.set_target_loss)
        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("trainButton")
        self.train_button.setCheckable(True)
        self.train_button.setToolTip("Start or pause training")
        self.train_button.toggled.connect(self._on_train_toggled)
        self.step_button = QPushButton("Step")
        self.step_button.setObjectName("stepButton")
        self.step_button.setToolTip("Train one epoch")
        self.step_button.clicked.connect(self._step)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setObjectName("resetButton")
        self.reset_button.setToolTip("Back to the first weights and epoch 0, same points")
        self.reset_button.clicked.connect(self._start_over)
        self.export_button = QPushButton("Export network…")
        self.export_button.setObjectName("exportNetworkButton")
        self.export_button.setToolTip(
            "Save the trained weights (.npz) and a PyTorch script that rebuilds this network "
            "and loads them"
        )
        self.export_button.clicked.connect(lambda: self.export_network())
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.train_button, self.step_button, self.reset_button):
            row.addWidget(button)
        self.status = QLabel()
        self.status.setObjectName("trainStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._training_box = QGroupBox("Training")
        form = QFormLayout(self._training_box)
        form.addRow("loss", self.loss_label)
        form.addRow("optimizer", self.optimizer)
        form.addRow("learning rate", learning_rate_row)
        form.addRow("batch size", self.batch_size)
        form.addRow("L2", self.l2)
        form.addRow("stop after", self.max_epochs)
        form.addRow("or below loss", self.target_loss)
        form.addRow(buttons)
        form.addRow(self.export_button)
        form.addRow(self.status)

    def _on_dataset_chosen(self, index: int) -> None:
        key = self.dataset.itemData(index)
        if key == "csv" and not self._model.csv_path:
            # No file yet: ask for one; cancelling keeps the dataset shown.
            if not self.load_csv_file():
                self._choose_quietly(self.dataset, self._model.dataset)
            return
        self._model.set_dataset(key)

    @staticmethod
    def _add_grouped_activations(combo: QComboBox) -> None:
        """Every activation, group by group as the function list shows them."""
        for group in activations.display_groups():
            if combo.count():
                combo.insertSeparator(combo.count())
            for record in activations.all_activations():
                if record.group == group:
                    combo.addItem(record.name, record.key)

    def _on_runner_chosen(self, combo: QComboBox, field: str, index: int) -> None:
        key = combo.itemData(index)
        if key is None:  # a separator, chosen from code
            self._choose_quietly(combo, getattr(self._model, field))
            return
        getattr(self._model, f"set_{field}")(key)

    def _on_layer_chosen(self, combo: QComboBox, layer: int, index: int) -> None:
        key = combo.itemData(index)
        if key is None:  # a separator, chosen from code
            self._choose_quietly(combo, self._model.layer_activations[layer])
            return
        self._model.set_layer_activation(layer, key)

    def _on_per_layer_toggled(self, checked: bool) -> None:
        self._show_layer_rows()
        if not checked:  # back to one activation for the whole network
            self._model.set_layer_activations(("",) * LAYERS_RANGE[1])

    def _show_layer_rows(self) -> None:
        """The per-layer choices of the network's layers, while they are asked for."""
        shown = self.per_layer.isChecked()
        self._layer_rows.setVisible(shown)
        form = self._layer_rows.layout()
        for layer in range(LAYERS_RANGE[1]):
            form.setRowVisible(layer, shown and layer < self._model.hidden_layers)

    def _on_activation_chosen(self, index: int) -> None:
        key = self.activation.itemData(index)
        if key is None:  # a group separator, chosen from code: keep the function shown
            self._choose_quietly(self.activation, self._model.activation)
            return
        self._model.set_activation(key)

    def _connect_model_to_controls(self) -> None:
        model = self._model
        for name, spin in (
            ("noise", self.noise),
            ("points", self.points),
            ("train_fraction", self.train_fraction),
            ("hidden_layers", self.layers),
            ("units", self.units),
            ("train_seed", self.seed),
            ("learning_rate", self.learning_rate),
            ("batch_size", self.batch_size),
            ("l2", self.l2),
            ("max_epochs", self.max_epochs),
            ("target_loss", self.target_loss),
        ):
            getattr(model, f"{name}_changed").connect(
                lambda value, spin=spin: set_quietly(spin, value)
            )
        for name, combo in (
            ("dataset", self.dataset),
            ("activation", self.activation),
            ("init", self.init),
            ("optimizer", self.optimizer),
            ("race_second", self.race_choices[0]),
            ("race_third", self.race_choices[1]),
            ("race_fourth", self.race_choices[2]),
        ):
            getattr(model, f"{name}_changed").connect(
                lambda value, combo=combo: self._choose_quietly(combo, value)
            )

        model.racing_changed.connect(lambda racing: set_quietly_checked(self.race_toggle, racing))
        model.learning_rate_changed.connect(self.learning_rate_slider.show_value)
        model.layer_activations_changed.connect(self._on_layer_activations_changed)
        self._state.functions.registry_changed.connect(self._on_registry_changed)
        model.hidden_layers_changed.connect(self._show_layer_rows)
        self._show_layer_rows()

    def _on_registry_changed(self) -> None:
        """The user's functions changed: every list of functions again, choices kept."""
        model = self._model
        lists = [
            (self.activation, None, model.activation),
            *(
                (combo, "none", getattr(model, name))
                for combo, name in zip(
                    self.race_choices, ("race_second", "race_third", "race_fourth"), strict=True
                )
            ),
            *(
                (combo, "same as above", key)
                for combo, key in zip(self.layer_choices, model.layer_activations, strict=True)
            ),
        ]
        for combo, first, chosen in lists:
            blocked = combo.blockSignals(True)
            combo.clear()
            if first is not None:
                combo.addItem(first, "")
            self._add_grouped_activations(combo)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(blocked)

    def _on_layer_activations_changed(self, choices) -> None:
        for combo, key in zip(self.layer_choices, choices, strict=True):
            self._choose_quietly(combo, key)
        if any(choices):
            set_quietly_checked(self.per_layer, True)
            self._show_layer_rows()

    @staticmethod
    def _choose_quietly(combo: QComboBox, key: str) -> None:
        index = combo.findData(key)
        if index != combo.currentIndex():
            blocked = combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(blocked)

    # ---- training ------------------------------------------------------------------------

    def _runner(self, lane: int) -> TrainRunner:
        """The runner of race lane ``lane`` (lane 0 is the tab's own), made on first use."""
        while len(self._runners) <= lane:
            runner = TrainRunner(self)
            index = len(self._runners)
            runner.running_changed.connect(self._on_running_changed)
            runner.stopped.connect(lambda message, index=index: self._on_stopped(index, message))
            self._runners.append(runner)
        return self._runners[lane]

    def _restart(self, *_args) -> None:
        """New data and new weights from the model's settings; epoch 0, paused."""
        model = self._model
        try:
            self._data = make_data(model)
        except (OSError, ValueError) as error:
            # Only the user's file can fail (moved since the last session, or edited).
            reason = getattr(error, "strerror", None) or str(error)
            self.message.emit(f"Could not use {model.csv_path}: {reason}")
            model.set_dataset("spiral")  # restarts with data that always exist
            self._set_status(f"Could not use the CSV file ({reason}); showing the spiral.")
            return
        self._start_over()

    def _start_over(self) -> None:
        """New weights for the data held (drawn, loaded or edited); epoch 0, paused."""
        model = self._model
        self._show_stopped()
        for runner in self._runners:
            runner.pause()
        X_train, y_train, X_test, y_test = self._data
        self._stale.clear()  # everything is drawn afresh below
        self._loss, outputs = loss_for(np.concatenate([y_train, y_test]))
        hidden = (model.units,) * model.hidden_layers
        racing = model.race_keys()
        # The points first: each runner's process computes the boundary map's answer there.
        self.boundary.show_data(X_train, y_train, X_test, y_test, self._loss)
        self._lanes = []
        for lane, key in enumerate(racing or [model.activation]):

            def network(key=key):
                # Same seed and sizes: every runner starts from the very same weights.
                return training.Network(
                    hidden=hidden,
                    n_outputs=outputs,
                    activations=model.layer_keys(key),
                    init=model.init,
                    seed=model.train_seed,
                )

            trainer = training.Trainer(
                network(),
                X_train,
                y_train,
                X_test,
                y_test,
                loss=self._loss,
                optimizer=model.optimizer,
                learning_rate=model.learning_rate,
                batch_size=model.batch_size,
                l2=model.l2,
                seed=model.train_seed,
            )
            runner = self._runner(lane)
            runner.replace(trainer, answer_grid=self.boundary.grid_points)
            runner.take()
            # The views draw a copy of the weights: the worker's network is never read here.
            # Epoch 0 starts the curves from the untrained network.
            history = training.History([trainer.evaluate()])
            self._lanes.append(_Lane(key, runner, network(), history))
        for runner in self._runners[len(self._lanes) :]:
            runner.replace_with_nothing()
        self._on_settings_changed()
        self.loss_label.setText(LOSS_NAMES[self._loss])
        self._offer_point_classes(np.concatenate([y_train, y_test]))
        self.boundary.show_network(self._shown)
        self.unit_maps.set_layers(hidden)
        self.unit_maps.set_extent(self.boundary.extent)
        self.unit_maps.show_network(self._shown)
        self.health.set_layers(model.hidden_layers, self._network_name(model.layer_keys()))
        self.boundary.setVisible(not racing)
        self.race.setVisible(bool(racing))
        if racing:
            self.race.set_runners(racing)
            self.race.show_data(
                X_train, y_train, self._loss, self.boundary.grid_points, self.boundary.extent
            )
        self._show_history()
        for lane in range(len(self._lanes)):
            self._show_lane(lane)
        names = " against ".join(activations.get(lane.key).name for lane in self._lanes)
        self._set_status(
            f"Epoch 0 of {names}: {len(X_train)} training and {len(X_test)} test points. "
            "Press Train or Step."
        )

    def _offer_point_classes(self, y) -> None:
        """What a click can add: each class of the data, or for regression a few targets."""
        if self._loss == "mse":
            items = [(f"target {value:+g}", float(value)) for value in REGRESSION_TARGETS]
        else:
            classes = int(np.max(y)) + 1
            items = [(f"class {label}", label) for label in range(classes)]
        if [self.point_class.itemData(i) for i in range(self.point_class.count())] == [
            data for _text, data in items
        ]:
            return
        chosen = self.point_class.currentData()
        self.point_class.clear()
        for text_, data in items:
            self.point_class.addItem(text_, data)
            if self._loss != "mse":
                self.point_class.setItemData(
                    self.point_class.count() - 1, class_color(data), Qt.ItemDataRole.DecorationRole
                )
        index = self.point_class.findData(chosen)
        self.point_class.setCurrentIndex(max(index, 0))

    def _on_point_clicked(self, x1: float, x2: float, remove: bool) -> None:
        if remove:
            self.remove_point_near(x1, x2)
        else:
            self.add_point(x1, x2, self.point_class.currentData())

    def add_point(self, x1: float, x2: float, label) -> None:
        """Add a training point of class (or target) ``label`` at (x1, x2) and start over."""
        X_train, y_train, X_test, y_test = self._data
        X_train = np.vstack([X_train, [[x1, x2]]])
        y_train = np.append(y_train, np.asarray(label, dtype=y_train.dtype))
        self._data = X_train, y_train, X_test, y_test
        self._start_over()
        self._set_status(
            f"Added a point at ({x1:.2f}, {x2:.2f}): {len(X_train)} training points, "
            "training starts over. Points stay until the data are drawn again."
        )

    def remove_point_near(self, x1: float, x2: float, pixels: float = 10.0) -> bool:
        """Remove the point (training or test) nearest to (x1, x2) on screen if it is within
        ``pixels`` of it, and start over; False when none is that close."""
        width, height = self.boundary.pixel_size()
        if not (width > 0 and height > 0):  # the map not laid out yet (a hidden tab)
            width = height = 1.0
        X_train, y_train, X_test, y_test = self._data
        best = None
        for part, X in enumerate((X_train, X_test)):
            if len(X) == 0:
                continue
            distances = np.hypot((X[:, 0] - x1) / width, (X[:, 1] - x2) / height)
            index = int(np.argmin(distances))
            if distances[index] <= pixels and (best is None or distances[index] < best[0]):
                best = (distances[index], part, index)
        if best is None:
            return False
        _distance, part, index = best
        if (part == 0 and len(X_train) <= 2) or (part == 1 and len(X_test) <= 1):
            which = "training" if part == 0 else "test"
            self._set_status(f"Kept the point: training needs the {which} points left.")
            return False
        if part == 0:
            X_train, y_train = np.delete(X_train, index, axis=0), np.delete(y_train, index)
        else:
            X_test, y_test = np.delete(X_test, index, axis=0), np.delete(y_test, index)
        self._data = X_train, y_train, X_test, y_test
        self._start_over()
        self._set_status(
            f"Removed a {'training' if part == 0 else 'test'} point: {len(X_train)} training "
            f"and {len(X_test)} test points, training starts over."
        )
        return True

    @staticmethod
    def _network_name(keys: list[str]) -> str:
        """The hidden layers' activation by name, "" when they differ."""
        return activations.get(keys[0]).name if len(set(keys)) == 1 else ""

    @property
    def _shown(self) -> training.Network:
        """The tab's own network as last drawn (lane 0)."""
        return self._lanes[0].shown

    @property
    def _records(self) -> training.History:
        """The tab's own run, epoch by epoch (lane 0)."""
        return self._lanes[0].records

    def _on_settings_changed(self, *_args) -> None:
        model = self._model
        for lane in self._lanes:
            lane.runner.set_settings(
                model.learning_rate,
                model.batch_size,
                model.l2,
                model.max_epochs,
                model.target_loss,
            )

    def _step(self) -> None:
        for lane in self._lanes:
            lane.runner.step()

    def _on_train_toggled(self, checked: bool) -> None:
        for lane in self._lanes:
            if checked:
                lane.runner.start()
            else:
                lane.runner.pause()

    def _running(self) -> bool:
        return any(lane.runner.is_running() for lane in self._lanes)

    def _on_running_changed(self, _running: bool) -> None:
        if self._running():
            self.train_button.setText("Pause")
            self._frame.start()
        else:
            self._frame.stop()
            self._pull(everything=True)
            self._show_stopped()

    def _show_stopped(self) -> None:
        """The train button as it is when nothing trains."""
        set_quietly_checked(self.train_button, False)
        self.train_button.setText("Train")

    def _on_stopped(self, lane: int, message: str) -> None:
        if lane >= len(self._lanes):
            return  # a runner from a bigger race, stopped as it was retired
        self._pull(everything=True)
        if message.startswith(("diverged", "reached")):
            # A runner's title keeps its loss at a limit, but says when it blew up or
            # when it got there first.
            self._lanes[lane].message = message
        self._show_lane(lane)
        if not self._running():
            self._show_stopped()
        if lane == 0 or not self._running():
            self._set_status(message[0].upper() + message[1:] + ".")
        name = activations.get(self._lanes[lane].key).name
        self.message.emit(f"Train, {name}: {message}")

    def _pull(self, everything: bool = False) -> None:
        """Take what the runners published since the last frame, and draw one stale view.

        The views take turns, one per frame: each costs 5-15 ms to compute and repaint (the
        100 x 100 map, a dozen growing curves, their axes), all of them together more than
        a frame. With ``everything`` (the run stopped, or a caller waits for the result)
        every stale view is drawn at once.
        """
        for index, lane in enumerate(self._lanes):
            published = lane.runner.take()
            if not published.records and published.parameters is None:
                continue
            lane.records.extend(published.records)
            if published.parameters is not None:
                lane.shown.set_parameters(published.parameters)
            if published.answer is not None:
                lane.answer = published.answer
            lane.stale = True
            self._stale.add("race curves")
            if index == 0:
                self._stale.update(FRAME_VIEWS)
                self._set_status(self._summary(lane.records[-1]))
        if everything:
            while self._draw_next_view():
                pass
        else:
            self._draw_next_view()

    def _draw_next_view(self) -> bool:
        """Draw the next stale view in turn; False when none was stale."""
        racing = self.race.isVisibleTo(self)
        turns = [*FRAME_VIEWS, *(f"lane {index}" for index in range(len(self._lanes)))]
        if racing:
            turns.append("race curves")
        for _ in range(len(turns)):
            view = turns[self._turn % len(turns)]
            self._turn += 1
            if view.startswith("lane"):
                lane = int(view.split()[1])
                if racing and self._lanes[lane].stale:
                    self._lanes[lane].stale = False
                    self._show_thumbnail(lane)
                    return True
                continue
            if view not in self._stale or (racing and view == "map"):
                continue
            self._stale.discard(view)
            if view == "race curves":
                self._show_race_curves()
            elif view == "map":
                self.boundary.show_network(self._shown, self._lanes[0].answer)
            elif view == "units":
                self.unit_maps.show_network(self._shown)
            elif view == "losses":
                self._show_losses()
            elif view == "accuracy":
                self._show_accuracies()
            elif view == "dead units":
                self._show_dead_units()
            else:
                self._show_gradients()
            return True
        return False

    def _show_lane(self, index: int) -> None:
        """A race runner's thumbnail and title, and the race's loss curves."""
        self._show_thumbnail(index)
        self._show_race_curves()

    def _show_thumbnail(self, index: int) -> None:
        """A race runner's boundary thumbnail and its title."""
        if not self.race.isVisibleTo(self) or index >= len(self.race.curves):
            return
        lane = self._lanes[index]
        last = lane.records[-1]
        status = lane.message or f"epoch {last.epoch:,}, loss {last.train_loss:.3g}"
        if not lane.message and not math.isnan(last.test_accuracy):
            status += f", test {last.test_accuracy:.0%}"
        self.race.show_network(index, lane.shown, lane.answer)
        self.race.show_status(index, status)

    def _show_race_curves(self) -> None:
        if not self.race.isVisibleTo(self):
            return
        lanes = self._lanes[: len(self.race.curves)]
        self.race.show_histories(
            [(lane.records.column("epoch"), lane.records.column("train_loss")) for lane in lanes]
        )

    @staticmethod
    def _summary(last: training.EpochRecord) -> str:
        text = (
            f"Epoch {last.epoch:,}: loss {last.train_loss:.4g} (train), {last.test_loss:.4g} (test)"
        )
        if not math.isnan(last.test_accuracy):
            text += f"; accuracy {last.train_accuracy:.1%} / {last.test_accuracy:.1%}"
        dead = max(last.dead_fraction, default=0.0)
        if dead > 0:
            text += f"; up to {dead:.0%} of a layer's units dead"
        return text + "."

    def _show_history(self) -> None:
        self._show_curves()
        self._show_health()

    def _show_curves(self) -> None:
        self._show_losses()
        self._show_accuracies()

    def _show_losses(self) -> None:
        history = self._records
        self.boundary.show_losses(
            history.column("epoch"), history.column("train_loss"), history.column("test_loss")
        )

    def _show_accuracies(self) -> None:
        history = self._records
        self.boundary.show_accuracies(
            history.column("epoch"),
            history.column("train_accuracy"),
            history.column("test_accuracy"),
        )

    def _show_health(self) -> None:
        self._show_dead_units()
        self._show_gradients()

    def _show_dead_units(self) -> None:
        history = self._records
        self.health.show_dead_history(history.column("epoch"), history.column("dead_fraction"))

    def _show_gradients(self) -> None:
        history = self._records
        self.health.show_gradient_history(history.column("epoch"), history.column("gradient_rms"))

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    # ---- what the window asks ------------------------------------------------------------

    def wait_idle(self) -> None:
        """Let a running step or epoch finish and draw what it left."""
        for lane in self._lanes:
            if not lane.runner.runs_until_paused():
                lane.runner.wait()
        # The worker's queued signals (a stop and its message) land before the last pull.
        QApplication.processEvents()
        self._pull(everything=True)

    def export_grid(self) -> list[list[QWidget]]:
        self.wait_idle()
        return [
            [self.boundary.plot, self.health.dead_plot],
            [self.boundary.loss_plot, self.health.gradient_plot],
        ]

    def csv_rows(self) -> list[list]:
        """The learning curves: one row per epoch."""
        self.wait_idle()
        layers = self._model.hidden_layers
        header = ["epoch", "train loss", "test loss", "train accuracy", "test accuracy"]
        header += [f"layer {index + 1} dead fraction" for index in range(layers)]
        header += [f"layer {index + 1} gradient RMS" for index in range(layers)]
        header += ["output gradient RMS"]
        rows = [header]
        for record in self._records:
            rows.append(
                [
                    record.epoch,
                    *(
                        repr(float(value))
                        for value in (
                            record.train_loss,
                            record.test_loss,
                            record.train_accuracy,
                            record.test_accuracy,
                            *record.dead_fraction,
                            *record.gradient_rms,
                        )
                    ),
                ]
            )
        return rows

    def load_csv_file(self, path: str | None = None) -> bool:
        """Train on the points of a CSV file (asked for when ``path`` is None); a file that
        cannot be used is refused with the reason, and the data shown stay."""
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            path, _chosen = QFileDialog.getOpenFileName(
                self, "Load points", folder or str(Path.home()), "CSV file (*.csv);;Any file (*)"
            )
            if not path:
                return False
        try:
            X, _y = datasets.load_csv(path)
            if len(X) < 2:
                raise ValueError("the file holds one point: training needs two or more")
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.message.emit(f"Could not load {path}: {reason}")
            QMessageBox.warning(self, "Could not load the points", f"{path}\n\n{reason}")
            return False
        model = self._model
        if model.dataset == "csv" and model.csv_path == path:
            self._restart()  # the same file, perhaps edited: read it again
        else:
            # The path first, so that choosing "csv" finds the file to read.
            with_path_first = model.dataset == "csv"
            model.set_csv_path(path)
            if not with_path_first:
                model.set_dataset("csv")
        return True

    def export_network(self, path: str | None = None) -> bool:
        """Write the tab's own network as a PyTorch script at ``path`` (asked for when None)
        with its weights beside it, same name, .npz; True when both were written."""
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            suggestion = Path(folder or Path.home()) / f"{self._model.activation}_network.py"
            path, _chosen = QFileDialog.getSaveFileName(
                self, "Export the network", str(suggestion), "PyTorch script (*.py)"
            )
            if not path:
                return False
        script = Path(path).with_suffix(".py")
        weights = script.with_suffix(".npz")
        self.wait_idle()
        try:
            torch_export.save_weights(self._shown, weights)
            script.write_text(
                torch_export.pytorch_script(self._shown, weights.name), encoding="utf-8"
            )
        except OSError as error:
            reason = error.strerror or str(error)
            self.message.emit(f"Could not export the network: {reason}")
            QMessageBox.warning(self, "Could not export the network", f"{script}\n\n{reason}")
            return False
        self.message.emit(f"Saved the network to {script} and {weights.name}")
        return True

    def closeEvent(self, event) -> None:
        for runner in self._runners:
            runner.pause()
        super().closeEvent(event)


@dataclass
class _Lane:
    """One network in training: the tab's own, or a runner of the race."""

    key: str
    runner: TrainRunner
    shown: training.Network  # a copy of the latest weights, for drawing
    records: training.History
    message: str = ""  # why it stopped by itself (diverged, limit), if it did
    stale: bool = False  # published since its thumbnail and curve were last drawn
    # Its process's latest outputs at the boundary grid (None: compute them here).
    answer: np.ndarray | None = None


def set_quietly_checked(button, checked: bool) -> None:
    """Show a button's checked state without running what toggling it does."""
    if button.isChecked() != checked:
        blocked = button.blockSignals(True)
        button.setChecked(checked)
        button.blockSignals(blocked)
