"""Print the worst error of every activation, in ulp, against mpmath at 50 digits.

The error is divided by the problem's own condition (max(1, |x|), or max(1, x²) for the GELU
family); values whose exact magnitude is below 1e-290 count as exact when within 1e-300.
The grid spans ±1e-300 to ±1e300 plus a dense [-60, 60].  Run: ``make accuracy``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import activations
from tests.reference import accuracy_grid, worst_errors


def _where(x: float) -> str:
    return "exact" if x != x else f"{x:.6g}"  # nan: no error anywhere


def main() -> None:
    grid = accuracy_grid()
    started = time.perf_counter()
    print(f"{len(grid)} points from {grid.min():.0e} to {grid.max():.0e}")
    print(f"{'function':<12}{'value ulp':>10}{'at x':>14}{'deriv. ulp':>12}{'at x':>14}")
    for key in activations.keys():
        value_ulp, value_x, derivative_ulp, derivative_x = worst_errors(activations.get(key), grid)
        print(
            f"{key:<12}{value_ulp:>10.2f}{_where(value_x):>14}{derivative_ulp:>12.2f}"
            f"{_where(derivative_x):>14}"
        )
    print(f"(limits: value 4 ulp, derivative 16 ulp; {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
