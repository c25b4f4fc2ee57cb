"""Robustness charts: rank bands over Monte-Carlo draws, each rater against the group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from workbench.domain.safe_text import chart_label
from workbench.engine.charts.style import INK, MODEBAR_BAND, empty_figure, layout


def build_rank_band_figure(frame: pd.DataFrame, top_n: int) -> go.Figure:
    """Per idea, the ranks it reached in 90 % of Monte-Carlo draws, best median at the top.

    ``frame`` has idea_id, title, p_top_n (0–1), rank_low, rank_median, rank_high (5th and
    95th percentile ranks). Bands span whole rank cells; the dot marks the median rank.
    """
    title = f"How sure is each rank? · 5–95 % rank range, chance of making the top {top_n}"
    if frame.empty:
        return empty_figure(title, "run the uncertainty analysis with at least one ranked idea.")
    data = frame.sort_values(["rank_median", "p_top_n", "rank_low", "idea_id"],
                             ascending=[True, False, True, True]).reset_index(drop=True)
    low = data["rank_low"].to_numpy(dtype=float)
    high = data["rank_high"].to_numpy(dtype=float)
    median = data["rank_median"].to_numpy(dtype=float)
    chance = data["p_top_n"].to_numpy(dtype=float)
    rows = np.arange(len(data))
    ranks = [f"rank {int(a)}" if a == b else f"ranks {int(a)}–{int(b)}"
             for a, b in zip(low, high, strict=True)]
    hover = [f"<b>{chart_label(t)}</b><br>P(top {top_n}) {100 * p:.0f} % · {r} in 90 % of "
             f"draws<br>Median rank {m:g}"
             for t, p, r, m in zip(data["title"], chance, ranks, median, strict=True)]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=rows, base=low - 0.4, x=high - low + 0.8, orientation="h", name="5–95 % ranks",
        width=0.55, hovertext=hover, hoverinfo="text", showlegend=False,
        customdata=data["idea_id"].to_numpy(),
        marker=dict(color=chance, cmin=0, cmax=1, line=dict(width=0),
                    colorscale=[[0, "#e9ecef"], [0.5, "#91a7ff"], [1, "#1c3d8c"]],
                    colorbar=dict(title=dict(text=f"P(top {top_n})", side="right"),
                                  tickformat=".0%", thickness=12, y=1, yanchor="top",
                                  len=min(1.0, max(0.3, 300 / (60 + 26 * len(data))))))))
    fig.add_trace(go.Scatter(
        y=rows, x=median, mode="markers", name="Median rank", hovertext=hover,
        hoverinfo="text", showlegend=False, customdata=data["idea_id"].to_numpy(),
        marker=dict(color=INK, size=9, line=dict(color="white", width=1.5))))
    # The cut is named in the axis title: a label on the line would sit on a tick or a band.
    fig.add_vline(x=top_n + 0.5, line=dict(color="#e03131", dash="dash", width=1.5))
    worst = float(np.nanmax(high)) if np.isfinite(high).any() else float(top_n)
    fig.update_xaxes(title=f"Rank (1 = best) · red dashed line = top-{top_n} cut",
                     range=[0.4, max(worst, top_n) + 0.6], tick0=1 if worst <= 25 else 0,
                     dtick=1 if worst <= 25 else (5 if worst <= 100 else None), zeroline=False,
                     side="top")
    fig.update_yaxes(tickvals=rows, ticktext=[chart_label(t, 40) for t in data["title"]],
                     range=[len(data) - 0.5, -0.5], automargin=True)
    fig = layout(fig, title, max(320, 110 + 26 * len(data)))
    fig.update_layout(bargap=0.3, margin=dict(l=10, r=10, t=MODEBAR_BAND + 100, b=10))
    return fig


def build_rater_heatmap(matrix: pd.DataFrame) -> go.Figure:
    """Ideas × raters heatmap of each rater's 0–1 deviation from the group (0 = with the group)."""
    title = "Who rated what above or below the group · blue = better than the group"
    if matrix.empty or matrix.isna().all().all():
        return empty_figure(title, "no idea has ratings from at least one rater.")
    z = matrix.to_numpy(dtype=float)
    ideas = [chart_label(i) for i in matrix.index]
    raters = [chart_label(r) for r in matrix.columns]
    # The number comes from %{z} in the template so hover and cell text round alike.
    cells = [[f"{raters[j]} · {ideas[i]}" for j in range(z.shape[1])] for i in range(z.shape[0])]
    rows, cols = np.arange(z.shape[0]), np.arange(z.shape[1])
    labelled = z.size <= 400  # numbers in the cells only while they stay legible
    fig = go.Figure(go.Heatmap(
        z=z, x=cols, y=rows, zmid=0, colorscale="RdBu", text=cells, hoverongaps=False,
        hovertemplate="%{text} · %{z:+.2f} vs group<extra></extra>", xgap=2, ygap=2,
        texttemplate="%{z:+.2f}" if labelled else None, textfont=dict(size=11),
        colorbar=dict(title=dict(text="vs group (0–1 scale)", side="right"), thickness=12,
                      tickformat="+.2f", y=1, yanchor="top", len=min(1.0, 420 / (
                          120 + 28 * z.shape[0])))))
    fig.update_xaxes(tickvals=cols, ticktext=[chart_label(r, 18) for r in matrix.columns],
                     side="top", showgrid=False)
    fig.update_yaxes(tickvals=rows, ticktext=[chart_label(i, 40) for i in matrix.index],
                     autorange="reversed", automargin=True, showgrid=False)
    fig = layout(fig, title, max(300, 120 + 28 * z.shape[0]))
    fig.update_layout(margin=dict(l=10, r=10, t=MODEBAR_BAND + 100, b=10))
    return fig
