"""The sampling pipeline of a language model: the steps between logits and a drawn token.

Each step takes logits (``-inf`` for tokens already removed) and returns logits; every step
keeps at least one token. :func:`apply` runs a list of steps and returns the distribution
after each, so the order can be seen to matter: with logits [3, 2, 1, 0, -1], T = 2 and
top-p 0.9, temperature first (Hugging Face) keeps 4 tokens, temperature last (llama.cpp)
keeps 3.

Steps (name, value):

- ``temperature`` T > 0: logits / T.
- ``top_k`` k ≥ 1: keep the k most likely (ties with the k-th kept too).
- ``top_p`` in (0, 1]: keep the smallest set of most likely tokens whose mass reaches p.
- ``min_p`` in [0, 1]: keep tokens with p ≥ min_p · p_max.
- ``typical_p`` in (0, 1]: keep the tokens whose surprisal −log p is closest to the
  entropy, fewest first, until their mass reaches the value (Meister et al., 2023).
- ``repetition_penalty`` θ > 0: for tokens already seen, divide a positive logit by θ and
  multiply a negative one (Keskar et al., 2019, CTRL).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.softmax import softmax

STEPS = ("temperature", "top_k", "top_p", "min_p", "typical_p", "repetition_penalty")

# The orders and defaults each library documents (values that switch a step off included,
# so the presets show every step each one has).
PRESETS: dict[str, list[tuple[str, float]]] = {
    # transformers: the repetition penalty is a logits processor, run before the warpers,
    # which go temperature, top-k, top-p, min-p, typical-p; generate() defaults.
    "huggingface": [
        ("repetition_penalty", 1.0),
        ("temperature", 1.0),
        ("top_k", 50),
        ("top_p", 1.0),
        ("min_p", 0.0),
        ("typical_p", 1.0),
    ],
    # llama.cpp's default sampler chain: penalties, top-k, typical, top-p, min-p, then
    # temperature last; its command-line defaults.
    "llama.cpp": [
        ("repetition_penalty", 1.0),
        ("top_k", 40),
        ("typical_p", 1.0),
        ("top_p", 0.95),
        ("min_p", 0.05),
        ("temperature", 0.8),
    ],
}


@dataclass(frozen=True)
class Stage:
    """The state after one step: its name and value, the logits, the distribution, and how
    many tokens are still in."""

    step: str
    value: float
    logits: np.ndarray
    probabilities: np.ndarray
    kept: int


def _probabilities(logits: np.ndarray) -> np.ndarray:
    return softmax(logits)


def temperature(logits, value: float) -> np.ndarray:
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"temperature must be a finite number > 0, got {value!r}")
    with np.errstate(over="ignore"):
        return np.asarray(logits, dtype=np.float64) / value


def top_k(logits, value: float) -> np.ndarray:
    k = int(value)
    if k != value or k < 1:
        raise ValueError(f"top_k must be a whole number ≥ 1, got {value!r}")
    logits = np.asarray(logits, dtype=np.float64)
    if k >= logits.size:
        return logits.copy()
    threshold = np.sort(logits)[::-1][k - 1]
    return np.where(logits >= threshold, logits, -np.inf)


def _keep_mass(logits: np.ndarray, order: np.ndarray, mass: float) -> np.ndarray:
    """Keep tokens in ``order`` until their probability reaches ``mass`` (at least one)."""
    probabilities = _probabilities(logits)
    cumulative = np.cumsum(probabilities[order])
    count = int(np.searchsorted(cumulative, mass - 1e-12 * mass)) + 1
    keep = np.zeros(logits.size, dtype=bool)
    keep[order[: min(count, logits.size)]] = True
    return np.where(keep, logits, -np.inf)


def top_p(logits, value: float) -> np.ndarray:
    if not (0.0 < value <= 1.0):
        raise ValueError(f"top_p must be in (0, 1], got {value!r}")
    logits = np.asarray(logits, dtype=np.float64)
    if value == 1.0:
        return logits.copy()
    return _keep_mass(logits, np.argsort(-logits, kind="stable"), value)


def min_p(logits, value: float) -> np.ndarray:
    if not (0.0 <= value <= 1.0):
        raise ValueError(f"min_p must be in [0, 1], got {value!r}")
    logits = np.asarray(logits, dtype=np.float64)
    probabilities = _probabilities(logits)
    return np.where(probabilities >= value * probabilities.max(), logits, -np.inf)


def typical_p(logits, value: float) -> np.ndarray:
    if not (0.0 < value <= 1.0):
        raise ValueError(f"typical_p must be in (0, 1], got {value!r}")
    logits = np.asarray(logits, dtype=np.float64)
    if value == 1.0:
        return logits.copy()
    probabilities = _probabilities(logits)
    with np.errstate(divide="ignore", invalid="ignore"):
        surprisal = np.where(probabilities > 0, -np.log(probabilities), np.inf)
        entropy = float(np.sum(np.where(probabilities > 0, probabilities * surprisal, 0.0)))
    distance = np.abs(surprisal - entropy)
    return _keep_mass(logits, np.argsort(distance, kind="stable"), value)


def repetition_penalty(logits, value: float, seen=()) -> np.ndarray:
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"repetition_penalty must be a finite number > 0, got {value!r}")
    logits = np.asarray(logits, dtype=np.float64).copy()
    index = np.unique(np.asarray(list(seen), dtype=int))
    chosen = logits[index]
    logits[index] = np.where(chosen > 0, chosen / value, chosen * value)
    return logits


_FUNCTIONS = {
    "temperature": temperature,
    "top_k": top_k,
    "top_p": top_p,
    "min_p": min_p,
    "typical_p": typical_p,
}


def apply(logits, steps, seen=()) -> list[Stage]:
    """Run ``steps`` ([(name, value), …]) on ``logits``; the stage before any step first,
    then one after each. ``seen``: token indices the repetition penalty applies to."""
    current = np.asarray(logits, dtype=np.float64)
    if current.ndim != 1 or current.size == 0:
        raise ValueError("logits must be a non-empty 1-D array")
    stages = [Stage("logits", math.nan, current, _probabilities(current), current.size)]
    for name, value in steps:
        if name == "repetition_penalty":
            current = repetition_penalty(current, value, seen)
        elif name in _FUNCTIONS:
            current = _FUNCTIONS[name](current, value)
        else:
            raise ValueError(f"unknown step {name!r}; steps: {', '.join(STEPS)}")
        kept = int(np.count_nonzero(current > -np.inf))
        stages.append(Stage(name, float(value), current, _probabilities(current), kept))
    return stages


def draw(probabilities, count: int, seed: int = 0) -> np.ndarray:
    """How often each token comes up in ``count`` seeded draws from ``probabilities``."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    rng = np.random.default_rng(seed)
    tokens = rng.choice(probabilities.size, size=int(count), p=probabilities / probabilities.sum())
    return np.bincount(tokens, minlength=probabilities.size)
