"""Join a live workshop with its code, or start one as its facilitator."""

import streamlit as st

from workbench import services
from workbench.domain.models import DESCRIPTION_MAX, NAME_MAX, TITLE_MAX
from workbench.domain.safe_text import md
from workbench.ui.context import (
    current_participant,
    current_workshop,
    get_store,
    join_by_code,
    rejoin_link,
    take_seat,
)
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import done, reporting

ensure_app_router()

store = get_store()
st.title("Join a workshop")
workshop = current_workshop(store)
me = current_participant(store, workshop) if workshop is not None and workshop.live else None
if me is not None:
    st.success(f"You are in **{md(workshop.title)}** as **{md(me.name)}**. This browser keeps "
               "your seat on every page, across reloads.", icon=":material/check_circle:")
    with st.expander("Your personal link, for another device (keep it private)"):
        st.caption("Opening it puts you back in your seat. Do not show it on a projector.")
        st.code(rejoin_link(workshop) or "", language=None)
    next_page = {"needs": ("pages/needs.py", "Customer needs"),
                 "converge": ("pages/score.py", "Score"),
                 "decide": ("pages/rank.py", "Rank")}.get(workshop.phase,
                                                          ("pages/brainstorm.py", "Brainstorm"))
    st.page_link(next_page[0], label=f"Go to {next_page[1]}", icon=":material/arrow_forward:")
    if me.is_facilitator:
        st.page_link("pages/console.py", label="Open the facilitator console",
                     icon=":material/podium:")
st.caption("Your facilitator gives you a short code (or a link with it). Pick a display name — "
           "it must be unique in the workshop.")

invited = bool(st.query_params.get("code")) and me is None
join_col, start_col = st.columns(2, gap="large") if not invited else (st.container(), None)

with join_col:
    st.subheader("Join with a code", anchor=False)
    with st.form("join", clear_on_submit=False):
        code = st.text_input("Join code", value=st.query_params.get("code", ""), max_chars=20,
                             placeholder="e.g. K7QX2MP", key="join_code")
        name = st.text_input("Your display name", max_chars=NAME_MAX, key="join_name",
                             placeholder="e.g. Priya")
        submitted = st.form_submit_button("Join", type="primary")
    if submitted:
        with reporting():
            # One answer for a wrong code or a closed workshop; throttled per address.
            seat = join_by_code(store, code, name)
            take_seat(seat)
            key = st.query_params.get("key")
            if key:
                del st.query_params["key"]  # keep the key out of the address bar
                services.claim_facilitator(store, seat.workshop.id, seat.participant.id, key)
            done(f"Welcome, {seat.participant.name}! You joined “{seat.workshop.title}”.")

if start_col is not None:
    with start_col:
        st.subheader("Run a live workshop", anchor=False)
        st.caption("You become its facilitator: you get a join code for participants and a private "
                   "facilitator key, and you move everyone through the phases.")
        with st.form("start_live"):
            title = st.text_input("Workshop title", max_chars=TITLE_MAX, key="live_title")
            goal = st.text_area("Goal (optional)", max_chars=DESCRIPTION_MAX, key="live_goal",
                                height=80)
            my_name = st.text_input("Your display name", max_chars=NAME_MAX, key="live_name")
            if st.form_submit_button("Start live workshop"):
                with reporting():
                    started = services.start_live_workshop(store, title, goal, my_name)
                    take_seat(started.seat)
                    st.session_state["_new_key"] = (started.seat.workshop.id,
                                                    started.facilitator_key)
                    st.switch_page("pages/console.py",
                                   query_params={"code": started.seat.workshop.join_code or ""})

if me is None:
    with st.expander("I am this workshop's facilitator and lost my seat"), \
            st.form("reclaim_seat"):
        st.caption("Your own name and the facilitator key bring back your seat — the same one, "
                   "with your ideas and scores — and a new personal link.")
        code = st.text_input("Workshop code", value=st.query_params.get("code", ""),
                             max_chars=20, key="reclaim_code")
        name = st.text_input("Your name in the workshop", max_chars=NAME_MAX, key="reclaim_name")
        key = st.text_input("Facilitator key", type="password", key="reclaim_key")
        if st.form_submit_button("Get my seat back"):
            with reporting():
                seat = services.reclaim_facilitator_seat(store, code, name, key)
                take_seat(seat)
                done(f"Welcome back, {seat.participant.name}: your seat is restored.")

if me is not None and not me.is_facilitator:
    with st.expander("I have the facilitator key for this workshop"), st.form("claim_key"):
        key = st.text_input("Facilitator key", type="password", key="claim_key_input")
        if st.form_submit_button("Become facilitator"):
            with reporting():
                services.claim_facilitator(store, workshop.id, me.id, key)
                done("You are now a facilitator of this workshop")
