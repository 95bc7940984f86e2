"""Cold start: ``main.py --screenshot`` wall time against a bare PySide6 + pyqtgraph window.

Both are fresh processes that import what they need, show a window off screen, paint it
and save a PNG; runs alternate so both see the same machine load.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_interaction import Row

ROOT = Path(__file__).resolve().parent.parent
BARE = textwrap.dedent(
    """
    import sys
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    widget = pg.PlotWidget()
    x = np.linspace(-6, 6, 2001)
    widget.plot(x, np.tanh(x))
    widget.resize(1400, 900)
    widget.show()
    app.processEvents()
    widget.grab().save(sys.argv[1])
    """
)
RUNS = 5


def _seconds(command: list[str]) -> float:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # As on a user's machine, modules are compiled once and then loaded from __pycache__
    # (some shells here set PYTHONDONTWRITEBYTECODE, which recompiles every module per run).
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    subprocess.run(command, check=True, env=environment, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def measure() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        app_png, bare_png = str(Path(folder) / "app.png"), str(Path(folder) / "bare.png")
        app_command = [sys.executable, str(ROOT / "main.py"), "--screenshot", app_png]
        bare_command = [sys.executable, "-c", BARE, bare_png]
        _seconds(app_command)  # warm the file cache and __pycache__ once
        _seconds(bare_command)
        app_times, bare_times = [], []
        for _ in range(RUNS):
            app_times.append(_seconds(app_command))
            bare_times.append(_seconds(bare_command))
    return [
        Row(
            "cold start to first painted window",
            1000 * statistics.median(app_times),
            1000 * statistics.median(bare_times),
            "ratio <= 1.3",
        )
    ]


if __name__ == "__main__":
    from benchmarks.bench_interaction import print_table

    print_table(measure())
