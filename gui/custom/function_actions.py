"""FunctionActions: File → New function…, Import/Export functions…, and what the function
list's context menu asks for a custom function (edit, duplicate, delete)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from core import activations
from gui.custom.custom_model import MAX_FUNCTIONS, parse_definition
from gui.custom.function_editor import FunctionEditor
from gui.models import AppState

FILE_FORMAT = "activation-explorer-functions"
FILE_VERSION = 1


class FunctionActions(QObject):
    """The window's actions on the user's functions; ``message`` reports what happened."""

    message = Signal(str)

    def __init__(self, state: AppState, window: QWidget):
        super().__init__(window)
        self._state = state
        self._window = window
        self.new = self._action(
            "actionNewFunction",
            "&New function…",
            "Ctrl+N",
            "Type your own activation: its exact derivative is worked out for you",
        )
        self.new.triggered.connect(lambda: self.new_function())
        self.import_functions_action = self._action(
            "actionImportFunctions",
            "&Import functions…",
            None,
            "Add the functions of a file someone shared (.json)",
        )
        self.import_functions_action.triggered.connect(lambda: self.import_functions())
        self.export_functions_action = self._action(
            "actionExportFunctions",
            "E&xport your functions…",
            None,
            "Save your functions to a small .json file to share",
        )
        self.export_functions_action.triggered.connect(lambda: self.export_functions())
        self._show_export_enabled()
        state.custom.definitions_changed.connect(self._show_export_enabled)

    def actions(self) -> list[QAction]:
        return [self.new, self.import_functions_action, self.export_functions_action]

    # ---- the editor ------------------------------------------------------------------------

    def new_function(self, definition: dict | None = None) -> str | None:
        """Open the editor (with ``definition`` filled in); the key of the function added,
        shown and focused, or None when cancelled."""
        editor = FunctionEditor(definition, self._window)
        if editor.exec() != QDialog.DialogCode.Accepted or editor.activation is None:
            return None
        return self._add(editor.definition())

    def edit(self, key: str) -> str | None:
        """Edit custom function ``key``; returns its (possibly new) key, None if cancelled."""
        editor = FunctionEditor(self._state.custom.definition(key), self._window)
        if editor.exec() != QDialog.DialogCode.Accepted or editor.activation is None:
            return None
        functions = self._state.functions
        was_shown, was_focused = key in functions.shown, functions.focused == key
        new_key = self._state.custom.replace(key, editor.definition())
        if was_shown:
            functions.set_key_shown(new_key, True)
        if was_focused:
            functions.set_focused(new_key)
        self.message.emit(f"Updated {activations.get(new_key).name}")
        return new_key

    def duplicate(self, key: str) -> str:
        """A copy of custom function ``key`` under a free name, shown and focused."""
        definition = self._state.custom.definition(key)
        definition["name"] = self._state.custom.free_name(f"{definition['name']} copy")
        return self._add(definition)

    def delete(self, key: str, ask: bool = True) -> bool:
        """Remove custom function ``key`` (after asking, unless ``ask`` is False)."""
        name = activations.get(key).name
        if ask:
            answer = QMessageBox.question(
                self._window,
                "Delete function",
                f"Delete {name}? Its formula is not kept anywhere else unless you exported it.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._state.custom.remove(key)
        self.message.emit(f"Deleted {name}")
        return True

    def handle(self, request: str, key: str) -> None:
        """What a view asked for a custom function: "edit", "duplicate" or "delete"."""
        {"edit": self.edit, "duplicate": self.duplicate, "delete": self.delete}[request](key)

    def _add(self, definition: dict) -> str:
        key = self._state.custom.add(definition)
        self._state.functions.set_key_shown(key, True)
        self._state.functions.set_focused(key)
        self.message.emit(f"Added {activations.get(key).name} to the Custom group")
        return key

    # ---- files -----------------------------------------------------------------------------

    def export_functions(self, path: str | None = None) -> bool:
        """Write every custom function's definition to a JSON file at ``path``."""
        if path is None:
            path = self._ask_path(save=True)
            if not path:
                return False
        data = {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "functions": [dict(d) for d in self._state.custom.definitions],
        }
        try:
            Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False), "utf-8")
        except OSError as error:
            self._refuse("Could not export the functions", path, error.strerror or str(error))
            return False
        self.message.emit(f"Saved {len(data['functions'])} functions to {path}")
        return True

    def import_functions(self, path: str | None = None) -> int:
        """Add the functions of a JSON file (a name already used is replaced); returns how
        many were added, 0 when the file was refused (with the reason)."""
        if path is None:
            path = self._ask_path(save=False)
            if not path:
                return 0
        try:
            definitions = self._read(path)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self._refuse("Could not import the functions", path, reason)
            return 0
        custom = self._state.custom
        keys = {parse_definition(d).key for d in definitions}
        kept = [d for d in custom.definitions if parse_definition(d).key not in keys]
        try:
            custom.set_definitions((*kept, *definitions))
        except ValueError as error:
            self._refuse("Could not import the functions", path, str(error))
            return 0
        self.message.emit(f"Imported {len(definitions)} functions from {path}")
        return len(definitions)

    @staticmethod
    def _read(path: str) -> list[dict]:
        with open(path, encoding="utf-8") as handle:
            if len(handle.read(1_000_001)) > 1_000_000:
                raise ValueError("the file is larger than a functions file can be (1 MB)")
            handle.seek(0)
            data = json.load(handle)
        if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
            raise ValueError("not a functions file of Activation Explorer")
        functions = data.get("functions")
        if not isinstance(functions, list) or not functions:
            raise ValueError("the file holds no functions")
        if len(functions) > MAX_FUNCTIONS:
            raise ValueError(f"the file holds more than {MAX_FUNCTIONS} functions")
        for number, definition in enumerate(functions, start=1):
            try:
                parse_definition(definition)
            except ValueError as error:
                raise ValueError(f"function {number}: {error}") from None
        return functions

    def _ask_path(self, save: bool) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = folder or str(Path.home())
        if save:
            path, _chosen = QFileDialog.getSaveFileName(
                self._window,
                "Export your functions",
                str(Path(folder) / "my_activations.json"),
                "Functions (*.json)",
            )
        else:
            path, _chosen = QFileDialog.getOpenFileName(
                self._window, "Import functions", folder, "Functions (*.json);;Any file (*)"
            )
        return path

    def _refuse(self, title: str, path: str, reason: str) -> None:
        self.message.emit(f"{title}: {reason}")
        QMessageBox.warning(self._window, title, f"{path}\n\n{reason}")

    def _show_export_enabled(self, *_args) -> None:
        self.export_functions_action.setEnabled(bool(self._state.custom.definitions))

    def _action(self, name: str, text: str, shortcut, tip: str) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        self._window.addAction(action)
        return action
