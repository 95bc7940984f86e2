"""ThinnedCurve: at most four samples per pixel column are stroked, and every column keeps
its extremes, so a spike one sample wide is drawn; xData and yData keep every sample."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from gui.widgets.thinned_curve import ThinnedCurve, column_peaks


def _columns(x, low, high, columns):
    return np.clip(np.floor((x - low) * columns / (high - low)), -1, columns).astype(int)


def test_each_column_keeps_its_first_last_lowest_and_highest_sample():
    rng = np.random.default_rng(4)
    x = np.sort(rng.uniform(-6.0, 6.0, 50_000))
    y = np.cumsum(rng.normal(size=x.size))
    keep = column_peaks(x, y, -6.0, 6.0, 300)
    assert np.all(np.diff(keep) > 0)
    assert keep.size <= 4 * 302
    all_columns, kept_columns = _columns(x, -6, 6, 300), _columns(x[keep], -6, 6, 300)
    for column in np.unique(all_columns):
        inside = np.flatnonzero(all_columns == column)
        kept = keep[kept_columns == column]
        assert kept[0] == inside[0] and kept[-1] == inside[-1]
        assert y[kept].min() == y[inside].min() and y[kept].max() == y[inside].max()


def test_a_one_sample_spike_and_the_samples_around_a_gap_survive():
    x = np.linspace(-6.0, 6.0, 100_001)
    y = np.where(x > 0.0, 1.0, 0.0)
    y[12_345] = 7.0
    y[70_000] = np.nan
    keep = column_peaks(x, y, -6.0, 6.0, 800)
    assert 12_345 in keep
    assert {69_999, 70_000, 70_001} <= set(keep)
    assert keep.size < 4 * 800


def test_few_samples_are_drawn_as_they_are():
    x = np.linspace(0.0, 1.0, 5)
    assert np.array_equal(column_peaks(x, x**2, 0.0, 1.0, 800), np.arange(5))


def test_the_curve_draws_thinned_data_and_returns_every_sample(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(600, 300)
    x = np.linspace(-6.0, 6.0, 200_001)
    y = np.tanh(x)
    y[150_000] = 5.0
    curve = ThinnedCurve(x, y)
    plot.addItem(curve)
    plot.setXRange(-6.0, 6.0, padding=0.0)
    plot.show()
    qtbot.waitExposed(plot)
    QApplication.processEvents()
    shown_x, shown_y = curve.getData()
    columns = int(plot.getViewBox().width())
    assert shown_x.size <= 4 * (columns + 2)
    assert shown_y.max() == 5.0
    assert np.array_equal(curve.curve.getData()[1], shown_y)  # what is stroked
    assert curve.xData.size == x.size and np.array_equal(curve.yData, y)
    # Fewer samples than four per column: nothing is dropped.
    curve.setData(x[::1000], y[::1000])
    QApplication.processEvents()
    assert curve.getData()[0].size == x[::1000].size


def test_fewer_samples_let_go_of_the_thinned_large_data(qtbot):
    import gc
    import weakref

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(600, 300)
    plot.show()
    qtbot.waitExposed(plot)
    curve = ThinnedCurve()
    plot.addItem(curve)
    x = np.linspace(-6.0, 6.0, 400_001)
    y = np.sin(x)
    curve.setData(x, y)
    QApplication.processEvents()
    assert curve.getData()[0].size < x.size  # thinned
    alive = weakref.ref(x), weakref.ref(y)
    del x, y
    curve.setData(np.linspace(-6.0, 6.0, 101), np.zeros(101))
    QApplication.processEvents()
    gc.collect()
    assert all(reference() is None for reference in alive)
