"""MainWindow: the tabs, menus, actions and status bar around the views."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from gui.state import ExplorerState

WINDOW_TITLE = "Activation Explorer"


class MainWindow(QMainWindow):
    """The application window; builds every view around one :class:`ExplorerState`."""

    def __init__(self, state: ExplorerState | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(WINDOW_TITLE)
        self.state = state if state is not None else ExplorerState(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.setCentralWidget(self.tabs)
        self.resize(1400, 900)

    def show_tab(self, name: str) -> None:
        """Make the tab whose title is ``name`` (case-insensitive) current; KeyError if none."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "").lower() == name.lower():
                self.tabs.setCurrentIndex(index)
                return
        raise KeyError(f"no tab named {name!r}")

    def render_to_file(self, path: Path) -> int:
        """Lay out, paint and save the whole window as PNG; returns a process exit code."""
        import sys

        from PySide6.QtWidgets import QApplication

        self.show()
        QApplication.processEvents()
        image = self.grab()
        if not image.save(str(path), "PNG"):
            print(f"main.py: error: could not write {path}", file=sys.stderr)
            return 1
        return 0
