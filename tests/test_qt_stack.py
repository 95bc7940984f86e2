"""The Qt stack works in this environment: PySide6 + pyqtgraph survive many setData calls.

PySide6 6.12.0 with pyqtgraph 0.14.0 aborts the interpreter on Python 3.11 inside
PlotDataItem.setData ("none_dealloc: deallocating None"). Running the check in a subprocess
turns such an abort into one failing test instead of a crashed test run.
"""

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    widget = pg.PlotWidget()
    curve = widget.plot(name="curve")
    widget.show()
    x = np.linspace(-6, 6, 2001)
    for step in range(400):
        curve.setData(x, np.tanh(x * (1 + step / 100)))
        if step % 50 == 0:
            app.processEvents()
    x_data, y_data = curve.getData()
    assert len(x_data) == 2001 and np.allclose(y_data, np.tanh(x * 4.99))
    print("qt stack ok")
    """
)


def test_pyside_and_pyqtgraph_survive_repeated_set_data():
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert completed.returncode == 0, (
        f"the Qt stack crashed (exit {completed.returncode}):\n{completed.stderr[-2000:]}"
    )
    assert "qt stack ok" in completed.stdout
