"""Per-process store and per-session identity: which workshop is open and who you are.

Free-mode workshops: you name yourself and that name is your participant (get-or-create).
Live workshops: you hold a *seat* — a participant id and its rejoin token — obtained by
joining with the code. The seat is kept in an HttpOnly cookie (``router.SEAT_COOKIE``), so it
follows every page and survives reloads and server restarts without the token ever being in
the address bar; the personal rejoin link (``?code=…&me=…``) brings a person back on another
device: opening it restores the seat, sets the cookie and drops ``me`` from the address.
Every failure (wrong code, wrong token, closed workshop) gets one answer, and failures are
throttled per client address and per code across sessions (``services.throttle``).
Live workshops are invisible to sessions without a seat.
"""

from __future__ import annotations

import secrets
import time

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.models import (
    NAME_MAX,
    Participant,
    StoreFailure,
    UnknownCode,
    UnknownItem,
    UnknownWorkshop,
    WorkbenchError,
    Workshop,
)
from workbench.domain.safe_text import md
from workbench.domain.secrets import normalise_code
from workbench.domain.validate import clean_text
from workbench.services.throttle import REGISTRY, address_key, code_key
from workbench.store import Store, default_path, open_store
from workbench.ui.links import public_base
from workbench.ui.router import SEAT_COOKIE, set_seat_cookie, store_unavailable

FAILURE = ("No workshop with that code or link: it may be mistyped or no longer valid, or "
           "the workshop is closed. Check it with your facilitator.")
LOOPBACK = {None, "", "127.0.0.1", "::1", "localhost"}


class Refused(WorkbenchError):
    """A join or rejoin that did not work, or came too soon after ones that did not."""


@st.cache_resource(show_spinner="Opening the workshop database…")
def _open_store(path: str) -> Store:
    store = open_store(path, share_reads=True)
    services.ensure_demo_workshop(store)
    return store


def get_store() -> Store:
    """The process-wide store for $WORKBENCH_DB; a page saying how to fix it if it won't open."""
    path = str(default_path())
    try:
        return _open_store(path)
    except StoreFailure as exc:
        store_unavailable(path, exc)
    except OSError as exc:  # e.g. the folder cannot be created
        store_unavailable(path, exc)


def seats() -> dict[int, dict]:
    """This session's seats in live workshops: workshop id -> {participant_id, token}."""
    return st.session_state.setdefault("_seats", {})


def take_seat(seat: services.Seat) -> None:
    """Remember a seat, open its workshop and keep it for this browser (an HttpOnly cookie).

    The address bar gets the workshop's public code only, never the rejoin token.
    """
    _seat(seat.workshop.id, seat.participant.id, seat.rejoin_token)
    st.query_params["code"] = seat.workshop.join_code or ""
    st.query_params.pop("me", None)
    st.session_state["_seat_cookie"] = f"{seat.workshop.join_code}.{seat.rejoin_token}"


def _seat(workshop_id: int, participant_id: int, token: str) -> None:
    seats()[workshop_id] = {"participant_id": participant_id, "token": token}
    select_workshop(workshop_id)
    st.session_state["_last_seat"] = workshop_id


def rejoin_link(workshop: Workshop) -> str | None:
    """This session's personal rejoin link for ``workshop`` (for another device), if seated."""
    seat = seats().get(workshop.id)
    base = public_base()
    return f"{base}/?code={workshop.join_code}&me={seat['token']}" if seat else None


def client_address() -> str | None:
    """Who is asking: the connection's address, or a local proxy's X-Forwarded-For.

    None means the local machine. Without any client information (AppTest, bare mode) the
    session stands in for the address.
    """
    address = st.context.ip_address
    if address is not None and not isinstance(address, str):
        return "session:" + st.session_state.setdefault("_client", secrets.token_hex(8))
    if address in LOOPBACK:
        forwarded = st.context.headers.get("X-Forwarded-For")
        forwarded = forwarded.split(",")[0].strip() if isinstance(forwarded, str) else ""
        return forwarded or None
    return address


def throttle_wait(code: str | None = None) -> float:
    """Seconds this client must wait before trying a code (and, for a rejoin, this code)."""
    keys = [address_key(client_address())] + ([code_key(code)] if code else [])
    return REGISTRY.wait(keys, time.time())


def record_failure(code: str | None = None) -> None:
    """Count a failed join or rejoin against this client (and the code, for a rejoin)."""
    keys = [address_key(client_address())] + ([code_key(code)] if code else [])
    REGISTRY.fail(keys, time.time())


def join_by_code(store: Store, code: object, name: object) -> services.Seat:
    """Join with a code: one answer for a wrong code or a closed workshop, throttled."""
    wait = throttle_wait()
    if wait > 0:
        raise Refused(f"Too many wrong codes. Try again in {wait:.0f} s.")
    name_ = clean_text(name, "Display name", NAME_MAX)  # before the code: no oracle
    normalised = normalise_code(code)
    workshop = store.workshop_by_code(normalised) if normalised else None
    if workshop is None or workshop.status != "active" or (
            workshop.live and workshop.phase == "closed"):
        record_failure()
        raise Refused(FAILURE)
    try:
        return services.join_with_code(store, normalised, name_)
    except (UnknownCode, UnknownWorkshop) as exc:  # deleted or closed meanwhile
        record_failure()
        raise Refused(FAILURE) from exc


def restore_seat_from_url(store: Store) -> None:
    """Restore a seat from ``?code=…&me=…`` (then drop ``me``) or, once, from the cookie."""
    token = st.query_params.get("me")
    if token:
        del st.query_params["me"]  # the token never stays in the address bar
        code = normalise_code(st.query_params.get("code"))
        if any(s["token"] == token for s in seats().values()):
            pass
        elif _rejoin(store, code, token):
            st.session_state["_seat_cookie"] = f"{code}.{token}"
        else:
            st.warning(FAILURE, icon=":material/error:")
    elif not st.session_state.get("_cookie_read"):
        st.session_state["_cookie_read"] = True
        raw = st.context.cookies.get(SEAT_COOKIE)
        code, _, token = (raw if isinstance(raw, str) else "").partition(".")
        code = normalise_code(code)
        if code and token and not any(s["token"] == token for s in seats().values()):
            url_code, chosen = (normalise_code(st.query_params.get("code")),
                                st.session_state.get("workshop_id"))
            if _rejoin(store, code, token, gated=False) and url_code and url_code != code:
                select_workshop(chosen)  # the address names another workshop: keep it open
    pending = st.session_state.pop("_seat_cookie", None)
    if pending:
        with st.sidebar:
            set_seat_cookie(pending)


def _rejoin(store: Store, code: str | None, token: str, *, gated: bool = True) -> bool:
    """Seat this session from a code + rejoin token; False (counted) if not valid.

    A link is refused unseen while its address or code is throttled. The cookie is not gated:
    our own HttpOnly cookie is how people stay seated, and a room behind one address must not
    lose its seats to someone else's typos (a forged cookie still counts, and says nothing).
    """
    if gated and throttle_wait(code) > 0:
        return False
    workshop = store.workshop_by_code(code) if code else None
    try:
        if workshop is None:
            raise UnknownWorkshop(0)
        participant = services.rejoin(store, workshop.id, token)
    except WorkbenchError:
        record_failure(code)
        return False
    _seat(workshop.id, participant.id, token)
    return True


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
            st.error(md(f"{exc} Nothing you just submitted was saved."),
                     icon=":material/error:")
            st.button("Continue", type="primary")
            st.stop()
        select_workshop(None)
    last = st.session_state.get("_last_seat")
    if last in seats():  # someone who has joined is never dropped into another workshop
        try:
            workshop = store.get_workshop(last)
            select_workshop(workshop.id)
            return workshop
        except UnknownWorkshop:
            seats().pop(last, None)
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
            st.error(md(exc), icon=":material/error:")
            return None
    return cache[key]
