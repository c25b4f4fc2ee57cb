"""Facilitator console: what to do now, who is stuck, the next phase; timer, reveal, dots."""

import streamlit as st

from workbench import services
from workbench.domain.models import NAME_MAX, PHASES
from workbench.domain.phases import LABELS, PURPOSE, next_phase
from workbench.domain.safe_text import md
from workbench.ui import links
from workbench.ui.cockpit import NOW, TOOLS, invite, people, projector_button
from workbench.ui.context import current_participant, take_seat
from workbench.ui.live import live_region
from workbench.ui.router import ensure_app_router
from workbench.ui.techniques import card_picker
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    close_confirmation,
    done,
    page_frame,
    participant_or_prompt,
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
        participant_or_prompt(ctx, "to take it live — you become its facilitator")
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
                   "only as a hash, so it cannot be shown again — it stays here until you "
                   "click below or leave this browser tab. Lost it? *Rotate the facilitator "
                   "key* under Seats and keys gives you a new one.")
        if st.button("I have saved it"):
            st.session_state.pop("_new_key")
            st.rerun()

join_link = links.join_link(workshop.join_code)
phase = workshop.phase

# 1. Now: what this phase is for, what to do, and the way on.
with st.container(border=True):
    st.markdown(f"### :material/flag: Now: {LABELS[phase]}")
    st.markdown(NOW[phase])
    tools = st.columns(len(TOOLS[phase]) + 1, vertical_alignment="center")
    for column, (page, label) in zip(tools, TOOLS[phase], strict=False):
        column.page_link(page, label=label, icon=":material/arrow_forward:")
    with tools[-1]:
        projector_button(workshop)
    if phase != PHASES[-1]:
        upcoming = next_phase(phase, 1)
        if st.button(f"Next: {LABELS[upcoming]}", type="primary", icon=":material/skip_next:",
                     key="phase_next", help=PURPOSE[upcoming]):
            with reporting():
                services.set_phase(store, workshop.id, actor, upcoming)
                done(f"Moved on to {LABELS[upcoming]}")
        if upcoming == "decide" and not workshop.revealed:
            st.caption("Moving on to Decide reveals everyone's results.")
    with st.expander("Go back or jump to another phase"):
        target = st.selectbox("Phase", PHASES, index=PHASES.index(phase),
                              format_func=LABELS.__getitem__,
                              # Keyed by phase: a fixed key would keep showing the old phase
                              # after Next, and its button would move everyone back.
                              key=f"phase_pick_{phase}")
        if st.button("Move everyone there", key="phase_go", disabled=target == phase):
            with reporting():
                services.set_phase(store, workshop.id, actor, target)
                done(f"Moved to {LABELS[target]}")


def invite_card(expanded: bool) -> None:
    with st.expander("Invite people: join code, link and projector view", expanded=expanded,
                     icon=":material/qr_code_2:"):
        invite(workshop)


# 2. Inviting people comes first while they are still arriving.
arriving = phase in ("needs", "diverge")
if arriving:
    invite_card(expanded=True)

# 3. Who is here and who is stuck: refreshed live.
live_region(people, workshop.id, int(workshop.dot_budget))

# 4. The controls this phase needs; the rest waits for its phase.
timer_col, phase_col = st.columns(2, gap="medium")
with timer_col, st.container(border=True):
    st.markdown("**Timer** — everyone sees it at the top of their page")
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
    # A technique card on everyone's Brainstorm and its timer, in one click.
    with st.expander("Technique card + timer", expanded=phase == "diverge",
                     icon=":material/style:"):
        card_picker(store, workshop, me, key="console_technique")

with phase_col, st.container(border=True):
    if phase in ("converge", "decide", "closed"):
        st.markdown(f"**Scores and votes** · round {workshop.score_round}")
        st.caption("Revealed: everyone sees the ranking, spreads and dot totals."
                   if workshop.revealed else "Hidden: each person sees only their own scores.")
        # Never the primary move: "Next: Decide" reveals; this is for an early look.
        if st.button("Hide results" if workshop.revealed else "Reveal results", width="stretch"):
            with reporting():
                services.set_revealed(store, workshop.id, actor, not workshop.revealed)
                done("Results hidden" if workshop.revealed else "Results revealed to everyone")
        if st.button(f"Open round {workshop.score_round + 1} (re-vote)", width="stretch"):
            with reporting():
                new_round = services.open_next_round(store, workshop.id, actor)
                done(f"Round {new_round} is open: everyone scores again, hidden until you "
                     "reveal")
    if phase in ("refine", "converge"):
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
    if phase in ("needs", "diverge"):
        st.markdown("**Scores and votes** come later: scoring opens in Converge, and results "
                    "stay hidden until you reveal them in Decide.")
    anonymous = st.toggle("Anonymous (no names on anyone's screen)", value=workshop.anonymous,
                          key="anon_toggle")
    if anonymous != workshop.anonymous:
        with reporting():
            services.set_anonymous(store, workshop.id, actor, anonymous)
            done("Names hidden" if anonymous else "Names shown")

if not arriving:
    invite_card(expanded=False)


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
