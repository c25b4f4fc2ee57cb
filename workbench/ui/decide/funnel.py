"""Decide's Funnel tab: how many ideas are left at each stage, as a chart and a table."""

from __future__ import annotations

import streamlit as st

from workbench.engine.charts.funnel import build_funnel_figure
from workbench.ui.decide.context import PLOT_CONFIG, DecideContext
from workbench.ui.funnel import workshop_funnel


def render(ctx: DecideContext) -> None:
    """The funnel chart, its one-line summary and the same counts as a table."""
    result = workshop_funnel(ctx.store, ctx.workshop.id, ctx.round_no)
    figure = ctx.store.derived(("funnel chart", ctx.workshop.id, ctx.round_no),
                               lambda: build_funnel_figure(result))
    st.markdown(result.line())
    st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG)
    st.dataframe(result.table(), hide_index=True)
    st.caption("Generated counts ideas merged into others; scored means every criterion has "
               "at least one rating this round; selected means decided “Go” in the Decisions "
               "tab (until a decision is recorded: the MoSCoW Must bucket under Ranking).")
