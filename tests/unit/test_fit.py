"""Known answers for the Decide method panel's pure parts: scale fit, mapping a rating onto a
framework's steps, why nothing is ranked, and what applying a method changes for everyone."""

import numpy as np
import pandas as pd
import pytest

from workbench.domain.models import BENEFIT, COST, Criterion
from workbench.engine.evaluation import evaluate
from workbench.engine.fit import (
    DISTORTS,
    FITS,
    MAPPED,
    WORKS,
    budget_unit,
    scale_fit,
    short_unit,
)
from workbench.engine.method_change import method_changes, progress_drop, ranked_change
from workbench.engine.rescale import can_map, map_onto, mapping_words
from workbench.engine.settings import DEFAULTS, apply_changes
from workbench.engine.unranked import and_list, why_unranked

# The default workshop: three 1–5 criteria.
IMPACT = Criterion(1, "Impact", BENEFIT, 1, 5, 1.0, 0)
COST_ = Criterion(2, "Cost", COST, 1, 5, 1.0, 1)
FEASIBILITY = Criterion(3, "Feasibility", BENEFIT, 1, 5, 1.0, 2)
DEFAULT = [IMPACT, COST_, FEASIBILITY]
REACH = Criterion(4, "Reach", BENEFIT, 0, 100, 0.0, 3, "free", "people / quarter")
CONFIDENCE = Criterion(5, "Confidence", BENEFIT, 0, 100, 0.0, 4, "percent")
RICE_IMPACT = Criterion(6, "RICE impact", BENEFIT, 0.25, 3, 0.0, 5, "rice_impact")
EFFORT = Criterion(7, "Effort", COST, 0, 10, 0.0, 6, "free", "person-months")


def by_role(findings):
    return {f.role: f for f in findings}


# ---- mapping a rating onto a framework's steps ---------------------------------------------

def test_1_to_5_maps_onto_rice_impact_step_by_step():
    """Five ratings onto five steps: 1→0.25, 2→0.5, 3→1, 4→2, 5→3; a mean of 4.5 sits halfway
    between 2 and 3 = 2.5; a missing rating stays missing."""
    got = map_onto(np.array([1, 2, 3, 4, 5, 4.5, np.nan]), 1, 5, "rice_impact")
    assert got[:6].tolist() == [0.25, 0.5, 1.0, 2.0, 3.0, 2.5]
    assert np.isnan(got[6])
    assert mapping_words(1, 5, "rice_impact") == "1→0.25, 2→0.5, 3→1, 4→2, 5→3"


def test_1_to_5_maps_linearly_onto_1_to_10_and_onto_fibonacci():
    """1–5 onto 1–10: x → 1 + 9(x − 1)/4, so 3 → 5.5. Onto the 7 Fibonacci steps placed at
    1, 1⅔, 2⅓, 3, 3⅔, 4⅓, 5: 3 is the 4th step = 5, and 5 → 21."""
    assert map_onto(np.array([1, 3, 5]), 1, 5, "1-10").tolist() == [1.0, 5.5, 10.0]
    assert map_onto(np.array([1, 3, 5]), 1, 5, "fibonacci").tolist() == [1.0, 5.0, 21.0]


def test_only_bounded_scales_that_differ_can_be_mapped():
    assert can_map(IMPACT, "rice_impact")
    assert not can_map(RICE_IMPACT, "rice_impact")          # already on it
    assert not can_map(REACH, "rice_impact")                # free numbers have no top
    assert not can_map(IMPACT, "free") and not can_map(IMPACT, "percent")
    assert not can_map(Criterion(8, "Ten", BENEFIT, 1, 10, 1.0, 0), "1-10")  # same range


# ---- scale fit -----------------------------------------------------------------------------

def test_rice_on_the_default_criteria_finds_impact_distorted_and_effort_workable():
    """Default workshop + Reach (free) and Confidence (%): RICE reads Impact from 1–5 (spread
    5× where RICE's is 3 ÷ 0.25 = 12×) → distorted, with the mapping as the fix; Effort from
    the 1–5 Cost → still works as relative effort; Reach and Confidence fit."""
    found = by_role(scale_fit("rice", DEFAULT + [REACH, CONFIDENCE]))
    assert {r: f.verdict for r, f in found.items()} == {
        "reach": FITS, "impact": DISTORTS, "confidence": FITS, "effort": WORKS}
    impact = found["impact"]
    assert impact.criterion == "Impact" and impact.can_map
    assert impact.text == (
        "RICE reads Impact from your 1–5 Impact criterion; RICE's Impact is 0.25 minimal, "
        "0.5 low, 1 medium, 2 high, 3 massive — its top is 12× its bottom; on 1–5 the top is "
        "5× the bottom, so Impact counts less than RICE intends and the ranking is distorted.")
    assert impact.fix == "Map 1–5 onto RICE's Impact steps (1→0.25, 2→0.5, 3→1, 4→2, 5→3)"
    effort = found["effort"]
    assert effort.criterion == "Cost" and not effort.can_map
    assert "The ranking still works if the ratings grow in proportion" in effort.text
    assert "person-months" in effort.fix


def test_a_mapped_input_is_reported_as_mapped_with_its_steps():
    found = by_role(scale_fit("rice", DEFAULT + [REACH, CONFIDENCE], rescaled={"impact"}))
    assert found["impact"].verdict == MAPPED
    assert found["impact"].text.endswith("mapped onto its own steps: 1→0.25, 2→0.5, 3→1, "
                                         "4→2, 5→3.")


def test_rice_on_its_own_scales_fits_everywhere():
    criteria = [REACH, RICE_IMPACT, CONFIDENCE, EFFORT]
    assert {f.verdict for f in scale_fit("rice", criteria)} == {FITS}


def test_confidence_on_1_to_5_is_read_as_a_share_and_a_1_zeroes_the_score():
    """Confidence ← Feasibility 1–5: 1 = 0 %, 5 = 100 %, so a rating of 1 makes RICE 0."""
    found = by_role(scale_fit("rice", DEFAULT + [REACH], {"confidence": 3}))
    assert found["confidence"].verdict == WORKS
    assert "(1 = 0 %, 5 = 100 %)" in found["confidence"].text
    assert "an idea rated 1 on it scores 0" in found["confidence"].text


def test_ice_average_on_one_scale_keeps_the_order_but_the_product_does_not():
    """Mapping 1–5 onto 1–10 is x → 1 + 9(x − 1)/4 for every input, so the mapped average is
    1 + 9(average − 1)/4: the same order. The product's order can flip: (5, 1, 1) beats
    (2, 2, 1) as rated, 5 > 4, but mapped 10 × 1 × 1 = 10 < 3.25 × 3.25 × 1 = 10.5625."""
    assert 5 * 1 * 1 > 2 * 2 * 1
    a, b = (map_onto(np.array(v, dtype=float), 1, 5, "1-10").prod() for v in ([5, 1, 1],
                                                                            [2, 2, 1]))
    assert (a, b) == (10.0, 10.5625)
    chosen = {"confidence": 3, "ease": 3}
    mean = by_role(scale_fit("ice_mean", DEFAULT, chosen))
    product = by_role(scale_fit("ice_product", DEFAULT, chosen))
    assert {f.verdict for f in mean.values()} == {WORKS}
    assert {f.verdict for f in product.values()} == {DISTORTS}


def test_a_benefit_criterion_as_a_divisor_is_flagged():
    """WSJF divides by Job size; feeding it Feasibility (higher is better) turns it around."""
    found = by_role(scale_fit("wsjf", DEFAULT, {"size": 3, "time": 1, "risk": 1}))
    assert found["size"].verdict == DISTORTS
    assert "a higher rating lowers the score" in found["size"].text
    assert found["size"].fix == "Pick a cost criterion as WSJF's Job size under the inputs."


def test_frameworks_without_scales_of_their_own_have_no_findings():
    for key in ("weighted", "moscow", "value_effort"):
        assert scale_fit(key, DEFAULT) == []


def test_budget_units_name_the_criterion_and_its_scale():
    assert budget_unit(COST_) == "points on the Cost scale (1–5)"
    assert short_unit(COST_) == "Cost points"
    assert budget_unit(EFFORT) == "person-months (the Effort criterion)"
    assert short_unit(EFFORT) == "person-months"


# ---- why nothing is ranked -----------------------------------------------------------------

IDEAS = pd.DataFrame({"id": [10, 11], "title": ["A", "B"]})


def scores(rows):
    return pd.DataFrame(rows, columns=["idea_id", "rater_id", "criterion_id", "value"])


def run(criteria, rows, **changes):
    return evaluate(IDEAS, criteria, scores(rows), apply_changes(DEFAULTS, changes))


def test_rice_without_reach_or_confidence_criteria_names_them():
    evaluation = run(DEFAULT, [(10, 1, 1, 3)], framework="rice")
    assert evaluation.table.empty
    assert why_unranked(evaluation) == (
        "RICE needs Reach, Impact, Confidence and Effort scores; no criterion feeds Reach and "
        "Confidence.",
        "Add criteria for Reach and Confidence (or pick existing ones under RICE inputs in "
        "Method), then score them on the Score page.")


def test_rice_with_unscored_new_criteria_says_which_has_no_score():
    """Both ideas have Impact and Cost; nobody rated Reach or Confidence yet."""
    rows = [(i, 1, c, 3) for i in (10, 11) for c in (1, 2)]
    evaluation = run(DEFAULT + [REACH, CONFIDENCE], rows, framework="rice")
    assert why_unranked(evaluation) == (
        "RICE needs Reach, Impact, Confidence and Effort scores; no idea has Reach and "
        "Confidence yet.", "Score Reach and Confidence on the Score page.")


def test_an_input_fed_by_another_name_is_named_both_ways():
    """WSJF's parts read Impact and Cost; nothing is rated at all on Feasibility (risk)."""
    rows = [(i, 1, c, 3) for i in (10, 11) for c in (1, 2)]
    evaluation = run(DEFAULT, rows, framework="wsjf",
                     slots=[("wsjf", "time", 1), ("wsjf", "risk", 3)])
    why, todo = why_unranked(evaluation)
    assert why.endswith("no idea has Risk reduction / opportunity enablement (from "
                        "Feasibility) yet.")
    assert todo == "Score Feasibility on the Score page."


def test_no_scores_at_all_says_so():
    assert why_unranked(run(DEFAULT, [])) == ("No idea has any score yet.",
                                              "Rate the shortlisted ideas on the Score page.")


def test_weighted_with_a_criterion_nobody_rated_names_it():
    rows = [(i, 1, c, 3) for i in (10, 11) for c in (1, 2)]
    assert why_unranked(run(DEFAULT, rows)) == (
        "Weighted scoring ranks an idea once it has a score on Impact, Cost and Feasibility; "
        "no idea has Feasibility yet.", "Score Feasibility on the Score page.")


def test_and_list_joins_names_as_people_write_them():
    assert [and_list(n) for n in (["A"], ["A", "B"], ["A", "B", "C"])] == [
        "A", "A and B", "A, B and C"]


# ---- what applying changes for everyone ----------------------------------------------------

def test_method_changes_list_every_difference_in_words():
    after = apply_changes(DEFAULTS, {"framework": "rice", "aggregation": "median",
                                     "calibrate": True, "slots": [("rice", "effort", 2)],
                                     "rescaled": [("rice", "impact")]})
    assert method_changes(DEFAULTS, after, DEFAULT) == [
        "Everyone's Decide page ranks by RICE instead of Weighted scoring (the Rank page keeps "
        "showing the weighted score).",
        "Raters are combined by the median instead of the mean.",
        "Harsh and lenient raters are calibrated (z-scores).",
        "RICE's Effort is read from Cost.",
        "RICE reads Impact mapped onto its own scale."]
    assert method_changes(DEFAULTS, DEFAULTS, DEFAULT) == []


def test_ranked_change_compares_with_the_workshops_method():
    assert ranked_change("RICE", 0, 20, 22) == (
        "RICE ranks 0 of the 22 shortlisted ideas; the workshop's method ranks 20 now.")


def progress(*scored):
    return pd.DataFrame({"id": range(len(scored)), "scored": list(scored)})


def test_adding_criteria_sends_everyones_progress_back_to_zero():
    """Four people: three finished (4 of 4), one at 2 of 4, one at 0. Adding criteria nobody
    has scored makes every "fully scored" count 0: 4 people change, the one at 0 does not."""
    text = progress_drop(progress(4, 4, 4, 2, 0), 4, ["Reach", "Confidence"])
    assert text == (
        "Adds Reach and Confidence to everyone's score grid (weight 0, so the weighted ranking "
        "does not move). Progress counts ideas scored on every criterion, so it goes back to "
        "“0 of 4” for 4 people: 3 from “4 of 4”, 1 from “2 of 4” — on their Score page and on "
        "the console — until they score the new criteria.")


def test_one_person_or_nobody_with_progress_is_said_plainly():
    one = progress_drop(progress(3, 0), 4, ["Reach"])
    assert "goes back to “0 of 4” for 1 person (from “3 of 4”)" in one
    assert progress_drop(progress(0, 0), 4, ["Reach"]).endswith(
        "Nobody has fully scored an idea yet, so no one's progress changes.")


@pytest.mark.parametrize("bad", [[("rice", "nope")], [("nope", "impact")], "rice", [1]])
def test_a_bad_mapping_setting_is_refused(bad):
    with pytest.raises(Exception, match="Mapped inputs"):
        apply_changes(DEFAULTS, {"rescaled": bad})
