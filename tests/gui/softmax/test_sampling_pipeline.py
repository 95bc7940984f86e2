"""SamplingPipeline: both orders on the example, reordering, switching a step off, drawing."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton, QTableWidget

from core import sampling
from tests.gui.conftest import find

EXAMPLE = [3.0, 2.0, 1.0, 0.0, -1.0]


@pytest.fixture
def pipeline(window, state):
    window.show_tab("softmax")
    tab = window.tab("softmax")
    tab.views.setCurrentWidget(tab.pipeline)
    state.softmax.set_logits(EXAMPLE)
    return tab.pipeline


def _example_steps(preset):
    steps = []
    for name, value in sampling.PRESETS[preset]:
        value = {"temperature": 2.0, "top_p": 0.9, "min_p": 0.0}.get(name, value)
        steps.append((name, value, True))
    return steps


def test_the_two_orders_keep_four_and_three_tokens(window, pipeline):
    preset = find(window, QComboBox, "pipelinePreset")
    assert preset.currentData() == "huggingface"
    pipeline.set_steps(_example_steps("huggingface"))
    assert pipeline.stages[-1].kept == 4
    preset.setCurrentIndex(preset.findData("llama.cpp"))
    assert [name for name, _value, _on in pipeline.steps()][-1] == "temperature"
    pipeline.set_steps(_example_steps("llama.cpp"))
    assert pipeline.stages[-1].kept == 3
    # One chart per stage: the logits, then each step.
    assert len(pipeline._plots) == len(pipeline.stages) == 7


def test_moving_a_step_and_switching_one_off(window, pipeline):
    pipeline.set_steps([("top_p", 0.9, True), ("temperature", 2.0, True)])
    assert pipeline.stages[-1].kept == 3
    table = find(window, QTableWidget, "pipelineSteps")
    table.selectRow(1)
    find(window, QPushButton, "stepUp").click()  # temperature first now
    assert [name for name, _value, _on in pipeline.steps()] == ["temperature", "top_p"]
    assert pipeline.stages[-1].kept == 4
    table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)  # top-p off
    assert pipeline.stages[-1].kept == 5 and len(pipeline.stages) == 2


def test_drawing_a_thousand_follows_the_final_distribution(window, pipeline):
    pipeline.set_steps([("top_k", 2, True)])
    find(window, QPushButton, "drawButton").click()
    frequencies = pipeline.frequencies
    assert frequencies.sum() == pytest.approx(1.0) and np.all(frequencies[2:] == 0)
    np.testing.assert_allclose(frequencies, pipeline.stages[-1].probabilities, atol=0.05)


def test_a_thousand_classes(window, state, pipeline):
    state.softmax.set_logits(np.random.default_rng(4).normal(0.0, 3.0, 1000))
    pipeline.load_preset("llama.cpp")
    assert pipeline.stages[0].kept == 1000 and pipeline.stages[-1].kept < 1000
