"""Decide's Criteria view tab: every ranked idea across every criterion (parallel axes)."""

from __future__ import annotations

import streamlit as st

from workbench.engine import charts
from workbench.engine.tables import parallel_table
from workbench.ui.decide.context import PLOT_CONFIG, DecideContext, nothing_ranked


def render(ctx: DecideContext) -> None:
    """Parallel coordinates: every ranked idea across every criterion."""
    ranking = ctx.result.weighted
    if ranking is None or ranking.table.empty:
        nothing_ranked(ctx)
        return
    frame, columns = parallel_table(ranking.table, ranking.normalised, ranking.criteria)
    st.plotly_chart(charts.build_parallel_figure(frame, columns, "score"), width="stretch",
                    config=PLOT_CONFIG)
    st.caption("Each line is an idea; every axis is a criterion on its 0–1 scale (1 = best, "
               "cost already inverted). Drag along an axis to filter.")
