"""CachedCurveLayer in the Functions tab: a drag re-strokes only the focused curve, and what
the cached picture shows is byte for byte what a full redraw shows."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QGraphicsItem, QWidget

from core import activations

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


def _pixels(plot: pg.PlotWidget) -> np.ndarray:
    QApplication.processEvents()
    image = plot.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return pixels.reshape(image.height(), -1).copy()


def _full_redraw(plots) -> list[np.ndarray]:
    """Both plots with every item painting itself, then the layers put back as they were."""
    layers = plots.cached_layers()
    kept = [layer.members() for layer in layers]
    for layer in layers:
        layer.set_members([])
    images = [_pixels(plots.activation_plot), _pixels(plots.derivative_plot)]
    for layer, members in zip(layers, kept, strict=True):
        layer.set_members(members)
    return images


def _slider(window, key: str):
    name = activations.get(key).params[0].name
    return window.findChild(QWidget, f"param_{key}_{name}")


def test_only_the_focused_curve_paints_itself(window, state):
    plots = window.functions_tab.plots
    state.functions.set_shown(["sigmoid", "tanh", "relu", "gelu", "leaky_relu"])
    state.functions.set_focused("leaky_relu")
    for key in state.functions.shown:
        painted = plots.curve(key).curve.flags() & NO_CONTENTS
        assert bool(painted) == (key != "leaky_relu")
    state.functions.set_focused("tanh")
    assert not plots.curve("tanh").curve.flags() & NO_CONTENTS
    assert plots.curve("leaky_relu").curve.flags() & NO_CONTENTS
    # A curve taken off the plot is given back its own painting.
    curve = plots.curve("sigmoid")
    state.functions.set_key_shown("sigmoid", False)
    assert not curve.curve.flags() & NO_CONTENTS
    assert curve not in plots.cached_layers()[0].members()


def test_dragging_alpha_does_not_paint_the_cached_picture_again(window, state):
    plots = window.functions_tab.plots
    state.functions.set_shown(activations.keys())
    state.functions.set_focused("elu")
    QApplication.processEvents()
    _pixels(plots.activation_plot)
    layer = plots.cached_layers()[0]
    painted = layer.paint_count
    slider = _slider(window, "elu")
    for step in range(1, 6):
        slider.setValue(1.0 + 0.01 * step)
        _pixels(plots.activation_plot)
    assert state.functions.params("elu")["alpha"] == 1.05
    assert layer.paint_count == painted
    # Another curve's new look does paint it again.
    state.functions.set_focused("tanh")
    _pixels(plots.activation_plot)
    assert layer.paint_count > painted


def test_after_many_steps_the_plots_equal_a_full_redraw_pixel_for_pixel(window, state):
    plots = window.functions_tab.plots
    state.functions.set_shown(activations.keys())
    state.functions.set_focused("elu")
    state.functions.set_saturation_shading(True)
    QApplication.processEvents()
    slider = _slider(window, "elu")
    for step in range(1, 8):
        slider.setValue(1.0 + 0.1 * step)
        QApplication.processEvents()
    state.functions.set_focused("leaky_relu")
    for step in range(1, 5):
        _slider(window, "leaky_relu").setValue(0.05 * step)
        QApplication.processEvents()
    state.functions.set_key_shown("tanh", False)
    state.functions.set_key_shown("tanh", True)
    state.functions.set_focused("sigmoid")  # shaded: its bands are in the picture
    state.functions.set_x_range((-4.0, 5.0))
    state.functions.set_log_derivative(True)
    QApplication.processEvents()
    cached = [_pixels(plots.activation_plot), _pixels(plots.derivative_plot)]
    assert plots.shaded_intervals()
    full = _full_redraw(plots)
    for shown, redrawn in zip(cached, full, strict=True):
        assert shown.shape == redrawn.shape
        assert np.array_equal(shown, redrawn), f"{np.count_nonzero(shown != redrawn)} bytes differ"


def test_the_dark_theme_is_cached_too(window, state):
    plots = window.functions_tab.plots
    state.functions.set_focused("gelu")
    plots.set_dark(True)
    dark = [_pixels(plots.activation_plot), _pixels(plots.derivative_plot)]
    full = _full_redraw(plots)
    for shown, redrawn in zip(dark, full, strict=True):
        assert np.array_equal(shown, redrawn), f"{np.count_nonzero(shown != redrawn)} bytes differ"
    # The dark background is in the picture, not white.
    assert dark[0][dark[0].shape[0] // 2].reshape(-1, 4)[:, :3].mean() < 128
    plots.set_dark(False)
