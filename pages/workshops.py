"""Workshops: create, open, rename, archive, delete; re-create the demo; the audit log."""

import streamlit as st

from workbench import services
from workbench.domain.labels import distinct
from workbench.domain.models import DESCRIPTION_MAX, TITLE_MAX
from workbench.domain.safe_text import md
from workbench.ui.context import (
    current_participant,
    current_workshop,
    get_store,
    seats,
    select_workshop,
    visible_workshops,
)
from workbench.ui.exchange import backup_button, restore_pending, restore_section
from workbench.ui.router import ensure_app_router
from workbench.ui.start import join_form, start_form
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    clear_on_success,
    close_confirmation,
    done,
    pending_confirmation,
    reporting,
)

ensure_app_router()

store = get_store()
workshop = current_workshop(store)

st.title("Workshops")
st.caption("A workshop takes a team from customer needs and many ideas to a ranked decision: "
           "**Customer needs → Brainstorm → Refine → Criteria → Score → Rank**.")


def first_actions() -> None:
    """Join with a code (participants, often on phones) or start a live workshop."""
    join, start = st.columns(2, gap="large")
    with join, st.container(border=True):
        st.subheader(":material/login: Join a workshop", anchor=False)
        st.caption("Got a code from your facilitator? Enter it with your name.")
        join_form(store, "landing_join")
    with start, st.container(border=True):
        st.subheader(":material/podium: Run a live workshop", anchor=False)
        st.caption("Everyone joins from their own browser or phone with a code; you move them "
                   "through the phases, with blind scoring until you reveal.")
        start_form(store)


seated = bool(seats())
if not seated:
    first_actions()


@st.dialog("Delete workshop", on_dismiss=close_confirmation)
def confirm_delete(workshop_id: int, title: str, ideas: int, actor: int | None) -> None:
    st.markdown(f"Delete **{md(title)}** with its {ideas} idea(s), needs and scores? "
                "This cannot be undone.")
    left, right = st.columns(2)
    if left.button("Delete for good", type="primary", width="stretch"):
        with reporting():
            services.delete_workshop(store, workshop_id, actor)
            if st.session_state.get("workshop_id") == workshop_id:
                select_workshop(None)
            done(f"Deleted {title}")
    if right.button("Cancel", width="stretch"):
        cancel()


@st.dialog("Re-create the demo workshop", on_dismiss=close_confirmation)
def confirm_demo() -> None:
    st.markdown("This replaces the demo workshop **Improve customer onboarding** with a fresh "
                "copy; changes made to it are lost. Your other workshops are not touched.")
    if st.button("Re-create demo", type="primary"):
        with st.spinner("Building the demo workshop…"):
            new_id = services.recreate_demo_workshop(store)
        select_workshop(new_id)
        done("Demo workshop re-created")


def show_activity_log(workshop) -> None:
    """The audit trail: who changed what, when (names and details hidden when anonymous)."""
    with st.expander("Activity log (audit trail)"):
        events = store.list_events(workshop.id)
        if workshop.anonymous:
            events = events.assign(actor="someone", detail="(hidden: anonymous workshop)")
        st.dataframe(events, hide_index=True, width="stretch",
                     column_config={"created_at": st.column_config.DatetimeColumn(
                         "When", format="YYYY-MM-DD HH:mm:ss"),
                         "actor": "Who", "kind": "What", "detail": "Details"})


def manage_workshop(workshop, actor: int | None, idea_count: int) -> None:
    """Rename, archive/restore and delete (free mode: anyone; live: the facilitator)."""
    with st.expander("Rename, archive or delete"), reporting():
        with st.form(f"edit_workshop_{workshop.id}"):
            title = st.text_input("Title", value=workshop.title, max_chars=TITLE_MAX,
                                  key=f"edit_workshop_title_{workshop.id}")
            goal = st.text_area("Goal", value=workshop.goal, max_chars=DESCRIPTION_MAX,
                                key=f"edit_workshop_goal_{workshop.id}")
            if st.form_submit_button("Save changes"):
                services.edit_workshop(store, workshop.id, actor, title, goal)
                done("Workshop updated")
        left, right = st.columns(2)
        archived = workshop.status == "archived"
        if left.button("Restore" if archived else "Archive", width="stretch"):
            services.set_archived(store, workshop.id, actor, not archived)
            done("Workshop restored" if archived else "Workshop archived")
        if right.button("Delete…", width="stretch"):
            ask_confirmation("delete_workshop", workshop_id=workshop.id,
                             title=workshop.title, ideas=idea_count, actor=actor)


if workshop is not None:
    with st.container(border=True):
        st.subheader(md(workshop.title), anchor=False)
        if workshop.goal:
            st.text(workshop.goal)
        needs = store.list_needs(workshop.id)
        ideas = store.list_ideas(workshop.id)
        raters = store.raters_per_idea(workshop.id)
        cols = st.columns(5)
        cols[0].metric("Segments", len(store.list_segments(workshop.id)))
        cols[1].metric("Needs", len(needs))
        cols[2].metric("Ideas", len(ideas))
        cols[3].metric("Shortlisted", int(ideas["shortlisted"].sum()) if len(ideas) else 0)
        cols[4].metric("Ideas scored", len(raters))
        if workshop.status == "archived":
            st.warning("Archived — restore it to keep working.", icon=":material/inventory_2:")

        step = ("pages/needs.py", "Start by describing your customers' needs") if needs.empty \
            else ("pages/brainstorm.py", "Next: brainstorm ideas") if ideas.empty \
            else ("pages/refine.py", "Next: shortlist the ideas worth scoring") \
            if not ideas["shortlisted"].any() \
            else ("pages/score.py", "Next: score the shortlist") if raters.empty \
            else ("pages/rank.py", "See the ranking")
        st.page_link(step[0], label=step[1], icon=":material/arrow_forward:")

        me = current_participant(store, workshop)
        actor = me.id if me else None
        if not workshop.live or (me is not None and me.is_facilitator):
            manage_workshop(workshop, actor, len(ideas))
            backup_button(store, workshop, actor)

        # The log holds everyone's raw scores and names: in a live workshop it is for the
        # facilitator only, and with anonymity on it keeps only what happened and when.
        if not workshop.live or (me is not None and me.is_facilitator):
            show_activity_log(workshop)
else:
    st.info("There are no workshops yet. Create one below, or re-create the demo to explore.",
            icon=":material/arrow_downward:")

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Create a workshop", anchor=False)
    with st.form("create_workshop"):
        title = st.text_input("Title", key="new_workshop_title",
                              placeholder="e.g. Q3 retention bets",
                              help=f"Up to {TITLE_MAX} characters")
        goal = st.text_area("Goal (optional)", max_chars=DESCRIPTION_MAX, key="new_workshop_goal",
                            placeholder="What decision should this workshop lead to?")
        if st.form_submit_button("Create workshop", type="primary"):
            with reporting():
                new_id = services.create_workshop(store, title, goal)
                clear_on_success(new_workshop_title="", new_workshop_goal="")
                select_workshop(new_id)
                done(f"Created “{title.strip()}” — it is now open")
    st.caption("This creates a free-mode workshop for one person or a small team around one "
               "screen: no codes, no phases. Run a live workshop (above) when people join from "
               "their own browsers — or take this one live later from the Facilitator console.")

with right:
    st.subheader("Open a workshop", anchor=False)
    everything = visible_workshops(store, include_archived=True)
    if everything.empty:
        st.caption("Nothing to open yet.")
    else:
        labels = {int(r.id): f"{r.title}{' (archived)' if r.status == 'archived' else ''}"
                  f" — {r.ideas} ideas" for r in everything.itertuples()}
        labels = distinct(labels)
        with st.form("open_workshop", border=False):
            pick = st.selectbox("Workshop", list(labels), format_func=labels.__getitem__,
                                key="open_workshop_pick",
                                index=list(labels).index(workshop.id)
                                if workshop is not None and workshop.id in labels else 0)
            if st.form_submit_button("Open"):
                select_workshop(pick)
                done(f"Opened {labels[pick]}")
    st.divider()
    if st.button("Re-create the demo workshop", icon=":material/refresh:"):
        if store.demo_workshop_ids():
            ask_confirmation("recreate_demo")
        else:
            with st.spinner("Building the demo workshop…"):
                select_workshop(services.recreate_demo_workshop(store))
            done("Demo workshop created")

with st.expander("Restore from a backup", icon=":material/upload_file:",
                 expanded=restore_pending()):
    restore_section(store)

if seated:
    with st.expander("Join or run another live workshop"):
        first_actions()

if (pending := pending_confirmation("delete_workshop")) is not None:
    confirm_delete(pending["workshop_id"], pending["title"], pending["ideas"],
                   pending.get("actor"))
if pending_confirmation("recreate_demo") is not None:
    confirm_demo()
