"""Where the app's resources are: ``functions.json``, ``icon.svg`` and ``formulas/``.

In the checkout they sit in ``resources/`` beside ``gui/``; an installed wheel carries them
as ``gui/resources/`` (pyproject.toml maps the folder there). Both are read through
``importlib.resources``-style objects, so a zipped install works as well as a folder.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path


@lru_cache(maxsize=1)
def resource_folder():
    """The folder of resources: the installed package's, else the checkout's."""
    installed = files("gui").joinpath("resources")
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str):
    """A resource file as a Traversable (``read_bytes``, ``read_text``, ``is_file``)."""
    return resource_folder().joinpath(*parts)


def resource_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()
