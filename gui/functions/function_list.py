"""FunctionList: one checkable row per activation; checked = drawn, current = focused."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyledItemDelegate,
    QWidget,
)

from core import activations
from gui.models import FunctionsModel
from gui.widgets.palette import color

SWATCH_SIZE = QSize(22, 10)


def swatch_icon(swatch_color: QColor) -> QIcon:
    """A small rounded bar in the function's colour, like a legend entry.

    On the selected (focused) row the bar sits in a white frame: the selection highlight is
    often close to the function's own colour (sigmoid's blue on the default highlight), and
    the frame keeps the swatch visible on it.
    """
    icon = QIcon()
    icon.addPixmap(_swatch_pixmap(swatch_color, framed=False), QIcon.Mode.Normal)
    icon.addPixmap(_swatch_pixmap(swatch_color, framed=True), QIcon.Mode.Selected)
    return icon


def _swatch_pixmap(swatch_color: QColor, framed: bool) -> QPixmap:
    pixmap = QPixmap(SWATCH_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    width, height = SWATCH_SIZE.width(), SWATCH_SIZE.height()
    if framed:
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(0, 0, width, height, 4, 4)
        painter.setBrush(swatch_color)
        painter.drawRoundedRect(2, 2, width - 4, height - 4, 2, 2)
    else:
        painter.setBrush(swatch_color)
        painter.drawRoundedRect(0, 2, width, height - 4, 3, 3)
    painter.end()
    return pixmap


GROUP_ROLE = Qt.ItemDataRole.UserRole + 1


class _GroupHeaderDelegate(QStyledItemDelegate):
    """Draws a group's title above the first visible item of each group."""

    def __init__(self, view: QListWidget):
        super().__init__(view)
        self._view = view

    def _header_height(self) -> int:
        return self._view.fontMetrics().height() + 8

    def starts_group(self, row: int) -> bool:
        item = self._view.item(row)
        group = item.data(GROUP_ROLE)
        for previous in range(row - 1, -1, -1):
            other = self._view.item(previous)
            if not other.isHidden():
                return other.data(GROUP_ROLE) != group
        return True

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        if self.starts_group(index.row()):
            size.setHeight(size.height() + self._header_height())
        return size

    def paint(self, painter, option, index) -> None:
        if not self.starts_group(index.row()):
            super().paint(painter, option, index)
            return
        header = QRect(option.rect)
        header.setHeight(self._header_height())
        painter.save()
        font = QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.9)
        painter.setFont(font)
        painter.setPen(option.palette.color(option.palette.ColorRole.PlaceholderText))
        painter.drawText(
            header.adjusted(4, 2, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            index.data(GROUP_ROLE),
        )
        painter.restore()
        option.rect.setTop(option.rect.top() + self._header_height())
        super().paint(painter, option, index)


class FunctionList(QListWidget):
    """Checkable list of every registered activation, in display order.

    Each item's text is the function's name and ``Qt.UserRole`` its key. Checking an item
    shows the function; making it current focuses it. Items are grouped (a header above
    each group) and can be filtered by text or to the checked ones. The user's own
    functions come last, in the Custom group; their context menu asks, through
    ``function_requested(request, key)``, to edit, duplicate or delete one.
    """

    function_requested = Signal(str, str)

    def __init__(self, functions: FunctionsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("functionList")
        self._functions = functions
        self.setIconSize(SWATCH_SIZE)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setToolTip(
            "Tick a function to draw it; click its name to focus it "
            "(drawn thicker, with its parameters and notes)."
        )
        self._items: dict[str, QListWidgetItem] = {}
        self._filter_text = ""
        self._checked_only = False
        self.setItemDelegate(_GroupHeaderDelegate(self))
        self._dark = False
        self._build_items()
        self._on_shown_changed(functions.shown)
        self._on_focused_changed(functions.focused)
        self.itemChanged.connect(self._on_item_changed)
        self.currentItemChanged.connect(self._on_current_item_changed)
        # Clicking a function's name shows it as well as focusing it; the check box alone
        # still toggles. Whether the press found the item unticked tells the two apart, since
        # a click on the box has toggled it by the time the click is reported.
        self._pressed_unchecked: QListWidgetItem | None = None
        self.itemPressed.connect(self._on_item_pressed)
        self.itemClicked.connect(self._on_item_clicked)
        functions.shown_changed.connect(self._on_shown_changed)
        functions.focused_changed.connect(self._on_focused_changed)
        functions.registry_changed.connect(self._on_registry_changed)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_context_menu)

    def _build_items(self) -> None:
        """One item per registered function, group by group (the user's own last)."""
        groups = activations.display_groups()
        order = sorted(
            activations.keys(),
            key=lambda key: (
                groups.index(activations.get(key).group),
                activations.keys().index(key),
            ),
        )
        for key in order:
            activation = activations.get(key)
            item = QListWidgetItem(swatch_icon(color(key, self._dark)), activation.name, self)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(GROUP_ROLE, activation.group)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            if activations.is_custom(key):
                item.setToolTip(
                    f"{activation.name}: f(x) = {activation.expression} "
                    "(right-click to edit, duplicate or delete)"
                )
            else:
                item.setToolTip(f"{activation.name}: {activation.torch_equivalent}")
            # An item without an explicit check functions has no check box at all.
            item.setCheckState(Qt.CheckState.Unchecked)
            self._items[key] = item

    def _on_registry_changed(self) -> None:
        """Functions were added, edited or removed: the list again, as the model has it."""
        self.blockSignals(True)
        self.clear()
        self._items = {}
        self._build_items()
        self.blockSignals(False)
        self._on_shown_changed(self._functions.shown)
        self._on_focused_changed(self._functions.focused)
        self.set_filter()

    def _show_context_menu(self, position) -> None:
        item = self.itemAt(position)
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        if activations.is_custom(key):
            for request, text in (
                ("edit", "&Edit…"),
                ("duplicate", "D&uplicate"),
                ("delete", "&Delete…"),
            ):
                action = menu.addAction(text)
                action.triggered.connect(
                    lambda _checked=False, request=request: self.function_requested.emit(
                        request, key
                    )
                )
        else:
            action = menu.addAction("Built-in functions cannot be edited: File → New function…")
            action.setEnabled(False)
        menu.exec(self.viewport().mapToGlobal(position))

    def set_filter(self, text: str | None = None, checked_only: bool | None = None) -> None:
        """Show only items whose name, key or group contains ``text`` (and that are checked)."""
        if text is not None:
            self._filter_text = text.strip().lower()
        if checked_only is not None:
            self._checked_only = checked_only
        known = set(activations.keys())
        for key, item in self._items.items():
            if key not in known:  # a function of the user's on its way out of the list
                item.setHidden(True)
                continue
            activation = activations.get(key)
            haystack = f"{activation.name} {key} {activation.group}".lower()
            visible = self._filter_text in haystack
            if self._checked_only:
                visible &= item.checkState() == Qt.CheckState.Checked
            item.setHidden(not visible)
        self.doItemsLayout()  # headers move with the first visible item of each group

    def visible_keys(self) -> list[str]:
        return [key for key, item in self._items.items() if not item.isHidden()]

    def set_dark(self, dark: bool) -> None:
        """Swatches in the colours the curves take on a dark or light background."""
        self._dark = dark
        for key, item in self._items.items():
            item.setIcon(swatch_icon(color(key, dark)))

    def item_for(self, key: str) -> QListWidgetItem:
        return self._items[key]

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key not in activations.keys():
            return  # a function of the user's on its way out of the list
        self._functions.set_key_shown(key, item.checkState() == Qt.CheckState.Checked)

    def _on_item_pressed(self, item: QListWidgetItem) -> None:
        unchecked = item.checkState() == Qt.CheckState.Unchecked
        self._pressed_unchecked = item if unchecked else None

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        if item is self._pressed_unchecked and item.checkState() == Qt.CheckState.Unchecked:
            item.setCheckState(Qt.CheckState.Checked)  # itemChanged shows it
        self._pressed_unchecked = None

    def _on_current_item_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self._functions.set_focused(current.data(Qt.ItemDataRole.UserRole))

    def _on_shown_changed(self, shown: tuple[str, ...]) -> None:
        self.blockSignals(True)
        for key, item in self._items.items():
            wanted = Qt.CheckState.Checked if key in shown else Qt.CheckState.Unchecked
            if item.checkState() != wanted:
                item.setCheckState(wanted)
        self.blockSignals(False)
        if self._checked_only:
            self.set_filter()

    def _on_focused_changed(self, key: str) -> None:
        item = self._items[key]
        if self.currentItem() is not item:
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)
        font = self.font()
        # A font change is an item change: it must not read as the user ticking a box (a
        # function being deleted would be shown again).
        blocked = self.blockSignals(True)
        for other_key, other in self._items.items():
            font.setBold(other_key == key)
            other.setFont(font)
        self.blockSignals(blocked)
