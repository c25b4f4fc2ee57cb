"""Customer feedback items (text, optional NPS/CSAT score, date, segment, source) as evidence."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.domain.models import UnknownItem
from workbench.store.core import Cursor, StoreCore, shared

FEEDBACK_COLUMNS = ("text", "score", "scale", "given_on", "segment", "source")


class FeedbackRows(StoreCore):
    """Feedback items of a workshop, the need each was assigned to, and rejected suggestions."""

    def add_feedback(self, workshop_id: int, actor_id: int | None, rows: pd.DataFrame) -> int:
        """Insert validated rows (columns ``FEEDBACK_COLUMNS``) in one write; return how many."""
        incoming = rows.loc[:, list(FEEDBACK_COLUMNS)].copy()
        incoming["score"] = incoming["score"].astype("Int64")
        incoming["given_on"] = pd.to_datetime(incoming["given_on"]).dt.date

        def work(cur: Cursor) -> int:
            cur.register("incoming_feedback", incoming)  # before any query: DuckDB refuses
            try:                                          # it while a result is open
                self._require_workshop(cur, workshop_id)
                cur.execute("INSERT INTO feedback (workshop_id, text, score, scale, given_on, "
                            "segment, source) SELECT ?, text, score, scale, given_on, segment, "
                            "source FROM incoming_feedback", [workshop_id])
            finally:
                cur.unregister("incoming_feedback")
            self.log(cur, workshop_id, actor_id, "feedback.added", rows=len(incoming))
            return len(incoming)
        return self.write(work)

    @shared("feedback")
    def feedback(self, workshop_id: int) -> pd.DataFrame:
        """id, text, score, scale, given_on, segment, source, need_id, rejected — oldest first."""
        return self._read(
            "SELECT id, text, score, scale, given_on, segment, source, need_id, rejected "
            "FROM feedback WHERE workshop_id = ? ORDER BY id", [workshop_id])

    @staticmethod
    def _require_feedback(cur: Cursor, workshop_id: int, ids: Sequence[int]) -> None:
        wanted = set(ids)
        found = {r[0] for r in cur.execute(
            "SELECT id FROM feedback WHERE workshop_id = ? AND list_contains(?, id)",
            [workshop_id, sorted(wanted)]).fetchall()}
        if wanted - found:
            raise UnknownItem("feedback item", min(wanted - found))

    def assign_feedback(self, workshop_id: int, actor_id: int | None,
                        pairs: Sequence[tuple[int, int | None]]) -> None:
        """Assign each (feedback id, need id) in one write (need None: unassign the item)."""
        moves = pd.DataFrame({"id": [int(f) for f, _ in pairs],
                              "need_id": pd.array([n for _, n in pairs], dtype="Int64")})

        def work(cur: Cursor) -> None:
            cur.register("feedback_moves", moves)  # before any query (see add_feedback)
            try:
                self._require_feedback(cur, workshop_id, list(moves["id"]))
                self._require_needs(cur, workshop_id, {int(n) for n in moves["need_id"].dropna()})
                cur.execute("UPDATE feedback SET need_id = m.need_id FROM feedback_moves m "
                            "WHERE feedback.id = m.id AND feedback.workshop_id = ?",
                            [workshop_id])
            finally:
                cur.unregister("feedback_moves")
            self.log(cur, workshop_id, actor_id, "feedback.assigned",
                     pairs=[[int(f), None if n is None else int(n)] for f, n in pairs][:500],
                     count=len(moves))
        # Points at a need: its delete cannot commit between the check and this write.
        self.write(work, structure="adds")

    def reject_suggestions(self, workshop_id: int, actor_id: int | None,
                           pairs: Sequence[tuple[int, int]]) -> None:
        """Remember (feedback id, need id) suggestions a person rejected, so they stay away."""
        wanted = sorted({(int(f), int(n)) for f, n in pairs})

        def work(cur: Cursor) -> None:
            self._require_feedback(cur, workshop_id, [f for f, _ in wanted])
            # array_append and this CASE read the same on DuckDB and PostgreSQL.
            cur.executemany("UPDATE feedback SET rejected = CASE WHEN list_contains(rejected, ?) "
                            "THEN rejected ELSE array_append(rejected, ?) END WHERE id = ?",
                            [[n, n, f] for f, n in wanted])
            self.log(cur, workshop_id, actor_id, "feedback.suggestion_rejected",
                     pairs=[list(p) for p in wanted])
        self.write(work)

    def delete_feedback(self, workshop_id: int, actor_id: int | None,
                        feedback_ids: Sequence[int]) -> None:
        """Delete feedback items."""
        ids = sorted({int(i) for i in feedback_ids})

        def work(cur: Cursor) -> None:
            self._require_feedback(cur, workshop_id, ids)
            cur.execute("DELETE FROM feedback WHERE workshop_id = ? AND list_contains(?, id)",
                        [workshop_id, ids])
            self.log(cur, workshop_id, actor_id, "feedback.deleted", feedback_ids=ids)
        self.write(work)

    @shared("workshops")
    def evidence_sets_importance(self, workshop_id: int) -> bool:
        """Whether feedback evidence, not the stated rating, sets need importance."""
        row = self._one("SELECT coalesce(evidence_importance, false) FROM workshops "
                        "WHERE id = ?", [workshop_id])
        return bool(row[0]) if row else False

    def set_evidence_importance(self, workshop_id: int, actor_id: int | None, on: bool) -> None:
        """Switch need importance between the stated rating and the feedback evidence."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            cur.execute("UPDATE workshops SET evidence_importance = ?, updated_at = "
                        "current_timestamp WHERE id = ?", [on, workshop_id])
            self.log(cur, workshop_id, actor_id, "evidence_importance.set", on=on)
        self.write(work, contended=True)
