"""Create the QApplication and either show the main window or render it to a PNG."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from gui.settings import APPLICATION_NAME, ORGANIZATION_NAME

# Qt's offscreen platform plugin reports this for every top-level window it cannot resize
# natively; it is a limitation of that plugin, not a problem of the application.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"
# The tabs not shown at start are built this long after the window is shown (after its
# first paint), so they are ready before anyone reaches for them.
REMAINING_TABS_DELAY_MS = 300


def _quiet_offscreen_handler(mode, context, message):
    if message.startswith(OFFSCREEN_NOISE):
        return
    sys.stderr.write(f"{message}\n")


def create_application():
    """Return the running QApplication, creating and naming it if needed."""
    import pyqtgraph as pg
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    application = QApplication.instance()
    if application is None:
        application = QApplication(sys.argv[:1])
        if application.platformName() == "offscreen":
            qInstallMessageHandler(_quiet_offscreen_handler)
    # The same look on every platform, and one whose check boxes are always drawn.
    application.setStyle("Fusion")
    application.setApplicationName(APPLICATION_NAME)
    application.setOrganizationName(ORGANIZATION_NAME)
    pg.setConfigOptions(antialias=True, background="w", foreground="k")
    return application


def offscreen_window(tab: str, size: tuple[int, int] = (1400, 900)):
    """``(application, window)``: a shown main window on ``tab`` with every tab built and
    the default settings (the user's session is neither read nor written), off screen
    unless a platform was chosen. What the benchmarks and tools/ drive."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application = create_application()
    from gui.main_window import MainWindow

    window = MainWindow(persistent=False)
    window.resize(*size)
    window.show_tab(tab)
    window.show()
    return application, window


def freeze_startup_objects() -> None:
    """Take what start-up built out of the garbage collector's full passes.

    The modules, widgets and plots built at start-up live as long as the window, and a full
    collection walked every one of them (some 90,000 objects: 20 ms with the window's event
    loop stopped, a dropped frame while training). Frozen, a full pass walks only what came
    after. Garbage is collected first, so that none of it is kept for good.
    """
    gc.collect()
    gc.freeze()


def run(
    screenshot: Path | None = None,
    tab: str | None = None,
    functions: list[str] | None = None,
    size: tuple[int, int] | None = None,
    program: str = "activation-explorer",
) -> int:
    """Run the GUI; with ``screenshot`` render once to that file and return an exit code.

    ``program`` is how the user invoked the app, for error messages.
    """
    application = create_application()
    from PySide6.QtCore import QTimer

    from gui.main_window import MainWindow
    from gui.resource_files import application_icon

    application.setWindowIcon(application_icon())
    # A screenshot shows the defaults (plus what the command line asks for), never the
    # user's saved session, and must not overwrite it.
    # Tabs are built when first shown: the first window needs only the one it shows.
    window = MainWindow(persistent=screenshot is None, lazy_tabs=True)
    if size is not None:
        window.resize(*size)
    elif screenshot is not None:
        window.resize(1400, 900)
    if functions is not None:
        window.state.functions.set_shown(functions)
        window.state.functions.set_focused(functions[0])
    if tab is not None:
        window.show_tab(tab)
    if screenshot is None:
        window.show()
        # The others follow once the first frame is on screen, a tab per event-loop turn.
        window.all_tabs_built.connect(freeze_startup_objects)
        QTimer.singleShot(REMAINING_TABS_DELAY_MS, window.build_remaining_tabs)
        return application.exec()
    return window.render_to_file(screenshot, program)
