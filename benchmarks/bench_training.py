"""Training speed: epochs of core.training against the same loop in PyTorch.

The network is TensorFlow Playground's largest (6 hidden layers of 8 units), on 500 spiral
points (400 to train), batch 10, plain SGD, float64, PyTorch on one thread. Each row's
baseline is PyTorch's epoch, measured interleaved with ours in the same run. Without PyTorch
the rows are skipped and the table says so.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from benchmarks.bench_interaction import Row
from core import datasets, training

HIDDEN = (8,) * 6
ACTIVATIONS = ("tanh", "relu", "gelu")
REPEATS = 15
TORCH_MODULES = {"tanh": "Tanh", "relu": "ReLU", "gelu": "GELU"}


def _problem():
    X, y = datasets.make("spiral", n=500, noise=0.1, seed=0)
    return training.split(X, y, 0.8, seed=0)


def _ours(activation: str, X_train, y_train, X_test, y_test):
    network = training.Network(hidden=HIDDEN, activations=activation, seed=0)
    trainer = training.Trainer(
        network, X_train, y_train, X_test, y_test, learning_rate=0.03, batch_size=10
    )
    return trainer.run_epoch


def _torch_model(torch, activation: str):
    """The Playground network in PyTorch, float64 (its own random first weights: speed
    does not depend on them)."""
    sizes = (2, *HIDDEN, 1)
    layers = []
    for index in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[index], sizes[index + 1]).double())
        if index < len(sizes) - 2:
            layers.append(getattr(torch.nn, TORCH_MODULES[activation])())
    return torch.nn.Sequential(*layers)


def _pytorch(torch, activation: str, X_train, y_train):
    """The same epoch in PyTorch: shuffled minibatches, BCE with logits, SGD steps."""
    model = _torch_model(torch, activation)
    parameters = list(model.parameters())
    inputs = torch.from_numpy(X_train)
    targets = torch.from_numpy(y_train.astype(np.float64)).reshape(-1, 1)
    generator = torch.Generator().manual_seed(0)
    loss_function = torch.nn.functional.binary_cross_entropy_with_logits

    def epoch():
        order = torch.randperm(len(inputs), generator=generator)
        for start in range(0, len(order), 10):
            batch = order[start : start + 10]
            loss_function(model(inputs[batch]), targets[batch]).backward()
            # torch.optim's SGD step, written out: importing torch.optim pulls in its
            # compiler stack, which needs packages a CPU install may lack.
            with torch.no_grad():
                for parameter in parameters:
                    parameter -= 0.03 * parameter.grad
                    parameter.grad = None
        # The per-epoch figures our epoch also reports: train and test loss.
        with torch.no_grad():
            loss_function(model(inputs), targets).item()

    return epoch


def _boundary_row(torch, activation: str) -> Row:
    """The Train tab's boundary map: the network's outputs on a 100 x 100 grid, against
    the same forward pass in PyTorch."""
    grid = np.stack(np.meshgrid(np.linspace(-6, 6, 100), np.linspace(-6, 6, 100)), -1)
    points = grid.reshape(-1, 2)
    network = training.Network(hidden=HIDDEN, activations=activation, seed=0)
    model = _torch_model(torch, activation)
    tensor = torch.from_numpy(points)

    def theirs():
        with torch.no_grad():
            model(tensor)

    ours_ms, theirs_ms = [], []
    for _ in range(REPEATS):
        for step, times in ((lambda: network.forward(points), ours_ms), (theirs, theirs_ms)):
            start = time.perf_counter()
            step()
            times.append(1000 * (time.perf_counter() - start))
    return Row(
        f"boundary map 100x100, 6x8 {activation}",
        statistics.median(ours_ms),
        statistics.median(theirs_ms),
        "app < 5 ms",
    )


def measure() -> list[Row]:
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: the training race against it was skipped")
        return []
    torch.set_num_threads(1)
    X_train, y_train, X_test, y_test = _problem()
    rows = []
    for activation in ACTIVATIONS:
        ours = _ours(activation, X_train, y_train, X_test, y_test)
        theirs = _pytorch(torch, activation, X_train, y_train)
        ours(), theirs()  # warm up
        ours_ms, theirs_ms = [], []
        for _ in range(REPEATS):
            for step, times in ((ours, ours_ms), (theirs, theirs_ms)):
                start = time.perf_counter()
                step()
                times.append(1000 * (time.perf_counter() - start))
        rows.append(_boundary_row(torch, activation))
        target = "ratio <= 0.5" if activation == "tanh" else "ratio <= 1"
        rows.append(
            Row(
                f"train epoch 6x8 {activation} vs PyTorch",
                statistics.median(ours_ms),
                statistics.median(theirs_ms),
                target,
            )
        )
    return rows


def frame_rows() -> list[Row]:
    """Frame gaps while training, against the 16 ms frame the tab asks for."""
    rows = []
    # The 30-second run reaches thousands of epochs: what a view draws per frame must not
    # grow with the run (it did: half-second frames after a minute).
    for activation, racing, seconds in (
        ("tanh", False, 3.0),
        ("gelu", False, 3.0),
        ("tanh", True, 3.0),
        ("tanh", False, 30.0),
    ):
        median, worst = frame_gaps(activation, seconds=seconds, racing=racing)
        name = f"6x8 {activation}" + (", race of 4" if racing else "")
        if seconds > 3.0:
            name += f", {seconds:.0f} s"
        rows.append(Row(f"train tab frame gap, {name}", median, 16.0, "median"))
        rows.append(Row(f"train tab worst frame, {name}", worst, 16.0, "< 50 ms"))
    return rows


def frame_gaps(activation: str, seconds: float = 3.0, racing: bool = False) -> tuple[float, float]:
    """(median, worst) milliseconds between the Train tab's frames while it trains the 6 x 8
    network (or races four activations on it): what the window's event loop has left for
    painting and input."""
    from gui.app import freeze_startup_objects, offscreen_window

    application, window = offscreen_window("train")
    freeze_startup_objects()  # as the application does once its tabs are built
    tab = window.train_tab
    model = window.state.train
    model.set_hidden_layers(6)
    model.set_activation(activation)
    if racing:
        model.set_race_second("relu")
        model.set_race_third("leaky_relu")
        model.set_race_fourth("gelu")
        model.set_racing(True)
    stamps: list[float] = []
    original_pull = tab._pull

    def timed_pull():
        original_pull()
        application.processEvents()  # let the repaint the pull asked for happen
        stamps.append(time.perf_counter())

    tab._frame.timeout.disconnect()
    tab._frame.timeout.connect(timed_pull)
    tab.train_button.click()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        application.processEvents()
        time.sleep(0.001)
    tab.train_button.click()
    for runner in tab._runners:
        runner.wait()
    window.close()
    gaps = np.diff(stamps) * 1000
    return float(np.median(gaps)), float(gaps.max())


if __name__ == "__main__":
    from benchmarks.bench_interaction import print_table

    print_table(measure() + frame_rows())
