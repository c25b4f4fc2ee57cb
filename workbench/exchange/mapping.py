"""Columns → ideas, labels and scores, every row checked before anything is written (pure).

``build_plan`` never stops at the first problem: it lists each one by row and column, so a
person fixes the file once. A plan with problems is refused as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from workbench.domain.models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    STATEMENT_MAX,
    TITLE_MAX,
    Criterion,
    InvalidInput,
    ScoreOutOfRange,
)
from workbench.domain.scales import parse_rating, scale_range
from workbench.domain.validate import clean_text
from workbench.engine.frameworks import FRAMEWORKS
from workbench.exchange import targets as t
from workbench.exchange.numbers import parse_number
from workbench.exchange.readers import Table

# What a spreadsheet would run as a formula; "- item" (a bullet) is text to it.
_FORMULA = re.compile(r"^[=@+]|^-(?!\s)")
_YES = {"yes", "true", "1", "x", "archived", "closed"}
_SPLIT = re.compile(r"\s*[,;]\s*")


@dataclass(frozen=True)
class Problem:
    """One thing to fix, where it is (row as a spreadsheet counts, column header)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"Row {self.row}" if self.row else "", f"column '{self.column}'"
                 if self.column else ""]
        place = ", ".join(w for w in where if w)
        return f"{place}: {self.message}" if place else self.message


@dataclass(frozen=True)
class Item:
    """One row that will become (or update) an idea."""

    row: int
    key: str
    title: str
    description: str = ""
    status: str = ""
    themes: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()   # (numeric target, value)


@dataclass
class Plan:
    """What an import would do, or why it cannot."""

    items: list[Item] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    criteria: dict[str, Criterion | t.NewCriterion] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing stops the import."""
        return not self.problems


def _rice(role: str, criteria: Sequence[Criterion], values: list[float]
          ) -> Criterion | t.NewCriterion:
    """The criterion a RICE input fills: one on the slot's own scale, or a new one (a free
    number's reference top is the largest value, so the weighted score spreads them)."""
    slot = next(s for s in FRAMEWORKS["rice"].slots if s.role == role)
    names = {c.name.casefold(): c for c in criteria if c.scale == slot.scale}
    for name in (*slot.synonyms, f"{slot.label} (rice)".casefold()):
        if name in names:
            return names[name]
    taken = {c.name.casefold() for c in criteria}
    name = slot.label if slot.label.casefold() not in taken else f"{slot.label} (RICE)"
    low, high = scale_range(slot.scale)
    if slot.scale == "free":
        high = max([v for v in values if v > 0], default=high)
    return t.NewCriterion(name, slot.direction, slot.scale, low, float(high), slot.unit)


def _number(cell: str, decimal_comma: bool) -> tuple[float | None, str | None]:
    """(value, None), (None, None) for an empty cell or "No priority", or (None, problem)."""
    text = cell.strip()
    if not text:
        return None, None
    if text.casefold() in t.PRIORITY_WORDS:
        return t.PRIORITY_WORDS[text.casefold()], None
    value = parse_number(text, decimal_comma)
    if value is None:
        return None, f"{text[:40]!r} is not a number; this column is mapped to a score."
    return value, None


def _check_value(value: float, target: str, spec: Criterion | t.NewCriterion) -> None:
    """ScoreOutOfRange unless ``value`` fits the criterion (and RICE's own rules)."""
    if target == t.RICE + "effort" and value <= 0:
        raise ScoreOutOfRange(f"RICE effort is the work in person-months and divides the "
                              f"score: {value:g} is not allowed; use a number above 0.")
    if target == t.RICE + "confidence" and value > 100:
        raise ScoreOutOfRange(f"RICE confidence is a percentage: {value:g} % is above 100 %.")
    if isinstance(spec, Criterion):
        parse_rating(value, spec.name, spec.scale, spec.scale_min, spec.scale_max)
    else:
        parse_rating(value, spec.name, spec.scale, spec.low, spec.high)


def _resolve(target: str, column: str, criteria: Sequence[Criterion], values: list[float],
             percent: bool) -> Criterion | t.NewCriterion | str:
    """Where a numeric target's numbers go, or a problem message."""
    by_id = {c.id: c for c in criteria}
    if target.startswith(t.CRITERION):
        found = by_id.get(int(target[len(t.CRITERION):])) if target[
            len(t.CRITERION):].isdigit() else None
        return found or "the criterion it was mapped to no longer exists; map it again."
    if target.startswith(t.RICE):
        if target[len(t.RICE):] not in t.RICE_ROLES:
            return f"{target!r} is not a RICE input."
        return _rice(target[len(t.RICE):], criteria, values)
    name = target[len(t.NEW):].strip() or t.criterion_name(column)
    existing = {c.name.casefold(): c for c in criteria}
    if name.casefold() in existing:  # a re-import fills the criterion the first one made
        return existing[name.casefold()]
    return t.new_criterion(name, values, percent)


def _check_mapping(table: Table, mapping: Mapping[str, str]) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for header in table.headers:
        seen[header] = seen.get(header, 0) + 1
    for header, count in seen.items():
        if count > 1:
            problems.append(Problem(None, header, f"appears {count} times in the header row; "
                                    "rename the copies so each column has its own name."))
    for column, target in mapping.items():
        if column not in seen:
            problems.append(Problem(None, column, "is not a column of this file."))
        elif not (target in t.FIELDS or t.is_numeric(target)):
            problems.append(Problem(None, column, f"{target!r} is not something a column can "
                                    "be imported as."))
    single = [c for c, v in mapping.items() if v not in (t.IGNORE, t.NEEDS, t.THEMES)]
    for target in {mapping[c] for c in single}:
        columns = [c for c in single if mapping[c] == target]
        if len(columns) > 1:
            problems.append(Problem(None, None, f"{len(columns)} columns ({', '.join(columns)}) "
                                    f"are mapped to the same thing ({target}); keep one."))
    if t.TITLE not in mapping.values():
        problems.append(Problem(None, None, "No column is mapped to the title: pick the column "
                                "that holds each item's name."))
    return problems


def _labels(cell: str, row: int, column: str, limit: int, plan: Plan) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for part in _SPLIT.split(cell.strip()):
        if not part:
            continue
        try:
            text = clean_text(part, "A label", limit)
        except InvalidInput as exc:
            plan.problems.append(Problem(row, column, str(exc)))
            continue
        found.setdefault(text.casefold(), text)
    return tuple(found.values())


def build_plan(table: Table, mapping: Mapping[str, str], criteria: Sequence[Criterion]
               ) -> Plan:
    """Check every row against ``mapping`` (column → target); the plan lists all problems."""
    plan = Plan(problems=_check_mapping(table, mapping))
    if plan.problems:
        return plan
    index = {h: i for i, h in enumerate(table.headers)}
    numeric = {c: v for c, v in mapping.items() if t.is_numeric(v)}
    parsed: dict[str, list[float | None]] = {}
    for column, target in numeric.items():
        cells: list[float | None] = []
        for number, row in zip(table.row_numbers, table.rows, strict=True):
            value, problem = _number(row[index[column]], table.decimal_comma)
            if problem:
                plan.problems.append(Problem(number, column, problem))
            cells.append(value)
        parsed[column] = cells
        spec = _resolve(target, column, criteria, [v for v in cells if v is not None],
                        column in table.percent_columns)
        if isinstance(spec, str):
            plan.problems.append(Problem(None, column, spec))
        else:
            plan.criteria[target] = spec
    by_target = {v: c for c, v in mapping.items()}
    keys: dict[str, int] = {}
    for position, (number, row) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        _row(plan, table, mapping, by_target, index, parsed, keys, position, number, row)
    return plan


def _row(plan: Plan, table: Table, mapping: Mapping[str, str], by_target: dict[str, str],
         index: dict[str, int], parsed: dict[str, list[float | None]], keys: dict[str, int],
         position: int, number: int, row: tuple[str, ...]) -> None:
    def cell(target: str) -> str:
        column = by_target.get(target)
        return row[index[column]] if column is not None else ""

    if t.ARCHIVED in by_target and cell(t.ARCHIVED).strip().casefold() in _YES:
        plan.skipped.append((number, "archived"))
        return
    before = len(plan.problems)
    texts = {}
    for target, field_name, limit, multi in ((t.TITLE, "Title", TITLE_MAX, False),
                                             (t.DESCRIPTION, "Description", DESCRIPTION_MAX, True),
                                             (t.STATUS, "Status", NAME_MAX, False),
                                             (t.KEY, "Key", NAME_MAX, False)):
        raw = cell(target)
        try:
            texts[target] = clean_text(raw, field_name, limit, required=target == t.TITLE,
                                       multiline=multi)
        except InvalidInput as exc:
            plan.problems.append(Problem(number, by_target.get(target), str(exc)))
            texts[target] = ""
        if target in (t.TITLE, t.DESCRIPTION) and _FORMULA.match(raw.strip()):
            plan.notes.append(Problem(number, by_target[target], f"starts with "
                                      f"{raw.strip()[0]!r}: kept as text, never run as a formula."))
    key = texts[t.KEY] or ("title:" + texts[t.TITLE].casefold())
    if texts[t.TITLE] and key in keys:
        where = by_target.get(t.KEY, by_target[t.TITLE])
        plan.problems.append(Problem(number, where, f"{key.removeprefix('title:')!r} is also on "
                                     f"row {keys[key]}; each item may appear once."))
    keys.setdefault(key, number)
    themes: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    for column, target in mapping.items():
        if target == t.THEMES:
            themes += _labels(row[index[column]], number, column, NAME_MAX, plan)
        elif target == t.NEEDS:
            needs += _labels(row[index[column]], number, column, STATEMENT_MAX, plan)
    scores = []
    for column, values in parsed.items():
        value, target = values[position], mapping[column]
        if value is None or target not in plan.criteria:
            continue
        try:
            _check_value(value, target, plan.criteria[target])
        except ScoreOutOfRange as exc:
            plan.problems.append(Problem(number, column, str(exc)))
            continue
        scores.append((target, value))
    if len(plan.problems) == before:
        plan.items.append(Item(number, key, texts[t.TITLE], texts[t.DESCRIPTION],
                               texts[t.STATUS], themes, needs, tuple(scores)))
