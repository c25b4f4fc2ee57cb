"""engine.reliability: alpha per criterion, rater deviations, and what to discuss first."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.models import BENEFIT, COST, Criterion, InvalidInput
from workbench.engine.agreement import idea_spread
from workbench.engine.reliability import (
    NEEDS_IDEAS,
    NEEDS_RATERS,
    NO_VARIATION,
    alpha_reading,
    criterion_reliability,
    discuss_first,
    rater_deviation_matrix,
)

IMPACT = Criterion(1, "Impact", BENEFIT, 1, 5, 1.0, 0)
COST_ = Criterion(2, "Cost", COST, 1, 5, 1.0, 1)
FEAS = Criterion(3, "Feasibility", BENEFIT, 0, 10, 1.0, 2)

N = math.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers
# (A–D) × 12 units, "." = missing. Published: interval alpha = 0.849, nominal alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def frame_from_grid(grid, criterion_id: int = 1) -> pd.DataFrame:
    """raters × ideas grid (NaN = not rated) → long scores rows; rater r+1, idea u+1."""
    rows = [(u + 1, r + 1, criterion_id, float(v)) for r, line in enumerate(grid)
            for u, v in enumerate(line) if not math.isnan(v)]
    return pd.DataFrame(rows, columns=["idea_id", "rater_id", "criterion_id", "value"])


def test_alpha_matches_krippendorffs_own_worked_example():
    """Known answer: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
    Annenberg School for Communication, University of Pennsylvania, example C (4 observers ×
    12 units with missing values) publishes interval alpha = 0.849. Unit 12 has a single value,
    so 11 ideas carry information."""
    out = criterion_reliability(frame_from_grid(KRIPPENDORFF_2011), [IMPACT])
    row = out.iloc[0]
    assert round(row["alpha"], 3) == 0.849
    assert (row["criterion_id"], row["criterion"], row["raters"], row["ideas"]) == (
        1, "Impact", 4, 11)
    assert row["reading"] == "good (α ≥ 0.8)"
    assert row["note"] == ""


def pairwise_interval_alpha(grid: np.ndarray) -> float:
    """Alpha from its textbook definition: 1 − D_o / D_e over pairable values (squared diffs)."""
    units = [col[~np.isnan(col)] for col in grid.T]
    units = [u for u in units if len(u) >= 2]
    values = np.concatenate(units)
    n = len(values)
    observed = sum(((u[:, None] - u[None, :]) ** 2).sum() / (len(u) - 1) for u in units) / n
    expected = ((values[:, None] - values[None, :]) ** 2).sum() / (n * (n - 1))
    return 1 - observed / expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=6, max_size=6),
                min_size=2, max_size=5))
def test_alpha_agrees_with_the_textbook_formula_whenever_defined(lines):
    grid = np.array([[N if v is None else v for v in line] for line in lines], dtype=float)
    row = criterion_reliability(frame_from_grid(grid), [IMPACT]).iloc[0]
    pairable = grid[:, (~np.isnan(grid)).sum(axis=0) >= 2]
    values = pairable[~np.isnan(pairable)]
    if (len(np.unique(values)) < 2 or pairable.shape[1] < 2
            or row["raters"] < 2):
        assert math.isnan(row["alpha"]) and row["note"] != ""
    else:
        assert row["alpha"] == pytest.approx(pairwise_interval_alpha(grid), abs=1e-9)
        assert row["note"] == ""


def test_one_rater_gets_a_note_not_an_error():
    scores = frame_from_grid([[1, 2, 3, 4]])
    row = criterion_reliability(scores, [IMPACT]).iloc[0]
    assert math.isnan(row["alpha"])
    assert (row["raters"], row["note"], row["reading"]) == (1, NEEDS_RATERS, "not available")


def test_a_criterion_nobody_rated_needs_raters():
    scores = frame_from_grid(KRIPPENDORFF_2011, criterion_id=1)
    out = criterion_reliability(scores, [IMPACT, COST_])
    assert list(out["criterion"]) == ["Impact", "Cost"]
    assert out.iloc[1]["raters"] == 0 and out.iloc[1]["note"] == NEEDS_RATERS


def test_only_one_shared_idea_needs_more_ideas():
    scores = frame_from_grid([[1, 2, N], [3, N, 4]])
    row = criterion_reliability(scores, [IMPACT]).iloc[0]
    assert (row["raters"], row["ideas"], row["note"]) == (2, 1, NEEDS_IDEAS)
    assert math.isnan(row["alpha"])


def test_everyone_gave_the_same_score():
    scores = frame_from_grid([[3, 3, 3], [3, 3, 3], [3, N, 3]])
    row = criterion_reliability(scores, [IMPACT]).iloc[0]
    assert math.isnan(row["alpha"]) and row["note"] == NO_VARIATION


def test_same_score_on_shared_ideas_but_other_values_elsewhere():
    """The library divides 0 by 0 here (unpairable 5 widens its domain): still a note."""
    scores = frame_from_grid([[3, 3, 5], [3, 3, N]])
    row = criterion_reliability(scores, [IMPACT]).iloc[0]
    assert math.isnan(row["alpha"]) and row["note"] == NO_VARIATION


def test_perfect_agreement_and_systematic_disagreement():
    agree = criterion_reliability(frame_from_grid([[1, 3, 5], [1, 3, 5]]), [IMPACT]).iloc[0]
    assert agree["alpha"] == pytest.approx(1.0)
    flipped = criterion_reliability(frame_from_grid([[1, 5], [5, 1]]), [IMPACT]).iloc[0]
    assert flipped["alpha"] < 0 and flipped["reading"] == "low (< 0.667)"


def test_empty_scores_give_a_row_per_criterion():
    empty = pd.DataFrame(columns=["idea_id", "rater_id", "criterion_id", "value"])
    out = criterion_reliability(empty, [IMPACT, COST_])
    assert list(out["note"]) == [NEEDS_RATERS, NEEDS_RATERS]
    assert out["alpha"].isna().all()


def test_missing_columns_are_a_named_error():
    with pytest.raises(InvalidInput, match="missing the column"):
        criterion_reliability(pd.DataFrame({"idea_id": [1]}), [IMPACT])


@pytest.mark.parametrize(("alpha", "reading"), [
    (0.9, "good (α ≥ 0.8)"), (0.8, "good (α ≥ 0.8)"), (0.7, "tentative (0.667–0.8)"),
    (0.667, "tentative (0.667–0.8)"), (0.5, "low (< 0.667)"), (-0.2, "low (< 0.667)"),
    (math.nan, "not available")])
def test_readings_follow_krippendorffs_thresholds(alpha, reading):
    assert alpha_reading(alpha) == reading


def deviation_example() -> pd.DataFrame:
    rows = [(1, 10, 1, 5), (1, 20, 1, 3), (1, 10, 2, 1), (1, 20, 2, 3),
            (2, 10, 2, 5), (2, 20, 2, 1), (2, 30, 2, 3)]
    return pd.DataFrame(rows, columns=["idea_id", "rater_id", "criterion_id", "value"])


def test_deviation_matrix_signs_on_a_hand_example():
    """Impact (benefit) and Cost (cost), both 1–5, so 0–1 value = (v − 1) / 4, cost inverted.

    Idea 1, Impact: A 5 → 1.00, B 3 → 0.50, mean 0.75 → A +0.25, B −0.25.
    Idea 1, Cost:   A 1 → 1 − 0.00 = 1.00, B 3 → 1 − 0.50 = 0.50, mean 0.75 → A +0.25, B −0.25.
      → A +0.25, B −0.25 (mean of the two); C did not rate idea 1 → NaN.
    Idea 2, Cost only: A 5 → 0.00, B 1 → 1.00, C 3 → 0.50, mean 0.50 → A −0.50, B +0.50, C 0.
    A cheap rating of a cost criterion counts as rating the idea better (positive).
    """
    out = rater_deviation_matrix(deviation_example(), [IMPACT, COST_],
                                 {1: "Alpha idea", 2: "Beta idea"},
                                 {10: "Rater 1", 20: "Rater 2", 30: "Rater 3"})
    assert list(out.index) == ["Alpha idea", "Beta idea"]
    assert list(out.columns) == ["Rater 1", "Rater 2", "Rater 3"]
    assert out.loc["Alpha idea", "Rater 1"] == pytest.approx(0.25)
    assert out.loc["Alpha idea", "Rater 2"] == pytest.approx(-0.25)
    assert math.isnan(out.loc["Alpha idea", "Rater 3"])
    assert out.loc["Beta idea"].tolist() == pytest.approx([-0.5, 0.5, 0.0])


def test_deviations_of_an_idea_sum_to_zero_when_everyone_rated_everything():
    rng = np.random.default_rng(7)
    rows = [(i, r, c.id, float(rng.integers(c.scale_min, c.scale_max + 1)))
            for i in range(1, 6) for r in range(1, 5) for c in (IMPACT, COST_, FEAS)]
    scores = pd.DataFrame(rows, columns=["idea_id", "rater_id", "criterion_id", "value"])
    out = rater_deviation_matrix(scores, [IMPACT, COST_, FEAS], {i: f"I{i}" for i in range(1, 6)},
                                 {r: f"R{r}" for r in range(1, 5)})
    assert out.shape == (5, 4)
    assert out.sum(axis=1).to_numpy() == pytest.approx(np.zeros(5), abs=1e-12)
    assert (out.abs() <= 1).all().all()


def test_deviation_matrix_keeps_the_callers_order_and_numbers_repeated_titles():
    out = rater_deviation_matrix(deviation_example(), [IMPACT, COST_],
                                 {2: "Same", 1: "Same", 99: "Unrated"},
                                 {30: "C", 10: "A"})
    assert list(out.index) == ["Same", "Same (2)"]
    assert list(out.columns) == ["C", "A"]
    # Rater 2 is not shown but still counts in the group mean (idea 2: A −0.5).
    assert out.loc["Same", "A"] == pytest.approx(-0.5)


def ranking_table(n: int) -> pd.DataFrame:
    ids = range(1, n + 1)
    return pd.DataFrame({"idea_id": ids, "title": [f"Idea {i}" for i in ids], "rank": ids,
                         "score": np.linspace(90, 40, n)})


def spread_rows(rows) -> pd.DataFrame:
    return pd.DataFrame([{"idea_id": i, "raters": 3, "min": 1, "max": 5, "spread": s,
                          "agreement": a} for i, s, a in rows])


def test_discuss_first_puts_disputed_ideas_at_the_cut_first():
    spread = spread_rows([(1, 0.40, "low"), (2, 0.20, "medium"), (3, 0.05, "high"),
                          (4, 0.34, "low"), (6, 0.45, "low"), (8, 0.25, "medium")])
    out = discuss_first(spread, ranking_table(8), top_n=3)
    # #4 (distance 0.5) first; #2 (1.5); then #1 and #6 tie at 2.5 → larger spread (#6) first;
    # #8 last. #3 sits at the cut but raters agree, so it is not listed.
    assert list(out["rank"]) == [4, 2, 6, 1, 8]
    assert list(out.columns) == ["idea_id", "title", "rank", "score", "spread", "agreement",
                                 "why"]
    assert out.iloc[0]["why"] == ("raters disagree (spread 0.34) and it sits at #4, next to "
                                  "the top-3 cut")
    assert out.iloc[1]["why"] == ("raters partly disagree (spread 0.20) and it sits at #2, "
                                  "2 places from the top-3 cut")


def test_discuss_first_limit_unranked_and_empty():
    spread = spread_rows([(1, 0.40, "low"), (2, 0.35, "low"), (9, 0.5, "low")])
    table = pd.concat([ranking_table(2), pd.DataFrame(
        {"idea_id": [9], "title": ["Unscored"], "rank": [np.nan], "score": [np.nan]})])
    out = discuss_first(spread, table, top_n=1, limit=2)
    assert list(out["idea_id"]) == [1, 2]
    everything = discuss_first(spread, table, top_n=1)
    assert everything.iloc[-1]["idea_id"] == 9
    assert everything.iloc[-1]["why"].endswith("it is not ranked yet")
    empty = discuss_first(spread_rows([(1, 0.1, "high")]), table, top_n=1)
    assert empty.empty and "why" in empty.columns
    with pytest.raises(InvalidInput):
        discuss_first(spread, table, top_n=0)


def test_discuss_first_accepts_idea_spread_output():
    rows = [(1, 1, 1, 1), (1, 2, 1, 5), (2, 1, 1, 3), (2, 2, 1, 3)]
    scores = pd.DataFrame(rows, columns=["idea_id", "rater_id", "criterion_id", "value"])
    out = discuss_first(idea_spread(scores, [IMPACT]), ranking_table(2), top_n=1)
    assert list(out["idea_id"]) == [1]
    assert out.iloc[0]["spread"] == pytest.approx(0.5)
