"""Needs coverage on a hand-made workshop: counts, flags, order, orphans, the matrix."""

import math

import pandas as pd

from tests.conftest import Workshop
from workbench import services
from workbench.engine.charts.coverage import build_coverage_heatmap
from workbench.engine.coverage import COVERED, THIN, UNCOVERED, coverage, matrix_table

GONE = 99  # a need id that is not (any more) in the workshop


def hand_made():
    """Four needs, five live ideas.

    Opportunity = importance + max(importance − satisfaction, 0), unknown satisfaction no gap:
    n1 Fast setup 5/2 → 5 + 3 = 8; n2 Import 4/unknown → 4; n3 SSO 5/1 → 5 + 4 = 9;
    n4 Mobile 3/5 → 3 + 0 = 3.
    Tags: i10 → n1, n2; i11 → n1; i12 → none; i13 → n4 and a deleted need; i14 → only a
    deleted need. Ideas per need: n1 2 (covered), n2 1 (thin), n3 0 (uncovered), n4 1 (thin).
    """
    needs = pd.DataFrame({
        "id": [1, 2, 3, 4], "statement": ["Fast setup", "Import", "SSO", "Mobile"],
        "segment": ["SMB", "SMB", "IT", "IT"], "importance": [5, 4, 5, 3],
        "satisfaction": pd.array([2, None, 1, 5], dtype="Int64")})
    ideas = pd.DataFrame({
        "id": [10, 11, 12, 13, 14], "title": ["Checklist", "Wizard", "Badges", "App", "Logos"],
        "need_ids": [[1, 2], [1], [], [4, GONE], [GONE]]})
    return needs, ideas


def test_counts_flags_and_order_by_opportunity():
    """Sorted by opportunity 9, 8, 4, 3: SSO, Fast setup, Import, Mobile."""
    cov = coverage(*hand_made())
    assert cov.needs["need_id"].tolist() == [3, 1, 2, 4]
    assert cov.needs["opportunity"].tolist() == [9.0, 8.0, 4.0, 3.0]
    assert cov.needs["ideas"].tolist() == [0, 2, 1, 1]
    assert cov.needs["status"].tolist() == [UNCOVERED, COVERED, THIN, THIN]


def test_flagged_needs_are_the_uncovered_and_thin_most_opportunity_first():
    """SSO (9, none), Import (4, one), Mobile (3, one); Fast setup has 2 = the threshold."""
    assert coverage(*hand_made()).flagged["need_id"].tolist() == [3, 2, 4]


def test_a_higher_threshold_makes_more_needs_thin():
    """thin_below=3: Fast setup's 2 ideas are now fewer than 3."""
    cov = coverage(*hand_made(), thin_below=3)
    assert cov.flagged["need_id"].tolist() == [3, 1, 2, 4]


def test_orphans_serve_no_need_of_the_workshop():
    """Badges has no tag; Logos only one to a need that is gone. App keeps Mobile."""
    cov = coverage(*hand_made())
    assert cov.orphans["idea_id"].tolist() == [12, 14]
    assert cov.orphans["title"].tolist() == ["Badges", "Logos"]


def test_ties_in_opportunity_put_the_need_with_fewer_ideas_first():
    """Two needs of opportunity 5 + 3 = 8: the one with 0 ideas before the one with 2."""
    needs = pd.DataFrame({"id": [1, 2], "statement": ["A", "B"], "segment": ["S", "S"],
                          "importance": [5, 5], "satisfaction": [2, 2]})
    ideas = pd.DataFrame({"id": [7, 8], "title": ["x", "y"], "need_ids": [[1], [1]]})
    assert coverage(needs, ideas).needs["need_id"].tolist() == [2, 1]


def test_matrix_marks_each_tag_and_groups_ideas_under_their_first_need():
    """Rows in opportunity order; columns: ideas whose best-ranked need comes first
    (i10 and i11 under Fast setup, rank 1; i13 under Mobile, rank 3), orphans last."""
    cov = coverage(*hand_made())
    assert cov.matrix.index.tolist() == [3, 1, 2, 4]
    assert cov.matrix.columns.tolist() == [10, 11, 13, 12, 14]
    tagged = {(n, i) for n in cov.matrix.index for i in cov.matrix.columns
              if not math.isnan(cov.matrix.loc[n, i])}
    assert tagged == {(1, 10), (2, 10), (1, 11), (4, 13)}
    assert cov.matrix.loc[1, 10] == 1.0


def test_a_tagged_cell_carries_the_ideas_score_when_known():
    """Scores 0.8 for i10 and none for i11: i10's cells read 0.8, i11's read 1."""
    cov = coverage(*hand_made(), scores=pd.Series({10: 0.8}))
    assert cov.matrix.loc[1, 10] == cov.matrix.loc[2, 10] == 0.8
    assert cov.matrix.loc[1, 11] == 1.0
    assert math.isnan(cov.matrix.loc[3, 10])


def test_matrix_table_lists_the_ideas_serving_each_need():
    table = matrix_table(coverage(*hand_made()))
    assert table["Need"].tolist() == ["SSO", "Fast setup", "Import", "Mobile"]
    assert table["Ideas serving it"].tolist() == ["", "Checklist; Wizard", "Checklist", "App"]
    assert table["Status"].tolist() == ["uncovered", "covered", "thin", "thin"]


def test_no_needs_and_no_ideas_give_empty_results_and_a_chart_that_says_so():
    cov = coverage(pd.DataFrame(), pd.DataFrame())
    assert cov.needs.empty and cov.orphans.empty and cov.flagged.empty
    figure = build_coverage_heatmap(cov)
    assert "Nothing to show yet" in figure.layout.annotations[0].text


def test_heatmap_escapes_user_text():
    needs, ideas = hand_made()
    ideas.loc[0, "title"] = "<b>bold</b>"
    figure = build_coverage_heatmap(coverage(needs, ideas))
    assert "&lt;b&gt;bold&lt;/b&gt;" in figure.layout.xaxis.ticktext
    assert not any("<b>" in str(t) for row in figure.data[0].text for t in row)


def test_heatmap_rows_count_ideas_and_bold_the_uncovered_need():
    """Rows in opportunity order with their idea counts; SSO (0 ideas) in bold."""
    labels = list(build_coverage_heatmap(coverage(*hand_made())).layout.yaxis.ticktext)
    assert labels == ["<b>SSO (0)</b>", "Fast setup (2)", "Import (1)", "Mobile (1)"]


def test_in_a_real_workshop_merged_ideas_count_once_with_their_tags_unioned(fresh_store):
    """Need A (5/2 → 8), need B (4/unknown → 4). Ideas: x → A, y → B, z → none. Merging y
    into x leaves one live idea on A and B; z is the orphan. A: 1 (thin), B: 1 (thin)."""
    w = Workshop(fresh_store)
    x = w.idea("Checklist", (w.need_a,))
    y = w.idea("Setup list", (w.need_b,))
    w.idea("Badges")
    services.merge_ideas(fresh_store, w.id, w.author.id, [x, y], "Checklist", "")
    cov = coverage(fresh_store.list_needs(w.id), fresh_store.list_ideas(w.id))
    assert cov.needs["need_id"].tolist() == [w.need_a, w.need_b]
    assert cov.needs["ideas"].tolist() == [1, 1]
    assert cov.needs["status"].tolist() == [THIN, THIN]
    assert cov.orphans["title"].tolist() == ["Badges"]
    assert y not in cov.matrix.columns
