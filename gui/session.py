"""Save and restore what the user had: every model's saved fields and the window's layout.

Every field lives under its own settings key as JSON text, as its model declares it, and is
restored through the model's own setter, so a missing, corrupt or out-of-range value is
refused exactly as a typed one would be, and that field alone keeps its default. Nothing read
from the settings file can stop the window from opening. Autosave listens to the change
signals of the same declared fields, so a field that is saved is also autosaved.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QObject, QSettings, QTimer
from PySide6.QtWidgets import QMainWindow

from gui.models import AppState
from gui.settings import app_settings
from gui.tabs import TABS

VERSION = 1
# Settings are written this long after the last change, so a crash loses little.
SAVE_DELAY_MS = 1500
DEFAULT_SIZE = (1400, 900)


def save_state(state: AppState, settings: QSettings | None = None) -> None:
    """Write every saved field of every model."""
    settings = settings if settings is not None else app_settings()
    settings.setValue("session/version", VERSION)
    for key, read, _apply in state.session_entries():
        settings.setValue(key, json.dumps(read()))


def restore_state(state: AppState, settings: QSettings | None = None) -> list[str]:
    """Apply every saved field that is valid; returns the keys that were refused."""
    settings = settings if settings is not None else app_settings()
    refused = []
    for key, _read, apply in state.session_entries():
        raw = settings.value(key)
        if raw is None:
            continue
        try:
            if not isinstance(raw, str):
                raise ValueError("not text")
            apply(json.loads(raw))
        except Exception:
            refused.append(key)
    return refused


def saved_bytes(settings: QSettings, key: str) -> QByteArray | None:
    """A saved binary value (window geometry, splitter state), or None if absent or not binary."""
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def saved_size(settings: QSettings, key: str) -> tuple[int, int] | None:
    """A saved window size [width, height] within 200..10000 pixels, or None."""
    try:
        width, height = json.loads(settings.value(key))
    except Exception:
        return None
    if all(
        isinstance(v, int) and not isinstance(v, bool) and 200 <= v <= 10000
        for v in (width, height)
    ):
        return width, height
    return None


class Session(QObject):
    """Keeps a window's session: restores it once, then saves it shortly after every change
    and when the window closes.

    A tab that is not built yet keeps the layout it had: what was saved for it stays in the
    settings file and is applied when the tab is built.
    """

    def __init__(self, window: QMainWindow):
        # ``window`` is the gui.main_window.MainWindow that owns this session (its state,
        # tabs and layout); typed by its Qt base so that this module need not import it.
        super().__init__(window)
        self._window = window
        self._pending_layout: dict[str, dict[str, QByteArray]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)

    def watch(self) -> None:
        """Save after any change of a saved field, of the tab or of a built tab's layout."""
        for signal in self._window.state.saved_signals():
            signal.connect(self.schedule_save)
        self._window.tabs.currentChanged.connect(self.schedule_save)

    def schedule_save(self, *_args) -> None:
        self._timer.start()

    def tab_built(self, key: str, page) -> None:
        """Give a newly built tab the layout saved for it, and save when it changes."""
        for layout_key, saved in self._pending_layout.pop(key, {}).items():
            page.restore_layout(layout_key, saved)
        page.layout_changed.connect(self.schedule_save)

    def forget_pending_layout(self) -> None:
        """Tabs built from now on start with their default layout."""
        self._pending_layout.clear()

    def save(self) -> None:
        """Write the state and the window layout to the settings store."""
        self._timer.stop()
        window = self._window
        settings = app_settings()
        save_state(window.state, settings)
        settings.setValue("window/geometry", window.saveGeometry())
        settings.setValue("window/size", json.dumps([window.width(), window.height()]))
        settings.setValue("window/state", window.saveState())
        for page in window.built_pages().values():
            for key, saved in page.saved_layout().items():
                settings.setValue(key, saved)
        settings.setValue("window/tab", window.current_tab_name())
        settings.sync()

    def restore(self) -> list[str]:
        """Apply the saved session field by field; returns the keys that were unusable."""
        window = self._window
        settings = app_settings()
        refused = restore_state(window.state, settings)
        geometry = saved_bytes(settings, "window/geometry")
        if geometry is None or not window.restoreGeometry(geometry):
            window.resize(*DEFAULT_SIZE)
        # restoreGeometry shrinks a window to the screen it finds; the size the user left is
        # applied as it was, as the default size is (the window manager still has a say).
        size = saved_size(settings, "window/size")
        if size is not None and not (window.isMaximized() or window.isFullScreen()):
            window.resize(*size)
        window_state = saved_bytes(settings, "window/state")
        if window_state is not None:
            window.restoreState(window_state)
        built = window.built_pages()
        for spec in TABS:
            for key in spec.layout_keys:
                saved = saved_bytes(settings, key)
                if saved is None:
                    continue
                if spec.key not in built:
                    self._pending_layout.setdefault(spec.key, {})[key] = saved
                elif not built[spec.key].restore_layout(key, saved):
                    refused.append(key)
        tab = settings.value("window/tab")
        if isinstance(tab, str):
            try:
                window.show_tab(tab)
            except KeyError:
                refused.append("window/tab")
        return refused
