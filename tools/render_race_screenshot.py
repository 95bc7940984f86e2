"""Regenerate docs/screenshots/train-race.png: ReLU against Leaky ReLU, as the README tells it.

The circle, 4 hidden layers of 8 units, plain SGD at learning rate 1, weight seed 3, 150
epochs. At this rate ReLU's units die whatever the last bits of the arithmetic (at 0.7 both
functions learn); weight seed 3 is one where Leaky ReLU learns under small perturbations of
its first weights too. (With Adam at rate 1 the outcome changed with a one-ulp change of a
gradient: chaos, not a picture to keep.) Run: ``python tools/render_race_screenshot.py``.
Off screen, about ten seconds.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET = ROOT / "docs" / "screenshots" / "train-race.png"
TIMEOUT_S = 120


def main() -> None:
    from gui.app import offscreen_window

    application, window = offscreen_window("train")
    model = window.state.train
    model.set_dataset("circle")
    model.set_hidden_layers(4)
    model.set_units(8)
    model.set_activation("relu")
    model.set_optimizer("sgd")
    model.set_learning_rate(1.0)
    model.set_train_seed(3)
    model.set_max_epochs(150)
    model.set_race_second("leaky_relu")
    model.set_race_third("")
    model.set_race_fourth("")
    model.set_racing(True)
    tab = window.train_tab
    tab.train_button.click()
    deadline = time.monotonic() + TIMEOUT_S
    # The button stays checked until every runner has stopped at the epoch limit.
    while tab.train_button.isChecked() and time.monotonic() < deadline:
        application.processEvents()
        time.sleep(0.01)
    if tab.train_button.isChecked():
        sys.exit(f"the race did not finish within {TIMEOUT_S} s")
    tab.wait_idle()
    window.grab().save(str(TARGET))
    window.close()
    print(f"wrote {TARGET}")


if __name__ == "__main__":  # training runs in spawned processes, which import this module
    main()
