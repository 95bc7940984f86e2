"""MainWindow: the tabs, menus, actions and status bar around the views."""

from __future__ import annotations

import csv
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from gui.compare_tab import CompareTab
from gui.functions_tab import FunctionsTab
from gui.softmax_tab import SoftmaxTab
from gui.state import ExplorerState

WINDOW_TITLE = "Activation Explorer"
STATUS_TIMEOUT_MS = 8000


class MainWindow(QMainWindow):
    """The application window; builds every view around one :class:`ExplorerState`."""

    def __init__(self, state: ExplorerState | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(WINDOW_TITLE)
        self.state = state if state is not None else ExplorerState(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        self.functions_tab = FunctionsTab(self.state)
        self.functions_tab.message.connect(self.show_message)
        self.tabs.addTab(self.functions_tab, "Functions")
        self.softmax_tab = SoftmaxTab(self.state)
        self.softmax_tab.message.connect(self.show_message)
        self.tabs.addTab(self.softmax_tab, "Softmax")
        self.compare_tab = CompareTab(self.state)
        self.compare_tab.function_activated.connect(lambda _key: self.show_tab("functions"))
        self.tabs.addTab(self.compare_tab, "Compare")

        self._build_actions()
        self._build_menus()
        self.statusBar().setObjectName("statusBar")
        self.resize(1400, 900)

    # ---- actions and menus -----------------------------------------------------------------

    def _action(self, name: str, text: str, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        state = self.state
        self.action_quit = self._action(
            "actionQuit", "&Quit", QKeySequence.StandardKey.Quit, "Close Activation Explorer"
        )
        self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.action_quit.triggered.connect(self.close)

        self.action_export_csv = self._action(
            "actionExportCsv",
            "Export data as &CSV…",
            "Ctrl+Shift+E",
            "Save the numbers behind the current tab as CSV",
        )
        self.action_export_csv.triggered.connect(self.export_csv)

        self.action_shading = self._action(
            "actionSaturationShading",
            "&Shade saturated regions",
            tip="Shade where the focused function's |f'| is below 5 % of its peak",
        )
        self.action_shading.setCheckable(True)
        self.action_shading.setChecked(state.saturation_shading)
        self.action_shading.toggled.connect(state.set_saturation_shading)
        state.saturation_shading_changed.connect(self.action_shading.setChecked)

        self.action_log_derivative = self._action(
            "actionLogDerivative",
            "&Log |f'| axis",
            "Ctrl+L",
            "Show |f'| on a logarithmic axis so exponential decay is visible",
        )
        self.action_log_derivative.setCheckable(True)
        self.action_log_derivative.setChecked(state.log_derivative)
        self.action_log_derivative.toggled.connect(state.set_log_derivative)
        state.log_derivative_changed.connect(self.action_log_derivative.setChecked)

        self.action_reset_zoom = self._action(
            "actionResetZoom", "&Reset zoom", "Ctrl+0", "Fit the plots to the x-range and data"
        )
        self.action_reset_zoom.triggered.connect(self.functions_tab.plots.reset_view)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.action_export_csv)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.action_shading)
        view_menu.addAction(self.action_log_derivative)
        view_menu.addSeparator()
        view_menu.addAction(self.action_reset_zoom)

    # ---- export ----------------------------------------------------------------------------

    def current_tab_name(self) -> str:
        return self.tabs.tabText(self.tabs.currentIndex()).replace("&", "").lower()

    def _suggested_path(self, kind: QStandardPaths.StandardLocation, suffix: str) -> str:
        folder = QStandardPaths.writableLocation(kind) or str(Path.home())
        stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
        return str(Path(folder) / f"activation-explorer_{self.current_tab_name()}_{stamp}.{suffix}")

    def _report_failure(self, what: str, path: str, error: OSError) -> None:
        reason = error.strerror or str(error)
        self.show_message(f"Could not save {what}: {reason}")
        QMessageBox.warning(self, f"Could not save {what}", f"{path}\n\n{reason}")

    def export_csv(self) -> bool:
        """Ask for a file and write the current tab's data as CSV; True when written."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export data as CSV",
            self._suggested_path(QStandardPaths.StandardLocation.DocumentsLocation, "csv"),
            "CSV files (*.csv)",
        )
        if not path:
            return False
        tab = self.tabs.currentWidget()
        rows = tab.csv_rows()
        try:
            with open(path, "w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)
        except OSError as error:
            self._report_failure("the CSV file", path, error)
            return False
        self.show_message(f"Saved {len(rows) - 1} rows to {path}")
        return True

    # ---- helpers ---------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_TIMEOUT_MS)

    def show_tab(self, name: str) -> None:
        """Make the tab whose title is ``name`` (case-insensitive) current; KeyError if none."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "").lower() == name.lower():
                self.tabs.setCurrentIndex(index)
                return
        raise KeyError(f"no tab named {name!r}")

    def render_to_file(self, path: Path) -> int:
        """Lay out, paint and save the whole window as PNG; returns a process exit code."""
        self.show()
        QApplication.processEvents()
        if self.tabs.currentWidget() is self.compare_tab:
            self.compare_tab.finish_measurements()
        image = self.grab()
        if not image.save(str(path), "PNG"):
            print(f"main.py: error: could not write {path}", file=sys.stderr)
            return 1
        return 0
