"""Tap choices per scale, scoring progress, the CSV export and the chart builders (pure, no I/O)."""


import numpy as np
import pandas as pd

from workbench.domain.models import BENEFIT, COST, Criterion
from workbench.engine.charts import build_contribution_figure, build_matrix_figure, quadrant_of
from workbench.engine.score_entry import fully_scored, my_ratings, tap_options
from workbench.engine.scoring import aggregate_scores, count_raters, rank_ideas

IMPACT = Criterion(1, "Impact", BENEFIT, 1, 5, 1.0, 0)
COST_ = Criterion(2, "Cost", COST, 1, 5, 1.0, 1)
FEAS = Criterion(3, "Feasibility", BENEFIT, 1, 5, 1.0, 2)
IDEAS = pd.DataFrame({"id": [1, 2, 3], "title": ["=cmd|' /C calc'!A0", "<b>bold</b>", "plain"]})


def ranking():
    raw = pd.DataFrame([(i, r, c, (i + r + c) % 5 + 1) for i in (1, 2) for r in (1, 2)
                        for c in (1, 2, 3)],
                       columns=["idea_id", "rater_id", "criterion_id", "value"])
    return rank_ideas(IDEAS, [IMPACT, COST_, FEAS], aggregate_scores(raw), count_raters(raw))


def test_tap_options_follow_each_scale():
    """1–5 → 5 buttons; T-shirt → 5 sizes; Fibonacci → 7; percent → 0, 10 … 100 (11);
    1–10 → 10; a free number or a 0–100 custom range → typed (None)."""
    def crit(scale, low, high):
        return Criterion(9, "X", BENEFIT, low, high, 1.0, 0, scale=scale)
    assert tap_options(crit("1-5", 1, 5)) == (1, 2, 3, 4, 5)
    assert tap_options(crit("tshirt", 1, 5)) == (1, 2, 3, 4, 5)
    assert tap_options(crit("fibonacci", 1, 21)) == (1, 2, 3, 5, 8, 13, 21)
    assert tap_options(crit("percent", 0, 100)) == tuple(range(0, 101, 10))
    assert tap_options(crit("1-10", 1, 10)) == tuple(range(1, 11))
    assert tap_options(crit("rice_impact", 0.25, 3)) == (0.25, 0.5, 1, 2, 3)
    assert tap_options(crit("free", 0, 100)) is None
    assert tap_options(crit("custom", 0, 100)) is None
    assert tap_options(crit("custom", 0.5, 4)) is None


def test_a_stored_rating_off_the_buttons_is_offered_in_order():
    """A 35 % typed before (or imported) sits between 30 and 40, so the control can show it."""
    pct = Criterion(9, "Confidence", BENEFIT, 0, 100, 1.0, 0, scale="percent")
    options = tap_options(pct, current=35.0)
    assert options[3:6] == (30, 35, 40) and len(options) == 12
    assert tap_options(pct, current=30.0) == tuple(range(0, 101, 10))


def test_progress_counts_only_ideas_rated_on_every_criterion():
    """Idea 1 has both criteria, idea 2 one of two, idea 3 none → 1 fully scored."""
    mine = pd.DataFrame({"idea_id": [1, 1, 2], "criterion_id": [1, 2, 1],
                         "value": [4.0, 2.0, 3.0]})
    ratings = my_ratings(mine)
    assert ratings == {(1, 1): 4.0, (1, 2): 2.0, (2, 1): 3.0}
    assert fully_scored([1, 2, 3], [IMPACT, COST_], ratings) == 1
    assert fully_scored([1, 2, 3], [IMPACT], ratings) == 2
    assert my_ratings(mine.iloc[0:0]) == {}


def test_matrix_escapes_titles_and_labels_the_quadrants():
    fig = build_matrix_figure(ranking(), IMPACT, COST_, FEAS)
    hover = " ".join(fig.data[0].hovertext)
    assert "&lt;b&gt;bold&lt;/b&gt;" in hover and "<b>bold</b>" not in hover
    labels = {a.text for a in fig.layout.annotations}
    assert labels == {"<b>Quick wins</b>", "<b>Big bets</b>", "<b>Fill-ins</b>",
                      "<b>Money pits</b>"}
    assert [s.x0 for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1] == [3.0]


def test_quadrants_follow_the_scale_midpoints():
    assert quadrant_of(5, 1, IMPACT, COST_) == "Quick wins"
    assert quadrant_of(5, 5, IMPACT, COST_) == "Big bets"
    assert quadrant_of(1, 1, IMPACT, COST_) == "Fill-ins"
    assert quadrant_of(1, 5, IMPACT, COST_) == "Money pits"


def test_contribution_bars_stack_one_trace_per_criterion_in_rank_order():
    r = ranking()
    fig = build_contribution_figure(r)
    assert [t.name for t in fig.data] == ["Impact", "Cost", "Feasibility"]
    totals = np.sum([np.array(t.x, dtype=float) for t in fig.data], axis=0)
    assert np.allclose(totals, r.table["score"].to_numpy())
    assert fig.data[0].y[0].startswith("#1 ")
