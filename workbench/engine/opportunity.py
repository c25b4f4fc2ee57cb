"""Customer needs feed the score: opportunity per need and the "serves important needs" value.

Opportunity (A. Ulwick, Outcome-Driven Innovation): importance + max(importance −
satisfaction, 0). On this workbench's 1–5 ratings that is 1 … 9: important needs that
customers are unhappy with score highest. A need with no satisfaction rating counts no gap.
An idea's value is the highest opportunity among the needs it is tagged to (serving one
burning need matters more than touching many mild ones); an idea tagged to no need gets 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.domain.models import BENEFIT, Criterion

NEEDS_CRITERION_ID = 0
NEEDS_CRITERION_NAME = "Serves important needs"
IMPORTANCE_MAX = 5
OPPORTUNITY_MAX = 2 * IMPORTANCE_MAX - 1


def opportunity(importance: np.ndarray | float, satisfaction: np.ndarray | float
                ) -> np.ndarray:
    """importance + max(importance − satisfaction, 0); unknown satisfaction adds nothing."""
    imp = np.asarray(importance, dtype=float)
    sat = np.asarray(satisfaction, dtype=float)
    gap = np.where(np.isnan(sat), 0.0, np.maximum(imp - sat, 0.0))
    return imp + gap


def needs_criterion(weight: float) -> Criterion:
    """The derived benefit criterion (0 = serves no need … 9 = most underserved need)."""
    return Criterion(NEEDS_CRITERION_ID, NEEDS_CRITERION_NAME, BENEFIT, 0.0,
                     float(OPPORTUNITY_MAX), float(weight), 10_000, "custom", "opportunity")


def needs_values(idea_ids: Sequence[int], need_ratings: pd.DataFrame) -> pd.Series:
    """Per idea: the highest opportunity among its tagged needs (0 when it has none)."""
    ids = pd.Index([int(i) for i in idea_ids], name="idea_id")
    if need_ratings.empty:
        return pd.Series(0.0, index=ids, name=NEEDS_CRITERION_ID)
    opp = opportunity(need_ratings["importance"].to_numpy(float),
                      need_ratings["satisfaction"].astype("float64").to_numpy())
    best = pd.Series(opp, index=need_ratings["idea_id"].astype("int64")).groupby(level=0).max()
    return best.reindex(ids).fillna(0.0).rename(NEEDS_CRITERION_ID)
