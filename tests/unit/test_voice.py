"""NPS and CSAT known answers: overall, per group and per month (arithmetic in each docstring)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workbench.engine.voice import by_month, csat, nps, summarise


def test_nps_is_percent_promoters_minus_percent_detractors():
    """10, 9, 8, 6, 0: promoters 2/5 = 40 %, detractors (6, 0) 2/5 = 40 % → 40 − 40 = 0."""
    assert nps([10, 9, 8, 6, 0]) == 0.0


def test_nps_counts_seven_and_eight_as_passives():
    """9, 7, 8, 10: promoters 2/4 = 50 %, detractors 0 → +50; passives still count in N."""
    assert nps([9, 7, 8, 10]) == 50.0


def test_nps_runs_from_minus_100_to_plus_100():
    """All detractors: 0 − 100 = −100; all promoters: 100 − 0 = +100."""
    assert nps([0, 3, 6]) == -100.0
    assert nps([9, 10]) == 100.0


def test_nps_and_csat_of_no_answers_is_none_not_zero():
    """An empty group has no score; reading it as 0 would be a claim nobody made."""
    assert nps([]) is None and csat([None, float("nan")]) is None


def test_csat_is_the_share_of_four_and_five():
    """5, 4, 3, 2: 4 and 5 are 2 of 4 answers → 50 %."""
    assert csat([5, 4, 3, 2]) == 50.0


def test_csat_of_one_satisfied_in_three_is_a_third():
    """4, 1, 3 → 1 of 3 = 33.33 %."""
    assert csat([4, 1, 3]) == pytest.approx(100 / 3)


@pytest.fixture
def items() -> pd.DataFrame:
    """Five NPS answers in January (segment a: 10, 9; b: 8, 6, 0), four CSAT answers in
    February (segment c: 5, 4, 3, 2) and one unscored, undated item (segment d)."""
    return pd.DataFrame({
        "score": [10, 9, 8, 6, 0, 5, 4, 3, 2, None],
        "scale": ["nps"] * 5 + ["csat"] * 4 + [None],
        "segment": list("aabbbccccd"),
        "given_on": ["2026-01-05"] * 5 + ["2026-02-01"] * 4 + [None]})


def test_the_overall_summary_counts_each_scale_on_its_own(items):
    """NPS over the 5 NPS answers = 0 (see above); CSAT over the 4 CSAT answers = 50 %;
    items = 10 (the unscored one counts as an item, not as an answer)."""
    row = summarise(items).iloc[0]
    assert (row["items"], row["nps_answers"], row["nps"]) == (10, 5, 0.0)
    assert (row["csat_answers"], row["csat"]) == (4, 50.0)
    assert (row["promoters_pct"], row["detractors_pct"]) == (40.0, 40.0)


def test_per_segment_figures(items):
    """a: 10, 9 → NPS 100; b: 8, 6, 0 → 0 − 2/3 = −66.7; c: CSAT 2/4 = 50; d: no figure."""
    table = summarise(items, "segment").set_index("group")
    assert table.loc["a", "nps"] == 100.0
    assert table.loc["b", "nps"] == pytest.approx(-200 / 3)
    assert table.loc["c", "csat"] == 50.0 and math.isnan(table.loc["c", "nps"])
    assert math.isnan(table.loc["d", "nps"]) and math.isnan(table.loc["d", "csat"])


def test_per_month_figures_leave_undated_items_out(items):
    """January: the 5 NPS answers → 0; February: the 4 CSAT answers → 50 %; the undated
    item is in no month."""
    table = by_month(items).set_index("group")
    assert list(table.index) == ["2026-01", "2026-02"]
    assert table.loc["2026-01", "nps"] == 0.0 and table.loc["2026-02", "csat"] == 50.0
    assert table["items"].sum() == 9


def test_summaries_of_no_feedback_are_empty_tables():
    empty = pd.DataFrame(columns=["score", "scale", "segment", "given_on"])
    assert summarise(empty).empty and by_month(empty).empty
