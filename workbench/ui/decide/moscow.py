"""Decide's MoSCoW section (under Ranking): buckets per idea and the capacity guard."""

from __future__ import annotations

import streamlit as st

from workbench import services
from workbench.domain.safe_text import md
from workbench.engine.frameworks import capacity_check
from workbench.engine.tables import (
    BUCKET_LABELS,
    bucket_changes,
    cost_criterion,
    moscow_grid,
    titles_by_id,
)
from workbench.ui.decide.context import DecideContext
from workbench.ui.widgets import done, reporting


def render(ctx: DecideContext) -> None:
    """Sort shortlisted ideas into buckets; warn when Must takes over 60 % of capacity."""
    evaluation, can_edit = ctx.result, ctx.can_edit
    st.subheader("MoSCoW buckets", anchor=False)
    grid = moscow_grid(evaluation.values.index, evaluation.buckets,
                       titles_by_id(evaluation.table, evaluation.incomplete))
    edited = st.data_editor(grid, hide_index=True, width="stretch", disabled=["title"]
                            if can_edit else True, key=f"moscow_{ctx.workshop.id}",
                            column_config={
                                "title": st.column_config.TextColumn("Idea", width="large"),
                                "bucket": st.column_config.SelectboxColumn(
                                    "Bucket", options=list(BUCKET_LABELS.values()))})
    if can_edit and st.button("Save buckets", type="primary", key="save_moscow"):
        changes = bucket_changes(grid, edited)
        with reporting():
            services.set_moscow(ctx.store, ctx.workshop.id, ctx.actor, changes)
            done(f"Saved {len(changes)} bucket change(s)")
    cost = cost_criterion(evaluation.criteria, evaluation.settings.cost_criterion)
    capacity = evaluation.settings.capacity
    if cost is None:
        st.caption("Add a cost criterion to check the Must haves against your capacity.")
    elif capacity is None:
        st.caption(f"Set a capacity (in {md(cost.name)} units) under Portfolio to check that "
                   "Must haves stay within 60 % of it.")
    else:
        check = capacity_check(evaluation.buckets, evaluation.values[cost.id], capacity)
        (st.warning if check.over else st.success)(md(check.message()))
