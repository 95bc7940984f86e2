"""SoftmaxModel: classes, labels and target stay consistent as classes come and go."""

import numpy as np
import pytest

from gui.softmax.softmax_model import DEFAULT_LABELS, DEFAULT_LOGITS, SoftmaxModel


@pytest.fixture
def model(qtbot):
    return SoftmaxModel()


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
    with pytest.raises(ValueError, match="one label per class"):
        model.set_labels(["a", "b"])


def test_logits_are_read_only_and_edits_emit_once(model, qtbot):
    with pytest.raises(ValueError):
        model.logits[0] = 5.0
    with qtbot.waitSignal(model.logits_changed):
        model.set_logit(0, 5.0)
    with qtbot.assertNotEmitted(model.logits_changed):
        model.set_logit(0, 5.0)
    model.add_class(-1.0)
    assert model.labels[-1] == "class 5" and model.logits[-1] == -1.0


def test_reset_restores_the_example(model):
    model.set_logits([4.0, 4.0])
    model.set_label(0, "zebra")
    model.set_temperature(3.0)
    model.reset()
    np.testing.assert_array_equal(model.logits, DEFAULT_LOGITS)
    assert model.labels == DEFAULT_LABELS and model.temperature == 1.0 and model.target == 0
