"""Merging duplicate ideas and undoing a merge exactly, from what the merge recorded."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from workbench.domain.models import InvalidInput, UnknownItem
from workbench.store.core import Cursor, StoreCore, shared


def _quoted(title: str) -> str:
    return f"“{title[:80]}”"


class MergeRows(StoreCore):
    """Merges of a workshop's ideas and their undoing."""

    def merge_ideas(self, workshop_id: int, actor_id: int | None, keep_id: int,
                    absorb_ids: Sequence[int], title: str, description: str) -> int:
        """Fold ``absorb_ids`` into ``keep_id``: tags unioned, votes moved, originals hidden;
        return the merge's id (what ``unmerge`` takes)."""
        absorbed = list(absorb_ids)

        def work(cur: Cursor) -> int:
            self._require_ideas(cur, workshop_id, [keep_id, *absorbed])
            originals = cur.execute("SELECT id, title, description, author_id, shortlisted "
                                    "FROM ideas WHERE list_contains(?, id) ORDER BY id",
                                    [absorbed]).fetchall()
            before = cur.execute("SELECT title, description, shortlisted FROM ideas "
                                 "WHERE id = ?", [keep_id]).fetchone()
            gained = [r[0] for r in cur.execute(
                """SELECT DISTINCT need_id FROM idea_needs WHERE list_contains(?, idea_id)
                   AND need_id NOT IN (SELECT need_id FROM idea_needs WHERE idea_id = ?)
                   ORDER BY need_id""", [absorbed, keep_id]).fetchall()]
            for need_id in gained:
                cur.execute("INSERT INTO idea_needs VALUES (?, ?, ?)",
                            [workshop_id, keep_id, need_id])
            moved = cur.execute("SELECT id, idea_id FROM votes WHERE list_contains(?, idea_id) "
                                "ORDER BY id", [absorbed]).fetchall()
            cur.execute("UPDATE votes SET idea_id = ? WHERE list_contains(?, idea_id)",
                        [keep_id, absorbed])
            # A voter with dots on several of the merged ideas keeps at most the per-idea cap
            # on the survivor; the rest go back to their budget (oldest dots stay).
            cap = cur.execute("SELECT dot_cap FROM workshops WHERE id = ?",
                              [workshop_id]).fetchone()[0]
            refunded: list[tuple] = []
            if cap is not None:
                refunded = cur.execute(
                    """DELETE FROM votes WHERE id IN (
                           SELECT id FROM (
                               SELECT id, row_number() OVER (PARTITION BY voter_id, round
                                                             ORDER BY created_at, id) AS n
                               FROM votes WHERE idea_id = ?) AS ranked WHERE n > ?)
                       RETURNING id, voter_id, round, created_at""", [keep_id, cap]).fetchall()
            came_from = dict(moved)
            # Ideas merged earlier into an absorbed idea now point straight at the survivor,
            # so merges are always one level deep; undoing this merge points them back.
            repointed = cur.execute("SELECT id, merged_into FROM ideas WHERE "
                                    "list_contains(?, merged_into) ORDER BY id",
                                    [absorbed]).fetchall()
            cur.execute("UPDATE ideas SET merged_into = ? WHERE list_contains(?, merged_into)",
                        [keep_id, absorbed])
            cur.execute("UPDATE ideas SET merged_into = ?, shortlisted = false, updated_at = "
                        "current_timestamp WHERE list_contains(?, id)", [keep_id, absorbed])
            shortlisted = bool(before[2]) or any(o[4] for o in originals)
            cur.execute("UPDATE ideas SET title = ?, description = ?, shortlisted = ?, "
                        "updated_at = current_timestamp WHERE id = ?",
                        [title, description, shortlisted, keep_id])
            merge_id = cur.execute(
                """INSERT INTO merges (workshop_id, keep_id, absorbed_ids, title_before,
                       description_before, shortlisted_before, title_after, description_after,
                       absorbed_shortlisted, tags_gained, votes_moved, votes_refunded,
                       repointed, actor_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                [workshop_id, keep_id, [o[0] for o in originals], before[0], before[1],
                 bool(before[2]), title, description, [bool(o[4]) for o in originals], gained,
                 json.dumps(moved),
                 json.dumps([[v, came_from.get(v, keep_id), voter, rnd, str(at)]
                             for v, voter, rnd, at in refunded]),
                 json.dumps(repointed), actor_id]).fetchone()[0]
            self.log(cur, workshop_id, actor_id, "ideas.merged", kept=keep_id, title=title,
                     merge_id=merge_id, dots_refunded=len(refunded),
                     originals=[{"id": o[0], "title": o[1], "description": o[2],
                                 "author_id": o[3]} for o in originals])
            return int(merge_id)
        return self.write(work, contended=True, structure="removes")

    def unmerge(self, workshop_id: int, actor_id: int | None, merge_id: int) -> dict[str, Any]:
        """Undo a merge: originals back with their tags, votes and shortlist places, the kept
        idea's title, description and tags as before. Returns restored (idea ids), dots_back
        and dots_not_back (refunded dots whose voter has spent them since)."""
        def work(cur: Cursor) -> dict[str, Any]:
            self._require_workshop(cur, workshop_id)
            row = cur.execute(
                """SELECT keep_id, absorbed_ids, title_before, description_before,
                          shortlisted_before, title_after, description_after,
                          absorbed_shortlisted, tags_gained, votes_moved, votes_refunded,
                          repointed, undone_at, created_at
                   FROM merges WHERE id = ? AND workshop_id = ?""",
                [merge_id, workshop_id]).fetchone()
            if row is None:
                raise InvalidInput("There is no such merge in this workshop: nothing to undo.")
            (keep_id, absorbed, title_before, description_before, shortlisted_before,
             title_after, description_after, absorbed_shortlisted, gained, moved, refunded,
             repointed, undone_at, merged_at) = row
            if undone_at is not None:
                raise InvalidInput("That merge has already been undone.")
            self._require_unmergeable(cur, merge_id, keep_id, absorbed)
            for idea_id, earlier in json.loads(repointed):
                cur.execute("UPDATE ideas SET merged_into = ? WHERE id = ? AND merged_into = ?",
                            [earlier, idea_id, keep_id])
            for idea_id, was_shortlisted in zip(absorbed, absorbed_shortlisted, strict=True):
                cur.execute("UPDATE ideas SET merged_into = NULL, shortlisted = ?, updated_at = "
                            "current_timestamp WHERE id = ?", [was_shortlisted, idea_id])
            # The merge's title and description give way to the old ones unless someone
            # edited them since; the kept idea stays shortlisted if it was scored or dotted
            # since the merge (those scores stay with it).
            cur.execute(
                """UPDATE ideas SET
                       title = CASE WHEN title = ? AND description = ? THEN ? ELSE title END,
                       description = CASE WHEN title = ? AND description = ? THEN ?
                                          ELSE description END,
                       shortlisted = ? OR (shortlisted AND (
                           EXISTS (SELECT 1 FROM scores WHERE idea_id = ? AND updated_at >= ?)
                           OR EXISTS (SELECT 1 FROM votes WHERE idea_id = ? AND created_at >= ?))),
                       updated_at = current_timestamp
                   WHERE id = ?""",
                [title_after, description_after, title_before, title_after, description_after,
                 description_before, shortlisted_before, keep_id, merged_at, keep_id, merged_at,
                 keep_id])
            cur.execute("DELETE FROM idea_needs WHERE idea_id = ? AND list_contains(?, need_id)",
                        [keep_id, list(gained)])
            for vote_id, idea_id in json.loads(moved):
                cur.execute("UPDATE votes SET idea_id = ? WHERE id = ? AND idea_id = ?",
                            [idea_id, vote_id, keep_id])
            back = self._return_refunds(cur, workshop_id, json.loads(refunded))
            cur.execute("UPDATE merges SET undone_at = current_timestamp, undone_by = ? "
                        "WHERE id = ?", [actor_id, merge_id])
            result = {"restored": list(absorbed), "dots_back": back,
                      "dots_not_back": len(json.loads(refunded)) - back}
            self.log(cur, workshop_id, actor_id, "ideas.unmerged", merge_id=merge_id,
                     kept=keep_id, **result)
            return result
        return self.write(work, contended=True, structure="removes")

    @staticmethod
    def _require_unmergeable(cur: Cursor, merge_id: int, keep_id: int,
                             absorbed: Sequence[int]) -> None:
        keep = cur.execute("SELECT k.title, o.title FROM ideas k LEFT JOIN ideas o "
                           "ON o.id = k.merged_into WHERE k.id = ?", [keep_id]).fetchone()
        if keep is None:
            raise UnknownItem("idea", keep_id)
        if keep[1] is not None:
            raise InvalidInput(f"{_quoted(keep[0])} was merged into {_quoted(keep[1])} later: "
                               "undo that merge first.")
        later = cur.execute("SELECT count(*) FROM merges WHERE keep_id = ? AND id > ? AND "
                            "undone_at IS NULL", [keep_id, merge_id]).fetchone()[0]
        if later:
            raise InvalidInput(f"{_quoted(keep[0])} has a later merge: undo the latest merge "
                               "into it first.")
        hidden = cur.execute("SELECT count(*) FROM ideas WHERE list_contains(?, id) AND "
                             "merged_into = ?", [list(absorbed), keep_id]).fetchone()[0]
        if hidden != len(absorbed):
            raise InvalidInput("The ideas of that merge have changed since; it cannot be undone.")

    @staticmethod
    def _return_refunds(cur: Cursor, workshop_id: int, refunded: list[list]) -> int:
        """Put refunded dots back where the voter's budget and the cap still allow them."""
        budget, cap = cur.execute("SELECT dot_budget, dot_cap FROM workshops WHERE id = ?",
                                  [workshop_id]).fetchone()
        back = 0
        for vote_id, idea_id, voter_id, round_no, created_at in refunded:
            used, on_idea = cur.execute(
                "SELECT count(*), count(*) FILTER (WHERE idea_id = ?) FROM votes WHERE "
                "workshop_id = ? AND voter_id = ? AND round = ?",
                [idea_id, workshop_id, voter_id, round_no]).fetchone()
            if used >= budget or (cap is not None and on_idea >= cap):
                continue
            cur.execute("INSERT INTO votes (id, workshop_id, idea_id, voter_id, round, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        [vote_id, workshop_id, idea_id, voter_id, round_no, created_at])
            back += 1
        return back

    @shared("merges", "ideas", "participants")
    def list_merges(self, workshop_id: int) -> pd.DataFrame:
        """The workshop's merges, newest first: id, keep_id, keep_title, absorbed_ids,
        absorbed_titles, created_at, actor, undone_at and undoable (latest live one of its idea)."""
        return self._read(
            """SELECT m.id, m.keep_id, k.title AS keep_title, m.absorbed_ids,
                      (SELECT list(o.title ORDER BY o.id) FROM ideas o
                        WHERE list_contains(m.absorbed_ids, o.id)) AS absorbed_titles,
                      m.title_before, m.created_at, p.name AS actor, m.undone_at,
                      (m.undone_at IS NULL AND k.merged_into IS NULL AND NOT EXISTS (
                          SELECT 1 FROM merges l WHERE l.keep_id = m.keep_id
                          AND l.id > m.id AND l.undone_at IS NULL)) AS undoable
               FROM merges m JOIN ideas k ON k.id = m.keep_id
               LEFT JOIN participants p ON p.id = m.actor_id
               WHERE m.workshop_id = ? ORDER BY m.id DESC""", [workshop_id])
