"""Activation functions and their analytic derivatives, exact over the whole float64 range.

Each activation is a pair of pure array functions (value and derivative) written in the
numerically stable form: ``expit`` and a tabulated Φ instead of ``1 / (1 + exp(-x))``,
``expm1`` on a masked input, the symmetric form of a derivative (``σ(x)σ(-x)``, ``sech²``)
instead of one that cancels, and an integral of ``f''`` where ``f'`` has a root and its two
terms cancel.

The :class:`Activation` records in the registry wrap those functions with parameter handling:

>>> from core import activations
>>> elu = activations.get("elu")
>>> float(elu.value(-1.0, alpha=2.0))
-1.2642411176571153

Rules shared by every function here:

* float64 in gives float64 out, float32 in gives float32 out (computed in float64, then
  rounded once); any other input is converted to float64. A scalar gives a 0-d array.
* ``±inf`` give the mathematical limits and ``nan`` gives ``nan`` for value and derivative.
* No floating-point warning for any finite or infinite input.
* Where a derivative does not exist (the kink of the ReLU family at 0) the left-hand
  derivative is returned, as PyTorch's autograd does.
"""

from __future__ import annotations

import sys

from core._normal import normal_cdf, normal_pdf
from core.families import others, piecewise, relu_family, sigmoid_like, smooth
from core.families.relu_family import (
    elu,
    elu_derivative,
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
)
from core.families.sigmoid_like import sigmoid, sigmoid_derivative, tanh, tanh_derivative
from core.families.smooth import (
    GELU_DERIVATIVE_ROOT,
    GELU_TANH_DERIVATIVE_ROOT,
    gelu,
    gelu_derivative,
    gelu_tanh,
    gelu_tanh_derivative,
)
from core.records import Activation, Param, as_float_array

__all__ = [
    "BRIEF_KEYS",
    "GELU_DERIVATIVE_ROOT",
    "GELU_TANH_DERIVATIVE_ROOT",
    "GROUPS",
    "Activation",
    "Param",
    "all_activations",
    "as_float_array",
    "display_groups",
    "elu",
    "elu_derivative",
    "gelu",
    "gelu_derivative",
    "gelu_tanh",
    "gelu_tanh_derivative",
    "get",
    "is_custom",
    "keys",
    "leaky_relu",
    "leaky_relu_derivative",
    "normal_cdf",
    "normal_pdf",
    "register",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "unregister",
]

# The families in the order the function list shows their groups.
_FAMILIES = (sigmoid_like, relu_family, smooth, piecewise, others)
GROUPS: tuple[str, ...] = tuple(family.GROUP for family in _FAMILIES)

# The original brief's eight functions lead the display order (and the default session's
# overlays); the rest of every family follows, group by group.
BRIEF_KEYS = ("sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "gelu", "gelu_tanh")


def _build_registry() -> dict[str, Activation]:
    records = {record.key: record for family in _FAMILIES for record in family.RECORDS}
    ordered = [records[key] for key in BRIEF_KEYS]
    ordered += [record for key, record in records.items() if key not in BRIEF_KEYS]
    return {record.key: record for record in ordered}


_REGISTRY: dict[str, Activation] = _build_registry()


_BUILT_IN = frozenset(_REGISTRY)


def register(act: Activation) -> None:
    """Add a user's function (core.custom) to the registry, after the built-in ones.

    Raises
    ------
    ValueError
        If the key does not start with ``custom_`` (built-in functions are never replaced).
    """
    if not act.key.startswith("custom_") or act.key in _BUILT_IN:
        raise ValueError(f"only custom_ keys can be registered, got {act.key!r}")
    _REGISTRY[act.key] = act
    _forget_properties()


def unregister(key: str) -> None:
    """Remove a registered custom function (a built-in key raises ValueError)."""
    if key in _BUILT_IN:
        raise ValueError(f"{key!r} is built in and cannot be removed")
    _REGISTRY.pop(key, None)
    _forget_properties()


def _forget_properties() -> None:
    """A key may now name another function: drop what core.properties cached by key."""
    properties = sys.modules.get("core.properties")
    if properties is not None:
        properties.forget_cached()


def is_custom(key: str) -> bool:
    """Whether ``key`` names a function the user typed."""
    return key in _REGISTRY and key not in _BUILT_IN


def display_groups() -> tuple[str, ...]:
    """The groups in display order, with "Custom" last when the user has functions."""
    if any(is_custom(key) for key in _REGISTRY):
        return (*GROUPS, "Custom")
    return GROUPS


def keys() -> tuple[str, ...]:
    """Registry keys in display order."""
    return tuple(_REGISTRY)


def get(key: str) -> Activation:
    """The :class:`Activation` registered under ``key``.

    Raises
    ------
    KeyError
        For an unknown key; the message lists the known keys.
    """
    try:
        return _REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown activation {key!r}; known: {', '.join(_REGISTRY)}") from None


def all_activations() -> tuple[Activation, ...]:
    """Every registered activation, in display order."""
    return tuple(_REGISTRY.values())
