"""Decide: frameworks, agreement, robustness, the best set within a budget, and explanations."""

import streamlit as st

from workbench.domain.safe_text import md
from workbench.ui.context import current_participant
from workbench.ui.decide import TABS, method, summary, weights
from workbench.ui.decide.context import WEIGHTED_METHODS, build_context
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import empty_state, page_frame, results_or_stop

ensure_app_router()

frame = page_frame("Decide", "pick a method, check agreement and robustness, and choose what "
                             "to fund")
store, workshop = frame.store, frame.workshop
me = current_participant(store, workshop)
results_or_stop(workshop, bool(me and me.is_facilitator), "Results are")

shortlist = store.shortlist(workshop.id)
if shortlist.empty:
    empty_state("Nothing is shortlisted yet, so there is nothing to decide. Shortlist ideas on "
                "the Refine page, then score them.", "pages/refine.py", "Go to Refine")
    st.stop()

ctx = build_context(store, workshop, me, shortlist)
method.render(ctx)
if ctx.settings.framework in WEIGHTED_METHODS:
    weights.render(ctx)
if ctx.evaluation is None:
    st.error(md(ctx.problem or "The ideas cannot be ranked."), icon=":material/error:")
    st.page_link("pages/criteria.py", label="Fix the weights on Criteria",
                 icon=":material/balance:")
    st.stop()
summary.render(ctx)

for tab, render in zip(st.tabs(list(TABS)), TABS.values(), strict=True):
    with tab:
        render(ctx)
