"""Dot votes: placing and taking back dots under a per-voter lock, and their totals."""

from __future__ import annotations

import pandas as pd

from workbench.domain.models import UnknownItem
from workbench.store.core import Cursor, StoreCore, shared


class VoteRows(StoreCore):
    """Dot votes of a workshop."""

    def place_dot(self, workshop_id: int, voter_id: int, idea_id: int, round_no: int,
                  budget: int, cap: int | None) -> str | None:
        """Add one dot unless it breaks the budget or cap; return the reason it was refused."""
        def work(cur: Cursor) -> str | None:
            row = cur.execute("SELECT shortlisted FROM ideas WHERE id = ? AND workshop_id = ? "
                              "AND merged_into IS NULL", [idea_id, workshop_id]).fetchone()
            if row is None:
                raise UnknownItem("idea", idea_id)
            if not row[0]:
                return "Dots go on shortlisted ideas only."
            used, on_idea = cur.execute(
                "SELECT count(*), count(*) FILTER (WHERE idea_id = ?) FROM votes WHERE "
                "workshop_id = ? AND voter_id = ? AND round = ?",
                [idea_id, workshop_id, voter_id, round_no]).fetchone()
            if used >= budget:
                return f"You have used all {budget} of your dots. Remove one to move it."
            if cap is not None and on_idea >= cap:
                return f"At most {cap} dot(s) per idea."
            cur.execute("INSERT INTO votes (workshop_id, idea_id, voter_id, round) VALUES "
                        "(?, ?, ?, ?)", [workshop_id, idea_id, voter_id, round_no])
            self.log(cur, workshop_id, voter_id, "dot.placed", idea_id=idea_id, round=round_no)
            return None
        return self.write(work, lock=self._voter_lock(workshop_id, voter_id), structure="adds")

    def remove_dot(self, workshop_id: int, voter_id: int, idea_id: int, round_no: int) -> bool:
        """Take back one of your dots from an idea; False if you had none there."""
        def work(cur: Cursor) -> bool:
            row = cur.execute("SELECT max(id) FROM votes WHERE workshop_id = ? AND voter_id = ? "
                              "AND idea_id = ? AND round = ?",
                              [workshop_id, voter_id, idea_id, round_no]).fetchone()
            if row is None or row[0] is None:
                return False
            cur.execute("DELETE FROM votes WHERE id = ?", [row[0]])
            self.log(cur, workshop_id, voter_id, "dot.removed", idea_id=idea_id, round=round_no)
            return True
        return self.write(work, lock=self._voter_lock(workshop_id, voter_id))

    @shared("votes")
    def my_dots(self, workshop_id: int, voter_id: int, round_no: int) -> pd.DataFrame:
        """idea_id, dots for one voter."""
        return self._read("SELECT idea_id, count(*) AS dots FROM votes WHERE workshop_id = ? "
                          "AND voter_id = ? AND round = ? GROUP BY idea_id",
                          [workshop_id, voter_id, round_no])

    @shared("votes")
    def dot_totals(self, workshop_id: int, round_no: int) -> pd.DataFrame:
        """idea_id, dots, voters: totals per idea for a round."""
        return self._read("SELECT idea_id, count(*) AS dots, count(DISTINCT voter_id) AS voters "
                          "FROM votes WHERE workshop_id = ? AND round = ? GROUP BY idea_id",
                          [workshop_id, round_no])
