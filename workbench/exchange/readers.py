"""Uploaded tables (CSV, XLSX, JSON) as rows of text cells, or a named error saying what to fix."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace

from workbench.domain.models import InvalidInput
from workbench.exchange.numbers import detect_numbers, parse_number

MAX_BYTES = 25 * 1024 * 1024   # a 50,000-row Jira export is ~15 MB
MAX_ROWS = 100_000
MAX_COLUMNS = 500
CELL_MAX = 10_000              # characters in one cell
EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".json")
DELIMITERS = (",", ";", "\t", "|")
_SAMPLE = 64 * 1024


class UnreadableFile(InvalidInput):
    """An upload that is empty, too big, of the wrong kind, or holds a cell no import takes."""


@dataclass(frozen=True)
class Table:
    """One uploaded table: headers, text rows (padded to the headers) and what was detected.

    ``row_numbers[i]`` is where ``rows[i]`` sits in the source as a spreadsheet counts
    (header = row 1, empty rows counted), so messages point at the row a person sees."""

    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    row_numbers: list[int]
    kind: str                                  # "csv", "xlsx" or "json"
    encoding: str = ""                         # csv: "utf-8", "utf-8-sig", "cp1252", "utf-16"
    delimiter: str = ""                        # csv only
    decimal_comma: bool = False                # numbers are written 1,5 (and 1.234,5)
    percent_columns: tuple[str, ...] = ()      # columns holding values like "80%"
    document: object = field(default=None, repr=False)  # json: the parsed document

    def column(self, name: str) -> list[str]:
        """Every cell of the first column called ``name``."""
        index = self.headers.index(name)
        return [row[index] for row in self.rows]


def read_table(data: bytes, filename: str) -> Table:
    """Read an uploaded CSV/TSV, XLSX or JSON file into a Table; UnreadableFile otherwise."""
    name = (filename or "").strip()
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        hint = " Save it from Excel as .xlsx (Excel Workbook)." if extension == ".xls" else ""
        raise UnreadableFile(f"{name or 'The file'} is not a file the import reads; upload a "
                             f".csv, .tsv, .xlsx or .json file.{hint}")
    if not data:
        raise UnreadableFile(f"{name} is empty: export the backlog again and upload the file.")
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"{name} is {len(data) / 1024 / 1024:.1f} MB; the limit is "
                             f"{MAX_BYTES // 1024 // 1024} MB. Split the export into parts.")
    if extension == ".xlsx":
        table = _read_xlsx(data, name)
    elif extension == ".json":
        table = _read_json(data, name)
    else:
        table = _read_csv(data, name)
    _check_cells(table)
    comma, percent = detect_numbers(table.headers, table.rows, table.delimiter)
    return replace(table, decimal_comma=comma, percent_columns=percent)


def _finish(raw: list[list[str]], kind: str, name: str, **detected: object) -> Table:
    """Header = first non-empty row; empty rows dropped but counted; short rows padded."""
    numbered = [(n, [(c if isinstance(c, str) else str(c)).replace("\r\n", "\n") for c in row])
                for n, row in enumerate(raw, start=1)]
    numbered = [(n, row) for n, row in numbered if any(c.strip() for c in row)]
    if not numbered:
        raise UnreadableFile(f"{name} holds no rows: it needs a header row and one row per "
                             "item.")
    _, header = numbered[0]
    width = max(len(row) for _, row in numbered)
    if width > MAX_COLUMNS:
        raise UnreadableFile(f"{name} has {width} columns; the limit is {MAX_COLUMNS}.")
    if len(numbered) - 1 > MAX_ROWS:
        raise UnreadableFile(f"{name} has {len(numbered) - 1:,} rows; the limit is "
                             f"{MAX_ROWS:,}. Split the export into parts.")
    headers = tuple((h.replace("\ufeff", "").strip() or f"Column {i}") if i <= len(header)
                    else f"Column {i}" for i, h in enumerate(header + [""] * width, start=1)
                    )[:width]
    rows = [tuple(row) + ("",) * (width - len(row)) for _, row in numbered[1:]]
    if not rows:
        raise UnreadableFile(f"{name} has a header row but no rows under it.")
    return Table(headers, rows, [n for n, _ in numbered[1:]], kind, **detected)  # type: ignore[arg-type]


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise UnreadableFile(f"{name} contains a NUL byte (at byte {at:,}): it is not a text "
                             "export. Upload the CSV the tool exported, or an .xlsx file.")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{name} is not UTF-8 or Windows-1252 text (byte {exc.start:,}); "
                             "save it as CSV UTF-8 and upload it again.") from None


def _delimiter(text: str) -> str:
    """The delimiter whose first records have the most columns, consistently."""
    sample = text[:_SAMPLE]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r, _ in zip(csv.reader(io.StringIO(sample), delimiter=delimiter),
                                             range(50), strict=False) if any(r)]
        except csv.Error:
            continue
        if not widths:
            continue
        mode, count = Counter(widths).most_common(1)[0]
        score = (count if mode > 1 else 0, mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, name: str) -> Table:
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(f"{name} is an Excel workbook, not CSV text: rename it to .xlsx "
                             "or export it as CSV.")
    text, encoding = _decode(data, name)
    if text.lstrip().startswith(("{", "[")) and not text.lstrip().startswith("[\""):
        raise UnreadableFile(f"{name} looks like JSON, not CSV: rename it to .json.")
    delimiter = "\t" if name.lower().endswith(".tsv") else _delimiter(text)
    try:
        raw = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableFile(f"{name} is not valid CSV ({exc}).") from None
    return _finish(raw, "csv", name, encoding=encoding, delimiter=delimiter)


def _xlsx_text(cell: object) -> str:
    value = cell.value  # type: ignore[attr-defined]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if "%" in (cell.number_format or ""):  # type: ignore[attr-defined]
            return f"{value * 100:g}%"
        return f"{value:g}" if isinstance(value, float) else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, name: str) -> Table:
    """The first sheet's values; formulas give the value Excel saved, never evaluated here."""
    import openpyxl  # imported here: only uploads of .xlsx pay for it

    if not data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(f"{name} is not an Excel .xlsx workbook (an old .xls, or CSV "
                             "renamed?): save it as .xlsx or upload the CSV.")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(f"{name} could not be opened as an .xlsx workbook ({exc}).") from None
    try:
        sheet = book.worksheets[0]
        raw = [[_xlsx_text(c) for c in row] for row in sheet.iter_rows()]
    finally:
        book.close()
    return _finish(raw, "xlsx", name)


def _flat(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    if isinstance(value, list):
        return ", ".join(part for part in (_flat(v) for v in value) if part)
    return json.dumps(value, ensure_ascii=False)


def _records(document: object) -> list[dict]:
    """A list of objects, or the first such list under a key of the top object."""
    if isinstance(document, list) and all(isinstance(r, dict) for r in document):
        return document
    if isinstance(document, dict):
        for key in ("cards", "issues", "items", "rows", "data", "records"):
            if isinstance(document.get(key), list):
                return _records(document[key])
        for value in document.values():
            if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
                return value
    return []


def _read_json(data: bytes, name: str) -> Table:
    """Objects become rows; a nested object's fields become ``parent.child`` columns."""
    text, _ = _decode(data, name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                             f"{exc.msg}).") from None
    records = _records(document)
    if not records:
        raise UnreadableFile(f"{name} holds no list of items: upload a JSON list of objects "
                             "(or a Trello board export).")
    headers: dict[str, None] = {}
    flat_rows = []
    for record in records:
        flat: dict[str, str] = {}
        for key, value in record.items():
            if isinstance(value, dict) and not isinstance(value.get("name"), str):
                for sub, inner in value.items():
                    flat[f"{key}.{sub}"] = _flat(inner)
            else:
                flat[str(key)] = _flat(value)
        headers.update(dict.fromkeys(flat))
        flat_rows.append(flat)
    raw = [list(headers)] + [[row.get(h, "") for h in headers] for row in flat_rows]
    table = _finish(raw, "json", name)
    # JSON has no header row: messages count items from 1
    return Table(table.headers, table.rows, [n - 1 for n in table.row_numbers], "json",
                 document=document)


def _check_cells(table: Table) -> None:
    for header in table.headers:
        if len(header) > CELL_MAX or "\x00" in header:
            raise UnreadableFile("The header row holds a column name that is too long or has a "
                                 "NUL character.")
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        for header, cell in zip(table.headers, row, strict=True):
            if len(cell) > CELL_MAX:
                raise UnreadableFile(f"Row {number}, column '{header}': the cell is "
                                     f"{len(cell):,} characters; the limit is {CELL_MAX:,}.")
            if "\x00" in cell:
                raise UnreadableFile(f"Row {number}, column '{header}': the cell contains a NUL "
                                     "character; remove it and upload again.")


__all__ = ["CELL_MAX", "MAX_BYTES", "Table", "UnreadableFile", "parse_number", "read_table"]
