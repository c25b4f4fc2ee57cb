"""Live workshops: join codes, rejoin tokens, the facilitator key and the facilitator's controls.

Authority is always decided here, on the server: a facilitator is a participant who proved the
workshop's facilitator key (only its SHA-256 hash is stored). Every control calls ``authorise``
and raises NotFacilitator for anyone else; pages merely hide the buttons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from workbench import phases
from workbench.models import (
    DEFAULT_CRITERIA,
    DESCRIPTION_MAX,
    NAME_MAX,
    PHASES,
    TITLE_MAX,
    InvalidInput,
    InvalidToken,
    NameTaken,
    NotFacilitator,
    NotJoined,
    Participant,
    PhaseLocked,
    UnknownCode,
    UnknownItem,
    VoteRefused,
    Workshop,
)
from workbench.secrets_util import (
    hash_secret,
    new_join_code,
    new_secret,
    normalise_code,
    secret_matches,
)
from workbench.store import Store
from workbench.validate import clean_id, clean_int, clean_text

TIMER_MAX_MINUTES = 180


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


def create_with_code(store: Store, title: str, goal: str, *, is_demo: bool = False,
                     live: bool = False, facilitator_key_hash: str | None = None) -> int:
    """Insert a workshop with a fresh unique join code (retried on the rare collision)."""
    for _ in range(10):
        try:
            return store.create_workshop(title, goal, is_demo=is_demo, criteria=DEFAULT_CRITERIA,
                                         join_code=new_join_code(), live=live,
                                         facilitator_key_hash=facilitator_key_hash)
        except duckdb.ConstraintException:
            continue
    raise RuntimeError("could not find an unused join code")


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
    assert participant is not None  # a brand-new workshop has no names yet
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


# ---- the facilitator's controls --------------------------------------------------------


def set_phase(store: Store, workshop_id: int, actor_id: int | None, phase: object) -> None:
    """Move the workshop to a phase (forward or back); moving to decide reveals results."""
    gate(store, workshop_id, actor_id, "facilitate")
    if phase not in PHASES:
        raise InvalidInput(f"Unknown phase {str(phase)[:20]!r}.")
    fields: dict[str, object] = {"phase": phase}
    if phase == "decide":
        fields["revealed"] = True
    store.update_workshop(workshop_id, actor_id, **fields)


def set_timer(store: Store, workshop_id: int, actor_id: int | None, minutes: object,
              label: object = "") -> None:
    """Start a countdown everyone sees (whole minutes, 1–180)."""
    gate(store, workshop_id, actor_id, "facilitate")
    mins = clean_int(minutes, "Minutes", 1, TIMER_MAX_MINUTES)
    store.update_workshop(workshop_id, actor_id,
                          timer_ends_at=datetime.now() + timedelta(minutes=mins),
                          timer_label=clean_text(label, "Timer label", NAME_MAX, required=False))


def clear_timer(store: Store, workshop_id: int, actor_id: int | None) -> None:
    """Stop the countdown."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id, timer_ends_at=None, timer_label=None)


def set_revealed(store: Store, workshop_id: int, actor_id: int | None, revealed: bool) -> None:
    """Show or hide everyone's aggregated scores and vote totals."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id, revealed=bool(revealed))


def open_next_round(store: Store, workshop_id: int, actor_id: int | None) -> int:
    """Start a re-vote round (scores and dots start empty, hidden again); return its number."""
    workshop = gate(store, workshop_id, actor_id, "facilitate")
    new_round = workshop.score_round + 1
    store.update_workshop(workshop_id, actor_id, score_round=new_round, revealed=False,
                          phase="converge")
    return new_round


def set_dots(store: Store, workshop_id: int, actor_id: int | None, budget: object,
             cap: object = None) -> None:
    """Set the dots each person gets (1–50) and an optional cap per idea (1–budget)."""
    gate(store, workshop_id, actor_id, "facilitate")
    budget_ = clean_int(budget, "Dots per person", 1, 50)
    cap_ = clean_int(cap, "Dots per idea", 1, budget_, required=False) if cap else None
    store.update_workshop(workshop_id, actor_id, dot_budget=budget_, dot_cap=cap_)


def set_anonymous(store: Store, workshop_id: int, actor_id: int | None, anonymous: bool) -> None:
    """Hide (or show) authors' and raters' names from everyone's screens and exports."""
    gate(store, workshop_id, actor_id, "facilitate")
    store.update_workshop(workshop_id, actor_id, anonymous=bool(anonymous))


# ---- dot voting ------------------------------------------------------------------------


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
