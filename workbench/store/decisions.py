"""Decisions (go / later / no per idea, history kept) and the filtered, paged event log."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from workbench.store.core import Cursor, StoreCore, shared


# The actor columns every activity row carries: the name and whether they facilitate.
def _event_filter(workshop_id: int, kinds: list[str] | None, actor_id: int | None,
                  since: datetime | None, until: datetime | None) -> tuple[str, list]:
    """The WHERE clause for the filters given (None: no filter) and its parameters; only the
    filters in use are written, so no parameter is a bare NULL whose type a server guesses."""
    clauses, params = ["e.workshop_id = ?"], [workshop_id]
    if kinds is not None:
        if kinds:
            clauses.append("list_contains(?, e.kind)")
            params.append(list(kinds))
        else:
            clauses.append("false")
    for clause, value in (("e.actor_id = ?", actor_id), ("e.created_at >= ?", since),
                          ("e.created_at < ?", until)):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return "WHERE " + " AND ".join(clauses), params


class DecisionRows(StoreCore):
    """The decision log of a workshop and its events as the activity view reads them."""

    def record_decision(self, workshop_id: int, actor_id: int | None, idea_id: int,
                        decision: str, rationale: str) -> int:
        """Append a decision on a live idea (the latest per idea counts); return its id."""
        def work(cur: Cursor) -> int:
            self._require_workshop(cur, workshop_id)
            self._require_ideas(cur, workshop_id, [idea_id])
            row = cur.execute(
                """INSERT INTO decisions (workshop_id, idea_id, decision, rationale, actor_id)
                   VALUES (?, ?, ?, ?, ?) RETURNING id""",
                [workshop_id, idea_id, decision, rationale, actor_id]).fetchone()
            title = cur.execute("SELECT title FROM ideas WHERE id = ?", [idea_id]).fetchone()[0]
            self.log(cur, workshop_id, actor_id, "decision.recorded", idea_id=idea_id,
                     title=title, decision=decision)
            return int(row[0])
        return self.write(work, structure="adds")

    @shared("decisions", "ideas", "participants")
    def decisions(self, workshop_id: int) -> pd.DataFrame:
        """The current decision per live idea: idea_id, title, decision, rationale, actor_id,
        actor (name, '' when nobody in particular), is_facilitator, created_at; by title."""
        return self._read(
            """SELECT d.idea_id, i.title, d.decision, d.rationale, d.actor_id,
                      coalesce(p.name, '') AS actor,
                      coalesce(p.is_facilitator, false) AS is_facilitator, d.created_at
               FROM decisions d JOIN ideas i ON i.id = d.idea_id AND i.merged_into IS NULL
               LEFT JOIN participants p ON p.id = d.actor_id
               WHERE d.workshop_id = ?
                 AND d.id IN (SELECT max(id) FROM decisions WHERE workshop_id = ?
                              GROUP BY idea_id)
               ORDER BY lower(i.title), d.idea_id""", [workshop_id, workshop_id])

    @shared("decisions", "ideas", "participants")
    def decision_history(self, workshop_id: int) -> pd.DataFrame:
        """Every decision on a live idea, newest first (same columns as ``decisions``)."""
        return self._read(
            """SELECT d.idea_id, i.title, d.decision, d.rationale, d.actor_id,
                      coalesce(p.name, '') AS actor,
                      coalesce(p.is_facilitator, false) AS is_facilitator, d.created_at
               FROM decisions d JOIN ideas i ON i.id = d.idea_id AND i.merged_into IS NULL
               LEFT JOIN participants p ON p.id = d.actor_id
               WHERE d.workshop_id = ? ORDER BY d.id DESC""", [workshop_id])

    def event_page(self, workshop_id: int, *, kinds: list[str] | None = None,
                   actor_id: int | None = None, since: datetime | None = None,
                   until: datetime | None = None, limit: int = 50,
                   offset: int = 0) -> pd.DataFrame:
        """Events matching the filters, newest first, ``limit`` from ``offset``: id,
        created_at, actor_id, actor (name or ''), is_facilitator, kind, detail (JSON)."""
        where, params = _event_filter(workshop_id, kinds, actor_id, since, until)
        return self._read(
            f"""SELECT e.id, e.created_at, e.actor_id, coalesce(p.name, '') AS actor,
                      coalesce(p.is_facilitator, false) AS is_facilitator, e.kind, e.detail
               FROM events e LEFT JOIN participants p ON p.id = e.actor_id
               {where} ORDER BY e.id DESC LIMIT ? OFFSET ?""", params + [limit, offset])

    def event_count(self, workshop_id: int, *, kinds: list[str] | None = None,
                    actor_id: int | None = None, since: datetime | None = None,
                    until: datetime | None = None) -> int:
        """How many events match the filters (for paging)."""
        where, params = _event_filter(workshop_id, kinds, actor_id, since, until)
        row = self._one(f"SELECT count(*) FROM events e {where}", params)
        return int(row[0]) if row else 0

    def event_kinds(self, workshop_id: int) -> list[str]:
        """The kinds of event this workshop has logged, sorted."""
        return [r[0] for r in self._all(
            "SELECT DISTINCT kind FROM events WHERE workshop_id = ? ORDER BY kind",
            [workshop_id])]
