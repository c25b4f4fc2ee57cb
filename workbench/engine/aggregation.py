"""From many raters' scores to one value per idea and criterion (pure).

Methods: mean; median; trimmed mean (the highest and lowest 20 % of ratings dropped, so one
outlier among five raters does not move the result). Optional calibration puts harsh and
lenient raters on a common footing before aggregating: each rating becomes the rater's
z-score on that criterion (how far above their own average, in their own standard
deviations), mapped back onto the scale with the whole group's mean and spread.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import trim_mean

from workbench.domain.models import Criterion
from workbench.domain.scales import SCALES

AGGREGATIONS = {
    "mean": "Mean",
    "median": "Median",
    "trimmed": "Trimmed mean (drops the highest and lowest 20 %)",
}
TRIM = 0.2


def calibrate(scores: pd.DataFrame, criteria: Sequence[Criterion]) -> pd.DataFrame:
    """Per rater and criterion: rating → group mean + z × group spread, clipped to the scale.

    A rater who gave the same rating to every idea (or rated one idea) expresses no
    preference on that criterion, so their ratings become the group mean.
    """
    if scores.empty:
        return scores.copy()
    frame = scores.copy()
    by_rater = frame.groupby(["rater_id", "criterion_id"])["value"]
    mine_mean = by_rater.transform("mean")
    mine_std = by_rater.transform(lambda s: s.std(ddof=0))
    by_criterion = frame.groupby("criterion_id")["value"]
    group_mean = by_criterion.transform("mean")
    group_std = by_criterion.transform(lambda s: s.std(ddof=0))
    z = ((frame["value"] - mine_mean) / mine_std.where(mine_std > 0)).fillna(0.0)
    adjusted = group_mean + z * group_std
    bounds = {c.id: (c.scale_min, None if SCALES.get(c.scale, SCALES["custom"]).open_top
                     else c.scale_max) for c in criteria}
    low = frame["criterion_id"].map(lambda c: bounds.get(c, (None, None))[0])
    high = frame["criterion_id"].map(lambda c: bounds.get(c, (None, None))[1])
    frame["value"] = adjusted.clip(lower=low.astype(float),
                                   upper=high.astype(float).fillna(np.inf))
    return frame


def aggregate(scores: pd.DataFrame, criteria: Sequence[Criterion], method: str = "mean",
              calibrated: bool = False) -> pd.DataFrame:
    """Raw rows (idea_id, rater_id, criterion_id, value) → wide: idea_id × criterion id."""
    if method not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {method!r}")
    columns = [c.id for c in criteria]
    if scores.empty:
        return pd.DataFrame(columns=pd.Index(columns, name="criterion_id"),
                            index=pd.Index([], name="idea_id", dtype="int64"), dtype=float)
    rows = calibrate(scores, criteria) if calibrated else scores
    grouped = rows.groupby(["idea_id", "criterion_id"])["value"]
    if method == "mean":
        long = grouped.mean()
    elif method == "median":
        long = grouped.median()
    else:
        long = grouped.agg(lambda s: float(trim_mean(s.to_numpy(), TRIM)))
    wide = long.unstack("criterion_id")
    wide.index = wide.index.astype("int64")
    return wide.reindex(columns=pd.Index(columns, name="criterion_id")).astype(float)


def rater_tensor(scores: pd.DataFrame, idea_ids: Sequence[int],
                 criterion_ids: Sequence[int]) -> tuple[np.ndarray, list[int]]:
    """(raters × ideas × criteria array with NaN gaps, rater ids) for resampling raters."""
    raters = sorted(int(r) for r in scores["rater_id"].unique()) if not scores.empty else []
    tensor = np.full((len(raters), len(idea_ids), len(criterion_ids)), np.nan)
    if raters:
        r_pos = {r: i for i, r in enumerate(raters)}
        i_pos = {int(i): k for k, i in enumerate(idea_ids)}
        c_pos = {int(c): k for k, c in enumerate(criterion_ids)}
        frame = scores[scores["idea_id"].isin(list(i_pos)) &
                       scores["criterion_id"].isin(list(c_pos))]
        tensor[frame["rater_id"].map(r_pos).to_numpy(), frame["idea_id"].map(i_pos).to_numpy(),
               frame["criterion_id"].map(c_pos).to_numpy()] = frame["value"].to_numpy(float)
    return tensor, raters
