"""param_<key>_<name> controls: every shown curve follows its own parameters exactly."""

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from core import activations
from tests.gui.conftest import assert_curve_matches, curves_by_name, find

CONTROLS = [(key, param) for key in activations.keys() for param in activations.get(key).params]


@pytest.mark.parametrize(("key", "param"), CONTROLS, ids=lambda p: getattr(p, "name", p))
def test_moving_a_control_updates_its_curves(window, state, key, param):
    control = find(window, QWidget, f"param_{key}_{param.name}")
    assert control.value() == param.default
    state.set_shown([key, "sigmoid"])
    activation_plot = find(window, pg.PlotWidget, "activationPlot")
    derivative_plot = find(window, pg.PlotWidget, "derivativePlot")
    activation = activations.get(key)
    for value in (param.minimum, 0.3 * param.maximum + 0.7 * param.minimum, param.maximum, 0.123):
        control.setValue(value)
        assert state.params(key)[param.name] == value == control.value()
        assert_curve_matches(
            curves_by_name(activation_plot)[activation.name],
            lambda x, v=value: activation.value(x, **{param.name: v}),
        )
        assert_curve_matches(
            curves_by_name(derivative_plot)[activation.name],
            lambda x, v=value: activation.derivative(x, **{param.name: v}),
        )


def test_each_shown_curve_keeps_its_own_alpha(window, state):
    state.set_shown(["leaky_relu", "prelu", "elu"])
    find(window, QWidget, "param_leaky_relu_alpha").setValue(0.2)
    find(window, QWidget, "param_elu_alpha").setValue(3.0)
    curves = curves_by_name(find(window, pg.PlotWidget, "activationPlot"))
    assert_curve_matches(
        curves["Leaky ReLU"], lambda x: activations.get("leaky_relu").value(x, alpha=0.2)
    )
    assert_curve_matches(curves["PReLU"], lambda x: activations.get("prelu").value(x, alpha=0.25))
    assert_curve_matches(curves["ELU"], lambda x: activations.get("elu").value(x, alpha=3.0))


def test_reset_restores_the_default(window, state, qtbot):
    state.set_focused("elu")
    control = find(window, QWidget, "param_elu_alpha")
    control.setValue(4.0)
    find(window, QPushButton, "reset_elu_alpha").click()
    assert control.value() == 1.0 and state.params("elu") == {"alpha": 1.0}


def test_state_changes_move_the_control(window, state):
    state.set_param("prelu", "alpha", 0.75)
    assert find(window, QWidget, "param_prelu_alpha").value() == 0.75
