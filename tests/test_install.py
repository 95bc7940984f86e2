"""The app as an ordinary install runs it: a wheel built from a clean clone, installed apart
from the checkout and started from another folder.

The wheel is installed with ``--no-deps`` into a folder of its own (its dependencies come
from this environment); ``PYTHONPATH`` puts that folder first, so ``core``, ``gui`` and
``main`` are imported from the install, never from the checkout.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from gui.tabs import TAB_KEYS

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "activation-explorer"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(folder of the install, the wheel file, a working folder outside both)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout to make a clean clone")
    base = tmp_path_factory.mktemp("install")
    clone = base / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    wheels = base / "wheels"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"),
            *("--no-build-isolation", "--wheel-dir", str(wheels), str(clone)),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("*.whl")
    target = base / "site"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"),
            *("--target", str(target), str(wheel)),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    return target, wheel, elsewhere


def _environment(path_entry: Path, config: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(path_entry)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment["XDG_CONFIG_HOME"] = str(config)
    return environment


def _run(arguments, path_entry, cwd):
    return subprocess.run(
        arguments,
        cwd=cwd,
        env=_environment(path_entry, cwd / "config"),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _assert_picture(path: Path) -> None:
    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a readable image"
    assert (image.width(), image.height()) == (1400, 900)
    # A blank or failed render is one colour; a window has text, plots and controls.
    colours = {image.pixel(x, y) for x in range(0, 1400, 7) for y in range(0, 900, 7)}
    assert len(colours) > 50


def test_the_installed_program_imports_from_its_install(installed):
    target, _wheel, elsewhere = installed
    probe = _run(
        [sys.executable, "-c", "import core, gui, main; print(gui.__file__, core.__file__)"],
        target,
        elsewhere,
    )
    assert probe.returncode == 0, probe.stderr
    assert all(Path(path).is_relative_to(target) for path in probe.stdout.split())


@pytest.mark.parametrize("tab", TAB_KEYS)
def test_every_tab_renders_from_the_installed_command(installed, tab):
    target, _wheel, elsewhere = installed
    picture = elsewhere / f"{tab}.png"
    result = _run(
        [str(target / "bin" / COMMAND), "--screenshot", str(picture), "--tab", tab],
        target,
        elsewhere,
    )
    assert result.returncode == 0, result.stderr
    # Not a word on stderr: no missing resource, no Qt warning.
    assert result.stderr == ""
    _assert_picture(picture)


def test_a_zipped_install_finds_its_resources(installed):
    _target, wheel, elsewhere = installed
    picture = elsewhere / "zipped.png"
    code = (
        "import sys; from main import main; "
        f"sys.exit(main(['--screenshot', {str(picture)!r}, '--tab', 'functions']))"
    )
    result = _run([sys.executable, "-c", code], wheel, elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    _assert_picture(picture)


def test_messages_name_the_program_as_invoked(installed):
    target, _wheel, elsewhere = installed
    command = str(target / "bin" / COMMAND)
    result = _run([command, "--tab", "nope", "--screenshot", "x.png"], target, elsewhere)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{COMMAND}: error: unknown tab 'nope'")
    usage = _run([command, "--help"], target, elsewhere)
    assert usage.stdout.startswith(f"usage: {COMMAND} ")
    assert "main.py" not in usage.stdout
