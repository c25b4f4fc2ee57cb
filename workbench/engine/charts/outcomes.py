"""The estimate-vs-outcome chart: expected and measured change per idea and KPI."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from workbench.domain.safe_text import chart_label
from workbench.engine.charts.style import PALETTE, layout


def build_outcome_figure(outcomes: pd.DataFrame) -> go.Figure:
    """Horizontal grouped bars per (idea, KPI): expected and measured change as % of the
    KPI's gap to target (units differ between KPIs; the gap share puts them on one axis)."""
    labels = [f"{chart_label(i, 40)}<br>{chart_label(k, 40)}"
              for i, k in zip(outcomes["idea"], outcomes["KPI"], strict=True)]
    units = [chart_label(u) for u in outcomes["unit"]]
    figure = go.Figure()
    for column, name, colour in (("expected", "Expected", "#9aa7b8"),
                                 ("measured", "Measured", PALETTE[0])):
        figure.add_trace(go.Bar(
            name=name, y=labels, x=outcomes[f"{column} share"] * 100, orientation="h",
            marker_color=colour,
            customdata=list(zip(outcomes[column], units, strict=True)),
            hovertemplate="%{y}<br>" + name + ": %{customdata[0]:+g} %{customdata[1]}"
                          " (%{x:.0f} % of the gap)<extra></extra>"))
    layout(figure, "Expected vs measured change (% of the gap to target)",
           150 + 70 * len(labels))
    figure.update_layout(barmode="group", xaxis_title="% of the gap to target",
                         yaxis={"autorange": "reversed", "automargin": True},
                         legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"})
    return figure


def build_kpi_coverage_figure(table: pd.DataFrame) -> go.Figure:
    """Horizontal bars per KPI: the share of its gap the shortlisted and the selected ideas
    are expected to close, with the target at 100 %."""
    names = [chart_label(k, 40) for k in table["KPI"]]
    figure = go.Figure()
    for column, name, colour in (("shortlisted", "Shortlisted", "#9aa7b8"),
                                 ("selected", "Selected", PALETTE[0])):
        figure.add_trace(go.Bar(
            name=name, y=names, x=table[f"{column} share"] * 100, orientation="h",
            marker_color=colour,
            hovertemplate="%{y}<br>" + name + ": %{x:.0f} % of the gap<extra></extra>"))
    figure.add_vline(x=100, line_dash="dash", line_color="#666",
                     annotation_text="target", annotation_position="top")
    layout(figure, "Expected share of each KPI's gap to target", 140 + 50 * len(names))
    figure.update_layout(barmode="group", xaxis_title="% of the gap to target",
                         yaxis={"autorange": "reversed", "automargin": True},
                         legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"})
    return figure
