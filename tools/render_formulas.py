"""Regenerate resources/formulas/: every registry formula rendered by ziamath to SVG.

The app draws the info card's formulas from this file, so the first window does not import
ziamath (a fifth of a second with its fonts) or lay out LaTeX. Run after changing a formula:
``python tools/render_formulas.py``. tests/gui/test_formula_view.py fails while the file is
stale.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import activations  # noqa: E402
from gui.formula_view import (  # noqa: E402
    FORMULA_FOLDER,
    INK_PLACEHOLDER,
    STORED_SIZE,
    stored_formula_path,
    ziamath_svg,
)

formulas = sorted(
    {
        latex
        for activation in activations.all_activations()
        for latex in (activation.formula, activation.derivative_formula)
    }
)
FORMULA_FOLDER.mkdir(parents=True, exist_ok=True)
for stale in FORMULA_FOLDER.glob("*.svg"):
    stale.unlink()
for latex in formulas:
    svg = ziamath_svg(latex, STORED_SIZE, INK_PLACEHOLDER)
    stored_formula_path(latex).write_text(svg + "\n", encoding="utf-8")
print(f"wrote {len(formulas)} formulas to {FORMULA_FOLDER}")
