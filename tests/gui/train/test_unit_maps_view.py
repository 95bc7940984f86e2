"""UnitMapsView: each hidden unit's output over the plane, as the network computes it."""

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from core import training
from gui.train.unit_maps_view import MAP_GRID, MAX_UNITS_SHOWN, UnitMapsView


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
    assert [len(row) for row in view.images] == [3, 2]
    x1, x2 = np.meshgrid(np.linspace(-2, 2, MAP_GRID), np.linspace(-1, 1, MAP_GRID))
    expected = network.hidden_outputs(np.column_stack([x1.ravel(), x2.ravel()]))
    for layer in range(2):
        for unit in range(network.hidden[layer]):
            np.testing.assert_array_equal(
                view.unit_outputs(layer, unit), expected[layer][:, unit].reshape(x1.shape)
            )
    # One symmetric colour scale per layer: its largest |output|.
    scale = np.abs(expected[0]).max()
    assert view.images[0][1].getLevels() == pytest.approx((-scale, scale))


def test_wide_layers_show_their_first_eight_units_and_say_so(view):
    network = training.Network(hidden=(12,), activations="elu", seed=0)
    view.set_layers(network.hidden)
    view.set_extent(QRectF(-1.0, -1.0, 2.0, 2.0))
    view.show_network(network)
    assert len(view.images[0]) == MAX_UNITS_SHOWN
    labels = [item.text for item in view.ci.items if hasattr(item, "text")]
    assert any(f"first {MAX_UNITS_SHOWN}" in text for text in labels)


def test_a_network_without_hidden_layers_shows_no_maps(view):
    network = training.Network(hidden=(), seed=0)
    view.set_layers(network.hidden)
    view.set_extent(QRectF(-1.0, -1.0, 2.0, 2.0))
    view.show_network(network)
    assert view.images == []
