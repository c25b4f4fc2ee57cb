"""Benchmark: load + rank a big shortlist exactly as the Rank page does, against a bare GROUP BY.

    python3 bench/bench_rank.py --ideas 10000 --raters 50 --criteria 5 [--repeat 5] [--db PATH]

Seeds one workshop (N shortlisted ideas, R raters, C criteria on 1–5 scales mixing benefit
and cost, N×R×C scores) with bulk INSERT … SELECT through the store's own connection, then
times the Rank page's path — ``shortlist``, ``list_criteria``,
``score_means`` (means and raters per idea in one query), ``rank_ideas`` — and the bare
``SELECT idea_id, criterion_id, avg(value), count(*) … GROUP BY ALL`` over the same rows.
Each is run once to warm up, then ``--repeat`` times; medians are printed, one figure per
line as ``name: value unit``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from workbench.domain.models import BENEFIT, COST  # noqa: E402
from workbench.engine.scoring import rank_ideas  # noqa: E402
from workbench.store import DuckDBStore  # noqa: E402

BARE_GROUP_BY = ("SELECT idea_id, criterion_id, avg(value), count(*) FROM scores "
                 "WHERE workshop_id = ? GROUP BY ALL")

RANK_STEPS = ("shortlist", "list_criteria", "score_means", "rank_ideas")


def criteria_spec(count: int) -> list[tuple[str, str, float]]:
    """C criteria: every third one is a cost, weights cycle 1, 2, 3 (all above 0)."""
    return [(f"Criterion {k + 1}", COST if k % 3 == 1 else BENEFIT, float(k % 3 + 1))
            for k in range(count)]


def seed(store: DuckDBStore, ideas: int, raters: int, criteria: int, needs: int) -> tuple[int, int]:
    """Bulk-insert one workshop; return (workshop id, score rows)."""
    workshop_id = store.create_workshop(f"bench {ideas}x{raters}x{criteria}", "benchmark",
                                        criteria=criteria_spec(criteria))

    def work(cur: duckdb.DuckDBPyConnection) -> int:
        w = workshop_id
        cur.execute("""INSERT INTO participants (workshop_id, name, name_key, slot)
                       SELECT ?, 'Rater ' || r, 'rater ' || r, r FROM range(?) t(r)""",
                    [w, raters])
        cur.execute("INSERT INTO segments (workshop_id, name) VALUES (?, 'Bench segment')", [w])
        cur.execute("""INSERT INTO needs (workshop_id, segment_id, statement, importance)
                       SELECT ?, (SELECT max(id) FROM segments WHERE workshop_id = ?),
                              'Need ' || n, 1 + n % 5
                       FROM range(?) t(n)""", [w, w, needs])
        # Authors cycle through the raters; created_at steps by one millisecond so the
        # page's ORDER BY created_at, id has real work to do.
        cur.execute("""INSERT INTO ideas (workshop_id, title, description, author_id,
                                          shortlisted, created_at, updated_at)
                       SELECT ?, 'Idea ' || n, 'Description of idea ' || n,
                              p.id, true,
                              TIMESTAMP '2025-01-01' + to_milliseconds(n),
                              TIMESTAMP '2025-01-01' + to_milliseconds(n)
                       FROM range(?) t(n)
                       JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
                             FROM participants WHERE workshop_id = ?) p
                         ON p.k = n % ?""", [w, ideas, w, raters])
        if needs:
            cur.execute("""INSERT INTO idea_needs
                           SELECT ?, i.id, nd.id
                           FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
                                 FROM ideas WHERE workshop_id = ?) i
                           JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
                                 FROM needs WHERE workshop_id = ?) nd
                             ON nd.k = i.k % ?""", [w, w, w, needs])
        # Values 1–5 from a hash of the key: deterministic, spread, no Python loop.
        cur.execute("""INSERT INTO scores (workshop_id, idea_id, rater_id, criterion_id,
                                           round, value, rater_slot)
                       SELECT ?, i.id, p.id, c.id, 1,
                              1 + hash(i.id, p.id, c.id) % 5, p.slot
                       FROM (SELECT id FROM ideas WHERE workshop_id = ?) i
                       CROSS JOIN (SELECT id, slot FROM participants WHERE workshop_id = ?) p
                       CROSS JOIN (SELECT id FROM criteria WHERE workshop_id = ?) c""",
                    [w, w, w, w])
        return int(cur.execute("SELECT count(*) FROM scores WHERE workshop_id = ?",
                               [w]).fetchone()[0])
    return workshop_id, store.write(work)


def rank_like_the_page(store: DuckDBStore, workshop_id: int, steps: dict[str, float]):
    """The Rank page's load + rank, adding each step's seconds to ``steps``."""
    t0 = time.perf_counter()
    shortlist = store.shortlist(workshop_id)
    t1 = time.perf_counter()
    criteria = store.list_criteria(workshop_id)
    t2 = time.perf_counter()
    means = store.score_means(workshop_id)
    t3 = time.perf_counter()
    ranking = rank_ideas(shortlist, criteria, means)
    t4 = time.perf_counter()
    for name, seconds in zip(RANK_STEPS, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
        steps[name] = seconds
    return ranking


def bare_group_by(store: DuckDBStore, workshop_id: int) -> pd.DataFrame:
    """The floor: one GROUP BY over the same rows, fetched to a DataFrame."""
    cur = store._con.cursor()  # the store's connection, a cursor per operation as the app does
    try:
        return cur.execute(BARE_GROUP_BY, [workshop_id]).df()
    finally:
        cur.close()


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], list[float], object]:
    """One warm-up call, then ``repeat`` timed calls: (wall seconds, process CPU seconds
    — DuckDB's threads included —, last result)."""
    result = fn()
    walls, cpus = [], []
    for _ in range(repeat):
        c = time.process_time()
        t = time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return walls, cpus, result


def reset_peak_rss() -> bool:
    """Reset the kernel's high-water RSS mark (Linux ≥ 4.0); False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def vm_hwm_mb() -> float | None:
    """Peak RSS since the last reset, from /proc/self/status, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def max_rss_mb() -> float:
    """Peak RSS of the whole process (getrusage; KiB on Linux, bytes on macOS), in MB."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024) if platform.system() == "Darwin" else maxrss / 1024


def rss_mb() -> float | None:
    """Current RSS from /proc/self/status, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=10_000, help="shortlisted ideas (N)")
    parser.add_argument("--raters", type=int, default=50, help="raters (R)")
    parser.add_argument("--criteria", type=int, default=5, help="criteria (C)")
    parser.add_argument("--needs", type=int, default=10,
                        help="needs the ideas are tagged to (one tag per idea)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs after one warm-up")
    parser.add_argument("--db", type=Path, default=None,
                        help="database file (default: a new file in a temp dir, deleted after)")
    args = parser.parse_args(argv)
    if min(args.ideas, args.raters, args.criteria, args.repeat) < 1 or args.needs < 0:
        parser.error("--ideas, --raters, --criteria and --repeat must be at least 1")

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench_rank_")
        path = Path(tmp.name) / "bench.duckdb"
    else:
        path = args.db
    try:
        t = time.perf_counter()
        store = DuckDBStore(path)
        workshop_id, rows = seed(store, args.ideas, args.raters, args.criteria, args.needs)
        store.close()  # checkpoint, then reopen the file the way the app starts
        seed_seconds = time.perf_counter() - t
        store = DuckDBStore(path)
        rss_before = rss_mb()
        peak_before = max_rss_mb()  # seeding included; the reset below lowers ru_maxrss too
        can_reset = reset_peak_rss()

        steps: list[dict[str, float]] = []

        def rank_once():
            s: dict[str, float] = {}
            ranking = rank_like_the_page(store, workshop_id, s)
            steps.append(s)
            return ranking

        rank_times, rank_cpu, ranking = timed(rank_once, args.repeat)
        del steps[0]  # the warm-up
        rank_peak = vm_hwm_mb() if can_reset else None
        group_times, group_cpu, grouped = timed(lambda: bare_group_by(store, workshop_id),
                                                 args.repeat)

        assert len(ranking.table) == args.ideas, (len(ranking.table), args.ideas)
        assert len(grouped) == args.ideas * args.criteria
        store.close()
    finally:
        if tmp is not None:
            tmp.cleanup()

    rank_s = statistics.median(rank_times)
    group_s = statistics.median(group_times)
    print(f"ideas: {args.ideas} ideas")
    print(f"raters: {args.raters} raters")
    print(f"criteria: {args.criteria} criteria")
    print(f"scores: {rows} rows")
    print(f"repeat: {args.repeat} runs")
    print(f"seed_seconds: {seed_seconds:.3f} s")
    print(f"rank_seconds: {rank_s:.4f} s")
    print(f"rank_min_seconds: {min(rank_times):.4f} s")
    for name in RANK_STEPS:
        print(f"rank_step_{name}_seconds: {statistics.median(s[name] for s in steps):.4f} s")
    print(f"groupby_seconds: {group_s:.4f} s")
    print(f"ratio_vs_groupby: {rank_s / group_s:.2f} x")
    # CPU time is steadier than wall time when other work shares the cores.
    print(f"rank_cpu_seconds: {statistics.median(rank_cpu):.4f} s")
    print(f"groupby_cpu_seconds: {statistics.median(group_cpu):.4f} s")
    if rss_before is not None:
        print(f"rss_before_rank_mb: {rss_before:.1f} MB")
    if rank_peak is not None:
        print(f"rank_peak_rss_mb: {rank_peak:.1f} MB")
    print(f"peak_rss_mb: {max(peak_before, max_rss_mb(), rank_peak or 0.0):.1f} MB")
    print(f"cpus: {os.cpu_count()} cpus")
    print(f"loadavg_1m: {os.getloadavg()[0]:.2f} load")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
