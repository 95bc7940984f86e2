"""BoundaryView helpers: how a learning curve is given its data."""

import numpy as np
import pyqtgraph as pg

from gui.train.boundary_view import show_curve


def test_a_lone_epoch_is_a_dot_and_a_lone_non_finite_value_is_not_drawn(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.setLogMode(x=False, y=True)
    curve = plot.plot(pen=pg.mkPen("r"))
    show_curve(curve, np.array([0.0]), np.array([0.5]))
    assert curve.opts["symbol"] == "o" and list(curve.getOriginalDataset()[1]) == [0.5]
    # A gradient of exactly 0 is drawn as a gap (nan); alone it would be an all-nan dot,
    # which pyqtgraph cannot bound.
    show_curve(curve, np.array([0.0]), np.array([np.nan]), connect="finite")
    assert curve.getOriginalDataset()[0] is None or len(curve.getOriginalDataset()[0]) == 0
    plot.grab()  # paints without a warning (warnings fail the test run)
    show_curve(curve, np.array([0.0, 1.0]), np.array([0.5, 0.25]))
    assert curve.opts["symbol"] is None
    np.testing.assert_array_equal(curve.getOriginalDataset()[1], [0.5, 0.25])


def test_the_epoch_axis_grows_in_round_steps():
    from gui.train.boundary_view import epoch_axis_end

    assert epoch_axis_end(0) == 10 and epoch_axis_end(7) == 10
    assert [epoch_axis_end(epoch) for epoch in (11, 13, 19, 21, 31, 99, 101, 1234)] == [
        12,
        15,
        20,
        25,
        40,
        100,
        120,
        1500,
    ]
    # Never more than a quarter of the width left empty, and few changes: 10 per decade.
    epochs = np.arange(11, 10_001)
    ends = np.array([epoch_axis_end(epoch) for epoch in epochs])
    assert np.all(ends >= epochs) and np.all(epochs / ends > 0.75)
    assert len(np.unique(ends)) <= 31


def test_a_long_learning_curve_draws_at_most_four_points_per_pixel_column(qtbot):
    """Painting stays bounded by the plot's width however long the run: thinned to four
    points per column, segments stroked one by one, smoothing off once segments are
    shorter than a pixel. Every drawn point is one of the run's epochs."""
    from gui.train.boundary_view import add_learning_curve

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(420, 200)
    plot.show()
    qtbot.waitExposed(plot)
    plot.setLogMode(x=False, y=True)
    curve = add_learning_curve(plot, "train")
    epochs = np.arange(50_000.0)
    losses = np.exp(-epochs / 20_000) * (1.2 + np.sin(epochs))  # jagged, as a loss is
    plot.setXRange(0, epochs[-1], padding=0)
    show_curve(curve, epochs, losses)
    columns = int(curve.getViewBox().width())
    drawn_x, drawn_y = curve.getData()
    assert len(drawn_x) <= 4 * columns + 4
    np.testing.assert_array_equal(drawn_y, np.log10(losses[drawn_x.astype(int)]))
    assert curve.curve.opts["segmentedLineMode"] == "on" and not curve.opts["antialias"]
    plot.grab()
    show_curve(curve, epochs[:30], losses[:30])
    assert curve.opts["antialias"]  # thirty epochs: long segments, smoothed
