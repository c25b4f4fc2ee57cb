"""Journey stages of a workshop, in order, and the stage each need sits on."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.domain.journey import DEFAULT_STAGES, STAGES_MAX
from workbench.domain.models import InvalidInput, UnknownItem
from workbench.store.core import Cursor, StoreCore, shared


def insert_default_stages(cur: Cursor, workshop_id: int) -> None:
    """The default journey (Discover … Renew/Advocate) of a new workshop, in its transaction."""
    cur.executemany("INSERT INTO journey_stages (workshop_id, name, position) VALUES (?, ?, ?)",
                    [[workshop_id, name, k] for k, name in enumerate(DEFAULT_STAGES)])


class JourneyRows(StoreCore):
    """Ordered journey stages; a need's stage is a column of ``needs`` (NULL: not placed)."""

    @shared("journey_stages", "needs")
    def stages(self, workshop_id: int) -> pd.DataFrame:
        """id, name, position and needs (how many sit on it), in journey order."""
        return self._read(
            """SELECT s.id, s.name, s.position,
                      (SELECT count(*) FROM needs n WHERE n.stage_id = s.id)::INTEGER AS needs
               FROM journey_stages s WHERE s.workshop_id = ? ORDER BY s.position, s.id""",
            [workshop_id])

    @shared("needs")
    def need_stages(self, workshop_id: int) -> dict[int, int | None]:
        """The stage id of every need of the workshop (None: not placed on the journey)."""
        return {int(n): (None if s is None else int(s)) for n, s in self._all(
            "SELECT id, stage_id FROM needs WHERE workshop_id = ?", [workshop_id])}

    @staticmethod
    def _require_stage(cur: Cursor, workshop_id: int, stage_id: int) -> None:
        if cur.execute("SELECT 1 FROM journey_stages WHERE id = ? AND workshop_id = ?",
                       [stage_id, workshop_id]).fetchone() is None:
            raise UnknownItem("journey stage", stage_id)

    @staticmethod
    def _require_free_stage_name(cur: Cursor, workshop_id: int, name: str,
                                 but: int | None) -> None:
        if cur.execute("SELECT 1 FROM journey_stages WHERE workshop_id = ? AND lower(name) = "
                       "lower(?) AND id IS DISTINCT FROM ?", [workshop_id, name, but]
                       ).fetchone() is not None:
            raise InvalidInput(f"There is already a stage called “{name}”.")

    def add_stage(self, workshop_id: int, actor_id: int | None, name: str) -> int:
        """Append a stage at the end of the journey; return its id."""
        def work(cur: Cursor) -> int:
            self._require_workshop(cur, workshop_id)
            self._require_free_stage_name(cur, workshop_id, name, None)
            count, last = cur.execute("SELECT count(*), coalesce(max(position), -1) FROM "
                                      "journey_stages WHERE workshop_id = ?",
                                      [workshop_id]).fetchone()
            if count >= STAGES_MAX:
                raise InvalidInput(f"A journey has at most {STAGES_MAX} stages; delete or "
                                   "rename one instead.")
            row = cur.execute("INSERT INTO journey_stages (workshop_id, name, position) "
                              "VALUES (?, ?, ?) RETURNING id",
                              [workshop_id, name, last + 1]).fetchone()
            self.log(cur, workshop_id, actor_id, "stage.added", stage_id=row[0], name=name)
            return int(row[0])
        return self.write(work, contended=True)

    def rename_stage(self, workshop_id: int, actor_id: int | None, stage_id: int,
                     name: str) -> None:
        """Rename a stage (names are unique in a workshop, any case)."""
        def work(cur: Cursor) -> None:
            self._require_stage(cur, workshop_id, stage_id)
            self._require_free_stage_name(cur, workshop_id, name, stage_id)
            cur.execute("UPDATE journey_stages SET name = ? WHERE id = ?", [name, stage_id])
            self.log(cur, workshop_id, actor_id, "stage.renamed", stage_id=stage_id, name=name)
        self.write(work, contended=True)

    def reorder_stages(self, workshop_id: int, actor_id: int | None,
                       stage_ids: Sequence[int]) -> None:
        """Put the stages in exactly this order (every stage of the workshop, once)."""
        order = [int(s) for s in stage_ids]

        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            have = {r[0] for r in cur.execute("SELECT id FROM journey_stages WHERE "
                                              "workshop_id = ?", [workshop_id]).fetchall()}
            if set(order) != have or len(order) != len(have):
                raise InvalidInput("The stages changed in another session; the page has been "
                                   "refreshed, try the move again.")
            cur.executemany("UPDATE journey_stages SET position = ? WHERE id = ?",
                            [[k, s] for k, s in enumerate(order)])
            self.log(cur, workshop_id, actor_id, "stage.reordered", order=order)
        self.write(work, contended=True)

    def delete_stage(self, workshop_id: int, actor_id: int | None, stage_id: int,
                     move_to: int | None) -> int:
        """Delete a stage, first moving its needs to ``move_to``; return how many needs block
        it when it has some and ``move_to`` is None (then nothing is written)."""
        def work(cur: Cursor) -> int:
            self._require_stage(cur, workshop_id, stage_id)
            on_it = cur.execute("SELECT count(*) FROM needs WHERE stage_id = ?",
                                [stage_id]).fetchone()[0]
            if on_it and move_to is None:
                return int(on_it)
            if move_to is not None:
                if move_to == stage_id:
                    raise InvalidInput("Choose another stage for its needs: they cannot move "
                                       "to the stage being deleted.")
                self._require_stage(cur, workshop_id, move_to)
                cur.execute("UPDATE needs SET stage_id = ? WHERE stage_id = ?",
                            [move_to, stage_id])
            cur.execute("DELETE FROM journey_stages WHERE id = ?", [stage_id])
            self.log(cur, workshop_id, actor_id, "stage.deleted", stage_id=stage_id,
                     moved_to=move_to, needs_moved=int(on_it))
            return 0
        # Removes: a need being added onto this stage finishes first and then moves with it.
        return self.write(work, contended=True, structure="removes")

    def set_need_stage(self, workshop_id: int, actor_id: int | None, need_ids: Sequence[int],
                       stage_id: int | None) -> None:
        """Place needs on a stage (None: take them off the journey)."""
        ids = sorted({int(n) for n in need_ids})

        def work(cur: Cursor) -> None:
            self._require_needs(cur, workshop_id, ids)
            if stage_id is not None:
                self._require_stage(cur, workshop_id, stage_id)
            cur.execute("UPDATE needs SET stage_id = ? WHERE workshop_id = ? AND "
                        "list_contains(?, id)", [stage_id, workshop_id, ids])
            self.log(cur, workshop_id, actor_id, "need.staged", need_ids=ids, stage_id=stage_id)
        self.write(work, contended=True, structure="adds")
