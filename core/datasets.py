"""Small 2-D datasets to train on, as in TensorFlow Playground, and the user's own points.

Every generator returns ``(X, y)``: ``X`` of shape (n, 2) in float64, with coordinates
roughly within [-6, 6]; ``y`` integer class labels 0..K-1 for classification or float targets
in about [-1, 1] for regression. The same name, size, noise and seed give the same points.

>>> from core import datasets
>>> X, y = datasets.make("xor", n=4, seed=1)
>>> X.shape, y.dtype.kind
((4, 2), 'i')
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

CLASSIFICATION = ("circle", "xor", "gauss", "spiral", "moons")
REGRESSION = ("plane", "wave")
NAMES = CLASSIFICATION + REGRESSION
NOISE_RANGE = (0.0, 1.0)
SIZE_RANGE = (4, 100_000)
MAX_CSV_ROWS = 100_000
RADIUS = 5.0  # the data fill a disk or square of about this radius


def is_classification(name: str) -> bool:
    """Whether dataset ``name`` has class labels (else regression targets)."""
    _check_name(name)
    return name in CLASSIFICATION


def _check_name(name: str) -> None:
    if name not in NAMES:
        raise ValueError(f"unknown dataset {name!r}; known: {', '.join(NAMES)}")


def make(
    name: str, n: int = 500, noise: float = 0.0, seed: int = 0, classes: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Points of dataset ``name``.

    Parameters
    ----------
    name : str
        One of :data:`NAMES`: circle, xor, gauss, spiral, moons (classification); plane,
        wave (regression).
    n : int, default 500
        Number of points, 4 to 100,000 (split evenly between classes).
    noise : float, default 0
        0 to 1: how far points stray from the clean shape (and, for regression, how much
        the targets are disturbed).
    seed : int, default 0
        The same seed gives the same points.
    classes : int, default 2
        Number of spiral arms (2 or 3); the other datasets have two classes.

    Raises
    ------
    ValueError
        For an unknown name or an argument outside its range.
    """
    _check_name(name)
    n = int(n)
    if not (SIZE_RANGE[0] <= n <= SIZE_RANGE[1]):
        raise ValueError(f"n must be in [{SIZE_RANGE[0]}, {SIZE_RANGE[1]:,}], got {n}")
    noise = float(noise)
    if not (NOISE_RANGE[0] <= noise <= NOISE_RANGE[1]):
        raise ValueError(f"noise must be in [{NOISE_RANGE[0]:g}, {NOISE_RANGE[1]:g}], got {noise}")
    if classes not in (2, 3) or (classes == 3 and name != "spiral"):
        raise ValueError("classes must be 2, or 3 for the spiral")
    rng = np.random.default_rng(seed)
    if name == "spiral":
        return _spiral(rng, n, noise, classes)
    return _GENERATORS[name](rng, n, noise)


def _labels(n: int, classes: int = 2) -> np.ndarray:
    """n labels, as evenly split between the classes as n allows."""
    return (np.arange(n) * classes // n).astype(np.int64)


def _circle(rng, n, noise):
    y = _labels(n)
    # Class 1 inside radius 0.5·R, class 0 in the ring from 0.7·R to R.
    radius = np.where(y == 1, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n)) * RADIUS
    angle = rng.uniform(0.0, 2.0 * math.pi, n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + rng.normal(0.0, noise * RADIUS / 5.0, X.shape), y


def _xor(rng, n, noise):
    y = _labels(n)
    # Distances from the axes keep a small gap there, where the label flips; the signs put
    # class 1 in the quadrants where x1·x2 > 0, so the classes are as even as n allows.
    distance = rng.uniform(0.3, RADIUS + 0.3, (n, 2))
    first_sign = rng.choice([-1.0, 1.0], n)
    second_sign = np.where(y == 1, first_sign, -first_sign)
    X = distance * np.column_stack([first_sign, second_sign])
    return X + rng.normal(0.0, noise * RADIUS / 5.0, X.shape), y


def _gauss(rng, n, noise):
    y = _labels(n)
    centres = np.where(y[:, None] == 1, 2.0, -2.0)
    return centres + rng.normal(0.0, 0.5 + 2.0 * noise, (n, 2)), y


def _spiral(rng, n, noise, classes):
    y = _labels(n, classes)
    t = rng.uniform(0.0, 1.0, n)
    angle = 1.75 * t * 2.0 * math.pi + y * 2.0 * math.pi / classes
    radius = t * RADIUS
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    return X + rng.normal(0.0, noise * RADIUS / 5.0, X.shape), y


def _moons(rng, n, noise):
    y = _labels(n)
    angle = rng.uniform(0.0, math.pi, n)
    upper = np.column_stack([np.cos(angle), np.sin(angle)])
    lower = np.column_stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)])
    X = np.where(y[:, None] == 1, upper, lower)
    X = (X - [0.5, 0.25]) * (RADIUS / 1.5)
    return X + rng.normal(0.0, noise * RADIUS / 5.0, X.shape), y


def _plane(rng, n, noise):
    X = rng.uniform(-RADIUS, RADIUS, (n, 2))
    target = (X[:, 0] + X[:, 1]) / (2.0 * RADIUS)
    return X, target + rng.normal(0.0, noise * 0.2, n)


def _wave(rng, n, noise):
    X = rng.uniform(-RADIUS, RADIUS, (n, 2))
    target = np.sin(X[:, 0]) * np.cos(X[:, 1])
    return X, target + rng.normal(0.0, noise * 0.2, n)


_GENERATORS = {
    "circle": _circle,
    "xor": _xor,
    "gauss": _gauss,
    "moons": _moons,
    "plane": _plane,
    "wave": _wave,
}


def load_csv(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """The user's own points from a CSV file with columns x1, x2, label.

    A header row (any text in the first row) is skipped. Labels that are all whole numbers
    are classes, renumbered 0..K-1 in increasing order (so -1/1 or 3/7 work); any other
    labels are regression targets.

    Raises
    ------
    ValueError
        For a row that is not three finite numbers (the message names its line), an empty
        file, a single class, or more than MAX_CSV_ROWS rows.
    """
    rows: list[tuple[float, float, float]] = []
    with open(path, newline="", encoding="utf-8") as handle:
        for line_number, row in enumerate(csv.reader(handle), start=1):
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != 3:
                raise ValueError(
                    f"line {line_number}: expected 3 columns (x1, x2, label), got {len(row)}"
                )
            try:
                values = tuple(float(cell) for cell in row)
            except ValueError:
                if line_number == 1 and not rows:
                    continue  # a header
                raise ValueError(
                    f"line {line_number}: expected three numbers, got {', '.join(row)}"
                ) from None
            if not all(math.isfinite(value) for value in values):
                raise ValueError(f"line {line_number}: the values must be finite numbers")
            rows.append(values)
            if len(rows) > MAX_CSV_ROWS:
                raise ValueError(f"more than {MAX_CSV_ROWS:,} rows: too many points to train on")
    if not rows:
        raise ValueError("the file holds no points")
    data = np.array(rows, dtype=np.float64)
    X, labels = data[:, :2], data[:, 2]
    if np.all(labels == np.round(labels)):
        classes, y = np.unique(labels, return_inverse=True)
        if classes.size < 2:
            raise ValueError(f"every point has label {classes[0]:g}: a classifier needs two")
        return X, y.astype(np.int64)
    return X, labels
