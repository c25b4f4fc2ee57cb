"""Benchmark: the ranked XLSX export of 10,000 ideas, and a JSON backup + restore round trip.

    python3 bench/exchange_export.py [--repeat 3]

``xlsx_export_seconds``: ``services.ranked_export(…, "xlsx")`` — read, evaluate, agreement,
write the workbook — for 10,000 shortlisted ideas scored by 10 raters on 3 criteria
(300,000 score rows); target < 5 s. ``roundtrip_seconds``: ``backup_workshop`` then
``restore_backup`` of a 2,000-idea workshop (10 raters, 3 criteria, 60,000 scores, 8 needs);
target < 3 s. Both are medians over ``repeat`` runs after one warm-up, wall clock and (the
``_cpu_`` figures) this process's CPU time; one figure per line.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_rank import seed  # noqa: E402
from workbench import services  # noqa: E402
from workbench.store import DuckDBStore  # noqa: E402

TARGETS = {"xlsx_export_seconds": 5.0, "roundtrip_seconds": 3.0}


def _median(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``run`` (CPU time is what a busy machine does not
    inflate: on a shared 2-core box the wall clock waits for other people's work)."""
    run()  # warm-up: imports, DuckDB's caches
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def measure(repeat: int = 3) -> dict[str, float]:
    """The two figures, in seconds (medians of ``repeat`` runs)."""
    with tempfile.TemporaryDirectory() as folder:
        store = DuckDBStore(Path(folder) / "bench.duckdb")
        try:
            big, _ = seed(store, 10_000, 10, 3, 8)
            xlsx = _median(lambda: services.ranked_export(store, big, None, "xlsx"), repeat)
            mid, _ = seed(store, 2_000, 10, 3, 8)

            def roundtrip() -> None:
                data = services.backup_workshop(store, mid, None).data
                services.restore_backup(store, data, "bench.json")
            trip = _median(roundtrip, repeat)
        finally:
            store.close()
    return {"xlsx_export_seconds": xlsx[0], "roundtrip_seconds": trip[0],
            "xlsx_export_cpu_seconds": xlsx[1], "roundtrip_cpu_seconds": trip[1]}


def main() -> None:
    """Print each figure as ``name: value s (target < t s)``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    figures = measure(parser.parse_args().repeat)
    for name, value in figures.items():
        target = f" (target < {TARGETS[name]:g} s)" if name in TARGETS else ""
        print(f"{name}: {value:.2f} s{target}")


if __name__ == "__main__":
    main()
