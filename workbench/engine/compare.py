"""Cross-framework check: the same ideas ranked by every framework that can score them.

Agreement with the chosen framework is Spearman's ρ and Kendall's τ over the ideas both
rank; the ideas whose rank moves most between frameworks are the ones to talk about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import kendalltau, spearmanr

from workbench.domain.models import Criterion, InvalidWeights
from workbench.engine.frameworks import FRAMEWORKS, moscow_order, rank_scores, score_framework
from workbench.engine.scoring import rank_values
from workbench.engine.settings import EngineSettings


@dataclass(frozen=True)
class Comparison:
    ranks: pd.DataFrame         # idea_id, title, then one rank column per framework name
    correlations: pd.DataFrame  # framework, ideas, spearman, kendall (vs the reference)
    movers: pd.DataFrame        # idea_id, title, best, worst, jump — biggest jumps first
    skipped: dict[str, str]     # framework name → why it could not rank anything
    reference: str              # the chosen framework's name


def framework_ranks(ideas: pd.DataFrame, values: pd.DataFrame, criteria: Sequence[Criterion],
                    settings: EngineSettings, buckets: pd.Series | None = None
                    ) -> tuple[dict[str, pd.Series], dict[str, str]]:
    """Per framework name: ranks by idea_id (only ranked ideas); plus the ones skipped."""
    ranks: dict[str, pd.Series] = {}
    skipped: dict[str, str] = {}
    weighted_scores = None
    try:
        weighted = rank_values(ideas, criteria, values, normalisation=settings.normalisation)
        weighted_scores = weighted.table.set_index("idea_id")["score"]
        ranks[FRAMEWORKS["weighted"].name] = rank_scores(weighted_scores)
    except InvalidWeights as exc:
        skipped[FRAMEWORKS["weighted"].name] = str(exc)
    for key, framework in FRAMEWORKS.items():
        if framework.compute is None:
            continue
        result = score_framework(key, values, criteria, settings.slot_choice(key),
                                 settings.rescaled_roles(key))
        if result.missing_slots:
            skipped[framework.name] = "no criterion for " + ", ".join(
                s.label for s in result.missing_slots)
        elif result.scores.empty:
            skipped[framework.name] = "no idea has every input"
        else:
            ranks[framework.name] = rank_scores(result.scores)
    if buckets is not None and not buckets.empty and weighted_scores is not None:
        ranks[FRAMEWORKS["moscow"].name] = moscow_order(buckets, weighted_scores)
    return ranks, skipped


def compare_frameworks(ideas: pd.DataFrame, values: pd.DataFrame,
                       criteria: Sequence[Criterion], settings: EngineSettings,
                       buckets: pd.Series | None = None, movers: int = 10) -> Comparison:
    """Ranks side by side, correlation with the chosen framework, and the biggest movers."""
    ranks, skipped = framework_ranks(ideas, values, criteria, settings, buckets)
    ids = pd.Index(ideas["id"].astype("int64"), name="idea_id")
    table = pd.DataFrame({"idea_id": ids.to_numpy(), "title": ideas["title"].to_numpy()})
    for name, series in ranks.items():
        table[name] = series.reindex(ids).to_numpy(dtype=float)
    reference = FRAMEWORKS[settings.framework].name
    if reference not in ranks and ranks:
        reference = next(iter(ranks))
    names = list(ranks)
    if reference in names:
        names.remove(reference)
        names.insert(0, reference)
    table = table[["idea_id", "title", *names]]
    if names:
        table = table.sort_values([names[0], "title"], na_position="last", kind="stable")
    rows = []
    for name in names[1:]:
        both = table[[reference, name]].dropna()
        rho = tau = float("nan")
        if len(both) >= 3 and both[reference].nunique() > 1 and both[name].nunique() > 1:
            rho = float(spearmanr(both[reference], both[name]).statistic)
            tau = float(kendalltau(both[reference], both[name]).statistic)
        rows.append({"framework": name, "ideas": len(both), "spearman": rho, "kendall": tau})
    correlations = pd.DataFrame(rows, columns=["framework", "ideas", "spearman", "kendall"])
    rank_block = table[names].to_numpy(dtype=float) if names else np.empty((len(table), 0))
    counted = (~np.isnan(rank_block)).sum(axis=1) >= 2 if names else np.zeros(len(table), bool)
    # fmin/fmax skip NaN (an idea one framework cannot rank) without warning on all-NaN rows.
    best = np.fmin.reduce(rank_block, axis=1) if names else np.full(len(table), np.nan)
    worst = np.fmax.reduce(rank_block, axis=1) if names else np.full(len(table), np.nan)
    moved = pd.DataFrame({"idea_id": table["idea_id"].to_numpy(),
                          "title": table["title"].to_numpy(), "best": best, "worst": worst})
    moved["jump"] = moved["worst"] - moved["best"]
    moved = moved[counted & (moved["jump"] > 0)].sort_values(
        ["jump", "best"], ascending=[False, True], kind="stable").head(movers)
    return Comparison(table.reset_index(drop=True), correlations, moved.reset_index(drop=True),
                      skipped, reference)
