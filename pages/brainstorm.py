"""Brainstorm (diverge): add ideas fast, tag them to needs, see the wall grouped by need."""

from collections.abc import Callable

import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.labels import distinct
from workbench.domain.models import DESCRIPTION_MAX, TITLE_MAX, WorkbenchError
from workbench.domain.safe_text import md
from workbench.engine.wall import need_labels as need_labels_of
from workbench.ui.coverage import focus_prompt
from workbench.ui.live import live_region, live_wall
from workbench.ui.router import ensure_app_router
from workbench.ui.techniques import can_push, card_picker, hmw_list, pushed_card
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

# Need pills wrap their label instead of cutting it at the column's edge ("statement · segm…"):
# Streamlit gives a keyed widget the class st-key-<key>.
NEED_PILLS_CSS = """<style>
.st-key-new_idea_needs button, .st-key-bulk_needs button, [class*="st-key-edit_idea_needs_"] button
  { height: auto; text-align: left; }
.st-key-new_idea_needs button *, .st-key-bulk_needs button *,
[class*="st-key-edit_idea_needs_"] button * { white-space: normal; text-overflow: clip; }
</style>"""
st.html(NEED_PILLS_CSS)


def need_picker(label: str, key: str, default: list[int] | None = None) -> list[int]:
    """The needs chosen, as pills (none drawn while the workshop has no needs)."""
    if not need_labels:
        return []
    # Pills, not a drop-down: an open options list covered the button below it on a phone,
    # and a tap meant for the button tagged a need instead. Pills overlay nothing.
    return st.pills(label, list(need_labels), selection_mode="multi", default=default,
                    key=key, format_func=lambda n: md(need_labels[n])) or []


def remember_untagged(added: str, idea_ids: list[int]) -> None:
    """After an add: keep a notice of ideas that went in untagged (while there were needs to
    tag them to) until the next add, and pick the idea in "My ideas", where it can be tagged.

    ``added`` is Markdown ("Added “…” as"); ``idea_ids`` are the untagged ideas, if any.
    """
    st.session_state.pop("_untagged", None)
    if not idea_ids or not need_labels:
        return
    them = "it" if len(idea_ids) == 1 else "them"
    st.session_state["_untagged"] = (workshop.id, (
        f"{added} **Untagged** — no need was chosen. Tag {them} under **My ideas** below, "
        "so the idea wall shows which need it serves."))
    st.session_state["my_idea_pick"] = idea_ids[-1]


def untagged_notice() -> None:
    """Say so when the last add went untagged while there were needs to tag it to."""
    shown_in, notice = st.session_state.get("_untagged", (None, ""))
    if shown_in == workshop.id:
        st.warning(notice, icon=":material/label_off:")


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


def idea_notes(workshop_id: int, idea_id: int | None = None) -> None:
    """Thoughts people added to existing ideas instead of a duplicate, under each idea."""
    notes = store.idea_notes(workshop_id)
    if idea_id is not None:
        notes = notes[notes["idea_id"] == idea_id]
    if notes.empty:
        return
    titles = dict(zip(store.list_ideas(workshop_id)["id"].astype(int),
                      store.list_ideas(workshop_id)["title"], strict=True))
    lines = []
    for note_idea, group in notes.groupby("idea_id", sort=False):
        if idea_id is None:
            lines.append(f"- **{md(titles.get(int(note_idea), ''))}**")
        lines += [f"  - {md(' '.join(str(t).split()))}" + (f" — {md(a)}" if a else "")
                  for t, a in zip(group["text"], group["author"], strict=True)]
    label = f"Thoughts added to ideas ({len(notes)})" if idea_id is None else \
        f"Thoughts others added to this idea ({len(notes)})"
    with st.expander(label):
        st.markdown("\n".join(lines))


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
                new_tags = need_picker("Needs", f"edit_idea_needs_{idea_id}",
                                       [int(n) for n in row.need_ids if int(n) in need_labels])
                save = st.form_submit_button("Save idea")
            if save:
                with reporting():
                    services.edit_idea(store, workshop.id, me.id, idea_id, new_title,
                                      new_description, new_tags)
                    st.session_state.pop("_untagged", None)  # tagged here, or seen to
                    done("Idea updated")
            idea_notes(workshop.id, idea_id)
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
# Half and half: the needs in the form read best on one line each.
add_col, wall_col = st.columns(2, gap="large")
add_slot = None

with add_col:
    pushed_card(store, workshop)  # the technique the facilitator asks everyone to use
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
            tags = st.session_state.get("new_idea_needs") or []
            idea_id = services.add_idea(store, workshop.id, me.id, title,
                                        st.session_state["new_idea_description"], tags)
            st.session_state["_added"] = "new"
            st.session_state[CLEARED] = title
            added = f"Added “{title.strip()[:60]}”"
            untagged = not tags and bool(need_labels)
            remember_untagged(f"{md(added)} as", [idea_id] if untagged else [])
            if untagged:  # the toast is what the eye is on after Enter
                added += " as Untagged (tag it under My ideas)"
            return added

        def add_many() -> str:
            tags = st.session_state.get("bulk_needs") or []
            added = services.add_ideas_bulk(store, workshop.id, me.id,
                                           st.session_state["bulk_text"], tags)
            remember_untagged(f"Added {len(added)} ideas as", [] if tags else added)
            return f"Added {len(added)} ideas" + (
                " as Untagged (tag them under My ideas)" if not tags and need_labels else "")

        focus = focus_prompt(store, workshop, need_labels)  # "Focus now: …", pre-selects it
        if not focus:
            hmw_list(store, workshop.id)
        add_slot = st.container()  # filled by the wall's fragment: see add_form below

        with st.expander("Paste many ideas at once"), st.form("bulk_ideas"):
            st.text_area("One idea per line", height=140, key="bulk_text",
                         placeholder="Self-serve import wizard\nSSO templates\n…")
            need_picker("Tag all of them to", "bulk_needs")
            st.form_submit_button(
                "Add all", width="stretch",
                on_click=submit_callback("bulk_ideas", add_many,
                                         {"bulk_text": "", "bulk_needs": []}))
            form_error("bulk_ideas")

        my_ideas()
        if can_push(workshop, me):
            with st.expander("Technique cards — push one to everyone"):
                card_picker(store, workshop, me)


def add_reset() -> dict[str, object]:
    """The quick-add fields after an add: empty, the facilitator's focus need pre-selected."""
    return {"new_idea_title": "", "new_idea_description": "", "new_idea_needs": focus}
LOOKALIKE = "_lookalike"  # (workshop id, typed title, [(idea id, title, similarity)])
CLEARED = "_cleared_title"  # the title just added, which the form was cleared of


def forget_stale_title() -> None:
    """Clear the form again if a poll brought back the title just added.

    A poll sent before the browser saw the cleared form carries the form's last submitted
    values, and Streamlit applies them: the text of the idea just added would reappear (and
    a second Enter would be held as a look-alike of itself).
    """
    cleared = st.session_state.get(CLEARED)
    title = st.session_state.get("new_idea_title", "")
    if not cleared or st.session_state.get(LOOKALIKE):
        return
    if title == cleared:
        st.session_state["new_idea_title"] = ""
        st.session_state["new_idea_description"] = ""
    elif title:
        st.session_state.pop(CLEARED)  # something new was typed and sent


def hold_if_alike(add: Callable[[], None]) -> Callable[[], None]:
    """The add button's callback: when the title looks like ideas already on the wall, hold
    it (the typed text stays) and offer a choice instead of adding."""
    def callback() -> None:
        st.session_state.pop(LOOKALIKE, None)
        title = st.session_state.get("new_idea_title", "")
        try:
            found = services.similar_to(store, workshop.id, title)
        except WorkbenchError:
            found = []  # the add itself says what is wrong with the text
        if found:
            st.session_state[LOOKALIKE] = (workshop.id, title,
                                           [(m.idea_id, m.title, m.score) for m in found])
            return
        add()
    return callback


def add_note_instead(idea_id: int, idea_title: str) -> None:
    """Add the typed title (and details) to an existing idea as a note, then clear the form."""
    typed = st.session_state.get("new_idea_title", "").strip()
    details = st.session_state.get("new_idea_description", "").strip()
    try:
        services.add_note(store, workshop.id, me.id, idea_id,
                          f"{typed}\n{details}" if details else typed)
    except WorkbenchError as exc:
        st.session_state["_error_add_idea"] = str(exc)
        return
    st.session_state.pop(LOOKALIKE, None)
    st.session_state.update(add_reset())
    st.session_state["_done_add_idea"] = f"Added your thought to “{idea_title[:60]}”"


def add_anyway(add: Callable[[], None]) -> None:
    st.session_state.pop(LOOKALIKE, None)
    add()


def lookalike_choice(add: Callable[[], None]) -> None:
    """The held idea's look-alikes, each with its similarity and "add my thought to it", and
    "add as a new idea anyway"."""
    held = st.session_state.get(LOOKALIKE)
    if not held or held[0] != workshop.id:
        return
    _, title, found = held
    with st.container(border=True, key="lookalikes"):
        st.markdown(f"**Not added yet:** “{md(title.strip())}” looks like "
                    f"{'an idea' if len(found) == 1 else 'ideas'} already on the wall.")
        for idea_id, idea_title, score in found:
            st.markdown(f"- {md(idea_title)} · **{score:.0%}** alike")
            st.button(f"Add my thought to “{md(idea_title[:50])}” instead",
                      key=f"lookalike_note_{idea_id}", width="stretch",
                      icon=":material/add_comment:", on_click=add_note_instead,
                      args=(idea_id, idea_title))
        st.button("Add as a new idea anyway", key="lookalike_anyway", type="primary",
                  width="stretch", on_click=add_anyway, args=(add,))
        if (note := services.engine_status().note) is not None:
            st.caption(md(note))


def add_form() -> None:
    """The quick-add form. Drawn by the wall's fragment, so pressing Enter reruns only the
    fragment (form, wall and status), not the whole page."""
    add_now = submit_callback("add_idea", add_one, add_reset())
    forget_stale_title()
    # Above the form: after Enter the form's top is in view, its bottom often is not.
    lookalike_choice(add_now)
    with st.form("add_idea", enter_to_submit=True):
        # The needs come first: Enter in the title adds at once, so anything below it is
        # reached too late (ideas went in untagged without a word).
        need_picker("Serves which needs?", "new_idea_needs")
        # No max_chars: a browser-capped box silently drops an over-long paste; the
        # server says how long it was instead.
        st.text_input("Idea", key="new_idea_title",
                      placeholder="A short, specific title — press Enter to add",
                      help=f"Up to {TITLE_MAX} characters")
        st.text_area("Details (optional)", max_chars=DESCRIPTION_MAX,
                     height=90, key="new_idea_description")
        st.form_submit_button("Add idea", type="primary", width="stretch",
                              on_click=hold_if_alike(add_now))
        form_error("add_idea")
    untagged_notice()


def idea_wall(workshop_id: int) -> None:
    """Everyone's ideas grouped by need; new ones appear within about two seconds, without
    touching the add form."""
    count, text = live_wall(workshop_id)
    st.subheader(f"Idea wall · {count} ideas", anchor=False)
    if not count:
        st.info("No ideas yet. Add the first one with the “Add idea” form — quantity beats "
                "polish while diverging.", icon=":material/lightbulb:")
    if text:
        st.markdown(text)
    idea_notes(workshop_id)


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
