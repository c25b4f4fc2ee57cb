"""Benchmark: a live workshop's write load, one thread per participant, through the workbench API.

    python3 bench/bench_workshop.py --participants 50 [--ideas-each 10] [--score-ideas 30]
                                    [--criteria 3] [--dots 5] [--db PATH] [--no-grid]
                                    [--think-ms 2000]

On a temp DuckDB file (or ``--db``), one process and one Store — as one Streamlit server
runs it — a facilitator starts a live workshop and N participants join. Then, with one
thread per participant started together:

1. diverge: everyone adds ``--ideas-each`` ideas, one ``services.add_idea`` call each;
2. the facilitator shortlists ``--score-ideas`` of them and moves to converge;
3. converge: everyone saves scores for every shortlisted idea on every criterion with one
   ``services.save_scores`` call per idea (a rater saving row by row), then places
   ``--dots`` dots with ``services.place_dot``;
4. variant (skip with ``--no-grid``): the facilitator opens round 2 and everyone saves the
   whole grid (all ideas x criteria) in one ``save_scores`` call, as one Score-page form
   submit does.

By default each participant pauses 1–3 s before each call, as people do while reading and
typing (``--think-ms 0`` sends everything back to back: a stress test of the queue).
Every write call is timed (wall clock, in the calling thread). Afterwards the rows are
counted: lost writes = expected − actual ideas, score rows and dots. The figures are the
per-call latencies of steps 1 and 3 (joins and step 4 are reported separately), printed one
per line as ``name: value unit``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import threading
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from workbench import services  # noqa: E402
from workbench.domain.models import BENEFIT  # noqa: E402
from workbench.store import DuckDBStore  # noqa: E402

TARGET_P95_MS = 50.0


class Timings:
    """Per-kind call latencies and escaped errors, shared by all threads.

    With ``think_s`` > 0 every call is preceded by a pause of 0.5–1.5 x think_s (a person
    reading and clicking), which turns the closed-loop saturation test into a paced load.
    """

    def __init__(self, think_s: float = 0.0) -> None:
        self.think_s = think_s
        self.calls: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self._lock = threading.Lock()

    def call(self, kind: str, fn: Callable[[], object]) -> object:
        if self.think_s:
            time.sleep(self.think_s * random.uniform(0.5, 1.5))
        t = time.perf_counter()
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - a failed write is counted, not fatal
            with self._lock:
                self.errors[kind].append(f"{type(exc).__name__}: {exc}")
            return None
        elapsed = time.perf_counter() - t
        with self._lock:
            self.calls[kind].append(elapsed)
        return result

    def of(self, *kinds: str) -> list[float]:
        return sorted(x for k in kinds for x in self.calls.get(k, []))


def together(jobs: list[Callable[[], None]]) -> float:
    """Run the jobs in one thread each, released at once; return the wall seconds."""
    barrier = threading.Barrier(len(jobs) + 1)
    crashed: list[str] = []

    def wrap(job: Callable[[], None]) -> None:
        barrier.wait()
        try:
            job()
        except BaseException:  # noqa: BLE001
            crashed.append(traceback.format_exc())

    threads = [threading.Thread(target=wrap, args=(j,), daemon=True) for j in jobs]
    for thread in threads:
        thread.start()
    barrier.wait()
    t = time.perf_counter()
    for thread in threads:
        thread.join()
    if crashed:
        print(crashed[0], file=sys.stderr)
    return time.perf_counter() - t


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list (q in 0–100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def count(store: DuckDBStore, sql: str, params: list) -> int:
    cur = store._con.cursor()  # a plain read on the store's own connection
    try:
        return int(cur.execute(sql, params).fetchone()[0])
    finally:
        cur.close()


def line(name: str, value: float | int, unit: str) -> None:
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    print(f"{name}: {text} {unit}", flush=True)


def run(path: Path, n: int, ideas_each: int, score_ideas: int, criteria: int, dots: int,
        grid: bool, think_ms: float = 0.0) -> int:
    store = DuckDBStore(path)
    timings = Timings(think_ms / 1000)
    started = services.start_live_workshop(store, "Bench workshop", "", "Facilitator")
    w, fac = started.seat.workshop.id, started.seat.participant.id
    code = started.seat.workshop.join_code
    current = store.list_criteria(w)
    for extra in range(len(current), criteria):
        services.add_criterion(store, w, fac, f"Criterion {extra + 1}", BENEFIT)
    for c in current[criteria:]:
        services.delete_criterion(store, w, fac, c.id)
    criterion_ids = [c.id for c in store.list_criteria(w)]
    services.set_dots(store, w, fac, dots)
    services.set_phase(store, w, fac, "diverge")

    # ---- join -------------------------------------------------------------------------
    people: dict[int, int] = {}

    def joiner(t: int) -> Callable[[], None]:
        def job() -> None:
            seat = timings.call("join", lambda: services.join_with_code(
                store, code, f"Participant {t}"))
            if seat is not None:
                people[t] = seat.participant.id  # type: ignore[attr-defined]
        return job

    join_s = together([joiner(t) for t in range(n)])

    # ---- diverge: ideas -----------------------------------------------------------------
    def brainstormer(t: int) -> Callable[[], None]:
        def job() -> None:
            me = people[t]
            for k in range(ideas_each):
                timings.call("add_idea", lambda k=k: services.add_idea(
                    store, w, me, f"Idea {k} from participant {t}", "Why it matters"))
        return job

    diverge_s = together([brainstormer(t) for t in people])
    ideas = store.list_ideas(w)
    ids = [int(i) for i in ideas["id"]]
    shortlist = ids[:: max(1, len(ids) // score_ideas)][:score_ideas]
    timings.call("set_shortlist", lambda: services.set_shortlist(store, w, fac, shortlist))
    timings.call("set_phase", lambda: services.set_phase(store, w, fac, "converge"))

    # ---- converge: scores per idea, then dots ----------------------------------------------
    def scorer(t: int) -> Callable[[], None]:
        def job() -> None:
            me = people[t]
            for idea in shortlist:
                rows = [(idea, c, (t + idea + c) % 5 + 1) for c in criterion_ids]
                timings.call("save_scores", lambda rows=rows: services.save_scores(
                    store, w, me, rows))
            for k in range(dots):
                timings.call("place_dot", lambda k=k: services.place_dot(
                    store, w, me, shortlist[(t + k) % len(shortlist)]))
        return job

    converge_s = together([scorer(t) for t in people])

    # ---- variant: the whole grid in one save, in round 2 ---------------------------------
    grid_s = 0.0
    if grid:
        services.open_next_round(store, w, fac)

        def grid_scorer(t: int) -> Callable[[], None]:
            def job() -> None:
                rows = [(i, c, (t + i + c) % 5 + 1) for i in shortlist for c in criterion_ids]
                timings.call("save_grid", lambda: services.save_scores(store, w, people[t],
                                                                      rows))
            return job

        grid_s = together([grid_scorer(t) for t in people])

    # ---- what landed ------------------------------------------------------------------------
    joined = len(people)
    expected = {"participants": n,
                "ideas": n * ideas_each,
                "scores": n * len(shortlist) * len(criterion_ids),
                "dots": n * dots}
    actual = {"participants": count(store, "SELECT count(*) FROM participants WHERE "
                                    "workshop_id = ? AND NOT is_facilitator", [w]),
              "ideas": count(store, "SELECT count(*) FROM ideas WHERE workshop_id = ?", [w]),
              "scores": count(store, "SELECT count(*) FROM scores WHERE workshop_id = ? "
                              "AND round = 1", [w]),
              "dots": count(store, "SELECT count(*) FROM votes WHERE workshop_id = ? "
                            "AND round = 1", [w])}
    lost = sum(expected[k] - actual[k] for k in expected)
    grid_rows = count(store, "SELECT count(*) FROM scores WHERE workshop_id = ? AND round = 2",
                      [w]) if grid else 0
    store.close()

    main_kinds = ("add_idea", "save_scores", "place_dot")
    writes = timings.of(*main_kinds)
    wall = diverge_s + converge_s
    line("participants", n, "people")
    line("think_ms", float(think_ms), "ms")
    line("joined", joined, "people")
    line("writes", len(writes), "calls")
    line("writes_per_second", len(writes) / wall if wall else 0.0, "calls/s")
    line("writes_total", len(timings.of(*timings.calls)), "calls")
    line("write_p50_ms", percentile(writes, 50) * 1000, "ms")
    line("write_p95_ms", percentile(writes, 95) * 1000, "ms")
    line("write_max_ms", (writes[-1] if writes else float("nan")) * 1000, "ms")
    line("lost_writes", lost, "rows")
    line("failed_calls", sum(len(v) for v in timings.errors.values()), "calls")
    for kind in ("join", *main_kinds, "save_grid"):
        values = timings.of(kind)
        if values:
            line(f"{kind}_calls", len(values), "calls")
            line(f"{kind}_p50_ms", percentile(values, 50) * 1000, "ms")
            line(f"{kind}_p95_ms", percentile(values, 95) * 1000, "ms")
    line("join_seconds", join_s, "s")
    line("diverge_seconds", diverge_s, "s")
    line("converge_seconds", converge_s, "s")
    if grid:
        line("grid_seconds", grid_s, "s")
        line("grid_lost_rows", expected["scores"] - grid_rows, "rows")
    line("rows_expected", sum(expected.values()), "rows")
    line("rows_actual", sum(actual.values()), "rows")
    for kind, messages in timings.errors.items():
        print(f"# {len(messages)} failed {kind} calls, e.g. {messages[0]}", file=sys.stderr)
    p95 = percentile(writes, 95) * 1000
    verdict = "meets" if p95 < TARGET_P95_MS and lost == 0 else "misses"
    print(f"# {verdict} the target (write p95 < {TARGET_P95_MS:g} ms, 0 lost); "
          f"python {platform.python_version()}, duckdb {duckdb.__version__}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=50, help="participants (N)")
    parser.add_argument("--ideas-each", type=int, default=10, help="ideas each person adds")
    parser.add_argument("--score-ideas", type=int, default=30, help="shortlisted ideas")
    parser.add_argument("--criteria", type=int, default=3, help="criteria (1–5 scales)")
    parser.add_argument("--dots", type=int, default=5, help="dots per person (1–50)")
    parser.add_argument("--db", type=Path, default=None,
                        help="database file (default: a new file in a temp dir, deleted after)")
    parser.add_argument("--no-grid", action="store_true",
                        help="skip the whole-grid-in-one-save variant (round 2)")
    parser.add_argument("--think-ms", type=float, default=2000.0,
                        help="mean pause before each call (0.5–1.5 x this): people read and "
                             "type between actions; 0 = all back to back (a stress test)")
    args = parser.parse_args(argv)
    if min(args.participants, args.ideas_each, args.score_ideas, args.criteria) < 1 \
            or not 1 <= args.dots <= 50:
        parser.error("sizes must be at least 1, --dots 1–50")
    if args.score_ideas > args.participants * args.ideas_each:
        parser.error("--score-ideas cannot exceed participants x ideas-each")
    if args.db is not None:
        return run(args.db, args.participants, args.ideas_each, args.score_ideas,
                   args.criteria, args.dots, not args.no_grid, args.think_ms)
    with tempfile.TemporaryDirectory(prefix="bench_workshop_") as tmp:
        return run(Path(tmp) / "bench.duckdb", args.participants, args.ideas_each,
                   args.score_ideas, args.criteria, args.dots, not args.no_grid, args.think_ms)


if __name__ == "__main__":
    raise SystemExit(main())
