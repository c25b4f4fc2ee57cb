"""Estimates against outcomes: expected vs measured KPI change, and who over- or
under-estimates.

**Estimate vs outcome.** For every shipped idea and KPI with a measured change m and the
expected change e (both in the KPI's unit), the share of the gap each closes is e ÷ gap and
m ÷ gap, and the realisation m ÷ e. Example: NPS 20 → 35, expected +6, measured +3: 40 % and
20 % of the gap, realised 0.5.

**Calibration of a rater.** A rating is put on 0…1 within its criterion's scale
(p = (value − min) ÷ (max − min): 5 on 1–5 is 1.0, 4 is 0.75). An idea's outcome is put on
0…1 as the share of the gap its measured changes closed, each clipped to 0…1 and averaged
over the idea's measured KPIs (a = mean(clip(m ÷ gap))). The error is p − a; a rater's
*bias* is the mean error over every shipped idea they rated (above 0: over-estimates), their
*spread* the mean absolute error. With bias within ±``CALIBRATED_WITHIN`` a rater is called
well calibrated; with fewer than ``MIN_PAIRS`` rated outcomes nothing is said. Reading an
impact of 5 as "closes the whole gap" is a convention: the bias compares raters with each
other more fairly than with an absolute truth.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from workbench.domain.outcomes import Kpi
from workbench.domain.validate import name_skeleton

MIN_PAIRS = 2
CALIBRATED_WITHIN = 0.1
_IMPACT_WORDS = re.compile(r"impact|value|benefit|reach|reward|revenue|gain", re.IGNORECASE)
OUTCOME_COLUMNS = ["idea_id", "idea", "kpi_id", "KPI", "unit", "expected", "measured",
                   "expected share", "measured share", "realised"]


def estimate_vs_outcome(kpis: Sequence[Kpi], links: pd.DataFrame,
                        titles: Mapping[int, str]) -> pd.DataFrame:
    """One row per (idea, KPI) with a measured change: expected and measured in the KPI's
    unit and as shares of its gap, and measured ÷ expected. ``links``: idea_id, kpi_id,
    expected, measured (NaN until shipped)."""
    by_id = {k.id: k for k in kpis}
    rows = []
    for link in links.dropna(subset=["measured"]).itertuples():
        kpi = by_id.get(int(link.kpi_id))
        if kpi is None or int(link.idea_id) not in titles:
            continue
        expected, measured = float(link.expected), float(link.measured)
        rows.append([int(link.idea_id), titles[int(link.idea_id)], kpi.id, kpi.name,
                     kpi.unit, expected, measured, expected / kpi.gap, measured / kpi.gap,
                     measured / expected])
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)


def gap_shares(measured: pd.DataFrame) -> pd.DataFrame:
    """``measured`` (idea_id, baseline, target, measured) with "measured share": the measured
    change ÷ (target − baseline)."""
    shares = measured["measured"].astype(float) / (measured["target"] - measured["baseline"])
    return measured.assign(**{"measured share": shares})


def achieved(outcomes: pd.DataFrame) -> dict[int, float]:
    """Idea id → mean over its measured KPIs of the gap share closed, clipped to 0…1."""
    if outcomes.empty:
        return {}
    clipped = outcomes["measured share"].clip(0.0, 1.0)
    return {int(i): float(v) for i, v in clipped.groupby(outcomes["idea_id"]).mean().items()}


def impact_criteria(criteria: pd.DataFrame) -> list[int]:
    """Ids of the impact-like criteria (benefit criteria named like impact, value, reach …);
    the first benefit criterion when none is named so. ``criteria``: id, name, direction."""
    benefit = criteria[criteria["direction"] == "benefit"]
    named = benefit[benefit["name"].astype(str).str.contains(_IMPACT_WORDS)]
    chosen = named if not named.empty else benefit.head(1)
    return [int(i) for i in chosen["id"]]


def verdict(bias: float, pairs: int) -> str:
    """'over-estimates', 'under-estimates', 'well calibrated' or 'too few outcomes'."""
    if pairs < MIN_PAIRS:
        return "too few outcomes"
    if bias > CALIBRATED_WITHIN:
        return "over-estimates"
    if bias < -CALIBRATED_WITHIN:
        return "under-estimates"
    return "well calibrated"


def rater_calibration(ratings: pd.DataFrame, outcome_of: Mapping[int, float]) -> pd.DataFrame:
    """Per rater (matched by display name across workshops): rated outcomes, workshops, bias,
    spread and verdict, most biased first. ``ratings``: rater (display name), workshop_id,
    idea_id, value, scale_min, scale_max — one row per rating of an impact-like criterion."""
    columns = ["rater", "rated outcomes", "workshops", "bias", "spread", "verdict"]
    rated = ratings[ratings["idea_id"].astype(int).isin(list(outcome_of))].copy()
    if rated.empty:
        return pd.DataFrame(columns=columns)
    span = (rated["scale_max"] - rated["scale_min"]).astype(float)
    rated["p"] = (rated["value"] - rated["scale_min"]).astype(float) / span
    rated["error"] = rated["p"] - rated["idea_id"].astype(int).map(outcome_of)
    rated["who"] = rated["rater"].astype(str).map(name_skeleton)
    rows = []
    for _, group in rated.groupby("who", sort=True):
        bias = float(group["error"].mean())
        rows.append([str(group["rater"].iloc[0]), len(group), group["workshop_id"].nunique(),
                     bias, float(group["error"].abs().mean()), verdict(bias, len(group))])
    table = pd.DataFrame(rows, columns=columns)
    order = table["bias"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].reset_index(drop=True)
