"""engine.evaluate end to end on small hand-built workshops (3–4 ideas, 2 raters)."""

import pandas as pd
import pytest

from workbench.domain.models import BENEFIT, COST, Criterion, InvalidWeights
from workbench.engine.aggregation import aggregate
from workbench.engine.evaluation import evaluate, evaluation_criteria
from workbench.engine.opportunity import NEEDS_CRITERION_ID, NEEDS_CRITERION_NAME
from workbench.engine.settings import DEFAULTS, apply_changes

IDEAS = pd.DataFrame({"id": [1, 2, 3], "title": ["A", "B", "C"]})


def rows(data) -> pd.DataFrame:
    return pd.DataFrame(data, columns=["idea_id", "rater_id", "criterion_id", "value"])


def two_raters(per_idea: dict[int, tuple[list[float], list[float]]], criteria) -> pd.DataFrame:
    """{idea: (rater 10's ratings, rater 11's ratings)} in criteria order → raw rows."""
    out = []
    for idea, (first, second) in per_idea.items():
        for rater, ratings in ((10, first), (11, second)):
            out += [(idea, rater, c.id, v) for c, v in zip(criteria, ratings, strict=True)]
    return rows(out)


def settings(**changes):
    return apply_changes(DEFAULTS, changes)


def order(evaluation) -> list[str]:
    return evaluation.table["title"].tolist()


# ---- weighted and MoSCoW -------------------------------------------------------------------

IMPACT = Criterion(1, "Impact", BENEFIT, 1, 5, 1.0, 0, "1-5")
COST_ = Criterion(2, "Cost", COST, 1, 5, 1.0, 1, "1-5")
WEIGHTED = [IMPACT, COST_]
# Means: A impact 4.5, cost 4; B 3.5, 1.5; C 2, 2.5.
WEIGHTED_SCORES = two_raters({1: ([5, 4], [4, 4]), 2: ([3, 1], [4, 2]), 3: ([2, 2], [2, 3])},
                             WEIGHTED)


def test_weighted_order_and_scores_by_hand():
    """A: impact (4.5 − 1) ÷ 4 = 0.875, cost 1 − (4 − 1) ÷ 4 = 0.25 → 100 × 1.125 ÷ 2 = 56.25.
    B: 0.625, 1 − 0.125 = 0.875 → 75.  C: 0.25, 1 − 0.375 = 0.625 → 43.75.  Order B, A, C.
    """
    ev = evaluate(IDEAS, WEIGHTED, WEIGHTED_SCORES, DEFAULTS)
    assert order(ev) == ["B", "A", "C"]
    assert ev.table["score"].tolist() == [75.0, 56.25, 43.75]
    assert ev.table["rank"].tolist() == [1, 2, 3]
    assert ev.table["raters"].tolist() == [2, 2, 2]
    assert ev.formula is None and ev.weighted is not None
    assert ev.incomplete.empty


def test_relative_normalisation_setting_is_used():
    """Relative: impact 4.5, 3.5, 2 → 1, 0.6, 0; cost 4, 1.5, 2.5 → 1, 0, 0.4, inverted 0, 1,
    0.6. A = 100 × 1 ÷ 2 = 50; B = 100 × 1.6 ÷ 2 = 80; C = 100 × 0.6 ÷ 2 = 30."""
    ev = evaluate(IDEAS, WEIGHTED, WEIGHTED_SCORES, settings(normalisation="relative"))
    assert order(ev) == ["B", "A", "C"]
    assert ev.table["score"].tolist() == pytest.approx([80.0, 50.0, 30.0])


def test_moscow_orders_by_bucket_then_score_and_lists_the_unscored():
    """C is a Must (43.75), A a Should (56.25), B a Could (75): MoSCoW order C, A, B though B
    has the best weighted score. D is a Must nobody scored: listed as not yet scored."""
    ideas = pd.concat([IDEAS, pd.DataFrame({"id": [4], "title": ["D"]})], ignore_index=True)
    buckets = pd.DataFrame({"idea_id": [3, 1, 2, 4], "moscow": ["must", "should", "could",
                                                               "must"]})
    ev = evaluate(ideas, WEIGHTED, WEIGHTED_SCORES, settings(framework="moscow"),
                  buckets=buckets)
    assert order(ev) == ["C", "A", "B"]
    assert ev.table["rank"].tolist() == [1, 2, 3]
    assert ev.table["bucket"].tolist() == ["must", "should", "could"]
    assert ev.table["score"].tolist() == [43.75, 56.25, 75.0]
    assert ev.incomplete.to_dict("records") == [
        {"idea_id": 4, "title": "D", "reason": "not yet scored"}]
    assert ev.buckets.to_dict() == {1: "should", 2: "could", 3: "must", 4: "must"}


@pytest.mark.parametrize("framework", ["weighted", "moscow"])
def test_all_zero_weights_raise_for_methods_that_need_weights(framework):
    zero = [Criterion(c.id, c.name, c.direction, c.scale_min, c.scale_max, 0.0, c.position,
                      c.scale) for c in WEIGHTED]
    with pytest.raises(InvalidWeights, match="At least one criterion needs a weight above 0"):
        evaluate(IDEAS, zero, WEIGHTED_SCORES, settings(framework=framework))


# ---- needs ---------------------------------------------------------------------------------

NEEDS = pd.DataFrame({"idea_id": [1, 3], "importance": [5, 3], "satisfaction": [2, 3]})


def test_needs_criterion_only_when_it_has_a_weight():
    off = evaluate(IDEAS, WEIGHTED, WEIGHTED_SCORES, DEFAULTS, need_ratings=NEEDS)
    assert [c.id for c in off.criteria] == [1, 2]
    assert NEEDS_CRITERION_ID not in off.values.columns
    assert evaluation_criteria(WEIGHTED, DEFAULTS) == tuple(WEIGHTED)

    on = evaluate(IDEAS, WEIGHTED, WEIGHTED_SCORES, settings(needs_weight=2),
                  need_ratings=NEEDS)
    assert [c.name for c in on.criteria] == ["Impact", "Cost", NEEDS_CRITERION_NAME]
    assert on.values[NEEDS_CRITERION_ID].to_dict() == {1: 8.0, 2: 0.0, 3: 3.0}


def test_needs_weight_changes_the_order_by_hand():
    """Opportunity on 1–5: A need (5, 2) → 5 + 3 = 8; C need (3, 3) → 3; B untagged → 0.
    Needs 0–9 → A 8/9, B 0, C 1/3; weights 1, 1, 2 (total 4).
    A = 100 × (0.875 + 0.25 + 2 × 8/9) ÷ 4 = 72.569;  B = 100 × (0.625 + 0.875) ÷ 4 = 37.5;
    C = 100 × (0.25 + 0.625 + 2/3) ÷ 4 = 38.542.  Order A, C, B (was B, A, C).
    """
    ev = evaluate(IDEAS, WEIGHTED, WEIGHTED_SCORES, settings(needs_weight=2),
                  need_ratings=NEEDS)
    assert order(ev) == ["A", "C", "B"]
    assert ev.table["score"].tolist() == pytest.approx(
        [100 * (1.125 + 16 / 9) / 4, 100 * (0.875 + 2 / 3) / 4, 37.5])


def test_needs_weight_without_need_ratings_counts_every_idea_as_serving_none():
    ev = evaluate(IDEAS, WEIGHTED, WEIGHTED_SCORES, settings(needs_weight=1))
    assert ev.values[NEEDS_CRITERION_ID].tolist() == [0.0, 0.0, 0.0]
    # Every idea loses the same share, so the order is unchanged: 2/3 of the old scores.
    assert ev.table["score"].tolist() == pytest.approx([50.0, 37.5, 43.75 * 2 / 3])


# ---- formula frameworks --------------------------------------------------------------------

REACH = Criterion(11, "Reach", BENEFIT, 0, 1000, 1.0, 0, "free")
RIMPACT = Criterion(12, "Impact", BENEFIT, 0.25, 3, 1.0, 1, "rice_impact")
CONF = Criterion(13, "Confidence", BENEFIT, 0, 100, 1.0, 2, "percent")
EFFORT = Criterion(14, "Effort", COST, 0, 10, 1.0, 3, "free")
RICE = [REACH, RIMPACT, CONF, EFFORT]
RICE_SCORES = two_raters({1: ([100, 2, 80, 2], [300, 2, 100, 4]),
                          2: ([1000, 0.5, 50, 1], [1000, 0.5, 50, 1]),
                          3: ([500, 1, 100, 0], [500, 1, 100, 0])}, RICE)


def test_rice_order_and_incomplete_idea_with_title_and_reason():
    """Means: A reach 200, impact 2, confidence 90 %, effort 3 → 200 × 2 × 0.9 ÷ 3 = 120.
    B 1000 × 0.5 × 0.5 ÷ 1 = 250.  C effort 0 → not scored; the reason says why."""
    ev = evaluate(IDEAS, RICE, RICE_SCORES, settings(framework="rice"))
    assert order(ev) == ["B", "A"]
    assert ev.table["score"].tolist() == pytest.approx([250.0, 120.0])
    assert ev.table["raters"].tolist() == [2, 2]
    assert ev.incomplete.to_dict("records") == [
        {"idea_id": 3, "title": "C",
         "reason": "Effort is 0: RICE divides by it, so it must be above 0"}]
    assert ev.formula is not None and ev.formula.inputs.at[1, "confidence"] == 90.0


def test_rice_does_not_need_weights():
    zero = [Criterion(c.id, c.name, c.direction, c.scale_min, c.scale_max, 0.0, c.position,
                      c.scale) for c in RICE]
    ev = evaluate(IDEAS, zero, RICE_SCORES, settings(framework="rice"))
    assert ev.weighted is None
    assert order(ev) == ["B", "A"]


def test_rice_uses_the_users_slot_choice():
    """The reach criterion is called "Audience": no name match, so every idea says so until
    the user picks it for the Reach slot."""
    audience = Criterion(11, "Audience", BENEFIT, 0, 1000, 1.0, 0, "free")
    criteria = [audience, RIMPACT, CONF, EFFORT]
    unmapped = evaluate(IDEAS, criteria, RICE_SCORES, settings(framework="rice"))
    assert unmapped.table.empty
    assert unmapped.incomplete["reason"].tolist() == ["no criterion for Reach"] * 3
    assert unmapped.incomplete["title"].tolist() == ["A", "B", "C"]
    picked = evaluate(IDEAS, criteria, RICE_SCORES,
                      settings(framework="rice", slots=[("rice", "reach", 11)]))
    assert order(picked) == ["B", "A"]


ICE = [Criterion(21, "Impact", BENEFIT, 1, 10, 1.0, 0, "1-10"),
       Criterion(22, "Confidence", BENEFIT, 1, 10, 1.0, 1, "1-10"),
       Criterion(23, "Ease", BENEFIT, 1, 10, 1.0, 2, "1-10")]
ICE_SCORES = two_raters({1: ([10, 10, 1], [10, 10, 1]), 2: ([4, 6, 5], [6, 4, 5])}, ICE)


@pytest.mark.parametrize(("framework", "expected_order", "scores"), [
    ("ice_product", ["B", "A"], [125.0, 100.0]),   # 5 × 5 × 5 vs 10 × 10 × 1
    ("ice_mean", ["A", "B"], [7.0, 5.0]),          # (10 + 10 + 1) ÷ 3 vs 15 ÷ 3
])
def test_ice_conventions(framework, expected_order, scores):
    ev = evaluate(IDEAS.iloc[:2], ICE, ICE_SCORES, settings(framework=framework))
    assert order(ev) == expected_order
    assert ev.table["score"].tolist() == pytest.approx(scores)


WSJF = [Criterion(31, "Business value", BENEFIT, 1, 21, 1.0, 0, "fibonacci"),
        Criterion(32, "Time criticality", BENEFIT, 1, 21, 1.0, 1, "fibonacci"),
        Criterion(33, "Risk reduction", BENEFIT, 1, 21, 1.0, 2, "fibonacci"),
        Criterion(34, "Job size", COST, 1, 21, 1.0, 3, "fibonacci")]


def test_wsjf_order():
    """A: (8 + 4 + 3) ÷ 5 = 3.  B: time criticality 13 and 5 → 9; (5 + 9 + 8) ÷ 2 = 11.
    C: job size 0 is refused with a reason."""
    scores = two_raters({1: ([8, 4, 3, 5], [8, 4, 3, 5]), 2: ([5, 13, 8, 2], [5, 5, 8, 2]),
                         3: ([1, 1, 1, 0], [1, 1, 1, 0])}, WSJF)
    ev = evaluate(IDEAS, WSJF, scores, settings(framework="wsjf"))
    assert order(ev) == ["B", "A"]
    assert ev.table["score"].tolist() == [11.0, 3.0]
    assert ev.incomplete["reason"].tolist() == [
        "Job size is 0: WSJF divides by it, so it must be above 0"]


def test_value_effort_order_and_a_partly_rated_idea():
    criteria = [Criterion(41, "Value", BENEFIT, 1, 10, 1.0, 0, "1-10"),
                Criterion(42, "Effort", COST, 1, 10, 1.0, 1, "1-10")]
    scores = two_raters({1: ([6, 2], [6, 2]), 2: ([8, 5], [10, 7])}, criteria)
    scores = pd.concat([scores, rows([(3, 10, 41, 5.0)])], ignore_index=True)
    ev = evaluate(IDEAS, criteria, scores, settings(framework="value_effort"))
    assert order(ev) == ["A", "B"]                      # 6 ÷ 2 = 3;  9 ÷ 6 = 1.5
    assert ev.table["score"].tolist() == [3.0, 1.5]
    assert ev.incomplete.to_dict("records") == [
        {"idea_id": 3, "title": "C", "reason": "missing Effort"}]


# ---- aggregation settings and stray rows -----------------------------------------------------

def test_aggregation_and_calibration_settings_reach_the_values():
    chosen = settings(aggregation="median", calibrate=True)
    ev = evaluate(IDEAS, WEIGHTED, WEIGHTED_SCORES, chosen)
    expected = aggregate(WEIGHTED_SCORES, WEIGHTED, "median", calibrated=True)
    pd.testing.assert_frame_equal(ev.values, expected.reindex(ev.values.index),
                                  check_names=False)


def test_scores_of_ideas_not_in_the_list_are_ignored():
    stray = pd.concat([WEIGHTED_SCORES, rows([(99, 12, 1, 1.0), (99, 12, 2, 5.0)])],
                      ignore_index=True)
    ev = evaluate(IDEAS, WEIGHTED, stray, DEFAULTS)
    assert order(ev) == ["B", "A", "C"]
    assert ev.table["raters"].tolist() == [2, 2, 2]
    assert 99 not in ev.values.index


def test_no_scores_at_all_lists_every_idea():
    ev = evaluate(IDEAS, WEIGHTED, rows([]), DEFAULTS)
    assert ev.table.empty
    assert ev.incomplete["reason"].tolist() == ["not yet scored"] * 3
