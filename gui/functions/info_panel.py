"""InfoPanel: the focused function's card (formulas, range, notes) and the GELU comparison."""

from __future__ import annotations

import html
import json
from functools import lru_cache

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from core import activations
from core.search import maximize_bounded
from gui.models import FunctionsModel
from gui.resource_files import resource
from gui.widgets.formula_view import FormulaView
from gui.widgets.palette import color

NOTES_FILE = "functions.json"  # in the resource folder
NOTE_FIELDS = ("range", "intuition", "uses", "limitations", "references")
GELU_COMPARISON_SAMPLES = 2001


@lru_cache(maxsize=1)
def function_notes() -> dict[str, dict]:
    """Per-function notes from resources/functions.json, keyed by activation key."""
    return json.loads(resource(NOTES_FILE).read_text(encoding="utf-8"))


def references_html(notes: dict) -> str:
    """The card's References: the papers behind the function and its claims, small print.

    A function no paper introduced says so (``origin``) instead of citing one loosely.
    """
    parts = []
    if notes.get("origin"):
        parts.append(f"<p style='font-size:small'>{html.escape(notes['origin'])}</p>")
    if notes["references"]:
        items = "".join(f"<li>{html.escape(reference)}</li>" for reference in notes["references"])
        parts.append(f"<ol style='margin-left:-20px; font-size:small'>{items}</ol>")
    return "".join(parts)


def gelu_difference(x: np.ndarray) -> tuple[float, float]:
    """``(x, |GELU(x) - GELU_tanh(x)|)`` at the largest difference on the interval of ``x``.

    The sample maximum is refined by a golden-section search between its neighbours.
    """
    exact, approximate = activations.get("gelu"), activations.get("gelu_tanh")

    def difference(points):
        return np.abs(exact.value(points) - approximate.value(points))

    values = difference(x)
    index = int(np.argmax(values))
    best_x, best = float(x[index]), float(values[index])
    low, high = float(x[max(index - 1, 0)]), float(x[min(index + 1, x.size - 1)])
    if low < high:
        refined_x, refined = maximize_bounded(
            lambda point: float(difference(point)), low, high, tolerance=1e-10
        )
        if refined > best:
            best_x, best = refined_x, refined
    return best_x, best


class InfoPanel(QScrollArea):
    """Card for the focused function, rebuilt from the registry and resources/functions.json."""

    def __init__(self, functions: FunctionsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("infoPanel")
        self._functions = functions
        self._dark = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(6)
        self.title = QLabel(body)
        self.title.setObjectName("infoTitle")
        # Focus can rest on a function that is not drawn (the keyboard moves it through the
        # list without ticking); the card says so rather than describe a curve not on screen.
        self.hidden_note = QLabel("Not drawn: tick it in the list to see its curves.", body)
        self.hidden_note.setObjectName("infoHiddenNote")
        self.hidden_note.setWordWrap(True)
        self.formula = FormulaView(body)
        self.formula.setObjectName("infoFormula")
        self.derivative_formula = FormulaView(body)
        self.derivative_formula.setObjectName("infoDerivativeFormula")
        self.details = QLabel(body)
        self.details.setObjectName("infoDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.gelu_comparison = QLabel(body)
        self.gelu_comparison.setObjectName("geluComparison")
        self.gelu_comparison.setWordWrap(True)
        self.gelu_comparison.setFrameShape(QFrame.Shape.StyledPanel)
        self.gelu_comparison.setToolTip(
            "Shown while both GELU and GELU (tanh) are drawn: how far the approximation "
            "strays on the plotted interval"
        )
        for widget in (
            self.title,
            self.hidden_note,
            self.formula,
            self.derivative_formula,
            self.details,
        ):
            layout.addWidget(widget)
        layout.addWidget(self.gelu_comparison)
        layout.addStretch(1)
        self.setWidget(body)

        self._on_focused_changed(functions.focused)
        self._update_gelu_comparison()
        functions.focused_changed.connect(self._on_focused_changed)
        functions.shown_changed.connect(self._on_shown_changed)
        functions.x_range_changed.connect(self._on_x_range_changed)
        # An edited function of the user's keeps its key: its card is made again.
        functions.registry_changed.connect(
            lambda: self._on_focused_changed(self._functions.focused)
        )

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self._on_focused_changed(self._functions.focused)

    def _on_focused_changed(self, key: str) -> None:
        activation = activations.get(key)
        if activations.is_custom(key):
            self._show_custom(key)
            return
        notes = function_notes()[key]
        self._show_heading(key)

        def bullets(items):
            return "".join(f"<li>{html.escape(item)}</li>" for item in items)

        self.details.setText(
            f"<p><b>Range</b> {html.escape(notes['range'])}<br>"
            f"<b>PyTorch</b> <code>{html.escape(activation.torch_equivalent)}</code></p>"
            f"<p>{html.escape(notes['intuition'])}</p>"
            f"<p><b>Typical uses</b></p><ul style='margin-left:-20px'>{bullets(notes['uses'])}</ul>"
            f"<p><b>Limitations</b></p><ul style='margin-left:-20px'>"
            f"{bullets(notes['limitations'])}</ul>"
            f"<p><b>References</b></p>{references_html(notes)}"
        )

    def _show_heading(self, key: str) -> None:
        """The card's title in the function's colour, and its two formulas."""
        activation = activations.get(key)
        swatch = color(key, self._dark).name()
        self.title.setText(
            f"<span style='font-size:15pt; font-weight:600'>"
            f"<span style='color:{swatch}'>■</span> {html.escape(activation.name)}</span>"
        )
        self.hidden_note.setVisible(key not in self._functions.shown)
        ink = "#e8e8e8" if self._dark else "#000000"
        self.formula.set_formula(activation.formula, ink)
        self.derivative_formula.set_formula(activation.derivative_formula, ink)

    def _show_custom(self, key: str) -> None:
        """The card of a function the user typed: as typed, as differentiated, and the
        stable forms it is evaluated in."""
        activation = activations.get(key)
        self._show_heading(key)
        parameters = ", ".join(
            f"{p.name} = {p.default:g} (from {p.minimum:g} to {p.maximum:g})"
            for p in activation.params
        )
        if activation.rewrites:
            rewrites = (
                "<p><b>Evaluated in stable forms</b></p><ul style='margin-left:-20px'>"
                + "".join(f"<li>{html.escape(rule)}</li>" for rule in activation.rewrites)
                + "</ul>"
            )
        else:
            rewrites = "<p>Evaluated as typed: no stable rewrite was needed.</p>"
        self.details.setText(
            f"<p><b>Your function</b> <code>{html.escape(activation.expression)}</code><br>"
            f"<b>Key</b> <code>{key}</code>"
            + (f"<br><b>Parameters</b> {html.escape(parameters)}" if parameters else "")
            + "</p><p>The derivative is symbolic (sympy), not a finite difference; a kink "
            "takes the value just left of it, as the built-in functions do. Right-click the "
            "function in the list to edit, duplicate or delete it.</p>" + rewrites
        )

    def _update_gelu_comparison(self) -> None:
        shown = self._functions.shown
        if "gelu" not in shown or "gelu_tanh" not in shown:
            self.gelu_comparison.setVisible(False)
            return
        low, high = self._functions.x_range
        # A grid of its own: the refined maximum does not depend on the plots' sample count,
        # and a million-sample grid would cost the GUI thread a third of a second.
        where, largest = gelu_difference(np.linspace(low, high, GELU_COMPARISON_SAMPLES))
        # |GELU - GELU_tanh| is even (both satisfy f(x) - f(-x) = x), so a peak at x has a twin.
        mirrored = low <= -where <= high and abs(where) > 1e-9
        place = f"±{abs(where):.4f}" if mirrored else f"{where:.4f}"
        self.gelu_comparison.setText(
            f"<b>GELU vs GELU (tanh)</b> on [{low:g}, {high:g}]: the largest difference is "
            f"{largest:.3e}, at x = {place}."
        )
        self.gelu_comparison.setVisible(True)

    def _on_shown_changed(self, shown) -> None:
        self.hidden_note.setVisible(self._functions.focused not in shown)
        self._update_gelu_comparison()

    def _on_x_range_changed(self, _x_range: tuple[float, float]) -> None:
        self._update_gelu_comparison()
