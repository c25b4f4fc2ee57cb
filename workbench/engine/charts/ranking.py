"""Rank page charts: the benefit-vs-cost bubble matrix and the stacked score breakdown."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from workbench.domain.models import Criterion
from workbench.domain.safe_text import chart_label
from workbench.engine.charts.style import INK, PALETTE, layout, top_margin
from workbench.engine.scoring import Ranking

QUADRANTS = {  # (high benefit?, high cost?) -> label
    (True, False): "Quick wins",
    (True, True): "Big bets",
    (False, False): "Fill-ins",
    (False, True): "Money pits",
}


def quadrant_of(benefit: float, cost: float, benefit_c: Criterion, cost_c: Criterion) -> str:
    """Quick wins / Big bets / Fill-ins / Money pits by the scale midpoints."""
    high_benefit = benefit >= (benefit_c.scale_min + benefit_c.scale_max) / 2
    high_cost = cost > (cost_c.scale_min + cost_c.scale_max) / 2
    return QUADRANTS[(high_benefit, high_cost)]


def build_matrix_figure(ranking: Ranking, benefit: Criterion, cost: Criterion,
                        size: Criterion | None = None) -> go.Figure:
    """Benefit-vs-cost bubble matrix with quadrant lines at scale midpoints and labels."""
    table = ranking.table
    ids = table["idea_id"].to_numpy()
    x = ranking.means.loc[ids, cost.id].to_numpy(dtype=float)
    y = ranking.means.loc[ids, benefit.id].to_numpy(dtype=float)
    if size is not None:
        raw = ranking.means.loc[ids, size.id].to_numpy(dtype=float)
        share = (raw - size.scale_min) / (size.scale_max - size.scale_min)
        bubble = 12 + 30 * np.clip(share, 0, 1)
        size_text = [f"{size.name}: {v:.2f}" for v in raw]
    else:
        bubble = np.full(len(ids), 16.0)
        size_text = [""] * len(ids)
    hover = [f"<b>#{r} {chart_label(t)}</b><br>Score {s:.1f}<br>{chart_label(benefit.name)}: "
             f"{yy:.2f} · {chart_label(cost.name)}: {xx:.2f}<br>{chart_label(st_)}"
             for r, t, s, xx, yy, st_ in zip(table["rank"], table["title"], table["score"], x, y,
                                             size_text, strict=True)]
    fig = go.Figure(go.Scatter(
        x=x, y=y, mode="markers+text", text=[str(r) for r in table["rank"]],
        textposition="middle center", textfont=dict(color="white", size=11),
        marker=dict(size=bubble, color=table["score"], colorscale="Blues", cmin=0, cmax=100,
                    line=dict(color="#1c3d8c", width=1), opacity=0.9,
                    colorbar=dict(title="Score", thickness=12)),
        hovertext=hover, hoverinfo="text", showlegend=False))
    xmid = (cost.scale_min + cost.scale_max) / 2
    ymid = (benefit.scale_min + benefit.scale_max) / 2
    pad = 0.3
    fig.add_vline(x=xmid, line=dict(color="#adb5bd", dash="dash"))
    fig.add_hline(y=ymid, line=dict(color="#adb5bd", dash="dash"))
    # In the padding band along the plot's edges, beside the scale's extremes, so they cover
    # as few bubbles as possible.
    left, right = cost.scale_min - pad, cost.scale_max + pad
    high, low = benefit.scale_max + pad, benefit.scale_min - pad
    corners = {"Quick wins": (left, high, "left", "top"),
               "Big bets": (right, high, "right", "top"),
               "Fill-ins": (left, low, "left", "bottom"),
               "Money pits": (right, low, "right", "bottom")}
    for label, (cx, cy, xa, ya) in corners.items():
        fig.add_annotation(x=cx, y=cy, text=f"<b>{label}</b>", showarrow=False, xanchor=xa,
                           yanchor=ya, font=dict(color="#868e96", size=13),
                           bgcolor="rgba(255,255,255,0.75)")
    fig.update_xaxes(title=f"{chart_label(cost.name)} (mean, lower is better) →",
                     range=[cost.scale_min - pad, cost.scale_max + pad], zeroline=False)
    fig.update_yaxes(title=f"{chart_label(benefit.name)} (mean) →",
                     range=[benefit.scale_min - pad, benefit.scale_max + pad], zeroline=False)
    subtitle = f"bubble size: {chart_label(size.name)}" if size is not None else ""
    return layout(fig, f"{chart_label(benefit.name)} vs {chart_label(cost.name)}"
                   + (f" <span style='font-size:12px;color:#868e96'>· {subtitle}</span>"
                      if subtitle else ""), 520)


ROW_PX = 44       # one idea: its label line above a bar
BAR_WIDTH = 0.5   # share of a row the bar takes; the label sits in the rest, above it


def build_contribution_figure(ranking: Ranking, top_n: int = 25) -> go.Figure:
    """Ranked bars stacked by each criterion's points, the score printed at each bar's end.

    Each idea's name sits on its own line above its bar (not beside it), so on a phone the
    bars keep the full width; the points are written inside the segments wide enough to hold
    them, and the total after the bar.
    """
    table = ranking.table.head(top_n)
    ids = table["idea_id"].to_numpy()
    labels = [f"#{r} {chart_label(t, 48)}" for r, t in zip(table["rank"], table["title"],
                                                            strict=True)]
    scores = table["score"].to_numpy(dtype=float)
    fig = go.Figure()
    for i, c in enumerate(ranking.criteria):
        points = ranking.contributions.loc[ids, c.id].to_numpy(dtype=float)
        fig.add_trace(go.Bar(
            y=labels, x=points, name=chart_label(c.name), orientation="h", width=BAR_WIDTH,
            marker_color=PALETTE[i % len(PALETTE)], text=[f"{p:.1f}" for p in points],
            textposition="inside", insidetextanchor="middle", textangle=0,
            textfont=dict(color="white", size=11),
            customdata=np.stack([table["title"].map(chart_label), scores], axis=1),
            hovertemplate=f"%{{customdata[0]}}<br>{chart_label(c.name)}: %{{x:.1f}} pts"
                          "<br>Total %{customdata[1]:.1f}<extra></extra>"))
    # Category positions are row numbers: the label goes just above the bar, the total after.
    for row, (label, score) in enumerate(zip(labels, scores, strict=True)):
        fig.add_annotation(x=0, y=row - BAR_WIDTH / 2, xanchor="left", yanchor="bottom",
                           showarrow=False, text=label, font=dict(size=12, color="#495057"))
        fig.add_annotation(x=score, y=row, xanchor="left", xshift=3, showarrow=False,
                           text=f"<b>{score:.1f}</b>", font=dict(size=12, color=INK))
    names = sum(len(c.name) + 6 for c in ranking.criteria)
    legend_lines = 1 + names * 7 // 330  # how many lines the legend takes on a 390 px phone
    # Numbers that do not fit a thin segment are hidden (uniformtext), not spilled over.
    fig.update_layout(barmode="stack", uniformtext=dict(minsize=10, mode="hide"),
                      legend=dict(orientation="h", y=1, x=0, yanchor="bottom",
                                  traceorder="normal"))
    fig.update_yaxes(range=[len(table) - 0.5, -0.75], showticklabels=False, showgrid=False,
                     zeroline=False)
    fig.update_xaxes(title="Score (0–100) = the criteria's points", range=[0, 100], dtick=20)
    shown = f"top {top_n} of {len(ranking.table)}" if len(ranking.table) > top_n else "all ideas"
    fig = layout(fig, f"What each score is made of · {shown}",
                 max(300, 150 + ROW_PX * len(table) + 26 * legend_lines))
    # The right margin holds a total of 100 written after its bar.
    fig.update_layout(margin=dict(l=10, r=40, t=top_margin(26 * legend_lines), b=10))
    return fig
