"""Decide's KPIs tab: which KPIs the shortlisted and the selected ideas move, against each
gap to target, and which KPI no idea serves."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.safe_text import md
from workbench.engine.charts.outcomes import build_kpi_coverage_figure
from workbench.engine.kpi_coverage import signed
from workbench.ui.decide.context import PLOT_CONFIG, DecideContext

PAGE = "pages/outcomes.py"


def coverage_table(table: pd.DataFrame) -> pd.DataFrame:
    """The coverage as plain text: KPI, baseline → target, gap, expected totals and shares."""
    def total(column: str) -> list[str]:
        return [f"{signed(e, u)} ({s:.0%})" for e, u, s in
                zip(table[f"{column} expected"], table["unit"], table[f"{column} share"],
                    strict=True)]
    return pd.DataFrame({
        "KPI": table["KPI"], "Status": table["status"],
        "Baseline → target": [f"{b:g} → {t:g} {u}".rstrip() for b, t, u in
                              zip(table["baseline"], table["target"], table["unit"],
                                  strict=True)],
        "Gap": [signed(g, u) for g, u in zip(table["gap"], table["unit"], strict=True)],
        "Shortlisted": total("shortlisted"), "Selected": total("selected")})


def render(ctx: DecideContext) -> None:
    """Coverage chart and table, the KPIs nobody serves, and the way to the KPIs page."""
    cov = ctx.store.derived(("kpi coverage", ctx.workshop.id),
                            lambda: services.coverage_of(ctx.store, ctx.workshop.id))
    if cov.table.empty:
        st.info("No KPIs yet. Define the customer KPIs the ideas should move and link ideas "
                "to them; this tab then shows how far the shortlist and the selection get "
                "toward each target.", icon=":material/lightbulb:")
        st.page_link(PAGE, label="Define KPIs", icon=":material/monitoring:")
        return
    if cov.unserved:
        st.warning("**No idea serves:** " + ", ".join(md(n) for n in cov.unserved)
                   + ". Link ideas to them on KPIs & outcomes, or brainstorm for them.",
                   icon=":material/report:")
    figure = ctx.store.derived(("kpi coverage chart", ctx.workshop.id),
                               lambda: build_kpi_coverage_figure(cov.table))
    st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG)
    st.dataframe(coverage_table(cov.table), hide_index=True, width="stretch")
    st.caption("Shortlisted and Selected: the ideas' expected changes added up (ideas are "
               "assumed not to overlap) and, in brackets, that total ÷ (target − baseline). "
               "Selected means the MoSCoW Must bucket (under Ranking).")
    st.page_link(PAGE, label="Link ideas to KPIs, record outcomes",
                 icon=":material/monitoring:")
