"""A bounded scalar maximiser in plain Python, for the searches the first window needs.

``scipy.optimize`` takes about half a second to import; the info card and the saturation
shading each need one short bounded search when the window opens, which golden-section
search does in microseconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable

_INVERSE_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def maximize_bounded(
    function: Callable[[float], float], low: float, high: float, tolerance: float = 1e-12
) -> tuple[float, float]:
    """``(x, function(x))`` at a maximum of a unimodal ``function`` on ``[low, high]``.

    Golden-section search: each step keeps the sub-interval that must hold the maximum and
    shrinks the bracket by 0.618, until it is narrower than ``tolerance`` (absolute) or than
    a few ulp of its ends. The better of the last interior point and the two ends is returned,
    so a maximum at an end is found too.

    Parameters
    ----------
    function : callable
        Maps a float to a float; called about ``log(width / tolerance) / 0.48`` times.
    low, high : float
        The bracket, ``low < high``.
    tolerance : float
        Absolute width at which the search stops.
    """
    if not low < high:
        raise ValueError(f"need low < high, got [{low}, {high}]")
    left = high - _INVERSE_GOLDEN * (high - low)
    right = low + _INVERSE_GOLDEN * (high - low)
    left_value, right_value = function(left), function(right)
    while high - low > max(tolerance, 4 * math.ulp(max(abs(low), abs(high)))):
        if left_value >= right_value:
            high, right, right_value = right, left, left_value
            left = high - _INVERSE_GOLDEN * (high - low)
            left_value = function(left)
        else:
            low, left, left_value = left, right, right_value
            right = low + _INVERSE_GOLDEN * (high - low)
            right_value = function(right)
    candidates = [(left_value, left), (right_value, right)]
    candidates += [(function(end), end) for end in (low, high)]
    best_value, best_x = max(candidates, key=lambda pair: pair[0])
    return best_x, best_value
