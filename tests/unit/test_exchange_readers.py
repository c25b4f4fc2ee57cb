"""read_table: CSV/XLSX/JSON uploads as text rows, and each bad upload refused with a reason."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from workbench.domain.models import InvalidInput
from workbench.exchange.numbers import parse_number
from workbench.exchange.readers import CELL_MAX, MAX_BYTES, UnreadableFile, read_table

DATA = Path(__file__).resolve().parents[1] / "data" / "exchange"


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


def xlsx(rows: list[list[object]], percent_cells: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref in percent_cells:
        sheet[ref].number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_jira_export_with_bom_repeated_headers_and_quoted_newlines():
    """5 issues + 1 empty row: the empty row is dropped but counted (issue CHK-104 is row 6)."""
    table = read_table(fixture("jira_cloud.csv"), "Jira.csv")
    assert (table.kind, table.encoding, table.delimiter) == ("csv", "utf-8-sig", ",")
    assert table.headers[0] == "Summary"  # the BOM is not part of the first header
    assert table.headers.count("Labels") == 3 and table.headers.count("Sprint") == 2
    assert len(table.rows) == 5 and table.row_numbers == [2, 3, 4, 6, 7]
    description = table.column("Description")[0]
    assert description.startswith("h2. Problem\nRepeat buyers") and "\r" not in description
    assert table.column("Issue key")[3] == "CHK-104"
    assert table.column("Summary")[4].startswith("=HYPERLINK(")  # kept as text
    assert not table.decimal_comma


def test_cp1252_semicolons_decimal_commas_and_percent_signs():
    table = read_table(fixture("sheet_semicolon_cp1252.csv"), "backlog.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.headers[0] == "Idée / Title" and table.headers[-1] == "Thème"
    assert table.decimal_comma and table.percent_columns == ("Confidence",)
    assert table.row_numbers == [2, 3, 5, 6]
    assert table.column("Effort") == ["1,5", "4", "2,5", "0,5"]
    assert [parse_number(c, table.decimal_comma) for c in table.column("Reach")] == [
        1200.0, 800.0, 2500.0, 300.0]


def test_tab_delimited_utf16_from_excel_unicode_text():
    data = "Title\tScore\nFaster search\t4\n".encode("utf-16")
    table = read_table(data, "export.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows == [("Faster search", "4")]


def test_short_rows_are_padded_and_long_rows_get_named_columns():
    table = read_table(b"Title,Score\nA\nB,2,extra\n", "t.csv")
    assert table.headers == ("Title", "Score", "Column 3")
    assert table.rows == [("A", "", ""), ("B", "2", "extra")]


def test_trello_json_rows_flatten_badges_and_label_names():
    table = read_table(fixture("trello_board.json"), "board.json")
    assert table.kind == "json" and len(table.rows) == 4 and table.row_numbers == [1, 2, 3, 4]
    assert table.column("badges.votes") == ["7", "12", "1", "0"]
    assert table.column("labels")[1] == "Payments, Mobile"
    assert isinstance(table.document, dict) and "lists" in table.document


def test_a_plain_json_list_of_objects():
    data = json.dumps([{"title": "A", "points": 3}, {"title": "B", "tags": ["x", "y"]}]).encode()
    table = read_table(data, "items.json")
    assert table.headers == ("title", "points", "tags")
    assert table.rows == [("A", "3", ""), ("B", "", "x, y")]


def test_xlsx_first_sheet_numbers_and_percent_cells():
    """0.8 formatted as a percentage reads as "80%", 5.0 as "5", a formula stays unevaluated."""
    data = xlsx([["Title", "Confidence", "Points"], ["Dark mode", 0.8, 5.0], [None, None, None],
                 ["Search", 0.55, 2.5]], percent_cells=("B2", "B4"))
    table = read_table(data, "Backlog.XLSX")
    assert table.kind == "xlsx" and table.row_numbers == [2, 4]
    assert table.rows == [("Dark mode", "80%", "5"), ("Search", "55%", "2.5")]
    assert table.percent_columns == ("Confidence",)


@pytest.mark.parametrize("data, name, words", [
    (b"", "empty.csv", "is empty"),
    (b"Title\n", "only-header.csv", "no rows under it"),
    (b"\n\n  \n", "blank.csv", "holds no rows"),
    (b"Title\nA\n", "notes.docx", "upload a .csv"),
    (b"Title\nA\n", "old.xls", "as .xlsx"),
    (b"Title\nA\n", "noextension", "upload a .csv"),
    (b"Title,Notes\nA,b\x00c\n", "nul.csv", "NUL byte (at byte"),
    (b"PK\x03\x04rest", "renamed.csv", "is an Excel workbook"),
    (b"Title,Notes\nA,b\n", "fake.xlsx", "not an Excel .xlsx"),
    (b"PK\x03\x04broken zip", "broken.xlsx", "could not be opened"),
    (b"{\"title\": ", "cut.json", "not valid JSON (line 1"),
    (b"{\"title\": \"A\"}", "object.json", "no list of items"),
    (b"[{\"title\": \"A\\u0000\"}]", "nul.json", "Row 1, column 'title'"),
    (b"{\"a\": 1}", "data.csv", "looks like JSON"),
    (b"Title\n\x81\x8d\x8f\x90\x9d\n", "binary.csv", "not UTF-8 or Windows-1252"),
])
def test_bad_uploads_are_refused_with_a_reason(data, name, words):
    with pytest.raises(UnreadableFile) as refused:
        read_table(data, name)
    assert words in str(refused.value)
    assert isinstance(refused.value, InvalidInput)


def test_an_oversized_file_states_the_limit():
    with pytest.raises(UnreadableFile, match=f"the limit is {MAX_BYTES // 1024 // 1024} MB"):
        read_table(b"Title\n" + b"x" * MAX_BYTES, "huge.csv")


def test_an_overlong_cell_names_its_row_and_column():
    """Header is row 1, an empty row 3 counts, so the long cell sits on row 4."""
    data = b"Title,Description\nA,short\n\nB," + b"y" * (CELL_MAX + 1) + b"\n"
    with pytest.raises(UnreadableFile) as refused:
        read_table(data, "long.csv")
    assert str(refused.value) == (f"Row 4, column 'Description': the cell is {CELL_MAX + 1:,} "
                                  f"characters; the limit is {CELL_MAX:,}.")
    assert read_table(b"Title\n" + b"z" * CELL_MAX + b"\n", "max.csv").rows[0][0] == "z" * CELL_MAX


@pytest.mark.parametrize("text, comma, expected", [
    ("5.0", False, 5.0), ("1,5", True, 1.5), ("1.234,5", True, 1234.5), ("80%", False, 80.0),
    ("12,5 %", True, 12.5), ("1,200", False, 1200.0), ("1 200", True, 1200.0),
    ("5.0", True, 5.0), ("-3", False, -3.0), ("1,5", False, None), ("abc", False, None),
    ("", False, None), ("nan", False, None), ("inf", False, None),
])
def test_parse_number_reads_what_people_type(text, comma, expected):
    assert parse_number(text, comma) == expected
