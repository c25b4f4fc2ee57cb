"""Import cost: a generated 50,000-row Jira-style CSV read, checked and written (target < 5 s).

Usage: python3 bench/exchange_import.py [--rows 50000]
``measure()`` returns ``import_seconds`` (plan + apply on a fresh database: read, every row
validated, one transaction writing ideas, themes and three criteria's scores),
``plan_seconds`` (the dry run alone), ``reimport_seconds`` (the same file again: every row an
update), ``import_cpu_seconds`` (this process's CPU for the import: on a shared machine
the wall-clock figure also holds the waiting) and ``file_mb``. bench/bench_exchange.py puts
this next to export and backup.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench import services  # noqa: E402
from workbench.store import open_store  # noqa: E402

ROWS = 50_000
PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")
WORDS = ("checkout", "search", "billing", "onboarding", "mobile", "export", "reports", "admin")


def generate(rows: int = ROWS, seed: int = 7) -> bytes:
    """A Jira Cloud export: BOM, repeated Labels, quoted multi-line wiki descriptions."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Summary", "Issue key", "Issue Type", "Status", "Priority", "Labels",
                     "Labels", "Description", "Custom field (Story Points)",
                     "Custom field (Business Value)"])
    for n in range(1, rows + 1):
        a, b = rng.sample(WORDS, 2)
        writer.writerow([f"Improve {a} for {b} users #{n}", f"BIG-{n}", "Story", "To Do",
                         rng.choice(PRIORITIES), a, b,
                         f"h2. Why\n*{a}* is slow for {b}.\n{{code}}x = {n}{{code}}",
                         f"{rng.choice((1, 2, 3, 5, 8, 13))}.0", str(rng.randint(1, 100))])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def measure(rows: int = ROWS) -> dict[str, float]:
    """Seconds to plan and apply an import of ``rows`` rows into a fresh workshop."""
    data = generate(rows)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "bench.duckdb"))
        try:
            wid = services.create_workshop(store, "Bench import")
            start, cpu = time.perf_counter(), time.process_time()
            preview = services.plan_import(store, wid, None, data, "big.csv")
            planned = time.perf_counter()
            result = services.apply_import(store, wid, None, preview)
            done, cpu = time.perf_counter(), time.process_time() - cpu
            if result.added != rows:
                raise RuntimeError(f"imported {result.added} of {rows} rows")
            again = services.plan_import(store, wid, None, data, "big.csv")
            services.apply_import(store, wid, None, again)
            redone = time.perf_counter()
        finally:
            store.close()
    return {"import_seconds": done - start, "import_cpu_seconds": cpu,
            "plan_seconds": planned - start,
            "reimport_seconds": redone - done, "file_mb": len(data) / 1024 / 1024}


def main() -> None:
    """Print `name: value` lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    for name, value in measure(parser.parse_args().rows).items():
        print(f"{name}: {value:.2f}")


if __name__ == "__main__":
    main()
