"""Join a live workshop with its code (invitation links land here); reclaim a seat."""

import streamlit as st

from workbench import services
from workbench.domain.models import NAME_MAX
from workbench.domain.safe_text import md
from workbench.ui.context import (
    current_participant,
    current_workshop,
    display_name,
    get_store,
    rejoin_link,
    take_seat,
)
from workbench.ui.router import ensure_app_router
from workbench.ui.start import join_form, phase_page
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
    target = phase_page(workshop, me.is_facilitator)
    if st.button("Open the console" if me.is_facilitator else "Go to the current step",
                 type="primary", icon=":material/arrow_forward:"):
        st.switch_page(target)
    with st.expander("Join another workshop"):
        join_form(store, "join_other", st.query_params.get("code", ""))
if me is None:
    st.caption("Your facilitator gives you a short code (or a link with it). Pick the name "
               "others will see — it must be unique in the workshop.")
    join_form(store, "join", st.query_params.get("code", ""))
    st.page_link("pages/workshops.py", label="Run your own workshop instead",
                 icon=":material/podium:")

if me is None:
    with st.expander("I am this workshop's facilitator and lost my seat"), \
            st.form("reclaim_seat"):
        st.caption("Your own name and the facilitator key bring back your seat — the same one, "
                   "with your ideas and scores — and a new personal link.")
        code = st.text_input("Workshop code", value=st.query_params.get("code", ""),
                             max_chars=20, key="reclaim_code")
        name = st.text_input("Your name in the workshop", value=display_name() or "",
                             max_chars=NAME_MAX, key="reclaim_name")
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
