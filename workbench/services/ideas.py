"""Adding, editing, deleting, shortlisting, merging and unmerging ideas."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from workbench.domain.models import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    InvalidInput,
    UnknownItem,
    WorkbenchError,
)
from workbench.domain.validate import (
    clean_id,
    clean_text,
    split_bulk_lines,
    unique_ids,
)
from workbench.services.authority import gate
from workbench.store import Store


def add_idea(store: Store, workshop_id: int, author_id: int | None, title: object,
             description: object = "", need_ids: Iterable[object] = ()) -> int:
    """Add one idea tagged to zero or more needs."""
    gate(store, workshop_id, author_id, "add_idea")
    title_ = clean_text(title, "Idea title", TITLE_MAX)
    description_ = clean_text(description, "Description", DESCRIPTION_MAX, required=False,
                              multiline=True)
    return store.add_ideas(workshop_id, author_id, [(title_, description_)],
                           unique_ids(need_ids, "Needs"))[0]


def add_ideas_bulk(store: Store, workshop_id: int, author_id: int | None, text: object,
                   need_ids: Iterable[object] = ()) -> list[int]:
    """Add one idea per pasted line, all tagged to ``need_ids``; all or nothing."""
    gate(store, workshop_id, author_id, "add_idea")
    titles = split_bulk_lines(text, TITLE_MAX)
    return store.add_ideas(workshop_id, author_id, [(t, "") for t in titles],
                           unique_ids(need_ids, "Needs"))


def _own_idea(store: Store, workshop_id: int, actor_id: int | None, idea_id: int, *,
              facilitator_may: bool = False) -> None:
    gate(store, workshop_id, actor_id, "edit_idea")
    idea = store.get_idea(idea_id)
    if idea.workshop_id != workshop_id or idea.merged_into is not None:
        raise UnknownItem("idea", idea_id)
    live = store.get_workshop(workshop_id).live
    if set(idea.merged_author_ids) - {actor_id}:
        # A merge made the idea everyone's whose idea went into it: in a live workshop only
        # the facilitator (who merged it) may change or delete it.
        if live:
            gate(store, workshop_id, actor_id, "delete_others_idea")
            return
        if actor_id == idea.author_id or actor_id in idea.merged_author_ids:
            return  # free mode: any of its authors
        raise WorkbenchError("You can only change ideas you added yourself.")
    if idea.author_id == actor_id:
        return
    if facilitator_may and live:
        gate(store, workshop_id, actor_id, "delete_others_idea")
        return
    raise WorkbenchError("You can only change ideas you added yourself.")


def edit_idea(store: Store, workshop_id: int, actor_id: int | None, idea_id: int,
              title: object, description: object, need_ids: Iterable[object]) -> None:
    """Edit one of your own ideas (title, description, needs)."""
    title_ = clean_text(title, "Idea title", TITLE_MAX)
    description_ = clean_text(description, "Description", DESCRIPTION_MAX, required=False,
                              multiline=True)
    needs = unique_ids(need_ids, "Needs")
    _own_idea(store, workshop_id, actor_id, idea_id)
    store.update_idea(workshop_id, actor_id, idea_id, title_, description_, needs)


def delete_idea(store: Store, workshop_id: int, actor_id: int | None, idea_id: int) -> None:
    """Delete one of your own ideas (a live workshop's facilitator may delete anyone's)."""
    _own_idea(store, workshop_id, actor_id, idea_id, facilitator_may=True)
    store.delete_idea(workshop_id, actor_id, idea_id)


def set_shortlist(store: Store, workshop_id: int, actor_id: int | None,
                  idea_ids: Iterable[object]) -> None:
    """Make exactly these ideas the shortlist that goes forward to scoring."""
    gate(store, workshop_id, actor_id, "shortlist")
    store.set_shortlist(workshop_id, actor_id, unique_ids(idea_ids, "Shortlist"))


def merge_ideas(store: Store, workshop_id: int, actor_id: int | None,
                idea_ids: Sequence[object], title: object, description: object = "") -> int:
    """Merge two or more ideas into the first one; return the surviving idea's id."""
    gate(store, workshop_id, actor_id, "merge")
    ids = list(dict.fromkeys(clean_id(i, "Ideas to merge") for i in idea_ids))
    if len(ids) < 2:
        raise InvalidInput("Choose at least two ideas to merge.")
    title_ = clean_text(title, "Merged title", TITLE_MAX)
    description_ = clean_text(description, "Merged description", DESCRIPTION_MAX,
                              required=False, multiline=True)
    store.merge_ideas(workshop_id, actor_id, ids[0], ids[1:], title_, description_)
    return ids[0]


def unmerge_ideas(store: Store, workshop_id: int, actor_id: int | None,
                  merge_id: object) -> dict[str, Any]:
    """Undo a merge (the latest into its idea first): the originals come back with their tags,
    votes and scores; scores given to the kept idea since stay with it."""
    merge = clean_id(merge_id, "Merge")
    gate(store, workshop_id, actor_id, "unmerge")
    return store.unmerge(workshop_id, actor_id, merge)
