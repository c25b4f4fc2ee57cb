"""Where an imported column can go: idea fields, labels, or numbers for a criterion or framework."""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.domain.models import BENEFIT, COST, Criterion

TITLE, DESCRIPTION, KEY, STATUS = "title", "description", "key", "status"
NEEDS, THEMES, ARCHIVED, IGNORE = "labels:needs", "labels:themes", "archived", "ignore"
FIELDS = {
    TITLE: "Title", DESCRIPTION: "Description", KEY: "Key in the source (re-import updates)",
    STATUS: "Status", NEEDS: "Labels → customer needs", THEMES: "Labels → themes",
    ARCHIVED: "Archived flag (archived rows are skipped)", IGNORE: "Do not import",
}
CRITERION, NEW, RICE = "criterion:", "new:", "rice:"
RICE_ROLES = {"reach": "RICE reach", "impact": "RICE impact", "confidence": "RICE confidence",
              "effort": "RICE effort"}

# Words trackers use for priority, as a 1–5 rating ("No priority" is no rating).
PRIORITY_WORDS = {"highest": 5.0, "blocker": 5.0, "critical": 5.0, "urgent": 5.0, "high": 4.0,
                  "major": 4.0, "medium": 3.0, "normal": 3.0, "low": 2.0, "minor": 2.0,
                  "lowest": 1.0, "trivial": 1.0, "no priority": None, "none": None}
_COST_WORDS = ("story point", "estimate", "effort", "size", "cost", "points", "days")


@dataclass(frozen=True)
class NewCriterion:
    """A criterion the import adds for a numeric column (free numbers unless words say more)."""

    name: str
    direction: str
    scale: str
    low: float
    high: float
    unit: str = ""


def label(target: str, criteria: dict[int, Criterion]) -> str:
    """A target in words, for the mapping's choice list."""
    if target in FIELDS:
        return FIELDS[target]
    if target.startswith(CRITERION):
        found = criteria.get(int(target[len(CRITERION):]))
        return f"Score: {found.name}" if found else "Score: (a deleted criterion)"
    if target.startswith(NEW):
        return f"Score: new criterion “{target[len(NEW):]}”"
    if target.startswith(RICE):
        return RICE_ROLES.get(target[len(RICE):], target)
    return target


def choices(criteria: dict[int, Criterion], columns: list[str]) -> list[str]:
    """Every target a column may take: fields, existing criteria, RICE, a new criterion per
    column name."""
    return ([*FIELDS] + [f"{CRITERION}{cid}" for cid in criteria]
            + [f"{RICE}{role}" for role in RICE_ROLES]
            + [f"{NEW}{criterion_name(c)}" for c in columns])


def is_numeric(target: str) -> bool:
    """Whether the target takes numbers (a score or a framework input)."""
    return target.startswith((CRITERION, NEW, RICE))


def criterion_name(column: str) -> str:
    """A criterion's name from a column header ("Custom field (Story Points)" → "Story Points")."""
    inner = re.fullmatch(r"\s*Custom field \((.+)\)\s*", column)
    return (inner.group(1) if inner else column).strip()[:60] or "Imported"


def new_criterion(name: str, values: list[float], percent: bool) -> NewCriterion:
    """The criterion a new column becomes: percent, 1–5 priority, or a free number whose
    reference top is the largest value (cost direction for efforts and estimates)."""
    lowered = name.casefold()
    if percent:
        return NewCriterion(name, BENEFIT, "percent", 0.0, 100.0, "%")
    if "priority" in lowered:
        return NewCriterion(name, BENEFIT, "1-5", 1.0, 5.0)
    direction = COST if any(w in lowered for w in _COST_WORDS) else BENEFIT
    top = max([v for v in values if v > 0], default=1.0)
    return NewCriterion(name, direction, "free", 0.0, float(top))
