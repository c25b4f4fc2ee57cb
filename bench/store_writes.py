"""Concurrent dot and score writers against any store: writes/s, p95 latency, errors, lost writes.

``measure(store_factory, writers, seconds)`` starts ``writers`` threads, each a participant of
one workshop, writing through the services as the app does (save one score cell, place a dot,
take one back when the budget is spent) with no pause between writes, for ``seconds``; then
checks every acknowledged write against what is stored. ``replicas`` > 1 opens that many
stores (separate pools and listeners, as separate app processes would have) and spreads the
writers over them.

    python -m bench.store_writes                 # DuckDB vs PostgreSQL at 50 and 200 writers
    python -m bench.store_writes --writers 50 --seconds 5 --store postgresql
    python -m bench.store_writes --writers 200 --pause 1 3 --seconds 20   # people pausing

PostgreSQL runs in a throwaway cluster (tests/pg_cluster.py) with durable commits (fsync on).
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from workbench import services
from workbench.domain.models import VoteRefused
from workbench.store import DuckDBStore, Store

IDEAS = 20


def _setup(store: Store, writers: int) -> tuple[int, list[int], list[int], list[int]]:
    workshop = services.create_workshop(store, "Write bench", "Measure concurrent writes")
    people = [services.join(store, workshop, f"Writer {i}").id for i in range(writers)]
    ideas = [services.add_idea(store, workshop, people[0], f"Idea {i}") for i in range(IDEAS)]
    services.set_shortlist(store, workshop, people[0], ideas)
    criteria = [c.id for c in store.list_criteria(workshop)]
    return workshop, people, ideas, criteria


def measure(store_factory: Callable[[], Store], writers: int, seconds: float,
            replicas: int = 1, pause: tuple[float, float] = (0.0, 0.0)) -> dict:
    """Run the writers (each pausing ``pause`` seconds, drawn uniformly, between writes);
    return writes_per_second, p95_ms, errors, lost_writes, writes."""
    stores = [store_factory() for _ in range(replicas)]
    workshop, people, ideas, criteria = _setup(stores[0], writers)
    latencies: list[list[float]] = [[] for _ in range(writers)]
    errors = [0] * writers
    last_score: list[dict[tuple[int, int], float]] = [{} for _ in range(writers)]
    net_dots = [0] * writers
    start, stop = threading.Barrier(writers + 1), threading.Event()

    def write_loop(k: int) -> None:
        store, person, rng = stores[k % replicas], people[k], random.Random(k)
        start.wait()
        while not stop.is_set():
            began = time.perf_counter()
            try:
                if rng.random() < 0.5:
                    cell, value = (rng.choice(ideas), rng.choice(criteria)), rng.randint(1, 5)
                    services.save_scores(store, workshop, person, [(*cell, value)])
                    last_score[k][cell] = value
                else:
                    idea = rng.choice(ideas)
                    try:
                        services.place_dot(store, workshop, person, idea)
                        net_dots[k] += 1
                    except VoteRefused:
                        mine = store.my_dots(workshop, person, 1)
                        services.remove_dot(store, workshop, person, int(mine["idea_id"][0]))
                        net_dots[k] -= 1
            except Exception:  # noqa: BLE001 - a refused or failed write is what we count
                errors[k] += 1
                continue
            latencies[k].append((time.perf_counter() - began) * 1000)
            if pause[1]:
                stop.wait(rng.uniform(*pause))

    threads = [threading.Thread(target=write_loop, args=(k,), daemon=True)
               for k in range(writers)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(60)
    elapsed = time.perf_counter() - began
    lost = _lost(stores[0], workshop, people, last_score, net_dots)
    for store in stores:
        store.close()
    done = [ms for per in latencies for ms in per]
    return {"writes_per_second": round(len(done) / elapsed, 1),
            "p95_ms": round(float(np.percentile(done, 95)), 1) if done else float("nan"),
            "errors": sum(errors), "lost_writes": lost, "writes": len(done)}


def _lost(store: Store, workshop: int, people: list[int],
          last_score: list[dict[tuple[int, int], float]], net_dots: list[int]) -> int:
    """Acknowledged writes the store does not show: score cells whose stored value is not the
    last one acknowledged, and voters whose stored dots differ from placed minus taken back."""
    lost = 0
    for k, person in enumerate(people):
        stored = {(int(r.idea_id), int(r.criterion_id)): float(r.value)
                  for r in store.scores_of(workshop, person).itertuples()}
        lost += sum(1 for cell, value in last_score[k].items() if stored.get(cell) != value)
        dots = int(store.my_dots(workshop, person, 1)["dots"].sum())
        lost += abs(dots - net_dots[k])
    return lost


def main() -> None:
    """Print each store's figures at each writer count as ``name: value unit`` lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, nargs="*", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--store", choices=["duckdb", "postgresql", "both"], default="both")
    parser.add_argument("--pause", type=float, nargs=2, default=[0.0, 0.0],
                        help="seconds each writer pauses between writes (min max)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="store-writes-"))
    cluster = None
    kinds = ["duckdb", "postgresql"] if args.store == "both" else [args.store]
    try:
        for kind in kinds:
            for writers in args.writers:
                if kind == "duckdb":
                    path = folder / f"bench-{writers}.duckdb"
                    factory: Callable[[], Store] = lambda p=path: DuckDBStore(p)  # noqa: E731
                else:
                    from tests.pg_cluster import Cluster
                    from workbench.store.pg_store import PostgresStore
                    cluster = cluster or Cluster(durable=True)
                    cluster.sql(f"CREATE DATABASE bench_{writers}")
                    url = cluster.url(f"bench_{writers}")
                    factory = lambda u=url: PostgresStore(u)  # noqa: E731
                got = measure(factory, writers, args.seconds, pause=tuple(args.pause))
                for name, value in got.items():
                    unit = {"writes_per_second": " writes/s", "p95_ms": " ms"}.get(name, "")
                    print(f"{kind}_{writers}_writers_{name}: {value}{unit}", flush=True)
    finally:
        if cluster is not None:
            cluster.remove()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
