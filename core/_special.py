"""The logistic function and its logarithm in plain numpy.

scipy.special has both (``expit``, ``log_expit``), but importing it costs about a tenth of a
second at start-up, more than the first window's plots take to compute. The forms below are
the same stable ones scipy uses: every exponential has a non-positive argument, so nothing
overflows, and the small side of σ is formed directly rather than as ``1 - σ``.
"""

from __future__ import annotations

import numpy as np


def exp_negative_abs(x):
    """``exp(-|x|)`` in one new array (the intermediate steps reuse it: fewer fresh pages)."""
    result = np.empty_like(x, dtype=np.float64)
    np.abs(x, out=result)
    np.negative(result, out=result)
    return np.exp(result, out=result)


def sigmoid_pair(x):
    """``(σ(x), σ(-x))`` from one exponential, each to about one ulp in both tails.

    With ``e = exp(-|x|)``, the larger of the two is ``1/(1 + e)`` and the smaller ``e/(1 + e)``;
    nan gives nan in both, ``±inf`` give 0 and 1.
    """
    x = np.asarray(x, dtype=np.float64)
    small = exp_negative_abs(x)
    denominator = np.add(small, 1.0, out=np.empty_like(small))  # arrays even for 0-d input
    large = np.divide(1.0, denominator, out=np.empty_like(small))
    small /= denominator
    # Masked copies instead of two np.where: no fresh arrays, and a third of the time.
    negative = x < 0.0
    upper = large.copy()
    np.copyto(upper, small, where=negative)
    np.copyto(small, large, where=negative)
    return upper, small


def expit(x):
    """Logistic sigmoid ``σ(x) = 1/(1 + e^-x)``, accurate in both tails."""
    x = np.asarray(x, dtype=np.float64)
    numerator = exp_negative_abs(x)
    denominator = np.add(numerator, 1.0, out=np.empty_like(numerator))  # an array for 0-d
    np.copyto(numerator, 1.0, where=x >= 0.0)
    numerator /= denominator
    return numerator


def log_expit(x):
    """``log σ(x) = min(x, 0) - log1p(exp(-|x|))``: no overflow, no ``log`` of a rounded 1."""
    x = np.asarray(x, dtype=np.float64)
    correction = exp_negative_abs(x)
    np.log1p(correction, out=correction)
    result = np.minimum(x, 0.0)
    result -= correction
    return result
