"""The journey map on a hand-made workshop: cells, colours, hover text, table, empty cells."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from workbench.engine.charts.journey import build_journey_heatmap
from workbench.engine.journey import EMPTY_CELL, NOT_PLACED, journey_map

STAGES = pd.DataFrame({"id": [1, 2, 3], "name": ["Discover", "Buy", "Use"]})
SEGMENTS = pd.DataFrame({"id": [10, 11], "name": ["SMB owners", "<b>IT</b> admins"]})


def needs(**extra) -> pd.DataFrame:
    """SMB: "Find us" (Discover, importance 3, unknown satisfaction, 1 idea) and "Clear
    price" (Discover, 5, satisfaction 1, 0 ideas); IT: "SSO" (Use, 4, satisfaction 4, 2
    ideas) and "Audit log" (no stage, 2, 2 ideas)."""
    frame = pd.DataFrame({
        "id": [100, 101, 102, 103], "segment_id": [10, 10, 11, 11],
        "statement": ["Find us", "Clear price", "SSO", "Audit log"],
        "importance": [3, 5, 4, 2], "satisfaction": [np.nan, 1, 4, np.nan],
        "ideas": [1, 0, 2, 2], "stage_id": [1, 1, 3, None]})
    return frame.assign(**extra)


def test_each_cell_takes_its_strongest_need_by_importance():
    """(SMB, Discover) holds importance 3 and 5 → 5; (IT, Use) → 4; Audit log has no stage,
    so a "Not placed" column appears with 2 in the IT row; the rest is empty."""
    jm = journey_map(STAGES, SEGMENTS, needs())
    assert jm.stages == ["Discover", "Buy", "Use", NOT_PLACED]
    assert jm.z[0, 0] == 5 and jm.z[1, 2] == 4 and jm.z[1, 3] == 2
    assert int(np.isnan(jm.z).sum()) == 8 - 3
    assert jm.counts.tolist() == [[2, 0, 0, 0], [0, 0, 1, 1]]


def test_opportunity_adds_the_satisfaction_gap():
    """Clear price: 5 + (5 − 1) = 9; Find us: 3 + 0 (unknown satisfaction) = 3 → cell 9.
    SSO: 4 + max(4 − 4, 0) = 4."""
    jm = journey_map(STAGES, SEGMENTS, needs(), "opportunity")
    assert jm.z[0, 0] == 9 and jm.z[1, 2] == 4


def test_importance_from_evidence_overrides_the_stated_rating():
    """Evidence gives Find us 1 and Clear price 2 → the SMB Discover cell becomes 2."""
    jm = journey_map(STAGES, SEGMENTS, needs(), "importance", pd.Series({100: 1.0, 101: 2.0}))
    assert jm.z[0, 0] == 2


def test_hover_lists_needs_with_idea_counts_and_empty_cells_say_so():
    jm = journey_map(STAGES, SEGMENTS, needs())
    assert "Clear price (importance 5, 0 idea(s))<br>Find us (importance 3, 1 idea(s))" \
        in jm.hover[0][0]
    assert jm.hover[0][1].endswith(EMPTY_CELL)
    # user text is escaped for Plotly's HTML subset
    assert "&lt;b&gt;IT&lt;/b&gt; admins" in jm.hover[1][2] and "<b>IT</b>" not in jm.hover[1][2]


def test_the_table_alternative_has_every_cell_with_its_needs_or_the_empty_phrase():
    table = journey_map(STAGES, SEGMENTS, needs()).table
    assert len(table) == 2 * 4
    first = table.iloc[0]
    assert (first["Stage"], first["Segment"], first["Needs"], first["Ideas"]) == (
        "Discover", "SMB owners", 2, 1)
    assert first["Needs here"] == "Clear price; Find us"
    assert (table["Needs here"] == EMPTY_CELL).sum() == 5
    assert math.isnan(table.iloc[1]["Highest importance"])


def test_no_not_placed_column_when_every_need_has_a_stage():
    jm = journey_map(STAGES, SEGMENTS, needs(stage_id=[1, 1, 3, 2]))
    assert NOT_PLACED not in jm.stages and jm.z[1, 1] == 2


def test_a_need_on_a_stage_that_is_gone_counts_as_not_placed():
    jm = journey_map(STAGES, SEGMENTS, needs(stage_id=[1, 1, 3, 999]))
    assert jm.stages[-1] == NOT_PLACED and jm.z[1, 3] == 2


def test_the_figure_labels_cells_and_names_empty_ones():
    fig = build_journey_heatmap(journey_map(STAGES, SEGMENTS, needs()))
    heat = fig.data[0]     # stages down, segments across
    assert heat.text[0][0] == "2 needs" and heat.text[1][0] == "no known<br>need here"
    assert heat.z[0][0] == 5 and heat.z[2][1] == 4
    assert list(fig.layout.yaxis.ticktext) == ["Discover", "Buy", "Use", NOT_PLACED]
    assert list(fig.layout.xaxis.ticktext) == ["SMB owners", "&lt;b&gt;IT&lt;/b&gt;<br>admins"]
    long = journey_map(STAGES, pd.DataFrame({"id": [10], "name": ["Small business owners"]}),
                       needs().iloc[:2])
    assert build_journey_heatmap(long).layout.xaxis.ticktext == ("Small<br>business<br>owners",)


def test_an_empty_workshop_gets_a_figure_that_says_what_to_do():
    empty = pd.DataFrame(columns=["id", "name"])
    fig = build_journey_heatmap(journey_map(STAGES, empty, needs().iloc[0:0]))
    assert "add a segment and a need" in fig.layout.annotations[0].text
