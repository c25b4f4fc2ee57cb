"""The segment → need → theme → idea treemap and its table, on a hand-made workshop."""

from __future__ import annotations

import pandas as pd

from workbench.engine.charts.themes import (
    NO_NEED,
    NO_SEGMENT,
    NO_THEME,
    build_theme_treemap,
    theme_paths,
    theme_table,
)

NEEDS = pd.DataFrame({"id": [1, 2], "segment": ["SMB", "SMB"],
                      "statement": ["Fast setup", "Import <b>contacts</b>"]})
IDEAS = pd.DataFrame({"id": [10, 11, 12, 13],
                      "title": ["Wizard", "CSV import", "Tour", "Stickers"],
                      "need_ids": [[1, 2], [2], [1], []]})
THEMES = {10: "Onboarding", 11: "Import", 12: "Onboarding"}


def test_paths_put_an_idea_under_every_need_it_serves_and_the_rest_under_no_need():
    """Wizard serves 2 needs (2 paths), CSV 1, Tour 1, Stickers none (1): 5 paths."""
    paths = theme_paths(NEEDS, IDEAS, THEMES)
    assert len(paths) == 5
    assert paths[paths["idea"] == "Stickers"][["segment", "need", "theme"]].iloc[0].tolist() == [
        NO_SEGMENT, NO_NEED, NO_THEME]


def test_table_counts_ideas_per_segment_need_and_theme():
    """Fast setup/Onboarding: Wizard + Tour = 2; Import contacts/Import: CSV = 1;
    Import contacts/Onboarding: Wizard = 1; No need/No theme: Stickers = 1."""
    table = theme_table(theme_paths(NEEDS, IDEAS, THEMES))
    counts = {(r.Need, r.Theme): r.Ideas for r in table.itertuples()}
    assert counts == {("Fast setup", "Onboarding"): 2, ("Import <b>contacts</b>", "Import"): 1,
                      ("Import <b>contacts</b>", "Onboarding"): 1, (NO_NEED, NO_THEME): 1}


def test_treemap_boxes_sum_to_their_parents_and_labels_are_escaped():
    """Segments: SMB 4 paths + No segment 1 = 5 leaves; every parent's value is the sum of
    its children's (branchvalues="total")."""
    trace = build_theme_treemap(theme_paths(NEEDS, IDEAS, THEMES)).data[0]
    value = dict(zip(trace.ids, trace.values, strict=True))
    children: dict[str, int] = {}
    for node, parent in zip(trace.ids, trace.parents, strict=True):
        if parent:
            children[parent] = children.get(parent, 0) + value[node]
    assert all(value[p] == total for p, total in children.items())
    roots = [value[n] for n, p in zip(trace.ids, trace.parents, strict=True) if not p]
    assert sorted(roots) == [1, 4]
    assert sum(1 for v in trace.ids if v.count("/") == 3) == 5
    assert "Import &lt;b&gt;contacts&lt;/b&gt;" in trace.labels
    assert "<b>" not in "".join(trace.labels)


def test_no_ideas_gives_a_chart_that_says_so_and_an_empty_table():
    paths = theme_paths(NEEDS, IDEAS.iloc[0:0], THEMES)
    assert paths.empty and theme_table(paths).empty
    assert "no ideas yet" in build_theme_treemap(paths).layout.annotations[0].text
