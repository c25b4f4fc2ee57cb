"""Benchmark: build the decision report (HTML and Markdown) of a 500-idea workshop.

    python3 bench/exchange_report.py [--ideas 500] [--raters 8] [--repeat 3]

Seeds a free-mode workshop through the services (N shortlisted ideas, R raters scoring every
idea on the 3 default criteria, a budget, 20 decisions), then times
``services.decision_report`` — evaluation, matrix and portfolio, agreement, 2,000 weight
draws, the four charts and the document — once to warm up and ``--repeat`` times; prints the
medians as ``name: value unit``. Target: ``report_seconds`` < 3 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench import services  # noqa: E402
from workbench.store import DuckDBStore, Store  # noqa: E402


def seed(store: Store, ideas: int, raters: int) -> int:
    """One free-mode workshop with ``ideas`` shortlisted, scored ideas; return its id."""
    wid = services.create_workshop(store, f"Bench {ideas} ideas", "Benchmark the report")
    people = [services.join(store, wid, f"Rater {r + 1}").id for r in range(raters)]
    ids: list[int] = []
    for start in range(0, ideas, 200):
        lines = "\n".join(f"Idea {k + 1}" for k in range(start, min(ideas, start + 200)))
        ids += services.add_ideas_bulk(store, wid, people[0], lines)
    services.set_shortlist(store, wid, people[0], ids)
    criteria = store.list_criteria(wid)
    rng = random.Random(3)
    for rater in people:
        services.save_scores(store, wid, rater, [(i, c.id, rng.randint(1, 5)) for i in ids
                                                 for c in criteria])
    services.update_engine(store, wid, people[0], budget=float(ideas // 10))
    for k, idea in enumerate(ids[:20]):
        services.record_decision(store, wid, people[0], idea, ("go", "later", "no")[k % 3],
                                 f"Reason {k}")
    return wid


def timed(action, repeat: int) -> tuple[float, object]:
    """Median seconds of ``repeat`` runs after one warm-up, and the last result."""
    result = action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(ideas: int = 500, raters: int = 8, repeat: int = 3) -> dict[str, float]:
    """report_seconds (HTML), report_md_seconds and report_html_mb for an N-idea workshop."""
    with tempfile.TemporaryDirectory() as folder:
        store = DuckDBStore(Path(folder) / "bench.duckdb")
        try:
            wid = seed(store, ideas, raters)
            html_s, html = timed(lambda: services.decision_report(store, wid, None, "html"),
                                 repeat)
            md_s, _ = timed(lambda: services.decision_report(store, wid, None, "md"), repeat)
        finally:
            store.close()
    return {"report_seconds": round(html_s, 3), "report_md_seconds": round(md_s, 3),
            "report_html_mb": round(len(str(html).encode()) / 1e6, 2)}


def main() -> None:
    """Print the figures, one per line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=500)
    parser.add_argument("--raters", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    figures = measure(args.ideas, args.raters, args.repeat)
    units = {"report_seconds": "s", "report_md_seconds": "s", "report_html_mb": "MB"}
    for name, value in figures.items():
        print(f"{name}: {value} {units[name]}")


if __name__ == "__main__":
    main()
