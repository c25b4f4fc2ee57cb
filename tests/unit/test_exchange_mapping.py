"""Presets recognise real exports; the mapping checks every row and lists problems by place."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.domain.models import Criterion
from workbench.exchange import targets as t
from workbench.exchange.mapping import build_plan
from workbench.exchange.markup import jira_to_text, markdown_to_text
from workbench.exchange.presets import PRESETS, detect
from workbench.exchange.readers import Table, read_table

DATA = Path(__file__).resolve().parents[1] / "data" / "exchange"
IMPACT = Criterion(1, "Impact", "benefit", 1, 5, 1, 0, "custom")
COST = Criterion(2, "Cost", "cost", 1, 5, 1, 1, "custom")
CRITERIA = [IMPACT, COST]


def prepared(name: str):
    raw = read_table((DATA / name).read_bytes(), name)
    preset = detect(raw)
    return preset, preset.prepare(raw)


def sheet(text: str) -> Table:
    return read_table(text.encode(), "sheet.csv")


def messages(plan) -> list[str]:
    return [str(p) for p in plan.problems]


def test_jira_preset_merges_repeats_cleans_markup_and_reads_points():
    """Priority High → 4 on 1–5; Story Points "5.0" → 5; Business Value 40."""
    preset, table = prepared("jira_cloud.csv")
    assert preset.key == "jira"
    assert table.headers.count("Labels") == 1 and table.headers.count("Sprint") == 1
    assert table.column("Labels")[0] == "checkout, retention"
    assert table.column("Sprint")[0] == "Sprint 14, Sprint 15"
    plan = build_plan(table, preset.guess(table), CRITERIA)
    assert plan.ok and len(plan.items) == 5
    first = plan.items[0]
    assert (first.key, first.status, first.themes) == ("CHK-101", "To Do",
                                                       ("checkout", "retention"))
    assert "*" not in first.description and "{code" not in first.description
    assert first.description.startswith("Problem\nRepeat buyers rebuild their basket by hand")
    assert dict(first.scores) == {"new:Priority": 4.0, "new:Story Points": 5.0,
                                  "new:Business Value": 40.0}
    points = plan.criteria["new:Story Points"]
    assert (points.direction, points.scale, points.low, points.high) == ("cost", "free", 0, 8)
    # the formula-looking summary is kept as text and noted
    assert plan.items[4].title.startswith('=HYPERLINK("http://evil.example"')
    assert [str(n) for n in plan.notes] == [
        "Row 7, column 'Summary': starts with '=': kept as text, never run as a formula."]


def test_trello_preset_lists_become_status_and_archived_cards_are_skipped():
    """Card 3 is archived, card 4 sits in an archived list: both skipped, 2 imported."""
    preset, table = prepared("trello_board.json")
    assert preset.key == "trello"
    plan = build_plan(table, preset.guess(table), CRITERIA)
    assert plan.ok and plan.skipped == [(3, "archived"), (4, "archived")]
    assert [(i.key, i.title, i.status, i.themes, dict(i.scores)) for i in plan.items] == [
        ("5f1a00000000000000000c01", "Pay with PayPal", "Ideas", ("Payments",),
         {"new:Votes": 7.0}),
        ("5f1a00000000000000000c02", "Mobile wallet one-tap", "Next up", ("Payments", "Mobile"),
         {"new:Votes": 12.0})]
    assert "**" not in plan.items[0].description


def test_linear_preset_priority_words_and_comma_labels():
    """Urgent → 5, High → 4, Medium → 3, Low → 2, "No priority" → no score."""
    preset, table = prepared("linear.csv")
    assert preset.key == "linear"
    plan = build_plan(table, preset.guess(table), CRITERIA)
    assert plan.ok
    priority = {i.key: dict(i.scores).get("new:Priority") for i in plan.items}
    assert priority == {"ENG-412": 4.0, "ENG-413": 5.0, "ENG-414": None, "ENG-415": 2.0,
                        "ENG-416": 3.0}
    assert plan.items[0].themes == ("Feature", "Enterprise")
    assert "new:Estimate" not in dict(plan.items[4].scores)  # an empty estimate is no score


def test_plain_sheet_rice_columns_decimal_commas_and_percentages():
    """cp1252 + semicolons: Reach 1 200 → 1200, Confidence 80 % → 80, Effort 1,5 → 1.5; the
    default workshop's 1–5 Impact is not RICE's scale, so RICE impact gets its own criterion."""
    preset, table = prepared("sheet_semicolon_cp1252.csv")
    assert preset.key == "sheet"
    mapping = preset.guess(table)
    assert mapping["Idée / Title"] == t.TITLE and mapping["Thème"] == t.THEMES
    plan = build_plan(table, mapping, CRITERIA)
    assert plan.ok, messages(plan)
    assert dict(plan.items[0].scores) == {"rice:reach": 1200.0, "rice:impact": 2.0,
                                          "rice:confidence": 80.0, "rice:effort": 1.5}
    assert plan.criteria["rice:impact"].name == "Impact (RICE)"
    assert plan.criteria["rice:impact"].scale == "rice_impact"
    assert plan.items[3].title == "@SUM(A1:A3) promo codes"


def test_a_re_import_fills_the_criterion_the_first_import_made():
    points = Criterion(9, "Story Points", "cost", 0, 8, 1, 2, "free")
    preset, table = prepared("jira_cloud.csv")
    plan = build_plan(table, preset.guess(table), [*CRITERIA, points])
    assert plan.criteria["new:Story Points"] is points


@pytest.mark.parametrize("text, mapping, expected", [
    ("Foo,Bar\na,b\n", {"Foo": t.DESCRIPTION},
     ["No column is mapped to the title: pick the column that holds each item's name."]),
    ("Title,Score,Score\na,1,2\n", {"Title": t.TITLE},
     ["column 'Score': appears 2 times in the header row; rename the copies so each column "
      "has its own name."]),
    ("Title,Points\nA,3\nB,lots\n", {"Title": t.TITLE, "Points": "new:Points"},
     ["Row 3, column 'Points': 'lots' is not a number; this column is mapped to a score."]),
    ("Title,Impact\nA,3\nB,7\n", {"Title": t.TITLE, "Impact": "criterion:1"},
     ["Row 3, column 'Impact': Impact: 7 is outside the scale 1 to 5."]),
    ("Title,Effort\nA,0\n", {"Title": t.TITLE, "Effort": "rice:effort"},
     ["Row 2, column 'Effort': RICE effort is the work in person-months and divides the "
      "score: 0 is not allowed; use a number above 0."]),
    ("Title,Confidence\nA,120%\n", {"Title": t.TITLE, "Confidence": "rice:confidence"},
     ["Row 2, column 'Confidence': RICE confidence is a percentage: 120 % is above 100 %."]),
    ("Title,Impact\nA,4\n", {"Title": t.TITLE, "Impact": "rice:impact"},
     ["Row 2, column 'Impact': Impact (RICE): 4 is outside the scale RICE impact (0.25 "
      "minimal … 3 massive): 0.25, 0.5, 1, 2, 3."]),
    ("Title,Votes\nA,-2\n", {"Title": t.TITLE, "Votes": "new:Votes"},
     ["Row 2, column 'Votes': Votes: -2 is outside the scale: any number ≥ 0 (counts fully "
      "at 1)."]),
    ("Key,Title\nK-1,A\nK-1,B\n", {"Title": t.TITLE, "Key": t.KEY},
     ["Row 3, column 'Key': 'K-1' is also on row 2; each item may appear once."]),
    ("Title\nSame\nsame\n", {"Title": t.TITLE},
     ["Row 3, column 'Title': 'same' is also on row 2; each item may appear once."]),
    ("Title,Notes\n,x\n", {"Title": t.TITLE, "Notes": t.DESCRIPTION},
     ["Row 2, column 'Title': Title cannot be empty."]),
    ("Title\n" + "x" * 121 + "\n", {"Title": t.TITLE},
     ["Row 2, column 'Title': Title is 121 characters; the limit is 120."]),
    ("Title,Notes\nA," + "y" * 10_000 + "\n", {"Title": t.TITLE, "Notes": t.DESCRIPTION},
     ["Row 2, column 'Notes': Description is 10,000 characters; the limit is 2,000."]),
    ("Title,Notes\nA\u202eB,x\n", {"Title": t.TITLE},
     ["Row 2, column 'Title': Title contains an invisible control character (U+202E); remove "
      "it and try again."]),
    ("Title,Score\nA,1\n", {"Title": t.TITLE, "Score": "criterion:77"},
     ["column 'Score': the criterion it was mapped to no longer exists; map it again."]),
    ("Title,Score\nA,1\n", {"Title": t.TITLE, "Nope": t.STATUS},
     ["column 'Nope': is not a column of this file."]),
    ("Title,Name\nA,B\n", {"Title": t.TITLE, "Name": t.TITLE},
     ["2 columns (Title, Name) are mapped to the same thing (title); keep one."]),
])
def test_each_problem_is_named_by_row_and_column(text, mapping, expected):
    plan = build_plan(sheet(text), mapping, CRITERIA)
    assert messages(plan) == expected
    assert not plan.ok


def test_every_problem_is_listed_not_just_the_first():
    """Rows 2 and 4 are bad in two different columns; row 3 is fine — three problems."""
    table = sheet("Title,Impact,Cost\nA,9,1\nB,2,2\n,3,x\n")
    plan = build_plan(table, {"Title": t.TITLE, "Impact": "criterion:1", "Cost": "criterion:2"},
                      CRITERIA)
    assert messages(plan) == [
        "Row 4, column 'Cost': 'x' is not a number; this column is mapped to a score.",
        "Row 2, column 'Impact': Impact: 9 is outside the scale 1 to 5.",
        "Row 4, column 'Title': Title cannot be empty."]
    assert [i.title for i in plan.items] == ["B"]


def test_labels_to_needs_split_on_commas_and_semicolons_once_each():
    plan = build_plan(sheet('Title,Tags\nA,"fast; Fast, setup"\n'),
                      {"Title": t.TITLE, "Tags": t.NEEDS}, CRITERIA)
    assert plan.items[0].needs == ("fast", "setup")


def test_markup_cleaners():
    assert jira_to_text("h1. Big\n*bold* _it_ {{mono}} [site|http://x.y]") == \
        "Big\nbold it mono site (http://x.y)"
    assert markdown_to_text("## Head\n**b** [l](https://a.b)") == "Head\nb l (https://a.b)"


def test_every_preset_is_listed_and_a_sheet_is_the_fallback():
    assert set(PRESETS) == {"jira", "trello", "linear", "sheet"}
    assert detect(sheet("Whatever\nx\n")).key == "sheet"


def test_an_excel_rice_sheet_with_percent_cells_an_empty_row_and_a_second_sheet():
    """Confidence cells formatted 0% hold 0.8 → "80%" → 80; Reach's reference top is the
    largest reach (12,000), Effort's the largest effort (3.5); the empty row 4 is counted."""
    preset, table = prepared("rice_sheet.xlsx")
    assert preset.key == "sheet" and table.row_numbers == [2, 3, 5, 6]
    plan = build_plan(table, preset.guess(table), [])
    assert plan.ok, messages(plan)
    assert dict(plan.items[0].scores) == {"rice:reach": 3200.0, "rice:impact": 1.0,
                                          "rice:confidence": 80.0, "rice:effort": 2.0}
    assert plan.items[0].themes == ("search", "retention")
    assert (plan.criteria["rice:reach"].high, plan.criteria["rice:effort"].high) == (12000, 3.5)
    assert plan.criteria["rice:impact"].name == "Impact"  # no 1–5 Impact here to avoid
    assert [str(n) for n in plan.notes] == [
        "Row 5, column 'Feature': starts with '+': kept as text, never run as a formula."]
