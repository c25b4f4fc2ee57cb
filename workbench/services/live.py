"""Live workshops: join codes, seats and rejoin tokens, the facilitator key."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.domain.models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    TITLE_MAX,
    InvalidInput,
    InvalidToken,
    NameTaken,
    Participant,
    UnknownCode,
    UnknownItem,
    UnknownWorkshop,
    Workshop,
)
from workbench.domain.secrets import hash_secret, new_secret, normalise_code, secret_matches
from workbench.domain.validate import (
    clean_text,
)
from workbench.services.authority import authorise
from workbench.services.workshops import create_with_code
from workbench.store import Store


@dataclass(frozen=True)
class Seat:
    """Who someone is in a workshop, and the secret that brings them back."""

    workshop: Workshop
    participant: Participant
    rejoin_token: str


@dataclass(frozen=True)
class LiveStart:
    """A new live workshop: the facilitator's seat and the key shown to them once."""

    seat: Seat
    facilitator_key: str


def start_live_workshop(store: Store, title: object, goal: object,
                        facilitator_name: object) -> LiveStart:
    """Create a live workshop; its creator joins as facilitator and gets the key once."""
    title_ = clean_text(title, "Workshop title", TITLE_MAX)
    goal_ = clean_text(goal, "Goal", DESCRIPTION_MAX, required=False, multiline=True)
    name = clean_text(facilitator_name, "Your name", NAME_MAX)
    key = new_secret()
    workshop_id = create_with_code(store, title_, goal_, live=True,
                                   facilitator_key_hash=hash_secret(key))
    token = new_secret()
    participant = store.join_participant(workshop_id, name, hash_secret(token),
                                         is_facilitator=True)
    if participant is None:  # a brand-new workshop has no names yet: only a racing delete
        raise UnknownWorkshop(workshop_id)
    store.update_workshop(workshop_id, participant.id, phase="needs")
    return LiveStart(Seat(store.get_workshop(workshop_id), participant, token), key)


def go_live(store: Store, workshop_id: int, actor_id: int) -> LiveStart:
    """Turn a free-mode workshop into a live one run by ``actor_id``, with a new key."""
    workshop = store.get_workshop(workshop_id)
    if workshop.live:
        authorise(store, workshop, actor_id, "facilitate")
    elif store.get_participant(actor_id).workshop_id != workshop_id:
        raise InvalidToken("You are not a participant of this workshop.")
    key, token = new_secret(), new_secret()
    store.update_workshop(workshop_id, actor_id, live=True,
                          facilitator_key_hash=hash_secret(key))
    store.grant_facilitator(workshop_id, actor_id)
    store.set_rejoin_token(actor_id, hash_secret(token))
    return LiveStart(Seat(store.get_workshop(workshop_id), store.get_participant(actor_id),
                          token), key)


def join_with_code(store: Store, code: object, name: object) -> Seat:
    """Join the workshop with this code under a display name unique in that workshop."""
    normalised = normalise_code(code)
    workshop = store.workshop_by_code(normalised) if normalised else None
    if workshop is None or workshop.status != "active":
        raise UnknownCode()
    name_ = clean_text(name, "Display name", NAME_MAX)
    if workshop.live and workshop.phase == "closed":
        raise InvalidInput("This workshop is closed; new people cannot join it.")
    token = new_secret()
    participant = store.join_participant(workshop.id, name_, hash_secret(token))
    if participant is None:
        raise NameTaken(f"Someone here already goes by “{name_}”. Pick another name — or, if "
                        "that is you, open your personal rejoin link.")
    return Seat(workshop, participant, token)


def rejoin(store: Store, workshop_id: int, token: object) -> Participant:
    """The participant this rejoin token belongs to, in this workshop only."""
    if not isinstance(token, str) or not token:
        raise InvalidToken("That rejoin link is not valid for this workshop.")
    participant = store.participant_by_token(workshop_id, hash_secret(token))
    if participant is None:
        raise InvalidToken("That rejoin link is not valid for this workshop.")
    return participant


def claim_facilitator(store: Store, workshop_id: int, participant_id: int, key: object) -> None:
    """Make a participant facilitator if they hold the workshop's facilitator key."""
    if not secret_matches(key, store.facilitator_key_hash(workshop_id)):
        raise InvalidToken("That facilitator key is not valid for this workshop.")
    store.grant_facilitator(workshop_id, participant_id)


def heartbeat(store: Store, workshop_id: int, participant_id: int) -> None:
    """Mark a participant of this workshop as present now (anyone else: nothing happens)."""
    try:
        participant = store.get_participant(participant_id)
    except UnknownItem:
        return  # removed from the workshop meanwhile: nothing to mark
    if participant.workshop_id == workshop_id:
        store.heartbeat(participant_id)
