"""Customer feedback: upload or paste it, assign it to needs, read NPS/CSAT and the evidence."""

import streamlit as st

from workbench.domain import phases
from workbench.engine.wall import need_labels as need_labels_of
from workbench.ui.context import current_participant
from workbench.ui.feedback import evidence_switch, numbers_section
from workbench.ui.feedback_input import (
    assign_section,
    feedback_dialogs,
    paste_tab,
    suggestions_section,
    upload_tab,
)
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import page_frame

ensure_app_router()

ctx = page_frame("Customer feedback", "what customers said, as evidence for their needs")
store, workshop = ctx.store, ctx.workshop
me = current_participant(store, workshop)
actor = me.id if me else None
can_edit = not workshop.live or (me is not None and phases.allowed(workshop, "edit_needs",
                                                                     me.is_facilitator))
need_labels = need_labels_of(store.list_needs(workshop.id))
has_feedback = not store.feedback(workshop.id).empty

if not has_feedback:
    st.info("No customer feedback yet. Upload a survey export (CSV or XLSX with a text column "
            "and optionally an NPS or CSAT score, a date, a segment and a source) or paste "
            "feedback below; then assign each item to the need it is about.",
            icon=":material/forum:")
else:
    numbers_section(store, workshop)
    evidence_switch(store, workshop, actor, can_edit)

if not can_edit:
    st.info("Feedback can be added and assigned in the needs and diverge phases"
            + (" once you have joined." if me is None else "."), icon=":material/lock:")
    st.stop()

st.subheader("Add feedback", anchor=False)
upload, paste = st.tabs(["Upload a file", "Paste"])
with upload:
    upload_tab(store, workshop, actor)
with paste:
    paste_tab(store, workshop, actor)

if has_feedback:
    st.subheader("Assign feedback to needs", anchor=False)
    if not need_labels:
        st.info("Add the needs on Customer needs first; feedback is assigned to needs.",
                icon=":material/groups:")
        st.page_link("pages/needs.py", label="Go to Customer needs", icon=":material/groups:")
    else:
        suggested, by_hand = st.tabs(["Suggested", "By hand"])
        with suggested:
            suggestions_section(store, workshop, actor, need_labels)
        with by_hand:
            assign_section(store, workshop, actor, need_labels)
feedback_dialogs(store, workshop, actor)
