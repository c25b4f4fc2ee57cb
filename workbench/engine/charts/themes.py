"""Segment → need → theme → idea: a treemap of what the ideas serve, and its table."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from workbench.domain.safe_text import chart_label
from workbench.engine.charts.style import empty_figure, layout

NO_NEED = "No need yet"
NO_SEGMENT = "No segment"
NO_THEME = "No theme"


def theme_paths(needs: pd.DataFrame, ideas: pd.DataFrame,
                themes: Mapping[int, str]) -> pd.DataFrame:
    """One row per (segment, need, theme, idea) path; an idea serving two needs is on both,
    an idea serving none sits under "No segment / No need yet"."""
    need_of = {int(r.id): (str(r.segment), str(r.statement)) for r in needs.itertuples()}
    rows = []
    for idea in ideas.itertuples():
        served = [need_of[int(n)] for n in idea.need_ids if int(n) in need_of]
        theme = themes.get(int(idea.id)) or NO_THEME
        for segment, need in served or [(NO_SEGMENT, NO_NEED)]:
            rows.append((segment, need, theme, str(idea.title), int(idea.id)))
    return pd.DataFrame(rows, columns=["segment", "need", "theme", "idea", "idea_id"])


def theme_table(paths: pd.DataFrame) -> pd.DataFrame:
    """Segment, Need, Theme, Ideas (count) and their titles — the treemap as a table."""
    if paths.empty:
        return pd.DataFrame(columns=["Segment", "Need", "Theme", "Ideas", "Titles"])
    grouped = paths.groupby(["segment", "need", "theme"], sort=True)["idea"]
    table = grouped.agg(["count", lambda t: "; ".join(t)]).reset_index()
    table.columns = ["Segment", "Need", "Theme", "Ideas", "Titles"]
    return table


def build_theme_treemap(paths: pd.DataFrame) -> go.Figure:
    """Nested boxes segment → need → theme → idea, each box sized by its ideas."""
    title = "Segments → needs → themes → ideas"
    if paths.empty:
        return empty_figure(title, "no ideas yet.")
    ids, labels, parents, values = [], [], [], []

    def add(node: tuple, label: str, count: int) -> None:
        ids.append("/".join(map(str, node)))
        labels.append(chart_label(label, 40))
        parents.append("/".join(map(str, node[:-1])))
        values.append(count)

    # Ids are built from positions, never from the text, so a "/" in a name cannot nest.
    for s, (segment, by_seg) in enumerate(paths.groupby("segment", sort=True)):
        add((s,), segment, len(by_seg))
        for n, (need, by_need) in enumerate(by_seg.groupby("need", sort=True)):
            add((s, n), need, len(by_need))
            for t, (theme, by_theme) in enumerate(by_need.groupby("theme", sort=True)):
                add((s, n, t), theme, len(by_theme))
                for k, idea in enumerate(by_theme["idea"]):
                    add((s, n, t, k), idea, 1)
    fig = go.Figure(go.Treemap(ids=ids, labels=labels, parents=parents, values=values,
                               branchvalues="total", maxdepth=3,
                               hovertemplate="%{label} · %{value} idea(s)<extra></extra>"))
    return layout(fig, title, 460)
