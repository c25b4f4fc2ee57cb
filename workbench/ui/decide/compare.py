"""Decide's Compare frameworks tab: ranks under every framework that can score the ideas."""

from __future__ import annotations

import streamlit as st

from workbench.domain.safe_text import md
from workbench.engine import charts
from workbench.engine.compare import Comparison, compare_frameworks
from workbench.ui.decide.context import PLOT_CONFIG, DecideContext


def render(ctx: DecideContext) -> None:
    """Ranks under every framework that can score the ideas, side by side."""
    evaluation = ctx.result
    comparison = ctx.store.derived(("compare",) + ctx.key, lambda: compare_frameworks(
        ctx.shortlist, evaluation.values, evaluation.criteria, evaluation.settings,
        evaluation.buckets))
    if comparison.ranks.shape[1] <= 3:
        st.info("Only one framework can rank these ideas. Add criteria for RICE, ICE or WSJF "
                "(see “Method”) to compare.", icon=":material/info:")
    else:
        _side_by_side(comparison)
    if comparison.skipped:
        st.caption("Not compared: " + "; ".join(f"{md(k)} ({md(v)})"
                                                for k, v in comparison.skipped.items()))


def _side_by_side(comparison: Comparison) -> None:
    """The rank chart, the correlations with the reference, the big movers and all ranks."""
    st.plotly_chart(charts.build_framework_comparison(comparison.ranks), width="stretch",
                    config=PLOT_CONFIG)
    if not comparison.correlations.empty:
        st.markdown(f"**Agreement with {md(comparison.reference)}** (1 = same order, 0 = "
                    "unrelated, negative = reversed)")
        st.dataframe(comparison.correlations, hide_index=True, column_config={
            "spearman": st.column_config.NumberColumn("Spearman ρ", format="%.2f"),
            "kendall": st.column_config.NumberColumn("Kendall τ", format="%.2f")})
    if not comparison.movers.empty:
        st.markdown("**Biggest rank jumps between frameworks** — worth a second look")
        st.dataframe(comparison.movers[["title", "best", "worst", "jump"]],
                     hide_index=True, column_config={
                         "title": st.column_config.TextColumn("Idea", width="large"),
                         "best": st.column_config.NumberColumn("Best rank", format="%d"),
                         "worst": st.column_config.NumberColumn("Worst rank", format="%d"),
                         "jump": st.column_config.NumberColumn("Jump", format="%d")})
    st.dataframe(comparison.ranks.drop(columns=["idea_id"]), hide_index=True,
                 width="stretch", column_config={
                     "title": st.column_config.TextColumn("Idea", width="large")})
