"""CustomModel: the user's functions as definitions, registered before anyone hears of them."""

import pytest

from core import activations
from gui.custom.custom_model import CustomModel
from gui.models import AppState

SWISH = {"expression": "x * sigmoid(beta * x)", "name": "Swish", "params": {"beta": [1, 0, 4]}}


def test_adding_registers_before_the_change_is_announced(qtbot):
    model = CustomModel()
    heard = []
    model.definitions_changed.connect(lambda _d: heard.append(activations.keys()[-1]))
    key = model.add(SWISH)
    assert key == "custom_swish" and heard == ["custom_swish"]
    assert activations.get(key).params[0].maximum == 4.0
    # The same name again replaces the function instead of adding a second one.
    model.add({**SWISH, "expression": "x * sigmoid(2 * beta * x)"})
    assert model.keys() == ["custom_swish"]
    assert "2" in activations.get("custom_swish").expression
    model.remove(key)
    assert key not in activations.keys() and model.definitions == ()


def test_edit_under_a_new_name_moves_the_function(qtbot):
    model = CustomModel()
    model.add(SWISH)
    model.add({"expression": "x**3", "name": "Cube"})
    new_key = model.replace("custom_swish", {**SWISH, "name": "My swish"})
    assert new_key == "custom_my_swish"
    assert model.keys() == ["custom_my_swish", "custom_cube"]  # same place in the list
    assert "custom_swish" not in activations.keys()
    assert model.free_name("Cube") == "Cube 2"


def test_a_bad_definition_is_refused_and_nothing_changes(qtbot):
    model = CustomModel()
    model.add(SWISH)
    with pytest.raises(ValueError, match="not a known function"):
        model.add({"expression": "x * foo(x)", "name": "Bad"})
    with pytest.raises(ValueError, match="two functions"):
        model.set_definitions([SWISH, {**SWISH, "expression": "x"}])
    assert model.keys() == ["custom_swish"]


def test_the_shared_models_let_go_of_a_deleted_function(qtbot):
    state = AppState()
    key = state.custom.add(SWISH)
    state.functions.set_key_shown(key, True)
    state.functions.set_focused(key)
    state.functions.set_param(key, "beta", 2.5)
    state.train.set_activation(key)
    state.train.set_layer_activation(1, key)
    heard = []
    state.functions.registry_changed.connect(lambda: heard.append(True))
    state.custom.remove(key)
    assert heard == [True]
    assert key not in state.functions.shown and state.functions.focused == "sigmoid"
    assert state.train.activation == "tanh" and state.train.layer_activations[1] == ""
    with pytest.raises(KeyError):
        state.functions.params(key)


def test_the_session_keeps_definitions_and_drops_one_that_no_longer_parses(qtbot):
    from gui.custom.custom_model import Definitions

    kind = Definitions()
    assert kind.decode([SWISH, {"expression": "x +", "name": "broken"}]) == [SWISH]
    with pytest.raises(ValueError):
        kind.decode("not a list")
    (saved,) = kind.encode(kind.check([SWISH], "custom functions"))
    assert saved == {**SWISH, "params": {"beta": [1.0, 0.0, 4.0]}}
