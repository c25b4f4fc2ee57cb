"""Customer feedback files: which column holds what, and the rows checked, or what to fix.

Columns are found by their header (text, score, date, segment, source, in several common
spellings) or named by the person. A file is taken whole or not at all: rows with a score
off its scale or a date that does not parse are named in the message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from workbench.domain.journey import CSAT, FEEDBACK_ROWS_MAX, FEEDBACK_TEXT_MAX, NPS, SCALES
from workbench.domain.models import NAME_MAX, InvalidInput
from workbench.domain.validate import clean_text
from workbench.exchange.numbers import parse_number
from workbench.exchange.readers import Table, read_table

FIELDS = ("text", "score", "date", "segment", "source")
# Header spellings per field, compared case-insensitively without spaces, "_" or "-".
HEADERS = {
    "text": ("text", "feedback", "comment", "comments", "verbatim", "response", "answer",
             "message", "review", "quote", "body"),
    "score": ("score", "nps", "npsscore", "csat", "csatscore", "rating", "likelihood"),
    "date": ("date", "givenon", "created", "createdat", "submitted", "submittedat",
             "timestamp", "day"),
    "segment": ("segment", "persona", "customertype", "customersegment", "plan", "tier"),
    "source": ("source", "channel", "origin", "survey"),
}
AUTO = "auto"
SHOWN_ROWS = 8


def _key(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.casefold())


def guess_columns(headers: Sequence[str]) -> dict[str, str | None]:
    """The column each field most likely sits in, by header name (None: not found)."""
    keyed = {_key(h): h for h in reversed(headers)}
    return {f: next((keyed[k] for k in HEADERS[f] if k in keyed), None) for f in FIELDS}


def _rows(numbers: Sequence[int], verb: str = "") -> str:
    shown = ", ".join(str(n) for n in numbers[:SHOWN_ROWS])
    more = f" and {len(numbers) - SHOWN_ROWS} more" if len(numbers) > SHOWN_ROWS else ""
    agreed = {"is": "are", "": ""}[verb] if len(numbers) > 1 else verb
    return f"row{'s' if len(numbers) > 1 else ''} {shown}{more}" + (f" {agreed}" if verb else "")


def guess_scale(scores: Sequence[float]) -> str | None:
    """NPS when any answer is 0 or above 5, else CSAT (1–5); None without answers."""
    if not scores:
        return None
    return NPS if any(s == 0 or s > 5 for s in scores) else CSAT


def _dates(cells: Sequence[str], numbers: Sequence[int]) -> list[date | None]:
    values = pd.Series(list(cells), dtype="object").str.strip()
    parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
    retry = parsed.isna() & values.ne("")
    if retry.any():
        parsed[retry] = pd.to_datetime(values[retry], errors="coerce", format="mixed",
                                       dayfirst=True)
    bad = [numbers[i] for i in np.flatnonzero((values.ne("") & parsed.isna()).to_numpy())]
    if bad:
        raise InvalidInput(f"These dates could not be read: {_rows(bad)}. Write them as "
                           "2026-03-31 (or 31/03/2026), or leave the cell empty.")
    days = parsed.dt.date.astype("object")
    return days.where(parsed.notna(), None).tolist()


def feedback_rows(table: Table, columns: Mapping[str, str | None] | None = None,
                  scale: str = AUTO) -> pd.DataFrame:
    """The table's rows as feedback (text, score, scale, given_on, segment, source); rows
    without text are left out. InvalidInput naming the rows when a value is off."""
    chosen = dict(guess_columns(table.headers))
    chosen.update({k: v for k, v in (columns or {}).items() if k in FIELDS})
    text_col = chosen.get("text")
    if not text_col or text_col not in table.headers:
        raise InvalidInput("The file has no column of feedback text. Name it “text” (or "
                           "feedback, comment, response) or choose it in “Text column”; the "
                           f"columns are: {', '.join(table.headers[:12])}.")
    if len(table.rows) > FEEDBACK_ROWS_MAX:
        raise InvalidInput(f"The file has {len(table.rows):,} rows; the limit is "
                           f"{FEEDBACK_ROWS_MAX:,}. Split it into parts.")

    def cells(field: str) -> list[str]:
        col = chosen.get(field)
        return table.column(col) if col and col in table.headers else [""] * len(table.rows)

    texts, numbers = cells("text"), table.row_numbers
    keep = [i for i, t in enumerate(texts) if t.strip()]
    if not keep:
        raise InvalidInput(f"The “{text_col}” column is empty: there is no feedback to add.")
    pick = [numbers[i] for i in keep]
    out: dict[str, list] = {}
    problems: dict[str, list[int]] = {}
    for field, limit, multiline in (("text", FEEDBACK_TEXT_MAX, True),
                                    ("segment", NAME_MAX, False),
                                    ("source", NAME_MAX * 2, False)):
        column, values = cells(field), []
        seen: dict[str, str] = {}   # segments and sources repeat: check each value once
        for i in keep:
            cell = column[i]
            if cell in seen:
                values.append(seen[cell])
                continue
            try:
                values.append(clean_text(cell, field.capitalize(), limit, required=False,
                                         multiline=multiline))
                if field != "text":
                    seen[cell] = values[-1]
            except InvalidInput as exc:
                problems.setdefault(str(exc).split(";")[0].split(" is ")[0], []).append(
                    numbers[i])
                values.append("")
        out[field] = values
    if problems:
        raise InvalidInput(" ".join(f"{what}: {_rows(rows)} — shorten or clean these cells."
                                    for what, rows in problems.items()))
    raw_scores = cells("score")
    scores = [parse_number(raw_scores[i], table.decimal_comma) if raw_scores[i].strip()
              else None for i in keep]
    unreadable = [pick[k] for k, i in enumerate(keep) if raw_scores[i].strip()
                  and scores[k] is None]
    if unreadable:
        raise InvalidInput(f"Scores must be whole numbers; {_rows(unreadable, 'is')} not.")
    answered = [s for s in scores if s is not None]
    named = _key(chosen.get("score") or "")
    header_scale = NPS if named.startswith("nps") else CSAT if named.startswith("csat") else None
    used = (header_scale or guess_scale(answered)) if scale == AUTO else scale
    if used is not None and used not in SCALES:
        raise InvalidInput("Choose the score scale: NPS (0–10) or CSAT (1–5).")
    if used is not None:
        low, high = SCALES[used]
        off = [pick[k] for k, s in enumerate(scores)
               if s is not None and (s != int(s) or not low <= s <= high)]
        if off:
            raise InvalidInput(f"Scores must be whole numbers from {low} to {high} "
                               f"({'NPS' if used == NPS else 'CSAT'}); {_rows(off, 'is')} not.")
    raw_dates = cells("date")
    dates = _dates([raw_dates[i] for i in keep], pick)
    return pd.DataFrame({
        "text": out["text"], "segment": out["segment"], "source": out["source"],
        "score": pd.array([None if s is None else int(s) for s in scores], dtype="Int64"),
        "scale": [None if s is None else used for s in scores], "given_on": dates,
        "row": pick})


def read_feedback(data: bytes, filename: str, columns: Mapping[str, str | None] | None = None,
                  scale: str = AUTO) -> pd.DataFrame:
    """An uploaded CSV/XLSX of feedback as checked rows (see ``feedback_rows``)."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise InvalidInput(f"{filename or 'The file'} is empty: it needs a header row (text, "
                           "score, date, segment, source) and one row per feedback item.")
    return feedback_rows(read_table(data, filename), columns, scale)


def pasted_feedback(text: object, segment: object = "", source: object = "") -> pd.DataFrame:
    """Pasted feedback, one item per non-empty line, all with the same segment and source."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("Paste at least one line of customer feedback.")
    lines = [line for line in text.splitlines() if line.strip()]
    table = Table(("text", "segment", "source"),
                  [(line, str(segment or ""), str(source or "")) for line in lines],
                  list(range(1, len(lines) + 1)), "csv")
    return feedback_rows(table)
