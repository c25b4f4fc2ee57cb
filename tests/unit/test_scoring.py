"""Known-answer tests for the weighted score, worked by hand in each docstring."""

import math

import pandas as pd
import pytest

from workbench.domain.models import BENEFIT, COST, Criterion, InvalidWeights
from workbench.engine.scoring import (
    NOT_SCORED,
    aggregate_scores,
    count_raters,
    explain_formula,
    explain_idea,
    rank_ideas,
)

IMPACT = Criterion(1, "Impact", BENEFIT, 1, 5, 1.0, 0)
COST_ = Criterion(2, "Cost", COST, 1, 5, 1.0, 1)
FEAS = Criterion(3, "Feasibility", BENEFIT, 1, 5, 1.0, 2)


def ideas(*titles: str) -> pd.DataFrame:
    return pd.DataFrame({"id": range(1, len(titles) + 1), "title": list(titles)})


def scores(rows: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["idea_id", "rater_id", "criterion_id", "value"])


def rank(idea_frame, criteria, rows):
    raw = scores(rows)
    return rank_ideas(idea_frame, criteria, aggregate_scores(raw), count_raters(raw))


def test_two_raters_three_equal_weights_worked_by_hand():
    """Rater A: impact 5, cost 1, feasibility 5; rater B: 3, 3, 3.

    Means 4, 2, 4. Normalised: impact (4-1)/4 = 0.75; cost 1 - (2-1)/4 = 0.75;
    feasibility 0.75. Score = 100 × (0.75 + 0.75 + 0.75) / 3 = 75.0; each criterion adds 25.
    """
    r = rank(ideas("Checklist"), [IMPACT, COST_, FEAS],
             [(1, 10, 1, 5), (1, 10, 2, 1), (1, 10, 3, 5), (1, 11, 1, 3), (1, 11, 2, 3),
              (1, 11, 3, 3)])
    assert r.table["score"].tolist() == [75.0]
    assert r.contributions.loc[1].tolist() == [25.0, 25.0, 25.0]
    assert r.table["raters"].tolist() == [2]


def test_weights_change_the_order_worked_by_hand():
    """Impact weight 3, cost weight 1 (total 4).

    A: impact 5 → 1.0, cost 5 → 0.0: score = 100 × (3×1.0 + 1×0.0) / 4 = 75.
    B: impact 3 → 0.5, cost 1 → 1.0: score = 100 × (3×0.5 + 1×1.0) / 4 = 62.5.
    With equal weights B would win: A = 50, B = 75.
    """
    heavy = [Criterion(1, "Impact", BENEFIT, 1, 5, 3.0, 0),
             Criterion(2, "Cost", COST, 1, 5, 1.0, 1)]
    rows = [(1, 9, 1, 5), (1, 9, 2, 5), (2, 9, 1, 3), (2, 9, 2, 1)]
    r = rank(ideas("A", "B"), heavy, rows)
    assert r.table[["title", "score"]].values.tolist() == [["A", 75.0], ["B", 62.5]]
    equal = [IMPACT, COST_]
    r2 = rank(ideas("A", "B"), equal, rows)
    assert r2.table[["title", "score"]].values.tolist() == [["B", 75.0], ["A", 50.0]]


def test_cost_is_inverted_so_cheapest_scores_highest():
    """Cost only: means 1, 3, 5 → normalised 1 - 0, 1 - 0.5, 1 - 1 → scores 100, 50, 0."""
    r = rank(ideas("cheap", "mid", "dear"), [COST_], [(1, 1, 2, 1), (2, 1, 2, 3), (3, 1, 2, 5)])
    assert r.table[["title", "score"]].values.tolist() == [["cheap", 100.0], ["mid", 50.0],
                                                            ["dear", 0.0]]


def test_non_default_scale_normalises_by_its_own_range():
    """Scale 0–10, benefit, mean 7.5 → (7.5 - 0) / 10 = 0.75 → 75."""
    ten = Criterion(7, "Value", BENEFIT, 0, 10, 2.0, 0)
    r = rank(ideas("x"), [ten], [(1, 1, 7, 7), (1, 2, 7, 8)])
    assert r.table["score"].tolist() == [75.0]


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    """Scores 100, 75, 75, 50 → ranks 1, 2, 2, 4 (competition ranking); ties by title."""
    rows = [(1, 1, 1, 5), (2, 1, 1, 4), (3, 1, 1, 4), (4, 1, 1, 3)]
    r = rank(ideas("top", "zeta", "alpha", "low"), [IMPACT], rows)
    assert r.table[["rank", "title"]].values.tolist() == [[1, "top"], [2, "alpha"], [2, "zeta"],
                                                          [4, "low"]]


def test_float_noise_does_not_break_a_tie():
    """Means 0.1+0.2 style noise: (1+2+... ) — both ideas have identical inputs, so they tie."""
    rows = [(1, 1, 1, 1), (1, 2, 1, 2), (1, 3, 1, 4), (2, 3, 1, 1), (2, 2, 1, 4), (2, 1, 1, 2)]
    r = rank(ideas("a", "b"), [IMPACT], rows)
    assert r.table["rank"].tolist() == [1, 1]


def test_unscored_ideas_are_listed_not_ranked_as_zero():
    r = rank(ideas("scored", "never"), [IMPACT, COST_], [(1, 1, 1, 5), (1, 1, 2, 1)])
    assert r.table["title"].tolist() == ["scored"]
    assert r.unranked[["title", "reason"]].values.tolist() == [["never", NOT_SCORED]]


def test_partly_scored_idea_names_the_missing_criteria():
    r = rank(ideas("half"), [IMPACT, COST_, FEAS], [(1, 1, 1, 5)])
    assert r.table.empty
    assert r.unranked["reason"].tolist() == ["partly scored — missing Cost, Feasibility"]


def test_zero_weight_criterion_is_ignored_and_not_required():
    """Feasibility weight 0: the idea needs only impact; score = 100 × 1.0 = 100."""
    zero = Criterion(3, "Feasibility", BENEFIT, 1, 5, 0.0, 2)
    r = rank(ideas("x"), [IMPACT, zero], [(1, 1, 1, 5)])
    assert r.table["score"].tolist() == [100.0]
    assert [c.name for c in r.criteria] == ["Impact"]


@pytest.mark.parametrize("weights", [(0.0, 0.0), (0.0,)])
def test_all_zero_weights_are_refused(weights):
    criteria = [Criterion(i, f"c{i}", BENEFIT, 1, 5, w, i) for i, w in enumerate(weights)]
    with pytest.raises(InvalidWeights, match="weight above 0"):
        rank(ideas("x"), criteria, [(1, 1, 0, 3)])


def test_scaling_all_weights_changes_nothing():
    rows = [(1, 1, 1, 5), (1, 1, 2, 4), (2, 1, 1, 2), (2, 1, 2, 1)]
    base = rank(ideas("a", "b"), [IMPACT, COST_], rows).table
    scaled_criteria = [Criterion(c.id, c.name, c.direction, 1, 5, c.weight * 7.5, c.position)
                       for c in (IMPACT, COST_)]
    scaled = rank(ideas("a", "b"), scaled_criteria, rows).table
    pd.testing.assert_frame_equal(base, scaled)


def test_contributions_add_up_to_the_score():
    rows = [(i, r, c, (i * 7 + r * 3 + c) % 5 + 1) for i in range(1, 8) for r in range(4)
            for c in (1, 2, 3)]
    r = rank(ideas(*[f"i{i}" for i in range(1, 8)]), [IMPACT, COST_, FEAS], rows)
    sums = r.contributions.sum(axis=1).to_numpy()
    assert all(math.isclose(a, b, abs_tol=1e-6) for a, b in zip(sums, r.table["score"],
                                                                strict=True))


def test_explain_idea_breaks_the_score_down_per_criterion():
    r = rank(ideas("x"), [IMPACT, COST_], [(1, 1, 1, 4), (1, 1, 2, 2)])
    table = explain_idea(r, 1)
    assert table["criterion"].tolist() == ["Impact", "Cost"]
    assert table["0–1 value"].tolist() == [0.75, 0.75]
    assert table["points"].tolist() == [37.5, 37.5]
    assert table["direction"].tolist() == ["higher is better", "lower is better"]


def test_formula_in_words_names_criteria_weights_and_ignored_ones():
    lines = explain_formula([IMPACT, Criterion(2, "Cost", COST, 1, 5, 2.0, 1),
                             Criterion(3, "Risk", COST, 1, 5, 0.0, 2)])
    text = " ".join(lines)
    assert "Impact × 1 + Cost × 2" in text and "÷ 3" in text
    assert "not counted: Risk" in text


def test_aggregate_matches_a_hand_count():
    raw = scores([(1, 1, 1, 5), (1, 2, 1, 2), (1, 2, 2, 4)])
    agg = aggregate_scores(raw).sort_values(["idea_id", "criterion_id"])
    assert agg[["mean", "n"]].values.tolist() == [[3.5, 2], [4.0, 1]]
    assert count_raters(raw)["raters"].tolist() == [2]
