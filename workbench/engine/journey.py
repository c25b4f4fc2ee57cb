"""The journey map: needs placed on stages × segments, each cell's strongest need as colour."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.domain.safe_text import chart_label
from workbench.engine.opportunity import opportunity

NOT_PLACED = "Not placed"
EMPTY_CELL = "no known need here"
MEASURES = {"importance": "Importance (1–5)", "opportunity": "Opportunity (1–9)"}
HOVER_NEEDS = 8


@dataclass(frozen=True)
class JourneyMap:
    """A stages × segments grid: ``z`` holds each cell's highest value (NaN: no need there),
    ``hover`` escaped text listing its needs and idea counts, ``table`` the same as rows."""

    stages: list[str]
    segments: list[str]
    z: np.ndarray
    counts: np.ndarray
    hover: list[list[str]]
    table: pd.DataFrame
    measure: str


def need_values(needs: pd.DataFrame, measure: str, importance: pd.Series | None = None
                ) -> pd.Series:
    """Per need id: its importance (``importance`` overrides the stated one) or opportunity."""
    ids = needs["id"].astype("int64").to_numpy()
    imp = needs["importance"].to_numpy(float)
    if importance is not None:
        imp = pd.Series(importance).reindex(ids).fillna(pd.Series(imp, index=ids)).to_numpy(float)
    if measure == "opportunity":
        imp = opportunity(imp, needs["satisfaction"].astype("float64").to_numpy())
    return pd.Series(imp, index=ids)


def journey_map(stages: pd.DataFrame, segments: pd.DataFrame, needs: pd.DataFrame,
                measure: str = "importance", importance: pd.Series | None = None) -> JourneyMap:
    """Place every need in its (stage, segment) cell; needs on no known stage go to a last
    "Not placed" column (shown only when there are some)."""
    stage_ids = [int(s) for s in stages["id"]]
    stage_names = [str(n) for n in stages["name"]]
    seg_ids = [int(s) for s in segments["id"]]
    values = need_values(needs, measure, importance) if not needs.empty else pd.Series(
        dtype=float)
    col_of = {s: k for k, s in enumerate(stage_ids)}
    placed = [col_of.get(None if pd.isna(s) else int(s)) for s in needs.get("stage_id", [])]
    if any(c is None for c in placed):
        stage_names = [*stage_names, NOT_PLACED]
    unplaced_col = len(stage_ids)
    row_of = {s: k for k, s in enumerate(seg_ids)}
    cells: dict[tuple[int, int], list[tuple[float, str, int]]] = {}
    for need, col in zip(needs.itertuples(), placed, strict=True):
        row = row_of.get(int(need.segment_id))
        if row is None:
            continue
        cells.setdefault((row, unplaced_col if col is None else col), []).append(
            (float(values[int(need.id)]), str(need.statement), int(need.ideas)))
    shape = (len(seg_ids), len(stage_names))
    z = np.full(shape, np.nan)
    counts = np.zeros(shape, dtype=int)
    label = MEASURES[measure].split(" ")[0].lower()
    seg_names = [str(n) for n in segments["name"]]
    hover = [[f"<b>{chart_label(stage_names[c])} · {chart_label(seg_names[r])}"
              f"</b><br>{EMPTY_CELL}" for c in range(shape[1])] for r in range(shape[0])]
    rows = []
    for r in range(shape[0]):
        for c in range(shape[1]):
            found = sorted(cells.get((r, c), []), key=lambda v: (-v[0], v[1]))
            entry = {"Stage": stage_names[c], "Segment": seg_names[r],
                     "Needs": len(found), f"Highest {label}": np.nan, "Ideas": 0,
                     "Needs here": EMPTY_CELL}
            if found:
                z[r, c] = found[0][0]
                counts[r, c] = len(found)
                lines = [f"{chart_label(s, 60)} ({label} {v:g}, {n} idea(s))"
                         for v, s, n in found[:HOVER_NEEDS]]
                if len(found) > HOVER_NEEDS:
                    lines.append(f"… and {len(found) - HOVER_NEEDS} more")
                hover[r][c] = (f"<b>{chart_label(stage_names[c])} · "
                               f"{chart_label(seg_names[r])}</b><br>"
                               + "<br>".join(lines))
                entry.update({f"Highest {label}": found[0][0],
                              "Ideas": sum(n for _, _, n in found),
                              "Needs here": "; ".join(s for _, s, _ in found)})
            rows.append(entry)
    table = pd.DataFrame(rows, columns=["Stage", "Segment", "Needs", f"Highest {label}",
                                        "Ideas", "Needs here"])
    return JourneyMap(stage_names, seg_names, z, counts, hover,
                      table, measure)
