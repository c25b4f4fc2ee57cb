"""Decide page charts: decision matrix with Pareto front, criteria view, slope chart, waterfall."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from workbench.domain.safe_text import chart_label, shorten
from workbench.engine.charts.ranking import QUADRANTS
from workbench.engine.charts.style import (
    FRONTIER,
    MODEBAR_BAND,
    MUTED,
    PALETTE,
    PORTFOLIO,
    empty_figure,
    layout,
    span,
)


def build_decision_matrix(points: pd.DataFrame, benefit_label: str, cost_label: str,
                          benefit_mid: float | None = None,
                          cost_mid: float | None = None) -> go.Figure:
    """Benefit-vs-cost matrix: rank-numbered markers, the Pareto frontier and the portfolio.

    ``points`` has idea_id, title, rank, score, benefit, cost, on_front, in_portfolio. Quadrant
    names sit outside the plotting area (above and below its corners) so they never cover a
    marker; they are shown only when both midpoints are given.
    """
    benefit_name, cost_name = chart_label(benefit_label), chart_label(cost_label)
    title = f"{benefit_name} vs {cost_name}: Pareto frontier and portfolio"
    data = points.dropna(subset=["benefit", "cost"]) if len(points) else points
    if data.empty:
        return empty_figure(title, "no idea has ratings on both criteria.")
    data = data.sort_values(["rank", "idea_id"], na_position="last")
    quadrants = benefit_mid is not None and cost_mid is not None

    def quadrant(b: float, c: float) -> str:
        return QUADRANTS[(b >= benefit_mid, c > cost_mid)] if quadrants else ""

    def hover(rows: pd.DataFrame) -> list[str]:
        out = []
        for r in rows.itertuples(index=False):
            rank = f"#{int(r.rank)} " if pd.notna(r.rank) else ""
            score = f"Score {r.score:.1f}" if pd.notna(r.score) else "Not ranked"
            tags = [t for t, on in (("on the Pareto frontier", r.on_front),
                                    ("in the portfolio", r.in_portfolio)) if on]
            extra = [quadrant(r.benefit, r.cost)] if quadrants else []
            extra += [("Is " + " and ".join(tags)) if tags else ""]
            out.append(f"<b>{rank}{chart_label(r.title)}</b><br>{score}<br>{benefit_name}: "
                       f"{r.benefit:.2f} · {cost_name}: {r.cost:.2f}"
                       + "".join(f"<br>{e}" for e in extra if e))
        return out

    def markers(rows: pd.DataFrame, name: str, fill: str, ring: str, width: float) -> go.Scatter:
        return go.Scatter(
            x=rows["cost"].to_numpy(dtype=float), y=rows["benefit"].to_numpy(dtype=float),
            mode="markers+text", name=name,
            text=[str(int(r)) if pd.notna(r) else "" for r in rows["rank"]],
            textposition="middle center", textfont=dict(color="white", size=11),
            marker=dict(size=24, color=fill, opacity=0.92, line=dict(color=ring, width=width)),
            customdata=rows["idea_id"].to_numpy(), hovertext=hover(rows), hoverinfo="text")

    on_front = data["on_front"].astype(bool)
    in_portfolio = data["in_portfolio"].astype(bool)
    fig = go.Figure()
    front = data[on_front].sort_values(["cost", "benefit"])
    if len(front):
        fig.add_trace(go.Scatter(x=front["cost"].to_numpy(dtype=float),
                                 y=front["benefit"].to_numpy(dtype=float), mode="lines",
                                 name="Pareto frontier", hoverinfo="skip",
                                 line=dict(color=FRONTIER, width=2.5, shape="linear")))
    others = data[~in_portfolio]
    if len(others):
        # Frontier ideas outside the portfolio keep a frontier-coloured ring.
        rings = np.where(others["on_front"].astype(bool), FRONTIER, "white")
        trace = markers(others, "Other ideas", "#868e96", "white", 1.5)
        trace.marker.line.color = list(rings)
        trace.marker.line.width = 2
        fig.add_trace(trace)
    chosen = data[in_portfolio]
    if len(chosen):
        fig.add_trace(markers(chosen, "In the portfolio", PORTFOLIO, "#1b5e20", 3))
    x_range = span(list(data["cost"]) + ([cost_mid] if cost_mid is not None else []))
    y_range = span(list(data["benefit"]) + ([benefit_mid] if benefit_mid is not None else []))
    if cost_mid is not None:
        fig.add_vline(x=cost_mid, line=dict(color=MUTED, dash="dash", width=1))
    if benefit_mid is not None:
        fig.add_hline(y=benefit_mid, line=dict(color=MUTED, dash="dash", width=1))
    if quadrants:
        corners = {"Quick wins": (0, 1, "left", "bottom", "↖ "),
                   "Big bets": (1, 1, "right", "bottom", "↗ "),
                   "Fill-ins": (0, 0, "left", "top", "↙ "),
                   "Money pits": (1, 0, "right", "top", "↘ ")}
        for label, (cx, cy, xa, ya, arrow) in corners.items():
            fig.add_annotation(x=cx, y=cy, xref="paper", yref="paper", xanchor=xa, yanchor=ya,
                               yshift=4 if cy else -34, showarrow=False,
                               text=f"{arrow}<b>{label}</b>",
                               font=dict(color="#868e96", size=13))
    fig.update_xaxes(title=f"{cost_name} → (lower is better)", range=x_range, zeroline=False)
    fig.update_yaxes(title=f"{benefit_name} →", range=y_range, zeroline=False)
    fig = layout(fig, title, 560)
    fig.update_layout(legend=dict(x=1.01, y=1, xanchor="left", yanchor="top"),
                      margin=dict(l=10, r=10, t=MODEBAR_BAND + 70, b=24))
    return fig


def _dimension_range(values: np.ndarray) -> list[float] | None:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    if finite.min() >= 0 and finite.max() <= 1:
        return [0.0, 1.0]
    if finite.min() >= 0 and finite.max() <= 100:
        return [0.0, 100.0]
    return None


def build_parallel_figure(frame: pd.DataFrame, columns: Sequence[tuple[str, str]],
                          colour: str) -> go.Figure:
    """Parallel coordinates: one axis per (column key, label), lines coloured by ``colour``.

    When ``frame`` also has a title column (and at most 40 ideas) a first "Idea" axis names
    each line, since Plotly's parallel coordinates have no hover. Rows with a missing value in
    any shown column are left out and the title says how many.
    """
    title = "Every idea across the criteria · 1 = best on each axis"
    keys = [key for key, _ in columns]
    needed = list(dict.fromkeys([*keys, colour]))
    data = frame.dropna(subset=needed) if len(frame) else frame
    if data.empty or not keys:
        return empty_figure(title, "no idea has a value on every criterion.")
    data = data.sort_values(colour, ascending=False).reset_index(drop=True)
    dimensions = []
    if "title" in data.columns and len(data) <= 40:
        position = np.arange(len(data))[::-1]
        # Parcoords draws tick text as plain text (d3 .text(), checked in Chromium), so it
        # is shortened but not escaped: escaping would show "&lt;" literally. Axis labels
        # below do render HTML and are escaped.
        dimensions.append(dict(label="Idea", values=position, tickvals=position,
                               ticktext=[shorten(t, 28) for t in data["title"]]))
    for key, label in columns:
        values = data[key].to_numpy(dtype=float)
        dim = dict(label=chart_label(label, 30), values=values)
        span = _dimension_range(values)
        if span is not None:
            dim["range"] = span
        dimensions.append(dim)
    shade = data[colour].to_numpy(dtype=float)
    span = _dimension_range(shade) or [float(shade.min()), float(shade.max())]
    left_out = len(frame) - len(data)
    if left_out:
        title += f" · {left_out} idea(s) without every value left out"
    fig = go.Figure(go.Parcoords(
        dimensions=dimensions, labelangle=0, labelside="top",
        labelfont=dict(size=13), tickfont=dict(size=11), rangefont=dict(size=10),
        line=dict(color=shade, cmin=span[0], cmax=span[1], showscale=True,
                  colorscale=[[0, "#f08c00"], [0.5, "#ced4da"], [1, "#3b5bdb"]],
                  colorbar=dict(title=dict(text=chart_label(dict(columns).get(colour, colour),
                                                            20), side="right"),
                                thickness=12))))
    fig = layout(fig, title, 520)
    fig.update_layout(margin=dict(l=190 if len(dimensions) > len(columns) else 60, r=60,
                                  t=MODEBAR_BAND + 110, b=30))
    return fig


def build_framework_comparison(ranks: pd.DataFrame) -> go.Figure:
    """Slope chart of each idea's rank under every framework (1 at the top), best 30 at most.

    ``ranks`` has idea_id, title, then one rank column per framework display name (NaN = not
    ranked there). The 10 best ideas by the first framework are coloured, the rest grey.
    """
    frameworks = [c for c in ranks.columns if c not in ("idea_id", "title")]
    title = "How each framework ranks the ideas"
    if ranks.empty or not frameworks:
        return empty_figure(title, "no framework has ranked any idea yet.")
    first = frameworks[0]
    data = ranks.sort_values([first, "idea_id"], na_position="last").reset_index(drop=True)
    if len(data) > 30:
        title += f" · best 30 of {len(data)} by {chart_label(first)}"
        data = data.head(30)
    names = [chart_label(f) for f in frameworks]
    x = list(range(len(frameworks)))
    fig = go.Figure()
    order = list(range(len(data)))[10:] + list(range(min(10, len(data))))  # grey first, below
    for i in order:
        row = data.iloc[i]
        y = np.array([row[f] for f in frameworks], dtype=float)
        highlight = i < 10
        colour = PALETTE[i % len(PALETTE)] if highlight else "#ced4da"
        name = chart_label(row["title"])
        last = int(np.flatnonzero(np.isfinite(y))[-1]) if np.isfinite(y).any() else -1
        text = [chart_label(row["title"], 28) if j == last else "" for j in x]
        hover = [f"<b>{name}</b><br>{fw}: " + (f"#{int(v)}" if np.isfinite(v) else "not ranked")
                 for fw, v in zip(names, y, strict=True)]
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines+markers+text", name=name, text=text,
            textposition="middle right", cliponaxis=False, connectgaps=False,
            textfont=dict(color=colour if highlight else "#868e96", size=12),
            line=dict(color=colour, width=3 if highlight else 1.5),
            marker=dict(color=colour, size=9 if highlight else 6),
            hovertext=hover, hoverinfo="text", customdata=[row["idea_id"]] * len(x),
            showlegend=False))
    values = data[frameworks].to_numpy(dtype=float)
    worst = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    fig.update_xaxes(tickvals=x, ticktext=names, side="top", range=[-0.15, len(x) - 0.85],
                     showgrid=True, zeroline=False)
    fig.update_yaxes(title="Rank (1 = best)", range=[worst + 0.6, 0.4],
                     dtick=1 if worst <= 30 else None, zeroline=False)
    fig = layout(fig, title, max(420, 120 + 22 * min(len(data), int(worst))))
    fig.update_layout(margin=dict(l=10, r=230, t=MODEBAR_BAND + 90, b=10))
    return fig


def build_waterfall_figure(steps: Sequence[tuple[str, float]],
                           total_label: str = "Score") -> go.Figure:
    """Waterfall of the points each criterion adds, ending in the total bar."""
    total_name = chart_label(total_label)
    title = f"How the {total_name.lower()} adds up, criterion by criterion"
    if not steps:
        return empty_figure(title, "no criterion has added points yet.")
    labels = [chart_label(name, 30) for name, _ in steps]
    points = [float(v) for _, v in steps]
    total = float(np.nansum(points))
    fig = go.Figure(go.Waterfall(
        x=[*labels, total_name], y=[*points, total],
        measure=["relative"] * len(points) + ["total"],
        text=[f"{v:+.1f}" for v in points] + [f"{total:.1f}"], textposition="outside",
        hovertext=[f"{n}: {v:+.1f} pts" for n, v in zip(labels, points, strict=True)]
        + [f"{total_name}: {total:.1f}"], hoverinfo="text",
        increasing=dict(marker=dict(color=PALETTE[0])),
        decreasing=dict(marker=dict(color=PALETTE[4])),
        totals=dict(marker=dict(color=PORTFOLIO)),
        connector=dict(line=dict(color=MUTED, width=1, dash="dot"))))
    running = np.cumsum([0.0, *points])
    top = max(float(np.nanmax(running)), total, 0.0)
    bottom = min(float(np.nanmin(running)), 0.0)
    fig.update_yaxes(title="Points", range=[bottom - 0.08 * (top - bottom or 1),
                                            top + 0.15 * (top - bottom or 1)])
    fig.update_xaxes(automargin=True)
    fig = layout(fig, title, 420)
    fig.update_layout(showlegend=False)
    return fig
