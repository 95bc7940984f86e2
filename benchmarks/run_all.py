"""Run every benchmark and print one table: app figure, baseline figure, ratio.

``make bench`` runs this file. Each row's baseline is measured in the same run (interleaved
with the app where both live in one process), so ratios stay meaningful on a shared machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_core, bench_interaction, bench_startup, bench_training


def main() -> None:
    rows = (
        bench_interaction.measure()
        + bench_startup.measure()
        + bench_core.measure()
        + bench_training.measure()
        + bench_training.frame_rows()
    )
    bench_interaction.print_table(rows)


if __name__ == "__main__":
    main()
