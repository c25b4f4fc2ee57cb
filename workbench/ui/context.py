"""Per-process store and per-session identity: which workshop is open and who you are.

Free-mode workshops: you name yourself and that name is your participant (get-or-create).
Live workshops: you hold a *seat* — a participant id and its rejoin token — obtained by
joining with the code; the token is also put in the URL (``?code=…&me=…``) so a reload or a
returning participant gets the same identity back. Live workshops are invisible to sessions
without a seat.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.models import (
    NAME_MAX,
    Participant,
    UnknownItem,
    UnknownWorkshop,
    WorkbenchError,
    Workshop,
)
from workbench.domain.secrets import normalise_code
from workbench.domain.validate import clean_text
from workbench.store import Store, default_path, open_store


@st.cache_resource(show_spinner="Opening the workshop database…")
def _open_store(path: str) -> Store:
    store = open_store(path, share_reads=True)
    services.ensure_demo_workshop(store)
    return store


def get_store() -> Store:
    """The process-wide store for $WORKBENCH_DB (one DuckDB connection per process)."""
    return _open_store(str(default_path()))


def seats() -> dict[int, dict]:
    """This session's seats in live workshops: workshop id -> {participant_id, token}."""
    return st.session_state.setdefault("_seats", {})


def take_seat(seat: services.Seat) -> None:
    """Remember a seat, open its workshop and put the rejoin link in the URL."""
    seats()[seat.workshop.id] = {"participant_id": seat.participant.id,
                                 "token": seat.rejoin_token}
    select_workshop(seat.workshop.id)
    st.query_params["code"] = seat.workshop.join_code or ""
    st.query_params["me"] = seat.rejoin_token


def restore_seat_from_url(store: Store) -> None:
    """Turn ``?code=…&me=…`` into a seat (a returning participant or a reload)."""
    code = normalise_code(st.query_params.get("code"))
    token = st.query_params.get("me")
    if not code or not token or any(s["token"] == token for s in seats().values()):
        return
    workshop = store.workshop_by_code(code)
    if workshop is None:
        return
    if workshop.id in seats() and seats()[workshop.id]["token"] == token:
        return
    try:
        participant = services.rejoin(store, workshop.id, token)
    except WorkbenchError as exc:
        st.warning(str(exc), icon=":material/error:")
        return
    seats()[workshop.id] = {"participant_id": participant.id, "token": token}
    select_workshop(workshop.id)


def can_see(workshop_row: object) -> bool:
    """Free-mode workshops are listed for everyone; live ones only for their participants."""
    return not bool(workshop_row.live) or int(workshop_row.id) in seats()  # type: ignore


def visible_workshops(store: Store, *, include_archived: bool) -> pd.DataFrame:
    """The workshops this session may list and open, with their counts."""
    return _visible(store.list_workshops(include_archived=include_archived))


def workshop_choices(store: Store) -> pd.DataFrame:
    """The active workshops this session may open (id, title, live, is_demo)."""
    return _visible(store.workshop_choices())


def _visible(frame: pd.DataFrame) -> pd.DataFrame:
    mask = [can_see(r) for r in frame.itertuples()]
    return frame[mask] if len(frame) else frame


def select_workshop(workshop_id: int | None) -> None:
    """Make ``workshop_id`` the open workshop for this session."""
    if workshop_id is None:
        st.session_state.pop("workshop_id", None)
    else:
        st.session_state["workshop_id"] = int(workshop_id)


def current_workshop(store: Store) -> Workshop | None:
    """The open workshop; defaults to the demo (or newest visible) and notices deletions."""
    workshop_id = st.session_state.get("workshop_id")
    if workshop_id is not None:
        try:
            workshop = store.get_workshop(workshop_id)
            if not workshop.live or workshop.id in seats():
                return workshop
        except UnknownWorkshop as exc:
            # Stop this run: whatever the person just submitted was meant for the vanished
            # workshop and must not land in the one we would fall back to.
            seats().pop(workshop_id, None)
            select_workshop(None)
            st.error(f"{exc} Nothing you just submitted was saved.", icon=":material/error:")
            st.button("Continue", type="primary")
            st.stop()
        select_workshop(None)
    active = workshop_choices(store)
    demo_first = active.sort_values("is_demo", ascending=False, kind="stable")
    for workshop_id in demo_first["id"]:
        try:
            workshop = store.get_workshop(int(workshop_id))
        except UnknownWorkshop:  # deleted since the list was read
            continue
        select_workshop(workshop.id)
        return workshop
    return None


def display_name() -> str | None:
    """The name this session goes by in free-mode workshops, if it has given one."""
    return st.session_state.get("display_name") or None


def set_display_name(store: Store, workshop: Workshop | None, name: object) -> None:
    """Validate and remember the session's display name (joining a free-mode workshop)."""
    if workshop is not None and not workshop.live:
        participant = services.join(store, workshop.id, name)
        st.session_state["display_name"] = participant.name
    else:
        st.session_state["display_name"] = clean_text(name, "Display name", NAME_MAX)


def current_participant(store: Store, workshop: Workshop) -> Participant | None:
    """This session's participant in the workshop, or None (not named / not joined)."""
    if workshop.live:
        seat = seats().get(workshop.id)
        if seat is None:
            return None
        try:
            return store.get_participant(seat["participant_id"])
        except UnknownItem:
            seats().pop(workshop.id, None)
            return None
    name = display_name()
    if name is None:
        return None
    cache: dict = st.session_state.setdefault("_participants", {})
    key = (workshop.id, name.casefold())
    if key not in cache:
        try:
            cache[key] = services.join(store, workshop.id, name)
        except WorkbenchError as exc:
            st.error(str(exc), icon=":material/error:")
            return None
    return cache[key]
