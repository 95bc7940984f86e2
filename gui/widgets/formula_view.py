"""FormulaView: a LaTeX formula as SVG (pre-rendered by ziamath) drawn crisply by QtSvg."""

from __future__ import annotations

import hashlib
import warnings
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from core import activations
from gui.resource_files import resource

FORMULA_FOLDER = "formulas"  # in the resource folder
STORED_SIZE = 15.0
# The stored SVGs are drawn in this ink; the requested colour replaces it when one is read.
INK_PLACEHOLDER = "#010203"


def registry_formulas() -> list[str]:
    """Every formula and derivative formula of the registry, once each, sorted."""
    return sorted(
        {
            latex
            for activation in activations.all_activations()
            for latex in (activation.formula, activation.derivative_formula)
        }
    )


def stored_formula_name(latex: str) -> str:
    """The file name under which tools/render_formulas.py keeps ``latex`` rendered at
    ``STORED_SIZE`` (in the resource folder's ``formulas/``)."""
    digest = hashlib.sha256(latex.encode("utf-8")).hexdigest()[:16]
    return f"{digest}.svg"


@lru_cache(maxsize=1)
def _ziamath():
    """Import ziamath on first use (it loads fonts, which start-up does not need)."""
    with warnings.catch_warnings():
        # ziamath 0.13 locates its bundled font with importlib.resources.path, deprecated
        # since Python 3.11; the call still works, and the warning is not ours to fix.
        warnings.filterwarnings("ignore", message="path is deprecated", category=DeprecationWarning)
        import ziamath
    # Plain SVG 1.1 paths: Qt's SVG renderer does not follow SVG 2 <symbol> references.
    ziamath.config.svg2 = False
    return ziamath


def ziamath_svg(latex: str, size: float, color: str) -> str:
    """SVG markup of ``latex`` at ``size`` points in ``color``, laid out by ziamath now."""
    return _ziamath().Latex(latex, size=size, color=color).svg()


@lru_cache(maxsize=32)
def formula_svg(latex: str, size: float, color: str) -> bytes:
    """SVG markup of ``latex`` at ``size`` points in ``color``.

    Read from resources/formulas when the formula is stored there at that size, otherwise
    laid out by ziamath (slow, hence cached).
    """
    if size == STORED_SIZE:
        try:
            stored = resource(FORMULA_FOLDER, stored_formula_name(latex)).read_text(
                encoding="utf-8"
            )
        except OSError:
            stored = None  # a formula added since the store was rendered: lay it out now
        if stored is not None:
            return stored.replace(INK_PLACEHOLDER, color).encode()
    return ziamath_svg(latex, size, color).encode()


@lru_cache(maxsize=16)  # the last few functions' formulas; a new one draws in ~1-2 ms
def render_formula(latex: str, size: float, color: str, scale: float) -> QPixmap:
    """The formula as a pixmap for a screen of device pixel ratio ``scale`` (cached, so going
    back and forth between two functions draws nothing)."""
    renderer = QSvgRenderer(QByteArray(formula_svg(latex, size, color)))
    logical = renderer.defaultSize()
    image = QImage(
        QSize(max(1, round(logical.width() * scale)), max(1, round(logical.height() * scale))),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(scale)
    return pixmap


class FormulaView(QLabel):
    """Shows one formula; a formula wider than the panel is scaled down to fit."""

    def __init__(self, parent: QWidget | None = None, size: float = 15.0):
        super().__init__(parent)
        self._size = size
        self._latex = ""
        self._color = "#000000"
        self._pixmap: QPixmap | None = None
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def latex(self) -> str:
        return self._latex

    def set_formula(self, latex: str, color: str = "#000000") -> None:
        self._latex, self._color = latex, color
        screen = QGuiApplication.primaryScreen()
        scale = screen.devicePixelRatio() if screen is not None else 1.0
        self._pixmap = render_formula(latex, self._size, color, max(scale, 2.0))
        self.setToolTip(latex)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._pixmap is None:
            return
        ratio = self._pixmap.devicePixelRatio()
        natural_width = self._pixmap.width() / ratio
        natural_height = self._pixmap.height() / ratio
        available = max(1, self.width() - 4)
        shrink = min(1.0, available / natural_width) if natural_width else 1.0
        height = round(natural_height * shrink)
        self.setFixedHeight(max(1, height) + 6)
        if shrink < 1.0:
            scaled = self._pixmap.scaledToWidth(
                round(self._pixmap.width() * shrink), Qt.TransformationMode.SmoothTransformation
            )
            scaled.setDevicePixelRatio(ratio)
            self.setPixmap(scaled)
        else:
            self.setPixmap(self._pixmap)
