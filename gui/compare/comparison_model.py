"""ComparisonModel: one row per activation, one column per computed property."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from core import activations
from core.properties import Properties, cost_ns, describe
from gui.background import BackgroundJob
from gui.models import FunctionsModel
from gui.widgets.palette import color

YES, NO = "✓", "✗"
SORT_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def format_number(x: float) -> str:
    """Four significant digits; ±∞ as symbols; minus as a real minus sign."""
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    return f"{x:.4g}".replace("-", "−")


def format_interval(low: float, high: float, low_closed: bool, high_closed: bool) -> str:
    return (
        f"{'[' if low_closed else '('}{format_number(low)}, "
        f"{format_number(high)}{']' if high_closed else ')'}"
    )


def format_dead_region(intervals) -> str:
    if not intervals:
        return "none"
    return " ∪ ".join(
        format_interval(low, high, math.isfinite(low), math.isfinite(high))
        for low, high in intervals
    )


_ORDER_NAMES = {-1: "jumps", 0: "C⁰", 1: "C¹", math.inf: "C∞"}
_SIDES = {"both": "both sides", "left": "left only", "right": "right only", "none": "neither"}


# Where a column's definition comes from, for its header tooltip.
_TABLES = (
    "the comparison table of activation functions in Wikipedia's 'Activation function' "
    "article, which dashee87's visualizer also follows"
)
_HERE = "defined for this app and computed by core.properties from f and its exact f'"


@dataclass(frozen=True)
class Column:
    """A property column: its header, what the header's tooltip explains and where the
    definition comes from, and its cells."""

    title: str
    tip: str
    text: Callable[[Properties], str]
    sort: Callable[[Properties], object]
    detail: Callable[[Properties], str] = lambda _p: ""
    source: str = _HERE

    @property
    def header_tip(self) -> str:
        return f"{self.tip}\nDefinition: {self.source}."


def _mark(flag: bool) -> str:
    return YES if flag else NO


COLUMNS: tuple[Column, ...] = (
    Column(
        "Range",
        "Values f(x) takes over all real x. [ ] the end is reached, ( ) only approached.",
        lambda p: format_interval(
            p.range.low, p.range.high, p.range.low_attained, p.range.high_attained
        ),
        lambda p: p.range.low,
        source=_TABLES,
    ),
    Column(
        "Zero-centered",
        "Whether the mean output E[f(x)] is 0 for standard-normal input x ~ N(0, 1).",
        lambda p: _mark(p.zero_centered),
        lambda p: abs(p.mean_output),
        lambda p: f"E[f(x)] = {p.mean_output:.6g}",
        source="LeCun et al. (1998), Efficient BackProp: outputs averaging 0 speed up learning",
    ),
    Column(
        "Derivative peak",
        "The largest slope f'(x) and where it occurs (the left end of a flat top).",
        lambda p: f"{format_number(p.derivative_peak[1])} at {format_number(p.derivative_peak[0])}",
        lambda p: p.derivative_peak[1],
        lambda p: f"f'({p.derivative_peak[0]:.10g}) = {p.derivative_peak[1]:.10g}",
    ),
    Column(
        "Minimum",
        "The lowest value f reaches and where; 'none' when f only approaches its infimum.",
        lambda p: (
            "none"
            if p.minimum is None
            else f"{format_number(p.minimum[1])} at {format_number(p.minimum[0])}"
        ),
        lambda p: math.inf if p.minimum is None else p.minimum[1],
        lambda p: (
            "never attained"
            if p.minimum is None
            else f"f({p.minimum[0]:.10g}) = {p.minimum[1]:.10g}"
        ),
    ),
    Column(
        "Vanishing gradient",
        "Whether f'(x) → 0 as |x| → ∞ on both sides, so saturated units stop learning.",
        lambda p: f"{_mark(p.vanishing_gradient)} {_SIDES[p.saturating_sides]}",
        lambda p: {"both": 2, "left": 1, "right": 1, "none": 0}[p.saturating_sides],
        lambda p: f"f' → 0 on: {p.saturating_sides}",
        source="Glorot & Bengio (2010): saturated units pass back almost no gradient",
    ),
    Column(
        "Sparsity",
        "P[f(x) = 0 exactly] for x ~ N(0, 1): the share of units a layer switches off.",
        lambda p: "0" if p.sparsity == 0 else f"{100 * p.sparsity:.3g} %",
        lambda p: p.sparsity,
        source="Glorot, Bordes & Bengio (2011): exact zeros make a sparse representation",
    ),
    Column(
        "Smooth",
        "Whether f' is continuous (f is C¹). C⁰: f' jumps; C¹: f'' jumps; C∞: no jump found.",
        lambda p: f"{_mark(p.smooth)} {_ORDER_NAMES.get(p.continuity_order, '')}",
        lambda p: p.continuity_order,
        lambda p: "f' jumps at x = " + ", ".join(f"{x:.6g}" for x in p.kinks) if p.kinks else "",
        source=_TABLES + " (its 'order of continuity')",
    ),
    Column(
        "Monotonic",
        "Whether f never decreases (f'(x) ≥ 0 everywhere).",
        lambda p: _mark(p.monotonic),
        lambda p: p.monotonic,
        source=_TABLES,
    ),
    Column(
        "Identity near origin",
        "Whether f(0) = 0 and f'(0) = 1, so f(x) ≈ x for small x (helps initialisation).",
        lambda p: _mark(p.identity_near_origin),
        lambda p: p.identity_near_origin,
        source=_TABLES + " ('approximates identity near the origin')",
    ),
    Column(
        "Symmetry",
        "even: f(-x) = f(x); odd: f(-x) = -f(x); none: neither.",
        lambda p: p.symmetry,
        lambda p: p.symmetry,
    ),
    Column(
        "Derivative range",
        "The lowest and highest slope f'(x) over all real x.",
        lambda p: (
            f"{format_number(p.derivative_range[0])} to {format_number(p.derivative_range[1])}"
        ),
        lambda p: p.derivative_range[1] - p.derivative_range[0],
    ),
    Column(
        "Dead region",
        "Where f' = 0 on a whole interval: units stuck there get no gradient (dead neurons).",
        lambda p: format_dead_region(p.dead_region),
        lambda p: 0 if p.dead_region is None else 1,
        source="Maas, Hannun & Ng (2013): a ReLU unit whose input stays negative gets no gradient",
    ),
    Column(
        "Cost",
        "Measured nanoseconds per element to compute f and f' on 10⁶ points (this machine).",
        lambda p: "measuring…" if math.isnan(p.cost_ns) else f"{p.cost_ns:.3g} ns",
        lambda p: math.inf if math.isnan(p.cost_ns) else p.cost_ns,
        source="measured on this machine by core.properties.cost_ns",
    ),
)
COLUMN_TITLES = tuple(column.title for column in COLUMNS)


class ComparisonModel(QAbstractTableModel):
    """Rows follow ``activations.keys()``; every cell is computed by ``core.properties``.

    A parameter change recomputes that function's row, at once when the table is visible
    (``set_active(True)``) and otherwise when it next becomes visible. The Cost column is
    measured one function per event-loop turn, so the window never stalls.
    """

    def __init__(self, functions: FunctionsModel, parent: QObject | None = None):
        super().__init__(parent)
        self._functions = functions
        self._keys = activations.keys()
        self._rows: dict[str, Properties] = {}
        self._costs: dict[str, float] = {}
        self._stale: set[str] = set(self._keys)
        self._active = False
        self._cost_queue: list[str] = []
        # Measuring takes up to a second per function: on a worker thread, one at a time.
        self._cost_job = BackgroundJob(self)
        self._cost_job.finished.connect(self._on_cost_measured)
        functions.params_changed.connect(self._on_params_changed)
        functions.registry_changed.connect(self._on_registry_changed)

    # ---- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        key = self._keys[index.row()]
        if role == KEY_ROLE:
            return key
        facts = self.properties(key)
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(facts)
        if role == SORT_ROLE:
            return column.sort(facts)
        if role == Qt.ItemDataRole.ToolTipRole:
            detail = column.detail(facts)
            return f"{activations.get(key).name} — {column.title}: {column.tip}" + (
                f"\n{detail}" if detail else ""
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].title
            if role == Qt.ItemDataRole.ToolTipRole:
                return COLUMNS[section].header_tip
            return None
        key = self._keys[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return activations.get(key).name
        if role == Qt.ItemDataRole.DecorationRole:
            return color(key)
        if role == Qt.ItemDataRole.ToolTipRole:
            params = self._functions.params(key)
            shown = ", ".join(f"{name} = {value:g}" for name, value in params.items())
            return f"{activations.get(key).name}" + (f" with {shown}" if shown else "")
        return None

    # ---- content ---------------------------------------------------------------------------

    def key_at(self, row: int) -> str:
        return self._keys[row]

    def row_of(self, key: str) -> int:
        return self._keys.index(key)

    def properties(self, key: str) -> Properties:
        """The row's facts at the function's current parameters (computed when needed)."""
        if key in self._stale or key not in self._rows:
            self._rows[key] = describe(
                activations.get(key), measure_cost=False, **self._functions.params(key)
            )
            self._stale.discard(key)
            self._queue_cost(key)
        facts = self._rows[key]
        if math.isnan(facts.cost_ns) and key in self._costs:
            facts = self._rows[key] = replace(facts, cost_ns=self._costs[key])
        return facts

    def set_active(self, active: bool) -> None:
        """Visible tables recompute at once; hidden ones catch up when shown."""
        self._active = active
        if active and self._stale:
            stale = list(self._stale)
            for key in stale:
                self.properties(key)
            self._emit_rows(stale)
        if active:
            self._measure_next_cost()

    def _queue_cost(self, key: str) -> None:
        if key not in self._costs and key not in self._cost_queue:
            self._cost_queue.append(key)
            if self._active:
                self._measure_next_cost()

    def _measure_next_cost(self) -> None:
        if self._cost_queue and self._active and not self._cost_job.is_busy():
            key = self._cost_queue[0]
            self._cost_job.submit(lambda key=key: (key, cost_ns(key)))  # cached in core

    def _on_cost_measured(self, result) -> None:
        key, value = result
        if key in self._cost_queue:
            self._cost_queue.remove(key)
        if key not in self._keys:  # a function of the user's, deleted meanwhile
            self._measure_next_cost()
            return
        self._costs[key] = value
        self.properties(key)
        self._emit_rows([key], [len(COLUMNS) - 1])
        self._measure_next_cost()

    def costs_pending(self) -> int:
        """How many functions still wait for their cost measurement."""
        return len(self._cost_queue)

    def _emit_rows(self, keys, columns=None) -> None:
        for key in keys:
            row = self.row_of(key)
            first, last = (0, len(COLUMNS) - 1) if columns is None else (columns[0], columns[-1])
            self.dataChanged.emit(self.index(row, first), self.index(row, last))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._keys) - 1)

    def _on_registry_changed(self) -> None:
        """Rows for every registered function again: the user's may have come, changed or
        gone (their cached facts go with them)."""
        self.beginResetModel()
        self._keys = activations.keys()
        for key in [
            key
            for key in (*self._rows, *self._costs)
            if activations.is_custom(key) or key not in self._keys
        ]:
            self._rows.pop(key, None)
            self._costs.pop(key, None)
        self._stale = {key for key in self._stale if key in self._keys}
        self._stale |= {key for key in self._keys if key not in self._rows}
        self._cost_queue = [key for key in self._cost_queue if key in self._keys]
        self.endResetModel()

    def _on_params_changed(self, key: str) -> None:
        self._stale.add(key)
        if self._active:
            self.properties(key)
            self._emit_rows([key])
