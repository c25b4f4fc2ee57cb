"""Dot voting: placing and taking back dots within the budget and the cap."""

from __future__ import annotations

from workbench.domain.models import (
    InvalidInput,
    VoteRefused,
)
from workbench.domain.validate import (
    clean_id,
)
from workbench.services.authority import gate
from workbench.store import Store


def place_dot(store: Store, workshop_id: int, voter_id: int | None, idea_id: object) -> None:
    """Put one of your dots on a shortlisted idea (budget and cap enforced atomically)."""
    workshop = gate(store, workshop_id, voter_id, "vote")
    if voter_id is None:
        raise InvalidInput("Give your name before voting.")
    refused = store.place_dot(workshop_id, voter_id, clean_id(idea_id, "Idea"),
                              workshop.score_round, workshop.dot_budget, workshop.dot_cap)
    if refused:
        raise VoteRefused(refused)


def remove_dot(store: Store, workshop_id: int, voter_id: int | None, idea_id: object) -> None:
    """Take one of your dots back from an idea."""
    workshop = gate(store, workshop_id, voter_id, "vote")
    if voter_id is None or not store.remove_dot(workshop_id, voter_id,
                                                clean_id(idea_id, "Idea"), workshop.score_round):
        raise VoteRefused("You have no dot on that idea to remove.")
