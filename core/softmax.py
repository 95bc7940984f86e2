"""Softmax and the quantities built on it, stable for any logits.

Every function works along the last axis of a 1-D (K,) or 2-D (N, K) array of logits ``z``
and takes a ``temperature`` T > 0: ``softmax(z, T)_i = exp(z_i / T) / Σ_j exp(z_j / T)``.

How it stays exact:

* the maximum is subtracted *before* dividing by T, so neither ``z / T`` nor ``exp`` can
  overflow; where ``z - max`` itself overflows (1e308 next to -1e308) the terms are divided
  by T first, so the log-probability stays finite whenever it is (-2.67e307 at T = 7.5),
  and the probability underflows to its correct value 0;
* the largest term contributes exactly ``exp(0) = 1`` to the normaliser, so the normaliser is
  ``1 + rest`` and its logarithm is ``log1p(rest)``: a near-certain prediction keeps a loss of
  1e-20 instead of rounding it to 0;
* ``1 - p`` for the most likely class is computed as ``rest / (1 + rest)``, which does not cancel.

Infinite logits take their limits: ``softmax([inf, 0, -inf]) = [1, 0, 0]``; several ``+inf``
share the probability equally; a row of all ``-inf`` is uniform (the limit of equal logits).
A ``nan`` anywhere in a row makes that row ``nan``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "TEMPERATURE_RANGE",
    "cross_entropy",
    "cross_entropy_grad",
    "entmax",
    "entmax_jacobian",
    "entropy",
    "jacobian",
    "log_softmax",
    "naive_softmax",
    "softmax",
    "sparsemax",
    "validate_temperature",
]


# The range the GUI offers; the functions themselves accept any finite T > 0.
TEMPERATURE_RANGE = (0.01, 100.0)


def validate_temperature(temperature) -> float:
    """Return the temperature as a float, or raise ValueError unless it is finite and > 0."""
    try:
        value = float(temperature)
    except (TypeError, ValueError):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}") from None
    if not (0.0 < value < math.inf):
        raise ValueError(f"temperature must be a finite number > 0, got {value!r}")
    return value


def _as_logits(z) -> np.ndarray:
    logits = np.asarray(z)
    if logits.dtype != np.float32:
        logits = logits.astype(np.float64)
    if logits.ndim not in (1, 2):
        raise ValueError(f"logits must be 1-D (K,) or 2-D (N, K), got shape {logits.shape}")
    if logits.shape[-1] == 0:
        raise ValueError("logits must contain at least one class")
    return logits


@dataclass(frozen=True)
class _Shifted:
    """Logits shifted by their row maximum and scaled by 1/T, with the pieces built on them."""

    shifted: np.ndarray  # (z - max) / T, every entry ≤ 0 (or nan)
    exponentials: np.ndarray  # exp(shifted); the row maximum contributes exactly 1
    rest: np.ndarray  # Σ of exponentials except one row maximum, keepdims
    argmax: np.ndarray  # index of that maximum, keepdims


def _shift(z, temperature) -> _Shifted:
    temperature = validate_temperature(temperature)
    logits = _as_logits(z).astype(np.float64, copy=False)
    row_max = np.max(logits, axis=-1, keepdims=True)
    # Rows with a +inf logit: the +inf entries share all probability, so they become 0 and
    # every finite entry -inf. Rows of only -inf: the limit of equal logits, uniform.
    positive_infinite = np.isposinf(row_max)
    all_negative_infinite = np.isneginf(row_max)
    if positive_infinite.any() or all_negative_infinite.any():
        logits = np.where(positive_infinite, np.where(np.isposinf(logits), 0.0, -np.inf), logits)
        logits = np.where(all_negative_infinite, 0.0, logits)
        row_max = np.where(positive_infinite | all_negative_infinite, 0.0, row_max)
    # A difference of two huge finite logits may overflow to -inf: exp then gives the
    # correct probability 0, so that overflow is the intended result, not an error.
    with np.errstate(over="ignore", under="ignore"):
        shifted = (logits - row_max) / temperature
        # z - max overflows for logits of opposite sign near ±1e308 although (z - max) / T
        # is finite when T > 1 (-2e308 / 7.5): there the division comes first, once per term.
        # (With T ≤ 1 the quotient overflows too, and -inf is its correct rounding.)
        overflowed = np.isneginf(shifted) & np.isfinite(logits)
        if temperature > 1.0 and overflowed.any():
            rescaled = logits / temperature - row_max / temperature
            shifted = np.where(overflowed, rescaled, shifted)
        exponentials = np.exp(shifted)
    argmax = np.argmax(logits, axis=-1, keepdims=True)
    without_max = exponentials.copy()
    np.put_along_axis(without_max, argmax, 0.0, axis=-1)
    rest = np.sum(without_max, axis=-1, keepdims=True)
    return _Shifted(shifted, exponentials, rest, argmax)


def _like_input(result, z):
    """Cast to float32 when the logits were float32."""
    return np.asarray(result, dtype=np.float32 if np.asarray(z).dtype == np.float32 else None)


def softmax(z, temperature: float = 1.0) -> np.ndarray:
    """``exp(z_i / T) / Σ_j exp(z_j / T)`` along the last axis.

    Parameters
    ----------
    z : array_like, shape (K,) or (N, K)
        Logits; any finite values (±1e308 together included), ±inf take their limits.
    temperature : float, default 1.0
        T > 0. Small T sharpens towards one-hot, large T flattens towards uniform.

    Returns
    -------
    ndarray
        Probabilities with the shape of ``z``, each row summing to 1.

    Raises
    ------
    ValueError
        If the temperature is not a finite number > 0, or ``z`` is not 1-D or 2-D.
    """
    parts = _shift(z, temperature)
    return _like_input(parts.exponentials / (1.0 + parts.rest), z)


def log_softmax(z, temperature: float = 1.0) -> np.ndarray:
    """``log softmax(z, T)``, computed as ``shifted - log1p(rest)``; -inf where p = 0 exactly."""
    parts = _shift(z, temperature)
    return _like_input(parts.shifted - np.log1p(parts.rest), z)


def _complement(parts: _Shifted) -> np.ndarray:
    """``1 - p`` without cancellation: exact for the row maximum, plain elsewhere (p ≤ 1/2)."""
    probabilities = parts.exponentials / (1.0 + parts.rest)
    complement = 1.0 - probabilities
    np.put_along_axis(complement, parts.argmax, parts.rest / (1.0 + parts.rest), axis=-1)
    return complement


def jacobian(z, temperature: float = 1.0) -> np.ndarray:
    """The softmax Jacobian ``J_ij = ∂p_i/∂z_j = p_i (δ_ij - p_j) / T``.

    Parameters
    ----------
    z : array_like, shape (K,) or (N, K)
    temperature : float, default 1.0

    Returns
    -------
    ndarray, shape (K, K) or (N, K, K)
        Symmetric, each row and column summing to 0. The diagonal ``p_i (1 - p_i) / T`` uses
        the exact complement, so it stays accurate when one class is near-certain.
    """
    parts = _shift(z, temperature)
    t = validate_temperature(temperature)
    probabilities = parts.exponentials / (1.0 + parts.rest)
    result = -probabilities[..., :, None] * probabilities[..., None, :]
    diagonal = probabilities * _complement(parts)
    index = np.arange(probabilities.shape[-1])
    result[..., index, index] = diagonal
    return _like_input(result / t, z)


def _target_indices(target, logits: np.ndarray) -> np.ndarray:
    classes = logits.shape[-1]
    message = f"target must be a class index in [0, {classes - 1}], got {target!r}"
    target_array = np.asarray(target)
    expected_shape = logits.shape[:-1]
    if target_array.shape != expected_shape:
        raise ValueError(
            f"target must have shape {expected_shape} for logits of shape {logits.shape}, "
            f"got {target_array.shape}"
        )
    if target_array.dtype == np.bool_ or not (
        np.issubdtype(target_array.dtype, np.integer)
        or np.issubdtype(target_array.dtype, np.floating)
    ):
        raise ValueError(message)
    if np.issubdtype(target_array.dtype, np.floating):
        # A whole-number float (2.0) is accepted; 1.5, nan and inf are not.
        if not np.all(np.isfinite(target_array)) or np.any(target_array != np.round(target_array)):
            raise ValueError(message)
    if np.any((target_array < 0) | (target_array >= classes)):
        raise ValueError(message)
    return target_array.astype(np.intp)[..., None]


def cross_entropy(z, target, temperature: float = 1.0):
    """Cross-entropy ``-log softmax(z, T)[target]`` in nats.

    Parameters
    ----------
    z : array_like, shape (K,) or (N, K)
    target : int or array of int, shape () or (N,)
        The true class, in [0, K).
    temperature : float, default 1.0

    Returns
    -------
    float for 1-D logits, ndarray of shape (N,) for 2-D logits.

    Raises
    ------
    ValueError
        If ``target`` is not a class index in [0, K) or the temperature is not > 0.
    """
    logits = _as_logits(z)
    indices = _target_indices(target, logits)
    log_probabilities = log_softmax(logits.astype(np.float64), temperature)
    # 0.0 - log p rather than -log p: a certain prediction has loss 0.0, not -0.0.
    loss = 0.0 - np.take_along_axis(log_probabilities, indices, axis=-1)[..., 0]
    return float(loss) if loss.ndim == 0 else loss


def cross_entropy_grad(z, target, temperature: float = 1.0) -> np.ndarray:
    """Gradient of :func:`cross_entropy` with respect to the logits: ``(p - onehot) / T``.

    The target's entry ``-(1 - p_target) / T`` uses the exact complement.
    """
    logits = _as_logits(z)
    indices = _target_indices(target, logits)
    parts = _shift(logits, temperature)
    t = validate_temperature(temperature)
    gradient = parts.exponentials / (1.0 + parts.rest)
    complement = np.take_along_axis(_complement(parts), indices, axis=-1)
    np.put_along_axis(gradient, indices, -complement, axis=-1)
    return _like_input(gradient / t, z)


def entropy(z, temperature: float = 1.0):
    """Shannon entropy ``-Σ p_i log p_i`` of ``softmax(z, T)`` in nats (0 log 0 = 0).

    Returns a float for 1-D logits and an ndarray of shape (N,) for 2-D logits.
    """
    parts = _shift(z, temperature)
    probabilities = parts.exponentials / (1.0 + parts.rest)
    log_probabilities = parts.shifted - np.log1p(parts.rest)
    # 0·log 0 is 0; mask before multiplying so that 0·(-inf) is never formed.
    safe_log = np.where(probabilities > 0.0, log_probabilities, 0.0)
    # 0.0 - Σ rather than -Σ so that a certain outcome reports 0.0, not -0.0.
    result = 0.0 - np.sum(probabilities * safe_log, axis=-1)
    return float(result) if result.ndim == 0 else result


def naive_softmax(z, temperature: float = 1.0, dtype=np.float64) -> np.ndarray:
    """The textbook ``exp(z/T) / Σ exp(z/T)`` *without* the max-shift, in ``dtype``.

    For demonstration only: it shows why :func:`softmax` shifts. Once some ``z/T`` exceeds
    about 88.7 (float32) or 709.8 (float64), ``exp`` overflows to inf and the quotient
    becomes ``inf/inf = nan``; very negative logits underflow to ``0/0 = nan`` as a whole row.
    No floating-point warning is raised: the overflow is the point being shown.

    Parameters
    ----------
    z : array_like, shape (K,)
    temperature : float, default 1.0
    dtype : numpy float type, default float64

    Returns
    -------
    ndarray of ``dtype``
    """
    temperature = validate_temperature(temperature)
    with np.errstate(all="ignore"):
        logits = np.asarray(z, dtype=np.float64).astype(dtype)
        exponentials = np.exp(logits / dtype(temperature))
        return exponentials / exponentials.sum(axis=-1, keepdims=True)


# ---- sparse alternatives: sparsemax and α-entmax ------------------------------------------
#
# α-entmax (Peters, Niculae & Martins, 2019, "Sparse Sequence-to-Sequence Models") maps
# logits to p_i = [(α - 1)·u_i - τ]_+^(1/(α - 1)) with τ the one number that makes Σ p = 1;
# α = 1 is softmax (the limit), α = 2 is sparsemax (Martins & Astudillo, 2016, "From Softmax
# to Sparsemax"). Both give exact zeros. Here u = (z - max z)/T, the softmax's own shift, so
# the largest u is 0 and τ lies in [-1, -K^(1-α)] whatever the size of the logits.


def _validate_alpha(alpha) -> float:
    try:
        value = float(alpha)
    except (TypeError, ValueError):
        raise ValueError(f"alpha must be a finite number ≥ 1, got {alpha!r}") from None
    if not (1.0 <= value < math.inf):
        raise ValueError(f"alpha must be a finite number ≥ 1, got {value!r}")
    return value


def _shifted_rows(z, temperature) -> np.ndarray:
    """(z - max)/T as a 2-D float64 array of rows (every row's maximum 0, or a nan row)."""
    shifted = _shift(z, temperature).shifted
    return np.atleast_2d(shifted)


def _sparsemax_row(u: np.ndarray) -> np.ndarray:
    """Sparsemax of one row whose maximum is 0, by sorting (Martins & Astudillo, Alg. 1)."""
    finite = np.isfinite(u)
    values = np.sort(u[finite])[::-1]
    cumulative = np.cumsum(values)
    k = np.arange(1, values.size + 1)
    support = k[1.0 + k * values > cumulative][-1]
    tau = (cumulative[support - 1] - 1.0) / support
    return np.where(finite, np.maximum(u - tau, 0.0), 0.0)


def _entmax15_row(u: np.ndarray) -> np.ndarray:
    """1.5-entmax of one row whose maximum is 0, in closed form (Peters et al., Alg. 2)."""
    finite = np.isfinite(u)
    x = u / 2.0  # (α - 1)·u
    values = np.sort(x[finite])[::-1]
    k = np.arange(1, values.size + 1)
    mean = np.cumsum(values) / k
    mean_square = np.cumsum(values * values) / k
    spread = k * (mean_square - mean * mean)
    delta = np.maximum((1.0 - spread) / k, 0.0)
    tau = mean - np.sqrt(delta)
    support = k[tau <= values][-1]
    threshold = tau[support - 1]
    return np.where(finite, np.maximum(x - threshold, 0.0) ** 2, 0.0)


def _entmax_bisect_row(u: np.ndarray, alpha: float) -> np.ndarray:
    """α-entmax of one row whose maximum is 0, τ by bisection to the last bit."""
    finite = np.isfinite(u)
    x = np.where(finite, (alpha - 1.0) * u, -np.inf)
    power = 1.0 / (alpha - 1.0)
    low, high = -1.0, -(float(np.count_nonzero(finite)) ** (1.0 - alpha))

    def mass(tau: float) -> float:
        return float(np.sum(np.maximum(x - tau, 0.0) ** power))

    for _ in range(200):
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        if mass(middle) >= 1.0:
            low = middle
        else:
            high = middle
    return np.maximum(x - low, 0.0) ** power


def entmax(z, alpha: float = 1.5, temperature: float = 1.0) -> np.ndarray:
    """α-entmax along the last axis: a softmax with exact zeros.

    ``p_i = [(α - 1)·z_i/T - τ]_+^(1/(α - 1))`` with τ such that Σ p = 1. α = 1 is
    :func:`softmax`, α = 2 :func:`sparsemax`, α = 1.5 has a closed form; other α > 1 find τ
    by bisection to full double precision. Peters, Niculae & Martins (2019).

    Parameters
    ----------
    z : array_like, shape (K,) or (N, K)
        Any finite logits (|z| up to 1e308); ±inf take their limits as in softmax.
    alpha : float, default 1.5
        α ≥ 1; larger is sparser.
    temperature : float, default 1.0

    Returns
    -------
    ndarray with the shape of ``z``; rows sum to 1, with exact zeros outside the support.
    """
    alpha = _validate_alpha(alpha)
    if alpha == 1.0:
        return softmax(z, temperature)
    rows = _shifted_rows(z, temperature)
    result = np.empty_like(rows)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for index, u in enumerate(rows):
            if np.isnan(u).any():
                result[index] = np.nan
                continue
            if alpha == 2.0:
                p = _sparsemax_row(u)
            elif alpha == 1.5:
                p = _entmax15_row(u)
            else:
                p = _entmax_bisect_row(u, alpha)
            result[index] = p / p.sum()  # the last rounding off 1
    return _like_input(result.reshape(np.shape(_as_logits(z))), z)


def sparsemax(z, temperature: float = 1.0) -> np.ndarray:
    """Sparsemax, the Euclidean projection of z/T onto the probability simplex (α-entmax
    with α = 2). Martins & Astudillo (2016): sparsemax([-2, 0, 0.5]) = [0, 0.25, 0.75]."""
    return entmax(z, 2.0, temperature)


def entmax_jacobian(z, alpha: float = 1.5, temperature: float = 1.0) -> np.ndarray:
    """∂p/∂z of α-entmax: ``(diag(s) - s sᵀ / Σs) / T`` with ``s_i = p_i^(2-α)`` on the
    support and 0 off it (α = 1 gives the softmax Jacobian, α = 2 the sparsemax one).

    Returns
    -------
    ndarray, shape (K, K) or (N, K, K)
    """
    alpha = _validate_alpha(alpha)
    if alpha == 1.0:
        return jacobian(z, temperature)
    t = validate_temperature(temperature)
    p = np.atleast_2d(entmax(z, alpha, temperature).astype(np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(p > 0.0, p ** (2.0 - alpha), 0.0)
    total = s.sum(axis=-1, keepdims=True)
    result = -s[:, :, None] * s[:, None, :] / total[:, :, None]
    index = np.arange(p.shape[-1])
    result[:, index, index] += s
    result /= t
    if np.ndim(_as_logits(z)) == 1:
        result = result[0]
    return _like_input(result, z)
