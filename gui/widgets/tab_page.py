"""TabPage: what every tab offers the window, so the window treats all tabs alike."""

from __future__ import annotations

from typing import ClassVar

import pyqtgraph as pg
from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

SPLITTER_PREFIX = "window/"


class TabPage(QWidget):
    """Base of every tab's page.

    A subclass builds its widgets from the state models it is given, names its splitters
    (their positions are saved as ``window/<objectName>``) and lists them with their starting
    sizes in :attr:`SPLITTERS`. It overrides what it has: :meth:`export_grid` and
    :meth:`csv_rows` for the File menu, :meth:`wait_idle` when numbers arrive from worker
    threads, :meth:`set_dark` for colours beyond the plots' own.
    """

    message = Signal(str)  # a line for the status bar
    show_tab_requested = Signal(str)  # the key of a tab the user asked to go to
    layout_changed = Signal()  # a layout outside the splitters changed: worth saving
    # ("edit" | "duplicate" | "delete", key): what the user asked for one of their functions
    function_requested = Signal(str, str)

    # objectName of every splitter whose position the session keeps -> its sizes at start
    # and after "Reset to defaults" (None: its stretch factors decide)
    SPLITTERS: ClassVar[dict[str, list[int] | None]] = {}

    def apply_default_sizes(self) -> None:
        """Give each splitter its starting sizes (call once the splitters exist)."""
        for name, sizes in self.SPLITTERS.items():
            if sizes is not None:
                self._splitter(name).setSizes(sizes)

    def lay_out_side_by_side(self, name: str, *panes: QWidget, stretch: int = 1) -> QSplitter:
        """Fill the page with one horizontal splitter called ``name`` holding ``panes``, the
        one at index ``stretch`` taking the extra width, at its default sizes."""
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName(name)
        for pane in panes:
            splitter.addWidget(pane)
        splitter.setStretchFactor(stretch, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.apply_default_sizes()
        return splitter

    def _splitter(self, name: str) -> QSplitter:
        splitter = self.findChild(QSplitter, name)
        if splitter is None:
            raise KeyError(f"{type(self).__name__} has no splitter {name!r}")
        return splitter

    # ---- what the window asks of every tab --------------------------------------------------

    def plot_widgets(self) -> list[pg.PlotWidget]:
        return self.findChildren(pg.PlotWidget)

    def export_grid(self) -> list[list[QWidget]]:
        """The plots an export draws, as rows of widgets."""
        self.wait_idle()
        return [[plot] for plot in self.plot_widgets()]

    def csv_rows(self) -> list[list]:
        """The numbers behind the tab: a header row, then one row per record."""
        raise NotImplementedError

    def build_remaining(self) -> None:
        """Build what the page left for later when the window was built lazily."""

    def wait_idle(self) -> None:
        """Let results computed off the GUI thread land (pictures and exports show them)."""

    def set_dark(self, dark: bool) -> None:
        """Colours beyond the plots' background and axes, which the window styles."""

    def reset_view(self) -> None:
        """Fit every plot to its data."""
        for plot in self.plot_widgets():
            plot.getPlotItem().enableAutoRange()

    def reset_layout(self) -> None:
        """Splitters (and any other layout) back to how a new window has them."""
        self.apply_default_sizes()

    def saved_layout(self) -> dict[str, QByteArray]:
        """Settings key -> saved state of every part of the layout worth keeping."""
        return {
            f"{SPLITTER_PREFIX}{name}": self._splitter(name).saveState() for name in self.SPLITTERS
        }

    def restore_layout(self, key: str, saved: QByteArray) -> bool:
        """Apply one saved part of the layout; False when it cannot be used."""
        if not key.startswith(SPLITTER_PREFIX):
            return False
        try:
            splitter = self._splitter(key.removeprefix(SPLITTER_PREFIX))
        except KeyError:
            return False
        if splitter.isVisible() and splitter.width() > 100:
            return splitter.restoreState(saved)
        splitter.installEventFilter(_RestoreOnLayout(splitter, saved))
        return True


def controls_column(*widgets: QWidget, minimum_width: int, grow: QWidget | None = None) -> QWidget:
    """The column of controls at a tab's left: ``widgets`` stacked, ``grow`` taking the
    spare height (without one, the spare height stays below the last)."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(4, 4, 4, 4)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is grow else 0)
    if grow is None:
        layout.addStretch(1)
    column.setMinimumWidth(minimum_width)
    return column


def set_quietly(widget: QWidget, value) -> None:
    """Show ``value`` in a control without its change signal: a model's value coming back
    to the control that may have set it must not set it again."""
    if widget.value() != value:
        blocked = widget.blockSignals(True)
        widget.setValue(value)
        widget.blockSignals(blocked)


class _RestoreOnLayout(QObject):
    """Applies a saved splitter state at the splitter's first real size, then goes away.

    Sizes restored earlier are redistributed when the layout first runs; a tab that is not
    current is laid out only when it is shown.
    """

    def __init__(self, splitter: QSplitter, saved: QByteArray):
        super().__init__(splitter)
        self._saved = saved

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched.width() > 100 and watched.height() > 50:
            watched.removeEventFilter(self)
            watched.restoreState(self._saved)
            self.deleteLater()
        return False
