"""The funnel chart: how many ideas are left at each stage, from generated to selected."""

from __future__ import annotations

import plotly.graph_objects as go

from workbench.engine.charts.style import FRONTIER, empty_figure, layout
from workbench.engine.funnel import NOT_CHOSEN, STAGES, Funnel


def build_funnel_figure(result: Funnel) -> go.Figure:
    """Horizontal funnel of the five stages; "not chosen yet" stands in for no selection."""
    title = "From many ideas to few"
    if not result.generated:
        return empty_figure(title, "no ideas yet.", height=280)
    counts = result.counts()
    shown = [0 if c is None else c for c in counts]
    labels = [NOT_CHOSEN if c is None else str(c) for c in counts]
    fig = go.Figure(go.Funnel(
        y=list(STAGES), x=shown, text=labels, textinfo="text", textposition="outside",
        marker=dict(color=FRONTIER), connector=dict(line=dict(width=0)),
        hovertemplate="%{y}: %{text}<extra></extra>"))
    fig = layout(fig, title, 300)
    fig.update_layout(margin=dict(l=10, r=60, t=80, b=10))
    return fig
