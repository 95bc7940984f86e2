"""The state models: validation, one signal per field, no signal when nothing changes, and
everything derived from a field's one declaration (reset, session entries, autosave)."""

import json

import numpy as np
import pytest

from core import activations
from gui.field_kinds import Number
from gui.models import DEFAULT_SAMPLE_COUNT, AppState, Field, FunctionsModel, Model


@pytest.fixture
def model(qtbot):
    return FunctionsModel()


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
    with qtbot.waitSignal(model.x_range_changed) as blocker:
        model.set_x_range((-2, 5))
    assert blocker.args == [(-2.0, 5.0)]


def test_invalid_values_are_refused_without_change(model):
    with pytest.raises(ValueError, match="less than"):
        model.set_x_range((3.0, 3.0))
    with pytest.raises(ValueError, match=r"\[0, 5\]"):
        model.set_param("elu", "alpha", 9.0)
    with pytest.raises(ValueError, match="sample count"):
        model.set_sample_count(1)
    with pytest.raises(ValueError, match="whole number"):
        model.set_sample_count(2.5)
    with pytest.raises(KeyError):
        model.set_focused("nope")
    with pytest.raises(KeyError):
        model.set_shown(["sigmoid", "nope"])
    assert model.x_range == (-6.0, 6.0)
    assert model.params("elu") == {"alpha": 1.0}
    assert model.sample_count == DEFAULT_SAMPLE_COUNT


def test_x_values_follow_range_and_count(model):
    model.set_x_range((-1.0, 3.0))
    model.set_sample_count(5)
    np.testing.assert_array_equal(model.x_values(), [-1.0, 0.0, 1.0, 2.0, 3.0])


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


def test_a_declared_field_gets_its_signal_property_setter_and_reset(qtbot):
    class Example(Model):
        FIELDS = (Field("gain", 1.0, Number(0.0, 2.0), saved="example/gain"),)

    example = Example()
    with qtbot.waitSignal(example.gain_changed) as blocker:
        example.set_gain(1.5)
    assert blocker.args == [1.5] and example.gain == 1.5
    with pytest.raises(ValueError, match=r"gain must be in \[0, 2\]"):
        example.set_gain(3.0)
    assert [key for key, _read, _apply in example.session_entries()] == ["example/gain"]
    assert example.saved_signals() == [example.gain_changed]
    example.reset()
    assert example.gain == 1.0


def _non_default_data(key: str, data):
    """A valid value for settings key ``key`` other than its default (as JSON data)."""
    if isinstance(data, bool):
        return not data
    if key.startswith("params/"):
        _, function, name = key.split("/")
        param = next(p for p in activations.get(function).params if p.name == name)
        # A tenth of the way from the default towards the upper end (the lower one where the
        # default is the upper end): pairs such as hardtanh's min_val < max_val stay ordered.
        end = param.maximum if param.maximum > param.default else param.minimum
        return param.default + 0.1 * (end - param.default)
    choices = {
        "functions/shown": ["tanh", "elu"],
        "functions/focused": "elu",
        "view/x_range": [-2.5, 7.0],
        "view/sample_count": 777,
        "view/theme": "dark",
        "view/export_scale": 2.0,
        "softmax/logits": [0.5, 1.5, -3.0],
        "softmax/labels": ["a", "b", "c"],
        "softmax/temperature": 0.7,
        "softmax/target": 2,
        "distributions/mean": 1.25,
        "distributions/std": 2.0,
        "distributions/samples": 4321,
        "distributions/seed": 9,
        "depth/depth": 33,
        "depth/width": 16,
        "depth/init": "he",
        "depth/seed": 5,
        "train/dataset": "xor",
        "train/csv_path": "points.csv",
        "train/noise": 0.4,
        "train/points": 300,
        "train/train_fraction": 0.5,
        "train/data_seed": 3,
        "train/hidden_layers": 4,
        "train/units": 6,
        "train/activation": "silu",
        "train/init": "he",
        "train/optimizer": "adam",
        "train/seed": 11,
        "train/learning_rate": 0.3,
        "train/batch_size": 25,
        "train/l2": 0.001,
        "train/max_epochs": 500,
        "train/target_loss": 0.05,
        "train/race_second": "gelu",
        "train/race_third": "elu",
        "train/race_fourth": "tanh",
        "train/layer_activations": ["", "relu", "", "", "", "gelu"],
        "precision/format": "bfloat16",
        "softmax/accumulator": "bfloat16",
        "softmax/mapping": "entmax",
        "softmax/entmax_alpha": 2.5,
        "gated/unit": "geglu",
        "gated/beta": 2.0,
        "gated/correlation": 0.5,
        "gated/model_dim": 768,
        "gated/ff_ratio": 4.0,
        "custom/functions": [
            {"expression": "x * sigmoid(beta * x)", "name": "Swish", "params": {"beta": [1, 0, 4]}}
        ],
    }
    return choices[key]


def test_every_saved_field_round_trips_and_resets(qtbot):
    """Change every declared saved field, write it as the session would, read it back into a
    fresh state: each comes back; reset brings each back to its default."""
    state = AppState()
    defaults = {key: read() for key, read, _apply in state.session_entries()}
    changed = {}
    for key, read, apply in state.session_entries():
        data = _non_default_data(key, read())
        apply(data)
        if key not in defaults:  # a custom function's parameter: it exists once the function does
            _, function, name = key.split("/")
            defaults[key] = activations.get(function).defaults()[name]
        assert read() != defaults[key], key
        changed[key] = json.dumps(read())
    fresh = AppState()
    for key, read, apply in fresh.session_entries():
        apply(json.loads(changed[key]))
        assert json.dumps(read()) == changed[key], key
    fresh.reset()
    after_reset = {key: read() for key, read, _apply in fresh.session_entries()}
    assert after_reset == {key: value for key, value in defaults.items() if key in after_reset}
    assert not any(key.startswith("params/custom_") for key in after_reset)  # gone with reset


def test_every_saved_field_is_autosaved(qtbot):
    """Autosave listens to exactly the saved fields' signals: changing any field emits one."""
    state = AppState()
    heard = []
    for signal in state.saved_signals():
        signal.connect(lambda *args, signal=signal: heard.append(signal))
    for key, read, apply in state.session_entries():
        before = len(heard)
        apply(_non_default_data(key, read()))
        assert len(heard) > before, f"changing {key} emitted no saved field's signal"
