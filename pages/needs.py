"""Customer needs: segments/personas, their needs (importance, satisfaction) and evidence."""

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.labels import distinct
from workbench.domain.models import DESCRIPTION_MAX, NAME_MAX, QUOTE_MAX, STATEMENT_MAX, NeedInUse
from workbench.domain.safe_text import md
from workbench.engine.tables import NOT_KNOWN, needs_table, rating_text
from workbench.engine.wall import need_labels as need_labels_of
from workbench.ui.context import current_participant
from workbench.ui.coverage import coverage_section
from workbench.ui.feedback import need_feedback
from workbench.ui.journey import journey_section, stage_choice, stage_dialogs, stages_tab
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    clear_on_success,
    close_confirmation,
    done,
    page_frame,
    pending_confirmation,
    reporting,
)

ensure_app_router()

ctx = page_frame("Customer needs", "who the customers are and which needs and pain points "
                 "ideas should serve")
store, workshop = ctx.store, ctx.workshop
me = current_participant(store, workshop)
actor = me.id if me else None

segments = store.list_segments(workshop.id)
needs = store.list_needs(workshop.id)
evidence = store.list_evidence(workshop.id)
segment_names = distinct(dict(zip(segments["id"].astype(int), segments["name"], strict=True)))
need_labels = need_labels_of(needs)
stages = store.stages(workshop.id)
feedback = services.overview(store, workshop.id).evidence.set_index("need_id")
UNKNOWN = 0  # selectbox sentinel for "not known"; stored as NULL
NEW_SEGMENT = -1  # segment picker's "New segment…" (ids are positive)
DEFAULT_SEGMENT = "All customers"
SATISFACTION = [UNKNOWN, 1, 2, 3, 4, 5]


def satisfaction_label(value: int) -> str:
    return NOT_KNOWN if value == UNKNOWN else f"{value} of 5"


@st.dialog("Delete this need?", on_dismiss=close_confirmation)
def confirm_untag(need_id: int, statement: str, tagged: int, quotes: int = 0) -> None:
    if tagged:
        st.markdown(f"**{md(statement)}** is tagged on {tagged} idea(s). Deleting it removes "
                    "the tag from those ideas (the ideas stay).")
    if quotes:
        st.markdown(f"Its {quotes} customer quote(s) will be deleted with it.")
    left, right = st.columns(2)
    if left.button("Untag and delete", type="primary", width="stretch"):
        with reporting():
            services.delete_need(store, workshop.id, actor, need_id, untag=True)
            done(f"Deleted the need (untagged {tagged} idea(s), removed {quotes} quote(s))")
    if right.button("Cancel", width="stretch"):
        cancel()


def show_need(need, quotes: pd.DataFrame) -> None:
    """One need in full: its statement, its ratings and ideas, then its quotes."""
    with st.container(gap=None):
        st.markdown(f"**{md(need.statement)}**")
        st.caption(f"Importance {rating_text(need.importance)} · satisfaction today "
                   f"{rating_text(need.satisfaction)} · {need.ideas} idea(s) · "
                   f"{need.evidence} quote(s)")
    need_feedback(feedback, need.id, need.importance)
    for q in quotes.itertuples():
        source = f" — {q.source}" if q.source else ""
        st.markdown(f"> “{md(q.quote)}”{md(source)}")


listing, forms = st.columns([3, 2], gap="large")

with listing:
    if segments.empty:
        st.info("Add your first need with the “Add need” form: it starts a segment called "
                "“All customers” unless you name the group it belongs to.",
                icon=":material/arrow_forward:")
    as_table = not segments.empty and st.toggle(
        "Show needs as a table", key="needs_as_table",
        help="One table per segment, every statement in full; quotes are listed below it. "
        "Best on a wide screen.")
    for seg in segments.itertuples():
        with st.container(border=True):
            st.markdown(f"#### {md(seg.name)}")
            if seg.description:
                st.text(seg.description)
            rows = needs[needs["segment_id"] == seg.id]
            if rows.empty:
                st.caption("No needs yet — add one with the “Add need” form.")
                continue
            if as_table:
                table = needs_table(rows)
                table["Need"] = table["Need"].map(md)  # st.table renders Markdown in cells
                st.table(table, hide_index=True, border="horizontal")
                for need in rows.itertuples():
                    for q in evidence[evidence["need_id"] == need.id].itertuples():
                        source = f" — {q.source}" if q.source else ""
                        st.caption(f"“{md(q.quote)}”{md(source)}  ({md(need.statement)})")
                continue
            for need in rows.itertuples():
                show_need(need, evidence[evidence["need_id"] == need.id])

with forms:
    if workshop.live and (me is None or not phases.allowed(workshop, "edit_needs",
                                                            me.is_facilitator)):
        st.info("Needs can be edited in the needs and diverge phases"
                + (" once you have joined." if me is None else "."), icon=":material/lock:")
    else:
        add_need, edit_need, seg_tab, stage_tab, quote_tab = st.tabs(
            ["Add need", "Edit need", "Segments", "Stages", "Evidence"])
        with add_need:
            # Outside the form so that choosing "New segment…" shows its name box at once.
            seg_choice = NEW_SEGMENT
            if segment_names:
                options = [*segment_names, NEW_SEGMENT]
                if st.session_state.get("new_need_segment") not in options:
                    st.session_state["new_need_segment"] = list(segment_names)[-1]  # the newest
                seg_choice = st.selectbox("Segment", options, key="new_need_segment",
                                          format_func=lambda i: "New segment…"
                                          if i == NEW_SEGMENT else segment_names[i])
            with st.form("add_need", border=False):
                if seg_choice == NEW_SEGMENT:
                    st.session_state.setdefault("new_need_segment_name",
                                                "" if segment_names else DEFAULT_SEGMENT)
                    new_name = st.text_input(
                        "New segment" if segment_names else "Segment", max_chars=NAME_MAX,
                        placeholder="e.g. Enterprise IT admins", key="new_need_segment_name",
                        help="The group of customers this need belongs to; it is created "
                        "with the need.")
                statement = st.text_input("Need or pain point", max_chars=STATEMENT_MAX,
                                          placeholder="e.g. Get set up without reading docs",
                                          key="new_need_statement")
                importance = st.slider("Importance", 1, 5, 3, key="new_need_importance")
                satisfaction = st.selectbox("Current satisfaction", SATISFACTION,
                                            format_func=satisfaction_label,
                                            key="new_need_satisfaction")
                stage = stage_choice(stages, "Journey stage", "new_need_stage")
                if st.form_submit_button("Add need", type="primary"):
                    with reporting():
                        if seg_choice == NEW_SEGMENT:
                            seg_id, _ = services.add_need_with_segment(
                                store, workshop.id, actor, new_name, statement, importance,
                                satisfaction or None, stage_id=stage)
                            message = f"Added the segment “{new_name.strip()}” and its need"
                        else:
                            seg_id = seg_choice
                            services.add_need(store, workshop.id, actor, seg_id, statement,
                                              importance, satisfaction or None, stage)
                            message = f"Need added to “{segment_names[seg_id]}”"
                        # The next need most likely belongs to the same segment.
                        clear_on_success("new_need_segment_name", new_need_segment=seg_id,
                                         new_need_statement="", new_need_satisfaction=0)
                        done(message)

        with edit_need:
            if not need_labels:
                st.caption("No needs yet.")
            else:
                need_id = st.selectbox("Need", list(need_labels),
                                       format_func=need_labels.__getitem__, key="edit_need_pick")
                row = needs[needs["id"] == need_id].iloc[0]
                with st.form(f"edit_need_{need_id}"):
                    seg_id = st.selectbox("Segment", list(segment_names),
                                          format_func=segment_names.__getitem__,
                                          index=list(segment_names).index(int(row.segment_id)),
                                          key=f"edit_need_segment_{need_id}")
                    statement = st.text_input("Need or pain point", value=row.statement,
                                              max_chars=STATEMENT_MAX,
                                              key=f"edit_need_statement_{need_id}")
                    importance = st.slider("Importance", 1, 5, int(row.importance),
                                           key=f"edit_need_importance_{need_id}")
                    current = UNKNOWN if pd.isna(row.satisfaction) else int(row.satisfaction)
                    satisfaction = st.selectbox("Current satisfaction", SATISFACTION,
                                                index=SATISFACTION.index(current),
                                                format_func=satisfaction_label,
                                                key=f"edit_need_satisfaction_{need_id}")
                    stage = stage_choice(stages, "Journey stage", f"edit_need_stage_{need_id}",
                                         None if pd.isna(row.stage_id) else int(row.stage_id))
                    save = st.form_submit_button("Save need", type="primary")
                if save:
                    with reporting():
                        services.edit_need(store, workshop.id, actor, need_id, seg_id, statement,
                                          importance, satisfaction or None, stage)
                        done("Need updated")
                if st.button("Delete this need", icon=":material/delete:"):
                    with reporting():
                        try:
                            services.delete_need(store, workshop.id, actor, need_id)
                            done("Need deleted")
                        except NeedInUse as exc:
                            ask_confirmation("untag_need", need_id=need_id,
                                             statement=row.statement, tagged=exc.idea_count,
                                             quotes=exc.quote_count)

        with seg_tab:
            with st.form("add_segment"):
                name = st.text_input("Segment or persona", max_chars=NAME_MAX,
                                     placeholder="e.g. Enterprise IT admins",
                                     key="new_segment_name")
                description = st.text_area("Description (optional)", max_chars=DESCRIPTION_MAX,
                                           height=80, key="new_segment_description")
                if st.form_submit_button("Add segment", type="primary"):
                    with reporting():
                        made = services.add_segment(store, workshop.id, actor, name,
                                                    description)
                        clear_on_success(new_segment_name="", new_segment_description="",
                                         new_need_segment=made)
                        done("Segment added")
            if segment_names:
                st.divider()
                seg_id = st.selectbox("Edit segment", list(segment_names),
                                      format_func=segment_names.__getitem__, key="edit_seg_pick")
                row = segments[segments["id"] == seg_id].iloc[0]
                with st.form(f"edit_segment_{seg_id}"):
                    name = st.text_input("Name", value=row["name"], max_chars=NAME_MAX,
                                         key=f"edit_segment_name_{seg_id}")
                    description = st.text_area("Description", value=row["description"],
                                               max_chars=DESCRIPTION_MAX, height=80,
                                               key=f"edit_segment_description_{seg_id}")
                    if st.form_submit_button("Save segment"):
                        with reporting():
                            services.edit_segment(store, workshop.id, actor, seg_id, name,
                                                 description)
                            done("Segment updated")
                if st.button("Delete segment", icon=":material/delete:"):
                    with reporting():
                        services.delete_segment(store, workshop.id, actor, seg_id)
                        done("Segment deleted")

        with stage_tab:
            stages_tab(store, workshop, actor)

        with quote_tab:
            if not need_labels:
                st.caption("Add a need first; quotes are attached to needs.")
            else:
                with st.form("add_quote"):
                    need_id = st.selectbox("Need", list(need_labels),
                                           format_func=need_labels.__getitem__, key="quote_need")
                    quote = st.text_area("Customer quote", max_chars=QUOTE_MAX, height=80,
                                         key="quote_text")
                    source = st.text_input("Source (optional)", max_chars=NAME_MAX * 2,
                                           placeholder="e.g. Support ticket #4412",
                                           key="quote_source")
                    if st.form_submit_button("Add quote", type="primary"):
                        with reporting():
                            services.add_evidence(store, workshop.id, actor, need_id, quote, source)
                            clear_on_success(quote_text="", quote_source="")
                            done("Quote added")

st.divider()
journey_section(store, workshop)
st.divider()
coverage_section(store, workshop, me)
stage_dialogs(store, workshop, actor)

if (pending := pending_confirmation("untag_need")) is not None:
    confirm_untag(pending["need_id"], pending["statement"], pending["tagged"],
                  pending.get("quotes", 0))
