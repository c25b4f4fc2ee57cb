"""Facilitator console: who is here, everyone's progress, phases, timer, reveal, rounds, dots."""

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.models import NAME_MAX, PHASES
from workbench.domain.phases import LABELS, next_phase
from workbench.domain.safe_text import md
from workbench.ui.context import current_participant, get_store, take_seat
from workbench.ui.live import live_progress, live_region, live_state
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    close_confirmation,
    done,
    page_frame,
    pending_confirmation,
    reporting,
    stop_page,
)

ensure_app_router()

ctx = page_frame("Facilitator console", "run the workshop: phases, timer, reveal and progress")
store, workshop = ctx.store, ctx.workshop
me = current_participant(store, workshop)
actor = me.id if me else None

if not workshop.live:
    st.markdown("This workshop is in **free mode**: one person (or a product manager alone) "
                "uses every page freely, with no phases or blind scoring.")
    st.markdown(f"**Who may take it live:** {services.GO_LIVE_RULE} They become its only "
                "facilitator, and it then shows only to people who join with its code.")
    if me is None:
        st.info("Name yourself in the sidebar first; you will become the facilitator.",
                icon=":material/waving_hand:")
        stop_page()
    if st.button("Run it as a live workshop", type="primary", icon=":material/podium:"):
        with reporting():
            started = services.go_live(store, workshop.id, me.id)
            take_seat(started.seat)
            st.session_state["_new_key"] = (workshop.id, started.facilitator_key)
            done("The workshop is live: share the join code")
    stop_page()

if me is not None and store.is_removed(me.id):
    st.error(md(services.ParticipantRemoved()), icon=":material/person_remove:")
    stop_page()

if me is None or not me.is_facilitator:
    st.warning("Only the facilitator can use this page. If you hold the facilitator key, enter "
               "it on the Join page.", icon=":material/lock:")
    st.page_link("pages/join.py", label="Enter the facilitator key", icon=":material/key:")
    stop_page()

new_key = st.session_state.get("_new_key")
if new_key and new_key[0] == workshop.id:
    with st.container(border=True):
        st.markdown("#### :material/key: Your facilitator key — shown only once")
        # Folded by default: this page may be on a projector (use the projector view there).
        with st.expander("Show the key — not while this screen is projected"):
            st.code(new_key[1], language=None)
        st.caption("Anyone holding this key can run the workshop. Keep it private; it is stored "
                   "only as a hash, so it cannot be shown again.")
        if st.button("I have saved it"):
            st.session_state.pop("_new_key")
            st.rerun()

base = (st.context.url or "").split("?")[0].rsplit("/", 1)[0]
join_link = f"{base}/join?code={workshop.join_code}"
share, controls = st.columns([2, 3], gap="large")
with share:
    st.markdown("**Join code** — read it out or put it on the projector")
    # Join codes use only A–Z and 2–9, so they are safe as a Markdown heading.
    st.markdown(f"# {workshop.join_code}")
    st.markdown("**Join link** (copy with the icon)")
    st.code(join_link, language=None, wrap_lines=True)
    # A new tab whose URL holds only the join code: no identity reaches the projector.
    st.link_button("Open the projector view", f"{base}/projector?code={workshop.join_code}",
                   icon=":material/tv:")

with controls:
    st.markdown("**Move everyone to another phase**")
    back, pick, forward = st.columns([1, 2, 1])
    if back.button("◀ Back", disabled=workshop.phase == PHASES[0], width="stretch"):
        with reporting():
            services.set_phase(store, workshop.id, actor, next_phase(workshop.phase, -1))
            done(f"Moved back to {LABELS[next_phase(workshop.phase, -1)]}")
    if forward.button("Next ▶", disabled=workshop.phase == PHASES[-1], width="stretch",
                      type="primary"):
        with reporting():
            services.set_phase(store, workshop.id, actor, next_phase(workshop.phase, 1))
            done(f"Moved on to {LABELS[next_phase(workshop.phase, 1)]}")
    target = pick.selectbox("Jump to phase", PHASES, index=PHASES.index(workshop.phase),
                            format_func=LABELS.__getitem__, label_visibility="collapsed",
                            # Keyed by phase: a fixed key would keep showing the old phase
                            # after Back/Next, and its Go button would move everyone back.
                            key=f"phase_pick_{workshop.phase}")
    if target != workshop.phase and pick.button("Go", key="phase_go"):
        with reporting():
            services.set_phase(store, workshop.id, actor, target)
            done(f"Moved to {LABELS[target]}")

timer_col, reveal_col, dots_col = st.columns(3, gap="medium")
with timer_col, st.container(border=True):
    st.markdown("**Timer**")
    with st.form("timer", border=False):
        minutes = st.number_input("Minutes", 1, 180, 5, key="timer_minutes")
        label = st.text_input("Label (optional)", max_chars=NAME_MAX, key="timer_label",
                              placeholder="e.g. Silent brainstorm")
        if st.form_submit_button("Start timer"):
            with reporting():
                services.set_timer(store, workshop.id, actor, minutes, label)
                done(f"Timer started: {minutes} min")
    if workshop.timer_ends_at and st.button("Stop timer"):
        with reporting():
            services.clear_timer(store, workshop.id, actor)
            done("Timer stopped")

with reveal_col, st.container(border=True):
    st.markdown(f"**Scores and votes** · round {workshop.score_round}")
    st.caption("Revealed: everyone sees the ranking, spreads and dot totals."
               if workshop.revealed else "Hidden: each person sees only their own scores.")
    if st.button("Hide results" if workshop.revealed else "Reveal results", width="stretch",
                 type="secondary" if workshop.revealed else "primary"):
        with reporting():
            services.set_revealed(store, workshop.id, actor, not workshop.revealed)
            done("Results hidden" if workshop.revealed else "Results revealed to everyone")
    if st.button(f"Open round {workshop.score_round + 1} (re-vote)", width="stretch"):
        with reporting():
            new_round = services.open_next_round(store, workshop.id, actor)
            done(f"Round {new_round} is open: everyone scores again, hidden until you reveal")
    anonymous = st.toggle("Anonymous (no names on anyone's screen)", value=workshop.anonymous,
                          key="anon_toggle")
    if anonymous != workshop.anonymous:
        with reporting():
            services.set_anonymous(store, workshop.id, actor, anonymous)
            done("Names hidden" if anonymous else "Names shown")

with dots_col, st.container(border=True):
    st.markdown("**Dot voting**")
    with st.form("dots", border=False):
        budget = st.number_input("Dots per person", 1, 50, int(workshop.dot_budget),
                                 key="dot_budget")
        cap = st.number_input("Max dots per idea (0 = no cap)", 0, 50,
                              int(workshop.dot_cap or 0), key="dot_cap")
        if st.form_submit_button("Save dot rules"):
            with reporting():
                services.set_dots(store, workshop.id, actor, budget, cap or None)
                done("Dot rules saved")


def people(workshop_id: int) -> None:
    state = live_state(workshop_id) or {}
    progress, shortlisted = live_progress(workshop_id, state.get("round", 1))
    seats = get_store().list_seats(workshop_id)
    removed = set(seats.loc[seats["removed"].astype(bool), "id"].astype(int))
    # A copy (shared with every console session), without the people the facilitator removed.
    progress = progress[~progress["id"].astype(int).isin(removed)].copy()
    online_since = datetime.now() - timedelta(seconds=30)
    progress["online"] = progress["last_seen_at"].notna() & (
        progress["last_seen_at"] >= online_since)
    here = int(progress["online"].sum())
    st.subheader(f"Who is here · {here} online of {len(progress)}", anchor=False)
    if state.get("anonymous"):
        st.caption("Anonymous: names are hidden, counts are shown.")
        totals = pd.DataFrame({
            "people": [len(progress)], "online": [here],
            "ideas added": [int(progress["ideas"].sum())],
            "finished scoring": [int((progress["scored"] >= max(shortlisted, 1)).sum())],
            "dots used": [int(progress["dots"].sum())]})
        st.dataframe(totals, hide_index=True)
        return
    table = pd.DataFrame({
        "person": progress["name"].to_numpy(),
        "role": ["facilitator" if f else "" for f in progress["is_facilitator"]],
        "online": progress["online"].to_numpy(),
        "ideas": progress["ideas"].to_numpy(),
        "scored": [f"{s}/{shortlisted}" for s in progress["scored"]],
        "dots": [f"{d}/{workshop.dot_budget}" for d in progress["dots"]],
    })
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"online": st.column_config.CheckboxColumn("Online")})


live_region(people, workshop.id)


@st.dialog("Rotate the facilitator key", on_dismiss=close_confirmation)
def confirm_rotate() -> None:
    st.markdown("The current key stops working at once: nobody can become facilitator with "
                "it any more. Everyone who already is a facilitator stays one. The new key is "
                "shown once.")
    left, right = st.columns(2)
    if left.button("Rotate the key", type="primary", width="stretch"):
        with reporting():
            key = services.rotate_facilitator_key(store, workshop.id, actor)
            st.session_state["_new_key"] = (workshop.id, key)
            done("New facilitator key: the old one no longer works")
    if right.button("Cancel", width="stretch"):
        cancel()


@st.dialog("Remove participant", on_dismiss=close_confirmation)
def confirm_remove(participant_id: int, name: str) -> None:
    st.markdown(f"Remove **{md(name)}** from the workshop? Nothing they send is saved any more "
                "and their rejoin link stops working. Their ideas and scores stay.")
    left, right = st.columns(2)
    if left.button("Remove", type="primary", width="stretch"):
        with reporting():
            services.remove_participant(store, workshop.id, actor, participant_id)
            done(f"Removed {name}")
    if right.button("Cancel", width="stretch"):
        cancel()


with st.expander("Seats and keys: rotate the key, revoke links, remove people"):
    key_col, seat_col = st.columns([2, 3], gap="large")
    key_col.markdown("**Facilitator key** — if it leaked, rotate it.")
    if key_col.button("Rotate the facilitator key…", icon=":material/key:"):
        ask_confirmation("rotate_key")
    seats = store.list_seats(workshop.id)
    others = seats[(seats["id"] != me.id) & ~seats["removed"].astype(bool)]
    names = dict(zip(others["id"].astype(int), others["name"], strict=True))
    with seat_col:
        if not names:
            st.caption("Nobody else has joined yet.")
        else:
            pick = st.selectbox("Participant", list(names), format_func=names.__getitem__,
                                key="seat_pick")
            revoke, remove = st.columns(2)
            if revoke.button("Replace their link", width="stretch",
                             help="Their current rejoin link stops working; the new one is "
                                  "shown here once, for you to pass on privately."):
                with reporting():
                    token = services.reissue_rejoin_link(store, workshop.id, actor, pick)
                    st.session_state["_new_link"] = (workshop.id, names[pick], token)
                    done(f"{names[pick]}'s old rejoin link no longer works")
            if remove.button("Remove from workshop…", width="stretch"):
                ask_confirmation("remove_participant", participant_id=pick, name=names[pick])
        new_link = st.session_state.get("_new_link")
        if new_link and new_link[0] == workshop.id:
            st.markdown(f"New rejoin link for **{md(new_link[1])}** — give it to them "
                        "privately; it is shown only once:")
            st.code(f"{join_link}&me={new_link[2]}", language=None, wrap_lines=True)
            if st.button("Done", key="new_link_done"):
                st.session_state.pop("_new_link")
                st.rerun()
        removed = seats.loc[seats["removed"].astype(bool), "name"].tolist()
        if removed:
            st.caption("Removed: " + ", ".join(md(n) for n in removed))
        if workshop.anonymous:
            st.caption("Names appear here only so you can manage seats; they are never linked "
                       "to ideas, scores or dots.")

if pending_confirmation("rotate_key") is not None:
    confirm_rotate()
if (pending := pending_confirmation("remove_participant")) is not None:
    confirm_remove(pending["participant_id"], pending["name"])
st.caption(f"Signed in as {md(me.name)} (facilitator).")
