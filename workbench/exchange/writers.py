"""CSV and XLSX bytes from tables, with formula cells made inert (pure)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from workbench.domain.safe_text import neutralise_cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH = 8, 60
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: tables written one under another (a blank row between), each with a
    bold header; ``freeze`` is the cell above and left of which stays in view (or None)."""

    name: str
    tables: Sequence[pd.DataFrame]
    freeze: str | None = None


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, for Excel) whose text cells cannot run as formulas.

    Rows end in CRLF, so a CR inside a cell is quoted (with a bare LF ending, pandas leaves a
    cell's CR unquoted and a spreadsheet splits the row there).
    """
    safe = frame.rename(columns=neutralise_cell)
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """An .xlsx workbook. Text is always written as text (never as a formula) and text
    starting with = + - @, a tab or CR carries Excel's quote prefix, so even editing the cell
    does not turn it into a formula."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(title=_sheet_title(sheet.name))
        _widths(ws, sheet.tables)
        if sheet.freeze:
            ws.freeze_panes = sheet.freeze
        for n, table in enumerate(sheet.tables):
            if n:
                ws.append([])
            header = []
            for name in table.columns:
                cell = _text_cell(ws, str(name))
                cell.font = bold
                header.append(cell)
            ws.append(header)
            columns = [table[c].to_numpy(dtype=object) for c in table.columns]
            for values in zip(*columns, strict=True):
                ws.append([_value(ws, v) for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)
    return cleaned[:31] or "Sheet"


def _text_cell(ws: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=None)
    cell.value = text
    cell.data_type = "s"  # assigned after the value: openpyxl makes "=…" a formula otherwise
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def _value(ws: WriteOnlyWorksheet, value: object) -> object:
    """A cell's value: numbers as numbers, missing as empty, text as safe text."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    # Plain text cannot start a formula unless it starts with "="; the rest only need the
    # prefix, which a plain value cannot carry.
    return _text_cell(ws, text) if text.startswith(FORMULA_START) else text


def _widths(ws: WriteOnlyWorksheet, tables: Sequence[pd.DataFrame]) -> None:
    """Column widths from the longest header or value (capped), per column position."""
    widths: dict[int, int] = {}
    for table in tables:
        for k, column in enumerate(table.columns, start=1):
            values = table[column].astype(str)
            longest = int(values.str.len().max()) if len(values) else 0
            widths[k] = max(widths.get(k, 0), len(str(column)) + 2, longest + 2)
    for k, width in widths.items():
        ws.column_dimensions[get_column_letter(k)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)


def file_stem(title: str, fallback: str = "workshop") -> str:
    """A file name stem from a workshop title: letters, digits and dashes, at most 60."""
    kept = "".join(ch.lower() if ch.isalnum() else "-" for ch in title)
    stem = "-".join(part for part in kept.split("-") if part)[:60].strip("-")
    return stem or fallback
