"""The app in a real X window: Xvfb, main.py as a user starts it, a picture of the screen.

The picture is taken from a second process (as a screenshot tool would), so it shows what the
X server displays, not what the app believes it drew. CI installs Xvfb (.ci/run); elsewhere
the test is skipped when Xvfb is missing.
"""

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
XVFB = shutil.which("Xvfb")

if XVFB is None and os.environ.get("CI"):
    pytest.fail("CI must provide Xvfb (see .ci/run)", pytrace=False)
pytestmark = pytest.mark.skipif(XVFB is None, reason="Xvfb is not installed")

GRAB = textwrap.dedent(
    """
    import sys
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication([])
    image = app.primaryScreen().grabWindow(0).toImage()
    image.save(sys.argv[1], "PNG")
    """
)


@pytest.fixture
def x_display():
    server = subprocess.Popen(
        [XVFB, "-displayfd", "1", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        display = ":" + server.stdout.readline().strip()
        server.stdout.close()
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def _environment(display: str, config_home: Path) -> dict:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
    }
    environment.update(DISPLAY=display, XDG_CONFIG_HOME=str(config_home))
    return environment


def _distinct_colors(path: Path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        return 0
    colors = set()
    for y in range(0, image.height(), 17):
        for x in range(0, image.width(), 17):
            colors.add(image.pixel(x, y))
    return len(colors)


def test_main_opens_a_real_window_that_the_screen_shows(x_display, tmp_path):
    environment = _environment(x_display, tmp_path / "config")
    log = tmp_path / "app.log"
    with log.open("w") as log_file:
        app = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--size", "1400x900"],
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    picture = tmp_path / "screen.png"
    try:
        deadline = time.monotonic() + 60
        colors = 0
        while time.monotonic() < deadline and app.poll() is None:
            time.sleep(1.0)
            subprocess.run(
                [sys.executable, "-c", GRAB, str(picture)],
                env=environment,
                timeout=60,
                check=True,
            )
            colors = _distinct_colors(picture)
            if colors > 20:  # an empty X screen is one flat colour
                break
        assert app.poll() is None, f"the app exited early:\n{log.read_text()[-2000:]}"
        assert colors > 20, "the screen stayed empty: no window appeared"
    finally:
        app.terminate()
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
