"""Brainstorm (diverge): add ideas fast, tag them to needs, see the wall grouped by need."""

import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.labels import distinct
from workbench.domain.models import DESCRIPTION_MAX, TITLE_MAX
from workbench.domain.safe_text import md
from workbench.engine.similar import similar_titles
from workbench.engine.wall import need_labels as need_labels_of
from workbench.ui.live import live_region, live_wall
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    clear_on_success,
    close_confirmation,
    done,
    form_error,
    page_frame,
    participant_or_prompt,
    pending_confirmation,
    reporting,
    submit_callback,
)

ensure_app_router()

ctx = page_frame("Brainstorm", "add as many ideas as you can and tag each to the needs it serves")
store, workshop = ctx.store, ctx.workshop

needs = store.need_choices(workshop.id)
need_labels = need_labels_of(needs)


@st.dialog("Delete idea", on_dismiss=close_confirmation)
def confirm_delete(idea_id: int, title: str, actor_id: int) -> None:
    st.markdown(f"Delete **{md(title)}** and any scores it has? This cannot be undone.")
    left, right = st.columns(2)
    if left.button("Delete", type="primary", width="stretch"):
        with reporting():
            services.delete_idea(store, workshop.id, actor_id, idea_id)
            clear_on_success("my_idea_pick")
            done("Idea deleted")
    if right.button("Cancel", width="stretch"):
        cancel()


def my_ideas() -> None:
    """Your own ideas to edit or delete."""
    mine = store.ideas_by(workshop.id, me.id)
    with st.expander(f"My ideas ({len(mine)})"):
        if mine.empty:
            st.caption("Ideas you add appear here so you can edit or delete them.")
        else:
            titles = distinct(dict(zip(mine["id"].astype(int), mine["title"], strict=True)))
            if st.session_state.get("my_idea_pick") not in (None, *titles):
                st.warning("The idea you were editing no longer exists — it may have been "
                           "deleted or merged in another session.", icon=":material/error:")
                st.session_state.pop("my_idea_pick")
            idea_id = st.selectbox("Idea", list(titles), format_func=titles.__getitem__,
                                   key="my_idea_pick")
            row = mine[mine["id"] == idea_id].iloc[0]
            with st.form(f"edit_idea_{idea_id}"):
                new_title = st.text_input("Idea", value=row.title, max_chars=TITLE_MAX,
                                          key=f"edit_idea_title_{idea_id}")
                new_description = st.text_area("Details", value=row.description,
                                               max_chars=DESCRIPTION_MAX, height=90,
                                               key=f"edit_idea_description_{idea_id}")
                new_tags = st.multiselect("Needs", list(need_labels),
                                          default=[int(n) for n in row.need_ids
                                                   if int(n) in need_labels],
                                          format_func=need_labels.__getitem__,
                                          key=f"edit_idea_needs_{idea_id}")
                save = st.form_submit_button("Save idea")
            if save:
                with reporting():
                    services.edit_idea(store, workshop.id, me.id, idea_id, new_title,
                                      new_description, new_tags)
                    done("Idea updated")
            if st.button("Delete this idea", icon=":material/delete:"):
                ask_confirmation("delete_idea", idea_id=idea_id, title=row.title,
                                 actor_id=me.id)


def refresh_page_after_add() -> None:
    """The fragment shows a new idea at once; the poll after that reruns the page, so "My
    ideas" (drawn outside the fragment) catches up within one poll."""
    added = st.session_state.get("_added")
    if added == "new":
        st.session_state["_added"] = "shown"
    elif added == "shown":
        st.session_state.pop("_added")
        st.rerun(scope="app")


st.session_state.pop("_added", None)  # a full run draws everything afresh
add_col, wall_col = st.columns([2, 3], gap="large")
add_slot = None

with add_col:
    me = participant_or_prompt(ctx, "so your ideas carry your name")
    if me is not None and not phases.allowed(workshop, "add_idea", me.is_facilitator):
        st.info(phases.PHASE_MESSAGES["add_idea"].format(phase=workshop.phase)
                if workshop.phase != "closed" else "The workshop is closed.",
                icon=":material/lock:")
    elif me is not None:
        if not need_labels:
            st.caption("Tip: add customer needs first so ideas can be tagged to them.")
        def add_one() -> str:
            title = st.session_state["new_idea_title"]
            others = [t for t, _ in store.wall_rows(workshop.id)]  # before it is added
            services.add_idea(store, workshop.id, me.id, title,
                             st.session_state["new_idea_description"],
                             st.session_state["new_idea_needs"])
            alike = similar_titles(title.strip(), others, limit=1)
            st.session_state["_added"] = "new"
            return f"Added “{title.strip()[:60]}”" + (
                f" — it looks like “{alike[0][0][:60]}”; if it is a duplicate, merge them on "
                "Refine" if alike else "")

        def add_many() -> str:
            added = services.add_ideas_bulk(store, workshop.id, me.id,
                                           st.session_state["bulk_text"],
                                           st.session_state["bulk_needs"])
            return f"Added {len(added)} ideas"

        add_slot = st.container()  # filled by the wall's fragment: see add_form below

        with st.expander("Paste many ideas at once"), st.form("bulk_ideas"):
            st.text_area("One idea per line", height=140, key="bulk_text",
                         placeholder="Self-serve import wizard\nSSO templates\n…")
            tag_col, button_col = st.columns([2, 1], vertical_alignment="bottom")
            tag_col.multiselect("Tag all of them to", list(need_labels),
                                format_func=need_labels.__getitem__, key="bulk_needs")
            button_col.form_submit_button(
                "Add all", width="stretch",
                on_click=submit_callback("bulk_ideas", add_many,
                                         {"bulk_text": "", "bulk_needs": []}))
            form_error("bulk_ideas")

        my_ideas()


def add_form() -> None:
    """The quick-add form. Drawn by the wall's fragment, so pressing Enter reruns only the
    fragment (form, wall and status), not the whole page."""
    with st.form("add_idea", enter_to_submit=True):
        # The button sits beside the title, above the tag box: a tag box shrinks when it
        # loses focus, and a button below it would move away from the pointer mid-click.
        title_col, button_col = st.columns([2, 1], vertical_alignment="bottom")
        # No max_chars: a browser-capped box silently drops an over-long paste; the
        # server says how long it was instead.
        title_col.text_input(
            "Idea", key="new_idea_title",
            placeholder="A short, specific title — press Enter to add",
            help=f"Up to {TITLE_MAX} characters")
        button_col.form_submit_button(
            "Add idea", type="primary", width="stretch",
            on_click=submit_callback("add_idea", add_one, {
                "new_idea_title": "", "new_idea_description": "", "new_idea_needs": []}))
        st.multiselect("Serves which needs?", list(need_labels),
                       format_func=need_labels.__getitem__, key="new_idea_needs",
                       placeholder="Choose one or more needs")
        st.text_area("Details (optional)", max_chars=DESCRIPTION_MAX,
                     height=90, key="new_idea_description")
        form_error("add_idea")



def idea_wall(workshop_id: int) -> None:
    """Everyone's ideas grouped by need; new ones appear within about two seconds, without
    touching the add form."""
    count, text = live_wall(workshop_id)
    st.subheader(f"Idea wall · {count} ideas", anchor=False)
    if not count:
        st.info("No ideas yet. Add the first one on the left — quantity beats polish while "
                "diverging.", icon=":material/lightbulb:")
    if text:
        st.markdown(text)


def wall_and_form(workshop_id: int) -> None:
    # The wall first: after Enter, the new idea is what the person looks for.
    idea_wall(workshop_id)
    if add_slot is not None:
        with add_slot:
            add_form()
    refresh_page_after_add()


with wall_col:
    # Free mode polls too: the sidebar status (phase, timer) refreshes with the wall.
    live_region(wall_and_form, workshop.id)

if (pending := pending_confirmation("delete_idea")) is not None:
    confirm_delete(pending["idea_id"], pending["title"], pending["actor_id"])
