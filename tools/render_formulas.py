"""Regenerate resources/formulas/: every registry formula rendered by ziamath to SVG.

The app draws the info card's formulas from these files, so the first window does not import
ziamath (a fifth of a second with its fonts) or lay out LaTeX. Run after changing a formula:
``python tools/render_formulas.py``. tests/gui/test_formula_view.py fails while any file is
stale.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gui.widgets.formula_view import (  # noqa: E402
    FORMULA_FOLDER,
    INK_PLACEHOLDER,
    STORED_SIZE,
    registry_formulas,
    stored_formula_name,
    ziamath_svg,
)

folder = ROOT / "resources" / FORMULA_FOLDER
formulas = registry_formulas()
folder.mkdir(parents=True, exist_ok=True)
for stale in folder.glob("*.svg"):
    stale.unlink()
for latex in formulas:
    svg = ziamath_svg(latex, STORED_SIZE, INK_PLACEHOLDER)
    (folder / stored_formula_name(latex)).write_text(svg + "\n", encoding="utf-8")
print(f"wrote {len(formulas)} formulas to {folder}")
