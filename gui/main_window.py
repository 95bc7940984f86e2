"""MainWindow: the tabs, menus, actions, theme and status bar around the views.

The window knows tabs only through ``gui/tabs.py`` and the :class:`TabPage` interface; the
session (``gui/session.py``) and the File menu's exports (``gui/exports.py``) live apart.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QTimer, Signal, qVersion
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTabWidget, QWidget

from gui import exports, theme
from gui.custom.function_actions import FunctionActions
from gui.models import EXPORT_SCALES, AppState
from gui.resource_files import application_icon
from gui.session import DEFAULT_SIZE, Session
from gui.tabs import TABS, tab_spec
from gui.widgets.plot_style import style_plot
from gui.widgets.tab_page import TabPage

WINDOW_TITLE = "Activation Explorer"
STATUS_TIMEOUT_MS = 8000


class MainWindow(QMainWindow):
    """The application window; builds every tab around one :class:`AppState`.

    Parameters
    ----------
    state : AppState, optional
        The models to show; new ones by default.
    persistent : bool, default True
        Restore the last session on start and save it on changes and on close. Off for
        ``--screenshot`` renders, which must not depend on (or change) the user's settings.
    lazy_tabs : bool, default False
        Build a tab only when it is first shown or asked for (``window.softmax_tab``), and
        the rest once the window has painted. The application does this so its first window
        appears sooner; by default every tab exists as soon as the window does.
    """

    # Every tab is built (at once, or the last of build_remaining_tabs's turns).
    all_tabs_built = Signal()

    def __init__(
        self,
        state: AppState | None = None,
        parent: QWidget | None = None,
        persistent: bool = True,
        lazy_tabs: bool = False,
    ):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(WINDOW_TITLE)
        self.setWindowIcon(application_icon())
        self.state = state if state is not None else AppState(self)
        self._lazy = lazy_tabs
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.session = Session(self) if persistent else None
        # Before the tabs: each page's requests about the user's functions go to it.
        self.function_actions = FunctionActions(self.state, self)
        self.function_actions.message.connect(self.show_message)

        self._built: dict[str, TabPage] = {}
        self._placeholders: dict[str, QWidget] = {}
        for spec in TABS:
            placeholder = QWidget()
            placeholder.setObjectName(f"{spec.key}Placeholder")
            index = self.tabs.addTab(placeholder, spec.title)
            self.tabs.setTabToolTip(index, spec.tooltip)
            self._placeholders[spec.key] = placeholder
        if not lazy_tabs:
            for spec in TABS:
                self.tab(spec.key)
        self.tabs.currentChanged.connect(self._on_current_tab_changed)

        self._build_actions()
        self._build_menus()
        self.statusBar().setObjectName("statusBar")
        self.resize(*DEFAULT_SIZE)

        if self.session is not None:
            refused = self.session.restore()
            if refused:
                self.show_message(
                    f"Some saved settings were unusable and reset: {', '.join(refused)}"
                )
            self.session.watch()
        self._apply_theme()
        self.state.display.theme_changed.connect(self._on_theme_changed)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # Qt 6.5 and later
            hints.colorSchemeChanged.connect(self._on_system_scheme_changed)

    # ---- tabs ------------------------------------------------------------------------------

    def __getattr__(self, name: str):
        # window.softmax_tab and the like: the tab of that key, built now if need be.
        if name.endswith("_tab"):
            try:
                tab_spec(name.removesuffix("_tab"))
            except KeyError:
                pass
            else:
                return self.tab(name.removesuffix("_tab"))
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def built_tabs(self) -> list[str]:
        """Keys of the tabs built so far, in tab order."""
        return [spec.key for spec in TABS if spec.key in self._built]

    def built_pages(self) -> dict[str, TabPage]:
        """Key -> page of every tab built so far."""
        return dict(self._built)

    def tab(self, key: str) -> TabPage:
        """The tab of ``key``, built now if it was not yet (it then replaces its
        placeholder page, at the same index, current if the placeholder was)."""
        page = self._built.get(key)
        if page is not None:
            return page
        spec = tab_spec(key)
        module, class_name = spec.page.split(":")
        page = getattr(importlib.import_module(module), class_name)(self.state, lazy=self._lazy)
        self._built[key] = page
        placeholder = self._placeholders.pop(key)
        index = self.tabs.indexOf(placeholder)
        was_current = self.tabs.currentIndex() == index
        # The swap is not a change of tab: nobody listening should hear about it.
        blocked = self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, page, spec.title)
        self.tabs.setTabToolTip(index, spec.tooltip)
        if was_current:
            self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        page.message.connect(self.show_message)
        page.show_tab_requested.connect(self.show_tab)
        page.function_requested.connect(self.function_actions.handle)
        self._style_page(page, self.is_dark())
        if self.session is not None:
            self.session.tab_built(key, page)
        return page

    def current_tab(self) -> TabPage:
        """The page of the current tab (built now if it is still a placeholder)."""
        return self.tab(self.current_tab_name())

    def current_tab_name(self) -> str:
        """The key of the current tab."""
        widget = self.tabs.currentWidget()
        for key, page in (*self._built.items(), *self._placeholders.items()):
            if page is widget:
                return key
        return TABS[0].key

    def show_tab(self, key: str) -> None:
        """Make the tab of ``key`` (case-insensitive) current; KeyError if there is none."""
        spec = tab_spec(key.strip().lower())
        page = self._built.get(spec.key) or self._placeholders[spec.key]
        self.tabs.setCurrentWidget(page)

    def _on_current_tab_changed(self, _index: int) -> None:
        self._build_current_tab()

    def _build_current_tab(self) -> None:
        """If the current page is still a placeholder, build its tab now."""
        for key, placeholder in list(self._placeholders.items()):
            if self.tabs.currentWidget() is placeholder:
                self.tab(key)

    def build_remaining_tabs(self) -> None:
        """Build what was left for later (the tabs not built yet, and what built tabs
        deferred), a tab per event-loop turn, so the window stays live."""
        for page in self._built.values():
            page.build_remaining()
        remaining = [spec.key for spec in TABS if spec.key not in self._built]
        if remaining:
            self.tab(remaining[0])
        if len(remaining) > 1:
            QTimer.singleShot(0, self.build_remaining_tabs)
        else:
            self.all_tabs_built.emit()

    def showEvent(self, event) -> None:
        self._build_current_tab()  # a lazily built window builds what it shows, at the latest now
        super().showEvent(event)

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
        display, functions = self.state.display, self.state.functions
        self.action_save_screenshot = self._action(
            "actionSaveScreenshot",
            "Save &screenshot…",
            "Ctrl+S",
            "Save the whole window as a PNG image",
        )
        self.action_save_screenshot.triggered.connect(self.save_screenshot)
        self.action_export_plot = self._action(
            "actionExportPlot",
            "&Export plots…",
            "Ctrl+E",
            "Save the current tab's plots as PNG (at the export scale) or SVG",
        )
        self.action_export_plot.triggered.connect(self.export_plot)
        self.action_export_csv = self._action(
            "actionExportCsv",
            "Export data as &CSV…",
            "Ctrl+Shift+E",
            "Save the numbers behind the current tab as CSV",
        )
        self.action_export_csv.triggered.connect(self.export_csv)
        self.action_copy_plot = self._action(
            "actionCopyPlot",
            "&Copy plots",
            "Ctrl+Shift+C",
            "Copy the current tab's plots to the clipboard as an image",
        )
        self.action_copy_plot.triggered.connect(self.copy_plot)
        self.export_scale_group = QActionGroup(self)
        self.export_scale_actions = {}
        for scale in EXPORT_SCALES:
            action = self._action(
                f"actionExportScale{int(scale)}",
                f"{scale:g}× size",
                tip=f"Exported PNG images are {scale:g} times their size on screen",
            )
            action.setCheckable(True)
            action.setChecked(scale == display.export_scale)
            action.triggered.connect(lambda _checked=False, s=scale: display.set_export_scale(s))
            self.export_scale_group.addAction(action)
            self.export_scale_actions[scale] = action
        display.export_scale_changed.connect(
            lambda scale: self.export_scale_actions[scale].setChecked(True)
        )
        self.action_reset_defaults = self._action(
            "actionResetDefaults",
            "&Reset to defaults",
            tip="Every function, parameter, logit and view setting back to its default",
        )
        self.action_reset_defaults.triggered.connect(self.reset_to_defaults)
        self.action_quit = self._action(
            "actionQuit", "&Quit", "Ctrl+Q", "Close Activation Explorer"
        )
        self.action_quit.triggered.connect(self.close)

        self.action_shading = self._action(
            "actionSaturationShading",
            "&Shade saturated regions",
            tip="Shade where the focused function's |f'| is below 5 % of its peak",
        )
        self.action_shading.setCheckable(True)
        self.action_shading.setChecked(functions.saturation_shading)
        self.action_shading.toggled.connect(functions.set_saturation_shading)
        functions.saturation_shading_changed.connect(self.action_shading.setChecked)
        self.action_log_derivative = self._action(
            "actionLogDerivative",
            "&Log |f'| axis",
            "Ctrl+L",
            "Show |f'| on a logarithmic axis so exponential decay is visible",
        )
        self.action_log_derivative.setCheckable(True)
        self.action_log_derivative.setChecked(functions.log_derivative)
        self.action_log_derivative.toggled.connect(functions.set_log_derivative)
        functions.log_derivative_changed.connect(self.action_log_derivative.setChecked)
        self.theme_group = QActionGroup(self)
        self.theme_actions = {}
        for name, text, tip in (
            ("system", "Follow the &system", "Light or dark as the desktop is"),
            ("light", "&Light", "Dark text on white: best for slides and print"),
            ("dark", "&Dark", "Light text on dark grey"),
        ):
            action = self._action(f"actionTheme{name.title()}", text, tip=tip)
            action.setCheckable(True)
            action.setChecked(display.theme == name)
            action.triggered.connect(lambda _checked=False, n=name: display.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
        self.action_reset_zoom = self._action(
            "actionResetZoom", "&Reset zoom", "Ctrl+0", "Fit the current tab's plots to their data"
        )
        self.action_reset_zoom.triggered.connect(lambda: self.current_tab().reset_view())

        self.action_shortcuts = self._action(
            "actionShortcuts", "&Keyboard shortcuts", "F1", "List the keyboard shortcuts"
        )
        self.action_shortcuts.triggered.connect(self.show_shortcuts)
        self.action_about = self._action(
            "actionAbout", "&About Activation Explorer", tip="Version information"
        )
        self.action_about.triggered.connect(self.show_about)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for action in self.function_actions.actions():
            file_menu.addAction(action)
        file_menu.addSeparator()
        for action in (
            self.action_save_screenshot,
            self.action_export_plot,
            self.action_export_csv,
            self.action_copy_plot,
        ):
            file_menu.addAction(action)
        scale_menu = file_menu.addMenu("Export &scale")
        scale_menu.setToolTip("How large exported PNG images are drawn")
        for action in self.export_scale_actions.values():
            scale_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.action_reset_defaults)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.action_log_derivative)
        view_menu.addAction(self.action_shading)
        theme_menu = view_menu.addMenu("&Theme")
        for action in self.theme_actions.values():
            theme_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.action_reset_zoom)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.action_shortcuts)
        help_menu.addAction(self.action_about)

    # ---- theme -----------------------------------------------------------------------------

    def is_dark(self) -> bool:
        return theme.resolve(self.state.display.theme)

    def _style_page(self, page: TabPage, dark: bool) -> None:
        for plot in page.plot_widgets():
            style_plot(plot, dark)
        page.set_dark(dark)

    def _apply_theme(self) -> None:
        dark = self.is_dark()
        application = QApplication.instance()
        if application is not None:
            application.setPalette(
                theme.dark_palette() if dark else application.style().standardPalette()
            )
        for page in self._built.values():
            self._style_page(page, dark)
        self.theme_actions[self.state.display.theme].setChecked(True)

    def _on_theme_changed(self, _theme: str) -> None:
        self._apply_theme()

    def _on_system_scheme_changed(self, *_args) -> None:
        if self.state.display.theme == "system":
            self._apply_theme()

    # ---- files (gui/exports.py) ------------------------------------------------------------

    def save_screenshot(self) -> bool:
        """Ask for a file and save the whole window as PNG; True when written."""
        return exports.save_screenshot(self)

    def export_plot(self) -> bool:
        """Ask for a file and save the current tab's plots as PNG or SVG; True when written."""
        return exports.export_plot(self)

    def copy_plot(self) -> None:
        """Put the current tab's plots on the clipboard as an image."""
        exports.copy_plot(self)

    def export_csv(self) -> bool:
        """Ask for a file and write the current tab's data as CSV; True when written."""
        return exports.export_csv(self)

    def render_to_file(self, path: Path, program: str = "activation-explorer") -> int:
        """Lay out, paint and save the whole window as PNG; returns a process exit code."""
        return exports.render_to_file(self, path, program)

    # ---- session (gui/session.py) ----------------------------------------------------------

    def save_session(self) -> None:
        """Write the state and the window layout to the settings store (when persistent)."""
        if self.session is not None:
            self.session.save()

    def reset_to_defaults(self) -> None:
        """Every choice and the layout back to their defaults."""
        self.state.reset()
        if self.session is not None:
            self.session.forget_pending_layout()  # tabs built later start with their default
        for page in self._built.values():
            page.reset_layout()
        self.show_message("Everything is back to its default")

    def closeEvent(self, event) -> None:
        self.save_session()
        super().closeEvent(event)

    # ---- help ------------------------------------------------------------------------------

    def shortcut_text(self) -> str:
        lines = [
            f"{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}\t"
            f"{action.text().replace('&', '').rstrip('…')}"
            for action in self.actions()
            if not action.shortcut().isEmpty()
        ]
        return "\n".join(sorted(lines))

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcut_text())

    def about_text(self) -> str:
        import scipy  # only its version; the first window does not need scipy at all

        return (
            "<b>Activation Explorer</b><br>"
            "Activation functions, their derivatives and softmax, computed exactly over "
            "the whole float64 range.<br><br>"
            f"Qt {qVersion()} · PySide6 {pyside_version} · pyqtgraph {pg.__version__} · "
            f"numpy {np.__version__} · scipy {scipy.__version__} · "
            f"Python {sys.version.split()[0]} · style {QApplication.style().name()}"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, "About Activation Explorer", self.about_text())

    # ---- helpers ---------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_TIMEOUT_MS)
