"""FunctionList: one checkable row per activation; checked = drawn, current = focused."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from core import activations
from gui.palette import color
from gui.state import ExplorerState

SWATCH_SIZE = QSize(22, 10)


def swatch_icon(swatch_color: QColor) -> QIcon:
    """A small rounded bar in the function's colour, like a legend entry."""
    pixmap = QPixmap(SWATCH_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(swatch_color)
    painter.drawRoundedRect(0, 2, SWATCH_SIZE.width(), SWATCH_SIZE.height() - 4, 3, 3)
    painter.end()
    return QIcon(pixmap)


class FunctionList(QListWidget):
    """Checkable list of every registered activation, in display order.

    Each item's text is the function's name and ``Qt.UserRole`` its key. Checking an item
    shows the function; making it current focuses it.
    """

    def __init__(self, state: ExplorerState, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("functionList")
        self._state = state
        self.setIconSize(SWATCH_SIZE)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setToolTip(
            "Tick a function to draw it; click its name to focus it "
            "(drawn thicker, with its parameters and notes)."
        )
        self._items: dict[str, QListWidgetItem] = {}
        for key in activations.keys():
            activation = activations.get(key)
            item = QListWidgetItem(swatch_icon(color(key)), activation.name, self)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setToolTip(f"{activation.name}: {activation.torch_equivalent}")
            # An item without an explicit check state has no check box at all.
            item.setCheckState(Qt.CheckState.Unchecked)
            self._items[key] = item
        self._on_shown_changed(state.shown)
        self._on_focused_changed(state.focused)
        self.itemChanged.connect(self._on_item_changed)
        self.currentItemChanged.connect(self._on_current_item_changed)
        state.shown_changed.connect(self._on_shown_changed)
        state.focused_changed.connect(self._on_focused_changed)

    def set_dark(self, dark: bool) -> None:
        """Swatches in the colours the curves take on a dark or light background."""
        for key, item in self._items.items():
            item.setIcon(swatch_icon(color(key, dark)))

    def item_for(self, key: str) -> QListWidgetItem:
        return self._items[key]

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        self._state.set_key_shown(key, item.checkState() == Qt.CheckState.Checked)

    def _on_current_item_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self._state.set_focused(current.data(Qt.ItemDataRole.UserRole))

    def _on_shown_changed(self, shown: tuple[str, ...]) -> None:
        self.blockSignals(True)
        for key, item in self._items.items():
            wanted = Qt.CheckState.Checked if key in shown else Qt.CheckState.Unchecked
            if item.checkState() != wanted:
                item.setCheckState(wanted)
        self.blockSignals(False)

    def _on_focused_changed(self, key: str) -> None:
        item = self._items[key]
        if self.currentItem() is not item:
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)
        font = self.font()
        for other_key, other in self._items.items():
            font.setBold(other_key == key)
            other.setFont(font)
