"""Do the raters agree well enough to trust the scores? Reliability per criterion (pure).

Per criterion: Krippendorff's alpha at the interval level over raters × ideas (missing ratings
allowed). Per idea × rater: how far a rater sits from the group, on each criterion's 0–1 scale.
And a short list of ideas to discuss first: disputed ideas near the top-N cut.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence

import krippendorff
import numpy as np
import pandas as pd

from workbench.domain.models import Criterion, InvalidInput

# Krippendorff's guidance (Content Analysis, 2nd ed., 2004, p. 241; repeated in "Computing
# Krippendorff's Alpha-Reliability", 2011): rely on variables with alpha >= .800, use
# .667 <= alpha < .800 only for tentative conclusions.
GOOD_ALPHA = 0.8
TENTATIVE_ALPHA = 0.667

NEEDS_RATERS = "needs ≥ 2 raters"
NEEDS_IDEAS = "needs ≥ 2 ideas rated by ≥ 2 raters"
NO_VARIATION = "no variation: everyone gave the same score"
NOT_AVAILABLE = "not available"

SCORE_COLUMNS = ("idea_id", "rater_id", "criterion_id", "value")
RELIABILITY_COLUMNS = ["criterion_id", "criterion", "raters", "ideas", "alpha", "reading", "note"]
DISCUSS_COLUMNS = ["idea_id", "title", "rank", "score", "spread", "agreement", "why"]


def _check_columns(frame: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InvalidInput(f"The {what} table is missing the column(s) {', '.join(missing)}; "
                           "pass the table the workbench built.")


def alpha_reading(alpha: float) -> str:
    """Plain words for an alpha, by Krippendorff's thresholds (0.8 good, 0.667 tentative)."""
    if alpha is None or not math.isfinite(alpha):
        return NOT_AVAILABLE
    if alpha >= GOOD_ALPHA:
        return "good (α ≥ 0.8)"
    if alpha >= TENTATIVE_ALPHA:
        return "tentative (0.667–0.8)"
    return "low (< 0.667)"


def _interval_alpha(grid: pd.DataFrame) -> tuple[float, str]:
    """Alpha of a raters × ideas grid (NaN = not rated) and a note when it is undefined."""
    if grid.shape[0] < 2:
        return math.nan, NEEDS_RATERS
    pairable = grid.loc[:, grid.notna().sum(axis=0) >= 2]
    if pairable.shape[1] < 2:
        return math.nan, NEEDS_IDEAS
    values = pairable.to_numpy(dtype=float)
    # Only pairable values enter alpha, so "all equal" is judged on them: the library raises
    # for one distinct value, or divides 0 by 0 when unpairable values widen its domain.
    if np.unique(values[~np.isnan(values)]).size < 2:
        return math.nan, NO_VARIATION
    try:
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            alpha = float(krippendorff.alpha(reliability_data=values,
                                             level_of_measurement="interval"))
    except (ValueError, ZeroDivisionError, FloatingPointError):
        return math.nan, NO_VARIATION
    if not math.isfinite(alpha):
        return math.nan, NO_VARIATION
    return alpha, ""


def criterion_reliability(scores: pd.DataFrame, criteria: Sequence[Criterion]) -> pd.DataFrame:
    """Krippendorff's interval alpha per criterion, with raters, ideas, a reading and a note.

    ``scores`` has idea_id, rater_id, criterion_id, value (NaN values are ignored). One row per
    criterion in ``criteria`` order: ``raters`` = distinct raters of that criterion, ``ideas`` =
    ideas with at least two ratings on it (only those carry information on agreement), ``alpha``
    (NaN when undefined) and ``reading`` by Krippendorff's own guidance — rely on α ≥ 0.800,
    draw only tentative conclusions from 0.667 ≤ α < 0.800, and treat lower as unreliable
    (K. Krippendorff, *Content Analysis: An Introduction to Its Methodology*, 2nd ed., 2004,
    p. 241; also "Computing Krippendorff's Alpha-Reliability", 2011). ``note`` says why alpha is
    missing: "needs ≥ 2 raters", "needs ≥ 2 ideas rated by ≥ 2 raters" or "no variation:
    everyone gave the same score". Never raises for thin data.
    """
    _check_columns(scores, SCORE_COLUMNS, "scores")
    rated = scores.loc[scores["value"].notna(), list(SCORE_COLUMNS)]
    rows = []
    for c in criteria:
        mine = rated[rated["criterion_id"] == c.id]
        # A repeated (idea, rater) row counts once, at its mean: one opinion per person.
        grid = (mine.groupby(["rater_id", "idea_id"])["value"].mean().unstack("idea_id")
                if len(mine) else pd.DataFrame())
        ideas = int((grid.notna().sum(axis=0) >= 2).sum()) if len(grid) else 0
        alpha, note = _interval_alpha(grid)
        rows.append({"criterion_id": c.id, "criterion": c.name, "raters": int(grid.shape[0]),
                     "ideas": ideas, "alpha": alpha, "reading": alpha_reading(alpha),
                     "note": note})
    out = pd.DataFrame(rows, columns=RELIABILITY_COLUMNS)
    return out.astype({"raters": "int64", "ideas": "int64", "alpha": "float64"})


def _unique_labels(labels: Sequence[str]) -> list[str]:
    # Two ideas may share a title; a chart axis would silently merge them, so number repeats.
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def rater_deviation_matrix(scores: pd.DataFrame, criteria: Sequence[Criterion],
                           idea_titles: Mapping[int, str],
                           rater_names: Mapping[int, str]) -> pd.DataFrame:
    """Ideas × raters: mean over criteria of (rater's 0–1 value − the idea's group mean).

    Values are put on each criterion's 0–1 scale, (value − scale_min) ÷ (scale_max − scale_min),
    with cost criteria inverted so 1 = best; positive means "rated the idea better than the
    group did". The group mean counts every rater in ``scores``. Rows are the ideas of
    ``idea_titles`` that have ratings, in its order, labelled by title (a repeated title gets
    " (2)"); columns are the raters of ``rater_names`` that rated, in its order, labelled by
    name. NaN where a rater did not rate the idea. Scores for other ideas, raters or criteria are
    left out of the rows and columns.
    """
    _check_columns(scores, SCORE_COLUMNS, "scores")
    scale = pd.DataFrame({"criterion_id": [c.id for c in criteria],
                          "low": [float(c.scale_min) for c in criteria],
                          "high": [float(c.scale_max) for c in criteria],
                          "cost": [c.is_cost for c in criteria]})
    frame = scores.loc[scores["value"].notna(), list(SCORE_COLUMNS)].merge(
        scale, on="criterion_id", how="inner")
    unit = (frame["value"].astype(float) - frame["low"]) / (frame["high"] - frame["low"])
    frame["unit"] = unit.where(~frame["cost"], 1.0 - unit)
    # One opinion per (idea, rater, criterion) even if a row repeats.
    frame = frame.groupby(["idea_id", "rater_id", "criterion_id"], as_index=False)["unit"].mean()
    frame["deviation"] = frame["unit"] - frame.groupby(["idea_id", "criterion_id"])[
        "unit"].transform("mean")
    wide = frame.groupby(["idea_id", "rater_id"])["deviation"].mean().unstack("rater_id")
    idea_ids = [i for i in idea_titles if i in wide.index]
    rater_ids = [r for r in rater_names if r in wide.columns]
    out = wide.reindex(index=idea_ids, columns=rater_ids).astype(float)
    out.index = pd.Index(_unique_labels([str(idea_titles[i]) for i in idea_ids]), name="idea")
    out.columns = pd.Index([str(rater_names[r]) for r in rater_ids], name="rater")
    return out


def _position(rank: float, top_n: int) -> str:
    if not math.isfinite(rank):
        return "it is not ranked yet"
    places = int(round(abs(rank - (top_n + 0.5)) + 0.5))
    where = f"it sits at #{int(rank)}"
    if places == 1:
        return f"{where}, next to the top-{top_n} cut"
    return f"{where}, {places} places from the top-{top_n} cut"


def discuss_first(spread: pd.DataFrame, table: pd.DataFrame, top_n: int,
                  limit: int = 5) -> pd.DataFrame:
    """Up to ``limit`` disputed ideas to talk about first, nearest the top-N cut first.

    ``spread`` comes from ``workbench.engine.agreement.idea_spread`` (idea_id, raters, min, max,
    spread, agreement); ``table`` is the ranking (idea_id, title, rank, score). Ordering rule:
    only ideas with low or medium agreement qualify (high agreement needs no discussion);
    they are sorted by distance to the cut, |rank − (top_n + 0.5)|, so #top_n and #top_n+1
    come first together — these are the ideas where disagreement can change the decision;
    ties go to the larger spread, then the better rank; unranked ideas come last. ``why``
    says it in plain words, e.g. "raters disagree (spread 0.34) and it sits at #4, next to the
    top-3 cut".
    """
    if top_n < 1:
        raise InvalidInput("The top-N cut must be at least 1.")
    if limit < 0:
        raise InvalidInput("The number of ideas to list cannot be negative.")
    _check_columns(spread, ("idea_id", "spread", "agreement"), "spread")
    _check_columns(table, ("idea_id", "title", "rank", "score"), "ranking")
    disputed = spread.loc[spread["agreement"].isin(["low", "medium"]),
                          ["idea_id", "spread", "agreement"]]
    merged = disputed.merge(table[["idea_id", "title", "rank", "score"]], on="idea_id",
                            how="inner")
    if merged.empty or limit == 0:
        return pd.DataFrame(columns=DISCUSS_COLUMNS)
    rank = pd.to_numeric(merged["rank"], errors="coerce").astype(float)
    merged["_distance"] = (rank - (top_n + 0.5)).abs().fillna(math.inf)
    merged["_rank"] = rank.fillna(math.inf)
    merged = merged.sort_values(["_distance", "spread", "_rank", "idea_id"],
                                ascending=[True, False, True, True]).head(limit)
    merged["why"] = [
        f"raters {'disagree' if a == 'low' else 'partly disagree'} (spread {s:.2f}) and "
        f"{_position(r, top_n)}"
        for a, s, r in zip(merged["agreement"], merged["spread"], merged["_rank"], strict=True)]
    return merged[DISCUSS_COLUMNS].reset_index(drop=True)
