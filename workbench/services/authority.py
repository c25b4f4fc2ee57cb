"""Who may do what: every service asks here before it writes."""

from __future__ import annotations

from workbench.domain import phases
from workbench.domain.models import (
    InvalidToken,
    NotFacilitator,
    NotJoined,
    PhaseLocked,
    UnknownItem,
    WorkbenchError,
    Workshop,
)
from workbench.store import Store


class ParticipantRemoved(WorkbenchError):
    """The facilitator removed this participant: nothing they send is written any more."""

    def __init__(self) -> None:
        super().__init__("The facilitator removed you from this workshop, so nothing you send "
                         "is saved any more. Your earlier ideas and scores stay. Ask the "
                         "facilitator if you think this is a mistake.")


def authorise(store: Store, workshop: Workshop, actor_id: int | None, action: str) -> bool:
    """Check ``action`` for this person in this phase; return whether they are facilitator."""
    if workshop.status == "archived" and action != "facilitate":
        raise PhaseLocked("This workshop is archived. Restore it on the Workshops page to keep "
                          "working.")
    if not workshop.live:
        return True
    if actor_id is None:
        if action in phases.FACILITATOR_ONLY:
            raise NotFacilitator(phases.FACILITATOR_ONLY[action])
        raise NotJoined()
    participant = store.get_participant(actor_id)
    if participant.workshop_id != workshop.id:
        raise InvalidToken("You are not a participant of this workshop.")
    if store.is_removed(actor_id):
        raise ParticipantRemoved()
    phases.check(workshop, action, participant.is_facilitator)
    return participant.is_facilitator


def gate(store: Store, workshop_id: int, actor_id: int | None, action: str) -> Workshop:
    """Load the workshop and ``authorise``; return the workshop."""
    workshop = store.get_workshop(workshop_id)
    authorise(store, workshop, actor_id, action)
    return workshop


def is_facilitator(store: Store, workshop: Workshop, participant_id: int | None) -> bool:
    """Whether this person may use the facilitator controls (everyone in free mode)."""
    if not workshop.live:
        return True
    if participant_id is None:
        return False
    try:
        participant = store.get_participant(participant_id)
    except UnknownItem:
        return False
    return participant.workshop_id == workshop.id and participant.is_facilitator
