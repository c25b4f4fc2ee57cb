"""Ideas that look alike: look-alikes of a typed title, and groups of likely duplicates."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.domain.models import DESCRIPTION_MAX, TITLE_MAX
from workbench.domain.validate import clean_text
from workbench.services.authority import gate
from workbench.similarity import (
    EngineStatus,
    alike_groups,
    best_matches,
    engine,
    number_clash,
    number_key,
    text_hash,
)
from workbench.similarity import engine_status as _engine_status
from workbench.store import Store

NOTE_MAX = DESCRIPTION_MAX


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


# Per store object (weakly: a closed store's entries go with it; an id() could be reused).
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def live_vectors(store: Store, workshop_id: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The live ideas (id, title) and their unit vectors, embedding only new or changed
    texts (one write saves those); kept per process until ideas or vectors change."""
    current = engine()
    mine = _cache.setdefault(store, {})
    key = (workshop_id, current.name, store.versions("ideas", "idea_vectors"))
    if key in mine:
        return mine[key]
    ideas = store.list_ideas(workshop_id)[["id", "title", "description"]].reset_index(drop=True)
    hashes = [text_hash(str(t), str(d)) for t, d in zip(ideas["title"], ideas["description"],
                                                        strict=True)]
    stored = store.idea_vectors(workshop_id, current.name)
    known = dict(zip(stored["idea_id"].astype(int),
                     zip(stored["text_hash"], stored["vector"], strict=True), strict=True))
    ids = ideas["id"].astype(int).tolist()
    stale = [k for k, (i, h) in enumerate(zip(ids, hashes, strict=True))
             if known.get(i, ("",))[0] != h]
    fresh = current.embed([str(ideas.at[k, "title"]) for k in stale])
    if stale:
        store.save_idea_vectors([(ids[k], current.name, hashes[k], fresh[m].tolist())
                                 for m, k in enumerate(stale)])
    matrix = np.zeros((len(ids), fresh.shape[1]), dtype=np.float32)
    for k, i in enumerate(ids):
        if i in known:
            matrix[k] = known[i][1]
    matrix[stale] = fresh
    if len(mine) > 64:
        mine.clear()
    # Keyed by the versions after our own save, so the next call finds it.
    mine[(workshop_id, current.name, store.versions("ideas", "idea_vectors"))] = (
        ideas[["id", "title"]], matrix)
    return ideas[["id", "title"]], matrix


def similar_to(store: Store, workshop_id: int, text: object, limit: int = 3,
               exclude_id: int | None = None) -> list[Match]:
    """Up to ``limit`` live ideas of the workshop that look like ``text``, best first."""
    query = clean_text(text, "Idea title", TITLE_MAX)
    ideas, vectors = live_vectors(store, workshop_id)
    if exclude_id is not None:
        keep = (ideas["id"] != exclude_id).to_numpy()
        ideas, vectors = ideas[keep].reset_index(drop=True), vectors[keep]
    clash = number_clash([number_key(query)], [number_key(str(t)) for t in ideas["title"]])[0]
    found = best_matches(engine().embed([query])[0], vectors, engine().threshold, limit, clash)
    return [Match(int(ideas.at[k, "id"]), str(ideas.at[k, "title"]), round(score, 3))
            for k, score in found]


def duplicate_groups(store: Store, workshop_id: int, limit: int = 20) -> list[Group]:
    """Groups of live ideas that all look alike (every pair in a group), best first."""
    ideas, vectors = live_vectors(store, workshop_id)
    ids = ideas["id"].astype(int).tolist()
    keys = [number_key(str(t)) for t in ideas["title"]]
    found = alike_groups(vectors, engine().threshold, number_clash(keys, keys))
    return [Group(tuple(ids[k] for k in rows), round(score, 3)) for rows, score in found[:limit]]


def add_note(store: Store, workshop_id: int, actor_id: int | None, idea_id: int,
             text: object) -> int:
    """Add your wording to an existing live idea as a note, instead of a duplicate idea."""
    text_ = clean_text(text, "Note", NOTE_MAX, multiline=True)
    gate(store, workshop_id, actor_id, "add_idea")
    return store.add_idea_note(workshop_id, actor_id, idea_id, text_)
