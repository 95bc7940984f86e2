"""param_<key>_<name> controls: every shown curve follows its own parameters exactly."""

import pyqtgraph as pg
from PySide6.QtWidgets import QPushButton, QWidget

from core import activations
from tests.gui.conftest import assert_curve_matches, curves_by_name, find

CONTROLS = [(key, param) for key in activations.keys() for param in activations.get(key).params]


def test_moving_each_control_updates_its_curves(window, state):
    for key, param in CONTROLS:
        _move_control(window, state, key, param)


def _allowed(activation, name, value, current) -> bool:
    try:
        activation.resolve({**current, name: value})
    except ValueError:
        return False
    return True


def _move_control(window, state, key, param):
    control = find(window, QWidget, f"param_{key}_{param.name}")
    assert control.value() == param.default
    state.functions.set_shown([key, "sigmoid"])
    activation_plot = find(window, pg.PlotWidget, "activationPlot")
    derivative_plot = find(window, pg.PlotWidget, "derivativePlot")
    activation = activations.get(key)
    span = param.maximum - param.minimum
    candidates = (
        param.minimum,
        param.minimum + 0.3 * span,
        param.maximum,
        param.minimum + 0.123 * span,
    )
    for value in candidates:
        others = {k: v for k, v in state.functions.params(key).items() if k != param.name}
        if not _allowed(activation, param.name, value, others):
            before = state.functions.params(key)
            control.setValue(value)  # refused by a partner parameter: nothing changes
            assert state.functions.params(key) == before
            continue
        control.setValue(value)
        assert state.functions.params(key)[param.name] == value == control.value()
        params = state.functions.params(key)
        assert_curve_matches(
            curves_by_name(activation_plot)[activation.name],
            lambda x, p=params: activation.value(x, **p),
        )
        assert_curve_matches(
            curves_by_name(derivative_plot)[activation.name],
            lambda x, p=params: activation.derivative(x, **p),
        )
    state.functions.reset_params(key)


def test_each_shown_curve_keeps_its_own_alpha(window, state):
    state.functions.set_shown(["leaky_relu", "prelu", "elu"])
    find(window, QWidget, "param_leaky_relu_alpha").setValue(0.2)
    find(window, QWidget, "param_elu_alpha").setValue(3.0)
    curves = curves_by_name(find(window, pg.PlotWidget, "activationPlot"))
    assert_curve_matches(
        curves["Leaky ReLU"], lambda x: activations.get("leaky_relu").value(x, alpha=0.2)
    )
    assert_curve_matches(curves["PReLU"], lambda x: activations.get("prelu").value(x, alpha=0.25))
    assert_curve_matches(curves["ELU"], lambda x: activations.get("elu").value(x, alpha=3.0))


def test_reset_restores_the_default(window, state, qtbot):
    state.functions.set_focused("elu")
    control = find(window, QWidget, "param_elu_alpha")
    control.setValue(4.0)
    find(window, QPushButton, "reset_elu_alpha").click()
    assert control.value() == 1.0 and state.functions.params("elu") == {"alpha": 1.0}


def test_state_changes_move_the_control(window, state):
    state.functions.set_param("prelu", "alpha", 0.75)
    assert find(window, QWidget, "param_prelu_alpha").value() == 0.75
