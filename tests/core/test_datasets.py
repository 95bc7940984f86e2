"""Generated datasets and the user's CSV files."""

import numpy as np
import pytest

from core import datasets


@pytest.mark.parametrize("name", datasets.NAMES)
def test_every_dataset_has_the_promised_shape_and_is_seeded(name):
    X, y = datasets.make(name, n=301, noise=0.2, seed=4)
    assert X.shape == (301, 2) and X.dtype == np.float64 and len(y) == 301
    assert np.all(np.isfinite(X)) and np.all(np.abs(X) < 3 * datasets.RADIUS)
    again_X, again_y = datasets.make(name, n=301, noise=0.2, seed=4)
    np.testing.assert_array_equal(X, again_X)
    np.testing.assert_array_equal(y, again_y)
    other_X, _ = datasets.make(name, n=301, noise=0.2, seed=5)
    assert not np.array_equal(X, other_X)
    if datasets.is_classification(name):
        counts = np.bincount(y)
        assert y.dtype.kind == "i" and counts.size == 2
        assert abs(int(counts[0]) - int(counts[1])) <= 1  # split evenly
    else:
        assert y.dtype == np.float64 and np.all(np.abs(y) < 2.0)


def test_noise_moves_points_off_the_clean_shape():
    clean_X, y = datasets.make("circle", n=400, noise=0.0, seed=0)
    radius = np.hypot(*clean_X.T)
    # Without noise the inner class and the outer ring never touch.
    assert radius[y == 1].max() <= 0.5 * datasets.RADIUS < 0.7 * datasets.RADIUS
    assert radius[y == 0].min() >= 0.7 * datasets.RADIUS
    noisy_X, _ = datasets.make("circle", n=400, noise=1.0, seed=0)
    noisy_radius = np.hypot(*noisy_X.T)
    assert noisy_radius[y == 1].max() > noisy_radius[y == 0].min()


def test_xor_labels_follow_the_quadrants():
    X, y = datasets.make("xor", n=200, seed=2)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))


def test_spiral_takes_three_arms():
    _, y = datasets.make("spiral", n=300, classes=3, seed=0)
    assert np.bincount(y).tolist() == [100, 100, 100]
    with pytest.raises(ValueError, match="classes"):
        datasets.make("xor", classes=3)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"name": "swirl"}, "unknown dataset 'swirl'"),
        ({"name": "xor", "n": 2}, "n must be"),
        ({"name": "xor", "n": 10**6}, "n must be"),
        ({"name": "xor", "noise": 1.5}, "noise must be"),
    ],
)
def test_bad_arguments_are_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        datasets.make(**arguments)


def test_csv_with_header_and_arbitrary_class_labels(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n0.5,1,7\n-1,2,3\n\n4,-0.25,7\n", encoding="utf-8")
    X, y = datasets.load_csv(path)
    np.testing.assert_array_equal(X, [[0.5, 1.0], [-1.0, 2.0], [4.0, -0.25]])
    assert y.tolist() == [1, 0, 1] and y.dtype.kind == "i"


def test_csv_with_fractional_labels_is_regression(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("0,0,0.5\n1,1,-0.25\n", encoding="utf-8")
    _, y = datasets.load_csv(path)
    assert y.dtype == np.float64 and y.tolist() == [0.5, -0.25]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2,0\n3,four,1\n", "line 2: expected three numbers"),
        ("x1,x2,label\n1,2,0\n3,4\n", "line 3: expected 3 columns"),
        ("1,2,0\n3,4,nan\n", "line 2: the values must be finite"),
        ("1,2,1\n3,4,1\n", "every point has label 1"),
        ("x1,x2,label\n", "no points"),
        ("", "no points"),
    ],
)
def test_bad_csv_is_refused_with_the_line(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        datasets.load_csv(path)


def test_csv_with_too_many_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "MAX_CSV_ROWS", 5)
    path = tmp_path / "big.csv"
    path.write_text("".join(f"{i},{i},{i % 2}\n" for i in range(6)), encoding="utf-8")
    with pytest.raises(ValueError, match="more than 5 rows"):
        datasets.load_csv(path)
