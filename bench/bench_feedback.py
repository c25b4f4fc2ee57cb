"""Cost of customer feedback and the journey map at size, on a scratch database.

Usage: python3 bench/bench_feedback.py [--rows 20000] [--needs 200] [--lexical]

feedback_import_seconds: read, check and store a CSV of ``--rows`` items (text, NPS score,
date, segment, source), then summarise it (NPS/CSAT overall, per segment, per month and the
evidence per need). journey_seconds: the journey map (stages × segments) of ``--needs`` needs,
built fresh (no shared-read cache). suggest_seconds: the best need for each of the rows
against the needs (the semantic engine, or with --lexical the keyword match). peak_rss_mb.
Each step also prints its CPU seconds (``*_cpu_seconds``, this process's threads), which
stay meaningful when other work shares the machine. Prints `name: value unit` lines.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench import services  # noqa: E402
from workbench.services import feedback as feedback_service  # noqa: E402
from workbench.similarity.lexical import LexicalEngine  # noqa: E402
from workbench.store import DuckDBStore  # noqa: E402

_VOCABULARY = ("setup import invoice price phone support login password export report team invite "
         "billing contract renewal onboarding dashboard slow crash confusing love great "
         "helpful missing sync calendar email mobile offline security review")
WORDS = _VOCABULARY.split()
SEGMENTS = ("Small business owners", "Enterprise IT admins", "Freelancers", "Agencies",
            "Non-profits")


def sentence(rng: random.Random, n: int) -> str:
    """A made-up feedback sentence of n words."""
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def main() -> None:
    """Build the data, time each step, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--needs", type=int, default=200)
    parser.add_argument("--lexical", action="store_true")
    args = parser.parse_args()
    rng = random.Random(7)
    folder = Path(tempfile.mkdtemp())
    store = DuckDBStore(folder / "bench.duckdb")
    wid = services.create_workshop(store, "Bench", "")
    stages = [int(s) for s in store.stages(wid)["id"]]
    segments = [services.add_segment(store, wid, None, name) for name in SEGMENTS]
    for k in range(args.needs):
        services.add_need(store, wid, None, segments[k % len(segments)],
                          f"{sentence(rng, 5)} {k}", rng.randint(1, 5), rng.randint(1, 5),
                          stages[k % len(stages)])
    lines = ["text,nps,date,segment,source"]
    for _ in range(args.rows):
        lines.append(f"{sentence(rng, rng.randint(6, 20))},{rng.randint(0, 10)},"
                     f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
                     f"{rng.choice(SEGMENTS)},Survey")
    data = ("\n".join(lines) + "\n").encode()

    start, cpu = time.perf_counter(), time.process_time()
    added = services.import_feedback(store, wid, None, data, "bench.csv")
    items = store.feedback(wid)
    ids = [int(i) for i in items["id"]]
    needs = [int(n) for n in store.list_needs(wid)["id"]]
    store.assign_feedback(wid, None, [(i, needs[k % len(needs)]) for k, i in enumerate(ids[::2])])
    view = services.overview(store, wid)
    took = time.perf_counter() - start
    assert added == args.rows and len(view.evidence) == len(needs)  # noqa: S101 - a bench
    print(f"feedback_import_seconds: {took:.2f} s")
    print(f"feedback_import_cpu_seconds: {time.process_time() - cpu:.2f} s")

    start, cpu = time.perf_counter(), time.process_time()
    jm = services.journey(store, wid, "opportunity")
    print(f"journey_seconds: {time.perf_counter() - start:.3f} s")
    print(f"journey_cpu_seconds: {time.process_time() - cpu:.3f} s")
    assert int(jm.counts.sum()) == args.needs  # noqa: S101

    store.assign_feedback(wid, None, [(i, None) for i in ids])
    if args.lexical:
        feedback_service.engine_status = lambda: type("S", (), {"semantic": False})()
        feedback_service.engine = LexicalEngine
    start, cpu = time.perf_counter(), time.process_time()
    found = services.suggestions(store, wid)
    print(f"suggest_seconds: {time.perf_counter() - start:.2f} s")
    print(f"suggest_cpu_seconds: {time.process_time() - cpu:.2f} s")
    print(f"suggested_items: {len(found)} items")
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    store.close()


if __name__ == "__main__":
    main()
