"""Numbers as people type them in exports: decimal commas, thousands separators, percentages."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_COMMA_DECIMAL = re.compile(r"^\s*[-+]?(\d{1,3}(\.\d{3})+|\d+),\d+\s*%?\s*$")
_DOT_DECIMAL = re.compile(r"^\s*[-+]?(\d{1,3}(,\d{3})+|\d+)\.\d+\s*%?\s*$")
_PERCENT = re.compile(r"^\s*[-+]?\d+([.,]\d+)?\s*%\s*$")
_SAMPLE_ROWS = 2000


def detect_numbers(headers: Sequence[str], rows: Sequence[Sequence[str]], delimiter: str
                   ) -> tuple[bool, tuple[str, ...]]:
    """(decimal comma?, columns holding percentages) judged on the first rows."""
    comma = dot = 0
    percent: list[str] = []
    sample = rows[:_SAMPLE_ROWS]
    for index, header in enumerate(headers):
        cells = [row[index] for row in sample if row[index].strip()]
        if any(_PERCENT.match(c) for c in cells):
            percent.append(header)
        for cell in cells:
            if _COMMA_DECIMAL.match(cell):
                # "1,500" in a comma-delimited file is more likely a thousands separator
                if delimiter == "," and re.search(r",\d{3}\s*%?\s*$", cell):
                    continue
                comma += 1
            elif _DOT_DECIMAL.match(cell):
                dot += 1
    return comma > dot, tuple(percent)


def parse_number(text: str, decimal_comma: bool = False) -> float | None:
    """A cell as a number ("5.0", "1,5", "1.234,5", "80%", "1,200") or None if it is not one.

    Percent signs are dropped ("80%" → 80.0): the caller knows whether the column is a
    percentage (``Table.percent_columns``)."""
    value = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not value:
        return None
    point, group = (",", ".") if decimal_comma else (".", ",")
    if group in value:
        whole = value.split(point, 1)[0]
        if not re.fullmatch(rf"[-+]?\d{{1,3}}(\{group}\d{{3}})+", whole):
            # a lone "5.0" in a decimal-comma file is still five
            if not (decimal_comma and point not in value and value.count(".") == 1):
                return None
            point, group = ".", ","
        value = value.replace(group, "")
    value = value.replace(point, ".")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
