"""UnitMapsView: each hidden unit's output over the plane, as the network computes it."""

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from core import training
from gui.train.unit_maps_view import GAP, MAP_GRID, MAX_UNITS_SHOWN, UNIT_MAP, UnitMapsView


@pytest.fixture
def view(qtbot):
    view = UnitMapsView()
    qtbot.addWidget(view)
    return view


def test_each_map_holds_its_units_output_on_the_grid(view):
    network = training.Network(hidden=(3, 2), activations=["tanh", "relu"], seed=4)
    view.set_layers(network.hidden)
    view.set_extent(QRectF(-2.0, -1.0, 4.0, 2.0))
    view.show_network(network)
    assert view.shown_units() == [3, 2]
    x1, x2 = np.meshgrid(np.linspace(-2, 2, MAP_GRID), np.linspace(-1, 1, MAP_GRID))
    expected = network.hidden_outputs(np.column_stack([x1.ravel(), x2.ravel()]))
    for layer in range(2):
        for unit in range(network.hidden[layer]):
            np.testing.assert_array_equal(
                view.unit_outputs(layer, unit), expected[layer][:, unit].reshape(x1.shape)
            )
    # One symmetric colour scale per layer, ±(its largest |output|): the unit reaching it
    # is drawn in the scale's end colour, and a unit's 0 in the middle one.
    mosaic = view.image.image
    layer_one = expected[0]
    unit = int(np.argmax(np.abs(layer_one).max(axis=0)))
    cell = int(np.argmax(np.abs(layer_one[:, unit])))
    row, column = divmod(cell, MAP_GRID)
    end = 0 if layer_one[cell, unit] < 0 else 255
    left = unit * (MAP_GRID + GAP)
    pixel = mosaic[MAP_GRID - 1 - row, left + column]  # the image's rows run downwards
    np.testing.assert_array_equal(pixel, UNIT_MAP.getLookupTable(nPts=256, alpha=False)[end])


def test_wide_layers_show_their_first_eight_units_and_say_so(view):
    network = training.Network(hidden=(12,), activations="elu", seed=0)
    view.set_layers(network.hidden)
    view.set_extent(QRectF(-1.0, -1.0, 2.0, 2.0))
    view.show_network(network)
    assert view.shown_units() == [MAX_UNITS_SHOWN]
    assert f"first {MAX_UNITS_SHOWN}" in view.title.text


def test_a_network_without_hidden_layers_shows_no_maps(view):
    network = training.Network(hidden=(), seed=0)
    view.set_layers(network.hidden)
    view.set_extent(QRectF(-1.0, -1.0, 2.0, 2.0))
    view.show_network(network)
    assert view.shown_units() == [] and view.title.text == "No hidden units"
