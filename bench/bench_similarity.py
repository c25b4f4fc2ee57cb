"""Quality and cost of the similar-idea engine, on any labelled files.

Usage: python3 bench/bench_similarity.py [--pairs tests/data/similar_pairs.csv]
                                         [--themes tests/data/themes.csv] [--lexical]

--pairs: columns a,b,label (duplicate/near/related/unrelated); duplicate and near are the
positives. Prints precision and recall at the shipped threshold, and how the rule that chose
it (the cut with the best F1, rounded to 0.05) holds up on pairs it did not see:
leave-one-out, and held-out halves (chosen on even rows, judged on odd rows, and back).
--themes: columns idea,theme; themes_ari when workbench/similarity/themes.py exists.
Costs: model_load_seconds (fresh process), lookup_ms (one new idea against 5,000 stored
vectors), duplicates_seconds (groups among 2,000 ideas), themes_seconds, model_rss_mb (what
loading and running the model adds to a process that already has numpy and pandas),
install_mb (the engine's packages and model on disk), peak_rss_mb.
Prints `name: value unit` lines.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.similarity import (  # noqa: E402
    alike_groups,
    best_matches,
    number_clash,
    number_key,
)
from workbench.similarity.engines import load  # noqa: E402
from workbench.similarity.lexical import LexicalEngine  # noqa: E402

POSITIVE = {"duplicate", "near"}
CUTS = np.round(np.arange(0.05, 0.96, 0.01), 2)


def precision_recall(scores: np.ndarray, truth: np.ndarray, cut: float) -> tuple[float, float]:
    """Precision and recall of "score ≥ cut" against the labels."""
    flagged = scores >= cut
    hits = int((flagged & truth).sum())
    return hits / max(int(flagged.sum()), 1), hits / max(int(truth.sum()), 1)


def best_cut(scores: np.ndarray, truth: np.ndarray) -> float:
    """The rule the shipped threshold comes from: the cut with the best F1 (ties: the higher,
    more precise cut); the shipped value rounds it to 0.05."""
    def f1(cut: float) -> float:
        p, r = precision_recall(scores, truth, cut)
        return 2 * p * r / (p + r) if p + r else 0.0
    return float(max(CUTS, key=lambda c: (round(f1(c), 6), c)))


def pair_quality(engine, pairs: pd.DataFrame) -> None:
    truth = pairs["label"].str.strip().str.lower().isin(POSITIVE).to_numpy()
    a = engine.embed(pairs["a"].astype(str).tolist())
    b = engine.embed(pairs["b"].astype(str).tolist())
    scores = (a * b).sum(axis=1)
    # As shipped: two texts that name different numbers never match.
    clash = [bool(number_clash([number_key(x)], [number_key(y)])[0, 0])
             for x, y in zip(pairs["a"].astype(str), pairs["b"].astype(str), strict=True)]
    scores[np.asarray(clash)] = 0.0
    p, r = precision_recall(scores, truth, engine.threshold)
    print(f"pairs: {len(pairs)} pairs ({int(truth.sum())} positive)")
    print(f"threshold: {engine.threshold:.2f} cosine (best-F1 cut here: "
          f"{best_cut(scores, truth):.2f})")
    print(f"precision: {p:.2f} ratio")
    print(f"recall: {r:.2f} ratio")
    loo = [best_cut(np.delete(scores, i), np.delete(truth, i)) for i in range(len(scores))]
    flagged = np.array([scores[i] >= loo[i] for i in range(len(scores))])
    hits = int((flagged & truth).sum())
    print(f"loo_threshold_median: {np.median(loo):.2f} cosine")
    print(f"loo_precision: {hits / max(int(flagged.sum()), 1):.2f} ratio")
    print(f"loo_recall: {hits / max(int(truth.sum()), 1):.2f} ratio")
    even = np.arange(len(scores)) % 2 == 0
    for name, fit, judge in (("even_to_odd", even, ~even), ("odd_to_even", ~even, even)):
        cut = best_cut(scores[fit], truth[fit])
        hp, hr = precision_recall(scores[judge], truth[judge], cut)
        print(f"heldout_{name}: cut {cut:.2f}, precision {hp:.2f}, recall {hr:.2f}")
    for label, group in pd.Series(scores).groupby(pairs["label"].to_numpy()):
        print(f"cosine_{label}: {group.mean():.2f} mean ({group.min():.2f}–{group.max():.2f})")


def adjusted_rand_index(truth: list, found: list) -> float:
    """Hubert & Arabie's adjusted Rand index of two labellings (1 = same grouping, ~0 = chance)."""
    _, t = np.unique(np.asarray(truth, dtype=str), return_inverse=True)
    _, f = np.unique(np.asarray(found), return_inverse=True)
    table = np.zeros((t.max() + 1, f.max() + 1))
    np.add.at(table, (t, f), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())
    both, rows, cols, n = pairs(table), pairs(table.sum(1)), pairs(table.sum(0)), len(t)
    expected = rows * cols / (n * (n - 1) / 2)
    top = (rows + cols) / 2
    return (both - expected) / (top - expected) if top != expected else 1.0


def themes_quality(engine, themes: pd.DataFrame) -> None:
    try:
        from workbench.similarity.themes import suggest_themes
    except ImportError:
        print("themes_ari: skipped (no themes engine: workbench/similarity/themes.py)")
        return
    texts = themes["idea"].astype(str).tolist()
    found = suggest_themes(texts, engine.embed(texts), themes["theme"].nunique())
    print(f"themes: {len(texts)} ideas in {themes['theme'].nunique()} themes")
    print(f"themes_ari: {adjusted_rand_index(themes['theme'].tolist(), found.labels):.2f} index")
    print("theme_names: " + "; ".join(found.names))


def model_rss_mb() -> float:
    """Resident memory a fresh process gains from the model: after numpy/pandas, before vs after
    loading it and embedding a batch (current RSS from /proc, not the peak)."""
    code = (f"import sys, psutil, numpy, pandas; sys.path.insert(0, {str(ROOT)!r}); "
            "me = psutil.Process(); before = me.memory_info().rss; "
            "from workbench.similarity.engines import load; e, _ = load(); "
            "e.embed(['a title of about eight words for the batch'] * 64); "
            "print((me.memory_info().rss - before) / 2**20)")
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                text=True).stdout.split()[-1])


def install_mb() -> float:
    """Disk taken by the engine's own packages and the shipped model folder."""
    import onnxruntime
    import tokenizers

    from workbench.similarity.engines import MODEL_DIR
    folders = [Path(onnxruntime.__file__).parent, Path(tokenizers.__file__).parent, MODEL_DIR]
    return sum(f.stat().st_size for d in folders for f in d.rglob("*") if f.is_file()) / 2**20


def costs(engine, folder: Path | None) -> None:
    started = time.perf_counter()
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
            "from workbench.similarity.engines import load; load()") if folder else "pass"
    subprocess.run([sys.executable, "-c", code], check=True)
    print(f"model_load_seconds: {time.perf_counter() - started:.2f} s (fresh process, "
          "including Python start)")
    if folder:
        print(f"model_rss_mb: {model_rss_mb():.0f} MB (RSS added by loading the model and "
              "embedding 64 titles, fresh process)")
        print(f"install_mb: {install_mb():.0f} MB (onnxruntime, tokenizers and the model "
              "folder on disk)")
    rng = np.random.default_rng(7)
    vocabulary = ("export report mobile app dark mode login google invoice delivery map student "
                  "discount office coffee patient booking lecture bike parking search chat "
                  "support price plan refund parcel team weekly email reminder")
    words = vocabulary.split()
    titles = [" ".join(rng.choice(words, size=rng.integers(3, 8))) for _ in range(5000)]
    started = time.perf_counter()
    stored = engine.embed(titles)
    print(f"embed_5000_seconds: {time.perf_counter() - started:.2f} s")
    runs = []
    for title in titles[:50]:
        started = time.perf_counter()
        best_matches(engine.embed([title + " please"])[0], stored, engine.threshold)
        runs.append(time.perf_counter() - started)
    print(f"lookup_ms: {1000 * float(np.median(runs)):.2f} ms (one idea vs 5,000, median of 50)")
    started = time.perf_counter()
    alike_groups(engine.embed(titles[:2000]), engine.threshold)
    print(f"duplicates_seconds: {time.perf_counter() - started:.2f} s (2,000 ideas, embedding "
          "included)")
    try:
        from workbench.similarity.themes import suggest_themes
    except ImportError:
        return
    started = time.perf_counter()
    suggest_themes(titles[:2000], engine.embed(titles[:2000]), 20)
    print(f"themes_seconds: {time.perf_counter() - started:.2f} s (2,000 ideas, 20 themes, "
          "embedding and names included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "tests/data/similar_pairs.csv")
    parser.add_argument("--themes", type=Path, default=ROOT / "tests/data/themes.csv")
    parser.add_argument("--lexical", action="store_true", help="measure the fallback engine")
    args = parser.parse_args()
    if args.lexical:
        engine, note = LexicalEngine(), "lexical fallback (asked for)"
    else:
        engine, status = load()
        note = status.note or "semantic"
    print(f"engine: {engine.name} ({note})")
    pair_quality(engine, pd.read_csv(args.pairs))
    themes_quality(engine, pd.read_csv(args.themes))
    costs(engine, None if args.lexical else ROOT)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak_rss_mb: {peak:.0f} MB (this process: engine, 5,000 vectors, 2,000² matrix)")


if __name__ == "__main__":
    main()
