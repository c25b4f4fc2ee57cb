"""Benchmark: KPI coverage and cross-workshop calibration on seeded synthetic data.

    python3 bench/bench_kpis.py [--workshops 50] [--ideas 200] [--raters 12] [--kpis 5]
        [--repeat 3]

Figures, one per line as ``name: value unit``, each the best of ``--repeat`` runs:
``coverage_ms`` (kpi_coverage of one workshop: ideas × KPIs links), ``calibration_ms``
(rater_calibration over every workshop's impact ratings of shipped ideas, a tenth of the
ideas shipped), ``ratings_rows`` (the ratings it read).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from workbench.domain.outcomes import Kpi  # noqa: E402
from workbench.engine.calibration import achieved, rater_calibration  # noqa: E402
from workbench.engine.kpi_coverage import kpi_coverage  # noqa: E402

SEED = 20261206


def best_ms(work, repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``work()``, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workshops", type=int, default=50)
    parser.add_argument("--ideas", type=int, default=200)
    parser.add_argument("--raters", type=int, default=12)
    parser.add_argument("--kpis", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    kpis = [Kpi(k, f"KPI {k}", "custom", "", 0.0, 10.0, "up") for k in range(args.kpis)]
    ideas = np.arange(args.ideas)
    links = pd.DataFrame({"idea_id": np.repeat(ideas, args.kpis),
                          "kpi_id": np.tile(np.arange(args.kpis), args.ideas),
                          "expected": rng.uniform(0.1, 3, args.ideas * args.kpis)})
    short, selected = set(ideas[: args.ideas // 4]), set(ideas[: args.ideas // 20])
    print(f"coverage_ms: {best_ms(lambda: kpi_coverage(kpis, links, set(ideas), short, selected), args.repeat):.1f} ms")  # noqa: E501
    shipped = args.ideas // 10
    n = args.workshops * shipped * args.raters
    ratings = pd.DataFrame({
        "rater": [f"Rater {r}" for r in np.tile(np.arange(args.raters), n // args.raters)],
        "workshop_id": np.repeat(np.arange(args.workshops), shipped * args.raters),
        "idea_id": np.repeat(np.arange(args.workshops * shipped), args.raters),
        "value": rng.integers(1, 6, n), "scale_min": 1.0, "scale_max": 5.0})
    outcomes = pd.DataFrame({"idea_id": np.arange(args.workshops * shipped),
                             "measured share": rng.uniform(-0.2, 1.2, args.workshops * shipped)})
    outcome_of = achieved(outcomes)
    print(f"calibration_ms: "
          f"{best_ms(lambda: rater_calibration(ratings, outcome_of), args.repeat):.1f} ms")
    print(f"ratings_rows: {n} rows")


if __name__ == "__main__":
    main()
