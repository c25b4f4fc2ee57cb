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

from workbench.engine.voice import DETRACTOR_MAX, PROMOTER_MIN, SATISFIED_MIN, is_detractor

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
    score = pd.to_numeric(assigned["score"], errors="coerce").astype(float)
    on_nps = assigned["scale"].eq("nps") & score.notna()
    on_csat = assigned["scale"].eq("csat") & score.notna()
    frame = pd.DataFrame({
        "need_id": assigned["need_id"].astype("int64").to_numpy(),
        "id": assigned["id"].to_numpy(), "text": assigned["text"].to_numpy(),
        "det": is_detractor(assigned["score"], assigned["scale"]).fillna(False).astype(int
                                                                               ).to_numpy(),
        "scored": score.notna().astype(int).to_numpy(),
        "nps_n": on_nps.astype(int).to_numpy(),
        "pro": (on_nps & (score >= PROMOTER_MIN)).astype(int).to_numpy(),
        "nps_det": (on_nps & (score <= DETRACTOR_MAX)).astype(int).to_numpy(),
        "csat_n": on_csat.astype(int).to_numpy(),
        "sat": (on_csat & (score >= SATISFIED_MIN)).astype(int).to_numpy()})
    sums = frame.groupby("need_id", sort=True)[
        ["det", "scored", "nps_n", "pro", "nps_det", "csat_n", "sat"]].sum()
    mentions = frame.groupby("need_id", sort=True).size()
    picked = (frame.sort_values(["need_id", "det", "id"], ascending=[True, False, False])
              .groupby("need_id", sort=True).head(quotes))
    samples = picked.groupby("need_id", sort=True)["text"].agg(list)
    nps_n = sums["nps_n"].where(sums["nps_n"] > 0)
    csat_n = sums["csat_n"].where(sums["csat_n"] > 0)
    scored = sums["scored"].where(sums["scored"] > 0)
    out = pd.DataFrame({
        "need_id": sums.index.to_numpy(), "mentions": mentions.to_numpy(),
        "scored": sums["scored"].to_numpy(), "detractors": sums["det"].to_numpy(),
        "detractor_pct": (100.0 * sums["det"] / scored).to_numpy(),
        "nps": (100.0 * (sums["pro"] - sums["nps_det"]) / nps_n).to_numpy(),
        "csat": (100.0 * sums["sat"] / csat_n).to_numpy(),
        "quotes": samples.reindex(sums.index).to_list()})
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
