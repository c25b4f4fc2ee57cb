"""Exports: the ranking as CSV, with spreadsheet formulas neutralised."""

from __future__ import annotations

import pandas as pd

from workbench.domain.safe_text import neutralise_cell
from workbench.engine.scoring import Ranking


def ranking_frame(ranking: Ranking) -> pd.DataFrame:
    """Ranked ideas then unranked ones: rank, idea, score, per-criterion mean and points, raters."""
    ids = ranking.table["idea_id"].to_numpy()
    out = pd.DataFrame({"rank": ranking.table["rank"].to_numpy(),
                        "idea": ranking.table["title"].to_numpy(),
                        "score": ranking.table["score"].round(2).to_numpy()})
    for c in ranking.criteria:
        out[f"{c.name} (mean)"] = ranking.means.loc[ids, c.id].round(2).to_numpy()
        out[f"{c.name} (points)"] = ranking.contributions.loc[ids, c.id].round(2).to_numpy()
    out["raters"] = ranking.table["raters"].to_numpy()
    out["status"] = "ranked"
    rest = pd.DataFrame({"idea": ranking.unranked["title"].to_numpy(),
                         "status": ranking.unranked["reason"].to_numpy()})
    combined = pd.concat([out, rest], ignore_index=True)
    # Unranked rows have no rank: keep the column whole numbers, not 1.0, 2.0 …
    for column in ("rank", "raters"):
        combined[column] = combined[column].astype("Int64")
    return combined


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM for Excel) where cells starting with = + - @ cannot run as formulas."""
    safe = frame.rename(columns=neutralise_cell)
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    return safe.to_csv(index=False).encode("utf-8-sig")
