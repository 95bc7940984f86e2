"""WrappingHeader: a horizontal header whose titles wrap onto two lines."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

LINES = 2
PADDING = 14  # room for the sort indicator and the section's margins


def title_words(title: str) -> list[str]:
    """The pieces a title may wrap between: at spaces, and after a hyphen ("Zero-",
    "centered"), where Qt's line breaking also breaks."""
    return [piece for word in title.split() for piece in re.split(r"(?<=-)", word) if piece]


class WrappingHeader(QHeaderView):
    """Section titles wrap at word boundaries, so long titles do not widen their columns.

    The model's header text is unchanged (tests and CSV export read it as is); only the
    drawing wraps it.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def _title(self, logical_index: int) -> str:
        model = self.model()
        if model is None:
            return ""
        return str(model.headerData(logical_index, self.orientation(), Qt.ItemDataRole.DisplayRole))

    def sectionSizeFromContents(self, logical_index: int) -> QSize:
        metrics = self.fontMetrics()
        title = self._title(logical_index)
        words = title_words(title) or [""]
        widest_word = max(metrics.horizontalAdvance(word) for word in words)
        balanced = math.ceil(metrics.horizontalAdvance(title) / LINES)
        width = max(widest_word, balanced) + 2 * PADDING
        height = LINES * metrics.lineSpacing() + 8
        return QSize(width, height)

    def paintSection(self, painter, rect: QRect, logical_index: int) -> None:
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == logical_index:
            option.sortIndicator = (
                QStyleOptionHeader.SortIndicator.SortDown
                if self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                else QStyleOptionHeader.SortIndicator.SortUp
            )
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        painter.save()
        painter.setFont(self.font())
        text_rect = rect.adjusted(4, 2, -PADDING + 4, -2)
        painter.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            self._title(logical_index),
        )
        painter.restore()
