"""The pre-rendered formula store, and what the formula view draws from it."""

import pytest

from core import activations
from gui.resource_files import resource
from gui.widgets.formula_view import (
    FORMULA_FOLDER,
    INK_PLACEHOLDER,
    STORED_SIZE,
    FormulaView,
    formula_svg,
    registry_formulas,
    stored_formula_name,
    ziamath_svg,
)


@pytest.mark.parametrize("latex", registry_formulas())
def test_store_matches_what_ziamath_lays_out_now(latex):
    # Fails when a formula changed without `python tools/render_formulas.py`.
    stored = resource(FORMULA_FOLDER, stored_formula_name(latex)).read_text(encoding="utf-8")
    assert stored.rstrip("\n") == ziamath_svg(latex, STORED_SIZE, INK_PLACEHOLDER)


def test_stored_formula_comes_in_the_requested_ink():
    latex = activations.get("sigmoid").formula
    svg = formula_svg(latex, STORED_SIZE, "#a0b0c0").decode()
    assert INK_PLACEHOLDER not in svg
    assert svg.count("#a0b0c0") == ziamath_svg(latex, STORED_SIZE, "#a0b0c0").count("#a0b0c0")


def test_a_formula_outside_the_store_is_laid_out_on_demand(qtbot):
    latex = r"f(x) = x^{3} - \frac{x}{7}"
    assert not resource(FORMULA_FOLDER, stored_formula_name(latex)).is_file()
    view = FormulaView()
    qtbot.addWidget(view)
    view.set_formula(latex, "#334455")
    assert view.latex() == latex
    assert view.pixmap().width() > 20
