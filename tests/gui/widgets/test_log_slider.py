"""LogSlider: round values, a decade per page, quiet updates from elsewhere."""

import pytest
from PySide6.QtWidgets import QSlider

from gui.widgets.log_slider import LogSlider, round_values


def test_round_values_are_1_2_3_5_per_decade_within_the_range():
    assert round_values(1e-3, 1.0) == [
        0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0
    ]  # fmt: skip
    assert round_values(0.025, 0.4) == [0.03, 0.05, 0.1, 0.2, 0.3]
    assert round_values(1e-5, 10.0)[0] == 1e-5 and round_values(1e-5, 10.0)[-1] == 10.0
    with pytest.raises(ValueError):
        round_values(0.0, 1.0)


def test_moving_emits_the_value_and_show_value_is_quiet(qtbot):
    slider = LogSlider(1e-5, 10.0)
    qtbot.addWidget(slider)
    heard = []
    slider.value_chosen.connect(heard.append)
    slider.show_value(0.03)
    assert slider.chosen() == 0.03 and heard == []
    slider.show_value(0.0042)  # nearest in the logarithm: 0.005 (0.003 is further)
    assert slider.chosen() == 0.005
    slider.triggerAction(QSlider.SliderAction.SliderPageStepAdd)
    assert heard == [0.05]  # a page is a decade
