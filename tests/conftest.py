"""Shared test set-up: headless Qt, and settings kept away from the real user's."""

import os

# Must be set before any Qt module is imported: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
