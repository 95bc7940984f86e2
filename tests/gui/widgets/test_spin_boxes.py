"""Spin boxes as the tabs build them: named, bounded, precise, committing on Enter."""

from gui.widgets.spin_boxes import integer_box, number_box


def test_number_box_keeps_a_value_finer_than_the_default_two_decimals(qtbot):
    box = number_box("rate", (1e-5, 10.0), 0.00005, 0.01, 5, "Step size")
    qtbot.addWidget(box)
    # Decimals are set before the range and value: with Qt's default of 2, the lower bound
    # and the value would both round to 0.
    assert box.minimum() == 1e-5 and box.value() == 0.00005
    assert (box.objectName(), box.toolTip(), box.keyboardTracking()) == (
        "rate",
        "Step size",
        False,
    )


def test_integer_box_clamps_to_its_bounds(qtbot):
    box = integer_box("layers", (0, 6), 9)
    qtbot.addWidget(box)
    assert box.value() == 6 and box.objectName() == "layers"
    box.setValue(-1)
    assert box.value() == 0
