"""Rank page charts: the benefit-vs-cost bubble matrix and the stacked score breakdown."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from workbench.domain.models import Criterion
from workbench.domain.safe_text import chart_label
from workbench.engine.charts.style import PALETTE, layout
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
    corners = {"Quick wins": (cost.scale_min, benefit.scale_max, "left", "top"),
               "Big bets": (cost.scale_max, benefit.scale_max, "right", "top"),
               "Fill-ins": (cost.scale_min, benefit.scale_min, "left", "bottom"),
               "Money pits": (cost.scale_max, benefit.scale_min, "right", "bottom")}
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


def build_contribution_figure(ranking: Ranking, top_n: int = 25) -> go.Figure:
    """Ranked horizontal bars, stacked by each criterion's points (they add up to the score)."""
    table = ranking.table.head(top_n)
    ids = table["idea_id"].to_numpy()
    labels = [f"#{r} {chart_label(t, 45)}" for r, t in zip(table["rank"], table["title"],
                                                            strict=True)]
    fig = go.Figure()
    for i, c in enumerate(ranking.criteria):
        points = ranking.contributions.loc[ids, c.id].to_numpy(dtype=float)
        fig.add_trace(go.Bar(
            y=labels, x=points, name=chart_label(c.name), orientation="h",
            marker_color=PALETTE[i % len(PALETTE)],
            customdata=np.stack([table["title"].map(chart_label), table["score"]], axis=1),
            hovertemplate=f"%{{customdata[0]}}<br>{chart_label(c.name)}: %{{x:.1f}} pts"
                          "<br>Total %{customdata[1]:.1f}<extra></extra>"))
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=1.02, x=0, yanchor="bottom"))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title="Score (0–100): points from each criterion", range=[0, 100])
    shown = f"top {top_n} of {len(ranking.table)}" if len(ranking.table) > top_n else "all ideas"
    return layout(fig, f"What each score is made of · {shown}", max(320, 60 + 26 * len(table)))
