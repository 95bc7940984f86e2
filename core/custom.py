"""Activations the user types: parsed safely, differentiated exactly, evaluated stably.

``parse("x * sigmoid(beta * x)")`` returns an :class:`~core.records.Activation` like the
built-in ones. Three stages, each guarding the next:

1. **Check** (no sympy yet): the text is parsed with Python's :mod:`ast` and every node is
   checked against a whitelist (numbers, ``x``, parameters, ``pi``, ``e``, ``+ - * / **``,
   the functions of :data:`FUNCTIONS`, comparisons inside ``where``). Length, node count,
   nesting depth and constant exponents are limited, so ``9**9**9`` or a 100,000-term sum is
   refused at once with the reason. User text never reaches ``eval``, ``exec``,
   ``sympify`` or ``parse_expr`` (which evaluate their input).
2. **Symbolic**: the checked tree is built node by node into a sympy expression of standard
   functions, and differentiated with ``sympy.diff``: f' is exact, never a finite difference.
3. **Stable numerics**: both trees are rewritten into stable equivalents before they are
   compiled to numpy (``log(1 + exp(u))`` → softplus(u), ``1/(1 + exp(-u))`` → σ(u),
   ``exp(u) - 1`` → expm1(u), ``log(1 + u)`` → log1p(u), ``1 + erf(u)`` → erfc(-u),
   ``1 - tanh(u)²`` → 1/cosh(u)², ``exp(v)·σ(-v)`` → σ(v), ``1 - σ(u)`` → σ(-u)); the
   record lists the rewrites applied. A result that is still nan for a finite input is
   evaluated again in 40-digit arithmetic (mpmath), and ±inf give the limits (``sympy.limit``).

Kinks follow the app's convention, the left-hand derivative: sympy's Heaviside and sign at
0 take the value the derivative has just left of the point.

sympy is imported on first use, never at start-up.
"""

from __future__ import annotations

import ast
import functools
import math
import re
import threading
from collections.abc import Mapping

import numpy as np

from core.records import Activation, Param

GROUP = "Custom"
KEY_PREFIX = "custom_"

MAX_LENGTH = 2000  # characters
MAX_NODES = 600  # syntax-tree nodes
MAX_DEPTH = 80  # nesting of operations and calls
MAX_EXPONENT = 1000.0  # |constant exponent|
MAX_CONSTANT = 1e300  # |any constant|, literal or computed
MAX_DERIVATIVE_SIZE = 20_000  # sympy operations in f'
MAX_NAME_LENGTH = 60
MP_DIGITS = 40  # the fallback's working precision
MAX_RESCUED = 64  # finite points per call computed again in MP_DIGITS where numpy gave nan

# Name -> number of arguments (None: two or more).
FUNCTIONS: dict[str, int | None] = {
    "exp": 1,
    "expm1": 1,
    "log": 1,
    "log1p": 1,
    "sqrt": 1,
    "abs": 1,
    "sin": 1,
    "cos": 1,
    "tan": 1,
    "tanh": 1,
    "sinh": 1,
    "cosh": 1,
    "arctan": 1,
    "erf": 1,
    "erfc": 1,
    "sigmoid": 1,
    "softplus": 1,
    "max": None,
    "min": None,
    "where": 3,
}
CONSTANTS = ("pi", "e")
RESERVED = frozenset(FUNCTIONS) | frozenset(CONSTANTS) | {"x"}
_PARAMETER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,19}")

_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_COMPARISONS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_REFUSED_OPERATORS = {
    ast.BitXor: "^ is not a power here: write x**2",
    ast.FloorDiv: "// is not allowed: write / for division",
    ast.Mod: "% is not allowed",
    ast.MatMult: "@ is not allowed",
}


class ExpressionError(ValueError):
    """A formula that cannot be used; the message says why, ``column`` (0-based, or None)
    and ``end_column`` where."""

    def __init__(self, message: str, column: int | None = None, end_column: int | None = None):
        if column is not None:
            message = f"{message} (at column {column + 1})"
        super().__init__(message)
        self.column = column
        self.end_column = end_column if end_column is not None else column


def _fail(message: str, node: ast.AST | None = None) -> ExpressionError:
    if node is None or not hasattr(node, "col_offset"):
        return ExpressionError(message)
    return ExpressionError(message, node.col_offset, getattr(node, "end_col_offset", None))


# ---- stage 1: the check ------------------------------------------------------------------


def check(expression: str) -> tuple[ast.Expression, tuple[str, ...]]:
    """The syntax tree of ``expression`` and its parameter names, in order of appearance.

    Raises
    ------
    ExpressionError
        For anything outside the grammar or the limits; the message names it and, where
        it can, the column.
    """
    if not isinstance(expression, str):
        raise ExpressionError(f"the formula must be text, got {type(expression).__name__}")
    if len(expression) > MAX_LENGTH:
        raise ExpressionError(
            f"the formula is {len(expression):,} characters long; the limit is {MAX_LENGTH:,}"
        )
    if not expression.strip():
        raise ExpressionError("type a formula in x, for example x * sigmoid(x)")
    if "\n" in expression or "\r" in expression:
        raise ExpressionError("the formula must fit on one line")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        column = None if error.offset is None else max(error.offset - 1, 0)
        reason = error.msg.replace("invalid syntax", "not a formula")
        raise ExpressionError(reason, column) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(f"the formula is nested too deeply (limit {MAX_DEPTH})") from None
    parameters: list[str] = []
    nodes = 0
    stack: list[tuple[ast.AST, int, str]] = [(tree.body, 1, "value")]
    while stack:
        node, depth, role = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise ExpressionError(
                f"the formula has more than {MAX_NODES} parts; simplify it or split it"
            )
        if depth > MAX_DEPTH:
            raise _fail(f"the formula is nested too deeply (limit {MAX_DEPTH})", node)
        # Reversed onto the stack, so the walk goes left to right: the first problem
        # reported is the leftmost, and parameters are listed as they appear.
        for child, child_role in reversed(list(_children(node, role, parameters))):
            # A long sum or product is a chain of operations, not nesting: a + b + c + …
            # counts toward the size limit, not the depth limit.
            chained = _family(child) is not None and _family(child) == _family(node)
            stack.append((child, depth if chained else depth + 1, child_role))
    return tree, tuple(parameters)


def _family(node: ast.AST) -> str | None:
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return "sum"
        if isinstance(node.op, (ast.Mult, ast.Div)):
            return "product"
    return None


def _children(node: ast.AST, role: str, parameters: list[str]):
    """Check one node; yield its children with their roles ("value" or "condition")."""
    if role == "condition":
        if not isinstance(node, ast.Compare):
            raise _fail("the first argument of where() must be a comparison such as x > 0", node)
        if len(node.ops) != 1 or not isinstance(node.ops[0], _COMPARISONS):
            raise _fail("where() compares two values with one of <, <=, >, >=", node)
        yield node.left, "value"
        yield node.comparators[0], "value"
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise _fail(f"{node.value!r} is not a number", node)
        if not abs(float(node.value)) <= MAX_CONSTANT:
            raise _fail(f"the number {node.value:g} is too large (limit {MAX_CONSTANT:g})", node)
        return
    if isinstance(node, ast.Name):
        name = node.id
        if name in FUNCTIONS:
            raise _fail(f"{name} is a function: write {name}(…)", node)
        if name not in RESERVED:
            if not _PARAMETER_NAME.fullmatch(name):
                raise _fail(f"{name!r} is not a usable parameter name", node)
            if name not in parameters:
                parameters.append(name)
        return
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise _fail("only - and + may stand before a value", node)
        yield node.operand, "value"
        return
    if isinstance(node, ast.BinOp):
        if type(node.op) in _REFUSED_OPERATORS:
            raise _fail(_REFUSED_OPERATORS[type(node.op)], node)
        if type(node.op) not in _OPERATORS:
            raise _fail("that operator is not allowed: use + - * / **", node)
        if isinstance(node.op, ast.Pow):
            _check_power(node)
        yield node.left, "value"
        yield node.right, "value"
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            called = node.func.id if isinstance(node.func, ast.Name) else "that"
            known = ", ".join(FUNCTIONS)
            raise _fail(f"{called} is not a known function (known: {known})", node)
        if node.keywords:
            raise _fail(f"{node.func.id}() takes no keyword arguments", node)
        name, arity = node.func.id, FUNCTIONS[node.func.id]
        count = len(node.args)
        if any(isinstance(argument, ast.Starred) for argument in node.args):
            raise _fail(f"{name}() takes its arguments one by one", node)
        if arity is None and count < 2:
            raise _fail(f"{name}() takes two or more arguments", node)
        if arity is not None and count != arity:
            raise _fail(f"{name}() takes {arity} argument{'s' if arity > 1 else ''}", node)
        for index, argument in enumerate(node.args):
            yield argument, "condition" if name == "where" and index == 0 else "value"
        return
    if isinstance(node, ast.Compare):
        raise _fail("a comparison can only be the first argument of where(…)", node)
    kinds = {
        ast.Attribute: "attributes (.)",
        ast.Subscript: "indexing ([ ])",
        ast.Lambda: "lambda",
        ast.BoolOp: "and/or: use where() with one comparison",
        ast.IfExp: "if/else: use where(condition, a, b)",
        ast.Tuple: "tuples",
        ast.List: "lists",
    }
    what = kinds.get(type(node), type(node).__name__)
    raise _fail(f"{what} not allowed in a formula", node)


def _check_power(node: ast.BinOp) -> None:
    """Refuse constant exponents or constant powers too large to compute: sympy would
    work out ``9**9**9`` exactly, with hundreds of millions of digits."""
    exponent = _constant(node.right)
    if exponent is not None and not abs(exponent) <= MAX_EXPONENT:
        raise _fail(f"the exponent {exponent:g} is too large (limit ±{MAX_EXPONENT:g})", node)
    base = _constant(node.left)
    if base is not None and exponent is not None:
        try:
            value = abs(base) ** exponent if base != 0 or exponent >= 0 else math.inf
        except (OverflowError, ZeroDivisionError):
            value = math.inf
        if not abs(value) <= MAX_CONSTANT:
            raise _fail(f"this power is too large (limit {MAX_CONSTANT:g})", node)


_CONSTANT_FUNCTIONS = {
    "exp": math.exp,
    "sqrt": lambda value: math.sqrt(abs(value)),
    "log": lambda value: math.log(abs(value)) if value else -math.inf,
}


def _constant(node: ast.AST) -> float | None:
    """The value of a subtree without x or parameters, in floats (inf on overflow); None if
    it depends on them. Only sizes are judged from it, never the result."""
    try:
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            return {"pi": math.pi, "e": math.e}.get(node.id)
        if isinstance(node, ast.UnaryOp):
            inner = _constant(node.operand)
            return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left, right = _constant(node.left), _constant(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Pow):
                if abs(right) > MAX_EXPONENT:
                    return math.inf
                return abs(left) ** right if left else 0.0
            return {
                ast.Add: left + right,
                ast.Sub: left - right,
                ast.Mult: left * right,
                ast.Div: left / right if right else math.inf,
            }[type(node.op)]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            arguments = [_constant(argument) for argument in node.args]
            if any(argument is None for argument in arguments):
                return None
            function = _CONSTANT_FUNCTIONS.get(node.func.id)
            return function(arguments[0]) if function and len(arguments) == 1 else 1.0
    except (OverflowError, ValueError):
        return math.inf
    return None


# ---- stage 2: the symbolic form ------------------------------------------------------------


@functools.cache
def _sympy():
    """sympy and the app's stable functions, built on first use (sympy takes ~0.5 s to import)."""
    import sympy

    class StableFunction(sympy.Function):
        """A function evaluated by one of the app's stable numpy forms."""

        numeric_name = ""

        @classmethod
        def eval(cls, *args):
            return None  # never simplified away: the point is to keep the stable form

    def stable(name: str, latex_name: str):
        def _latex(self, printer):
            inner = ", ".join(printer._print(argument) for argument in self.args)
            return rf"\operatorname{{{latex_name}}}\left({inner}\right)"

        return type(name, (StableFunction,), {"numeric_name": name, "_latex": _latex})

    functions = {
        "Sigmoid": stable("Sigmoid", "σ"),
        "Softplus": stable("Softplus", "softplus"),
        "Expm1": stable("Expm1", "expm1"),
        "Log1p": stable("Log1p", "log1p"),
        # sympy turns erfc(-u) into 2 - erfc(u), which cancels: a form it leaves alone.
        "Erfc": stable("Erfc", "erfc"),
        "Maximum": stable("Maximum", "max"),
        "Minimum": stable("Minimum", "min"),
        "LeftStep": stable("LeftStep", "H"),
        "LeftSign": stable("LeftSign", "sgn"),
    }
    return sympy, functions


def _to_sympy(tree: ast.Expression, text: str, symbols: Mapping[str, object]):
    """The checked tree as a sympy expression of standard functions."""
    sympy, _ = _sympy()
    x = symbols["x"]

    def build(node):
        if isinstance(node, ast.Constant):
            if isinstance(node.value, int):
                return sympy.Integer(node.value)
            # The decimal the user typed, exactly (1.702 is 851/500, not its binary neighbour).
            literal = ast.get_source_segment(text, node) or repr(node.value)
            try:
                return sympy.Rational(literal.replace("_", ""))
            except (TypeError, ValueError):
                return sympy.Rational(repr(node.value))
        if isinstance(node, ast.Name):
            if node.id == "pi":
                return sympy.pi
            if node.id == "e":
                return sympy.E
            return symbols[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            left, right = build(node.left), build(node.right)
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Div):
                if right == 0:
                    raise _fail("division by zero", node)
                return left / right
            return left**right
        if isinstance(node, ast.Compare):
            left, right = build(node.left), build(node.comparators[0])
            operator = {ast.Lt: sympy.Lt, ast.LtE: sympy.Le, ast.Gt: sympy.Gt, ast.GtE: sympy.Ge}
            return operator[type(node.ops[0])](left, right)
        name = node.func.id
        arguments = [build(argument) for argument in node.args]
        if name == "where":
            condition, if_true, if_false = arguments
            if condition in (sympy.true, sympy.false):
                return if_true if condition == sympy.true else if_false
            return sympy.Piecewise((if_true, condition), (if_false, True))
        if name in ("max", "min"):
            return (sympy.Max if name == "max" else sympy.Min)(*arguments)
        (u,) = arguments
        forms = {
            "exp": lambda: sympy.exp(u),
            "expm1": lambda: sympy.exp(u) - 1,
            "log": lambda: sympy.log(u),
            "log1p": lambda: sympy.log(1 + u),
            "sqrt": lambda: sympy.sqrt(u),
            "abs": lambda: sympy.Abs(u),
            "sin": lambda: sympy.sin(u),
            "cos": lambda: sympy.cos(u),
            "tan": lambda: sympy.tan(u),
            "tanh": lambda: sympy.tanh(u),
            "sinh": lambda: sympy.sinh(u),
            "cosh": lambda: sympy.cosh(u),
            "arctan": lambda: sympy.atan(u),
            "erf": lambda: sympy.erf(u),
            "erfc": lambda: sympy.erfc(u),
            "sigmoid": lambda: 1 / (1 + sympy.exp(-u)),
            "softplus": lambda: sympy.log(1 + sympy.exp(u)),
        }
        return forms[name]()

    expression = build(tree.body)
    if x not in expression.free_symbols and not expression.is_number:
        pass  # a formula in the parameters only is still a (constant) function of x
    return expression


# ---- stage 3: stable numerics --------------------------------------------------------------


class _Rewriter:
    """Rewrites a sympy tree into stable equivalents, bottom up, and remembers which."""

    def __init__(self, x):
        self.sympy, self.functions = _sympy()
        self.x = x
        self.applied: list[str] = []

    def note(self, rule: str) -> None:
        if rule not in self.applied:
            self.applied.append(rule)

    def __call__(self, expression):
        sympy = self.sympy
        if expression.is_Atom:
            return expression
        arguments = [self(argument) for argument in expression.args]
        if isinstance(expression, sympy.Piecewise):
            # Piecewise's arguments are (value, condition) pairs.
            pairs = [(self(value), condition) for value, condition in expression.args]
            return sympy.Piecewise(*pairs)
        node = expression.func(*arguments) if arguments != list(expression.args) else expression
        for rule in (
            self._log,
            self._power,
            self._sum,
            self._product,
            self._erfc,
            self._kinks,
            self._max,
        ):
            changed = rule(node)
            if changed is not None:
                return self(changed) if changed != node else changed
        return node

    def _log(self, node):
        sympy, stable = self.sympy, self.functions
        if not isinstance(node, sympy.log):
            return None
        (inner,) = node.args
        if isinstance(inner, stable["Sigmoid"]):
            self.note("log σ(u) → −softplus(−u)")
            return -stable["Softplus"](-inner.args[0])
        if isinstance(inner, sympy.Add):
            constant, rest = inner.as_coeff_Add()
            if constant == 1:
                if isinstance(rest, sympy.exp):
                    self.note("log(1 + exp(u)) → softplus(u)")
                    return stable["Softplus"](rest.args[0])
                self.note("log(1 + u) → log1p(u)")
                return stable["Log1p"](rest)
        return None

    def _power(self, node):
        """(1 + exp(v))^(-n) → σ(-v)^n."""
        sympy, stable = self.sympy, self.functions
        if not isinstance(node, sympy.Pow):
            return None
        base, exponent = node.args
        if not (exponent.is_Integer and exponent < 0 and isinstance(base, sympy.Add)):
            return None
        constant, rest = base.as_coeff_Add()
        if constant == 1 and isinstance(rest, sympy.exp):
            self.note("1/(1 + exp(−u)) → σ(u)")
            return stable["Sigmoid"](-rest.args[0]) ** (-exponent)
        return None

    def _sum(self, node):
        """c·exp(u) − c → c·expm1(u); c + c·erf(u) → c·erfc(−u); c − c·erf(u) → c·erfc(u);
        c − c·tanh²(u) → c/cosh²(u); c − c·σ(u) → c·σ(−u)."""
        sympy, stable = self.sympy, self.functions
        if not isinstance(node, sympy.Add):
            return None
        constant, _ = node.as_coeff_Add()
        if constant == 0:
            return None
        for term in node.args:
            if term.is_Number:
                continue
            coefficient, rest = term.as_coeff_Mul()
            replacement = None
            if isinstance(rest, sympy.exp) and constant == -coefficient:
                self.note("exp(u) − 1 → expm1(u)")
                replacement = coefficient * stable["Expm1"](rest.args[0])
            elif isinstance(rest, sympy.erf) and constant == coefficient:
                self.note("1 + erf(u) → erfc(−u)")
                replacement = coefficient * stable["Erfc"](-rest.args[0])
            elif isinstance(rest, sympy.erf) and constant == -coefficient:
                self.note("1 − erf(u) → erfc(u)")
                replacement = -coefficient * stable["Erfc"](rest.args[0])
            elif isinstance(rest, (sympy.erfc, stable["Erfc"])) and constant == -2 * coefficient:
                self.note("2 − erfc(u) → erfc(−u)")
                replacement = -coefficient * stable["Erfc"](-rest.args[0])
            elif (
                isinstance(rest, sympy.Pow)
                and rest.args[1] == 2
                and isinstance(rest.args[0], sympy.tanh)
                and constant == -coefficient
            ):
                self.note("1 − tanh²(u) → 1/cosh²(u)")
                replacement = constant / sympy.cosh(rest.args[0].args[0]) ** 2
            elif isinstance(rest, stable["Sigmoid"]) and constant == -coefficient:
                self.note("1 − σ(u) → σ(−u)")
                replacement = constant * stable["Sigmoid"](-rest.args[0])
            if replacement is not None:
                others = [other for other in node.args if other is not term and other != constant]
                return sympy.Add(replacement, *others)
        return None

    def _product(self, node):
        """exp(v)·σ(−v)^k → σ(v)·σ(−v)^(k−1): the exponential alone overflows."""
        sympy, stable = self.sympy, self.functions
        if not isinstance(node, sympy.Mul):
            return None
        exponentials = [factor for factor in node.args if isinstance(factor, sympy.exp)]
        for exponential in exponentials:
            v = exponential.args[0]
            for factor in node.args:
                base, power = factor.as_base_exp()
                if isinstance(base, stable["Sigmoid"]) and base.args[0] == -v and power.is_Integer:
                    if power >= 1:
                        self.note("exp(v)·σ(−v) → σ(v)")
                        rest = [f for f in node.args if f is not exponential and f is not factor]
                        return sympy.Mul(stable["Sigmoid"](v), base ** (power - 1), *rest)
        return None

    def _erfc(self, node):
        """erfc(u) as the form sympy does not rewrite (it would make erfc(-u) 2 - erfc(u))."""
        if isinstance(node, self.sympy.erfc):
            return self.functions["Erfc"](node.args[0])
        return None

    def _kinks(self, node):
        """Heaviside(g) and sign(g) at g = 0: the value just left of the point."""
        sympy, stable = self.sympy, self.functions
        if isinstance(node, sympy.Heaviside):
            g = node.args[0]
            self.note("step at 0 → left-hand value")
            return stable["LeftStep"](g, sympy.diff(g, self.x))
        if isinstance(node, sympy.sign):
            g = node.args[0]
            self.note("sign at 0 → left-hand value")
            return stable["LeftSign"](g, sympy.diff(g, self.x))
        return None

    def _max(self, node):
        sympy, stable = self.sympy, self.functions
        if isinstance(node, (sympy.Max, sympy.Min)):
            function = stable["Maximum" if isinstance(node, sympy.Max) else "Minimum"]
            result = node.args[0]
            for argument in node.args[1:]:
                result = function(result, argument)
            return result
        return None


def _left_step(g, dg):
    """Heaviside at the left-hand convention: 1 where g > 0; at g = 0, 1 if g falls there."""
    g, dg = np.broadcast_arrays(np.asarray(g, float), np.asarray(dg, float))
    at_zero = np.where(dg < 0, 1.0, 0.0)
    return np.where(g > 0, 1.0, np.where(g < 0, 0.0, np.where(np.isnan(g), np.nan, at_zero)))


def _left_sign(g, dg):
    """sign(g), and at g = 0 the sign just left of the point: -sign(g')."""
    g, dg = np.broadcast_arrays(np.asarray(g, float), np.asarray(dg, float))
    return np.where(g != 0, np.sign(g), -np.sign(dg))


def _softplus(u):
    return np.logaddexp(0.0, u)


@functools.cache
def _numeric_modules():
    from scipy import special

    from core._special import expit

    return [
        {
            "Sigmoid": expit,
            "Softplus": _softplus,
            "Expm1": np.expm1,
            "Log1p": np.log1p,
            "Erfc": special.erfc,
            "Maximum": np.maximum,
            "Minimum": np.minimum,
            "LeftStep": _left_step,
            "LeftSign": _left_sign,
            "erf": special.erf,
            "erfc": special.erfc,
        },
        "numpy",
    ]


# ---- the record ---------------------------------------------------------------------------


class _Compiled:
    """f or f' of a custom function, evaluated on float64 arrays: the stable form in numpy,
    40 digits where that gives nan at a finite point, and the limit at ±inf."""

    def __init__(self, plain, stable, x, parameters):
        sympy, _ = _sympy()
        self.plain = plain
        self.stable = stable
        self.x = x
        self.parameters = parameters
        arguments = (x, *parameters)
        self._numeric = sympy.lambdify(arguments, stable, modules=_numeric_modules())
        self._precise = sympy.lambdify(arguments, plain, modules="mpmath")
        self._limits: dict[tuple, float] = {}
        self._lock = threading.Lock()

    def __call__(self, x, **params):
        values = [params[symbol.name] for symbol in self.parameters]
        x = np.asarray(x, dtype=np.float64)
        with np.errstate(all="ignore"):
            result = np.asarray(self._numeric(x, *values), dtype=np.float64)
            result = np.array(np.broadcast_to(result, x.shape), dtype=np.float64)
        lost = np.isnan(result) & ~np.isnan(x)
        if lost.any():
            # Overflow inside a formula (inf·0) is rare and local; many nans mean points
            # outside the domain (log of a negative number), where nan is the answer and
            # 40-digit arithmetic would only cost time (20 µs a point).
            places = list(zip(*np.nonzero(lost), strict=True)) if x.ndim else [()]
            for index in places[:MAX_RESCUED] + [p for p in places if np.isinf(x[p])]:
                result[index] = self._rescue(float(x[index]), values)
        return result

    def _rescue(self, point: float, values: list[float]) -> float:
        if math.isinf(point):
            return self._limit(point, values)
        import mpmath

        try:
            with mpmath.workdps(MP_DIGITS):
                value = self._precise(mpmath.mpf(point), *(mpmath.mpf(v) for v in values))
                if isinstance(value, mpmath.mpc):
                    return math.nan
                return float(value)
        except (ArithmeticError, TypeError, ValueError):
            return math.nan

    def _limit(self, point: float, values: list[float]) -> float:
        key = (point, *values)
        with self._lock:
            if key in self._limits:
                return self._limits[key]
        result = self._numeric_limit(point, values)
        if result is None:
            result = self._symbolic_limit(point, values)
        with self._lock:
            self._limits[key] = result
        return result

    def _numeric_limit(self, point: float, values: list[float]) -> float | None:
        """The limit when the stable form already sits on it far out: the same value at
        ±1e150 and ±1e300 (σ at 1, x·σ(x) at inf); None when it does not settle."""
        side = math.copysign(1.0, point)
        with np.errstate(all="ignore"):
            far = np.asarray(self._numeric(side * np.array([1e150, 1e300]), *values), float)
        far = np.broadcast_to(far, (2,))
        if np.isnan(far).any() or far[0] != far[1]:
            return None
        return float(far[1])

    def _symbolic_limit(self, point: float, values: list[float]) -> float:
        sympy, _ = _sympy()
        if self.plain.has(sympy.sin, sympy.cos, sympy.tan):
            # Oscillating forms rarely have a limit, and sympy can take seconds to say so.
            return math.nan
        pairs = zip(self.parameters, values, strict=True)
        expression = self.plain.subs({symbol: sympy.Float(value) for symbol, value in pairs})
        try:
            limit = sympy.limit(expression, self.x, sympy.oo if point > 0 else -sympy.oo)
            result = float(limit) if limit.is_real or limit.is_infinite else math.nan
        except (NotImplementedError, TypeError, ValueError, AttributeError):
            result = math.nan
        return result


def slug(text: str) -> str:
    """A key-safe form of a name: lower case, words joined by underscores."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "_".join(words)[:40].strip("_") or "function"


def _param_spec(name: str, spec) -> Param:
    if isinstance(spec, Param):
        return spec
    if isinstance(spec, (int, float)):
        default = float(spec)
        scale = 10.0 * max(1.0, abs(default))
        minimum, maximum = -scale, scale
    else:
        try:
            default, minimum, maximum = (float(value) for value in spec)
        except (TypeError, ValueError):
            raise ExpressionError(
                f"parameter {name}: give a default, or (default, minimum, maximum)"
            ) from None
    if not all(math.isfinite(value) for value in (default, minimum, maximum)):
        raise ExpressionError(f"parameter {name}: default and range must be finite numbers")
    if not minimum <= default <= maximum or minimum == maximum:
        raise ExpressionError(
            f"parameter {name}: the default {default:g} must lie in a range "
            f"[{minimum:g}, {maximum:g}] of some width"
        )
    return Param(name, default, minimum, maximum, name)


def parse(
    expression: str,
    name: str | None = None,
    params: Mapping[str, object] | None = None,
) -> Activation:
    """An :class:`Activation` for the formula ``expression`` in ``x``.

    Parameters
    ----------
    expression : str
        The formula, e.g. ``"x * sigmoid(beta * x)"`` (grammar in the module docstring).
    name : str, optional
        The name shown in the app (default: the formula). The key is ``custom_<slug>``.
    params : mapping, optional
        Per parameter name, its default, or ``(default, minimum, maximum)``. A name in the
        formula that is not listed gets default 1 and range [-10, 10]; a listed name the
        formula does not use is dropped.

    Raises
    ------
    ExpressionError
        When the formula is outside the grammar or the limits, or its derivative is too
        large to compile.
    """
    tree, names = check(expression)
    params = dict(params or {})
    for parameter in params:
        if parameter in RESERVED or not _PARAMETER_NAME.fullmatch(str(parameter)):
            raise ExpressionError(f"{parameter!r} cannot be a parameter name")
    declared = tuple(_param_spec(n, params.get(n, 1.0)) for n in names)
    sympy, _ = _sympy()
    x = sympy.Symbol("x", real=True)
    symbols = {"x": x, **{n: sympy.Symbol(n, real=True) for n in names}}
    plain = _to_sympy(tree, expression.strip(), symbols)
    if plain.has(sympy.zoo, sympy.nan) or plain.has(sympy.I):
        raise ExpressionError("the formula is not a real number for every x")
    derivative = sympy.diff(plain, x)
    if sympy.count_ops(derivative) > MAX_DERIVATIVE_SIZE:
        raise ExpressionError("the derivative is too large to compile; simplify the formula")
    rewriter = _Rewriter(x)
    stable_value, stable_derivative = rewriter(plain), rewriter(derivative)
    parameters = tuple(symbols[n] for n in names)
    value = _Compiled(plain, stable_value, x, parameters)
    slope = _Compiled(derivative, stable_derivative, x, parameters)
    title = (name or expression).strip()[:MAX_NAME_LENGTH] or "custom"
    return Activation(
        key=KEY_PREFIX + slug(name or expression),
        name=title,
        formula="f(x) = " + sympy.latex(plain),
        derivative_formula="f'(x) = " + sympy.latex(derivative),
        _value=value,
        _derivative=slope,
        params=declared,
        group=GROUP,
        blockwise=False,
        expression=expression.strip(),
        rewrites=tuple(rewriter.applied),
    )


def torch_source(act: Activation, params: Mapping[str, float]) -> str:
    """Python source of ``act`` at ``params`` in torch operations, a function of a tensor
    ``x`` (for the Train tab's PyTorch export; autograd differentiates it there)."""
    sympy, _ = _sympy()
    stable = act._value.stable  # expm1, σ, softplus: accurate in torch too
    values = {symbol: sympy.Float(params[symbol.name]) for symbol in act._value.parameters}
    expression = stable.subs(values) if values else stable
    stable_names = {
        "Sigmoid": "torch.sigmoid",
        "Softplus": "torch.nn.functional.softplus",
        "Expm1": "torch.expm1",
        "Log1p": "torch.log1p",
        "Erfc": "torch.special.erfc",
    }
    names = {
        sympy.exp: "torch.exp",
        sympy.log: "torch.log",
        sympy.sin: "torch.sin",
        sympy.cos: "torch.cos",
        sympy.tan: "torch.tan",
        sympy.tanh: "torch.tanh",
        sympy.sinh: "torch.sinh",
        sympy.cosh: "torch.cosh",
        sympy.atan: "torch.atan",
        sympy.Abs: "torch.abs",
        sympy.erf: "torch.special.erf",
        sympy.erfc: "torch.special.erfc",
    }
    relations = {
        sympy.StrictLessThan: "<",
        sympy.LessThan: "<=",
        sympy.StrictGreaterThan: ">",
        sympy.GreaterThan: ">=",
    }

    def source(node) -> str:
        if node.is_Symbol:
            return "x"
        if node is sympy.pi:
            return "math.pi"
        if node is sympy.E:
            return "math.e"
        if node.is_number:  # a constant (sqrt(2)): torch's functions want tensors
            value = float(node)
            return repr(value) if math.isfinite(value) else f"float('{value}')"
        if node.is_Add:
            return "(" + " + ".join(source(term) for term in node.args) + ")"
        if node.is_Mul:
            return "(" + " * ".join(source(factor) for factor in node.args) + ")"
        if node.is_Pow:
            base, exponent = node.args
            if exponent == sympy.Rational(1, 2):
                return f"torch.sqrt({source(base)})"
            return f"({source(base)} ** {source(exponent)})"
        if node.func in names:
            return f"{names[node.func]}({source(node.args[0])})"
        if getattr(node.func, "numeric_name", "") in stable_names:
            return f"{stable_names[node.func.numeric_name]}({source(node.args[0])})"
        if getattr(node.func, "numeric_name", "") in ("Maximum", "Minimum"):
            first, second = (source(argument) for argument in node.args)
            picks = ">=" if node.func.numeric_name == "Maximum" else "<="
            return f"torch.where({first} {picks} {second}, {first}, {second})"
        if node.func in relations:
            left, right = node.args
            return f"({source(left)} {relations[node.func]} {source(right)})"
        if isinstance(node, (sympy.Max, sympy.Min)):
            result = source(node.args[0])
            picks = ">=" if isinstance(node, sympy.Max) else "<="
            for argument in node.args[1:]:
                other = source(argument)
                result = f"torch.where({result} {picks} {other}, {result}, {other})"
            return result
        if isinstance(node, sympy.Piecewise):
            (value, condition), (otherwise, _true) = node.args[0], node.args[-1]
            rest = sympy.Piecewise(*node.args[1:]) if len(node.args) > 2 else otherwise
            return f"torch.where({source(condition)}, {source(value)}, {source(rest)})"
        raise ValueError(f"no torch form for {node.func.__name__}")

    return source(expression)


def definition(act: Activation) -> dict:
    """What rebuilds ``act`` with :func:`parse` (the session and shared files keep this)."""
    return {
        "expression": act.expression,
        "name": act.name,
        "params": {p.name: [p.default, p.minimum, p.maximum] for p in act.params},
    }


def from_definition(data: Mapping) -> Activation:
    """The Activation a :func:`definition` describes; ExpressionError if it is not one."""
    if not isinstance(data, Mapping) or not isinstance(data.get("expression"), str):
        raise ExpressionError("a custom function needs an 'expression' text")
    name = data.get("name")
    params = data.get("params") or {}
    if not isinstance(params, Mapping):
        raise ExpressionError("'params' must map names to [default, minimum, maximum]")
    return parse(data["expression"], name if isinstance(name, str) else None, params)
