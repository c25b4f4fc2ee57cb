"""Known answers for KPI coverage, estimate vs outcome, rater calibration and HMW prompts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workbench.domain.outcomes import Kpi
from workbench.engine.calibration import (
    achieved,
    estimate_vs_outcome,
    impact_criteria,
    rater_calibration,
    verdict,
)
from workbench.engine.hmw import how_might_we
from workbench.engine.kpi_coverage import (
    COVERED,
    NO_IDEA,
    NOT_SELECTED,
    SHORT,
    kpi_coverage,
    signed,
)

NPS = Kpi(1, "NPS", "nps", "points", 20, 35, "up")          # gap +15
CHURN = Kpi(2, "Churn", "retention", "%", 8, 5, "down")     # gap −3
CSAT = Kpi(3, "CSAT", "csat", "%", 70, 80, "up")            # gap +10, nobody serves it
A, B, C, D = 101, 102, 103, 104
LINKS = pd.DataFrame({
    "idea_id": [A, B, C, B, D],
    "kpi_id": [1, 1, 1, 2, 2],
    "expected": [6.0, 4.0, -2.0, -1.5, -3.0],
    "measured": [3.0, float("nan"), float("nan"), -3.0, float("nan")],
})


def row(cov, name):
    return cov.table.set_index("KPI").loc[name]


def test_coverage_adds_expected_changes_and_divides_by_the_gap():
    """NPS gap 35 − 20 = 15. Shortlisted A, B, C: 6 + 4 − 2 = 8 → 8/15 = 53.3 %.
    Selected A, C: 6 − 2 = 4 → 4/15 = 26.7 %, short of the target.
    Churn gap 5 − 8 = −3. Shortlisted B: −1.5 → −1.5/−3 = 50 %; selected none → 0 %.
    D (−3, would close it) is live but not shortlisted."""
    cov = kpi_coverage([NPS, CHURN, CSAT], LINKS, live={A, B, C, D}, shortlisted={A, B, C},
                       selected={A, C})
    nps = row(cov, "NPS")
    assert nps["gap"] == 15
    assert nps["shortlisted ideas"] == 3 and nps["shortlisted expected"] == 8
    assert math.isclose(nps["shortlisted share"], 8 / 15)
    assert nps["selected expected"] == 4 and math.isclose(nps["selected share"], 4 / 15)
    assert nps["status"] == SHORT
    churn = row(cov, "Churn")
    assert churn["gap"] == -3 and churn["shortlisted expected"] == -1.5
    assert math.isclose(churn["shortlisted share"], 0.5)
    assert churn["selected ideas"] == 0 and churn["selected share"] == 0
    assert churn["status"] == NOT_SELECTED
    assert row(cov, "CSAT")["status"] == NO_IDEA
    assert cov.unserved == ("CSAT",)


def test_a_selection_that_reaches_the_target_is_covered():
    """Churn: B −1.5 and D −3 selected → −4.5 / −3 = 150 % ≥ 100 %."""
    cov = kpi_coverage([CHURN], LINKS, live={B, D}, shortlisted={B, D}, selected={B, D})
    assert math.isclose(row(cov, "Churn")["selected share"], 1.5)
    assert row(cov, "Churn")["status"] == COVERED


def test_a_kpi_only_worsened_by_its_ideas_counts_as_served_by_none():
    """C's −2 on NPS is a trade-off: it moves NPS the wrong way, so it serves nothing."""
    cov = kpi_coverage([NPS], LINKS[LINKS["idea_id"] == C], live={C}, shortlisted={C},
                       selected={C})
    assert cov.unserved == ("NPS",)
    assert math.isclose(row(cov, "NPS")["selected share"], -2 / 15)


def test_no_kpis_give_an_empty_table():
    cov = kpi_coverage([], LINKS, live={A}, shortlisted={A}, selected=set())
    assert cov.table.empty and cov.unserved == ()


def test_signed_changes_read_with_their_unit():
    assert (signed(6, "points"), signed(-1.5, "%"), signed(0, "")) == ("+6 points", "−1.5%",
                                                                        "0")


def test_estimate_vs_outcome_puts_both_on_the_gap():
    """A on NPS: expected 6/15 = 40 %, measured 3/15 = 20 %, realised 3/6 = 0.5.
    B on churn: expected −1.5/−3 = 50 %, measured −3/−3 = 100 %, realised 2.0.
    B on NPS and C, D have no measurement: left out."""
    table = estimate_vs_outcome([NPS, CHURN], LINKS, {A: "Alpha", B: "Beta", C: "C", D: "D"})
    assert list(zip(table["idea"], table["KPI"], strict=True)) == [("Alpha", "NPS"),
                                                                   ("Beta", "Churn")]
    alpha, beta = table.iloc[0], table.iloc[1]
    assert math.isclose(alpha["expected share"], 0.4)
    assert math.isclose(alpha["measured share"], 0.2)
    assert math.isclose(alpha["realised"], 0.5)
    assert math.isclose(beta["measured share"], 1.0) and math.isclose(beta["realised"], 2.0)


def test_achieved_clips_each_share_and_averages_per_idea():
    """Idea 1: NPS share 0.2 and a 150 % churn share clipped to 1 → (0.2 + 1) / 2 = 0.6;
    idea 2: a −0.3 share (worse) clipped to 0."""
    table = pd.DataFrame({"idea_id": [1, 1, 2], "measured share": [0.2, 1.5, -0.3]})
    assert achieved(table) == pytest.approx({1: 0.6, 2: 0.0})


def ratings(rows):
    return pd.DataFrame(rows, columns=["rater", "workshop_id", "idea_id", "value", "scale_min",
                                       "scale_max"])


def test_calibration_finds_the_optimist_and_the_pessimist_across_workshops():
    """Outcomes: X closed 0.4 of its gap, Y 0.5 (X in workshop 1, Y in workshop 2).
    Ann: X 5 on 1–5 → p 1.0, error +0.6; Y 4 → 0.75, error +0.25; bias 0.425, spread 0.425.
    Bo:  X 2 → 0.25, error −0.15; Y 1 → 0.0, error −0.5; bias −0.325, spread 0.325.
    "ANN" in workshop 2 is Ann (names are matched case-insensitively).
    Cy rated only X (4 → 0.75, +0.35): one outcome is too few to say."""
    table = rater_calibration(ratings([
        ("Ann", 1, 11, 5, 1, 5), ("Bo", 1, 11, 2, 1, 5), ("Cy", 1, 11, 4, 1, 5),
        ("ANN", 2, 12, 4, 1, 5), ("Bo", 2, 12, 1, 1, 5), ("Bo", 2, 99, 5, 1, 5)]),
        {11: 0.4, 12: 0.5})
    by = table.set_index("rater")
    assert by.loc["Ann", "bias"] == pytest.approx(0.425)
    assert by.loc["Ann", "spread"] == pytest.approx(0.425)
    assert by.loc["Ann", "rated outcomes"] == 2 and by.loc["Ann", "workshops"] == 2
    assert by.loc["Ann", "verdict"] == "over-estimates"
    assert by.loc["Bo", "bias"] == pytest.approx(-0.325)
    assert by.loc["Bo", "verdict"] == "under-estimates"
    assert by.loc["Bo", "rated outcomes"] == 2  # idea 99 has no outcome
    assert by.loc["Cy", "verdict"] == "too few outcomes"
    assert list(table["rater"]) == ["Ann", "Cy", "Bo"]  # most biased first: .425, .35, .325


def test_calibration_uses_each_criterion_scale():
    """7 on a 0–10 scale → 0.7; outcome 0.7 → error 0, twice: well calibrated."""
    table = rater_calibration(ratings([("Di", 1, 1, 7, 0, 10), ("Di", 1, 2, 7, 0, 10)]),
                              {1: 0.7, 2: 0.7})
    assert table.loc[0, "bias"] == pytest.approx(0.0)
    assert table.loc[0, "verdict"] == "well calibrated"


def test_no_outcomes_give_an_empty_calibration():
    assert rater_calibration(ratings([("Ann", 1, 11, 5, 1, 5)]), {}).empty


@pytest.mark.parametrize(("bias", "pairs", "expected"), [
    (0.11, 2, "over-estimates"), (-0.11, 3, "under-estimates"), (0.1, 2, "well calibrated"),
    (0.9, 1, "too few outcomes")])
def test_verdict_thresholds(bias, pairs, expected):
    assert verdict(bias, pairs) == expected


def test_impact_like_criteria_are_benefit_criteria_named_for_value():
    criteria = pd.DataFrame({"id": [1, 2, 3, 4], "name": ["Impact", "Cost", "Feasibility",
                                                          "Customer value"],
                             "direction": ["benefit", "cost", "benefit", "benefit"]})
    assert impact_criteria(criteria) == [1, 4]
    assert impact_criteria(criteria[criteria["id"].isin([2, 3])]) == [3]


@pytest.mark.parametrize(("statement", "prompt"), [
    ("Hard to find the export button",
     "How might we make it easy for customers to find the export button?"),
    ("It's difficult to compare plans.",
     "How might we make it easy for customers to compare plans?"),
    ("I want to send invoices from my phone",
     "How might we help customers send invoices from their phone?"),
    ("We need to see our usage", "How might we help customers see their usage?"),
    ("Customers can't pay by card", "How might we let customers pay by card?"),
    ("Can't find my invoices", "How might we let customers find their invoices?"),
    ("No way to undo a send", "How might we give customers a way to undo a send?"),
    ("Takes too long to onboard a team",
     "How might we make it faster for customers to onboard a team?"),
    ("Import existing customer list in one go",
     "How might we help customers import existing customer list in one go?"),
    ("Slow onboarding", "How might we solve “slow onboarding” for customers?"),
    ("SSO setup needs a support call",
     "How might we solve “SSO setup needs a support call” for customers?"),
    ("", "How might we serve this need better?"),
])
def test_how_might_we_reads_the_statement_as_the_customer(statement, prompt):
    assert how_might_we(statement) == prompt


def test_how_might_we_names_the_segment_when_given():
    assert how_might_we("I want to pay by card", who="SMB owners") == \
        "How might we help SMB owners pay by card?"
