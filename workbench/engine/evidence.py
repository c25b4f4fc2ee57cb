"""Feedback as evidence per need: mentions, detractor share, NPS/CSAT, quotes, importance.

Evidence importance (1–5) of a need with feedback: weight = mentions + detractor mentions (a
detractor counts twice), importance = 1 + round(4 × weight / the highest weight of any need).
Example: need A has 10 mentions of which 4 detractors (weight 14), need B 3 mentions and no
detractor (weight 3): A gets 1 + round(4 × 14/14) = 5, B 1 + round(4 × 3/14 = 0.86) = 2. A
need without feedback has no evidence importance: its stated rating stays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.engine.voice import csat, is_detractor, nps

QUOTES_PER_NEED = 3
EVIDENCE_COLUMNS = ("need_id", "mentions", "scored", "detractors", "detractor_pct", "nps",
                    "csat", "evidence_importance", "quotes")


def need_evidence(feedback: pd.DataFrame, quotes: int = QUOTES_PER_NEED) -> pd.DataFrame:
    """Per need that has assigned feedback: mentions, scored mentions, detractors, % detractors
    of the scored ones, NPS, CSAT, evidence importance and up to ``quotes`` sample quotes
    (detractors first, then newest)."""
    assigned = feedback[feedback["need_id"].notna()] if not feedback.empty else feedback
    if assigned.empty:
        return pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
    frame = assigned.assign(
        need_id=assigned["need_id"].astype("int64"),
        _det=is_detractor(assigned["score"], assigned["scale"]).fillna(False).astype(bool),
        _scored=pd.to_numeric(assigned["score"], errors="coerce").notna())
    rows = []
    for need_id, group in frame.groupby("need_id", sort=True):
        ordered = group.sort_values(["_det", "id"], ascending=[False, False])
        scored = int(group["_scored"].sum())
        detractors = int(group["_det"].sum())
        rows.append({
            "need_id": int(need_id), "mentions": len(group), "scored": scored,
            "detractors": detractors,
            "detractor_pct": 100.0 * detractors / scored if scored else np.nan,
            "nps": nps(group.loc[group["scale"] == "nps", "score"]),
            "csat": csat(group.loc[group["scale"] == "csat", "score"]),
            "quotes": list(ordered["text"].head(quotes))})
    out = pd.DataFrame(rows)
    out["evidence_importance"] = evidence_importance(out["mentions"], out["detractors"])
    return out.loc[:, list(EVIDENCE_COLUMNS)]


def evidence_importance(mentions: pd.Series, detractors: pd.Series) -> pd.Series:
    """1 + round(4 × (mentions + detractors) / the highest such weight), as whole numbers."""
    weight = mentions.astype(float) + detractors.astype(float)
    top = weight.max() if len(weight) else 0.0
    if not top > 0:
        return pd.Series(np.nan, index=mentions.index)
    # floor(x + 0.5): halves round up, not to the even number as round() would.
    return (1 + np.floor(4 * weight / top + 0.5)).astype(int)


def importance_in_use(needs: pd.DataFrame, evidence: pd.DataFrame, use_evidence: bool
                      ) -> pd.Series:
    """Importance per need id: the stated rating, or — when ``use_evidence`` — the evidence
    importance where the need has feedback (the stated rating where it has none)."""
    stated = pd.Series(needs["importance"].to_numpy(float),
                       index=needs["id"].astype("int64").to_numpy())
    if not use_evidence or evidence.empty:
        return stated
    found = pd.Series(evidence["evidence_importance"].to_numpy(float),
                      index=evidence["need_id"].astype("int64").to_numpy())
    return found.reindex(stated.index).fillna(stated)


def with_importance(need_ratings: pd.DataFrame, importance: pd.Series) -> pd.DataFrame:
    """``need_ratings`` (idea_id, need_id, importance, satisfaction) with importance replaced
    by ``importance`` (per need id) where it has a value."""
    if need_ratings.empty:
        return need_ratings
    replaced = need_ratings["need_id"].astype("int64").map(importance)
    return need_ratings.assign(importance=replaced.fillna(need_ratings["importance"]))
