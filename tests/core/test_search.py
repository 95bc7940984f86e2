"""maximize_bounded: the golden-section search the first window uses instead of scipy."""

import math

import pytest

from core.search import maximize_bounded


def test_finds_an_interior_maximum_to_the_tolerance():
    calls = []

    def parabola(x):
        calls.append(x)
        return -((x - 0.3) ** 2) + 2.0

    where, value = maximize_bounded(parabola, -1.0, 1.0, tolerance=1e-10)
    # Within √ε of the top, the values are equal in float64: that is as close as any search
    # can place a smooth maximum, while the value there is exact.
    assert where == pytest.approx(0.3, abs=3e-8)
    assert value == pytest.approx(2.0, abs=1e-15)
    # Golden section: the bracket shrinks by 0.618 per evaluation.
    assert len(calls) <= math.ceil(math.log(2.0 / 1e-10) / math.log(1 / 0.618)) + 5


def test_a_maximum_at_an_end_is_found():
    where, value = maximize_bounded(lambda x: x, 2.0, 3.0)
    assert (where, value) == (3.0, 3.0)
    where, value = maximize_bounded(lambda x: -x, 2.0, 3.0)
    assert (where, value) == (2.0, -2.0)


def test_the_peak_of_the_sigmoid_slope():
    where, value = maximize_bounded(lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, -1.0, 0.5)
    assert abs(where) < 1e-7 and value == pytest.approx(0.25, rel=1e-14)


def test_stops_at_float_resolution_on_a_tiny_bracket():
    low = 1e6
    high = math.nextafter(math.nextafter(low, 2e6), 2e6)
    where, _ = maximize_bounded(lambda x: -abs(x - low), low, high, tolerance=0.0)
    assert where == low


@pytest.mark.parametrize("bounds", [(1.0, 1.0), (2.0, 1.0)])
def test_an_empty_bracket_is_refused(bounds):
    with pytest.raises(ValueError, match="low < high"):
        maximize_bounded(lambda x: x, *bounds)
