"""Idea rows: adding, editing, tags, the shortlist and MoSCoW buckets (merges: merges.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from workbench.domain.models import Idea, UnknownItem
from workbench.store.core import Cursor, StoreCore, shared

_DELETE_IDEA_ROWS = tuple(
    "DELETE FROM " + table + " WHERE idea_id = ?"
    for table in ("idea_needs", "scores", "votes", "idea_themes", "decisions", "idea_kpis",
                  "outcomes"))


class IdeaRows(StoreCore):
    """Ideas of a workshop, their need tags, shortlist and buckets."""

    def add_ideas(self, workshop_id: int, author_id: int | None,
                  items: Sequence[tuple[str, str]], need_ids: Sequence[int]) -> list[int]:
        """Insert ideas (title, description), all tagged to ``need_ids``, in one transaction."""
        def work(cur: Cursor) -> list[int]:
            self._require_workshop(cur, workshop_id)
            self._require_needs(cur, workshop_id, need_ids)
            ids = []
            for title, description in items:
                row = cur.execute("INSERT INTO ideas (workshop_id, title, description, author_id) "
                                  "VALUES (?, ?, ?, ?) RETURNING id",
                                  [workshop_id, title, description, author_id]).fetchone()
                ids.append(int(row[0]))
                for need_id in need_ids:
                    cur.execute("INSERT INTO idea_needs VALUES (?, ?, ?)",
                                [workshop_id, row[0], need_id])
            self.log(cur, workshop_id, author_id, "idea.added", idea_ids=ids, need_ids=need_ids)
            return ids
        return self.write(work, structure="adds")

    @shared("idea_needs", "ideas")
    def get_idea(self, idea_id: int) -> Idea:
        """One idea with its need ids; UnknownItem if it is gone."""
        row = self._one("""SELECT i.id, i.workshop_id, i.title, i.description, i.author_id,
                                  i.shortlisted, i.merged_into,
                                  list(t.need_id ORDER BY t.need_id)
                                    FILTER (WHERE t.need_id IS NOT NULL), i.moscow,
                                  (SELECT list(o.author_id ORDER BY o.id) FROM ideas o
                                    WHERE o.merged_into = i.id)
                           FROM ideas i LEFT JOIN idea_needs t ON t.idea_id = i.id
                           WHERE i.id = ?
                           GROUP BY i.id, i.workshop_id, i.title, i.description, i.author_id,
                                    i.shortlisted, i.merged_into, i.moscow""", [idea_id])
        if row is None:
            raise UnknownItem("idea", idea_id)
        return Idea(*row[:7], need_ids=tuple(row[7] or ()), moscow=row[8],
                    merged_author_ids=tuple(row[9] or ()))

    def update_idea(self, workshop_id: int, actor_id: int | None, idea_id: int, title: str,
                    description: str, need_ids: Sequence[int]) -> None:
        """Replace an idea's title, description and tags."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, [idea_id])
            self._require_needs(cur, workshop_id, need_ids)
            cur.execute("UPDATE ideas SET title = ?, description = ?, updated_at = "
                        "current_timestamp WHERE id = ?", [title, description, idea_id])
            cur.execute("DELETE FROM idea_needs WHERE idea_id = ?", [idea_id])
            for need_id in need_ids:
                cur.execute("INSERT INTO idea_needs VALUES (?, ?, ?)",
                            [workshop_id, idea_id, need_id])
            self.log(cur, workshop_id, actor_id, "idea.updated", idea_id=idea_id, title=title,
                     need_ids=list(need_ids))
        self.write(work, structure="adds")

    def delete_idea(self, workshop_id: int, actor_id: int | None, idea_id: int) -> None:
        """Delete an idea with its tags, scores and votes, and the originals merged into it."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, [idea_id])
            # Originals hidden behind this idea go with it: left behind they would point at
            # an idea that no longer exists, hidden for ever.
            originals = [r[0] for r in cur.execute(
                "SELECT id FROM ideas WHERE merged_into = ? ORDER BY id", [idea_id]).fetchall()]
            for gone in (*originals, idea_id):
                for statement in _DELETE_IDEA_ROWS:
                    cur.execute(statement, [gone])
            cur.execute("DELETE FROM ideas WHERE merged_into = ?", [idea_id])
            cur.execute("DELETE FROM merges WHERE list_contains(?, keep_id)",
                        [[*originals, idea_id]])
            title = cur.execute("DELETE FROM ideas WHERE id = ? RETURNING title",
                                [idea_id]).fetchone()[0]
            self.log(cur, workshop_id, actor_id, "idea.deleted", idea_id=idea_id, title=title,
                     **({"originals": originals} if originals else {}))
        self.write(work, structure="removes")

    @shared("idea_needs", "ideas", "participants")
    def list_ideas(self, workshop_id: int) -> pd.DataFrame:
        """Live (not merged-away) ideas with need ids, authors (kept through merges) and counts."""
        return self._read(
            """WITH tags AS (
                   SELECT idea_id, list(need_id ORDER BY need_id) AS need_ids
                   FROM idea_needs WHERE workshop_id = ? GROUP BY idea_id),
               authors AS (
                   SELECT coalesce(i.merged_into, i.id) AS idea_id,
                          list(DISTINCT p.name ORDER BY p.name)
                            FILTER (WHERE p.name IS NOT NULL) AS authors,
                          count(*) - 1 AS merged_count
                   FROM ideas i LEFT JOIN participants p ON p.id = i.author_id
                   WHERE i.workshop_id = ? GROUP BY coalesce(i.merged_into, i.id))
               SELECT i.id, i.title, i.description, i.author_id, i.shortlisted, i.created_at,
                      coalesce(t.need_ids, []) AS need_ids,
                      coalesce(a.authors, []) AS authors,
                      coalesce(a.merged_count, 0) AS merged_count
               FROM ideas i LEFT JOIN tags t ON t.idea_id = i.id
                            LEFT JOIN authors a ON a.idea_id = i.id
               WHERE i.workshop_id = ? AND i.merged_into IS NULL
               ORDER BY i.created_at, i.id""", [workshop_id, workshop_id, workshop_id])

    @shared("idea_needs", "ideas")
    def ideas_by(self, workshop_id: int, author_id: int) -> pd.DataFrame:
        """id, title, description and need ids of one author's live ideas, oldest first."""
        return self._read(
            """SELECT i.id, i.title, i.description, coalesce(t.need_ids, []) AS need_ids
               FROM ideas i
               LEFT JOIN (SELECT idea_id, list(need_id ORDER BY need_id) AS need_ids
                          FROM idea_needs WHERE workshop_id = ? GROUP BY idea_id) t
                      ON t.idea_id = i.id
               WHERE i.workshop_id = ? AND i.author_id = ? AND i.merged_into IS NULL
               ORDER BY i.created_at, i.id""", [workshop_id, workshop_id, author_id])

    @shared("idea_needs", "ideas")
    def wall_rows(self, workshop_id: int) -> list[tuple[str, list[int]]]:
        """(title, need ids) of each live idea in ``list_ideas`` order — the idea wall's data,
        a third of list_ideas' cost (it is rebuilt after every new idea)."""
        rows = self._all(
            """SELECT i.title, coalesce(t.need_ids, []) FROM ideas i
               LEFT JOIN (SELECT idea_id, list(need_id ORDER BY need_id) AS need_ids
                          FROM idea_needs WHERE workshop_id = ? GROUP BY idea_id) t
                      ON t.idea_id = i.id
               WHERE i.workshop_id = ? AND i.merged_into IS NULL
               ORDER BY i.created_at, i.id""", [workshop_id, workshop_id])
        return [(str(title), [int(n) for n in needs]) for title, needs in rows]

    @shared("ideas")
    def shortlist(self, workshop_id: int) -> pd.DataFrame:
        """id and title of the shortlisted live ideas (what ranking needs, nothing more)."""
        return self._read("SELECT id, title FROM ideas WHERE workshop_id = ? AND shortlisted "
                          "AND merged_into IS NULL ORDER BY created_at, id", [workshop_id])

    @shared("ideas")
    def moscow_buckets(self, workshop_id: int) -> pd.DataFrame:
        """idea_id and MoSCoW bucket of the shortlisted ideas that have one."""
        return self._read("SELECT id AS idea_id, moscow FROM ideas WHERE workshop_id = ? AND "
                          "shortlisted AND merged_into IS NULL AND moscow IS NOT NULL",
                          [workshop_id])

    def set_moscow(self, workshop_id: int, actor_id: int | None,
                   buckets: Mapping[int, str | None]) -> None:
        """Put ideas in MoSCoW buckets (None takes one out), in one logged transaction."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, buckets)
            before = dict(cur.execute("SELECT id, moscow FROM ideas WHERE list_contains(?, id)",
                                      [list(buckets)]).fetchall())
            for idea_id, bucket in buckets.items():
                cur.execute("UPDATE ideas SET moscow = ?, updated_at = current_timestamp "
                            "WHERE id = ?", [bucket, idea_id])
            self.log(cur, workshop_id, actor_id, "moscow.set",
                     changes=[{"idea_id": i, "before": before.get(i), "after": b}
                              for i, b in buckets.items() if before.get(i) != b])
        self.write(work, contended=True, structure="adds")

    @shared("idea_needs", "ideas", "needs")
    def idea_need_ratings(self, workshop_id: int) -> pd.DataFrame:
        """Per (shortlisted idea, tagged need): the need's importance and satisfaction."""
        return self._read("""SELECT t.idea_id, t.need_id, n.importance, n.satisfaction
                             FROM idea_needs t JOIN needs n ON n.id = t.need_id
                             JOIN ideas i ON i.id = t.idea_id
                             WHERE t.workshop_id = ? AND i.shortlisted AND i.merged_into IS NULL
                             ORDER BY t.idea_id, t.need_id""", [workshop_id])

    def set_shortlist(self, workshop_id: int, actor_id: int | None,
                      idea_ids: Sequence[int]) -> None:
        """Make exactly ``idea_ids`` the shortlist."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            self._require_ideas(cur, workshop_id, idea_ids)
            cur.execute("UPDATE ideas SET shortlisted = list_contains(?, id) WHERE workshop_id = ? "
                        "AND merged_into IS NULL AND shortlisted <> list_contains(?, id)",
                        [list(idea_ids), workshop_id, list(idea_ids)])
            self.log(cur, workshop_id, actor_id, "shortlist.set", idea_ids=list(idea_ids))
        self.write(work, contended=True, structure="adds")
