"""The journey heatmap: stages down, segments across, colour = each cell's strongest need.

Stages run down the chart (not across, as on a whiteboard) so that six or more stages stay
readable on a phone: rows grow the chart's height, which a phone has, not its width.
"""

from __future__ import annotations

import textwrap

import numpy as np
import plotly.graph_objects as go

from workbench.domain.safe_text import chart_label, shorten
from workbench.engine.charts.style import MODEBAR_BAND, empty_figure, layout
from workbench.engine.journey import MEASURES, JourneyMap

ROW_PX = 48


def _wrapped(text: str, width: int = 11, lines: int = 3) -> str:
    """An escaped axis label wrapped to short lines (segment names over narrow columns)."""
    parts = textwrap.wrap(str(text), width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = [*parts[:lines - 1], shorten(" ".join(parts[lines - 1:]), width)]
    return "<br>".join(chart_label(p) for p in parts)


def build_journey_heatmap(jm: JourneyMap) -> go.Figure:
    """One cell per (stage, segment): coloured by its highest importance or opportunity,
    labelled with its need count; hover lists the needs and their ideas."""
    title = f"Colour = {MEASURES[jm.measure].lower()}"
    if not jm.segments or not jm.stages:
        return empty_figure(title, "add a segment and a need to see the journey.")
    top = 5.0 if jm.measure == "importance" else 9.0
    text = [[f"{n} need{'s' if n != 1 else ''}" if n else "no known<br>need here"
             for n in row] for row in jm.counts.T]
    fig = go.Figure(go.Heatmap(
        z=jm.z.T, x=list(range(len(jm.segments))), y=list(range(len(jm.stages))),
        customdata=np.array(jm.hover, dtype=object).T, text=text, texttemplate="%{text}",
        textfont=dict(size=11), hovertemplate="%{customdata}<extra></extra>", hoverongaps=True,
        zmin=1, zmax=top, colorscale="YlOrRd", xgap=2, ygap=2,
        colorbar=dict(title=dict(text=jm.measure, side="right"), thickness=10,
                      dtick=1 if jm.measure == "importance" else 2)))
    fig.update_xaxes(tickvals=list(range(len(jm.segments))), side="top", showgrid=False,
                     tickfont=dict(size=11),
                     ticktext=[_wrapped(s) for s in jm.segments], tickangle=0,
                     automargin=True)
    fig.update_yaxes(tickvals=list(range(len(jm.stages))), autorange="reversed",
                     ticktext=[chart_label(s, 16) for s in jm.stages], automargin=True,
                     showgrid=False)
    fig = layout(fig, title, max(260, 170 + ROW_PX * len(jm.stages)))
    fig.update_layout(margin=dict(l=10, r=10, t=MODEBAR_BAND + 70, b=10),
                      plot_bgcolor="#f1f3f5")
    return fig
