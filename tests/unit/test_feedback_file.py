"""Feedback files with the quirks real exports have, and the bad ones refused by row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from workbench.domain.models import InvalidInput
from workbench.exchange.feedback import guess_columns, pasted_feedback, read_feedback

DATA = Path(__file__).resolve().parents[1] / "data" / "feedback"


def read(name: str, columns=None, scale="auto"):
    return read_feedback((DATA / name).read_bytes(), name, columns, scale)


def test_a_bom_csv_with_quoted_newlines_and_empty_rows_keeps_every_item_whole():
    rows = read("bom_quoted_newlines.csv")
    assert list(rows["text"]) == ["Setup took ages,\nI gave up twice", "Love the new dashboard",
                                  'She said "finally" when import worked',
                                  "Import from Excel broke my contacts", "No score on this one"]
    # spreadsheet row numbers: header 1, empty rows 3 and 5 counted
    assert list(rows["row"]) == [2, 4, 6, 7, 8]
    assert list(rows["score"].astype("object").fillna(-1)) == [3, 10, 9, 6, -1]
    assert list(rows["scale"].fillna("")) == ["nps"] * 4 + [""]
    assert rows["given_on"].iloc[0] == date(2026, 1, 14) and rows["given_on"].iloc[4] is None
    assert list(rows["segment"][:2]) == ["SMB owners"] * 2
    assert rows["source"].iloc[3] == "Support ticket"


def test_a_cp1252_semicolon_file_reads_with_named_columns_and_day_first_dates():
    rows = read("cp1252_semicolon.csv", {"text": "Kommentar", "score": "CSAT", "date": "Datum",
                                         "segment": "Kundentyp"})
    assert rows["text"].iloc[0] == "Café owners need the price in €"
    assert rows["text"].iloc[2] == "Rechnung “unklar”"
    assert list(rows["scale"]) == ["csat"] * 4   # the column is called CSAT
    assert rows["given_on"].iloc[1] == date(2026, 2, 3)   # 03/02/2026 is 3 February
    assert list(rows["segment"]) == ["Cafés", "Cafés", "Händler", "Händler"]


def test_an_xlsx_survey_is_found_by_its_header_names_and_keeps_hostile_text_as_data():
    rows = read("survey.xlsx")
    assert guess_columns(["Feedback", "Rating", "Submitted", "Plan", "Channel"]) == {
        "text": "Feedback", "score": "Rating", "date": "Submitted", "segment": "Plan",
        "source": "Channel"}
    assert rows["text"].iloc[2] == "<script>alert(1)</script> **bold**"
    assert list(rows["scale"]) == ["csat"] * 3   # answers 2, 5, 3: nothing above 5
    assert rows["given_on"].iloc[0] == date(2026, 3, 1)


@pytest.mark.parametrize("name, scale, match", [
    ("scores_off_scale.csv", "auto", r"from 0 to 10 \(NPS\); rows 3, 4 are not"),
    ("csat_off_scale.csv", "auto", r"from 1 to 5 \(CSAT\); rows 3, 4 are not"),
    ("scores_off_scale.csv", "csat", r"from 1 to 5 \(CSAT\); rows 2, 3, 4, 5 are not"),
    ("bad_dates.csv", "auto", r"dates could not be read: rows 3, 4"),
    ("no_text_column.csv", "auto", r"no column of feedback text.*columns are: score, date"),
    ("empty.csv", "auto", r"empty\.csv is empty"),
    ("header_only.csv", "auto", r"header row but no rows"),
])
def test_bad_files_are_refused_naming_the_rows(name, scale, match):
    with pytest.raises(InvalidInput, match=match):
        read(name, scale=scale)


def test_a_chosen_text_column_that_is_not_in_the_file_is_refused():
    with pytest.raises(InvalidInput, match="no column of feedback text"):
        read("bom_quoted_newlines.csv", {"text": "Nope"})


def test_a_score_that_is_not_a_number_is_refused_by_row():
    data = b"text,score\nfine,9\nbad,ten\n"
    with pytest.raises(InvalidInput, match="whole numbers; row 3 is not"):
        read_feedback(data, "f.csv")


def test_control_characters_in_a_cell_are_refused_by_row():
    data = "text,segment\nfine,SMB\nbad,S\u0007MB\n".encode()
    with pytest.raises(InvalidInput, match="row 3"):
        read_feedback(data, "f.csv")


def test_pasted_lines_become_items_with_the_same_segment_and_source():
    rows = pasted_feedback("First\n\n  Second line  \n", "SMB", "Call notes")
    assert list(rows["text"]) == ["First", "Second line"]
    assert list(rows["segment"]) == ["SMB", "SMB"] and rows["score"].isna().all()


@pytest.mark.parametrize("text", ["", "   \n ", None, 42])
def test_an_empty_or_non_text_paste_is_refused(text):
    with pytest.raises(InvalidInput, match="Paste at least one line"):
        pasted_feedback(text)
