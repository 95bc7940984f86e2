"""BlockDiagram (``gatedBlock``): the gated feed-forward block drawn as boxes and arrows."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class BlockDiagram(QWidget):
    """x → (g(xW) ⊙ xV) → W₂ → y, with each matrix's shape. Painted from the numbers it is
    given with :meth:`set_block`; it holds no state of its own."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gatedBlock")
        self.setAccessibleName("Gated feed-forward block")
        self.setMinimumSize(300, 110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._gate_name = "SiLU"  # until set_block
        self._model_dim = 4096
        self._hidden = 10923

    def set_block(self, gate_name: str, model_dim: int, hidden: int) -> None:
        """Draw the block with gate ``gate_name``, width d = ``model_dim``, d_ff = ``hidden``."""
        self._gate_name, self._model_dim, self._hidden = gate_name, model_dim, hidden
        self.setAccessibleDescription(
            f"x of width {model_dim} goes through two {model_dim} × {hidden} matrices W and V; "
            f"{gate_name}(xW) multiplies xV elementwise; W₂ ({hidden} × {model_dim}) maps the "
            "product back to the model width."
        )
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        fill = palette.color(QPalette.ColorRole.AlternateBase)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        painter.setPen(QPen(ink, 1.2))
        width, height = self.width(), self.height()
        column = width / 100.0
        top, bottom, middle = height * 0.25, height * 0.75, height * 0.5
        box_height = height * 0.40
        d, d_ff = f"{self._model_dim:,}", f"{self._hidden:,}"

        def box(x: float, y: float, w: float, text: str) -> QRectF:
            rect = QRectF(x * column, y - box_height / 2, w * column, box_height)
            painter.setBrush(fill)
            painter.setPen(QPen(ink, 1.2))
            painter.drawRoundedRect(rect, 4, 4)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            return rect

        def arrow(start: QPointF, end: QPointF) -> None:
            painter.setPen(QPen(ink, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawLine(start, end)
            direction = end - start
            length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-9)
            ux, uy = direction.x() / length, direction.y() / length
            size = 6.0
            head = QPainterPath(end)
            head.lineTo(end - QPointF(size * ux - size * 0.5 * uy, size * uy + size * 0.5 * ux))
            head.lineTo(end - QPointF(size * ux + size * 0.5 * uy, size * uy - size * 0.5 * ux))
            head.closeSubpath()
            painter.setBrush(ink)
            painter.drawPath(head)

        source = box(0, middle, 10, f"x\n{d}")
        gate_matrix = box(15, top, 23, f"W\n{d} × {d_ff}")
        value_matrix = box(15, bottom, 23, f"V\n{d} × {d_ff}")
        gate = box(42, top, 15, self._gate_name)
        product = box(61, middle, 6, "⊙")
        output_matrix = box(71, middle, 23, f"W₂\n{d_ff} × {d}")
        result = box(96, middle, 4, "y")
        arrow(QPointF(source.right(), middle), QPointF(gate_matrix.left(), top))
        arrow(QPointF(source.right(), middle), QPointF(value_matrix.left(), bottom))
        arrow(QPointF(gate_matrix.right(), top), QPointF(gate.left(), top))
        arrow(QPointF(gate.right(), top), QPointF(product.center().x(), product.top()))
        arrow(
            QPointF(value_matrix.right(), bottom), QPointF(product.center().x(), product.bottom())
        )
        arrow(QPointF(product.right(), middle), QPointF(output_matrix.left(), middle))
        arrow(QPointF(output_matrix.right(), middle), QPointF(result.left(), middle))
        painter.end()
