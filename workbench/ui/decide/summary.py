"""Decide's summary above the tabs: missing inputs, the what-if notice and the key figures."""

from __future__ import annotations

import streamlit as st

from workbench import services
from workbench.domain.safe_text import md
from workbench.engine.tables import rater_count
from workbench.ui.decide.context import DecideContext
from workbench.ui.widgets import done, empty_state, reporting


def render(ctx: DecideContext) -> None:
    """Missing framework inputs, the what-if notice, the counts, and what to do when empty."""
    _missing_inputs(ctx)
    if ctx.tried:
        st.info("Showing **what-if weights** (not saved): "
                + ", ".join(f"{md(c.name)} {c.weight:g}" for c in ctx.criteria)
                + ". Open “Try other weights” to save or go back.", icon=":material/science:")
    evaluation = ctx.result
    table = evaluation.table
    cols = st.columns([1, 1, 2, 1])
    cols[0].metric("Ranked", len(table))
    cols[1].metric("Incomplete", len(evaluation.incomplete))
    cols[2].metric("Method", evaluation.framework.name)
    cols[3].metric("Raters", rater_count(ctx.scores))
    if table.empty and ctx.scores.empty:
        empty_state("No scores yet. Rate the shortlisted ideas on the Score page and the "
                    "decision tools fill in here.", "pages/score.py", "Go to Score")


def _missing_inputs(ctx: DecideContext) -> None:
    """Say which framework inputs have no criterion, and offer to add them."""
    evaluation = ctx.result
    result = evaluation.formula
    if result is None or not result.missing_slots:
        return
    labels = ", ".join(s.label for s in result.missing_slots)
    st.warning(f"{evaluation.framework.name} needs a criterion for: **{md(labels)}**. Map one "
               "under Method, or add them (weight 0, so the weighted score stays as it is) "
               "and score them on the Score page.", icon=":material/rule:")
    if ctx.can_edit and st.button(f"Add criteria for {labels}", icon=":material/add:"):
        with reporting():
            added = services.add_framework_criteria(ctx.store, ctx.workshop.id, ctx.actor,
                                                   evaluation.framework.key)
            done("Added " + ", ".join(added) if added else "Nothing to add")
