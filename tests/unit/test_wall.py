"""The idea wall text: grouping by need, counts, gaps, escaping."""

import pandas as pd

from workbench.domain.safe_text import md
from workbench.engine.wall import UNTAGGED, need_labels, wall_groups, wall_markdown


def ideas(*rows):
    return list(rows)


def test_an_idea_tagged_twice_is_listed_under_both_needs_fullest_group_first():
    labels = {1: "Fast setup · SMB", 2: "Bulk users · Enterprise", 3: "Mobile · SMB"}
    groups = wall_groups(ideas(("Wizard", [1, 2]), ("CSV import", [2]), ("Stickers", [])),
                         labels)
    assert groups == [("Bulk users · Enterprise", ["Wizard", "CSV import"]),
                      ("Fast setup · SMB", ["Wizard"]),
                      ("Mobile · SMB", []),
                      (UNTAGGED, ["Stickers"])]


def test_tags_to_needs_that_are_gone_count_as_untagged():
    assert wall_groups(ideas(("Orphan", [99])), {1: "Fast setup · SMB"}) == [
        ("Fast setup · SMB", []), (UNTAGGED, ["Orphan"])]


def test_markdown_has_a_counted_heading_per_group_and_says_where_the_gaps_are():
    text = wall_markdown([("Fast setup · SMB", ["Wizard", "Tour"]), ("Mobile · SMB", [])])
    assert text.split("\n\n") == [
        f"**{md('Fast setup · SMB')}** · 2", f"- {md('Wizard')}\n- {md('Tour')}",
        f"**{md('Mobile · SMB')}** · 0", "*No ideas for this need yet — a gap worth filling?*"]


def test_user_text_cannot_become_markup_or_break_the_list():
    hostile = "**bold** <script>x</script>\n- injected"
    text = wall_markdown([(hostile, [hostile])])
    assert f"**{md(hostile)}** · 1" in text and f"- {md(hostile)}" in text
    assert "<script>" not in text and "\n- injected" not in text


def test_two_needs_with_the_same_wording_stay_apart():
    needs = pd.DataFrame({"id": [4, 7], "statement": ["Go fast", "Go fast"],
                          "segment": ["SMB", "SMB"]})
    assert need_labels(needs) == {4: "Go fast · SMB (#4)", 7: "Go fast · SMB (#7)"}
