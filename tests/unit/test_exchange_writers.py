"""Ranked export tables and their CSV / XLSX files: known answers, formula cells made inert."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from workbench.domain.models import Criterion
from workbench.engine.agreement import idea_spread
from workbench.engine.evaluation import evaluate
from workbench.engine.settings import DEFAULTS, apply_changes
from workbench.exchange.ranked import method_frames, ranked_frame
from workbench.exchange.writers import Sheet, file_stem, to_csv, to_xlsx

HOSTILE = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
IDEAS = pd.DataFrame({"id": [1, 2, 3], "title": ["Cheap", "=1+1", "Unscored"]})
CRITERIA = [Criterion(10, "Value", "benefit", 1, 5, 3, 0),
            Criterion(11, "Cost", "cost", 1, 5, 1, 1)]
# Two raters: Cheap gets Value 3 and 5 (mean 4), Cost 1 and 1; "=1+1" Value 5 and 5, Cost 5, 3.
SCORES = pd.DataFrame([(1, 8, 10, 3), (1, 8, 11, 1), (1, 9, 10, 5), (1, 9, 11, 1),
                       (2, 8, 10, 5), (2, 8, 11, 5), (2, 9, 10, 5), (2, 9, 11, 3)],
                      columns=["idea_id", "rater_id", "criterion_id", "value"])


def frame(settings=DEFAULTS, authors=None, themes=None, dots=None):
    evaluation = evaluate(IDEAS, CRITERIA, SCORES, settings)
    return evaluation, ranked_frame(evaluation, spread=idea_spread(SCORES, CRITERIA),
                                    themes=themes or {}, dots=dots or {}, authors=authors)


def test_weighted_ranking_known_answer():
    """Cheap: Value mean 4 → (4−1)/4 = 0.75, Cost mean 1 → inverted 1.0:
    100 × (3·0.75 + 1·1.0) ÷ 4 = 81.25 (Value 56.25 points, Cost 25).
    "=1+1": Value 5 → 1.0, Cost mean 4 → inverted 0.25: 100 × (3 + 0.25) ÷ 4 = 81.25 too, so
    the tie keeps title order ("=1+1" sorts before "Cheap") and both are rank 1.
    Spread of Cheap: Value (3, 5) on 0–1 is (0.5, 1.0), population sd 0.25; Cost sd 0 →
    mean 0.125, high agreement. Unscored is listed, not ranked."""
    _, out = frame()
    assert out["Idea"].tolist() == ["=1+1", "Cheap", "Unscored"]
    assert out["Weighted score (0–100)"].tolist()[:2] == [81.25, 81.25]
    cheap = out.set_index("Idea").loc["Cheap"]
    assert cheap["Value (rating)"] == 4 and cheap["Value (points)"] == 56.25
    assert cheap["Cost (points)"] == 25 and cheap["Raters"] == 2
    assert cheap["Spread (0–1)"] == 0.125 and cheap["Agreement"] == "high"
    assert out["Status"].iloc[2].startswith("not ranked")
    assert pd.isna(out["Rank"].iloc[2])
    assert "Author(s)" not in out.columns and "Theme" not in out.columns


def test_formula_framework_adds_its_score_inputs_and_the_weighted_score():
    """Value ÷ effort with Value → Value and Effort → Cost: Cheap 4 ÷ 1 = 4, "=1+1" 5 ÷ 4 =
    1.25, so Cheap ranks first; the weighted score stays as its own column."""
    settings = apply_changes(DEFAULTS, {"framework": "value_effort", "slots": [
        ("value_effort", "value", 10), ("value_effort", "effort", 11)]})
    _, out = frame(settings)
    score = [c for c in out.columns if c.endswith(" score") and "Weighted" not in c][0]
    assert out["Idea"].tolist()[:2] == ["Cheap", "=1+1"]
    assert out[score].tolist()[:2] == [4.0, 1.25]
    assert "Weighted score (0–100)" in out.columns
    assert any(c.endswith(": Value") or "Value" in c for c in out.columns if ":" in c)


def test_authors_themes_dots_and_moscow_appear_only_when_given():
    evaluation = evaluate(IDEAS, CRITERIA, SCORES, DEFAULTS,
                          buckets=pd.DataFrame({"idea_id": [1], "moscow": ["must"]}))
    out = ranked_frame(evaluation, spread=idea_spread(SCORES, CRITERIA), themes={1: "Setup"},
                       dots={2: 3}, authors={1: "Ann", 2: "Bo"})
    row = out.set_index("Idea")
    assert row.loc["Cheap", "Author(s)"] == "Ann" and row.loc["Cheap", "Theme"] == "Setup"
    assert row.loc["Cheap", "MoSCoW"] == "Must have" and row.loc["=1+1", "Dots"] == 3
    assert row.loc["Cheap", "Dots"] == 0


def test_csv_neutralises_every_formula_start():
    data = to_csv(pd.DataFrame({"Idea": HOSTILE + ["plain"], "n": range(7)}))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE] + ["plain"]
    assert [r[1] for r in rows[1:]] == [str(n) for n in range(7)]  # numbers stay numbers


def test_xlsx_writes_hostile_text_as_text_never_a_formula():
    table = pd.DataFrame({"Idea": HOSTILE + ["plain", "bell\x07"], "n": [1, -2, 3.5, None,
                                                                        5, 6, 7, 8]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([Sheet("Ranking", [table], "C2")])))
    sheet = book["Ranking"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 10)]
    # XML turns a CR into a line feed; the control character is dropped (XML forbids it).
    assert [c.value for c in cells] == HOSTILE[:5] + ["\nCR", "plain", "bell"]
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells[:6]) and not cells[6].quotePrefix
    numbers = [sheet.cell(row=r, column=2).value for r in range(2, 10)]
    assert numbers == [1, -2, 3.5, None, 5, 6, 7, 8]
    # No cell anywhere is a formula.
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_xlsx_header_is_bold_frozen_and_columns_are_sized():
    _, out = frame()
    evaluation = evaluate(IDEAS, CRITERIA, SCORES, DEFAULTS)
    method = method_frames(evaluation, workshop="=cmd", round_no=1, exported_at="now",
                           note="")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([Sheet("Ranking", [out], "C2"),
                                                      Sheet("Method", method)])))
    ranking = book["Ranking"]
    assert ranking.freeze_panes == "C2"
    assert all(c.font.b for c in ranking[1])
    assert [c.value for c in ranking[1]] == list(out.columns)
    assert ranking.column_dimensions["B"].width >= len("Unscored") + 2
    assert ranking.column_dimensions["B"].width <= 60
    settings = book["Method"]
    values = {r[0].value: r[1].value for r in settings.iter_rows() if r[0].value}
    assert values["Workshop"] == "=cmd" and values["Method"]
    # The criteria table sits under the settings with its own bold header and the weights.
    header = [r for r in settings.iter_rows() if r[0].value == "Criterion"][0]
    assert all(c.font.b for c in header if c.value)
    rows = list(settings.iter_rows(min_row=header[0].row + 1, values_only=True))
    assert [(r[0], r[2], r[3]) for r in rows] == [("Value", 3.0, 0.75), ("Cost", 1.0, 0.25)]


@pytest.mark.parametrize(("title", "stem"), [("Q3 roadmap: bets!", "q3-roadmap-bets"),
                                             ("../../etc/passwd", "etc-passwd"),
                                             ("***", "workshop")])
def test_file_stems_are_safe(title, stem):
    assert file_stem(title) == stem
