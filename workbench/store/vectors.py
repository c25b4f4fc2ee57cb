"""Idea vectors (a cache keyed by the engine that made them) and notes added to ideas."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.store.core import Cursor, StoreCore, shared


class VectorRows(StoreCore):
    """Each live idea's vector per similarity engine, and the notes people add to ideas."""

    @shared("ideas", "idea_vectors")
    def idea_vectors(self, workshop_id: int, engine: str) -> pd.DataFrame:
        """idea_id, text_hash and vector of the workshop's live ideas that have one from
        ``engine`` (a stale one is returned too: the caller compares the hash)."""
        return self._read(
            """SELECT v.idea_id, v.text_hash, v.vector FROM idea_vectors v
               JOIN ideas i ON i.id = v.idea_id
               WHERE i.workshop_id = ? AND i.merged_into IS NULL AND v.engine = ?
               ORDER BY v.idea_id""", [workshop_id, engine])

    def save_idea_vectors(self, rows: Sequence[tuple[int, str, str, Sequence[float]]]) -> None:
        """Insert or replace (idea_id, engine, text_hash, vector) rows in one write."""
        if not rows:
            return

        def work(cur: Cursor) -> None:
            cur.executemany("INSERT INTO idea_vectors VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (idea_id, engine) DO UPDATE SET "
                            "text_hash = excluded.text_hash, vector = excluded.vector",
                            [[int(i), e, h, [float(x) for x in v]] for i, e, h, v in rows])
        # Two sessions may fill the same missing vectors at once: the same rows, retried.
        self.write(work, retry_duplicates=True)

    def add_idea_note(self, workshop_id: int, author_id: int | None, idea_id: int,
                      text: str) -> int:
        """Append a note (another wording, a variant) to a live idea; return its id."""
        def work(cur: Cursor) -> int:
            self._require_ideas(cur, workshop_id, [idea_id])
            note_id = int(cur.execute(
                "INSERT INTO idea_notes (workshop_id, idea_id, author_id, text) "
                "VALUES (?, ?, ?, ?) RETURNING id",
                [workshop_id, idea_id, author_id, text]).fetchone()[0])
            self.log(cur, workshop_id, author_id, "idea.note_added", idea_id=idea_id,
                     note_id=note_id)
            return note_id
        return self.write(work, structure="adds")

    @shared("idea_notes", "ideas", "participants")
    def idea_notes(self, workshop_id: int) -> pd.DataFrame:
        """idea_id, text and author name of the notes on live ideas, oldest first; notes on
        ideas merged into another are shown under the idea they went into."""
        return self._read(
            """SELECT coalesce(i.merged_into, i.id) AS idea_id, n.text,
                      coalesce(p.name, '') AS author, n.created_at
               FROM idea_notes n JOIN ideas i ON i.id = n.idea_id
               LEFT JOIN participants p ON p.id = n.author_id
               WHERE n.workshop_id = ? ORDER BY n.created_at, n.id""", [workshop_id])
