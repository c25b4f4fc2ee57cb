"""Technique cards the facilitator pushes to everyone's Brainstorm, with their timer."""

from __future__ import annotations

from datetime import datetime, timedelta

from workbench.domain.models import InvalidInput
from workbench.domain.techniques import TECHNIQUES, Technique, technique
from workbench.services.authority import gate
from workbench.store import Store


def push_technique(store: Store, workshop_id: int, actor_id: int | None, key: object,
                   with_timer: bool = True) -> Technique:
    """Show a technique card on everyone's Brainstorm and (by default) start a countdown of
    its suggested minutes — one click, one write. Return the card."""
    card = technique(key) if isinstance(key, str) else None
    if card is None:
        raise InvalidInput(f"Choose one of the technique cards: "
                           f"{', '.join(t.name for t in TECHNIQUES.values())}.")
    gate(store, workshop_id, actor_id, "push_technique")
    ends = datetime.now() + timedelta(minutes=card.minutes) if with_timer else None
    store.push_technique(workshop_id, actor_id, card.key, ends, card.name)
    return card


def clear_technique(store: Store, workshop_id: int, actor_id: int | None) -> None:
    """Take the technique card down (a running timer keeps running)."""
    gate(store, workshop_id, actor_id, "push_technique")
    store.push_technique(workshop_id, actor_id, None, None, None)


def pushed_technique(store: Store, workshop_id: int) -> Technique | None:
    """The card pushed to Brainstorm, if any."""
    return technique(store.pushed_technique(workshop_id))
