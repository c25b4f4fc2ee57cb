"""The KPIs part of the ``Store`` interface: KPIs, idea links, outcomes, pushed cards."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

import pandas as pd


class KpiStore(Protocol):
    """KPIs, idea → KPI links, outcomes and the pushed technique (Store inherits it)."""

    def kpis(self, workshop_id: int) -> pd.DataFrame:
        """id, name, kind, unit, baseline, target, direction of the workshop's KPIs, oldest
        first."""

    def idea_kpis(self, workshop_id: int) -> pd.DataFrame:
        """idea_id, kpi_id, expected, tradeoff, measured (NaN until shipped) of live ideas."""

    def outcomes(self, workshop_id: int) -> pd.DataFrame:
        """idea_id, status, note, updated_at of the live ideas that have an outcome."""

    def measured_outcomes(self) -> pd.DataFrame:
        """Across workshops, every measured change of a shipped live idea: workshop_id,
        idea_id, title, kpi_id, name, unit, baseline, target, direction, expected,
        measured."""

    def outcome_ratings(self) -> pd.DataFrame:
        """Across workshops, every current-round rating of a benefit criterion on an idea
        with a measured change: workshop_id, anonymous, live, rater (display name), idea_id,
        criterion_id, criterion, value, scale_min, scale_max."""

    def pushed_technique(self, workshop_id: int) -> str | None:
        """The key of the technique card pushed to Brainstorm, or None."""

    def add_kpi(self, workshop_id: int, actor_id: int | None, name: str, kind: str, unit: str,
                baseline: float, target: float, direction: str) -> int:
        """Add a KPI (its name unique in the workshop, ignoring case); return its id."""

    def delete_kpi(self, workshop_id: int, actor_id: int | None, kpi_id: int) -> None:
        """Delete a KPI and every idea's link to it."""

    def link_idea_kpi(self, workshop_id: int, actor_id: int | None, idea_id: int, kpi_id: int,
                      expected: float | None, tradeoff: bool = False) -> None:
        """Set an idea's expected change of a KPI (a measured one stays); None unlinks."""

    def record_outcome(self, workshop_id: int, actor_id: int | None, idea_id: int, status: str,
                       note: str, measured: Mapping[int, float]) -> None:
        """Set an idea's delivery status and note; shipped: store the measured changes of
        linked KPIs; any other status clears them."""

    def push_technique(self, workshop_id: int, actor_id: int | None, technique: str | None,
                       timer_ends_at: datetime | None, timer_label: str | None) -> None:
        """Show a technique card on Brainstorm (None: take it down) and, with an end time,
        start its countdown — one write, so everyone sees both at once."""
