"""Workshop rows: create, read, update, delete, and the Decide settings stored on one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from workbench.domain.models import UnknownWorkshop, Workshop
from workbench.store.core import Cursor, StoreCore, shared
from workbench.store.journey import insert_default_stages

_WORKSHOP_FIELDS = ("title", "goal", "status", "live", "phase", "revealed", "score_round",
                    "dot_budget", "dot_cap", "anonymous", "timer_ends_at", "timer_label",
                    "facilitator_key_hash")
# One fixed statement per column: column names never come from callers' strings at run time.
_UPDATE_WORKSHOP = {
    field: "UPDATE workshops SET " + field + " = ?, updated_at = current_timestamp WHERE id = ?"
    for field in _WORKSHOP_FIELDS}
_WORKSHOP_COLUMNS = ("id, title, goal, status, is_demo, created_at, join_code, live, phase, "
                     "revealed, score_round, dot_budget, dot_cap, anonymous, timer_ends_at, "
                     "timer_label, coalesce(engine, '{}')")
_DELETE_WORKSHOP_ROWS = tuple(
    "DELETE FROM " + table + " WHERE workshop_id = ?"
    for table in ("scores", "votes", "idea_needs", "ideas", "evidence", "needs", "segments",
                  "criteria", "participants", "events", "merges", "themes", "idea_themes",
                  "decisions", "kpis", "idea_kpis", "outcomes", "journey_stages", "feedback"))


class WorkshopRows(StoreCore):
    """Workshops: the rows every other kind of data belongs to."""

    def create_workshop(self, title: str, goal: str, *, is_demo: bool = False,
                        criteria: Iterable[tuple[str, str, float]] = (),
                        join_code: str | None = None, live: bool = False,
                        facilitator_key_hash: str | None = None) -> int:
        """Insert a workshop with its starting criteria (1–5 scales); return its id."""
        def work(cur: Cursor) -> int:
            row = cur.execute("INSERT INTO workshops (title, goal, is_demo, join_code, live, "
                              "facilitator_key_hash) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                              [title, goal, is_demo, join_code, live,
                               facilitator_key_hash]).fetchone()
            workshop_id = int(row[0])
            for position, (name, direction, weight) in enumerate(criteria):
                cur.execute("INSERT INTO criteria (workshop_id, name, direction, scale_min, "
                            "scale_max, weight, position) VALUES (?, ?, ?, 1, 5, ?, ?)",
                            [workshop_id, name, direction, weight, position])
            insert_default_stages(cur, workshop_id)
            self.log(cur, workshop_id, None, "workshop.created", title=title)
            return workshop_id
        return self.write(work)

    @shared("ideas", "participants", "workshops")
    def list_workshops(self, *, include_archived: bool = True) -> pd.DataFrame:
        """Workshops, newest first, with idea and participant counts."""
        return self._read(
            """WITH idea_counts AS (
                   SELECT workshop_id, count(*) AS ideas FROM ideas WHERE merged_into IS NULL
                   GROUP BY workshop_id),
               people AS (
                   SELECT workshop_id, count(*) AS participants FROM participants
                   GROUP BY workshop_id)
               SELECT w.id, w.title, w.goal, w.status, w.is_demo, w.live, w.phase,
                      w.created_at, w.updated_at, coalesce(i.ideas, 0) AS ideas,
                      coalesce(p.participants, 0) AS participants
               FROM workshops w LEFT JOIN idea_counts i ON i.workshop_id = w.id
                    LEFT JOIN people p ON p.workshop_id = w.id
               WHERE ? OR w.status = 'active'
               ORDER BY w.status, w.updated_at DESC, w.id DESC""", [include_archived])

    @shared("workshops")
    def workshop_choices(self) -> pd.DataFrame:
        """Active workshops for pickers (id, title, live, is_demo), as ``list_workshops`` orders
        them — without its counts, so it stays cheap on every page run."""
        return self._read("SELECT id, title, live, is_demo FROM workshops WHERE status = 'active' "
                          "ORDER BY updated_at DESC, id DESC")

    @shared("workshops")
    def get_workshop(self, workshop_id: int) -> Workshop:
        """One workshop; UnknownWorkshop if it is gone."""
        row = self._one("SELECT " + _WORKSHOP_COLUMNS + " FROM workshops WHERE id = ?",
                        [workshop_id])
        if row is None:
            raise UnknownWorkshop(workshop_id)
        return Workshop(*row)

    @shared("workshops")
    def workshop_by_code(self, join_code: str) -> Workshop | None:
        """The workshop with this join code, if any."""
        row = self._one("SELECT " + _WORKSHOP_COLUMNS + " FROM workshops WHERE join_code = ?",
                        [join_code])
        return Workshop(*row) if row else None

    def facilitator_key_hash(self, workshop_id: int) -> str | None:
        """The stored hash of the workshop's facilitator key."""
        row = self._one("SELECT facilitator_key_hash FROM workshops WHERE id = ?",
                        [workshop_id])
        if row is None:
            raise UnknownWorkshop(workshop_id)
        return row[0]

    def update_workshop(self, workshop_id: int, actor_id: int | None, **fields: Any) -> None:
        """Change title, goal or status; the change is logged."""
        if not fields or not set(fields) <= set(_UPDATE_WORKSHOP):
            raise ValueError(f"update_workshop cannot set {sorted(fields)}")

        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            for column, value in fields.items():
                cur.execute(_UPDATE_WORKSHOP[column], [value, workshop_id])
            logged = {k: ("(hidden)" if k == "facilitator_key_hash" else v)
                      for k, v in fields.items()}
            self.log(cur, workshop_id, actor_id, "workshop.updated", **logged)
        self.write(work, contended=True)

    def delete_workshop(self, workshop_id: int, actor_id: int | None = None) -> None:
        """Delete a workshop and everything in it (its deletion stays in the event log)."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            for statement in _DELETE_WORKSHOP_ROWS:
                cur.execute(statement, [workshop_id])
            cur.execute("DELETE FROM workshops WHERE id = ?", [workshop_id])
            self.log(cur, workshop_id, actor_id, "workshop.deleted")
        self.write(work, contended=True, structure="removes")

    def demo_workshop_ids(self) -> list[int]:
        """Ids of demo workshops (normally one)."""
        return [int(r) for r in self._read(
            "SELECT id FROM workshops WHERE is_demo ORDER BY id")["id"]]


    def set_engine(self, workshop_id: int, actor_id: int | None, engine_json: str,
                   changes: Mapping[str, Any]) -> None:
        """Store the Decide page's settings; the changed fields go to the event log."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            cur.execute("UPDATE workshops SET engine = ?, updated_at = current_timestamp "
                        "WHERE id = ?", [engine_json, workshop_id])
            self.log(cur, workshop_id, actor_id, "engine.updated", changes=dict(changes))
        self.write(work, contended=True)

    @shared("needs", "workshops")
    def focus_need(self, workshop_id: int) -> int | None:
        """The need everyone is asked to brainstorm next; None when none is set or it is gone."""
        row = self._one("SELECT n.id FROM workshops w JOIN needs n ON n.id = w.focus_need_id "
                        "AND n.workshop_id = w.id WHERE w.id = ?", [workshop_id])
        return int(row[0]) if row else None

    def set_focus_need(self, workshop_id: int, actor_id: int | None,
                       need_id: int | None) -> None:
        """Set (or clear, with None) the need to brainstorm next; logged."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            self._require_needs(cur, workshop_id, [] if need_id is None else [need_id])
            cur.execute("UPDATE workshops SET focus_need_id = ?, updated_at = current_timestamp "
                        "WHERE id = ?", [need_id, workshop_id])
            self.log(cur, workshop_id, actor_id, "focus.set", need_id=need_id)
        # Points at a need: a delete of that need cannot commit between check and write.
        self.write(work, contended=True, structure="adds")
