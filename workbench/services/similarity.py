"""Ideas that look alike: look-alikes of a typed title, and groups of likely duplicates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.domain.models import TITLE_MAX
from workbench.domain.validate import clean_text
from workbench.similarity import EngineStatus, best_matches, connected_groups, engine
from workbench.similarity import engine_status as _engine_status
from workbench.store import Store


@dataclass(frozen=True)
class Match:
    """An existing idea that looks like a text, with the similarity (0–1)."""

    idea_id: int
    title: str
    score: float


@dataclass(frozen=True)
class Group:
    """Live ideas that look like the same idea, strongest link first, and its similarity."""

    idea_ids: tuple[int, ...]
    score: float


def engine_status() -> EngineStatus:
    """Which engine finds look-alikes, and in words why if it is the lexical fallback."""
    return _engine_status()


def _live_vectors(store: Store, workshop_id: int) -> tuple[pd.DataFrame, np.ndarray]:
    ideas = store.list_ideas(workshop_id)[["id", "title"]].reset_index(drop=True)
    return ideas, engine().embed([str(t) for t in ideas["title"]])


def similar_to(store: Store, workshop_id: int, text: object, limit: int = 3,
               exclude_id: int | None = None) -> list[Match]:
    """Up to ``limit`` live ideas of the workshop that look like ``text``, best first."""
    query = clean_text(text, "Idea title", TITLE_MAX)
    ideas, vectors = _live_vectors(store, workshop_id)
    if exclude_id is not None:
        keep = (ideas["id"] != exclude_id).to_numpy()
        ideas, vectors = ideas[keep].reset_index(drop=True), vectors[keep]
    found = best_matches(engine().embed([query])[0], vectors, engine().threshold, limit)
    return [Match(int(ideas.at[k, "id"]), str(ideas.at[k, "title"]), round(score, 3))
            for k, score in found]


def duplicate_groups(store: Store, workshop_id: int, limit: int = 20) -> list[Group]:
    """Groups of live ideas whose titles look alike (linked pairs join), best first."""
    ideas, vectors = _live_vectors(store, workshop_id)
    ids = ideas["id"].astype(int).tolist()
    return [Group(tuple(ids[k] for k in rows), round(score, 3))
            for rows, score in connected_groups(vectors, engine().threshold)[:limit]]
