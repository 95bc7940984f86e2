"""What a restart remembers, and how garbage in the settings file is survived."""

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QAction

from gui.main_window import MainWindow
from gui.models import DEFAULT_SHOWN, DEFAULT_X_RANGE
from gui.settings import app_settings
from gui.softmax.softmax_model import DEFAULT_LOGITS
from tests.gui.conftest import find


def restart(window, qtbot):
    """Close the window as a user does and open a new one."""
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    return again


def settings_file():
    store = app_settings()
    store.sync()
    return store.fileName()


def test_a_restart_remembers_everything(window, state, qtbot):
    state.functions.set_shown(["tanh", "elu", "gelu_tanh"])
    state.functions.set_focused("elu")
    state.functions.set_param("elu", "alpha", 2.75)
    state.functions.set_param("leaky_relu", "alpha", 0.2)
    state.functions.set_x_range((-3.5, 9.0))
    state.functions.set_sample_count(5001)
    state.functions.set_log_derivative(True)
    state.functions.set_saturation_shading(False)
    state.display.set_export_scale(3.0)
    state.softmax.set_logits([1.5, -2.0, 0.25])
    state.softmax.set_label(1, "zebra")
    state.softmax.set_temperature(0.42)
    state.softmax.set_target(2)
    state.distributions.set_input_mean(-1.25)
    state.distributions.set_input_std(0.5)
    state.distributions.set_sample_size(30_000)
    state.functions.set_compare_shown(True)
    state.depth.set_depth(42)
    state.depth.set_width(64)
    state.depth.set_init(1.3)
    state.depth.set_depth_seed(7)
    window.show_tab("functions")
    window.resize(1111, 777)
    qtbot.waitUntil(lambda: window.functions_tab.splitter.width() <= 1111)
    window.functions_tab.splitter.setSizes([300, 600, 400])
    sizes = window.functions_tab.splitter.sizes()
    window.show_tab("softmax")

    again = restart(window, qtbot)
    restored = again.state
    assert restored.functions.shown == ("tanh", "elu", "gelu_tanh")
    assert restored.functions.focused == "elu"
    assert restored.functions.params("elu") == {"alpha": 2.75}
    assert restored.functions.params("leaky_relu") == {"alpha": 0.2}
    assert restored.functions.x_range == (-3.5, 9.0)
    assert restored.functions.sample_count == 5001
    assert restored.functions.log_derivative and not restored.functions.saturation_shading
    assert restored.display.export_scale == 3.0
    np.testing.assert_array_equal(restored.softmax.logits, [1.5, -2.0, 0.25])
    assert restored.softmax.labels == ("cat", "zebra", "fox")
    assert restored.softmax.temperature == 0.42 and restored.softmax.target == 2
    assert (
        restored.distributions.input_mean,
        restored.distributions.input_std,
        restored.distributions.sample_size,
    ) == (-1.25, 0.5, 30_000)
    assert restored.functions.compare_shown
    assert (
        restored.depth.depth,
        restored.depth.width,
        restored.depth.init,
        restored.depth.depth_seed,
    ) == (
        42,
        64,
        "1.3",
        7,
    )
    assert again.current_tab_name() == "softmax"
    assert (again.width(), again.height()) == (1111, 777)
    again.show_tab("functions")  # a tab that is not shown is not laid out
    qtbot.waitUntil(lambda: again.functions_tab.splitter.sizes() == sizes, timeout=2000)


def test_changes_are_saved_without_closing(window, state, qtbot):
    state.functions.set_param("prelu", "alpha", 0.6)
    qtbot.waitUntil(lambda: app_settings().value("params/prelu/alpha") == "0.6", timeout=5000)


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\xff\xfe garbage \x89PNG\r\n\x1a\n" * 50,
        b"[General]\nthis is = not = an ini file\n\x00\x01\x02",
        b"[functions]\nshown=@Invalid()\nfocused=42\n[window]\ngeometry=@ByteArray(zzzz)\n",
    ],
)
def test_garbage_in_the_settings_file_gives_defaults(window, qtbot, garbage):
    window.close()
    path = settings_file()
    with open(path, "wb") as handle:
        handle.write(garbage)
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitExposed(fresh)
    assert fresh.state.functions.shown == DEFAULT_SHOWN
    assert fresh.state.functions.x_range == DEFAULT_X_RANGE
    np.testing.assert_array_equal(fresh.state.softmax.logits, DEFAULT_LOGITS)
    assert fresh.width() > 500 and fresh.height() > 400


def test_each_bad_field_falls_back_alone(window, qtbot):
    window.close()
    store = app_settings()
    store.clear()
    good = {
        "functions/shown": json.dumps(["relu", "no_such_function"]),
        "params/elu/alpha": json.dumps(3.5),
        "softmax/temperature": json.dumps(2.0),
    }
    bad = {
        "functions/focused": json.dumps("no_such_function"),
        "view/x_range": json.dumps([5.0, 1.0]),
        "view/sample_count": json.dumps(10**9),
        "params/leaky_relu/alpha": json.dumps(99.0),
        "softmax/logits": "not json at all",
        "softmax/target": json.dumps("first"),
        "view/theme": json.dumps("neon"),
    }
    for key, value in {**good, **bad}.items():
        store.setValue(key, value)
    store.sync()
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    state = fresh.state
    assert state.functions.shown == ("relu",)
    assert state.functions.params("elu") == {"alpha": 3.5}
    assert state.softmax.temperature == 2.0
    assert state.functions.focused == "sigmoid" and state.functions.x_range == DEFAULT_X_RANGE
    assert state.functions.sample_count == 2001 and state.functions.params("leaky_relu") == {
        "alpha": 0.01
    }
    np.testing.assert_array_equal(state.softmax.logits, DEFAULT_LOGITS)
    assert state.softmax.target == 0 and state.display.theme == "system"
    assert "unusable" in fresh.statusBar().currentMessage()


def test_reset_to_defaults(window, state):
    state.functions.set_shown(["elu"])
    state.functions.set_param("elu", "alpha", 4.0)
    state.softmax.set_logits([9.0])
    state.functions.set_x_range((0.0, 1.0))
    find(window, QAction, "actionResetDefaults").trigger()
    assert state.functions.shown == DEFAULT_SHOWN and state.functions.params("elu") == {
        "alpha": 1.0
    }
    assert state.functions.x_range == DEFAULT_X_RANGE
    np.testing.assert_array_equal(state.softmax.logits, DEFAULT_LOGITS)


def test_screenshot_windows_neither_read_nor_write_the_session(window, state, qtbot):
    state.functions.set_param("elu", "alpha", 4.0)
    window.save_session()
    snapshot = MainWindow(persistent=False)
    qtbot.addWidget(snapshot)
    assert snapshot.state.functions.params("elu") == {"alpha": 1.0}
    snapshot.state.functions.set_param("elu", "alpha", 0.5)
    snapshot.close()
    assert app_settings().value("params/elu/alpha") == "4.0"


def test_settings_are_written_atomically(window, state):
    """QSettings writes a temporary file and renames it over the old one (QSaveFile): a save
    that fails halfway leaves the previous settings whole and readable.

    The failure is a file-size limit (RLIMIT_FSIZE), which binds root too, unlike
    permission bits: every write past a few bytes fails, as on a full disk.
    """
    import resource
    import signal

    store = app_settings()
    assert store.isAtomicSyncRequired()
    state.functions.set_param("elu", "alpha", 2.5)
    window.save_session()
    path = settings_file()
    before = Path(path).read_bytes()
    assert len(before) > 1000
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    # Past the limit the kernel would send SIGXFSZ, which ends the process; ignored, the
    # write fails with EFBIG instead.
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, limits[1]))
    try:
        state.functions.set_param("elu", "alpha", 4.5)
        window.save_session()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous_handler)
    # Whole, and still the previous session (QSettings' in-process cache would show 4.5).
    assert Path(path).read_bytes() == before
    assert "elu\\alpha=2.5" in before.decode()


def test_a_session_saved_by_version_0_1_0_restores(qtbot):
    """tests/gui/data holds the settings file that version 0.1.0 (one ExplorerState class)
    wrote after these very changes; every field must come back through today's models."""
    import shutil

    target = Path(settings_file())
    # Run alone, no window has written settings yet, so their folder may not exist.
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).parent / "data" / "session_written_by_0.1.0.conf", target)
    store = app_settings()
    store.sync()
    window = MainWindow()
    qtbot.addWidget(window)
    state = window.state
    functions, softmax = state.functions, state.softmax
    assert functions.shown == ("tanh", "elu", "gelu_tanh", "srelu")
    assert functions.focused == "elu"
    assert functions.params("elu") == {"alpha": 2.75}
    assert functions.params("leaky_relu") == {"alpha": 0.2}
    assert functions.params("srelu")["t_l"] == -2.0
    assert functions.params("softplus") == {"beta": 3.0, "threshold": 20.0}
    assert functions.x_range == (-3.5, 9.0) and functions.sample_count == 5001
    assert functions.log_derivative and not functions.saturation_shading
    assert functions.compare_shown
    assert state.display.theme == "dark" and state.display.export_scale == 3.0
    np.testing.assert_array_equal(softmax.logits, [1.5, -2.0, 0.25])
    assert softmax.labels == ("cat", "zebra", "fox")
    assert softmax.temperature == 0.42 and softmax.target == 2
    distributions, depth = state.distributions, state.depth
    assert (distributions.input_mean, distributions.input_std) == (-1.25, 0.5)
    assert (distributions.sample_size, distributions.sample_seed) == (30000, 17)
    assert (depth.depth, depth.width, depth.init, depth.depth_seed) == (42, 64, "1.3", 7)
    assert window.current_tab_name() == "softmax"
    assert "unusable" not in window.statusBar().currentMessage()
    # Every key that today's models of 0.1.0's tabs save was in that file: the format has
    # not moved. (Train, Precision, Gated and custom functions came later: they start at
    # defaults.)
    saved_keys = set(store.allKeys())
    keys_now = {key for key, _read, _apply in state.session_entries()}
    later = ("train/", "custom/", "precision/", "softmax/accumulator", "softmax/mapping")
    later += ("softmax/entmax_alpha", "gated/")
    assert {key for key in keys_now if not key.startswith(later)} <= saved_keys
    assert state.train.dataset == "spiral" and state.train.learning_rate == 0.03
