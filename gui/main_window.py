"""MainWindow: the tabs, menus, actions and status bar around the views."""

from __future__ import annotations

import csv
import importlib
import json
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QByteArray, QEvent, QObject, QStandardPaths, QTimer, qVersion
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from gui import plot_export, session, theme
from gui.settings import app_settings
from gui.state import EXPORT_SCALES, ExplorerState

WINDOW_TITLE = "Activation Explorer"
STATUS_TIMEOUT_MS = 8000
ICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "icon.svg"
DEFAULT_SIZE = (1400, 900)
# Settings are written this long after the last change, so a crash loses little.
SAVE_DELAY_MS = 1500
_SPLITTERS = (
    "functionsSplitter",
    "plotSplitter",
    "softmaxSplitter",
    "distributionsSplitter",
    "depthSplitter",
)


# name: (module, class, title, tool tip), in tab order. A tab's module is imported when the
# tab is built, so a window that builds tabs lazily imports only what it shows.
_TABS = {
    "functions": (
        "gui.functions_tab",
        "FunctionsTab",
        "Functions",
        "Overlay functions and their derivatives",
    ),
    "softmax": (
        "gui.softmax_tab",
        "SoftmaxTab",
        "Softmax",
        "Edit logits; watch probabilities, Jacobian and loss",
    ),
    "compare": (
        "gui.compare_tab",
        "CompareTab",
        "Compare",
        "Every function's properties, computed",
    ),
    "distributions": (
        "gui.distributions_tab",
        "DistributionsTab",
        "Distributions",
        "What a function does to N(μ, σ²) inputs",
    ),
    "depth": (
        "gui.depth_tab",
        "DepthTab",
        "Depth",
        "Gradients and activations through a deep stack",
    ),
}


def application_icon() -> QIcon:
    return QIcon(str(ICON_PATH))


class MainWindow(QMainWindow):
    """The application window; builds every view around one :class:`ExplorerState`.

    Parameters
    ----------
    state : ExplorerState, optional
        The model to show; a new one by default.
    persistent : bool, default True
        Restore the last session on start and save it on changes and on close. Off for
        ``--screenshot`` renders, which must not depend on (or change) the user's settings.
    lazy_tabs : bool, default False
        Build a tab only when it is first shown or asked for (``window.softmax_tab``), and
        the rest once the window has painted. The application does this so its first window
        appears sooner; by default every tab exists as soon as the window does.
    """

    def __init__(
        self,
        state: ExplorerState | None = None,
        parent: QWidget | None = None,
        persistent: bool = True,
        lazy_tabs: bool = False,
    ):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(WINDOW_TITLE)
        self.setWindowIcon(application_icon())
        self.state = state if state is not None else ExplorerState(self)
        self._persistent = persistent
        self._lazy = lazy_tabs
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        self._built: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        # Layout saved in a session for tabs not built yet, applied when they are.
        self._pending_layout: dict[str, QByteArray] = {}
        for name, (_module, _class, title, tip) in _TABS.items():
            placeholder = QWidget()
            placeholder.setObjectName(f"{name}Placeholder")
            index = self.tabs.addTab(placeholder, title)
            self.tabs.setTabToolTip(index, tip)
            self._placeholders[name] = placeholder
        if not lazy_tabs:
            for name in _TABS:
                self._tab(name)
        self.tabs.currentChanged.connect(self._on_current_tab_changed)

        self._build_actions()
        self._build_menus()
        self.statusBar().setObjectName("statusBar")
        self.resize(*DEFAULT_SIZE)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_session)
        if persistent:
            self.restore_session()
            for signal in self._state_signals():
                signal.connect(self._schedule_save)
            self.tabs.currentChanged.connect(self._schedule_save)
        self._apply_theme()
        self.state.theme_changed.connect(self._on_theme_changed)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_system_scheme_changed)

    # ---- tabs ------------------------------------------------------------------------------

    @property
    def functions_tab(self):
        return self._tab("functions")

    @property
    def softmax_tab(self):
        return self._tab("softmax")

    @property
    def compare_tab(self):
        return self._tab("compare")

    @property
    def distributions_tab(self):
        return self._tab("distributions")

    @property
    def depth_tab(self):
        return self._tab("depth")

    def built_tabs(self) -> list[str]:
        """Names of the tabs built so far, in tab order."""
        return [name for name in _TABS if name in self._built]

    def _tab(self, name: str) -> QWidget:
        """The tab called ``name``, built now if it was not yet (it then replaces its
        placeholder page, at the same index, current if the placeholder was)."""
        tab = self._built.get(name)
        if tab is not None:
            return tab
        module, class_name, title, tip = _TABS[name]
        tab_class = getattr(importlib.import_module(module), class_name)
        if name == "functions":  # a lazy window's also builds its parameter pages on demand
            tab = tab_class(self.state, defer_pages=self._lazy)
        else:
            tab = tab_class(self.state)
        self._built[name] = tab
        placeholder = self._placeholders.pop(name)
        index = self.tabs.indexOf(placeholder)
        was_current = self.tabs.currentIndex() == index
        # The swap is not a change of tab: nobody listening should hear about it.
        blocked = self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, tab, title)
        self.tabs.setTabToolTip(index, tip)
        if was_current:
            self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        self._connect_tab(name, tab)
        return tab

    def _connect_tab(self, name: str, tab: QWidget) -> None:
        """Wire a newly built tab to the window: messages, theme, saved layout."""
        if hasattr(tab, "message"):
            tab.message.connect(self.show_message)
        if name == "compare":
            tab.function_activated.connect(lambda _key: self.show_tab("functions"))
            if self._persistent:
                tab.layout_changed.connect(self._schedule_save)
            header = self._pending_layout.pop("compare/header_state", None)
            if header is not None:
                tab.restore_header_state(header)
        dark = self.is_dark()
        for plot in tab.findChildren(pg.PlotWidget):
            theme.style_plot(plot, dark)
        if name == "functions":
            self._apply_functions_theme(dark)
        from PySide6.QtWidgets import QSplitter

        for splitter in tab.findChildren(QSplitter):
            saved = self._pending_layout.pop(f"window/{splitter.objectName()}", None)
            if saved is not None:
                _restore_when_laid_out(splitter, saved)

    def _on_current_tab_changed(self, _index: int) -> None:
        self._build_current_tab()

    def _build_current_tab(self) -> None:
        """If the current page is still a placeholder, build its tab now."""
        for name, placeholder in list(self._placeholders.items()):
            if self.tabs.currentWidget() is placeholder:
                self._tab(name)

    def build_remaining_tabs(self) -> None:
        """Build what was left for later (the tabs not built yet, the parameter pages not
        shown), a tab per event-loop turn, so the window stays live."""
        if "functions" in self._built:
            self._built["functions"].parameter_panel.build_all_pages()
        remaining = [name for name in _TABS if name not in self._built]
        if remaining:
            self._tab(remaining[0])
            if len(remaining) > 1:
                QTimer.singleShot(0, self.build_remaining_tabs)

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
        state = self.state
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
            action.setChecked(scale == state.export_scale)
            action.triggered.connect(lambda _checked=False, s=scale: state.set_export_scale(s))
            self.export_scale_group.addAction(action)
            self.export_scale_actions[scale] = action
        state.export_scale_changed.connect(
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
        self.theme_group = QActionGroup(self)
        self.theme_actions = {}
        for name, text, tip in (
            ("system", "Follow the &system", "Light or dark as the desktop is"),
            ("light", "&Light", "Dark text on white: best for slides and print"),
            ("dark", "&Dark", "Light text on dark grey"),
        ):
            action = self._action(f"actionTheme{name.title()}", text, tip=tip)
            action.setCheckable(True)
            action.setChecked(state.theme == name)
            action.triggered.connect(lambda _checked=False, n=name: state.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
        self.action_reset_zoom = self._action(
            "actionResetZoom", "&Reset zoom", "Ctrl+0", "Fit the plots to the x-range and data"
        )
        self.action_reset_zoom.triggered.connect(lambda: self.functions_tab.plots.reset_view())

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
        return theme.resolve(self.state.theme)

    def _apply_theme(self) -> None:
        dark = self.is_dark()
        application = QApplication.instance()
        if application is not None:
            application.setPalette(
                theme.dark_palette() if dark else application.style().standardPalette()
            )
        for plot in self.findChildren(pg.PlotWidget):
            theme.style_plot(plot, dark)
        if "functions" in self._built:
            self._apply_functions_theme(dark)
        self.theme_actions[self.state.theme].setChecked(True)

    def _apply_functions_theme(self, dark: bool) -> None:
        tab = self._built["functions"]
        tab.plots.set_dark(dark)
        tab.function_list.set_dark(dark)
        tab.info_panel.set_dark(dark)

    def _on_theme_changed(self, _theme: str) -> None:
        self._apply_theme()

    def _on_system_scheme_changed(self, *_args) -> None:
        if self.state.theme == "system":
            self._apply_theme()

    # ---- files -----------------------------------------------------------------------------

    def current_tab_name(self) -> str:
        return self.tabs.tabText(self.tabs.currentIndex()).replace("&", "").lower()

    def _suggested_path(self, kind: QStandardPaths.StandardLocation, suffix: str) -> str:
        folder = QStandardPaths.writableLocation(kind) or str(Path.home())
        stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
        return str(Path(folder) / f"activation-explorer_{self.current_tab_name()}_{stamp}.{suffix}")

    def _write(self, path: str, data: bytes, what: str) -> bool:
        """Write ``data``; on failure tell the user the operating system's reason."""
        try:
            Path(path).write_bytes(data)
        except OSError as error:
            reason = error.strerror or str(error)
            self.show_message(f"Could not save {what}: {reason}")
            QMessageBox.warning(self, f"Could not save {what}", f"{path}\n\n{reason}")
            return False
        self.show_message(f"Saved {what} to {path}")
        return True

    def _background(self) -> QColor:
        return QColor(theme.DARK_PLOT["background"] if self.is_dark() else "white")

    def save_screenshot(self) -> bool:
        """Ask for a file and save the whole window as PNG; True when written."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save screenshot",
            self._suggested_path(QStandardPaths.StandardLocation.PicturesLocation, "png"),
            "PNG images (*.png)",
        )
        if not path:
            return False
        if not path.lower().endswith(".png"):
            path += ".png"
        image = self.grab().toImage()
        return self._write(path, plot_export.png_bytes(image), "the screenshot")

    def export_plot(self) -> bool:
        """Ask for a file and save the current tab's plots as PNG or SVG; True when written."""
        png_filter, svg_filter = "PNG images (*.png)", "SVG drawings (*.svg)"
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export plots",
            self._suggested_path(QStandardPaths.StandardLocation.PicturesLocation, "png"),
            f"{png_filter};;{svg_filter}",
        )
        if not path:
            return False
        suffix = Path(path).suffix.lower()
        if suffix not in (".png", ".svg"):
            suffix = ".svg" if chosen == svg_filter else ".png"
            path += suffix
        grid = self.tabs.currentWidget().export_grid()
        if suffix == ".svg":
            return self._write(path, plot_export.render_svg(grid), "the SVG drawing")
        image = plot_export.render_png(grid, self.state.export_scale, self._background())
        return self._write(path, plot_export.png_bytes(image), "the PNG image")

    def copy_plot(self) -> None:
        """Put the current tab's plots on the clipboard as an image."""
        grid = self.tabs.currentWidget().export_grid()
        image = plot_export.render_png(grid, 1.0, self._background())
        QGuiApplication.clipboard().setImage(image)
        self.show_message(f"Copied a {image.width()}×{image.height()} image of the plots")

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
        if not path.lower().endswith(".csv"):
            path += ".csv"
        rows = self.tabs.currentWidget().csv_rows()
        text = _csv_text(rows)
        return self._write(path, text.encode("utf-8"), f"{len(rows) - 1} rows of CSV")

    # ---- session ---------------------------------------------------------------------------

    def _state_signals(self):
        state = self.state
        return (
            state.shown_changed,
            state.focused_changed,
            state.params_changed,
            state.x_range_changed,
            state.sample_count_changed,
            state.saturation_shading_changed,
            state.log_derivative_changed,
            state.theme_changed,
            state.export_scale_changed,
            state.logits_changed,
            state.labels_changed,
            state.temperature_changed,
            state.target_changed,
            state.input_mean_changed,
            state.input_std_changed,
            state.sample_size_changed,
            state.sample_seed_changed,
            state.compare_shown_changed,
            state.depth_changed,
            state.width_changed,
            state.init_changed,
            state.depth_seed_changed,
        )

    def _schedule_save(self, *_args) -> None:
        self._save_timer.start()

    def _splitters(self):
        from PySide6.QtWidgets import QSplitter

        return {name: self.findChild(QSplitter, name) for name in _SPLITTERS}

    def save_session(self) -> None:
        """Write the state and the window layout to the settings store."""
        if not self._persistent:
            return
        settings = app_settings()
        session.save_state(self.state, settings)
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/size", json.dumps([self.width(), self.height()]))
        settings.setValue("window/state", self.saveState())
        # A tab never built keeps the layout saved last time (or restored, still pending).
        for name, splitter in self._splitters().items():
            if splitter is not None:
                settings.setValue(f"window/{name}", splitter.saveState())
        settings.setValue("window/tab", self.current_tab_name())
        if "compare" in self._built:
            settings.setValue("compare/header_state", self._built["compare"].header_state())
        settings.sync()

    def restore_session(self) -> None:
        """Apply the saved session field by field; anything unusable keeps its default."""
        settings = app_settings()
        refused = session.restore_state(self.state, settings)
        geometry = session.saved_bytes(settings, "window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        # restoreGeometry shrinks a window to the screen it finds; the size the user left is
        # applied as it was, as the default size is (the window manager still has a say).
        size = session.saved_size(settings, "window/size")
        if size is not None and not (self.isMaximized() or self.isFullScreen()):
            self.resize(*size)
        window_state = session.saved_bytes(settings, "window/state")
        if window_state is not None:
            self.restoreState(window_state)
        for name, splitter in self._splitters().items():
            saved = session.saved_bytes(settings, f"window/{name}")
            if saved is None:
                continue
            if splitter is not None:
                _restore_when_laid_out(splitter, saved)
            else:
                self._pending_layout[f"window/{name}"] = saved
        header = session.saved_bytes(settings, "compare/header_state")
        if header is not None:
            if "compare" not in self._built:
                self._pending_layout["compare/header_state"] = header
            elif not self._built["compare"].restore_header_state(header):
                refused.append("compare/header_state")
        tab = settings.value("window/tab")
        if isinstance(tab, str):
            try:
                self.show_tab(tab)
            except KeyError:
                refused.append("window/tab")
        if refused:
            self.show_message(f"Some saved settings were unusable and reset: {', '.join(refused)}")

    def reset_to_defaults(self) -> None:
        """Every choice and the layout back to their defaults."""
        self.state.reset()
        self._pending_layout.clear()  # tabs built later start with their default layout
        built = self._built
        if "functions" in built:
            built["functions"].splitter.setSizes([250, 800, 330])
            built["functions"].plots.reset_view()
        if "softmax" in built:
            built["softmax"].splitter.setSizes([360, 1040])
        if "compare" in built:
            built["compare"].show_all_columns()
        self.show_message("Everything is back to its default")

    def closeEvent(self, event) -> None:
        self._save_timer.stop()
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
        # Only the current tab is in the picture; hidden tabs compute when first shown.
        current = self.tabs.currentWidget()
        if hasattr(current, "wait_idle"):  # tabs whose numbers arrive from worker threads
            current.wait_idle()
        QApplication.processEvents()
        try:
            Path(path).write_bytes(plot_export.png_bytes(self.grab().toImage()))
        except OSError as error:
            print(
                f"main.py: error: cannot write {path}: {error.strerror or error}", file=sys.stderr
            )
            return 1
        return 0


class _RestoreOnLayout(QObject):
    """Applies a saved splitter state at the splitter's first real size, then goes away.

    Sizes restored earlier are redistributed when the layout first runs; a tab that is not
    current is laid out only when it is shown.
    """

    def __init__(self, splitter, saved):
        super().__init__(splitter)
        self._saved = saved

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched.width() > 100 and watched.height() > 50:
            watched.removeEventFilter(self)
            watched.restoreState(self._saved)
            self.deleteLater()
        return False


def _restore_when_laid_out(splitter, saved) -> None:
    if splitter.isVisible() and splitter.width() > 100:
        splitter.restoreState(saved)
    else:
        splitter.installEventFilter(_RestoreOnLayout(splitter, saved))


def _csv_text(rows) -> str:
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()
