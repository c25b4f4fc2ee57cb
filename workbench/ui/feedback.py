"""Customer feedback on screen: NPS/CSAT figures, evidence per need, and its line on Needs."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from workbench import services
from workbench.domain.models import Workshop
from workbench.domain.safe_text import md, shorten
from workbench.engine.charts import PLOT_CONFIG
from workbench.engine.charts.style import empty_figure, layout
from workbench.store import Store
from workbench.ui.widgets import done, reporting


def _pct(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.0f}"


def _nps(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:+.0f}"


def need_feedback(evidence: pd.DataFrame, need_id: int, importance: int) -> None:
    """Under a need on Customer needs: its feedback mentions, detractor share, evidence
    importance next to the stated one, and a sample quote (a detractor's if any)."""
    if need_id not in evidence.index:
        return
    ev = evidence.loc[need_id]
    share = ("" if pd.isna(ev["detractor_pct"])
             else f" · {ev['detractor_pct']:.0f} % detractors")
    st.caption(f":material/forum: {ev['mentions']} feedback mention(s){share} · importance "
               f"{importance} stated, {ev['evidence_importance']} from evidence")
    if ev["quotes"]:  # one: the page lists every need, the Feedback page has the rest
        st.caption(f"“{md(shorten(ev['quotes'][0], 160))}” (feedback)")


def month_figure(months: pd.DataFrame) -> go.Figure:
    """NPS and CSAT per month as lines (a table sits next to it)."""
    title = "NPS and CSAT by month"
    if months.empty:
        return empty_figure(title, "no dated feedback yet.", 260)
    fig = go.Figure()
    for column, name in (("nps", "NPS (−100…100)"), ("csat", "CSAT % (0…100)")):
        if months[column].notna().any():
            fig.add_trace(go.Scatter(x=list(months["group"]), y=list(months[column]),
                                     mode="lines+markers", name=name,
                                     hovertemplate="%{x}: %{y:.0f}<extra>" + name + "</extra>"))
    fig.update_xaxes(type="category")
    fig.update_layout(legend=dict(orientation="h", y=-0.2))
    return layout(fig, title, 300)


def _summary_table(table: pd.DataFrame, first: str) -> pd.DataFrame:
    """The summary as shown: a scale nobody answered on gets no columns (narrow screens)."""
    shown = pd.DataFrame({first: table["group"].astype(str).map(md), "Items": table["items"]})
    if table["nps_answers"].sum() > 0:
        shown["NPS"] = table["nps"].map(_nps)
        shown["Promoters %"] = table["promoters_pct"].map(_pct)
        shown["Detractors %"] = table["detractors_pct"].map(_pct)
    if table["csat_answers"].sum() > 0:
        shown["CSAT %"] = table["csat"].map(_pct)
    return shown


def numbers_section(store: Store, workshop: Workshop) -> None:
    """Overall NPS/CSAT, then per segment, per need and per month (chart and table)."""
    view = services.overview(store, workshop.id)
    overall = view.overall.iloc[0] if not view.overall.empty else None
    total = 0 if overall is None else int(overall["items"])
    assigned = int(view.evidence["mentions"].sum()) if not view.evidence.empty else 0
    # A row that wraps (not columns, which a phone stacks one per line).
    row = st.container(horizontal=True, gap="large")
    row.metric("Feedback items", f"{total:,}", width="content")
    row.metric("Assigned to a need", f"{assigned:,}", width="content")
    row.metric("NPS", "—" if overall is None else _nps(overall["nps"]), width="content",
               help="% promoters (9–10) − % detractors (0–6) among 0–10 answers; −100 … +100.")
    csat_text = "—" if overall is None or pd.isna(overall["csat"]) else f"{overall['csat']:.0f} %"
    row.metric("CSAT", csat_text, width="content",
               help="% of 1–5 answers that are 4 or 5.")
    segments, per_need, months = st.tabs(["Per segment", "Per need", "By month"])
    with segments:
        st.table(_summary_table(view.by_segment, "Segment"), hide_index=True,
                 border="horizontal")
    with per_need:
        evidence_table(store, workshop.id, view.evidence)
    with months:
        st.plotly_chart(month_figure(view.by_month), width="stretch", config=PLOT_CONFIG)
        st.table(_summary_table(view.by_month, "Month"), hide_index=True, border="horizontal")


def evidence_table(store: Store, workshop_id: int, evidence: pd.DataFrame) -> None:
    """Per need: stated and evidence importance side by side, mentions, detractors, quote."""
    if evidence.empty:
        st.caption("No feedback is assigned to a need yet: assign items below, or accept "
                   "suggestions.")
        return
    needs = store.list_needs(workshop_id).set_index("id")
    ev = evidence[evidence["need_id"].isin(needs.index)]
    st.table(pd.DataFrame({
        "Need": [md(needs.loc[n, "statement"]) for n in ev["need_id"]],
        "Segment": [md(needs.loc[n, "segment"]) for n in ev["need_id"]],
        "Importance stated": [int(needs.loc[n, "importance"]) for n in ev["need_id"]],
        "Importance from evidence": ev["evidence_importance"].astype(int),
        "Mentions": ev["mentions"], "Detractors %": ev["detractor_pct"].map(_pct),
        "NPS": ev["nps"].map(_nps), "CSAT %": ev["csat"].map(_pct),
        "Sample quote": [md(shorten(q[0], 120)) if q else "" for q in ev["quotes"]]}),
        hide_index=True, border="horizontal")


def evidence_switch(store: Store, workshop: Workshop, actor: int | None, can_edit: bool) -> None:
    """The per-workshop switch: does feedback evidence set need importance?"""
    on = store.evidence_sets_importance(workshop.id)
    wanted = st.toggle("Feedback evidence sets need importance", value=on,
                       key=f"evidence_importance_{workshop.id}_{on}", disabled=not can_edit,
                       help="On: a need with assigned feedback takes its importance from the "
                       "evidence (1 + 4 × its mentions, detractors counted twice, over the "
                       "most-mentioned need's); the journey map and the opportunity score "
                       "on Decide use it. Needs without feedback keep their stated rating.")
    if wanted != on:
        with reporting():
            services.set_evidence_importance(store, workshop.id, actor, wanted)
            done("Need importance now comes from " + ("customer feedback" if wanted
                                                      else "the stated ratings"))
