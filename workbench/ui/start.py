"""The two first actions of a live workshop: join one with a code, or start one.

Both forms live on the Workshops page (where everyone lands) and the join form also on the
Join page (where invitation links land). One name per person: whatever name this browser
gave last fills every name box.
"""

from __future__ import annotations

import streamlit as st

from workbench import services
from workbench.domain.models import DESCRIPTION_MAX, NAME_MAX, TITLE_MAX, Workshop
from workbench.store import Store
from workbench.ui.context import display_name, join_by_code, take_seat
from workbench.ui.live import next_step
from workbench.ui.widgets import notify, reporting

CONSOLE = "pages/console.py"


def phase_page(workshop: Workshop, is_facilitator: bool) -> str:
    """Where a person who just took a seat goes: the console, or the current phase's page."""
    step = next_step(workshop.phase, workshop.revealed, is_facilitator)
    return step[0] if step is not None else "pages/brainstorm.py"


def _remember_name(name: str) -> None:
    # Fills the other name boxes; a free-mode workshop opened later joins under it.
    st.session_state["display_name"] = name


def join_form(store: Store, prefix: str = "join", code: str = "") -> None:
    """Code + name → a seat, then straight to the page of the workshop's current phase."""
    with st.form(prefix, clear_on_submit=False):
        typed_code = st.text_input("Join code", value=code, max_chars=20, key=f"{prefix}_code",
                                   placeholder="e.g. K7QX2MP")
        name = st.text_input("Your name", value=display_name() or "", max_chars=NAME_MAX,
                             key=f"{prefix}_name", placeholder="e.g. Priya",
                             help="Shown next to your ideas; unique in the workshop.")
        submitted = st.form_submit_button("Join", type="primary", icon=":material/login:")
    if submitted:
        with reporting():
            # One answer for a wrong code or a closed workshop; throttled per address.
            seat = join_by_code(store, typed_code, name)
            take_seat(seat)
            key = st.query_params.get("key")
            if key:
                del st.query_params["key"]  # keep the key out of the address bar
                services.claim_facilitator(store, seat.workshop.id, seat.participant.id, key)
            _remember_name(seat.participant.name)
            notify(f"Welcome, {seat.participant.name}! You joined “{seat.workshop.title}”.")
            facilitator = bool(key) or seat.participant.is_facilitator
            st.switch_page(phase_page(seat.workshop, facilitator),
                           query_params={"code": seat.workshop.join_code or ""})


def start_form(store: Store) -> None:
    """Name + title (+ goal) → a live workshop with you as its facilitator, on the console."""
    with st.form("start_live"):
        my_name = st.text_input("Your name", value=display_name() or "", max_chars=NAME_MAX,
                                key="live_name", placeholder="e.g. Priya")
        title = st.text_input("Workshop title", max_chars=TITLE_MAX, key="live_title",
                              placeholder="e.g. Roadmap offsite")
        goal = st.text_area("Goal (optional)", max_chars=DESCRIPTION_MAX, key="live_goal",
                            height=80, placeholder="What decision should it lead to?")
        submitted = st.form_submit_button("Start live workshop", type="primary",
                                          icon=":material/podium:")
    if submitted:
        with reporting():
            started = services.start_live_workshop(store, title, goal, my_name)
            take_seat(started.seat)
            _remember_name(started.seat.participant.name)
            st.session_state["_new_key"] = (started.seat.workshop.id, started.facilitator_key)
            st.switch_page(CONSOLE, query_params={"code": started.seat.workshop.join_code or ""})
