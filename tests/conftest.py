"""Shared test set-up: headless Qt, and settings kept away from the real user's."""

import os
import tempfile

# Must be set before any Qt module is imported: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# QSettings (and anything else following the XDG base directories) must never touch the real
# user's configuration: every test run, and every subprocess it starts, gets a fresh folder.
_CONFIG_HOME = tempfile.mkdtemp(prefix="activation-explorer-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_HOME
