"""Decide's summary above the tabs: missing inputs, the what-if notice and the key figures."""

from __future__ import annotations

import streamlit as st

from workbench import services
from workbench.domain.safe_text import md
from workbench.engine.frameworks import suggested_criteria
from workbench.engine.method_change import progress_drop
from workbench.engine.tables import rater_count
from workbench.ui.decide.context import DecideContext
from workbench.ui.widgets import (
    ask_confirmation,
    cancel,
    close_confirmation,
    done,
    empty_state,
    pending_confirmation,
    reporting,
)

CONFIRM = "add_framework_criteria"


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
    cols[2].metric("Method", evaluation.framework.name + (" · preview" if ctx.previewing
                                                          else ""))
    cols[3].metric("Raters", rater_count(ctx.scores))
    if table.empty and ctx.scores.empty:
        empty_state("No scores yet. Rate the shortlisted ideas on the Score page and the "
                    "decision tools fill in here.", "pages/score.py", "Go to Score")


def _missing_inputs(ctx: DecideContext) -> None:
    """Say which framework inputs have no criterion, and offer to add them (confirmed)."""
    evaluation = ctx.result
    result = evaluation.formula
    if result is None or not result.missing_slots:
        return
    labels = ", ".join(s.label for s in result.missing_slots)
    st.warning(f"{evaluation.framework.name} needs a criterion for: **{md(labels)}**. Map one "
               "under Method, or add them (weight 0, so the weighted score stays as it is) "
               "and score them on the Score page.", icon=":material/rule:")
    if ctx.can_edit and st.button(f"Add criteria for {labels}…", icon=":material/add:"):
        ask_confirmation(CONFIRM)
    if pending_confirmation(CONFIRM) is not None:
        _confirm_add(ctx, [name for name, *_ in suggested_criteria(result.missing_slots)])


@st.dialog("Add criteria for everyone?", on_dismiss=close_confirmation)
def _confirm_add(ctx: DecideContext, names: list[str]) -> None:
    seats = ctx.store.list_seats(ctx.workshop.id)
    removed = set(seats.loc[seats["removed"].astype(bool), "id"].astype(int))
    progress = ctx.store.progress(ctx.workshop.id, ctx.round_no)
    progress = progress[~progress["id"].astype(int).isin(removed)]
    st.markdown(md(progress_drop(progress, len(ctx.shortlist), names)))
    key = ctx.result.framework.key
    left, right = st.columns(2)
    if left.button("Add them for everyone", type="primary", width="stretch",
                   key="decide_add_confirmed"):
        with reporting():
            added = services.add_framework_criteria(
                ctx.store, ctx.workshop.id, ctx.actor, key,
                [s for s in ctx.settings.slots if s[0] == key] if ctx.previewing else None)
            done("Added " + ", ".join(added) if added else "Nothing to add")
    if right.button("Cancel", width="stretch", key="decide_add_cancel"):
        cancel()
