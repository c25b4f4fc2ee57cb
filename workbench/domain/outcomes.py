"""KPIs and outcomes as nouns: kinds, directions, outcome statuses and their limits."""

from __future__ import annotations

from dataclasses import dataclass

KPI_KINDS = {"nps": "NPS", "csat": "CSAT", "retention": "Retention",
             "conversion": "Conversion", "custom": "Custom"}
# A sensible unit per kind, offered when the person leaves the unit empty.
DEFAULT_UNITS = {"nps": "points", "csat": "%", "retention": "%", "conversion": "%",
                 "custom": ""}
# NPS is a difference of two percentages, so it lives in −100…100 whatever the unit says.
NPS_RANGE = (-100.0, 100.0)
UP, DOWN = "up", "down"
DIRECTIONS = {UP: "Higher is better", DOWN: "Lower is better"}
PLANNED, IN_PROGRESS, SHIPPED, DROPPED = "planned", "in_progress", "shipped", "dropped"
STATUSES = {PLANNED: "Planned", IN_PROGRESS: "In progress", SHIPPED: "Shipped",
            DROPPED: "Dropped"}
KPI_NAME_MAX = 60
KPI_UNIT_MAX = 20
OUTCOME_NOTE_MAX = 500
# Numbers beyond this are typing slips, not KPI values (and keep charts readable).
VALUE_LIMIT = 1e9


@dataclass(frozen=True)
class Kpi:
    """A customer KPI of a workshop: where it is (baseline), where it should go (target)."""

    id: int
    name: str
    kind: str
    unit: str
    baseline: float
    target: float
    direction: str

    @property
    def gap(self) -> float:
        """Target − baseline: positive for a KPI that should go up, negative for down."""
        return self.target - self.baseline

    def helps(self, change: float) -> bool:
        """Whether a change moves the KPI the good way (up for "up", down for "down")."""
        return change > 0 if self.direction == UP else change < 0
