"""Render a tab's plots (a grid of widgets) to one PNG image or one SVG document.

PNG goes through pyqtgraph's ImageExporter, one plot at a time at ``scale`` times its size
(lines and text scale with it), composited into the tab's grid. SVG goes through Qt's
QSvgGenerator: pyqtgraph 0.14's SVGExporter cannot parse the path data Qt 6 writes
(pyqtgraph issue #3485, "x,y = c.split(',')": ValueError), so the widgets are rendered into
an SVG paint device instead, which keeps every curve a vector path.
"""

from __future__ import annotations

import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

GAP = 8  # pixels between plots in the composite
PNG_QUALITY = 80
Grid = list[list[QWidget]]


def _paint_widget(painter: QPainter, widget: QWidget, origin: QPoint) -> None:
    """Draw ``widget`` at ``origin``: a graphics view renders its scene as vectors.

    Items cached as device pixmaps (the axes and legends, for drawing speed) would be replayed
    as bitmaps at the wrong transform, so their caches are off while the scene is rendered.
    """
    if not isinstance(widget, QGraphicsView):
        widget.render(painter, origin)
        return
    cached = [
        (item, item.cacheMode())
        for item in widget.scene().items()
        if item.cacheMode() != QGraphicsItem.CacheMode.NoCache
    ]
    for item, _mode in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        viewport = widget.viewport()
        target = QRectF(origin, QSizeF(viewport.size()))
        widget.render(painter, target, viewport.rect(), Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        for item, mode in cached:
            item.setCacheMode(mode)


def _cell_image(widget: QWidget, scale: float) -> QImage:
    if isinstance(widget, pg.PlotWidget):
        item = widget.getPlotItem()
        exporter = pyqtgraph.exporters.ImageExporter(item)
        exporter.parameters()["width"] = max(1, round(item.sceneBoundingRect().width() * scale))
        exporter.parameters()["antialias"] = True
        return exporter.export(toBytes=True)
    image = QImage(
        QSize(max(1, round(widget.width() * scale)), max(1, round(widget.height() * scale))),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        _paint_widget(painter, widget, QPoint(0, 0))
    finally:
        painter.end()
    return image


def _layout(sizes: list[list[QSize]], gap: int) -> tuple[QSize, list[list[QPoint]]]:
    """Row by row, left to right: each row as tall as its tallest cell."""
    origins, y, width = [], 0, 0
    for row in sizes:
        x, row_origins = 0, []
        for size in row:
            row_origins.append(QPoint(x, y))
            x += size.width() + gap
        origins.append(row_origins)
        width = max(width, x - gap)
        y += max(size.height() for size in row) + gap
    return QSize(width, y - gap), origins


def render_png(grid: Grid, scale: float = 1.0, background: QColor | None = None) -> QImage:
    """The grid of widgets as one image, each rendered at ``scale`` times its size."""
    images = [[_cell_image(widget, scale) for widget in row] for row in grid]
    total, origins = _layout(
        [[image.size() for image in row] for row in images], round(GAP * scale)
    )
    result = QImage(total, QImage.Format.Format_ARGB32)
    result.fill(background if background is not None else QColor("white"))
    painter = QPainter(result)
    try:
        for row, row_origins in zip(images, origins, strict=True):
            for image, origin in zip(row, row_origins, strict=True):
                painter.drawImage(origin, image)
    finally:
        painter.end()
    return result


def render_svg(grid: Grid, title: str = "Activation Explorer") -> bytes:
    """The grid of widgets as one SVG document of vector paths."""
    total, origins = _layout([[widget.size() for widget in row] for row in grid], GAP)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(total)
    generator.setViewBox(QRect(QPoint(0, 0), total))
    # The axes replay recorded QPictures, which Qt rescales by the ratio of the devices'
    # resolutions: the SVG device must claim the screen's, or axes shrink to 72/96 of the plot.
    generator.setResolution(grid[0][0].logicalDpiX())
    generator.setTitle(title)
    generator.setDescription("Exported from Activation Explorer")
    painter = QPainter(generator)
    try:
        for row, row_origins in zip(grid, origins, strict=True):
            for widget, origin in zip(row, row_origins, strict=True):
                _paint_widget(painter, widget, origin)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def writable_image_formats() -> tuple[str, ...]:
    """The file suffixes Qt can write images as here (png, jpg, bmp, webp, …), lower case."""
    from PySide6.QtGui import QImageWriter

    return tuple(
        sorted({bytes(name).decode().lower() for name in QImageWriter.supportedImageFormats()})
    )


def image_bytes(image: QImage, image_format: str) -> bytes:
    """Encode an image in memory in ``image_format`` (a suffix such as "png" or "jpg"), so
    that writing it can report the operating system's error."""
    image_format = image_format.lower()
    # PNG: Qt maps quality 80 to a light zlib level, a third faster than the default here,
    # and files of plots and tables come out no larger (184 KB against 191 KB for a window).
    # JPEG: 92 keeps text and thin curves free of visible ringing.
    quality = {"png": PNG_QUALITY, "jpg": 92, "jpeg": 92, "jfif": 92}.get(image_format, -1)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, image_format.upper(), quality):
        raise ValueError(f"the image could not be encoded as {image_format.upper()}")
    buffer.close()
    return bytes(data.data())


def png_bytes(image: QImage) -> bytes:
    """PNG-encode an image in memory."""
    return image_bytes(image, "png")
