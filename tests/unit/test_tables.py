"""Decide's tables on plain frames: look-ups, ranking, MoSCoW, portfolio and plot frames."""

import math

import numpy as np
import pandas as pd
import pytest

from workbench.domain.models import Criterion
from workbench.engine.portfolio import best_portfolio
from workbench.engine.tables import (
    BAND_COLUMNS,
    SPREAD_COLUMNS,
    bucket_changes,
    chosen_table,
    cost_criterion,
    lookup,
    matrix_points,
    moscow_grid,
    parallel_table,
    portfolio_items,
    ranking_table,
    rater_count,
    rater_labels,
    reliability_columns,
    scale_midpoint,
    skipped_rows,
    spread_table,
    still_listed,
    titles_by_id,
)

HOSTILE = "<script>alert(1)</script> **bold** | $x$ \n[link](javascript:1)"
VALUE = Criterion(1, "Value", "benefit", 1, 5, 3, 0, "1-5")
COST = Criterion(2, "Cost", "cost", 1, 5, 2, 1, "1-5")
EFFORT = Criterion(3, "Effort", "cost", 0, 100, 1, 2, "free")


def table(rows: list[tuple[int, int, str, float]], buckets: list | None = None) -> pd.DataFrame:
    """A ranking table: (rank, idea_id, title, score) rows, 2 raters each."""
    frame = pd.DataFrame(rows, columns=["rank", "idea_id", "title", "score"])
    frame["raters"] = 2
    frame["bucket"] = buckets if buckets is not None else [None] * len(rows)
    return frame


def scores(rows: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["idea_id", "rater_id", "criterion_id", "value"])


EMPTY_TABLE = table([])
EMPTY_SCORES = scores([])


# --- look-ups ----------------------------------------------------------------------------

def test_titles_by_id_maps_ids_to_titles_verbatim():
    """Ids 3 and 5 titled "B" and a hostile string: the text is not escaped or trimmed."""
    titles = titles_by_id(table([(1, 3, "B", 80.0), (2, 5, HOSTILE, 60.0)]))
    assert titles == {3: "B", 5: HOSTILE}
    assert all(type(k) is int for k in titles)


def test_titles_by_id_merges_frames_later_wins_and_reads_the_shortlist_id_column():
    ranked = table([(1, 3, "Ranked", 80.0)])
    incomplete = pd.DataFrame({"idea_id": [3, 7], "title": ["Newer", "Unscored"]})
    assert titles_by_id(ranked, incomplete) == {3: "Newer", 7: "Unscored"}
    shortlist = pd.DataFrame({"id": [2, 1], "title": ["Two", "One"]})
    assert titles_by_id(shortlist, key="id") == {2: "Two", 1: "One"}


def test_titles_by_id_of_nothing_is_empty():
    assert titles_by_id() == {}
    assert titles_by_id(EMPTY_TABLE) == {}


def test_titles_by_id_keeps_equal_titles_apart_by_id():
    assert titles_by_id(table([(1, 1, "Same", 50.0), (1, 2, "Same", 50.0)])) == {
        1: "Same", 2: "Same"}


def test_lookup_ranks_with_ties_share_the_rank():
    """Scores 80, 80, 60 rank 1, 1, 3."""
    ranked = table([(1, 4, "A", 80.0), (1, 9, "B", 80.0), (3, 2, "C", 60.0)])
    assert lookup(ranked, "idea_id", "rank") == {4: 1, 9: 1, 2: 3}


def test_still_listed_keeps_order_and_drops_ideas_no_longer_there():
    assert still_listed([5, 1, 9], {1: "a", 5: "b"}) == [5, 1]
    assert still_listed((), {1: "a"}) == []
    assert still_listed([1], {}) == []


# --- raters ------------------------------------------------------------------------------

def test_rater_count_counts_distinct_raters():
    """Rows from raters 4, 4, 9 → 2 raters; no rows → 0."""
    assert rater_count(scores([(1, 4, 1, 3), (2, 4, 1, 5), (1, 9, 1, 2)])) == 2
    assert rater_count(EMPTY_SCORES) == 0


def test_rater_labels_number_raters_by_id_and_show_names_only_when_allowed():
    """Raters 9 and 4 sorted → 4 is "Rater 1", 9 is "Rater 2"; 9 has no participant row."""
    rows = scores([(1, 9, 1, 3), (1, 4, 1, 5), (2, 4, 1, 1)])
    people = pd.DataFrame({"id": [4, 5], "name": [HOSTILE, "Bo"]})
    assert rater_labels(rows, people, True) == {4: HOSTILE, 9: "Rater 2"}
    assert rater_labels(rows, people, False) == {4: "Rater 1", 9: "Rater 2"}


def test_rater_labels_without_scores_is_empty():
    assert rater_labels(EMPTY_SCORES, pd.DataFrame({"id": [], "name": []}), True) == {}


# --- ranking -----------------------------------------------------------------------------

def test_ranking_table_for_a_weighted_method_has_no_input_or_bucket_columns():
    ranked = table([(1, 3, "A", 75.0), (2, 5, "B", 25.0)])
    view = ranking_table(ranked, None, moscow=False)
    assert view.columns.tolist() == ["rank", "title", "score", "raters"]
    assert view["score"].tolist() == [75.0, 25.0]


def test_ranking_table_lines_formula_inputs_up_with_the_ranked_ideas():
    """RICE inputs listed in id order 3, 5 but ranked 5 (1000 × 1 ÷ 2 = 500) before 3
    (200 × 2 ÷ 1 = 400): each row gets its own idea's inputs."""
    ranked = table([(1, 5, "Big", 500.0), (2, 3, "Small", 400.0)])
    inputs = pd.DataFrame({"reach": [200.0, 1000.0], "impact": [2.0, 1.0],
                           "effort": [1.0, 2.0]}, index=pd.Index([3, 5], name="idea_id"))
    view = ranking_table(ranked, inputs, moscow=False)
    assert view.columns.tolist() == ["rank", "title", "score", "raters", "reach", "impact",
                                     "effort"]
    assert view["reach"].tolist() == [1000.0, 200.0]
    assert view["reach"].iloc[0] * view["impact"].iloc[0] / view["effort"].iloc[0] == 500.0


def test_ranking_table_shows_bucket_labels_for_moscow_with_a_dash_for_none():
    ranked = table([(1, 3, "A", 75.0), (2, 5, "B", 25.0)], buckets=["must", None])
    view = ranking_table(ranked, None, moscow=True)
    assert view["bucket"].tolist() == ["Must have", "—"]


def test_ranking_table_shows_buckets_under_another_method_only_when_some_idea_has_one():
    with_one = table([(1, 3, "A", 75.0), (2, 5, "B", 25.0)], buckets=[None, "wont"])
    assert ranking_table(with_one, None, moscow=False)["bucket"].tolist() == [
        "—", "Won't have (this time)"]
    none = table([(1, 3, "A", 75.0)])
    assert "bucket" not in ranking_table(none, None, moscow=False).columns


def test_ranking_table_of_an_empty_ranking_is_empty():
    assert ranking_table(EMPTY_TABLE, None, moscow=False).empty
    assert ranking_table(EMPTY_TABLE, None, moscow=True).columns.tolist()[-1] == "bucket"


def test_ranking_table_does_not_change_the_table():
    ranked = table([(1, 3, "A", 75.0)], buckets=["could"])
    before = ranked.copy()
    ranking_table(ranked, None, moscow=True)
    pd.testing.assert_frame_equal(ranked, before)


# --- MoSCoW ------------------------------------------------------------------------------

def test_moscow_grid_labels_buckets_and_names_unknown_ideas_by_id():
    grid = moscow_grid([3, 5, 8], pd.Series({3: "should", 8: "must"}), {3: HOSTILE, 5: "B"})
    assert grid.index.tolist() == [3, 5, 8] and grid.index.name == "idea_id"
    assert grid["title"].tolist() == [HOSTILE, "B", "8"]
    assert grid.at[3, "bucket"] == "Should have" and grid.at[8, "bucket"] == "Must have"
    assert pd.isna(grid.at[5, "bucket"])


def test_moscow_grid_of_no_ideas_is_empty():
    assert moscow_grid([], pd.Series(dtype=object), {}).empty


def test_bucket_changes_returns_only_changed_rows_as_bucket_keys():
    """3: Should → Must; 5: none → none (no change); 8: Must → cleared; 9 unchanged."""
    grid = moscow_grid([3, 5, 8, 9], {3: "should", 8: "must", 9: "could"}, {})
    edited = grid.copy()
    edited.at[3, "bucket"] = "Must have"
    edited.at[8, "bucket"] = None
    assert bucket_changes(grid, edited) == {3: "must", 8: None}
    assert bucket_changes(grid, grid.copy()) == {}


# --- cost and scale ----------------------------------------------------------------------

def test_cost_criterion_is_the_chosen_one_else_the_first_cost_criterion():
    criteria = (VALUE, COST, EFFORT)
    assert cost_criterion(criteria, 3) is EFFORT
    assert cost_criterion(criteria, None) is COST
    assert cost_criterion(criteria, 99) is COST       # a deleted choice falls back
    assert cost_criterion((VALUE,), None) is None
    assert cost_criterion((), 2) is None


def test_scale_midpoint_is_the_middle_of_a_closed_scale_and_none_for_free_numbers():
    """1–5 → (1 + 5) ÷ 2 = 3; free numbers have no top, so no middle."""
    assert scale_midpoint(COST) == 3.0
    assert scale_midpoint(EFFORT) is None


# --- portfolio and matrix ----------------------------------------------------------------

def test_portfolio_items_line_value_and_cost_up_by_idea_and_keep_gaps():
    ranked = table([(1, 5, "B", 90.0), (2, 3, "A", 40.0)])
    benefit = pd.Series({3: 4.0, 5: 6.0})
    cost = pd.Series({5: 2.0})
    items = portfolio_items(ranked, benefit, cost)
    assert items["idea_id"].tolist() == [5, 3] and items["title"].tolist() == ["B", "A"]
    assert items["value"].tolist() == [6.0, 4.0]
    assert items["cost"].iloc[0] == 2.0 and math.isnan(items["cost"].iloc[1])


def test_matrix_points_mark_the_front_and_the_chosen_set():
    """A (6, cost 3) and B (5, cost 2) are both on the front; C (4, cost 3) is beaten by A
    (more benefit for the same cost)."""
    ranked = table([(1, 1, "A", 90.0), (2, 2, "B", 80.0), (3, 3, "C", 70.0)])
    items = portfolio_items(ranked, pd.Series({1: 6.0, 2: 5.0, 3: 4.0}),
                            pd.Series({1: 3.0, 2: 2.0, 3: 3.0}))
    points = matrix_points(items, ranked, frozenset({2}))
    assert points.columns.tolist() == ["idea_id", "title", "benefit", "cost", "rank", "score",
                                       "on_front", "in_portfolio"]
    assert points["on_front"].tolist() == [True, True, False]
    assert points["in_portfolio"].tolist() == [False, True, False]
    assert points["rank"].tolist() == [1, 2, 3]


def test_matrix_points_of_nothing_is_empty():
    items = portfolio_items(EMPTY_TABLE, pd.Series(dtype=float), pd.Series(dtype=float))
    points = matrix_points(items, EMPTY_TABLE, ())
    assert points.empty and "on_front" in points.columns


def test_chosen_and_skipped_tables_of_a_portfolio():
    """Budget 5: {A, B} is worth 6 + 5 = 11 for cost 3 + 2 = 5; {A, C} 10, {B, C} 9.
    D has no cost, so it is not a candidate."""
    items = pd.DataFrame({"idea_id": [1, 2, 3, 4], "title": ["A", "B", "C", HOSTILE],
                          "value": [6.0, 5.0, 4.0, 9.0], "cost": [3.0, 2.0, 2.0, np.nan]})
    portfolio = best_portfolio(items, 5.0)
    chosen = chosen_table(portfolio)
    assert chosen.columns.tolist() == ["title", "value", "cost"]
    assert sorted(chosen["title"]) == ["A", "B"]
    assert chosen["value"].sum() == 11.0 == portfolio.total_value
    assert chosen["cost"].sum() == 5.0 == portfolio.total_cost
    assert skipped_rows(portfolio) == [(HOSTILE, "no cost estimate yet")]


def test_a_portfolio_with_every_idea_a_candidate_skips_nothing():
    items = pd.DataFrame({"idea_id": [1], "title": ["A"], "value": [1.0], "cost": [1.0]})
    assert skipped_rows(best_portfolio(items, 1.0)) == []


# --- agreement ---------------------------------------------------------------------------

def test_spread_table_titles_ranked_ideas_and_leaves_the_others_out():
    spread = pd.DataFrame({"idea_id": [5, 3, 7], "raters": [2, 3, 2], "min": [1, 2, 1],
                           "max": [5, 3, 2], "spread": [0.5, 0.1, 0.2],
                           "agreement": ["low", "high", "medium"]})
    shown = spread_table(spread, {3: "A", 5: HOSTILE})
    assert shown.columns.tolist() == SPREAD_COLUMNS
    assert shown["title"].tolist() == [HOSTILE, "A"]      # the spread's order is kept
    assert shown["spread"].tolist() == [0.5, 0.1]


def test_spread_table_of_no_spread_is_empty():
    spread = pd.DataFrame({c: [] for c in ["idea_id", "raters", "min", "max", "spread",
                                           "agreement"]})
    assert spread_table(spread, {1: "A"}).empty


def test_reliability_columns_add_the_note_only_when_there_is_one():
    base = ["criterion", "raters", "ideas", "alpha", "reading"]
    assert reliability_columns(pd.DataFrame({"note": [None, ""]})) == base
    assert reliability_columns(pd.DataFrame({"note": [np.nan, "only one rater"]})) == [
        *base, "note"]
    assert reliability_columns(pd.DataFrame({"note": pd.Series([], dtype=object)})) == base


def test_band_columns_name_the_rank_statistics():
    assert BAND_COLUMNS[0] == "title" and "rank_median" in BAND_COLUMNS


# --- parallel coordinates ----------------------------------------------------------------

def test_parallel_table_has_one_row_per_ranked_idea_in_rank_order():
    """Idea 5 is ranked first: Value 1.0, Cost 0.5 → 100 × (3·1.0 + 2·0.5) ÷ 5 = 80;
    idea 3: Value 0.5, Cost 0.0 → 100 × (3·0.5 + 2·0) ÷ 5 = 30."""
    ranked = table([(1, 5, "B", 80.0), (2, 3, HOSTILE, 30.0)])
    normalised = pd.DataFrame({1: [0.5, 1.0], 2: [0.0, 0.5]}, index=[3, 5])
    frame, axes = parallel_table(ranked, normalised, (VALUE, COST))
    assert axes == [("c1", "Value"), ("c2", "Cost"), ("score", "Score")]
    assert frame.columns.tolist() == ["c1", "c2", "score", "title"]
    assert frame["c1"].tolist() == [1.0, 0.5] and frame["c2"].tolist() == [0.5, 0.0]
    for row in frame.itertuples():
        assert row.score == pytest.approx(100 * (3 * row.c1 + 2 * row.c2) / 5)
    assert frame["title"].tolist() == ["B", HOSTILE]


def test_parallel_table_of_an_empty_ranking_is_empty():
    frame, axes = parallel_table(EMPTY_TABLE, pd.DataFrame({1: []}), (VALUE,))
    assert frame.empty and axes == [("c1", "Value"), ("score", "Score")]
