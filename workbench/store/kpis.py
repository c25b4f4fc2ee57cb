"""KPI rows: a workshop's customer KPIs, each idea's expected and measured change, outcomes
of selected ideas, and the technique card pushed to Brainstorm."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import pandas as pd

from workbench.domain.models import InvalidInput, UnknownItem
from workbench.domain.outcomes import SHIPPED
from workbench.store.core import Cursor, StoreCore, shared


class KpiRows(StoreCore):
    """KPIs, idea → KPI links (expected, measured), outcomes and the pushed technique."""

    @shared("kpis")
    def kpis(self, workshop_id: int) -> pd.DataFrame:
        """id, name, kind, unit, baseline, target, direction of the workshop's KPIs, oldest
        first."""
        return self._read("SELECT id, name, kind, unit, baseline, target, direction FROM kpis "
                          "WHERE workshop_id = ? ORDER BY id", [workshop_id])

    @shared("idea_kpis", "ideas")
    def idea_kpis(self, workshop_id: int) -> pd.DataFrame:
        """idea_id, kpi_id, expected, tradeoff, measured (NaN until shipped) of live ideas."""
        return self._read("""SELECT l.idea_id, l.kpi_id, l.expected, l.tradeoff, l.measured
                             FROM idea_kpis l JOIN ideas i ON i.id = l.idea_id
                             WHERE l.workshop_id = ? AND i.merged_into IS NULL
                             ORDER BY l.idea_id, l.kpi_id""", [workshop_id])

    @shared("outcomes", "ideas")
    def outcomes(self, workshop_id: int) -> pd.DataFrame:
        """idea_id, status, note, updated_at of the live ideas that have an outcome."""
        return self._read("""SELECT o.idea_id, o.status, o.note, o.updated_at FROM outcomes o
                             JOIN ideas i ON i.id = o.idea_id
                             WHERE o.workshop_id = ? AND i.merged_into IS NULL
                             ORDER BY o.idea_id""", [workshop_id])

    @shared("idea_kpis", "kpis", "outcomes", "ideas")
    def measured_outcomes(self) -> pd.DataFrame:
        """Across workshops, every measured change of a shipped live idea: workshop_id,
        idea_id, title, kpi_id, name, unit, baseline, target, direction, expected,
        measured."""
        return self._read(
            """SELECT l.workshop_id, l.idea_id, i.title, k.id AS kpi_id, k.name, k.kind,
                      k.unit, k.baseline, k.target, k.direction, l.expected, l.measured
               FROM idea_kpis l JOIN ideas i ON i.id = l.idea_id
               JOIN kpis k ON k.id = l.kpi_id
               JOIN outcomes o ON o.idea_id = l.idea_id AND o.status = ?
               WHERE l.measured IS NOT NULL AND i.merged_into IS NULL
               ORDER BY l.workshop_id, l.idea_id, k.id""", [SHIPPED])

    @shared("scores", "participants", "criteria", "idea_kpis", "workshops")
    def outcome_ratings(self) -> pd.DataFrame:
        """Across workshops, every current-round rating of a benefit criterion on an idea
        with a measured change: workshop_id, anonymous, live, rater (display name), idea_id,
        criterion_id, criterion, value, scale_min, scale_max."""
        return self._read(
            """SELECT s.workshop_id, w.anonymous, w.live, p.name AS rater, s.idea_id,
                      c.id AS criterion_id, c.name AS criterion, c.direction, s.value,
                      c.scale_min, c.scale_max
               FROM scores s JOIN workshops w ON w.id = s.workshop_id
               AND s.round = w.score_round
               JOIN participants p ON p.id = s.rater_id
               JOIN criteria c ON c.id = s.criterion_id AND c.direction = 'benefit'
               WHERE s.idea_id IN (SELECT idea_id FROM idea_kpis WHERE measured IS NOT NULL)
               ORDER BY s.workshop_id, s.idea_id, p.name""")

    @shared("workshops")
    def pushed_technique(self, workshop_id: int) -> str | None:
        """The key of the technique card pushed to Brainstorm, or None."""
        row = self._one("SELECT technique FROM workshops WHERE id = ?", [workshop_id])
        return row[0] if row else None

    @staticmethod
    def _require_kpis(cur: Cursor, workshop_id: int, kpi_ids: list[int]) -> None:
        found = {r[0] for r in cur.execute(
            "SELECT id FROM kpis WHERE workshop_id = ? AND list_contains(?, id)",
            [workshop_id, kpi_ids]).fetchall()}
        if set(kpi_ids) - found:
            raise UnknownItem("KPI", min(set(kpi_ids) - found))

    def add_kpi(self, workshop_id: int, actor_id: int | None, name: str, kind: str, unit: str,
                baseline: float, target: float, direction: str) -> int:
        """Add a KPI (its name unique in the workshop, ignoring case); return its id."""
        def work(cur: Cursor) -> int:
            self._require_workshop(cur, workshop_id)
            if cur.execute("SELECT 1 FROM kpis WHERE workshop_id = ? AND lower(name) = "
                           "lower(?)", [workshop_id, name]).fetchone():
                raise InvalidInput(f"There is already a KPI called “{name}”; choose another "
                                   "name.")
            kpi_id = int(cur.execute(
                "INSERT INTO kpis (workshop_id, name, kind, unit, baseline, target, direction) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [workshop_id, name, kind, unit, baseline, target, direction]).fetchone()[0])
            self.log(cur, workshop_id, actor_id, "kpi.added", kpi_id=kpi_id, name=name,
                     baseline=baseline, target=target, direction=direction)
            return kpi_id
        return self.write(work, contended=True)

    def delete_kpi(self, workshop_id: int, actor_id: int | None, kpi_id: int) -> None:
        """Delete a KPI and every idea's link to it."""
        def work(cur: Cursor) -> None:
            self._require_kpis(cur, workshop_id, [kpi_id])
            cur.execute("DELETE FROM idea_kpis WHERE kpi_id = ?", [kpi_id])
            cur.execute("DELETE FROM kpis WHERE id = ?", [kpi_id])
            self.log(cur, workshop_id, actor_id, "kpi.deleted", kpi_id=kpi_id)
        self.write(work, contended=True, structure="removes")

    def link_idea_kpi(self, workshop_id: int, actor_id: int | None, idea_id: int, kpi_id: int,
                      expected: float | None, tradeoff: bool = False) -> None:
        """Set an idea's expected change of a KPI (a measured one stays); None unlinks."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, [idea_id])
            self._require_kpis(cur, workshop_id, [kpi_id])
            if expected is None:
                cur.execute("DELETE FROM idea_kpis WHERE idea_id = ? AND kpi_id = ?",
                            [idea_id, kpi_id])
            else:
                cur.execute("""INSERT INTO idea_kpis (idea_id, kpi_id, workshop_id, expected,
                                                      tradeoff) VALUES (?, ?, ?, ?, ?)
                               ON CONFLICT (idea_id, kpi_id) DO UPDATE SET
                               expected = excluded.expected, tradeoff = excluded.tradeoff""",
                            [idea_id, kpi_id, workshop_id, expected, tradeoff])
            self.log(cur, workshop_id, actor_id, "kpi.linked", idea_id=idea_id, kpi_id=kpi_id,
                     expected=expected, tradeoff=tradeoff)
        self.write(work, contended=True, structure="adds")

    def record_outcome(self, workshop_id: int, actor_id: int | None, idea_id: int, status: str,
                       note: str, measured: Mapping[int, float]) -> None:
        """Set an idea's delivery status and note; shipped: store the measured changes of
        linked KPIs; any other status clears them."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, [idea_id])
            linked = {r[0] for r in cur.execute(
                "SELECT kpi_id FROM idea_kpis WHERE idea_id = ?", [idea_id]).fetchall()}
            if set(measured) - linked:
                raise InvalidInput("A measured change can only be recorded for a KPI the "
                                   "idea is linked to; link it first.")
            cur.execute("INSERT INTO outcomes (idea_id, workshop_id, status, note, actor_id, "
                        "updated_at) VALUES (?, ?, ?, ?, ?, current_timestamp) "
                        "ON CONFLICT (idea_id) DO UPDATE SET workshop_id = excluded.workshop_id, "
                        "status = excluded.status, note = excluded.note, "
                        "actor_id = excluded.actor_id, updated_at = excluded.updated_at",
                        [idea_id, workshop_id, status, note, actor_id])
            if status != SHIPPED:
                cur.execute("UPDATE idea_kpis SET measured = NULL WHERE idea_id = ?", [idea_id])
            for kpi_id, value in measured.items():
                cur.execute("UPDATE idea_kpis SET measured = ? WHERE idea_id = ? AND kpi_id = ?",
                            [value, idea_id, kpi_id])
            self.log(cur, workshop_id, actor_id, "outcome.recorded", idea_id=idea_id,
                     status=status, measured={str(k): v for k, v in measured.items()})
        self.write(work, contended=True, structure="adds")

    def push_technique(self, workshop_id: int, actor_id: int | None, technique: str | None,
                       timer_ends_at: datetime | None, timer_label: str | None) -> None:
        """Show a technique card on Brainstorm (None: take it down) and, with an end time,
        start its countdown — one write, so everyone sees both at once."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            cur.execute("UPDATE workshops SET technique = ?, updated_at = current_timestamp "
                        "WHERE id = ?", [technique, workshop_id])
            if timer_ends_at is not None:
                cur.execute("UPDATE workshops SET timer_ends_at = ?, timer_label = ? "
                            "WHERE id = ?", [timer_ends_at, timer_label, workshop_id])
            self.log(cur, workshop_id, actor_id, "technique.pushed", technique=technique,
                     timer_ends_at=timer_ends_at)
        self.write(work, contended=True)
