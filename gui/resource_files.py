"""Where the app's resources are: ``functions.json``, ``icon.svg`` and ``formulas/``.

In the checkout they sit in ``resources/`` beside ``gui/``; an installed wheel carries them
as ``gui/resources/`` (pyproject.toml maps the folder there). Both are read through
``importlib.resources``-style objects, so a zipped install works as well as a folder.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer


@lru_cache(maxsize=1)
def resource_folder():
    """The folder of resources: the installed package's, else the checkout's."""
    installed = files("gui").joinpath("resources")
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str):
    """A resource file as a Traversable (``read_bytes``, ``read_text``, ``is_file``)."""
    return resource_folder().joinpath(*parts)


def resource_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def application_icon() -> QIcon:
    """The app's icon, drawn from its SVG at the usual sizes (from bytes, so it works from
    an installed wheel, zipped or not)."""
    renderer = QSvgRenderer(QByteArray(resource_bytes("icon.svg")))
    icon = QIcon()
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        icon.addPixmap(QPixmap.fromImage(image))
    return icon
