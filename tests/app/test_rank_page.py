"""Rank page: order, formula, unranked ideas, charts, export, weights errors."""

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from tests.app.ui import texts
from workbench import services
from workbench.engine.charts import PLOT_CONFIG
from workbench.engine.scoring import rank_ideas
from workbench.ui.warmup import chart_bundle

PAGE = "pages/rank.py"


def expected_ranking(store, wid):
    ideas = store.list_ideas(wid)
    return rank_ideas(ideas[ideas["shortlisted"]], store.list_criteria(wid),
                      store.score_means(wid), store.raters_per_idea(wid))


def test_table_order_matches_the_scores(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    table = at.dataframe[0].value
    expected = expected_ranking(store, wid).table
    assert table["title"].tolist() == expected["title"].tolist()
    assert table["score"].is_monotonic_decreasing
    assert table["title"].iloc[0] == "Interactive setup checklist"
    assert [m.value for m in at.metric][:2] == ["20", "2"]


def test_formula_is_shown_in_words_with_the_weights(app):
    at = app(PAGE)
    assert "Impact × 1 \\+ Cost × 1 \\+ Feasibility × 1" in texts(at)


def test_unscored_shortlisted_ideas_are_listed_not_ranked(app):
    at = app(PAGE)
    unranked = [d.value for d in at.dataframe if "reason" in d.value.columns][0]
    assert set(unranked["title"]) == {"Templates gallery by industry", "Verified domain auto-join"}
    assert set(unranked["reason"]) == {"not yet scored"}


def test_breakdown_explains_the_top_idea(app):
    at = app(PAGE)
    breakdown = [d.value for d in at.dataframe if "points" in d.value.columns][0]
    assert breakdown["criterion"].tolist() == ["Impact", "Cost", "Feasibility"]
    assert "Score = " in texts(at)


def test_both_charts_and_the_export_are_offered(app):
    at = app(PAGE)
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download ranking (CSV)", "Download ranking (Excel)"]


def test_charts_use_the_short_toolbar_and_every_page_preloads_the_chart_code(app):
    """The modebar config that keeps it narrow on a phone; the sidebar's preload script
    names Streamlit's Plotly bundle, which exists in the installed Streamlit."""
    at = app(PAGE)
    for chart in at.get("plotly_chart"):
        config = json.loads(chart.proto.config)
        assert config["displaylogo"] is False
        assert set(config["modeBarButtonsToRemove"]) == set(
            PLOT_CONFIG["modeBarButtonsToRemove"])
    bundle = chart_bundle()
    assert bundle and (Path(st.__file__).parent / "static/static/js" / bundle).is_file()
    scripts = [h.proto.body for h in at.sidebar.get("html")]
    assert len([b for b in scripts if bundle in b and "import(" in b]) == 1


def test_metrics_wrap_in_one_row_not_four_columns(app):
    at = app(PAGE)
    assert [m.label for m in at.metric] == ["Ranked ideas", "Not yet ranked", "Top score",
                                            "Raters"]
    assert not at.columns or all(not col.get("metric") for col in at.columns)


def test_changing_weights_reorders_the_ranking(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    crit = store.list_criteria(wid)
    services.update_criteria(store, wid, None, [(c.id, c.name, c.direction,
                                                10.0 if c.name == "Cost" else 0.5) for c in crit])
    at.run()
    table = at.dataframe[0].value
    expected = expected_ranking(store, wid).table
    assert table["title"].tolist() == expected["title"].tolist()
    assert table["title"].iloc[0] != "Interactive setup checklist"


def test_nothing_scored_shows_what_to_do(app, store):
    wid = services.create_workshop(store, "Fresh", "")
    idea = services.add_idea(store, wid, None, "Only idea")
    services.set_shortlist(store, wid, None, [idea])
    at = app()
    at.session_state["workshop_id"] = wid
    at.switch_page(PAGE).run()
    assert "None of the 1 shortlisted ideas is fully scored yet" in texts(at)
    assert isinstance(at.dataframe[0].value, pd.DataFrame)


def test_empty_shortlist_points_to_refine(app, store):
    wid = services.create_workshop(store, "Fresh", "")
    at = app()
    at.session_state["workshop_id"] = wid
    at.switch_page(PAGE).run()
    assert "Nothing is shortlisted yet" in texts(at)
