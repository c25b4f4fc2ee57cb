"""The themes part of the ``Store`` interface: suggested groups of ideas and people's fixes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import pandas as pd


class ThemeStore(Protocol):
    """Themes of a workshop and each live idea's theme (Store inherits it)."""

    def themes(self, workshop_id: int) -> pd.DataFrame:
        """id, name, named (a person gave the name) and ideas (live ideas in it), by name."""

    def idea_themes(self, workshop_id: int) -> pd.DataFrame:
        """idea_id, theme_id, theme (its name) and pinned of live ideas that have a row."""

    def wall_themes(self, workshop_id: int) -> dict[str, str]:
        """Theme name by title of the live ideas in a theme (the idea wall's labels)."""

    def apply_theme_suggestion(self, workshop_id: int, actor_id: int | None,
                               groups: Sequence[tuple[str, Sequence[int]]]) -> list[int]:
        """Replace unpinned assignments with ``groups`` (name, idea ids) in one write; a group
        named like a person-named theme goes into it. Pinned ideas and named themes stay;
        unnamed themes left empty go. Return the theme id per group."""

    def rename_theme(self, workshop_id: int, actor_id: int | None, theme_id: int,
                     name: str) -> None:
        """Give a theme a person's name (kept when themes are suggested again)."""

    def move_idea(self, workshop_id: int, actor_id: int | None, idea_id: int,
                  theme_id: int | None) -> None:
        """Put a live idea in a theme (None: in no theme), pinned there for later suggestions."""

    def join_themes(self, workshop_id: int, actor_id: int | None, keep_id: int,
                    other_ids: Sequence[int]) -> None:
        """Fold ``other_ids`` into ``keep_id``: their ideas move (all pinned there), they go."""

    def split_theme(self, workshop_id: int, actor_id: int | None, theme_id: int,
                    idea_ids: Sequence[int], name: str) -> int:
        """Move ``idea_ids`` (all in ``theme_id``) to a new theme called ``name``, pinned
        there; return the new theme's id."""
