"""KPI charts: expected vs measured change per shipped idea and KPI, and how far the
shortlist and the selection get toward each KPI's target. Both show shares of the gap to
target (units differ between KPIs) as pairs of horizontal bars, each pair's label written
above it so the bars keep the full width on a phone."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from workbench.domain.safe_text import chart_label
from workbench.engine.charts.style import PALETTE, layout, top_margin

GREY = "#9aa7b8"
ROW = 3  # a label line, then the two bars of a pair


def _pairs(labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[float],
                                                         Sequence[str]]],
           title: str, axis: str) -> go.Figure:
    """Two bars per label (name, colour, % values, hover texts), the label above them."""
    figure = go.Figure()
    for offset, (name, colour, values, hover) in enumerate(series, start=1):
        figure.add_trace(go.Bar(
            name=name, y=[k * ROW + offset for k in range(len(labels))], x=list(values),
            orientation="h", width=0.9, marker_color=colour, hovertext=list(hover),
            hovertemplate="%{hovertext}<extra></extra>"))
    for k, label in enumerate(labels):
        figure.add_annotation(x=0, y=k * ROW + 0.45, xref="paper", xanchor="left",
                              yanchor="bottom", showarrow=False, text=label,
                              font=dict(size=12, color="#495057"))
    layout(figure, title, 120 + 66 * len(labels))
    figure.update_yaxes(range=[ROW * len(labels) - 0.4, -0.2], showticklabels=False,
                        showgrid=False, zeroline=False)
    figure.update_xaxes(title=axis, ticksuffix=" %", zeroline=True)
    figure.update_layout(barmode="overlay", legend=dict(orientation="h", x=0, y=1,
                                                        yanchor="bottom"),
                         margin=dict(l=10, r=10, t=top_margin(26), b=10))
    return figure


def build_outcome_figure(outcomes: pd.DataFrame) -> go.Figure:
    """Per (idea, KPI): expected and measured change as % of the KPI's gap to target."""
    labels = [f"{chart_label(i, 44)} · {chart_label(k, 30)}"
              for i, k in zip(outcomes["idea"], outcomes["KPI"], strict=True)]
    series = []
    for column, name, colour in (("expected", "Expected", GREY),
                                 ("measured", "Measured", PALETTE[0])):
        shares = (outcomes[f"{column} share"] * 100).tolist()
        hover = [f"{label}<br>{name}: {value:+g} {chart_label(unit)} ({share:.0f} % of the "
                 "gap)" for label, value, unit, share in
                 zip(labels, outcomes[column], outcomes["unit"], shares, strict=True)]
        series.append((name, colour, shares, hover))
    return _pairs(labels, series, "Expected vs measured change", "% of the gap to target")


def build_kpi_coverage_figure(table: pd.DataFrame) -> go.Figure:
    """Per KPI: the share of its gap the shortlisted and the selected ideas are expected to
    close (100 % = the target), with a line at the target."""
    labels = [chart_label(k, 60) for k in table["KPI"]]
    series = []
    for column, name, colour in (("shortlisted", "Shortlisted", GREY),
                                 ("selected", "Selected", PALETTE[0])):
        shares = (table[f"{column} share"] * 100).tolist()
        hover = [f"{label}<br>{name}: {share:.0f} % of the gap" for label, share in
                 zip(labels, shares, strict=True)]
        series.append((name, colour, shares, hover))
    figure = _pairs(labels, series, "How far toward each KPI target",
                    "Expected share of the gap to target")
    shares = pd.concat([table["shortlisted share"], table["selected share"]]) * 100
    figure.add_vline(x=100, line_dash="dash", line_color="#666", annotation_text="target",
                     annotation_position="bottom right")
    figure.update_xaxes(range=[min(0.0, float(shares.min()) * 1.05),
                               max(105.0, float(shares.max()) * 1.05)])
    return figure
