"""The needs × ideas heatmap: which ideas serve which need, most promising need on top."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from workbench.domain.safe_text import chart_label
from workbench.engine.charts.style import MODEBAR_BAND, empty_figure, layout
from workbench.engine.coverage import Coverage

TAGGED = "#3b5bdb"
ROW_PX = 30
# Beyond this many columns the names overlap on a phone (the chart cannot know the screen):
# hover or tap a cell for its idea; the Table tab lists them all.
LABELLED_IDEAS = 15


def build_coverage_heatmap(cov: Coverage) -> go.Figure:
    """Needs (rows, by opportunity) × ideas (columns, grouped by their first need)."""
    title = "Ideas per need · most promising need on top"
    if cov.matrix.empty or cov.matrix.shape[1] == 0:
        return empty_figure(title, "no needs and ideas to compare yet.")
    z = cov.matrix.to_numpy(dtype=float)
    needs = [chart_label(s) for s in cov.needs["statement"]]
    ideas = [chart_label(cov.titles[int(i)]) for i in cov.matrix.columns]
    cells = [[f"{ideas[j]} → {needs[i]}" for j in range(z.shape[1])] for i in range(z.shape[0])]
    rows, cols = np.arange(z.shape[0]), np.arange(z.shape[1])
    scored = np.nanmax(z) > 1.0 or np.nanmin(z) < 1.0 if np.isfinite(z).any() else False
    fig = go.Figure(go.Heatmap(
        z=z, x=cols, y=rows, text=cells, hoverongaps=False, xgap=1, ygap=1,
        hovertemplate="%{text}" + (" · score %{z:.2f}" if scored else "") + "<extra></extra>",
        colorscale="Blues" if scored else [[0, TAGGED], [1, TAGGED]], showscale=bool(scored),
        colorbar=dict(title=dict(text="score", side="right"), thickness=12)))
    # A need with no idea has an empty row: its label is bold so the gap reads as one.
    counts = [f"{chart_label(s, 26)} ({n})" if n else f"<b>{chart_label(s, 26)} (0)</b>"
              for s, n in zip(cov.needs["statement"], cov.needs["ideas"], strict=True)]
    fig.update_yaxes(tickvals=rows, ticktext=counts, autorange="reversed", automargin=True,
                     showgrid=False)
    labelled = z.shape[1] <= LABELLED_IDEAS
    # Idea names below the grid: on top they ran into the title.
    fig.update_xaxes(tickvals=cols if labelled else [], side="bottom", showgrid=False,
                     ticktext=[chart_label(cov.titles[int(i)], 22) for i in cov.matrix.columns]
                     if labelled else [], tickangle=-50, automargin=True,
                     title=None if labelled else dict(text=f"{z.shape[1]} ideas (tap a cell)"))
    fig = layout(fig, title, max(300, (200 if labelled else 140) + ROW_PX * z.shape[0]))
    fig.update_layout(margin=dict(l=10, r=10, t=MODEBAR_BAND + 40, b=10))
    return fig
