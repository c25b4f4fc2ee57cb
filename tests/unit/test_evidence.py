"""Feedback as evidence per need, evidence importance and keyword suggestions (known answers)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from workbench.engine.evidence import (
    evidence_importance,
    importance_in_use,
    need_evidence,
    with_importance,
)
from workbench.engine.feedback_match import best_matches, keyword_similarity


def feedback() -> pd.DataFrame:
    """Need 1: 10 items, 4 of them NPS detractors (score 2), 6 promoters (10); need 2: 3
    unscored items; one item assigned to no need."""
    rows = [(i, f"bad {i}", 2, "nps", 1) for i in range(4)]
    rows += [(10 + i, f"good {i}", 10, "nps", 1) for i in range(6)]
    rows += [(20 + i, f"meh {i}", None, None, 2) for i in range(3)]
    rows += [(30, "loose", 9, "nps", None)]
    return pd.DataFrame(rows, columns=["id", "text", "score", "scale", "need_id"])


def test_evidence_per_need_counts_mentions_detractors_and_nps():
    """Need 1: 10 mentions, 4 detractors of 10 scored = 40 %, NPS 60 − 40 = 20.
    Need 2: 3 mentions, none scored → no detractor share, no NPS."""
    ev = need_evidence(feedback()).set_index("need_id")
    assert (ev.loc[1, "mentions"], ev.loc[1, "detractors"]) == (10, 4)
    assert ev.loc[1, "detractor_pct"] == 40.0 and ev.loc[1, "nps"] == 20.0
    assert ev.loc[2, "mentions"] == 3 and math.isnan(ev.loc[2, "detractor_pct"])
    assert pd.isna(ev.loc[2, "nps"])


def test_sample_quotes_put_detractors_first_newest_first():
    ev = need_evidence(feedback(), quotes=3).set_index("need_id")
    assert ev.loc[1, "quotes"] == ["bad 3", "bad 2", "bad 1"]


def test_evidence_importance_weighs_detractors_twice():
    """Weights 10 + 4 = 14 and 3 + 0 = 3: 1 + round(4 × 14/14) = 5, 1 + round(4 × 3/14 =
    0.86) = 2."""
    ev = need_evidence(feedback()).set_index("need_id")
    assert ev.loc[1, "evidence_importance"] == 5 and ev.loc[2, "evidence_importance"] == 2


def test_evidence_importance_rounds_halves_up():
    """Top weight 8. Weight 1: 4 × 1/8 = 0.5 → 1, so 2 (Python's round() gives 0 → 1);
    weight 5: 4 × 5/8 = 2.5 → 3, so 4 (round() gives 2 → 3); weight 3: 1.5 → 2, so 3."""
    got = evidence_importance(pd.Series([8, 1, 5, 3]), pd.Series([0, 0, 0, 0]))
    assert list(got) == [5, 2, 4, 3]


def test_evidence_importance_replaces_the_stated_one_only_where_there_is_evidence():
    """Need 1 stated 2 → evidence 5; need 2 stated 4 → evidence 2; need 3 stated 3 has no
    feedback and keeps 3. Switched off, all stay as stated."""
    needs = pd.DataFrame({"id": [1, 2, 3], "importance": [2, 4, 3]})
    ev = need_evidence(feedback())
    assert importance_in_use(needs, ev, True).to_dict() == {1: 5.0, 2: 2.0, 3: 3.0}
    assert importance_in_use(needs, ev, False).to_dict() == {1: 2.0, 2: 4.0, 3: 3.0}
    ratings = pd.DataFrame({"idea_id": [7, 7, 8], "need_id": [1, 3, 2],
                            "importance": [2, 3, 4], "satisfaction": [1, None, 4]})
    used = with_importance(ratings, importance_in_use(needs, ev, True))
    assert list(used["importance"]) == [5.0, 3.0, 2.0]


def test_keyword_share_and_best_match():
    """Need 0 "Import contacts from spreadsheets": keywords impor, conta, sprea; the text
    holds impor and conta → 2/3. Need 1 "Faster checkout" → fast, check (none) → 0."""
    sim = keyword_similarity(["Importing my contacts took an hour"],
                             ["Import contacts from spreadsheets", "Faster checkout"])
    assert np.allclose(sim, [[2 / 3, 0.0]])
    best, score = best_matches(sim, 0.5)
    assert (best[0], round(float(score[0]), 3)) == (0, 0.667)
    best, _ = best_matches(sim, 0.5, rejected=[[0]])
    assert best[0] == -1
