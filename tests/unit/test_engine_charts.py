"""engine.charts (prioritisation engine figures): the data drawn, escaping, empty inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from workbench.domain.models import BENEFIT, COST, Criterion
from workbench.domain.safe_text import chart_label, shorten
from workbench.engine import charts
from workbench.engine.charts import (
    MODEBAR_BAND,
    NOTHING_TO_SHOW,
    PLOT_CONFIG,
    build_contribution_figure,
    build_decision_matrix,
    build_framework_comparison,
    build_matrix_figure,
    build_parallel_figure,
    build_rank_band_figure,
    build_rater_heatmap,
    build_waterfall_figure,
)
from workbench.engine.charts.ranking import BAR_WIDTH
from workbench.engine.charts.samples import sample_figures
from workbench.engine.charts.style import TITLE_ROOM
from workbench.engine.scoring import aggregate_scores, count_raters, rank_ideas

SCRIPT = "<script>alert(1)</script>"
BOLD = "<b>x</b>"
HOSTILE = (SCRIPT, BOLD)
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;x&lt;/b&gt;")


def points() -> pd.DataFrame:
    return pd.DataFrame({
        "idea_id": [1, 2, 3, 4, 5, 6],
        "title": [SCRIPT, BOLD, "Cheap", "Bold bet", "Meh", "Pit"],
        "rank": [1, 2, 3, 4, 5, 6],
        "score": [90.0, 80.0, 70.0, 60.0, 50.0, 40.0],
        "benefit": [4.5, 3.0, 2.0, 5.0, 2.5, 1.5],
        "cost": [2.0, 1.0, 1.5, 4.5, 3.0, 4.0],
        "on_front": [True, True, False, True, False, False],
        "in_portfolio": [True, True, True, False, False, False],
    })


def bands() -> pd.DataFrame:
    return pd.DataFrame({
        "idea_id": [7, 8, 9, 10],
        "title": ["Third", SCRIPT, BOLD, "Last"],
        "p_top_n": [0.5, 0.84, 0.97, 0.0],
        "rank_low": [2.0, 1.0, 1.0, 4.0],
        "rank_median": [3.0, 2.0, 1.0, 4.0],
        "rank_high": [4.0, 3.0, 2.0, 4.0],
    })


def deviations() -> pd.DataFrame:
    return pd.DataFrame([[0.2, -0.2, np.nan], [-0.1, 0.05, 0.05]],
                        index=pd.Index([SCRIPT, BOLD], name="idea"),
                        columns=pd.Index(["Rater 1", "Rater 2", SCRIPT], name="rater"))


def parallel_frame() -> pd.DataFrame:
    return pd.DataFrame({"title": [SCRIPT, BOLD, "Plain"], "c1": [1.0, 0.5, 0.0],
                         "c2": [0.25, 0.75, 1.0], "score": [62.5, 62.5, 50.0]})


PARALLEL_COLUMNS = [("c1", "Impact"), ("c2", BOLD), ("score", "Score")]


def framework_ranks(n: int = 5) -> pd.DataFrame:
    ids = list(range(1, n + 1))
    titles = [SCRIPT, BOLD] + [f"Idea {i}" for i in ids[2:]]
    return pd.DataFrame({"idea_id": ids, "title": titles[:n],
                         "Weighted": [float(i) for i in ids],
                         BOLD: [float(n + 1 - i) for i in ids],
                         "RICE": [np.nan] + [float(i - 1) for i in ids[1:]]})


IMPACT = Criterion(1, "Impact", BENEFIT, 1, 5, 1.0, 0)
COST_ = Criterion(2, "Cost", COST, 1, 5, 1.0, 1)


def two_idea_ranking():
    """One rater: idea 1 (hostile title) Impact 5, Cost 1; idea 2 (bold) Impact 3, Cost 3."""
    raw = pd.DataFrame([(1, 1, 1, 5), (1, 1, 2, 1), (2, 1, 1, 3), (2, 1, 2, 3)],
                       columns=["idea_id", "rater_id", "criterion_id", "value"])
    ideas = pd.DataFrame({"id": [1, 2], "title": [SCRIPT, BOLD]})
    return rank_ideas(ideas, [IMPACT, COST_], aggregate_scores(raw), count_raters(raw))


def every_figure() -> dict[str, go.Figure]:
    return {
        "rank matrix": build_matrix_figure(two_idea_ranking(), IMPACT, COST_),
        "contribution": build_contribution_figure(two_idea_ranking()),
        "matrix": build_decision_matrix(points(), "Impact", SCRIPT, 3.0, 3.0),
        "bands": build_rank_band_figure(bands(), 2),
        "heatmap": build_rater_heatmap(deviations()),
        "parallel": build_parallel_figure(parallel_frame(), PARALLEL_COLUMNS, "score"),
        "frameworks": build_framework_comparison(framework_ranks()),
        "waterfall": build_waterfall_figure([(SCRIPT, 30.0), (BOLD, -5.0), ("Fit", 12.34)],
                                            total_label=BOLD),
    }


def strings(node, path=""):
    """Every string in a figure dict, with the path it sits at."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{path}.{key}")
    elif isinstance(node, list | tuple | np.ndarray):
        for i, value in enumerate(node):
            yield from strings(value, f"{path}[{i}]")


def by_name(fig: go.Figure, name: str):
    return next(t for t in fig.data if t.name == name)


# --- decision matrix ---------------------------------------------------------------------------

def test_frontier_line_joins_the_frontier_ideas_in_cost_order():
    fig = build_decision_matrix(points(), "Impact", "Cost", 3.0, 3.0)
    line = by_name(fig, "Pareto frontier")
    assert line.mode == "lines"
    front = points()[points()["on_front"]].sort_values("cost")
    assert list(line.x) == front["cost"].tolist() == [1.0, 2.0, 4.5]
    assert list(line.y) == front["benefit"].tolist() == [3.0, 4.5, 5.0]


def test_portfolio_trace_holds_exactly_the_portfolio_ideas_numbered_by_rank():
    fig = build_decision_matrix(points(), "Impact", "Cost")
    chosen = by_name(fig, "In the portfolio")
    others = by_name(fig, "Other ideas")
    assert sorted(chosen.customdata) == [1, 2, 3]
    assert sorted(others.customdata) == [4, 5, 6]
    assert list(chosen.text) == ["1", "2", "3"]
    assert chosen.marker.color != others.marker.color
    assert {t.name for t in fig.data} == {"Pareto frontier", "In the portfolio", "Other ideas"}
    hover = " ".join(chosen.hovertext)
    assert "in the portfolio" in hover and ESCAPED[0] in hover


def test_quadrant_names_sit_outside_the_plotting_area():
    fig = build_decision_matrix(points(), "Impact", "Cost", 3.0, 3.0)
    labels = {a.text.split("<b>")[1].split("</b>")[0]: a for a in fig.layout.annotations}
    assert set(labels) == {"Quick wins", "Big bets", "Fill-ins", "Money pits"}
    for name, a in labels.items():
        assert (a.xref, a.yref) == ("paper", "paper")
        # Above the top edge (anchored at its bottom) or below the bottom edge (pushed down).
        if name in ("Quick wins", "Big bets"):
            assert a.y == 1 and a.yanchor == "bottom"
        else:
            assert a.y == 0 and a.yanchor == "top" and a.yshift < 0
    assert labels["Quick wins"].x == 0 and labels["Money pits"].x == 1
    lines = [(s.x0, s.y0) for s in fig.layout.shapes]
    assert any(x == 3.0 for x, _ in lines) and any(y == 3.0 for _, y in lines)


def test_no_quadrants_without_midpoints_and_no_frontier_trace_without_frontier():
    frame = points().assign(on_front=False, in_portfolio=False)
    fig = build_decision_matrix(frame, "Impact", "Cost")
    assert not fig.layout.annotations and not fig.layout.shapes
    assert [t.name for t in fig.data] == ["Other ideas"]
    assert len(fig.data[0].x) == 6


def test_axis_ranges_include_every_point_and_the_midpoints():
    fig = build_decision_matrix(points(), "Impact", "Cost", benefit_mid=0.5, cost_mid=6.0)
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert x0 < 1.0 and x1 > 6.0 and y0 < 0.5 and y1 > 5.0


# --- rank bands --------------------------------------------------------------------------------

def test_one_band_per_idea_sorted_by_median_rank_best_at_top():
    fig = build_rank_band_figure(bands(), top_n=2)
    bar, dots = fig.data
    assert isinstance(bar, go.Bar) and bar.orientation == "h"
    assert len(bar.y) == len(bands()) == len(dots.x)
    assert list(bar.customdata) == [9, 8, 7, 10]
    assert list(dots.x) == [1.0, 2.0, 3.0, 4.0]
    # Bands cover whole rank cells: ranks 1–3 → 0.6 to 3.4.
    assert bar.base[1] == pytest.approx(0.6) and bar.base[1] + bar.x[1] == pytest.approx(3.4)
    assert list(bar.marker.color) == [0.97, 0.84, 0.5, 0.0]
    y_range = fig.layout.yaxis.range
    assert y_range[0] > y_range[1]  # row 0 (best median) at the top
    assert fig.layout.yaxis.ticktext[1] == ESCAPED[0]
    assert fig.layout.xaxis.range[0] < 1 < fig.layout.xaxis.range[1]
    assert fig.layout.xaxis.title.text.startswith("Rank (1 = best)")
    assert [s.x0 for s in fig.layout.shapes] == [2.5]


def test_band_hover_says_chance_and_range_in_words():
    fig = build_rank_band_figure(bands(), top_n=2)
    hover = list(fig.data[0].hovertext)
    assert "P(top 2) 84 % · ranks 1–3 in 90 % of draws" in hover[1]
    assert "rank 4 in 90 % of draws" in hover[3]
    assert hover[1].startswith(f"<b>{ESCAPED[0]}</b>")


# --- rater heatmap -----------------------------------------------------------------------------

def test_heatmap_is_centred_on_zero_and_leaves_gaps_where_nobody_rated():
    fig = build_rater_heatmap(deviations())
    heat = fig.data[0]
    assert heat.zmid == 0 and heat.hoverongaps is False
    z = np.array(heat.z, dtype=float)
    assert math.isnan(z[0, 2]) and z[0, 0] == pytest.approx(0.2)
    assert heat.text[0][0] == f"Rater 1 · {ESCAPED[0]}"
    assert "%{z:+.2f} vs group" in heat.hovertemplate
    assert list(fig.layout.xaxis.ticktext) == ["Rater 1", "Rater 2", chart_label(SCRIPT, 18)]
    assert fig.layout.yaxis.autorange == "reversed"


# --- parallel coordinates ----------------------------------------------------------------------

def test_parallel_axes_follow_the_columns_and_lines_are_coloured_by_score():
    fig = build_parallel_figure(parallel_frame(), PARALLEL_COLUMNS, "score")
    par = fig.data[0]
    assert [d.label for d in par.dimensions] == ["Idea", "Impact", ESCAPED[1], "Score"]
    assert list(par.line.color) == [62.5, 62.5, 50.0]
    assert list(par.dimensions[1].range) == [0, 1] and list(par.dimensions[3].range) == [0, 100]
    # Tick text is drawn as plain text by Plotly, so titles go in shortened, not escaped.
    assert list(par.dimensions[0].ticktext) == [shorten(SCRIPT, 28), BOLD, "Plain"]


def test_parallel_leaves_out_rows_with_gaps_and_says_so():
    frame = parallel_frame()
    frame.loc[2, "c2"] = np.nan
    fig = build_parallel_figure(frame, PARALLEL_COLUMNS, "score")
    assert len(fig.data[0].dimensions[1].values) == 2
    assert "1 idea(s) without every value left out" in fig.layout.title.text


# --- framework comparison ----------------------------------------------------------------------

def test_framework_lines_follow_each_ideas_ranks_with_rank_one_on_top():
    fig = build_framework_comparison(framework_ranks())
    assert len(fig.data) == 5
    first = next(t for t in fig.data if list(t.customdata)[0] == 1)
    assert list(first.x) == [0, 1, 2]
    assert list(first.y)[:2] == [1.0, 5.0] and math.isnan(first.y[2])
    assert list(fig.layout.xaxis.ticktext) == ["Weighted", ESCAPED[1], "RICE"]
    top, bottom = fig.layout.yaxis.range
    assert top > bottom  # reversed: rank 1 at the top
    assert "best 30" not in fig.layout.title.text


def test_framework_comparison_highlights_ten_and_cuts_to_thirty():
    ranks = framework_ranks(45)
    ranks["Weighted"] = ranks["Weighted"].iloc[::-1].to_numpy()  # best first = idea 45
    fig = build_framework_comparison(ranks)
    assert len(fig.data) == 30
    assert "best 30 of 45 by Weighted" in fig.layout.title.text
    shown = {int(t.customdata[0]) for t in fig.data}
    assert shown == set(range(16, 46))
    thick = {int(t.customdata[0]) for t in fig.data if t.line.width == 3}
    assert thick == set(range(36, 46))
    # Highlighted lines are drawn last, on top of the grey ones.
    assert all(t.line.width == 3 for t in fig.data[-10:])


# --- waterfall ---------------------------------------------------------------------------------

def test_waterfall_steps_add_up_to_the_total_bar():
    fig = build_waterfall_figure([("Impact", 30.0), ("Cost", -5.0), ("Fit", 12.34)])
    fall = fig.data[0]
    assert list(fall.measure) == ["relative", "relative", "relative", "total"]
    assert list(fall.x) == ["Impact", "Cost", "Fit", "Score"]
    assert list(fall.text) == ["+30.0", "-5.0", "+12.3", "37.3"]
    assert fall.y[-1] == pytest.approx(37.34)


# --- score breakdown (Rank) ------------------------------------------------------------------

def test_each_bar_segment_writes_the_points_it_draws_and_the_total_follows_the_bar():
    """Two criteria of weight 1 → each is worth 50 points. Idea 1: Impact 5 on 1–5 → 1.0 →
    50.0; Cost 1 (lower is better) → 1.0 → 50.0; score 100.0. Idea 2: Impact 3 → 0.5 → 25.0;
    Cost 3 → 0.5 → 25.0; score 50.0."""
    fig = build_contribution_figure(two_idea_ranking())
    assert [t.name for t in fig.data] == ["Impact", "Cost"]
    for bar in fig.data:
        assert list(bar.x) == [50.0, 25.0]
        assert list(bar.text) == ["50.0", "25.0"]
        assert bar.textposition == "inside" and bar.textangle == 0
    totals = [a for a in fig.layout.annotations if a.text.startswith("<b>")]
    assert [(a.x, a.y, a.text) for a in totals] == [(100.0, 0, "<b>100.0</b>"),
                                                   (50.0, 1, "<b>50.0</b>")]
    assert all(a.xanchor == "left" and a.xshift > 0 for a in totals)  # after the bar's end
    assert fig.layout.margin.r >= 36  # room for a total of 100.0 after a full bar


def test_each_ideas_name_sits_on_its_own_line_above_its_bar():
    fig = build_contribution_figure(two_idea_ranking())
    names = [a for a in fig.layout.annotations if a.text.startswith("#")]
    assert [a.text for a in names] == [f"#1 {ESCAPED[0]}", f"#2 {ESCAPED[1]}"]
    for row, a in enumerate(names):
        # The bar spans row ± BAR_WIDTH / 2; the name's bottom edge is the bar's top edge
        # (rows run downwards: the axis range is reversed).
        assert (a.x, a.y, a.xanchor, a.yanchor) == (0, row - BAR_WIDTH / 2, "left", "bottom")
    assert fig.layout.yaxis.showticklabels is False
    assert fig.layout.yaxis.range[1] < -BAR_WIDTH / 2  # the first name fits above row 0
    assert list(fig.layout.xaxis.range) == [0, 100]


# --- every figure ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(every_figure()))
def test_hostile_text_is_escaped_in_every_field(name):
    fig = every_figure()[name]
    found = list(strings(fig.to_plotly_json()))
    for path, text in found:
        if name == "parallel" and ".ticktext[" in path:
            continue  # a plain-text field in Parcoords, checked in its own test
        for raw in HOSTILE:
            assert raw not in text, f"{raw!r} unescaped at {path}: {text!r}"
    everything = " ".join(text for _, text in found)
    assert any(e in everything for e in ESCAPED), "the hostile title was not shown at all"


@pytest.mark.parametrize("name", list(every_figure()))
def test_every_figure_serialises(name):
    fig = every_figure()[name]
    assert len(fig.to_json()) > 100
    assert fig.layout.height >= 300


@pytest.mark.parametrize("build", [
    lambda: build_decision_matrix(points().iloc[0:0], "Impact", "Cost", 3, 3),
    lambda: build_decision_matrix(points().assign(cost=np.nan), "Impact", "Cost"),
    lambda: build_rank_band_figure(bands().iloc[0:0], 3),
    lambda: build_rater_heatmap(pd.DataFrame()),
    lambda: build_rater_heatmap(deviations() * np.nan),
    lambda: build_parallel_figure(parallel_frame().iloc[0:0], PARALLEL_COLUMNS, "score"),
    lambda: build_parallel_figure(parallel_frame(), [], "score"),
    lambda: build_framework_comparison(pd.DataFrame(columns=["idea_id", "title", "RICE"])),
    lambda: build_framework_comparison(framework_ranks()[["idea_id", "title"]]),
    lambda: build_waterfall_figure([]),
])
def test_empty_input_gives_a_nothing_to_show_figure(build):
    fig = build()
    assert fig.data == ()
    assert [a.text.startswith(NOTHING_TO_SHOW) for a in fig.layout.annotations] == [True]
    fig.to_json()


@pytest.mark.parametrize("name", list(every_figure()))
def test_every_title_starts_below_the_toolbar_band(name):
    """Plotly's modebar and Streamlit's fullscreen button take the top MODEBAR_BAND pixels
    on hover or tap: the title starts under them and the plot starts under the title."""
    fig = every_figure()[name]
    title = fig.layout.title
    assert (title.yref, title.y, title.yanchor) == ("container", 1, "top")
    assert title.pad.t == MODEBAR_BAND
    assert fig.layout.margin.t >= MODEBAR_BAND + TITLE_ROOM


def test_the_contribution_legend_gets_its_own_line_under_the_title():
    fig = build_contribution_figure(two_idea_ranking())
    assert fig.layout.legend.yanchor == "bottom" and fig.layout.legend.y == 1
    assert fig.layout.margin.t >= MODEBAR_BAND + TITLE_ROOM + 26


def test_plot_config_keeps_the_modebar_short():
    assert PLOT_CONFIG["displaylogo"] is False
    assert {"select2d", "lasso2d"} <= set(PLOT_CONFIG["modeBarButtonsToRemove"])


def test_the_start_up_samples_build_every_chart_there_is():
    """The server warms Plotly up with sample_figures(): a new builder must be in it too."""
    samples = sample_figures()
    builders = {name for name in charts.__all__ if name.startswith("build_")}
    assert set(samples) == builders
    for name, fig in samples.items():
        assert fig.data, f"{name} drew nothing from its sample"
        assert NOTHING_TO_SHOW not in fig.to_json()
