"""Known answers for every framework, from published worked examples (cited per test), and
bad input that must come back as a plain reason instead of a score of 0."""

import math

import numpy as np
import pandas as pd
import pytest

from workbench.domain.models import BENEFIT, COST, Criterion
from workbench.engine.frameworks import (
    FRAMEWORK_ORDER,
    FRAMEWORKS,
    MUST_SHARE_LIMIT,
    capacity_check,
    map_slots,
    moscow_order,
    rank_scores,
    score_framework,
    suggested_criteria,
)
from workbench.engine.scoring import normalise, rank_values

# RICE criteria on the article's own scales (reach and effort are free numbers).
REACH = Criterion(1, "Reach", BENEFIT, 0, 1000, 1.0, 0, "free", "people / quarter")
IMPACT = Criterion(2, "Impact", BENEFIT, 0.25, 3, 1.0, 1, "rice_impact")
CONFIDENCE = Criterion(3, "Confidence", BENEFIT, 0, 100, 1.0, 2, "percent")
EFFORT = Criterion(4, "Effort", COST, 0, 10, 1.0, 3, "free", "person-months")
RICE = [REACH, IMPACT, CONFIDENCE, EFFORT]

ICE = [Criterion(11, "Impact", BENEFIT, 1, 10, 1.0, 0, "1-10"),
       Criterion(12, "Confidence", BENEFIT, 1, 10, 1.0, 1, "1-10"),
       Criterion(13, "Ease", BENEFIT, 1, 10, 1.0, 2, "1-10")]

WSJF = [Criterion(21, "Business value", BENEFIT, 1, 21, 1.0, 0, "fibonacci"),
        Criterion(22, "Time criticality", BENEFIT, 1, 21, 1.0, 1, "fibonacci"),
        Criterion(23, "Risk reduction", BENEFIT, 1, 21, 1.0, 2, "fibonacci"),
        Criterion(24, "Job size", COST, 1, 21, 1.0, 3, "fibonacci")]

VALUE_EFFORT = [Criterion(31, "Value", BENEFIT, 1, 10, 1.0, 0, "1-10"),
                Criterion(32, "Effort", COST, 1, 10, 1.0, 1, "1-10")]


def frame(criteria, rows: dict[int, list[float]]) -> pd.DataFrame:
    """Wide values: {idea_id: [one value per criterion, in order]}."""
    data = pd.DataFrame.from_dict(rows, orient="index", columns=[c.id for c in criteria],
                                  dtype=float)
    data.index = pd.Index(list(rows), name="idea_id", dtype="int64")
    return data


def reasons(result) -> dict[int, str]:
    return dict(zip(result.incomplete["idea_id"], result.incomplete["reason"], strict=True))


# ---- RICE ----------------------------------------------------------------------------------

def test_rice_published_example_800():
    """timeclick-software/awesome-time-tracking, details/rice-framework.md ("Example
    Calculation", Feature A), using Intercom's RICE (S. McBride, 2016):
    Reach 2,000 customers/quarter, Impact 2 (high), Confidence 80 %, Effort 4 person-months.
    RICE = 2000 × 2 × 0.80 ÷ 4 = 3200 ÷ 4 = 800.
    """
    result = score_framework("rice", frame(RICE, {1: [2000, 2, 80, 4]}), RICE)
    assert result.scores.to_dict() == {1: 800.0}
    assert result.incomplete.empty
    assert result.inputs.loc[1].to_dict() == {"reach": 2000.0, "impact": 2.0,
                                              "confidence": 80.0, "effort": 4.0}


def test_rice_intercom_scales_three_projects_numbers_ours():
    """Formula and scales from Intercom (S. McBride, 2016, "RICE: Simple prioritization for
    product managers"; mirrored at coda.io/@greg-docter/decision-making-frameworks):
    impact 3/2/1/0.5/0.25, confidence 100/80/50 %, effort in person-months. Numbers ours.

    P1: 450 × 3 × 1.00 ÷ 2 = 675.   P2: 2000 × 1 × 0.80 ÷ 4 = 400.
    P3: 800 × 2 × 0.50 ÷ 1 = 800 → order P3, P1, P2.
    """
    values = frame(RICE, {1: [450, 3, 100, 2], 2: [2000, 1, 80, 4], 3: [800, 2, 50, 1]})
    result = score_framework("rice", values, RICE)
    assert result.scores.to_dict() == {1: 675.0, 2: 400.0, 3: 800.0}
    assert rank_scores(result.scores).to_dict() == {3: 1, 1: 2, 2: 3}


def test_rice_confidence_on_another_scale_becomes_share_of_its_range():
    """RICE reads confidence as %; a 1–10 confidence rating of 8 is (8 − 1) ÷ (10 − 1) =
    77.78 % of its range. RICE = 900 × 1 × 0.7778 ÷ 1 = 700 (formula: Intercom; numbers ours).
    """
    conf = Criterion(3, "Confidence", BENEFIT, 1, 10, 1.0, 2, "1-10")
    criteria = [REACH, IMPACT, conf, EFFORT]
    result = score_framework("rice", frame(criteria, {1: [900, 1, 8, 1]}), criteria)
    assert result.inputs.at[1, "confidence"] == pytest.approx(700 / 9)
    assert result.scores[1] == pytest.approx(700.0)


# ---- ICE -----------------------------------------------------------------------------------

def test_ice_product_convention_published_example_144():
    """Product convention (I × C × E, I. Gilad, "Evidence Guided", per votito.com/methods/
    ice-score). Worked example from idaete.com/tools/ice-scoring-model, Option A "Complex
    Mortgage Predictor": Impact 8, Confidence 6, Ease 3 → 8 × 6 × 3 = 144.
    """
    result = score_framework("ice_product", frame(ICE, {1: [8, 6, 3]}), ICE)
    assert result.scores.to_dict() == {1: 144.0}


def test_ice_average_convention_same_example():
    """Averaging convention ((I + C + E) ÷ 3, S. Ellis & M. Brown, "Hacking Growth", per
    votito.com/methods/ice-score), on idaete's Option A: (8 + 6 + 3) ÷ 3 = 17 ÷ 3 = 5.667.
    """
    result = score_framework("ice_mean", frame(ICE, {1: [8, 6, 3]}), ICE)
    assert result.scores[1] == pytest.approx(17 / 3)


def test_ice_conventions_can_disagree_so_the_label_matters():
    """Numbers ours. A = (10, 10, 1), B = (5, 5, 5).
    Product: A = 100, B = 125 → B first.  Average: A = 21 ÷ 3 = 7, B = 15 ÷ 3 = 5 → A first.
    """
    values = frame(ICE, {1: [10, 10, 1], 2: [5, 5, 5]})
    product = score_framework("ice_product", values, ICE).scores
    mean = score_framework("ice_mean", values, ICE).scores
    assert product.to_dict() == {1: 100.0, 2: 125.0}
    assert mean.to_dict() == {1: 7.0, 2: 5.0}
    assert rank_scores(product)[2] == 1 and rank_scores(mean)[1] == 1
    assert FRAMEWORKS["ice_product"].formula == "ICE = Impact × Confidence × Ease"
    assert FRAMEWORKS["ice_mean"].formula == "ICE = (Impact + Confidence + Ease) ÷ 3"


# ---- WSJF ----------------------------------------------------------------------------------

def test_wsjf_published_backlog_example():
    """novacalculator.com/costofdelaywsjfprioritizationcalculator, "Example 1: Product Backlog
    Prioritization" (SAFe WSJF = (user-business value + time criticality + RR|OE) ÷ job size):
    Dashboard (8 + 4 + 3) ÷ 5 = 15 ÷ 5 = 3.0; Security patch (5 + 9 + 8) ÷ 2 = 22 ÷ 2 = 11.0;
    API refactor (4 + 3 + 7) ÷ 8 = 14 ÷ 8 = 1.75; Mobile app (9 + 5 + 4) ÷ 8 = 18 ÷ 8 = 2.25.
    Published order: Security patch, Dashboard, Mobile app, API refactor.
    """
    values = frame(WSJF, {1: [8, 4, 3, 5], 2: [5, 9, 8, 2], 3: [4, 3, 7, 8], 4: [9, 5, 4, 8]})
    result = score_framework("wsjf", values, WSJF)
    assert result.scores.to_dict() == {1: 3.0, 2: 11.0, 3: 1.75, 4: 2.25}
    ranks = rank_scores(result.scores)
    assert sorted(ranks.index, key=ranks.get) == [2, 1, 4, 3]


def test_wsjf_second_published_example():
    """extrapinchofsalt.com/pm/frameworks/wsjf.html ("Examples in Practice"): ad-load bug fix
    BV 7 + TC 9 + RR 5 = CoD 21, size 2 → 10.5; podcast feed 8 + 3 + 4 = 15, size 8 →
    1.875 (published rounded as 1.9). The bug fix goes first.
    """
    values = frame(WSJF, {1: [7, 9, 5, 2], 2: [8, 3, 4, 8]})
    result = score_framework("wsjf", values, WSJF)
    assert result.scores.to_dict() == {1: 10.5, 2: 1.875}
    assert round(result.scores[2], 1) == 1.9


def test_wsjf_fibonacci_cost_of_delay_job_size_ours():
    """J. Yip, "Problems I have with SAFe-style WSJF" (2024): UBV 1, TC 3, RR|OE 5 → SAFe
    cost of delay 1 + 3 + 5 = 9. Job size 3 is ours: WSJF = 9 ÷ 3 = 3.
    """
    result = score_framework("wsjf", frame(WSJF, {1: [1, 3, 5, 3]}), WSJF)
    assert result.scores.to_dict() == {1: 3.0}


# ---- value ÷ effort --------------------------------------------------------------------------

def test_value_over_effort_numbers_ours():
    """Value ÷ effort ("bang for the buck"); numbers ours.
    Quick win 6 ÷ 2 = 3; big bet 9 ÷ 6 = 1.5; money pit 2 ÷ 8 = 0.25.
    """
    values = frame(VALUE_EFFORT, {1: [6, 2], 2: [9, 6], 3: [2, 8]})
    result = score_framework("value_effort", values, VALUE_EFFORT)
    assert result.scores.to_dict() == {1: 3.0, 2: 1.5, 3: 0.25}
    assert rank_scores(result.scores).to_dict() == {1: 1, 2: 2, 3: 3}


def test_ties_share_the_better_rank():
    """Two ideas at 3.0 share rank 1; the next is 3 ("min" ranks)."""
    assert rank_scores(pd.Series({1: 3.0, 2: 3.0, 3: 1.0})).to_dict() == {1: 1, 2: 1, 3: 3}


# ---- weighted scoring ----------------------------------------------------------------------

IMP5 = Criterion(41, "Impact", BENEFIT, 1, 5, 1.0, 0, "1-5")
COST5 = Criterion(42, "Cost", COST, 1, 5, 1.0, 1, "1-5")


def test_weighted_absolute_normalisation_by_hand():
    """Weighted decision matrix, numbers ours. Impact (benefit) and Cost (cost), 1–5, weights 1.
    Absolute: (r − 1) ÷ 4; cost 1 − that.
    A: impact 2 → 0.25, cost 4 → 1 − 0.75 = 0.25 → 100 × 0.5 ÷ 2 = 25.
    B: impact 3 → 0.5,  cost 2 → 1 − 0.25 = 0.75 → 100 × 1.25 ÷ 2 = 62.5.
    C: impact 5 → 1.0,  cost 3 → 1 − 0.5  = 0.5  → 100 × 1.5 ÷ 2 = 75.
    """
    ideas = pd.DataFrame({"id": [1, 2, 3], "title": ["A", "B", "C"]})
    values = frame([IMP5, COST5], {1: [2, 4], 2: [3, 2], 3: [5, 3]})
    table = rank_values(ideas, [IMP5, COST5], values).table.set_index("idea_id")
    assert table["score"].to_dict() == {3: 75.0, 2: 62.5, 1: 25.0}
    assert table["rank"].to_dict() == {3: 1, 2: 2, 1: 3}


def test_weighted_relative_normalisation_by_hand():
    """Same ratings, relative (min–max across ideas).
    Impact 2, 3, 5: (r − 2) ÷ 3 → 0, 1/3, 1.  Cost 4, 2, 3: (r − 2) ÷ 2 → 1, 0, 0.5, inverted
    → 0, 1, 0.5.  A = 100 × 0 ÷ 2 = 0; B = 100 × (1/3 + 1) ÷ 2 = 66.667; C = 100 × 1.5 ÷ 2 = 75.
    """
    ideas = pd.DataFrame({"id": [1, 2, 3], "title": ["A", "B", "C"]})
    values = frame([IMP5, COST5], {1: [2, 4], 2: [3, 2], 3: [5, 3]})
    ranking = rank_values(ideas, [IMP5, COST5], values, normalisation="relative")
    scores = ranking.table.set_index("idea_id")["score"]
    assert scores[1] == 0.0
    assert scores[2] == pytest.approx(200 / 3)
    assert scores[3] == 75.0


def test_relative_normalisation_flat_criterion_gives_half():
    """Every idea rated 4: the criterion cannot separate them, so everyone gets 0.5 on it."""
    values = frame([IMP5], {1: [4], 2: [4]})
    assert normalise(values, [IMP5], "relative")[IMP5.id].tolist() == [0.5, 0.5]


def test_free_number_clips_at_its_reference_top_and_cost_inverts():
    """Reach: free number, reference top 1000. 500 → 0.5; 4000 → 1 (not 4: clipped).
    Effort: free number (cost), reference 10. 2 → 1 − 0.2 = 0.8; 15 → 1 − 1 = 0.
    Weighted, weights 1: idea 1 = 100 × (0.5 + 0.8) ÷ 2 = 65; idea 2 = 100 × (1 + 0) ÷ 2 = 50.
    """
    criteria = [REACH, EFFORT]
    values = frame(criteria, {1: [500, 2], 2: [4000, 15]})
    norm = normalise(values, criteria, "absolute")
    assert norm.loc[1].tolist() == [0.5, pytest.approx(0.8)]
    assert norm.loc[2].tolist() == [1.0, 0.0]
    ideas = pd.DataFrame({"id": [1, 2], "title": ["a", "b"]})
    scores = rank_values(ideas, criteria, values).table.set_index("idea_id")["score"]
    assert scores.to_dict() == {1: 65.0, 2: 50.0}


# ---- MoSCoW --------------------------------------------------------------------------------

def test_moscow_bucket_beats_any_score_then_score_within_bucket_unsorted_last():
    """DSDM MoSCoW (DSDM Agile Project Framework handbook, ch. 10, agilebusiness.org):
    Must → Should → Could → Won't. A Must at 10 outranks a Should at 99; within Must the
    higher weighted score first; an idea with no bucket comes after Won't, even at 100.
    """
    weighted = pd.Series({1: 10.0, 2: 99.0, 3: 60.0, 4: 100.0, 5: 0.0, 6: 50.0},
                         name="score")
    weighted.index.name = "idea_id"
    buckets = pd.Series({1: "must", 2: "should", 3: "must", 5: "wont", 6: "could"})
    ranks = moscow_order(buckets, weighted)
    order = sorted(ranks.index, key=ranks.get)
    assert order == [3, 1, 2, 6, 5, 4]
    assert ranks.to_dict() == {3: 1, 1: 2, 2: 3, 6: 4, 5: 5, 4: 6}


def test_moscow_ties_within_a_bucket_share_a_rank():
    weighted = pd.Series({1: 40.0, 2: 40.0, 3: 90.0})
    ranks = moscow_order(pd.Series({1: "must", 2: "must", 3: "could"}), weighted)
    assert ranks.to_dict() == {1: 1, 2: 1, 3: 3}


def test_capacity_check_over_the_dsdm_guideline_with_an_unsized_must():
    """DSDM handbook ch. 10.4: "Levels of Must Have effort above 60 % introduce a risk of
    failure". Must efforts 3 + 4 = 7 of capacity 10 → 70 % > 60 % → over; idea 4 is a Must
    without an estimate (counted as unsized); the Should (5) does not count.
    """
    buckets = pd.Series({1: "must", 2: "must", 3: "should", 4: "must"})
    effort = pd.Series({1: 3.0, 2: 4.0, 3: 5.0})
    check = capacity_check(buckets, effort, 10.0)
    assert MUST_SHARE_LIMIT == 0.6
    assert (check.must_effort, check.capacity) == (7.0, 10.0)
    assert check.share == pytest.approx(0.7)
    assert check.over is True
    assert check.unsized == (4,)
    message = check.message()
    assert message.startswith("Must haves take 7 of 10 capacity (70 %).")
    assert "60 %" in message and "move some to Should" in message
    assert "1 Must idea(s) have no effort estimate yet." in message


def test_capacity_check_at_exactly_60_percent_is_fine():
    """DSDM: "no more than 60 %" — 6 of 10 is allowed; no warning text."""
    check = capacity_check(pd.Series({1: "must", 2: "could"}), pd.Series({1: 6.0, 2: 9.0}), 10)
    assert check.share == pytest.approx(0.6)
    assert check.over is False
    assert check.message() == "Must haves take 6 of 10 capacity (60 %)."


def test_capacity_check_with_no_must_ideas():
    check = capacity_check(pd.Series({1: "should"}), pd.Series({1: 4.0}), 10)
    assert (check.must_effort, check.share, check.over, check.unsized) == (0.0, 0.0, False, ())


# ---- bad input: a reason, never a 0 ----------------------------------------------------------

def test_rice_effort_zero_is_a_reason_not_a_score():
    values = frame(RICE, {1: [100, 1, 80, 0], 2: [100, 1, 80, 1]})
    result = score_framework("rice", values, RICE)
    assert 1 not in result.scores.index
    assert result.scores.to_dict() == {2: 80.0}
    assert reasons(result) == {
        1: "Effort is 0: RICE divides by it, so it must be above 0"}


def test_rice_confidence_above_100_percent():
    result = score_framework("rice", frame(RICE, {1: [100, 1, 150, 1]}), RICE)
    assert result.scores.empty
    assert reasons(result) == {1: "Confidence is 150 %: it cannot be above 100 %"}


def test_rice_negative_reach():
    result = score_framework("rice", frame(RICE, {1: [-5, 1, 80, 1]}), RICE)
    assert result.scores.empty
    assert reasons(result) == {1: "Reach is -5: it cannot be negative"}


def test_missing_inputs_are_listed_per_idea():
    """Idea 1 lacks Reach and Effort; idea 2 lacks only Impact; idea 3 is complete."""
    nan = math.nan
    values = frame(RICE, {1: [nan, 1, 80, nan], 2: [300, nan, 50, 2], 3: [300, 1, 50, 2]})
    result = score_framework("rice", values, RICE)
    assert result.scores.to_dict() == {3: 75.0}
    assert reasons(result) == {1: "missing Reach, Effort", 2: "missing Impact"}


def test_several_problems_on_one_idea_are_all_named():
    nan = math.nan
    result = score_framework("rice", frame(RICE, {1: [nan, 1, 150, 0]}), RICE)
    assert reasons(result) == {1: "missing Reach; Confidence is 150 %: it cannot be above "
                                  "100 %; Effort is 0: RICE divides by it, so it must be above 0"}


def test_unmapped_slot_lists_every_idea_with_no_criterion_for():
    """No criterion is called Reach or Confidence: nothing can be scored, and every idea
    says why."""
    criteria = [IMPACT, EFFORT]
    values = frame(criteria, {1: [1, 2], 2: [2, 1]})
    result = score_framework("rice", values, criteria)
    assert result.scores.empty
    assert reasons(result) == {1: "no criterion for Reach, Confidence",
                               2: "no criterion for Reach, Confidence"}
    assert [s.role for s in result.missing_slots] == ["reach", "confidence"]


def test_wsjf_job_size_zero():
    result = score_framework("wsjf", frame(WSJF, {1: [8, 5, 3, 0], 2: [8, 5, 3, 2]}), WSJF)
    assert result.scores.to_dict() == {2: 8.0}
    assert reasons(result) == {1: "Job size is 0: WSJF divides by it, so it must be above 0"}


def test_value_effort_negative_value_and_zero_effort():
    values = frame(VALUE_EFFORT, {1: [-1, 3], 2: [4, 0]})
    result = score_framework("value_effort", values, VALUE_EFFORT)
    assert result.scores.empty
    assert reasons(result) == {
        1: "Value is -1: it cannot be negative",
        2: "Effort is 0: Value ÷ effort divides by it, so it must be above 0"}


def test_ice_missing_rating():
    result = score_framework("ice_mean", frame(ICE, {1: [5, math.nan, 5]}), ICE)
    assert result.scores.empty
    assert reasons(result) == {1: "missing Confidence"}


@pytest.mark.parametrize("key", ["weighted", "moscow"])
def test_weighted_and_moscow_are_not_formula_frameworks(key):
    with pytest.raises(ValueError):
        score_framework(key, frame(ICE, {1: [1, 1, 1]}), ICE)


def test_every_idea_is_scored_or_listed_even_when_the_product_overflows():
    """Reach 1e308 is a valid free number (parse_rating accepts it); × impact 3 overflows."""
    values = frame(RICE, {1: [1e308, 3, 100, 1], 2: [10, 1, 100, 1]})
    with np.errstate(over="ignore"):
        result = score_framework("rice", values, RICE)
    assert set(result.scores.index) | set(result.incomplete["idea_id"]) == {1, 2}


# ---- mapping and suggestions ---------------------------------------------------------------

def test_slots_map_by_name_case_insensitively_and_the_user_choice_wins():
    crits = [Criterion(7, "REACH", BENEFIT, 0, 10, 1, 0), Criterion(8, "Audience", BENEFIT,
                                                                   0, 10, 1, 1)]
    auto = map_slots(FRAMEWORKS["rice"], crits)
    assert auto["reach"].id == 7 and auto["effort"] is None
    chosen = map_slots(FRAMEWORKS["rice"], crits, {"reach": 8})
    assert chosen["reach"].id == 8
    # A choice naming a criterion that no longer exists falls back to the name match.
    assert map_slots(FRAMEWORKS["rice"], crits, {"reach": 99})["reach"].id == 7


def test_wsjf_size_slot_maps_a_criterion_named_cost():
    crits = [Criterion(1, "Impact", BENEFIT, 1, 5, 1, 0), Criterion(2, "Cost", COST, 1, 5, 1, 1)]
    mapping = map_slots(FRAMEWORKS["wsjf"], crits)
    assert mapping["value"].id == 1 and mapping["size"].id == 2
    assert mapping["time"] is None and mapping["risk"] is None


def test_suggested_criteria_for_rice_use_the_article_scales():
    assert suggested_criteria(FRAMEWORKS["rice"].slots) == [
        ("Reach", BENEFIT, "free", "people / quarter"),
        ("Impact", BENEFIT, "rice_impact", ""),
        ("Confidence", BENEFIT, "percent", ""),
        ("Effort", COST, "free", "person-months")]


def test_every_framework_has_a_name_formula_and_source():
    assert FRAMEWORK_ORDER == ("weighted", "rice", "ice_product", "ice_mean", "wsjf",
                               "value_effort", "moscow")
    for framework in FRAMEWORKS.values():
        assert framework.name and framework.formula and framework.source
        assert (framework.compute is None) == (framework.key in ("weighted", "moscow"))


# ---- inputs read on the framework's own scale (rescaled) ----------------------------------

IMPACT_1_5 = Criterion(5, "Impact", BENEFIT, 1, 5, 1.0, 1, "custom")


def test_rice_reads_a_mapped_1_to_5_impact_on_its_own_steps():
    """Impact 1–5 mapped onto RICE's 0.25, 0.5, 1, 2, 3 (1→0.25 … 5→3, linear between):
    idea 1: reach 100, impact 5 → 3, confidence 50 %, effort 2: 100 × 3 × 0.5 ÷ 2 = 75;
    idea 2: reach 100, impact 3.5 → halfway between 1 and 2 = 1.5: 100 × 1.5 × 0.5 ÷ 2 = 37.5.
    Read as rated instead: 100 × 5 × 0.5 ÷ 2 = 125 and 100 × 3.5 × 0.5 ÷ 2 = 87.5."""
    criteria = [REACH, IMPACT_1_5, CONFIDENCE, EFFORT]
    values = frame(criteria, {1: [100, 5, 50, 2], 2: [100, 3.5, 50, 2]})
    mapped = score_framework("rice", values, criteria, rescaled={"impact"})
    assert mapped.scores.to_dict() == {1: 75.0, 2: 37.5}
    assert mapped.inputs["impact"].tolist() == [3.0, 1.5]
    as_rated = score_framework("rice", values, criteria)
    assert as_rated.scores.to_dict() == {1: 125.0, 2: 87.5}


def test_a_mapping_leaves_inputs_already_on_the_framework_scale_alone():
    """Impact on RICE's own scale is read as typed even when asked to map it: 2 stays 2."""
    values = frame(RICE, {1: [10, 2, 100, 1]})
    result = score_framework("rice", values, RICE, rescaled={"impact", "reach"})
    assert result.scores.to_dict() == {1: 20.0}  # 10 × 2 × 1 ÷ 1
