"""Themes: suggested groups of a workshop's ideas, and the fixes people make to them."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.domain.models import InvalidInput, UnknownItem
from workbench.store.core import Cursor, StoreCore, shared


class ThemeRows(StoreCore):
    """Themes of a workshop and each live idea's theme (pinned when a person chose it)."""

    @shared("themes", "idea_themes", "ideas")
    def themes(self, workshop_id: int) -> pd.DataFrame:
        """id, name, named (a person gave the name) and ideas (live ideas in it), by name."""
        return self._read(
            """SELECT t.id, t.name, t.named, count(i.id)::INTEGER AS ideas
               FROM themes t
               LEFT JOIN idea_themes a ON a.theme_id = t.id
               LEFT JOIN ideas i ON i.id = a.idea_id AND i.merged_into IS NULL
               WHERE t.workshop_id = ? GROUP BY t.id, t.name, t.named
               ORDER BY lower(t.name), t.id""", [workshop_id])

    @shared("themes", "idea_themes", "ideas")
    def idea_themes(self, workshop_id: int) -> pd.DataFrame:
        """idea_id, theme_id, theme (its name) and pinned of live ideas that have a row."""
        return self._read(
            """SELECT a.idea_id, a.theme_id, coalesce(t.name, '') AS theme, a.pinned
               FROM idea_themes a JOIN ideas i ON i.id = a.idea_id
               LEFT JOIN themes t ON t.id = a.theme_id
               WHERE a.workshop_id = ? AND i.merged_into IS NULL ORDER BY a.idea_id""",
            [workshop_id])

    @shared("themes", "idea_themes", "ideas")
    def wall_themes(self, workshop_id: int) -> dict[str, str]:
        """Theme name by title of the live ideas in a theme (the idea wall's labels)."""
        return dict(self._all(
            """SELECT i.title, t.name FROM idea_themes a JOIN ideas i ON i.id = a.idea_id
               JOIN themes t ON t.id = a.theme_id
               WHERE a.workshop_id = ? AND i.merged_into IS NULL ORDER BY i.id""",
            [workshop_id]))

    def apply_theme_suggestion(self, workshop_id: int, actor_id: int | None,
                               groups: Sequence[tuple[str, Sequence[int]]]) -> list[int]:
        """Replace unpinned assignments with ``groups`` (name, idea ids) in one write; a group
        named like a person-named theme goes into it. Pinned ideas and named themes stay;
        unnamed themes left empty go. Return the theme id per group."""
        def work(cur: Cursor) -> list[int]:
            self._require_workshop(cur, workshop_id)
            self._require_ideas(cur, workshop_id, [i for _, ids in groups for i in ids])
            named = {str(n).casefold(): int(t) for t, n in cur.execute(
                "SELECT id, name FROM themes WHERE workshop_id = ? AND named",
                [workshop_id]).fetchall()}
            pinned = {r[0] for r in cur.execute(
                "SELECT idea_id FROM idea_themes WHERE workshop_id = ? AND pinned",
                [workshop_id]).fetchall()}
            cur.execute("DELETE FROM idea_themes WHERE workshop_id = ? AND NOT pinned",
                        [workshop_id])
            theme_ids = []
            for name, ids in groups:
                theme_id = named.get(name.casefold())
                if theme_id is None:
                    theme_id = int(cur.execute(
                        "INSERT INTO themes (workshop_id, name) VALUES (?, ?) RETURNING id",
                        [workshop_id, name]).fetchone()[0])
                theme_ids.append(theme_id)
                cur.executemany("INSERT INTO idea_themes VALUES (?, ?, ?, false)",
                                [[i, workshop_id, theme_id] for i in ids if i not in pinned])
            cur.execute("""DELETE FROM themes WHERE workshop_id = ? AND NOT named
                           AND id NOT IN (SELECT theme_id FROM idea_themes
                                          WHERE workshop_id = ? AND theme_id IS NOT NULL)""",
                        [workshop_id, workshop_id])
            self.log(cur, workshop_id, actor_id, "themes.suggested", themes=len(groups))
            return theme_ids
        return self.write(work, contended=True)

    @staticmethod
    def _require_themes(cur: Cursor, workshop_id: int, theme_ids: Sequence[int]) -> None:
        wanted = set(theme_ids)
        found = {r[0] for r in cur.execute(
            "SELECT id FROM themes WHERE workshop_id = ? AND list_contains(?, id)",
            [workshop_id, sorted(wanted)]).fetchall()}
        if wanted - found:
            raise UnknownItem("theme", min(wanted - found))

    @staticmethod
    def _require_free_name(cur: Cursor, workshop_id: int, name: str, but: int | None) -> None:
        taken = cur.execute("SELECT 1 FROM themes WHERE workshop_id = ? AND lower(name) = "
                            "lower(?) AND id IS DISTINCT FROM ?",
                            [workshop_id, name, but]).fetchone()
        if taken is not None:
            raise InvalidInput(f"There is already a theme called “{name}”.")

    def rename_theme(self, workshop_id: int, actor_id: int | None, theme_id: int,
                     name: str) -> None:
        """Give a theme a person's name (kept when themes are suggested again)."""
        def work(cur: Cursor) -> None:
            self._require_themes(cur, workshop_id, [theme_id])
            self._require_free_name(cur, workshop_id, name, theme_id)
            cur.execute("UPDATE themes SET name = ?, named = true WHERE id = ?", [name, theme_id])
            self.log(cur, workshop_id, actor_id, "theme.renamed", theme_id=theme_id, name=name)
        self.write(work, contended=True)

    def move_idea(self, workshop_id: int, actor_id: int | None, idea_id: int,
                  theme_id: int | None) -> None:
        """Put a live idea in a theme (None: in no theme), pinned there for later suggestions."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, [idea_id])
            if theme_id is not None:
                self._require_themes(cur, workshop_id, [theme_id])
            cur.execute("INSERT INTO idea_themes VALUES (?, ?, ?, true) ON CONFLICT (idea_id) "
                        "DO UPDATE SET workshop_id = excluded.workshop_id, "
                        "theme_id = excluded.theme_id, pinned = excluded.pinned",
                        [idea_id, workshop_id, theme_id])
            self.log(cur, workshop_id, actor_id, "theme.idea_moved", idea_id=idea_id,
                     theme_id=theme_id)
        self.write(work, contended=True)

    def join_themes(self, workshop_id: int, actor_id: int | None, keep_id: int,
                    other_ids: Sequence[int]) -> None:
        """Fold ``other_ids`` into ``keep_id``: their ideas move (all pinned there), they go."""
        others = [int(t) for t in other_ids]

        def work(cur: Cursor) -> None:
            self._require_themes(cur, workshop_id, [keep_id, *others])
            cur.execute("UPDATE idea_themes SET theme_id = ?, pinned = true "
                        "WHERE list_contains(?, theme_id)", [keep_id, [keep_id, *others]])
            cur.execute("UPDATE themes SET named = true WHERE id = ?", [keep_id])
            cur.execute("DELETE FROM themes WHERE list_contains(?, id)", [others])
            self.log(cur, workshop_id, actor_id, "themes.joined", keep_id=keep_id,
                     joined=others)
        self.write(work, contended=True)

    def split_theme(self, workshop_id: int, actor_id: int | None, theme_id: int,
                    idea_ids: Sequence[int], name: str) -> int:
        """Move ``idea_ids`` (all in ``theme_id``) to a new theme called ``name``, pinned
        there; return the new theme's id."""
        ids = [int(i) for i in idea_ids]

        def work(cur: Cursor) -> int:
            self._require_themes(cur, workshop_id, [theme_id])
            self._require_ideas(cur, workshop_id, ids)
            inside = {r[0] for r in cur.execute(
                "SELECT idea_id FROM idea_themes WHERE theme_id = ? AND list_contains(?, "
                "idea_id)", [theme_id, ids]).fetchall()}
            if set(ids) - inside:
                raise InvalidInput("Only ideas of the theme being split can move out of it.")
            left = cur.execute("SELECT count(*) FROM idea_themes a JOIN ideas i ON i.id = "
                               "a.idea_id WHERE a.theme_id = ? AND i.merged_into IS NULL",
                               [theme_id]).fetchone()[0]
            if left <= len(inside):
                raise InvalidInput("Leave at least one idea in the theme; to give all of them "
                                   "a new name, rename the theme instead.")
            self._require_free_name(cur, workshop_id, name, None)
            new_id = int(cur.execute(
                "INSERT INTO themes (workshop_id, name, named) VALUES (?, ?, true) RETURNING id",
                [workshop_id, name]).fetchone()[0])
            cur.execute("UPDATE idea_themes SET theme_id = ?, pinned = true "
                        "WHERE list_contains(?, idea_id)", [new_id, ids])
            self.log(cur, workshop_id, actor_id, "theme.split", theme_id=theme_id,
                     new_theme_id=new_id, idea_ids=ids)
            return new_id
        return self.write(work, contended=True)
