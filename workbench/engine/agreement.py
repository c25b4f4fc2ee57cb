"""How much raters agree, per idea: spread of scores and its change between rounds (pure).

Spread is measured on each criterion's 0–1 scale so criteria with different scales compare:
std_c = population standard deviation of (score − low) ÷ (high − low) across raters, and an
idea's spread is the mean of std_c over criteria with at least two ratings.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.domain.models import Criterion

# Thresholds on the 0–1 spread: 0.15 ≈ raters within about one point on a 1–5 scale.
HIGH_AGREEMENT = 0.15
LOW_AGREEMENT = 0.30


def agreement_level(spread: float) -> str:
    """'high', 'medium' or 'low' agreement for a 0–1 spread."""
    if spread <= HIGH_AGREEMENT:
        return "high"
    if spread <= LOW_AGREEMENT:
        return "medium"
    return "low"


def idea_spread(scores: pd.DataFrame, criteria: Sequence[Criterion]) -> pd.DataFrame:
    """Per idea: raters, min/max of the raw scores, 0–1 spread and agreement, most disputed first.

    ``scores`` has idea_id, rater_id, criterion_id, value. Ideas with fewer than two raters on
    every criterion are left out (spread needs two opinions).
    """
    columns = ["idea_id", "raters", "min", "max", "spread", "agreement"]
    if scores.empty:
        return pd.DataFrame(columns=columns)
    scale = pd.DataFrame({"criterion_id": [c.id for c in criteria],
                          "low": [c.scale_min for c in criteria],
                          "high": [c.scale_max for c in criteria]})
    frame = scores.merge(scale, on="criterion_id", how="inner")
    frame["unit"] = (frame["value"] - frame["low"]) / (frame["high"] - frame["low"])
    grouped = frame.groupby(["idea_id", "criterion_id"])["unit"]
    per_criterion = pd.DataFrame({"n": grouped.size(),
                                  "std": grouped.std(ddof=0)}).reset_index()  # population
    per_criterion = per_criterion[per_criterion["n"] >= 2]
    if per_criterion.empty:
        return pd.DataFrame(columns=columns)
    spread = per_criterion.groupby("idea_id")["std"].mean().rename("spread")
    raw = frame.groupby("idea_id").agg(raters=("rater_id", "nunique"), min=("value", "min"),
                                       max=("value", "max"))
    out = raw.join(spread, how="inner").reset_index()
    out["agreement"] = out["spread"].map(agreement_level)
    return out.sort_values(["spread", "idea_id"], ascending=[False, True]).reset_index(
        drop=True)[columns]


def spread_change(before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.DataFrame, float | None]:
    """Per idea in both rounds: spread before, after and the change; plus the overall change.

    Overall change = mean spread after − mean spread before, over ideas in both rounds
    (negative = the team converged). None when no idea has a spread in both rounds.
    """
    joined = before[["idea_id", "spread"]].merge(after[["idea_id", "spread"]], on="idea_id",
                                                 suffixes=("_before", "_after"))
    joined["change"] = joined["spread_after"] - joined["spread_before"]
    overall = float(joined["change"].mean()) if len(joined) else None
    return joined.sort_values("change").reset_index(drop=True), overall
