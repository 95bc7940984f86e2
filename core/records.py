"""The records the registry holds: :class:`Param` and :class:`Activation`.

A record wraps a pair of pure array functions (value and derivative, from a module in
``core/families/``) with parameter handling, dtype rules and blocked evaluation. The family
modules build records; :mod:`core.activations` collects them. Neither imports the other
back: this module depends on numpy alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

# Large inputs are evaluated in blocks of this many elements. The stable forms make a dozen
# or more passes over their temporaries; a block's temporaries (128 KiB each) stay in the
# CPU's cache between passes, while those of 10⁶ points go out to memory on every pass, and
# every fresh 8 MB array costs page faults. Every function here is elementwise, so blocking
# changes no result; on 10⁶ points it makes GELU and GELU-tanh 1.7-2.5× faster.
_BLOCK_SIZE = 16384


def as_float_array(x) -> np.ndarray:
    """Return ``x`` as a float32 or float64 ndarray (anything but float32 becomes float64).

    Parameters
    ----------
    x : scalar, sequence or ndarray
        Real input. Complex input raises TypeError.
    """
    array = np.asarray(x)
    if array.dtype == np.float64 or array.dtype == np.float32:
        return array
    if np.iscomplexobj(array):
        raise TypeError("activation functions take real input, not complex")
    return array.astype(np.float64)


@dataclass(frozen=True)
class Param:
    """A real parameter of an activation.

    Attributes
    ----------
    name : str
        Keyword name, as passed to :meth:`Activation.value` (``"alpha"``).
    default : float
        Default value (PyTorch's default where PyTorch has the function).
    minimum, maximum : float
        Inclusive range of allowed values; the GUI's slider spans it.
    label : str
        Short label for display (``"α (negative slope)"``).
    """

    name: str
    default: float
    minimum: float
    maximum: float
    label: str

    def validate(self, value) -> float:
        """Return ``value`` as a float, or raise ValueError naming the allowed range."""
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"{self.name} must be a number in [{self.minimum:g}, {self.maximum:g}], "
                f"got {value!r}"
            ) from None
        if not (self.minimum <= number <= self.maximum):
            raise ValueError(
                f"{self.name} must be in [{self.minimum:g}, {self.maximum:g}], got {number!r}"
            )
        return number


@dataclass(frozen=True)
class Activation:
    """One activation function: its value, analytic derivative, parameters and formulas.

    Use :meth:`value` and :meth:`derivative`; both accept a scalar, list or ndarray of any
    shape and keyword parameters (missing ones take their defaults).
    """

    key: str
    name: str
    formula: str
    derivative_formula: str
    _value: Callable = field(repr=False)
    _derivative: Callable = field(repr=False)
    params: tuple[Param, ...] = ()
    torch_equivalent: str = ""
    group: str = ""
    # Checks that span parameters (hardtanh's min_val < max_val); returns an error or "".
    constraint: Callable[[Mapping[str, float]], str] | None = field(default=None, repr=False)
    # Whether large inputs are evaluated in cache-sized blocks (see _BLOCK_SIZE). Functions
    # that make one or two passes over the input gain nothing from it and pay the loop.
    blockwise: bool = field(default=True, repr=False)
    # (f(x), f'(x)) in one call, for functions whose value and derivative share costly work
    # (GELU's Φ); it must return exactly what the two separate functions do.
    _value_and_derivative: Callable | None = field(default=None, repr=False)
    # A function the user typed (core.custom): the formula as typed, and the stable
    # rewrites applied to it before it was compiled.
    expression: str = field(default="", repr=False)
    rewrites: tuple[str, ...] = field(default=(), repr=False)

    def defaults(self) -> dict[str, float]:
        """The default value of every parameter, by name."""
        return {param.name: param.default for param in self.params}

    def resolve(self, params: Mapping[str, object]) -> dict[str, float]:
        """Validate keyword parameters and fill in defaults.

        Raises
        ------
        ValueError
            For an unknown parameter name or a value outside its range.
        """
        known = {param.name: param for param in self.params}
        unknown = set(params) - set(known)
        if unknown:
            allowed = ", ".join(known) or "none"
            raise ValueError(
                f"{self.name} has no parameter {', '.join(sorted(unknown))} (parameters: {allowed})"
            )
        resolved = {
            name: param.validate(params[name]) if name in params else param.default
            for name, param in known.items()
        }
        if self.constraint is not None:
            problem = self.constraint(resolved)
            if problem:
                raise ValueError(f"{self.name}: {problem}")
        return resolved

    def _evaluate(self, function: Callable, x, params: Mapping[str, object]) -> np.ndarray:
        resolved = self.resolve(params)
        array = as_float_array(x)
        # Underflow to 0 is the correct result for tiny values, never an error.
        with np.errstate(under="ignore"):
            # Contiguous, because numpy's own sin or arctan may round a strided array
            # differently, and f(x) must not depend on how x is laid out.
            if array.ndim:
                contiguous = np.ascontiguousarray(array, dtype=np.float64)
            else:  # ascontiguousarray would make it 1-d
                contiguous = array.astype(np.float64, copy=False)
            if array.size <= _BLOCK_SIZE or not self.blockwise:
                result = function(contiguous, **resolved)
                return np.asarray(result, dtype=array.dtype)
            flat = contiguous.reshape(-1)
            result = np.empty(flat.shape, dtype=array.dtype)
            for start in range(0, flat.size, _BLOCK_SIZE):
                block = slice(start, start + _BLOCK_SIZE)
                result[block] = function(flat[block], **resolved)
        return result.reshape(array.shape)

    def value(self, x, **params) -> np.ndarray:
        """f(x), elementwise, with the same shape and float dtype as ``x``."""
        return self._evaluate(self._value, x, params)

    def derivative(self, x, **params) -> np.ndarray:
        """f'(x), analytic (never a finite difference), same shape and dtype as ``x``."""
        return self._evaluate(self._derivative, x, params)

    def value_and_derivative(self, x, **params) -> tuple[np.ndarray, np.ndarray]:
        """``(value(x), derivative(x))``, equal to the two calls bit for bit.

        Training needs both at every layer of every step; where the two share work (GELU
        computes Φ once instead of twice) this is the cheaper call. Large inputs go through
        the two blocked calls, where sharing saves nothing that blocking does not.
        """
        combined = self._value_and_derivative
        array = as_float_array(x)
        if combined is None or (array.size > _BLOCK_SIZE and self.blockwise):
            return self.value(array, **params), self.derivative(array, **params)
        resolved = self.resolve(params)
        with np.errstate(under="ignore"):
            if array.ndim:
                contiguous = np.ascontiguousarray(array, dtype=np.float64)
            else:
                contiguous = array.astype(np.float64, copy=False)
            value, derivative = combined(contiguous, **resolved)
        return np.asarray(value, dtype=array.dtype), np.asarray(derivative, dtype=array.dtype)

    def value_and_derivative_prepared(
        self, z: np.ndarray, params: Mapping[str, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`value_and_derivative` without the checks, for a caller that evaluates
        many arrays with the same parameters: ``z`` a C-contiguous float64 array,
        ``params`` returned by :meth:`resolve`, and the call made under
        ``np.errstate(under="ignore")``. Training calls it at every layer of every step on
        10 × 8 arrays, where the public call's checks cost as much as tanh itself."""
        if z.size > _BLOCK_SIZE and self.blockwise:
            return self.value(z, **params), self.derivative(z, **params)
        combined = self._value_and_derivative
        if combined is not None:
            value, derivative = combined(z, **params)
        else:
            value, derivative = self._value(z, **params), self._derivative(z, **params)
        return np.asarray(value, dtype=np.float64), np.asarray(derivative, dtype=np.float64)


def ordered(first: str, second: str, message: str) -> Callable[[Mapping[str, float]], str]:
    """A record's ``constraint``: ``message`` unless parameter ``first`` is below ``second``."""

    def check(params: Mapping[str, float]) -> str:
        return "" if params[first] < params[second] else message

    return check
