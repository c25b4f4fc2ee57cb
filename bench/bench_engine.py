"""Benchmark: the prioritisation engine's heavy steps on seeded synthetic data (no database).

    python3 bench/bench_engine.py [--ideas 1000] [--criteria 5] [--draws 10000]
        [--portfolio-ideas 500] [--framework-ideas 10000] [--repeat 3]

Figures, one per line as ``name: value unit``, each the best of ``--repeat`` runs:
``sensitivity_seconds`` (simulate_weights over ideas × criteria × weight draws; target
< 2 s at 1,000 × 5 × 10,000), ``bootstrap_seconds`` (simulate_raters, weighted score),
``flip_seconds`` (smallest_weight_flip), ``pareto_seconds``, ``portfolio_seconds``
(best_portfolio; target < 1 s at 500 ideas), ``frameworks_seconds`` (compare_frameworks
over every framework; target < 0.5 s at 10,000 ideas), then ``peak_rss_mb``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from workbench.engine.pareto import pareto_front  # noqa: E402
from workbench.engine.portfolio import best_portfolio  # noqa: E402
from workbench.engine.robustness import (  # noqa: E402
    simulate_raters,
    simulate_weights,
)
from workbench.engine.weight_flip import smallest_weight_flip

SEED = 20250101


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Best wall time of ``repeat`` calls (after one warm-up) and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def max_rss_mb() -> float:
    """Peak RSS of the process (getrusage; KiB on Linux, bytes on macOS), in MB."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024) if platform.system() == "Darwin" else maxrss / 1024


def bench_sensitivity(ideas: int, criteria: int, draws: int, repeat: int) -> float:
    """simulate_weights on seeded 0–1 ratings; weights cycle 1, 2, 3."""
    rng = np.random.default_rng(SEED)
    normalised = rng.random((ideas, criteria))
    weights = np.array([k % 3 + 1 for k in range(criteria)], dtype=float)
    seconds, stats = best_of(lambda: simulate_weights(normalised, weights, draws=draws,
                                                      concentration=50.0, top_n=3, seed=1),
                             repeat)
    assert stats.ranked.min() == draws
    return seconds


def bench_bootstrap(ideas: int, raters: int, criteria: int, draws: int, repeat: int) -> float:
    """simulate_raters with the weighted score on 1–5 ratings, 10 % of cells unrated."""
    rng = np.random.default_rng(SEED + 1)
    tensor = rng.integers(1, 6, (raters, ideas, criteria)).astype(float)
    tensor[rng.random(tensor.shape) < 0.1] = np.nan
    weights = np.array([k % 3 + 1 for k in range(criteria)], dtype=float)
    p = weights / weights.sum()

    def weighted(means: np.ndarray) -> np.ndarray:
        return 100.0 * ((means - 1.0) / 4.0) @ p

    seconds, _ = best_of(lambda: simulate_raters(tensor, weighted, draws=draws, top_n=3,
                                                 seed=1), repeat)
    return seconds


def bench_flip(ideas: int, criteria: int, repeat: int) -> float:
    """smallest_weight_flip for the leader of seeded ratings."""
    rng = np.random.default_rng(SEED + 2)
    normalised = rng.random((ideas, criteria))
    weights = np.ones(criteria)
    leader = int(np.argmax(normalised @ weights))
    seconds, _ = best_of(lambda: smallest_weight_flip(normalised, weights, leader), repeat)
    return seconds


def bench_pareto(ideas: int, repeat: int) -> float:
    """pareto_front of seeded benefit and cost."""
    rng = np.random.default_rng(SEED + 3)
    benefit, cost = rng.random(ideas) * 100, rng.integers(1, 21, ideas).astype(float)
    seconds, _ = best_of(lambda: pareto_front(benefit, cost), repeat)
    return seconds


def bench_portfolio(ideas: int, repeat: int) -> float:
    """best_portfolio: values 0–100, costs 1–20 person-months, budget 30 % of the total."""
    rng = np.random.default_rng(SEED + 4)
    cost = rng.integers(1, 21, ideas).astype(float)
    items = pd.DataFrame({"idea_id": np.arange(1, ideas + 1),
                          "title": [f"Idea {i}" for i in range(1, ideas + 1)],
                          "value": rng.random(ideas) * 100, "cost": cost})
    seconds, portfolio = best_of(lambda: best_portfolio(items, 0.3 * cost.sum()), repeat)
    assert portfolio.total_cost <= 0.3 * cost.sum()
    return seconds


def bench_frameworks(ideas: int, repeat: int) -> float | None:
    """compare_frameworks over every framework (lead's workbench/compare.py).

    ASSUMED SIGNATURE: compare_frameworks(ideas: DataFrame[id, title], values: DataFrame
    (index idea_id, one column per criterion id), criteria: Sequence[Criterion],
    settings: EngineSettings, buckets: Series | None = None) -> Comparison.
    Returns None (figure skipped) when workbench.engine.compare is not available.
    """
    try:
        from workbench.domain.models import BENEFIT, COST, MOSCOW, Criterion
        from workbench.engine.compare import compare_frameworks
        from workbench.engine.settings import EngineSettings
    except ImportError as exc:
        print(f"frameworks skipped: {exc}", file=sys.stderr)
        return None
    # Names chosen so every framework finds its slots: RICE, both ICEs, WSJF, value ÷ effort.
    spec = [("Reach", BENEFIT, 0, 10_000, "free"), ("Impact", BENEFIT, 1, 10, "1-10"),
            ("Confidence", BENEFIT, 0, 100, "percent"), ("Effort", COST, 0, 24, "free"),
            ("Ease", BENEFIT, 1, 10, "1-10"), ("Time criticality", BENEFIT, 1, 21, "fibonacci"),
            ("Risk reduction", BENEFIT, 1, 21, "fibonacci")]
    criteria = [Criterion(k + 1, name, direction, low, high, 1.0, k, scale)
                for k, (name, direction, low, high, scale) in enumerate(spec)]
    rng = np.random.default_rng(SEED + 5)
    ids = np.arange(1, ideas + 1)
    values = pd.DataFrame({c.id: rng.uniform(c.scale_min, c.scale_max, ideas)
                           for c in criteria}, index=pd.Index(ids, name="idea_id"))
    values[4] = rng.integers(1, 25, ideas).astype(float)   # effort > 0
    idea_frame = pd.DataFrame({"id": ids, "title": [f"Idea {i}" for i in ids]})
    buckets = pd.Series(rng.choice(list(MOSCOW), ideas), index=pd.Index(ids, name="idea_id"))
    settings = EngineSettings()
    seconds, comparison = best_of(lambda: compare_frameworks(idea_frame, values, criteria,
                                                             settings, buckets), repeat)
    assert len(comparison.ranks) == ideas
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=1000, help="ideas for the simulations")
    parser.add_argument("--criteria", type=int, default=5, help="criteria")
    parser.add_argument("--draws", type=int, default=10_000, help="weight draws")
    parser.add_argument("--raters", type=int, default=10, help="raters for the bootstrap")
    parser.add_argument("--bootstrap-ideas", type=int, default=200,
                        help="ideas for the rater bootstrap")
    parser.add_argument("--bootstrap-draws", type=int, default=2000, help="bootstrap draws")
    parser.add_argument("--portfolio-ideas", type=int, default=500, help="portfolio ideas")
    parser.add_argument("--framework-ideas", type=int, default=10_000,
                        help="ideas for the cross-framework table and the Pareto front")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after one warm-up")
    args = parser.parse_args(argv)
    sizes = (args.ideas, args.criteria, args.draws, args.raters, args.bootstrap_ideas,
             args.bootstrap_draws, args.portfolio_ideas, args.framework_ideas, args.repeat)
    if min(sizes) < 1:
        parser.error("every size and --repeat must be at least 1")

    print(f"ideas: {args.ideas} ideas")
    print(f"criteria: {args.criteria} criteria")
    print(f"draws: {args.draws} draws")
    print(f"repeat: {args.repeat} runs")
    print(f"sensitivity_seconds: "
          f"{bench_sensitivity(args.ideas, args.criteria, args.draws, args.repeat):.3f} s")
    bootstrap = bench_bootstrap(args.bootstrap_ideas, args.raters, args.criteria,
                                args.bootstrap_draws, args.repeat)
    print(f"bootstrap_seconds: {bootstrap:.3f} s")
    print(f"flip_seconds: {bench_flip(args.ideas, args.criteria, args.repeat):.4f} s")
    print(f"pareto_seconds: {bench_pareto(args.framework_ideas, args.repeat):.4f} s")
    print(f"portfolio_seconds: {bench_portfolio(args.portfolio_ideas, args.repeat):.3f} s")
    frameworks = bench_frameworks(args.framework_ideas, args.repeat)
    if frameworks is not None:
        print(f"frameworks_seconds: {frameworks:.3f} s")
    print(f"peak_rss_mb: {max_rss_mb():.1f} MB")
    print(f"cpus: {os.cpu_count()} cpus")
    print(f"loadavg_1m: {os.getloadavg()[0]:.2f} load")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
