"""Creating, renaming, archiving and joining workshops (free mode)."""

from __future__ import annotations

from workbench.domain.models import (
    DEFAULT_CRITERIA,
    DESCRIPTION_MAX,
    NAME_MAX,
    TITLE_MAX,
    Conflict,
    InvalidInput,
    Participant,
)
from workbench.domain.secrets import new_join_code
from workbench.domain.validate import (
    clean_text,
)
from workbench.services.authority import gate
from workbench.store import Store


def create_with_code(store: Store, title: str, goal: str, *, is_demo: bool = False,
                     live: bool = False, facilitator_key_hash: str | None = None) -> int:
    """Insert a workshop with a fresh unique join code (retried on the rare collision)."""
    for _ in range(10):
        try:
            return store.create_workshop(title, goal, is_demo=is_demo, criteria=DEFAULT_CRITERIA,
                                         join_code=new_join_code(), live=live,
                                         facilitator_key_hash=facilitator_key_hash)
        except Conflict:  # another workshop took the same code a moment ago
            continue
    raise RuntimeError("could not find an unused join code")


def create_workshop(store: Store, title: object, goal: object = "") -> int:
    """Create a free-mode workshop with the default criteria (impact ↑, cost ↓, feasibility ↑)."""
    return create_with_code(store, clean_text(title, "Workshop title", TITLE_MAX),
                            clean_text(goal, "Goal", DESCRIPTION_MAX, required=False,
                                       multiline=True))


def edit_workshop(store: Store, workshop_id: int, actor_id: int | None, title: object,
                  goal: object) -> None:
    """Rename a workshop and/or change its goal statement."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id,
                          title=clean_text(title, "Workshop title", TITLE_MAX),
                          goal=clean_text(goal, "Goal", DESCRIPTION_MAX, required=False,
                                          multiline=True))


def set_archived(store: Store, workshop_id: int, actor_id: int | None, archived: bool) -> None:
    """Archive (hide from the default list) or restore a workshop."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id, status="archived" if archived else "active")


def join(store: Store, workshop_id: int, name: object) -> Participant:
    """The participant for this display name in a free-mode workshop (created on first use).

    Live workshops are joined with their code and a rejoin token instead: a name alone would
    let anyone take over someone else's identity, the facilitator's included.
    """
    if store.get_workshop(workshop_id).live:
        raise InvalidInput("This is a live workshop: join it with its code on the Join page.")
    return store.ensure_participant(workshop_id, clean_text(name, "Display name", NAME_MAX))


def delete_workshop(store: Store, workshop_id: int, actor_id: int | None) -> None:
    """Delete a workshop for good (free mode: anyone; live: a facilitator only)."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.delete_workshop(workshop_id, actor_id)
