"""Customer segments, their needs and the evidence quotes behind them."""

from __future__ import annotations

import pandas as pd

from workbench.domain.journey import KEEP_STAGE
from workbench.domain.models import UnknownItem
from workbench.domain.validate import name_skeleton
from workbench.store.core import Cursor, StoreCore, shared


def _require_stage(cur: Cursor, workshop_id: int, stage_id: int | None) -> None:
    if stage_id is not None and cur.execute(
            "SELECT 1 FROM journey_stages WHERE id = ? AND workshop_id = ?",
            [stage_id, workshop_id]).fetchone() is None:
        raise UnknownItem("journey stage", stage_id)


class NeedRows(StoreCore):
    """Segments, needs and evidence of a workshop."""

    def add_segment(self, workshop_id: int, actor_id: int | None, name: str,
                    description: str) -> int:
        """Insert a customer segment; return its id."""
        def work(cur: Cursor) -> int:
            self._require_workshop(cur, workshop_id)
            row = cur.execute("INSERT INTO segments (workshop_id, name, description) "
                              "VALUES (?, ?, ?) RETURNING id",
                              [workshop_id, name, description]).fetchone()
            self.log(cur, workshop_id, actor_id, "segment.added", segment_id=row[0], name=name)
            return int(row[0])
        return self.write(work)

    def update_segment(self, workshop_id: int, actor_id: int | None, segment_id: int,
                       name: str, description: str) -> None:
        """Rename or redescribe a segment."""
        def work(cur: Cursor) -> None:
            n = cur.execute("UPDATE segments SET name = ?, description = ? WHERE id = ? AND "
                            "workshop_id = ? RETURNING id",
                            [name, description, segment_id, workshop_id]).fetchall()
            if not n:
                raise UnknownItem("segment", segment_id)
            self.log(cur, workshop_id, actor_id, "segment.updated", segment_id=segment_id,
                     name=name)
        self.write(work)

    def delete_segment(self, workshop_id: int, actor_id: int | None, segment_id: int) -> int:
        """Delete a segment that holds no needs; return how many needs block it (0 = done)."""
        def work(cur: Cursor) -> int:
            if cur.execute("SELECT 1 FROM segments WHERE id = ? AND workshop_id = ?",
                           [segment_id, workshop_id]).fetchone() is None:
                raise UnknownItem("segment", segment_id)
            blocking = cur.execute("SELECT count(*) FROM needs WHERE segment_id = ?",
                                   [segment_id]).fetchone()[0]
            if blocking:
                return int(blocking)
            n = cur.execute("DELETE FROM segments WHERE id = ? AND workshop_id = ? RETURNING id",
                            [segment_id, workshop_id]).fetchall()
            if not n:
                raise UnknownItem("segment", segment_id)
            self.log(cur, workshop_id, actor_id, "segment.deleted", segment_id=segment_id)
            return 0
        return self.write(work, structure="removes")

    @shared("needs", "segments")
    def list_segments(self, workshop_id: int) -> pd.DataFrame:
        """Segments with their need counts, in creation order."""
        return self._read(
            """SELECT s.id, s.name, s.description,
                      (SELECT count(*) FROM needs n WHERE n.segment_id = s.id) AS needs
               FROM segments s WHERE s.workshop_id = ? ORDER BY s.id""", [workshop_id])

    def need_statement_taken(self, segment_id: int, statement: str,
                             except_need: int | None = None) -> bool:
        """True when the segment already has this statement (case-insensitive)."""
        row = self._one("SELECT 1 FROM needs WHERE segment_id = ? AND lower(statement) = "
                        "lower(?) AND id IS DISTINCT FROM ?", [segment_id, statement, except_need])
        return row is not None

    def add_need(self, workshop_id: int, actor_id: int | None, segment_id: int, statement: str,
                 importance: int, satisfaction: int | None, stage_id: int | None = None) -> int:
        """Insert a need in a segment (on a journey stage, or none); return its id."""
        def work(cur: Cursor) -> int:
            if cur.execute("SELECT 1 FROM segments WHERE id = ? AND workshop_id = ?",
                           [segment_id, workshop_id]).fetchone() is None:
                raise UnknownItem("segment", segment_id)
            _require_stage(cur, workshop_id, stage_id)
            row = cur.execute("INSERT INTO needs (workshop_id, segment_id, statement, importance, "
                              "satisfaction, stage_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                              [workshop_id, segment_id, statement, importance,
                               satisfaction, stage_id]).fetchone()
            self.log(cur, workshop_id, actor_id, "need.added", need_id=row[0],
                     statement=statement)
            return int(row[0])
        return self.write(work, structure="adds")

    def add_need_in_new_segment(self, workshop_id: int, actor_id: int | None, name: str,
                                description: str, statement: str, importance: int,
                                satisfaction: int | None,
                                stage_id: int | None = None) -> tuple[int, int] | None:
        """Insert a segment with its first need; None (nothing written) if the name is taken."""
        def work(cur: Cursor) -> tuple[int, int] | None:
            self._require_workshop(cur, workshop_id)
            _require_stage(cur, workshop_id, stage_id)
            # "Taken" as a person reads it: any case, look-alike letters of other scripts.
            wanted = name_skeleton(name)
            taken = cur.execute("SELECT name FROM segments WHERE workshop_id = ?",
                                [workshop_id]).fetchall()
            if any(name_skeleton(str(r[0])) == wanted for r in taken):
                return None
            segment = cur.execute("INSERT INTO segments (workshop_id, name, description) "
                                  "VALUES (?, ?, ?) RETURNING id",
                                  [workshop_id, name, description]).fetchone()[0]
            self.log(cur, workshop_id, actor_id, "segment.added", segment_id=segment, name=name)
            need = cur.execute("INSERT INTO needs (workshop_id, segment_id, statement, "
                               "importance, satisfaction, stage_id) VALUES (?, ?, ?, ?, ?, ?) "
                               "RETURNING id", [workshop_id, segment, statement, importance,
                                                satisfaction, stage_id]).fetchone()[0]
            self.log(cur, workshop_id, actor_id, "need.added", need_id=need, statement=statement)
            return int(segment), int(need)
        # The process-wide lock keeps the name check true until the insert commits.
        return self.write(work, contended=True, structure="adds")

    def update_need(self, workshop_id: int, actor_id: int | None, need_id: int, segment_id: int,
                    statement: str, importance: int, satisfaction: int | None,
                    stage_id: int | None = KEEP_STAGE) -> None:
        """Edit a need's text, segment, importance, satisfaction and (unless ``KEEP_STAGE``)
        journey stage."""
        def work(cur: Cursor) -> None:
            if cur.execute("SELECT 1 FROM segments WHERE id = ? AND workshop_id = ?",
                           [segment_id, workshop_id]).fetchone() is None:
                raise UnknownItem("segment", segment_id)
            if stage_id != KEEP_STAGE:
                _require_stage(cur, workshop_id, stage_id)
                cur.execute("UPDATE needs SET stage_id = ? WHERE id = ? AND workshop_id = ?",
                            [stage_id, need_id, workshop_id])
            n = cur.execute("UPDATE needs SET segment_id = ?, statement = ?, importance = ?, "
                            "satisfaction = ? WHERE id = ? AND workshop_id = ? RETURNING id",
                            [segment_id, statement, importance, satisfaction, need_id,
                             workshop_id]).fetchall()
            if not n:
                raise UnknownItem("need", need_id)
            self.log(cur, workshop_id, actor_id, "need.updated", need_id=need_id,
                     statement=statement, importance=importance, satisfaction=satisfaction)
        self.write(work, structure="adds")

    def ideas_tagged_to_need(self, need_id: int) -> int:
        """How many live ideas are tagged to a need."""
        row = self._one("SELECT count(*) FROM idea_needs t JOIN ideas i ON i.id = t.idea_id "
                        "WHERE t.need_id = ? AND i.merged_into IS NULL", [need_id])
        return int(row[0]) if row else 0

    def quotes_of_need(self, need_id: int) -> int:
        """How many evidence quotes are attached to a need."""
        row = self._one("SELECT count(*) FROM evidence WHERE need_id = ?", [need_id])
        return int(row[0]) if row else 0

    def delete_need(self, workshop_id: int, actor_id: int | None, need_id: int) -> int:
        """Delete a need, its evidence and its tags; return how many ideas were untagged."""
        def work(cur: Cursor) -> int:
            untagged = cur.execute("DELETE FROM idea_needs WHERE need_id = ? RETURNING idea_id",
                                   [need_id]).fetchall()
            cur.execute("DELETE FROM evidence WHERE need_id = ?", [need_id])
            cur.execute("UPDATE feedback SET need_id = NULL WHERE need_id = ?", [need_id])
            n = cur.execute("DELETE FROM needs WHERE id = ? AND workshop_id = ? RETURNING id",
                            [need_id, workshop_id]).fetchall()
            if not n:
                raise UnknownItem("need", need_id)
            self.log(cur, workshop_id, actor_id, "need.deleted", need_id=need_id,
                     untagged_ideas=[r[0] for r in untagged])
            return len(untagged)
        return self.write(work, structure="removes")

    @shared("needs", "segments")
    def need_choices(self, workshop_id: int) -> pd.DataFrame:
        """id, statement and segment of each need, in ``list_needs`` order — for labels."""
        return self._read(
            "SELECT n.id, n.statement, s.name AS segment FROM needs n "
            "JOIN segments s ON s.id = n.segment_id WHERE n.workshop_id = ? "
            "ORDER BY s.id, n.importance DESC, n.id", [workshop_id])

    @shared("evidence", "idea_needs", "ideas", "needs", "segments")
    def list_needs(self, workshop_id: int) -> pd.DataFrame:
        """Needs with their segment name, idea counts and evidence counts."""
        return self._read(
            """WITH tagged AS (
                   SELECT t.need_id, count(*) AS ideas FROM idea_needs t
                   JOIN ideas i ON i.id = t.idea_id AND i.merged_into IS NULL
                   WHERE t.workshop_id = ? GROUP BY t.need_id),
               quoted AS (
                   SELECT need_id, count(*) AS evidence FROM evidence
                   WHERE workshop_id = ? GROUP BY need_id)
               SELECT n.id, n.segment_id, s.name AS segment, n.statement, n.importance,
                      n.satisfaction, coalesce(t.ideas, 0) AS ideas,
                      coalesce(q.evidence, 0) AS evidence, n.stage_id
               FROM needs n JOIN segments s ON s.id = n.segment_id
                    LEFT JOIN tagged t ON t.need_id = n.id
                    LEFT JOIN quoted q ON q.need_id = n.id
               WHERE n.workshop_id = ? ORDER BY s.id, n.importance DESC, n.id""",
            [workshop_id, workshop_id, workshop_id])

    def add_evidence(self, workshop_id: int, actor_id: int | None, need_id: int, quote: str,
                     source: str) -> int:
        """Attach an evidence quote (with its source) to a need."""
        def work(cur: Cursor) -> int:
            self._require_needs(cur, workshop_id, [need_id])
            row = cur.execute("INSERT INTO evidence (workshop_id, need_id, quote, source) "
                              "VALUES (?, ?, ?, ?) RETURNING id",
                              [workshop_id, need_id, quote, source]).fetchone()
            self.log(cur, workshop_id, actor_id, "evidence.added", need_id=need_id)
            return int(row[0])
        return self.write(work, structure="adds")

    def delete_evidence(self, workshop_id: int, actor_id: int | None, evidence_id: int) -> None:
        """Remove one evidence quote."""
        def work(cur: Cursor) -> None:
            n = cur.execute("DELETE FROM evidence WHERE id = ? AND workshop_id = ? RETURNING id",
                            [evidence_id, workshop_id]).fetchall()
            if not n:
                raise UnknownItem("evidence quote", evidence_id)
            self.log(cur, workshop_id, actor_id, "evidence.deleted", evidence_id=evidence_id)
        self.write(work)

    @shared("evidence")
    def list_evidence(self, workshop_id: int) -> pd.DataFrame:
        """Evidence quotes of a workshop."""
        return self._read("SELECT id, need_id, quote, source FROM evidence WHERE workshop_id = ? "
                          "ORDER BY id", [workshop_id])
