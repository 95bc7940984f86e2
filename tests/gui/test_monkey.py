"""An impatient user: thousands of seeded random actions through the public object names.

pytest-qt fails the test on any exception raised in a slot and on any Qt warning; at the end
no shown probability may be nan, every curve must equal core, and memory must not have grown
by more than 50 MB after the warm-up.
"""

import math
import os
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QWidget,
)

from core import activations
from core.softmax import softmax
from tests.gui.conftest import assert_curve_matches, curves_by_name, find, type_into_cell

# The short form runs with every `make test`; `make bench` runs the long one
# (MONKEY_LONG=1: more actions, more seeds), which takes several minutes.
LONG = os.environ.get("MONKEY_LONG") == "1"
ACTIONS = 2700 if LONG else 600  # plus WARM_UP: 3,000 or 900 random actions in all
WARM_UP = 300
LEAK_BUDGET_MB = 50  # over ACTIONS actions after the warm-up
SEEDS = [20261130, 11, 303] if LONG else [20261130]
GARBAGE = ["abc", "nan", "inf", "-inf", "1e309", "", "1e308", "-1e308", "0", "-3.5", "  7 ", "1_0"]


def settled_megabytes(window) -> float:
    """Resident memory with the choices back at their defaults, the window at its default
    size (a 3000×2000 window needs some 40 MB more for its buffers) and garbage collected,
    so that what remains is what the session leaked, not what its state needs."""
    import gc

    window.state.reset()
    window.resize(1400, 900)
    for _ in range(3):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, 0)  # deleteLater
        gc.collect()
    _return_freed_memory()
    return resident_megabytes()


def _return_freed_memory() -> None:
    """Ask glibc to hand freed heap pages back, so RSS counts what is still in use.

    Without it, memory freed after a 3000×2000 repaint or a large export stays in the
    process as fragmentation and would read as a leak.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name:
        try:
            ctypes.CDLL(name).malloc_trim(0)
        except (OSError, AttributeError):
            pass  # not glibc: RSS is what it is


def resident_megabytes() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


@pytest.fixture
def unwritable(monkeypatch, tmp_path):
    """Every save dialog answers a path in a folder that does not exist; warnings dismissed."""
    target = str(tmp_path / "missing" / "out.png")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target, ""))
    # Choosing "Your CSV file" asks for a file: the monkey cancels.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    dismissed = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: dismissed.append(a[1]))
    return dismissed


@pytest.mark.parametrize("seed", SEEDS)
def test_monkey(window, state, qtbot, unwritable, seed):
    rng = np.random.default_rng(seed)
    function_list = find(window, QListWidget, "functionList")
    table = find(window, QTableWidget, "logitTable")
    temperature = find(window, QWidget, "temperature")
    add = find(window, QPushButton, "addClassButton")
    remove = find(window, QPushButton, "removeClassButton")
    controls = [
        (key, param, find(window, QWidget, f"param_{key}_{param.name}"))
        for key in activations.keys()
        for param in activations.get(key).params
    ]
    tab_names = ["functions", "softmax", "compare", "distributions", "depth", "train", "precision"]

    def toggle_function():
        item = function_list.item(int(rng.integers(function_list.count())))
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def focus_function():
        function_list.setCurrentRow(int(rng.integers(function_list.count())))

    def move_parameter():
        _key, param, control = controls[int(rng.integers(len(controls)))]
        choice = rng.random()
        value = (
            param.minimum
            if choice < 0.3
            else param.maximum
            if choice < 0.6
            else rng.uniform(param.minimum, param.maximum)
        )
        control.setValue(float(value))

    def edit_logit():
        row = int(rng.integers(table.rowCount()))
        table.item(row, 1).setText(GARBAGE[int(rng.integers(len(GARBAGE)))])

    def type_logit():
        if window.current_tab_name() == "softmax":
            type_into_cell(
                qtbot,
                table,
                int(rng.integers(table.rowCount())),
                1,
                GARBAGE[int(rng.integers(len(GARBAGE)))],
            )

    def add_classes(count=None):
        for _ in range(count if count is not None else int(rng.integers(1, 10))):
            if state.softmax.logits.size < 500:
                add.click()

    def remove_classes(count=None):
        for _ in range(count if count is not None else int(rng.integers(1, 10))):
            table.clearSelection()
            if rng.random() < 0.5 and table.rowCount() > 1:
                table.item(int(rng.integers(table.rowCount())), 0).setSelected(True)
            remove.click()

    def set_temperature():
        temperature.setValue(float(rng.choice([0.01, 100.0, 1e-9, 1e9, rng.uniform(0.01, 100)])))

    def switch_tab():
        window.show_tab(tab_names[int(rng.integers(len(tab_names)))])

    def resize():
        width, height = [(200, 150), (3000, 2000), (1000, 700), (1400, 900)][int(rng.integers(4))]
        window.resize(width, height)

    def export():
        name = ["actionSaveScreenshot", "actionExportPlot", "actionExportCsv"][int(rng.integers(3))]
        window.findChild(type(window.action_quit), name).trigger()

    def range_and_samples():
        low = float(rng.uniform(-50, 10))
        find(window, QDoubleSpinBox, "xMin").setValue(low)
        find(window, QDoubleSpinBox, "xMax").setValue(low + float(rng.uniform(-5, 40)))
        find(window, QDoubleSpinBox, "xMax").editingFinished.emit()
        find(window, QSpinBox, "sampleCount").setValue(int(rng.choice([2, 501, 2001, 50_000])))

    def other_controls():
        choice = int(rng.integers(4))
        if choice == 0:
            window.action_log_derivative.trigger()
        elif choice == 1:
            window.action_shading.trigger()
        elif choice == 2:
            find(window, QCheckBox, "compareShown").toggle()
        else:
            window.softmax_tab.randomize_button.click()

    def filter_and_pick():
        choice = int(rng.integers(3))
        if choice == 0:
            text = str(rng.choice(["s", "relu", "GE", "zzz", "", "(", "tanh "]))
            find(window, QLineEdit, "functionSearch").setText(text)
        elif choice == 1:
            find(window, QCheckBox, "showCheckedOnly").toggle()
        else:
            target = find(window, QComboBox, "targetClass")
            if target.count():
                target.setCurrentIndex(int(rng.integers(target.count())))

    def view_actions():
        choice = int(rng.integers(3))
        if choice == 0:
            themes = list(window.theme_actions.values())
            themes[int(rng.integers(len(themes)))].trigger()
        elif choice == 1:
            window.action_reset_zoom.trigger()
        else:
            table = find(window, QTableView, "comparisonTable")
            column = int(rng.integers(table.model().columnCount()))
            order = Qt.SortOrder(int(rng.integers(2)))
            table.sortByColumn(column, order)

    def distribution_and_depth():
        choice = int(rng.integers(6))
        if choice == 0:
            find(window, QWidget, "inputMean").setValue(float(rng.choice([-5.0, 5.0, 0.3])))
        elif choice == 1:
            find(window, QWidget, "inputStd").setValue(float(rng.choice([0.05, 5.0, 1.7])))
        elif choice == 2:
            find(window, QSpinBox, "sampleSize").setValue(int(rng.choice([1_000, 2_000_000])))
            find(window, QPushButton, "resampleButton").click()
        elif choice == 3:
            find(window, QSpinBox, "depthControl").setValue(int(rng.choice([1, 100, 20])))
            find(window, QSpinBox, "widthControl").setValue(int(rng.choice([8, 512, 128])))
        elif choice == 4:
            init = find(window, QComboBox, "initControl")
            init.setCurrentIndex(int(rng.integers(init.count())))
            find(window, QDoubleSpinBox, "gainControl").setValue(float(rng.uniform(0.1, 4.0)))
        else:
            find(window, QCheckBox, "depthCompareShown").toggle()

    def train_controls():
        choice = int(rng.integers(9))
        if choice == 6:
            find(window, QCheckBox, "raceToggle").toggle()
            return
        if choice == 7:
            find(window, QCheckBox, "perLayerToggle").setChecked(bool(rng.integers(2)))
            combo = find(window, QComboBox, f"layerActivation{int(rng.integers(1, 7))}")
            combo.setCurrentIndex(int(rng.integers(combo.count())))
            return
        if choice == 8:
            x1, x2 = (float(value) for value in rng.uniform(-6.0, 6.0, 2))
            tab = window.train_tab
            if rng.integers(2) and tab.point_class.count():
                tab.add_point(x1, x2, tab.point_class.currentData())
            else:
                tab.remove_point_near(x1, x2, pixels=float(rng.choice([10.0, 1e6])))
            return
        if choice < 3:
            if not LONG:
                # Runs end by themselves in the short form: a run left going takes a core
                # for the rest of the test, which `make test` cannot spare.
                state.train.set_max_epochs(25)
            name = ("trainButton", "stepButton", "resetButton")[choice]
            find(window, QPushButton, name).click()
        elif choice < 5:
            combo = find(window, QComboBox, ("datasetChoice", "activationChoice")[choice - 3])
            combo.setCurrentIndex(int(rng.integers(combo.count())))
        else:
            rate = float(rng.choice([1e-5, 0.03, 3.0, 10.0]))
            find(window, QDoubleSpinBox, "learningRate").setValue(rate)

    typed = [
        {"expression": "x * tanh(softplus(x))", "name": "typed mish", "params": {}},
        {
            "expression": "where(x > 0, x, a * expm1(x))",
            "name": "typed elu",
            "params": {"a": [1, 0, 5]},
        },
        {
            "expression": "max(x, 0) * sigmoid(b * x) + sin(x) / 10",
            "name": "odd one",
            "params": {"b": [1, -10, 10]},
        },
    ]

    def custom_functions():
        """Add, re-define or delete one of the user's functions, as the editor would."""
        keys = state.custom.keys()
        if keys and rng.integers(3) == 0:
            state.custom.remove(str(rng.choice(keys)))
            return
        definition = dict(typed[int(rng.integers(len(typed)))])
        if rng.integers(2):
            definition["expression"] += " + x / 100"  # the same name, a new formula
        key = state.custom.add(definition)
        state.functions.set_key_shown(key, True)
        state.functions.set_focused(key)

    actions = [
        (custom_functions, 2),
        (train_controls, 3),
        (filter_and_pick, 3),
        (view_actions, 2),
        (distribution_and_depth, 3),
        (toggle_function, 12),
        (focus_function, 10),
        (move_parameter, 14),
        (edit_logit, 14),
        (type_logit, 2),
        (add_classes, 3),
        (remove_classes, 3),
        (set_temperature, 6),
        (switch_tab, 6),
        (resize, 3),
        (export, 2),
        (range_and_samples, 3),
        (other_controls, 4),
    ]
    weights = np.array([w for _, w in actions], dtype=float)
    weights /= weights.sum()
    baseline = None
    # sympy (some 40 MB) loads with the first typed function: a high-water mark, not a leak.
    state.custom.add(typed[0])

    def play(steps) -> None:
        nonlocal baseline
        for step in steps:
            if step == 60:
                add_classes(500)  # all the way up to 500 classes once …
            elif step == 120:
                remove_classes(500)  # … and down to the one class that always stays
                assert state.softmax.logits.size == 1
            action = actions[int(rng.choice(len(actions), p=weights))][0]
            action()
            if step % 25 == 0:
                QApplication.processEvents()
            if step == WARM_UP:
                # After the heaviest moments (500 classes, every tab, exports) have happened
                # once: what grows from here on is a leak, not a high-water mark.
                baseline = settled_megabytes(window)

    play(range(ACTIONS + WARM_UP))
    for tab in (window.functions_tab, window.distributions_tab, window.depth_tab):
        tab.wait_idle()
    QApplication.processEvents()

    # No shown probability is nan, and the table equals core.
    shown = [table.item(row, 2).data(Qt.ItemDataRole.UserRole) for row in range(table.rowCount())]
    assert not any(math.isnan(p) for p in shown)
    np.testing.assert_array_equal(shown, softmax(state.softmax.logits, state.softmax.temperature))
    assert 1 <= state.softmax.logits.size <= 500
    # Every curve equals core at the state's parameters.
    activation_plot = find(window, pg.PlotWidget, "activationPlot")
    curves = curves_by_name(activation_plot)
    assert sorted(curves) == sorted(activations.get(key).name for key in state.functions.shown)
    for key in state.functions.shown:
        activation = activations.get(key)
        assert_curve_matches(
            curves[activation.name],
            lambda x, a=activation, k=key: a.value(x, **state.functions.params(k)),
        )
    assert unwritable, "the monkey should have tried at least one export"
    growth = settled_megabytes(window) - baseline
    if growth >= LEAK_BUDGET_MB:
        # Resident memory is a noisy measure: Qt's and sympy's caches and the allocator's
        # arenas reach their high-water marks at random moments (15 to 77 MB over the same
        # 600 actions, measured). A leak keeps growing; a high-water mark does not. So the
        # monkey plays as many actions again, and the growth must not go on at that rate.
        play(range(ACTIONS + WARM_UP, 2 * ACTIONS + WARM_UP))
        further = settled_megabytes(window) - baseline - growth
        assert further < LEAK_BUDGET_MB, (
            f"memory grew by {growth:.0f} MB, then by {further:.0f} MB more"
        )
