"""The score grid a rater edits: build it from their saved scores, diff it back into entries."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.domain.models import Criterion


def score_grid(ideas: pd.DataFrame, criteria: Sequence[Criterion],
               my_scores: pd.DataFrame) -> pd.DataFrame:
    """One row per idea (index idea_id), a title column and one ``c<id>`` column per criterion."""
    grid = pd.DataFrame({"title": ideas["title"].to_numpy()},
                        index=pd.Index(ideas["id"].astype("int64"), name="idea_id"))
    wide = (my_scores.pivot(index="idea_id", columns="criterion_id", values="value")
            if not my_scores.empty else pd.DataFrame())
    for c in criteria:
        column = wide[c.id] if c.id in wide.columns else pd.Series(dtype="float64")
        grid[f"c{c.id}"] = column.reindex(grid.index).astype("float64")
    return grid


def changed_cells(before: pd.DataFrame, after: pd.DataFrame,
                  criteria: Sequence[Criterion]) -> list[tuple[int, int, object]]:
    """(idea_id, criterion_id, new value or None) for every cell the rater changed."""
    entries: list[tuple[int, int, object]] = []
    for c in criteria:
        column = f"c{c.id}"
        old = before[column]
        new = after[column].reindex(before.index)
        for idea_id in before.index:
            a, b = old.at[idea_id], new.at[idea_id]
            if pd.isna(a) and pd.isna(b):
                continue
            if pd.isna(b):
                entries.append((int(idea_id), c.id, None))
            elif pd.isna(a) or a != b:
                entries.append((int(idea_id), c.id, b))
    return entries
