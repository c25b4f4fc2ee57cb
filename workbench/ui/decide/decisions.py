"""Decide's Decisions tab: record go / later / no per idea with a rationale; the decision log;
the decision report as HTML or Markdown."""

from __future__ import annotations

import streamlit as st

from workbench import services
from workbench.domain import phases
from workbench.domain.decisions import DECISIONS, LABELS, MEANING, RATIONALE_MAX
from workbench.domain.labels import distinct
from workbench.domain.safe_text import md
from workbench.ui.decide.context import DecideContext
from workbench.ui.widgets import clear_on_success, done, reporting

FORM = "decide_decision"
ORDER = ("Idea", "Decision", "Decided by", "When", "Rationale")  # the long text last
COLUMNS = {"Idea": st.column_config.TextColumn("Idea", width="medium"),
           "Decision": st.column_config.TextColumn("Decision", width=80),
           "Rationale": st.column_config.TextColumn("Rationale", width="large"),
           "Decided by": st.column_config.TextColumn("Decided by", width=120),
           "When": st.column_config.DatetimeColumn("When", format="D MMM HH:mm", width=100)}


def render(ctx: DecideContext) -> None:
    """The form (facilitators; everyone in free mode), the current decisions, their history
    and the report downloads."""
    store, workshop = ctx.store, ctx.workshop
    facilitator = services.is_facilitator(store, workshop, ctx.actor)
    if phases.allowed(workshop, "record_decision", facilitator) \
            and workshop.status != "archived":
        _form(ctx)
    else:
        st.caption("The facilitator records the decisions; they appear here for everyone.")
    current = services.decision_view(store, workshop.id, ctx.actor)
    st.markdown(f"**Current decisions** ({len(current)})")
    if current.empty:
        st.info("No decisions yet. Pick an idea above, choose Go, Later or No, say why, and "
                "press Record decision.", icon=":material/gavel:")
    else:
        st.dataframe(current, hide_index=True, width="stretch", column_config=COLUMNS,
                     column_order=ORDER)
        history = services.decision_view(store, workshop.id, ctx.actor, history=True)
        with st.expander(f"History — every decision, newest first ({len(history)})"):
            st.dataframe(history, hide_index=True, width="stretch", column_config=COLUMNS,
                         column_order=ORDER)
    _downloads(ctx)


def _form(ctx: DecideContext) -> None:
    """Idea, decision and rationale; Enter in the rationale's form submits (Ctrl+Enter)."""
    titles = distinct({int(i): str(t) for i, t in zip(ctx.shortlist["id"],
                                                      ctx.shortlist["title"], strict=True)})
    ranked = [int(i) for i in ctx.result.table["idea_id"] if int(i) in titles]
    order = ranked + [i for i in titles if i not in ranked]
    with st.form(FORM, clear_on_submit=False, enter_to_submit=True):
        idea = st.selectbox("Idea", order, format_func=titles.__getitem__, key="decision_idea",
                            help="Shortlisted ideas, best ranked first.")
        choice = st.radio("Decision", DECISIONS, horizontal=True, key="decision_choice",
                          format_func=lambda d: f"{LABELS[d]} — {MEANING[d]}")
        why = st.text_area("Rationale", max_chars=RATIONALE_MAX, key="decision_rationale",
                           placeholder="Why this decision? e.g. biggest impact on activation "
                                       "for its cost", height=90)
        if st.form_submit_button("Record decision", type="primary", icon=":material/gavel:"):
            with reporting():
                services.record_decision(ctx.store, ctx.workshop.id, ctx.actor, idea, choice,
                                         why)
                clear_on_success(decision_rationale="")
                done(f"Decision recorded: {LABELS[choice]} on {titles.get(idea, 'the idea')}")
    st.caption(f"Rationale required (up to {RATIONALE_MAX} characters). Deciding again on an "
               "idea replaces its current decision; the history keeps every one.")


def _downloads(ctx: DecideContext) -> None:
    """The decision report, built only when a button is pressed."""
    store, workshop, actor = ctx.store, ctx.workshop, ctx.actor
    st.markdown("**Decision report** — goal, participants, needs, method, ranking, matrix, "
                "agreement, robustness, chosen portfolio and decisions in one file.")
    left, right = st.columns(2)
    left.download_button(
        "Download report (HTML)", lambda: services.decision_report(store, workshop.id, actor,
                                                                    "html"),
        file_name=services.report_file_name(workshop.title, "html"), mime="text/html",
        on_click="ignore", icon=":material/description:", width="stretch",
        key="report_html")
    right.download_button(
        "Download report (Markdown)", lambda: services.decision_report(store, workshop.id,
                                                                        actor, "md"),
        file_name=services.report_file_name(workshop.title, "md"), mime="text/markdown",
        on_click="ignore", icon=":material/article:", width="stretch", key="report_md")
    st.caption(md("The HTML report opens offline in any browser and prints on A4; the "
                  "Markdown report holds the same tables for a wiki or a pull request."))
