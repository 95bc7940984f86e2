"""Run every benchmark and print one table: app figure, baseline figure, ratio.

``make bench`` runs this file. Each row's baseline is measured in the same process, alternating
with the app, so ratios stay meaningful on a shared machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_interaction


def main() -> None:
    rows = bench_interaction.measure()
    bench_interaction.print_table(rows)


if __name__ == "__main__":
    main()
