"""ExplorerState: validation, one signal per field, no signal when nothing changes."""

import numpy as np
import pytest

from gui.state import DEFAULT_SAMPLE_COUNT, ExplorerState


@pytest.fixture
def model(qtbot):
    return ExplorerState()


def test_defaults(model):
    assert model.sample_count == DEFAULT_SAMPLE_COUNT == 2001
    assert model.focused in model.shown
    assert model.params("elu") == {"alpha": 1.0}
    assert model.x_values().shape == (2001,)


def test_setters_emit_once_and_skip_unchanged_values(model, qtbot):
    with qtbot.waitSignal(model.params_changed) as blocker:
        model.set_param("elu", "alpha", 2.0)
    assert blocker.args == ["elu"]
    with qtbot.assertNotEmitted(model.params_changed):
        model.set_param("elu", "alpha", 2.0)
    with qtbot.assertNotEmitted(model.shown_changed):
        model.set_shown(model.shown)
    with qtbot.waitSignal(model.shown_changed) as blocker:
        model.set_shown(["tanh", "sigmoid"])
    assert blocker.args == [("sigmoid", "tanh")]  # always in registry order
    with qtbot.assertNotEmitted(model.focused_changed):
        model.set_focused(model.focused)


def test_invalid_values_are_refused_without_change(model):
    with pytest.raises(ValueError, match="less than"):
        model.set_x_range(3.0, 3.0)
    with pytest.raises(ValueError, match=r"\[0, 5\]"):
        model.set_param("elu", "alpha", 9.0)
    with pytest.raises(ValueError, match="sample count"):
        model.set_sample_count(1)
    with pytest.raises(KeyError):
        model.set_focused("nope")
    assert model.x_range == (-6.0, 6.0)
    assert model.params("elu") == {"alpha": 1.0}


def test_x_values_follow_range_and_count(model):
    model.set_x_range(-1.0, 3.0)
    model.set_sample_count(5)
    np.testing.assert_array_equal(model.x_values(), [-1.0, 0.0, 1.0, 2.0, 3.0])


def test_softmax_fields(model, qtbot):
    model.set_logits([1.0, 2.0, 3.0])
    assert model.labels == ("cat", "dog", "fox")
    model.set_target(2)
    with qtbot.waitSignal(model.target_changed):
        model.remove_classes([2])
    assert model.target == 1
    model.remove_classes([0, 1])
    assert model.logits.size == 1  # at least one class stays
    with pytest.raises(ValueError, match="finite"):
        model.set_logit(0, float("inf"))
    with pytest.raises(ValueError, match="temperature"):
        model.set_temperature(0.0)


def test_a_parameter_is_checked_against_the_others_as_they_are(model):
    model.set_param("srelu", "t_l", 0.0)  # fine next to t_r = 1
    with pytest.raises(ValueError, match="t_l must be below t_r"):
        model.set_param("srelu", "t_r", 0.0)  # would equal the current t_l
    assert model.params("srelu")["t_r"] == 1.0


def test_compared_keys_put_the_focus_first(model):
    model.set_shown(["sigmoid", "relu", "gelu"])
    model.set_focused("gelu")
    assert model.compared_keys() == ["gelu"]
    model.set_compare_shown(True)
    assert model.compared_keys() == ["gelu", "sigmoid", "relu"]
