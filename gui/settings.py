"""Where the application keeps what it remembers between sessions (QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION_NAME = "ActivationExplorer"
APPLICATION_NAME = "Activation Explorer"


def app_settings() -> QSettings:
    """The user's settings store (on Linux an INI file under $XDG_CONFIG_HOME)."""
    return QSettings(ORGANIZATION_NAME, APPLICATION_NAME)
