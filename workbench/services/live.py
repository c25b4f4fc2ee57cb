"""Live workshops: join codes, seats and rejoin tokens, the facilitator key, the projector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workbench.domain.models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    TITLE_MAX,
    InvalidInput,
    InvalidToken,
    NameTaken,
    NotFacilitator,
    Participant,
    UnknownCode,
    UnknownItem,
    UnknownWorkshop,
    WorkbenchError,
    Workshop,
)
from workbench.domain.phases import LABELS, results_visible
from workbench.domain.secrets import hash_secret, new_secret, normalise_code, secret_matches
from workbench.domain.validate import clean_text, name_skeleton
from workbench.engine.scoring import rank_ideas
from workbench.services.authority import ParticipantRemoved, authorise, gate
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


GO_LIVE_RULE = ("Only the person who started this workshop — the first to name themselves in "
                "it — can take it live, or anyone while nobody else has joined it.")


class NotWorkshopOwner(NotFacilitator):
    """Someone other than a free-mode workshop's creator tried to take it live."""

    def __init__(self) -> None:
        WorkbenchError.__init__(self, "Other people already work in this workshop, so only the "
                                "person who started it can take it live. Ask them, or start a "
                                "live workshop of your own on the Join page.")


def go_live(store: Store, workshop_id: int, actor_id: int) -> LiveStart:
    """Turn a free-mode workshop into a live one run by ``actor_id``, with a new key.

    Free mode: only its creator (the first participant) may, or anyone while nobody else has
    joined — otherwise a stranger could take someone's workshop out of their list.
    """
    workshop = store.get_workshop(workshop_id)
    if workshop.live:
        authorise(store, workshop, actor_id, "facilitate")
    else:
        if store.get_participant(actor_id).workshop_id != workshop_id:
            raise InvalidToken("You are not a participant of this workshop.")
        people = store.list_seats(workshop_id)["id"].astype(int).tolist()
        if people and people[0] != actor_id:
            raise NotWorkshopOwner()
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
    if store.is_removed(participant.id):
        raise ParticipantRemoved()
    return participant


def claim_facilitator(store: Store, workshop_id: int, participant_id: int, key: object) -> None:
    """Make a participant facilitator if they hold the workshop's facilitator key."""
    if store.is_removed(participant_id):
        raise ParticipantRemoved()
    if not secret_matches(key, store.facilitator_key_hash(workshop_id)):
        raise InvalidToken("That facilitator key is not valid for this workshop.")
    store.grant_facilitator(workshop_id, participant_id)


def heartbeat(store: Store, workshop_id: int, participant_id: int) -> None:
    """Mark a participant of this workshop as present now (anyone else: nothing happens)."""
    try:
        participant = store.get_participant(participant_id)
    except UnknownItem:
        return  # removed from the workshop meanwhile: nothing to mark
    if participant.workshop_id == workshop_id and not store.is_removed(participant_id):
        store.heartbeat(participant_id)


def reclaim_facilitator_seat(store: Store, code: object, name: object, key: object) -> Seat:
    """A facilitator who lost her seat (no cookie, no link) gets it back with the key and her
    name: the same participant with a fresh rejoin link, not a second one."""
    normalised = normalise_code(code)
    workshop = store.workshop_by_code(normalised) if normalised else None
    if workshop is None or not workshop.live or workshop.status != "active":
        raise UnknownCode()
    wanted = name_skeleton(clean_text(name, "Your name", NAME_MAX))
    # The key first: without it, the answer says nothing about who is in the workshop.
    if not secret_matches(key, store.facilitator_key_hash(workshop.id)):
        raise InvalidToken("That facilitator key is not valid for this workshop.")
    for row in store.list_seats(workshop.id).itertuples():
        if name_skeleton(str(row.name)) == wanted and row.is_facilitator and not row.removed:
            token = new_secret()
            store.replace_rejoin_token(workshop.id, int(row.id), int(row.id), hash_secret(token))
            return Seat(store.get_workshop(workshop.id), store.get_participant(int(row.id)),
                        token)
    raise InvalidToken("No facilitator of this workshop goes by that name. Join with the code "
                       "and a new name, then enter the key to become a facilitator.")


# ---- seat administration (facilitator-only) ------------------------------------------------

def _seat_admin(store: Store, workshop_id: int, actor_id: int | None,
                participant_id: object) -> int:
    """Check a facilitator acts on another present participant of this live workshop."""
    workshop = gate(store, workshop_id, actor_id, "facilitate")
    if not workshop.live:
        raise InvalidInput("Only live workshops have seats to manage.")
    if isinstance(participant_id, bool) or not isinstance(participant_id, int):
        raise InvalidInput("Pick a participant from the list.")
    try:
        participant = store.get_participant(participant_id)
    except UnknownItem:
        raise InvalidInput("That participant is not in this workshop.") from None
    if participant.workshop_id != workshop_id:
        raise InvalidInput("That participant is not in this workshop.")
    if participant_id == actor_id:
        raise InvalidInput("You cannot do that to your own seat.")
    if store.is_removed(participant_id):
        raise InvalidInput(f"{participant.name} has already been removed.")
    return participant_id


def rotate_facilitator_key(store: Store, workshop_id: int, actor_id: int | None) -> str:
    """A new facilitator key (shown once); the old one stops working, facilitators stay."""
    if not gate(store, workshop_id, actor_id, "facilitate").live:
        raise InvalidInput("Only live workshops have a facilitator key.")
    key = new_secret()
    store.rotate_facilitator_key(workshop_id, actor_id, hash_secret(key))
    return key


def reissue_rejoin_link(store: Store, workshop_id: int, actor_id: int | None,
                        participant_id: object) -> str:
    """Revoke a participant's rejoin link and return a new token for the facilitator to pass."""
    who = _seat_admin(store, workshop_id, actor_id, participant_id)
    token = new_secret()
    store.replace_rejoin_token(workshop_id, actor_id, who, hash_secret(token))
    return token


def revoke_rejoin_link(store: Store, workshop_id: int, actor_id: int | None,
                       participant_id: object) -> None:
    """Revoke a participant's rejoin link without issuing a new one."""
    who = _seat_admin(store, workshop_id, actor_id, participant_id)
    store.replace_rejoin_token(workshop_id, actor_id, who, None)


def remove_participant(store: Store, workshop_id: int, actor_id: int | None,
                       participant_id: object) -> None:
    """Remove someone: every service refuses them from now on; their ideas and scores stay."""
    who = _seat_admin(store, workshop_id, actor_id, participant_id)
    store.remove_participant(workshop_id, actor_id, who)


# ---- the projector (public: only what anyone holding the join code may see) -----------------

@dataclass(frozen=True)
class ProjectorView:
    """What the projector shows: no names, no scores before the reveal."""

    title: str
    join_code: str
    live: bool
    phase: str
    timer_ends_at: datetime | None
    timer_label: str | None
    ideas: int
    people: int
    scored: int
    shortlisted: int
    results_shown: bool
    top: tuple[tuple[int, str, float], ...]  # (rank, idea title, score), best first


def projector_view(store: Store, code: object, top_n: int = 5) -> ProjectorView:
    """The public view of the workshop with this join code (UnknownCode if there is none)."""
    normalised = normalise_code(code)
    workshop = store.workshop_by_code(normalised) if normalised else None
    if workshop is None or workshop.status != "active":
        raise UnknownCode()
    seats = store.list_seats(workshop.id)
    present = seats.loc[~seats["removed"].astype(bool), "id"].astype(int)
    progress = store.progress(workshop.id, workshop.score_round)
    progress = progress[progress["id"].astype(int).isin(present)]
    shortlist = store.shortlist(workshop.id)
    shown = results_visible(workshop, False)
    top: tuple[tuple[int, str, float], ...] = ()
    if shown and not shortlist.empty:
        criteria = store.list_criteria(workshop.id)
        try:
            ranking = store.derived(("ranking", workshop.id, workshop.score_round),
                                    lambda: rank_ideas(shortlist, criteria, store.score_means(
                                        workshop.id, workshop.score_round)))
        except WorkbenchError:  # e.g. all weights 0: the Rank page explains it
            ranking = None
        if ranking is not None:
            top = tuple((int(r.rank), str(r.title), float(r.score))
                        for r in ranking.table.head(top_n).itertuples())
    return ProjectorView(
        workshop.title, workshop.join_code or "", workshop.live, LABELS[workshop.phase],
        workshop.timer_ends_at, workshop.timer_label, len(store.wall_rows(workshop.id)),
        len(progress), int((progress["started"] > 0).sum()), len(shortlist), shown, top)
