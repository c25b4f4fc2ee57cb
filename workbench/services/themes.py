"""Themes: suggest groups of a workshop's ideas, and let people rename, move, join and split."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from workbench.domain.models import NAME_MAX, InvalidInput
from workbench.domain.validate import clean_id, clean_text
from workbench.services.authority import gate
from workbench.services.similarity import live_vectors
from workbench.similarity.themes import MIN_IDEAS
from workbench.similarity.themes import suggest_themes as _group
from workbench.store import Store

THEME_NAME_MAX = NAME_MAX


def default_theme_count(n_ideas: int) -> int:
    """A starting number of themes for ``n_ideas`` ideas: about √n, at least 2."""
    return max(1, min(n_ideas, max(2, round(math.sqrt(n_ideas)))))


def _name(value: object) -> str:
    return clean_text(value, "Theme name", THEME_NAME_MAX)


def _count(value: object, n_ideas: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise InvalidInput("The number of themes must be a whole number.")
    if not 1 <= int(value) <= n_ideas:
        raise InvalidInput(f"The number of themes must be between 1 and {n_ideas}.")
    return int(value)


def _kept_names(groups: list[list[int]], current: dict[int, int],
                named: dict[int, str]) -> dict[int, str]:
    """Group index → name of a person-named theme most of whose ideas are in that group
    (a group claimed by two named themes goes to the one with more ideas in it)."""
    claims: list[tuple[int, int, str]] = []
    for theme_id, name in named.items():
        members = {i for i, t in current.items() if t == theme_id}
        if not members:
            continue
        overlap = [len(members & set(g)) for g in groups]
        best = max(range(len(groups)), key=overlap.__getitem__)
        if overlap[best] * 2 > len(members):
            claims.append((overlap[best], best, name))
    kept: dict[int, str] = {}
    for _, group, name in sorted(claims, reverse=True):
        kept.setdefault(group, name)
    return kept


def suggest_themes(store: Store, workshop_id: int, actor_id: int | None,
                   granularity: object) -> int:
    """Group the live ideas into about ``granularity`` themes by meaning; pinned ideas keep
    their theme and renamed themes their name. Return the number of themes suggested."""
    gate(store, workshop_id, actor_id, "themes")
    live = store.list_ideas(workshop_id)
    if len(live) < MIN_IDEAS:
        raise InvalidInput(f"Themes need at least {MIN_IDEAS} ideas; there are {len(live)}.")
    n_themes = _count(granularity, len(live))
    # Vectors are computed (and cached) only once the request is known to be valid.
    ideas, vectors = live_vectors(store, workshop_id)
    described = live.set_index("id")["description"].to_dict()
    ids = ideas["id"].astype(int).tolist()
    texts = [f"{t} {described.get(i, '')}" for i, t in zip(ids, ideas["title"], strict=True)]
    found = _group(texts, vectors, n_themes)
    groups = [[ids[k] for k in range(len(ids)) if found.labels[k] == g]
              for g in range(len(found.names))]
    themes = store.themes(workshop_id)
    named = {int(t): str(n) for t, n, f in
             zip(themes["id"], themes["name"], themes["named"], strict=True) if f}
    assigned = store.idea_themes(workshop_id).dropna(subset=["theme_id"])
    current = dict(zip(assigned["idea_id"].astype(int), assigned["theme_id"].astype(int),
                       strict=True))
    kept = _kept_names(groups, current, named)
    taken = Counter(n.casefold() for n in named.values())
    names = []
    for g, name in enumerate(found.names):
        if g in kept:
            names.append(kept[g])
            continue
        # A suggested name equal to a named theme's (or another suggestion's) would land its
        # ideas there: number it instead.
        unique, k = name, 1
        while taken[unique.casefold()]:
            k += 1
            unique = f"{name} ({k})"
        taken[unique.casefold()] += 1
        names.append(unique)
    store.apply_theme_suggestion(workshop_id, actor_id, list(zip(names, groups, strict=True)))
    return len(groups)


def rename_theme(store: Store, workshop_id: int, actor_id: int | None, theme_id: object,
                 name: object) -> None:
    """Give a theme a name of your own; it is kept when themes are suggested again."""
    tid, name_ = clean_id(theme_id, "Theme"), _name(name)
    gate(store, workshop_id, actor_id, "themes")
    store.rename_theme(workshop_id, actor_id, tid, name_)


def move_idea(store: Store, workshop_id: int, actor_id: int | None, idea_id: object,
              theme_id: object | None) -> None:
    """Put an idea in another theme (None: in no theme); it stays there on re-suggesting."""
    iid = clean_id(idea_id, "Idea")
    tid = None if theme_id is None else clean_id(theme_id, "Theme")
    gate(store, workshop_id, actor_id, "themes")
    store.move_idea(workshop_id, actor_id, iid, tid)


def join_themes(store: Store, workshop_id: int, actor_id: int | None,
                theme_ids: Sequence[object]) -> int:
    """Join two or more themes into the first one (its ideas then stay together); return it."""
    ids = list(dict.fromkeys(clean_id(t, "Themes to join") for t in theme_ids))
    if len(ids) < 2:
        raise InvalidInput("Choose at least two themes to join.")
    gate(store, workshop_id, actor_id, "themes")
    store.join_themes(workshop_id, actor_id, ids[0], ids[1:])
    return ids[0]


def split_theme(store: Store, workshop_id: int, actor_id: int | None, theme_id: object,
                idea_ids: Sequence[object], name: object) -> int:
    """Move some ideas of a theme into a new theme called ``name``; return its id."""
    tid = clean_id(theme_id, "Theme")
    ids = list(dict.fromkeys(clean_id(i, "Ideas to split off") for i in idea_ids))
    if not ids:
        raise InvalidInput("Choose the ideas that go into the new theme.")
    name_ = _name(name)
    gate(store, workshop_id, actor_id, "themes")
    return store.split_theme(workshop_id, actor_id, tid, ids, name_)
