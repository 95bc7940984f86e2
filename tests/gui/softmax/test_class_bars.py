"""ClassBars: a thousand class-coloured bars drawn by colour group look as pyqtgraph's
BarGraphItem draws them one by one."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gui.softmax.class_bars import ClassBars
from gui.widgets.palette import class_color


def _plot(qtbot, item) -> pg.PlotWidget:
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(900, 300)
    plot.setBackground("w")
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    plot.addItem(item)
    plot.setRange(xRange=(-0.6, 199.6), yRange=(-3.0, 3.0), padding=0.0)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def _pixels(plot) -> np.ndarray:
    QApplication.processEvents()
    image = plot.grab().toImage().convertToFormat(QImage.Format.Format_RGBX8888)
    pixels = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return pixels.reshape(image.height(), image.width(), 4)[..., :3].copy()


def _image(qtbot, item) -> np.ndarray:
    return _pixels(_plot(qtbot, item))


def _options(heights):
    brushes = [pg.mkBrush(class_color(index)) for index in range(heights.size)]
    return dict(
        x=np.arange(heights.size), height=heights, width=0.8, brushes=brushes, pen=pg.mkPen(None)
    )


def test_grouped_bars_cover_the_same_pixels_in_the_same_colours(qtbot):
    heights = np.random.default_rng(2).normal(0.0, 1.0, 200)
    grouped = _image(qtbot, ClassBars(**_options(heights)))
    one_by_one = _image(qtbot, pg.BarGraphItem(**_options(heights)))
    differing = np.any(grouped != one_by_one, axis=2)
    # drawRects and fillRect may round a bar's antialiased edge differently, nothing more.
    assert differing.mean() < 0.02
    colours = {tuple(class_color(index).getRgb()[:3]) for index in range(200)}
    inked = {tuple(pixel) for pixel in grouped.reshape(-1, 3)} - {(255, 255, 255)}
    assert colours <= inked


def test_new_heights_are_drawn(qtbot):
    heights = np.ones(200)
    bars = ClassBars(**_options(heights))
    plot = _plot(qtbot, bars)
    before = _pixels(plot)
    bars.setOpts(**_options(-2.0 * heights))
    after = _pixels(plot)
    middle = before.shape[0] // 2
    inked_rows = lambda image: np.flatnonzero(np.any(image != 255, axis=(1, 2)))  # noqa: E731
    assert inked_rows(before).max() <= middle + 1  # above the axis
    assert inked_rows(after).min() >= middle - 1  # below it, twice as deep
    assert inked_rows(after).max() - middle > 1.5 * (middle - inked_rows(before).min())


def test_a_thousand_bars_on_a_narrow_chart_each_show_at_least_a_pixel(qtbot):
    heights = np.full(1000, 2.0)
    bars = ClassBars(**_options(heights))
    plot = _plot(qtbot, bars)
    plot.resize(400, 300)
    plot.setRange(xRange=(-0.6, 999.6), yRange=(-3.0, 3.0), padding=0.0)
    pixels = _pixels(plot)
    bar_pixels = 0.8 * plot.getViewBox().width() / 1000
    assert bar_pixels < 0.5  # each bar is well under a pixel wide
    row = pixels[pixels.shape[0] // 3]  # through the bars, above the axis
    inked = np.any(row != 255, axis=1)
    first, last = np.flatnonzero(inked)[[0, -1]]
    # Bars touch: every column from the first bar to the last is drawn, fully coloured.
    assert inked[first : last + 1].all()
    assert np.all(np.abs(row[first : last + 1].astype(int) - 255).max(axis=1) > 60)
