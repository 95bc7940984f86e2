"""Shared test set-up: headless Qt, and settings kept away from the real user's."""

import os
import tempfile

# Must be set before any Qt module is imported: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# QSettings (and anything else following the XDG base directories) must never touch the real
# user's configuration: every test run, and every subprocess it starts, gets a fresh folder.
_CONFIG_HOME = tempfile.mkdtemp(prefix="activation-explorer-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_HOME

# Property tests draw the same examples on every CI run (a failure there can be replayed
# exactly); on a developer's machine they keep exploring new ones.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

import pytest  # noqa: E402

from core import activations  # noqa: E402


@pytest.fixture(autouse=True)
def _registry_as_built():
    """Custom functions live in the core's registry for the whole process: each test leaves
    it as the app starts, with the 38 built-in functions only."""
    yield
    for key in activations.keys():
        if activations.is_custom(key):
            activations.unregister(key)
