"""Data in and out at scale: import, ranked XLSX export, decision report, JSON round trip.

Usage: python3 bench/bench_exchange.py [--rows 50000] [--repeat 3]

One run of the three parts (each also runs alone):
- ``bench/exchange_import.py``: a generated 50,000-row Jira-style CSV read, checked and
  written in one transaction (target < 5 s);
- ``bench/exchange_export.py``: the ranked XLSX of 10,000 ideas (target < 5 s) and a backup +
  restore of a 2,000-idea workshop (target < 3 s);
- ``bench/exchange_report.py``: the HTML decision report of a 500-idea workshop (< 3 s).
Prints ``name: value unit`` lines: ``import_seconds``, ``xlsx_export_seconds``,
``report_seconds``, ``roundtrip_seconds``, the CPU-time figures next to them (on a shared
machine wall-clock time also holds the waiting) and ``peak_rss_mb``.
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import exchange_export  # noqa: E402
import exchange_import  # noqa: E402
import exchange_report  # noqa: E402

UNITS = {"_seconds": "s", "_mb": "MB"}


def show(figures: dict[str, float]) -> None:
    """Print each figure as ``name: value unit``."""
    for name, value in figures.items():
        unit = next((u for suffix, u in UNITS.items() if name.endswith(suffix)), "")
        print(f"{name}: {value:.3f} {unit}".rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=exchange_import.ROWS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    show(exchange_import.measure(args.rows))
    show(exchange_export.measure(args.repeat))
    show(exchange_report.measure(repeat=args.repeat))
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
