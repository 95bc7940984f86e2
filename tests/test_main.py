"""main.py as a user runs it: in a subprocess, so a crash fails one test, not the run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_main(*arguments: str, display: bool = False) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    if not display:
        environment.pop("DISPLAY", None)
        environment.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        cwd=ROOT,
    )


def test_help_documents_the_screenshot_options():
    completed = run_main("--help")
    assert completed.returncode == 0
    for option in ("--screenshot", "--tab", "--functions", "--size"):
        assert option in completed.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--tab", "nonsense"), "unknown tab 'nonsense'"),
        (("--functions", "sigmoid,swoosh"), "unknown function swoosh"),
        (("--size", "big"), "--size must look like 1400x900"),
        (("--size", "10x10"), "--size must be between"),
    ],
)
def test_bad_arguments_exit_non_zero_with_one_line(tmp_path, arguments, message):
    completed = run_main("--screenshot", str(tmp_path / "out.png"), *arguments)
    assert completed.returncode != 0
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize("name", ["out.xyz", "out", "out.pdf"])
def test_a_suffix_qt_cannot_write_is_refused_before_rendering(tmp_path, name):
    completed = run_main("--screenshot", str(tmp_path / name))
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write screenshot" in lines[0] and ".png" in lines[0]
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(("name", "qt_format"), [("shot.jpg", "jpeg"), ("shot.BMP", "bmp")])
def test_the_suffix_picks_the_format_written(tmp_path, name, qt_format):
    from PySide6.QtGui import QImageReader

    target = tmp_path / name
    completed = run_main("--screenshot", str(target), "--size", "600x400")
    assert completed.returncode == 0, completed.stderr
    # The bytes themselves say the format, whatever the name claims.
    assert bytes(QImageReader.imageFormat(str(target))).decode() == qt_format
    assert target.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n"


def test_unwritable_path_exits_non_zero_with_one_line(tmp_path):
    completed = run_main("--screenshot", str(tmp_path / "missing" / "out.png"))
    assert completed.returncode != 0
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not exist" in lines[0]


def test_opening_a_window_without_a_display_says_so():
    completed = run_main()
    assert completed.returncode != 0
    assert "no display" in completed.stderr


@pytest.mark.parametrize("tab", ["functions", "softmax", "compare", "distributions", "depth"])
def test_screenshot_of_every_tab_without_a_display(tmp_path, tab):
    from PySide6.QtGui import QImage

    target = tmp_path / f"{tab}.png"
    completed = run_main("--screenshot", str(target), "--tab", tab, "--size", "1200x800")
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1200, 800)


def test_screenshot_shows_the_requested_functions_and_leaves_settings_alone(tmp_path):
    target = tmp_path / "relu.png"
    config = tmp_path / "config"
    environment_config = {"XDG_CONFIG_HOME": str(config)}
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--screenshot",
            str(target),
            "--functions",
            "relu,elu",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**{k: v for k, v in os.environ.items() if k != "DISPLAY"}, **environment_config},
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    assert target.stat().st_size > 10_000
    assert not config.exists() or not any(config.rglob("*.conf"))


def test_unwritable_file_exits_2_with_one_line_before_rendering(tmp_path):
    # A folder without write permission stops everyone but root; nobody may create files in
    # /proc. Either must be refused up front, not after a full render.
    if os.geteuid() == 0:
        target = Path("/proc/activation-explorer-test.png")
        completed = run_main("--screenshot", str(target))
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            completed = run_main("--screenshot", str(locked / "out.png"))
        finally:
            locked.chmod(0o700)
    assert completed.returncode == 2
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "cannot write screenshot" in completed.stderr


def test_checking_a_path_leaves_no_file_behind(tmp_path):
    # The check creates the file to see that it can; it must not leave an empty one behind
    # (and must not truncate one that exists).
    from main import _check_writable

    _check_writable(tmp_path / "new.png")
    assert not (tmp_path / "new.png").exists()
    existing = tmp_path / "old.png"
    existing.write_bytes(b"kept")
    _check_writable(existing)
    assert existing.read_bytes() == b"kept"


def test_curves_keep_their_width_at_200_percent_scaling():
    """Pens are cosmetic (device pixels): at QT_SCALE_FACTOR=2 a 2 px curve must be drawn
    4 device pixels wide, or it looks like a hairline."""
    script = (
        "from gui.app import create_application\n"
        "app = create_application()\n"
        "from gui.main_window import MainWindow\n"
        "from gui.functions.curve_plots import LINE_WIDTH, FOCUSED_LINE_WIDTH\n"
        "window = MainWindow(persistent=False)\n"
        "plots = window.functions_tab.plots\n"
        "ratio = window.devicePixelRatioF()\n"
        "print(ratio, plots.curve('tanh').opts['pen'].widthF() / LINE_WIDTH,"
        " plots.curve('sigmoid').opts['pen'].widthF() / FOCUSED_LINE_WIDTH)\n"
    )
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    ratio, plain, focused = (float(word) for word in completed.stdout.split())
    assert ratio == 2.0 and plain == 2.0 and focused == 2.0
