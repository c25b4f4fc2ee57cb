"""The score grid round trip, the CSV export and the chart builders (pure, no I/O)."""

import io

import numpy as np
import pandas as pd

from workbench.domain.models import BENEFIT, COST, Criterion
from workbench.engine.charts import build_contribution_figure, build_matrix_figure, quadrant_of
from workbench.engine.export import ranking_frame, to_safe_csv
from workbench.engine.score_entry import changed_cells, score_grid
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


def test_grid_shows_my_saved_scores_and_blanks_elsewhere():
    mine = pd.DataFrame({"idea_id": [1, 2], "criterion_id": [1, 2], "value": [4.0, 2.0]})
    grid = score_grid(IDEAS, [IMPACT, COST_], mine)
    assert grid.loc[1, "c1"] == 4.0 and grid.loc[2, "c2"] == 2.0
    assert np.isnan(grid.loc[3, "c1"]) and np.isnan(grid.loc[1, "c2"])


def test_changed_cells_reports_new_changed_and_cleared_cells_only():
    before = score_grid(IDEAS, [IMPACT], pd.DataFrame(
        {"idea_id": [1, 2], "criterion_id": [1, 1], "value": [4.0, 2.0]}))
    after = before.copy()
    after.loc[1, "c1"] = 5.0      # changed
    after.loc[2, "c1"] = np.nan   # cleared
    after.loc[3, "c1"] = 3.0      # new
    assert changed_cells(before, after, [IMPACT]) == [(1, 1, 5.0), (2, 1, None), (3, 1, 3.0)]
    assert changed_cells(before, before.copy(), [IMPACT]) == []


def test_csv_export_neutralises_formulas_and_keeps_text_literal():
    data = to_safe_csv(ranking_frame(ranking())).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(data))
    assert "'=cmd|' /C calc'!A0" in frame["idea"].tolist()
    assert "<b>bold</b>" in frame["idea"].tolist()
    assert frame.loc[frame["idea"] == "plain", "status"].tolist() == ["not yet scored"]
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in frame["idea"])


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
