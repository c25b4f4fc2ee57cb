"""The similar-ideas part of the ``Store`` interface: idea vectors per engine, and notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import pandas as pd


class VectorStore(Protocol):
    """Vectors cached per idea and engine, and notes people add to ideas (Store inherits it)."""

    def add_idea_note(self, workshop_id: int, author_id: int | None, idea_id: int,
                      text: str) -> int:
        """Append a note (another wording, a variant) to a live idea; return its id."""

    def idea_notes(self, workshop_id: int) -> pd.DataFrame:
        """idea_id, text, author and created_at of notes, under the live idea they belong to."""

    def idea_vectors(self, workshop_id: int, engine: str) -> pd.DataFrame:
        """idea_id, text_hash and vector of the workshop's live ideas with one from ``engine``."""

    def save_idea_vectors(self, rows: Sequence[tuple[int, str, str, Sequence[float]]]) -> None:
        """Insert or replace (idea_id, engine, text_hash, vector) rows in one write."""
