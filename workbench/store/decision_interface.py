"""The decisions and activity part of the ``Store`` interface: the decision log, paged events."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import pandas as pd


class DecisionStore(Protocol):
    """Decisions per idea (history kept) and the filtered event log (Store inherits it)."""

    def record_decision(self, workshop_id: int, actor_id: int | None, idea_id: int,
                        decision: str, rationale: str) -> int:
        """Append a decision on a live idea (the latest per idea counts); return its id."""

    def decisions(self, workshop_id: int) -> pd.DataFrame:
        """The current decision per live idea: idea_id, title, decision, rationale, actor_id,
        actor (name, '' when nobody in particular), is_facilitator, created_at; by title."""

    def decision_history(self, workshop_id: int) -> pd.DataFrame:
        """Every decision on a live idea, newest first (same columns as ``decisions``)."""

    def event_page(self, workshop_id: int, *, kinds: list[str] | None = None,
                   actor_id: int | None = None, since: datetime | None = None,
                   until: datetime | None = None, limit: int = 50,
                   offset: int = 0) -> pd.DataFrame:
        """Events matching the filters, newest first, ``limit`` from ``offset``: id,
        created_at, actor_id, actor (name or ''), is_facilitator, kind, detail (JSON)."""

    def event_count(self, workshop_id: int, *, kinds: list[str] | None = None,
                    actor_id: int | None = None, since: datetime | None = None,
                    until: datetime | None = None) -> int:
        """How many events match the filters (for paging)."""

    def event_kinds(self, workshop_id: int) -> list[str]:
        """The kinds of event this workshop has logged, sorted."""
