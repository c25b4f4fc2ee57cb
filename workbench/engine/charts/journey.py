"""The journey heatmap: stages across, segments down, colour = each cell's strongest need."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from workbench.domain.safe_text import chart_label
from workbench.engine.charts.style import MODEBAR_BAND, empty_figure, layout
from workbench.engine.journey import MEASURES, JourneyMap

ROW_PX = 56


def build_journey_heatmap(jm: JourneyMap) -> go.Figure:
    """One cell per (segment, stage): coloured by its highest importance or opportunity,
    labelled with its need count; hover lists the needs and their ideas."""
    title = f"Customer journey · colour = {MEASURES[jm.measure].lower()}"
    if not jm.segments or not jm.stages:
        return empty_figure(title, "add a segment and a need to see the journey.")
    top = 5.0 if jm.measure == "importance" else 9.0
    text = [[f"{n} need{'s' if n != 1 else ''}" if n else "no known<br>need here"
             for n in row] for row in jm.counts]
    fig = go.Figure(go.Heatmap(
        z=jm.z, x=list(range(len(jm.stages))), y=list(range(len(jm.segments))),
        customdata=np.array(jm.hover, dtype=object), text=text, texttemplate="%{text}",
        textfont=dict(size=11), hovertemplate="%{customdata}<extra></extra>", hoverongaps=True,
        zmin=1, zmax=top, colorscale="YlOrRd", xgap=2, ygap=2,
        colorbar=dict(title=dict(text=jm.measure, side="right"), thickness=12)))
    fig.update_xaxes(tickvals=list(range(len(jm.stages))), side="top", showgrid=False,
                     ticktext=[chart_label(s, 16) for s in jm.stages], automargin=True)
    fig.update_yaxes(tickvals=list(range(len(jm.segments))), autorange="reversed",
                     ticktext=[chart_label(s, 22) for s in jm.segments], automargin=True,
                     showgrid=False)
    fig = layout(fig, title, max(260, 150 + ROW_PX * len(jm.segments)))
    fig.update_layout(margin=dict(l=10, r=10, t=MODEBAR_BAND + 60, b=10),
                      plot_bgcolor="#f1f3f5")
    return fig
