"""Decide's Explain tab: why an idea is #k and what would lift it one place."""

from __future__ import annotations

import streamlit as st

from workbench.domain.safe_text import md
from workbench.engine import charts
from workbench.engine.explain import (
    formula_line,
    idea_above,
    to_overtake,
    top_reasons,
    weighted_steps,
)
from workbench.engine.tables import lookup, titles_by_id
from workbench.ui.decide.context import PLOT_CONFIG, DecideContext, nothing_ranked


def render(ctx: DecideContext) -> None:
    """Why an idea is #k, and what would lift it above the idea ranked just above it."""
    evaluation = ctx.result
    table = evaluation.table
    if table.empty:
        nothing_ranked(ctx)
        return
    titles = titles_by_id(table)
    ranks = lookup(table, "idea_id", "rank")
    pick = st.selectbox("Idea", list(titles), format_func=lambda i: f"#{ranks[i]} {titles[i]}",
                        key="decide_explain_pick")
    steps = weighted_steps(evaluation, pick)
    if evaluation.formula is not None:
        st.markdown(f"**{md(formula_line(evaluation, pick))}**")
    elif steps:
        st.plotly_chart(charts.build_waterfall_figure(steps), width="stretch",
                        config=PLOT_CONFIG)
        st.caption("Points = 100 × weight ÷ total weight × 0–1 value. Most points from: "
                   + md(top_reasons(steps)) + ".")
    above = idea_above(evaluation, pick)
    if above is None:
        st.success(f"#{ranks[pick]}: nothing is ranked above it.")
        return
    st.markdown(f"**To overtake #{ranks[above[0]]} {md(above[1])}** ({above[2]:.3g}), any one "
                "of these would do (everything else unchanged):")
    for line in to_overtake(evaluation, pick):
        st.markdown("- " + md(line))
