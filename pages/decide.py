"""Decide: frameworks, agreement, robustness, the best set within a budget, and explanations."""

import streamlit as st

from workbench.domain import phases
from workbench.domain.models import WorkbenchError
from workbench.domain.safe_text import md
from workbench.engine.evaluation import evaluate
from workbench.engine.settings import load_settings
from workbench.ui.context import current_participant
from workbench.ui.decide_parts import (
    agreement_tab,
    compare_tab,
    criteria_view_tab,
    explain_tab,
    method_panel,
    missing_inputs_notice,
    portfolio_tab,
    ranking_tab,
    robustness_tab,
    weights_panel,
    what_if_weights,
    with_weights,
)
from workbench.ui.router import ensure_app_router
from workbench.ui.widgets import empty_state, page_frame, results_or_stop

ensure_app_router()

ctx = page_frame("Decide", "pick a method, check agreement and robustness, and choose what to "
                           "fund")
store, workshop = ctx.store, ctx.workshop
me = current_participant(store, workshop)
is_facilitator = bool(me and me.is_facilitator)
results_or_stop(workshop, is_facilitator, "Results are")

actor = me.id if me else None
can_edit = phases.allowed(workshop, "decide_settings", is_facilitator)
round_no = workshop.score_round
settings = load_settings(workshop.engine)
saved_criteria = store.list_criteria(workshop.id)
# What-if weights belong to the weighted methods; a formula framework has none.
tried = (what_if_weights(workshop.id) if settings.framework in ("weighted", "moscow")
         else None)
criteria = with_weights(saved_criteria, tried)
shortlist = store.shortlist(workshop.id)
if shortlist.empty:
    empty_state("Nothing is shortlisted yet, so there is nothing to decide. Shortlist ideas on "
                "the Refine page, then score them.", "pages/refine.py", "Go to Refine")
    st.stop()

method_panel(store, workshop, actor, settings, saved_criteria, can_edit)
if settings.framework in ("weighted", "moscow"):
    weights_panel(workshop, saved_criteria, store, actor,
                  phases.allowed(workshop, "edit_criteria", is_facilitator))

scores = store.all_scores(workshop.id, round_no)
key = (workshop.id, round_no, settings.to_json(), tuple((c.id, c.weight) for c in criteria))
try:
    evaluation = store.derived(("evaluation",) + key, lambda: evaluate(
        shortlist, criteria, scores, settings, store.idea_need_ratings(workshop.id),
        store.moscow_buckets(workshop.id)))
except WorkbenchError as exc:
    st.error(str(exc), icon=":material/error:")
    st.page_link("pages/criteria.py", label="Fix the weights on Criteria",
                 icon=":material/balance:")
    st.stop()
missing_inputs_notice(store, workshop, actor, evaluation, can_edit)
if tried:
    st.info("Showing **what-if weights** (not saved): "
            + ", ".join(f"{md(c.name)} {c.weight:g}" for c in criteria)
            + ". Open “Try other weights” to save or go back.", icon=":material/science:")

table = evaluation.table
cols = st.columns([1, 1, 2, 1])
cols[0].metric("Ranked", len(table))
cols[1].metric("Incomplete", len(evaluation.incomplete))
cols[2].metric("Method", evaluation.framework.name)
cols[3].metric("Raters", int(scores["rater_id"].nunique()) if not scores.empty else 0)
if table.empty and scores.empty:
    empty_state("No scores yet. Rate the shortlisted ideas on the Score page and the "
                "decision tools fill in here.", "pages/score.py", "Go to Score")

show_names = not workshop.anonymous and (not workshop.live or is_facilitator)
people = store.list_participants(workshop.id)
rater_ids = sorted(scores["rater_id"].unique()) if not scores.empty else []
names = dict(zip(people["id"].astype(int), people["name"], strict=True))
rater_names = {int(r): (names.get(int(r), f"Rater {i}") if show_names else f"Rater {i}")
               for i, r in enumerate(rater_ids, start=1)}

tabs = st.tabs(["Ranking", "Matrix & portfolio", "Robustness", "Agreement",
                "Compare frameworks", "Explain", "Criteria view"])
with tabs[0]:
    ranking_tab(evaluation, store, workshop, actor, can_edit)
with tabs[1]:
    portfolio_tab(evaluation, store, workshop, actor, can_edit)
with tabs[2]:
    robustness_tab(evaluation, workshop, store, scores)
with tabs[3]:
    agreement_tab(evaluation, scores, saved_criteria, rater_names)
with tabs[4]:
    compare_tab(evaluation, shortlist, store, key)
with tabs[5]:
    explain_tab(evaluation)
with tabs[6]:
    criteria_view_tab(evaluation)
