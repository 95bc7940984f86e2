"""What the File menu writes: a screenshot of the window, the current tab's plots (PNG, SVG,
the clipboard) and its numbers as CSV, and the ``--screenshot`` render.

Each function takes the main window (a ``gui.main_window.MainWindow``: its current tab, state,
status bar and theme; not imported here, so the window's module imports this one and not
the other way round), asks the user for a file where it needs one, and tells
the user the outcome in the status bar (and a dialog when writing fails).
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from gui.widgets import plot_export
from gui.widgets.plot_style import DARK_PLOT

PNG_FILTER, SVG_FILTER, CSV_FILTER = (
    "PNG images (*.png)",
    "SVG drawings (*.svg)",
    "CSV files (*.csv)",
)


def suggested_path(window: QMainWindow, kind: QStandardPaths.StandardLocation, suffix: str) -> str:
    """A file name in the user's pictures or documents folder, named after the tab and time."""
    folder = QStandardPaths.writableLocation(kind) or str(Path.home())
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    return str(Path(folder) / f"activation-explorer_{window.current_tab_name()}_{stamp}.{suffix}")


def write(window: QMainWindow, path: str, data: bytes, what: str) -> bool:
    """Write ``data``; on failure tell the user the operating system's reason."""
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        reason = error.strerror or str(error)
        window.show_message(f"Could not save {what}: {reason}")
        QMessageBox.warning(window, f"Could not save {what}", f"{path}\n\n{reason}")
        return False
    window.show_message(f"Saved {what} to {path}")
    return True


def _background(window: QMainWindow) -> QColor:
    return QColor(DARK_PLOT["background"] if window.is_dark() else "white")


_PICTURES = QStandardPaths.StandardLocation.PicturesLocation
_DOCUMENTS = QStandardPaths.StandardLocation.DocumentsLocation
# What each file filter writes, by suffix.
_FILTER_SUFFIX = {PNG_FILTER: ".png", SVG_FILTER: ".svg", CSV_FILTER: ".csv"}


def _ask(window: QMainWindow, title: str, location, filters: tuple[str, ...]) -> str | None:
    """A path the user chose, ending in one of the filters' suffixes (the chosen filter's
    is added when the name has none of them), or None when the dialog was cancelled."""
    first = _FILTER_SUFFIX[filters[0]].lstrip(".")
    path, chosen = QFileDialog.getSaveFileName(
        window, title, suggested_path(window, location, first), ";;".join(filters)
    )
    if not path:
        return None
    if Path(path).suffix.lower() not in {_FILTER_SUFFIX[name] for name in filters}:
        path += _FILTER_SUFFIX.get(chosen, _FILTER_SUFFIX[filters[0]])
    return path


def save_screenshot(window: QMainWindow) -> bool:
    """Ask for a file and save the whole window as PNG; True when written."""
    path = _ask(window, "Save screenshot", _PICTURES, (PNG_FILTER,))
    if path is None:
        return False
    image = window.grab().toImage()
    return write(window, path, plot_export.png_bytes(image), "the screenshot")


def export_plot(window: QMainWindow) -> bool:
    """Ask for a file and save the current tab's plots as PNG or SVG; True when written."""
    path = _ask(window, "Export plots", _PICTURES, (PNG_FILTER, SVG_FILTER))
    if path is None:
        return False
    grid = window.current_tab().export_grid()
    if Path(path).suffix.lower() == ".svg":
        return write(window, path, plot_export.render_svg(grid), "the SVG drawing")
    image = plot_export.render_png(grid, window.state.display.export_scale, _background(window))
    return write(window, path, plot_export.png_bytes(image), "the PNG image")


def copy_plot(window: QMainWindow) -> None:
    """Put the current tab's plots on the clipboard as an image."""
    grid = window.current_tab().export_grid()
    image = plot_export.render_png(grid, 1.0, _background(window))
    QGuiApplication.clipboard().setImage(image)
    window.show_message(f"Copied a {image.width()}×{image.height()} image of the plots")


def export_csv(window: QMainWindow) -> bool:
    """Ask for a file and write the current tab's data as CSV; True when written."""
    path = _ask(window, "Export data as CSV", _DOCUMENTS, (CSV_FILTER,))
    if path is None:
        return False
    rows = window.current_tab().csv_rows()
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return write(window, path, buffer.getvalue().encode("utf-8"), f"{len(rows) - 1} rows of CSV")


def render_to_file(window: QMainWindow, path: Path, program: str = "activation-explorer") -> int:
    """Lay out, paint and save the whole window in the format its suffix names (PNG, JPEG,
    or another Qt writes); returns a process exit code."""
    window.show()
    QApplication.processEvents()
    # Only the current tab is in the picture; hidden tabs compute when first shown.
    window.current_tab().wait_idle()
    QApplication.processEvents()
    try:
        image_format = Path(path).suffix.lstrip(".") or "png"
        Path(path).write_bytes(plot_export.image_bytes(window.grab().toImage(), image_format))
    except OSError as error:
        print(f"{program}: error: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0
