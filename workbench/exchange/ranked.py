"""The ranked export's tables: one row per idea with everything behind its place, and the
method (framework, normalisation, criteria and weights) it was ranked by (pure)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from workbench.domain.models import MOSCOW_LABELS
from workbench.engine.aggregation import AGGREGATIONS
from workbench.engine.evaluation import Evaluation

# Text is copied verbatim here; the writers neutralise formula cells.


def ranked_frame(evaluation: Evaluation, *, spread: pd.DataFrame,
                 themes: Mapping[int, str], dots: Mapping[int, int],
                 authors: Mapping[int, str] | None) -> pd.DataFrame:
    """Ranked ideas best first, then the ones that could not be ranked (with the reason).

    Columns: Rank, Idea, Author(s) (only when ``authors`` is given: names may be shown),
    Theme and MoSCoW (when any idea has one), the method's score, the weighted score when the
    method is a formula, each formula input, each criterion's aggregated rating and points,
    Raters, Dots (when any), Spread (0–1) and Agreement, Status.
    """
    table = evaluation.table
    ids = table["idea_id"].astype("int64").to_numpy()
    out = pd.DataFrame({"Rank": table["rank"].to_numpy(), "Idea": table["title"].to_numpy()})
    if authors is not None:
        out["Author(s)"] = [authors.get(int(i), "") for i in ids]
    if themes:
        out["Theme"] = [themes.get(int(i), "") for i in ids]
    if evaluation.framework.key == "moscow" or table["bucket"].notna().any():
        out["MoSCoW"] = table["bucket"].map(MOSCOW_LABELS).fillna("").to_numpy()
    framework = evaluation.framework
    score_name = ("Weighted score (0–100)" if evaluation.formula is None
                  else f"{framework.name} score")
    out[score_name] = table["score"].astype(float).round(4).to_numpy()
    weighted = evaluation.weighted
    if evaluation.formula is not None:
        if weighted is not None:
            out["Weighted score (0–100)"] = (weighted.table.set_index("idea_id")["score"]
                                            .reindex(ids).round(4).to_numpy())
        labels = {s.role: s.label for s in framework.slots}
        inputs = evaluation.formula.inputs.reindex(ids)
        for role in inputs.columns:
            out[f"{framework.name}: {labels.get(role, role)}"] = inputs[role].round(4).to_numpy()
    for c in evaluation.criteria:
        if c.id in evaluation.values.columns:
            out[f"{c.name} (rating)"] = (evaluation.values[c.id].reindex(ids).astype(float)
                                         .round(4).to_numpy())
        if weighted is not None and c.id in weighted.contributions.columns:
            out[f"{c.name} (points)"] = (weighted.contributions[c.id].reindex(ids)
                                         .astype(float).round(4).to_numpy())
    out["Raters"] = table["raters"].astype("int64").to_numpy()
    if dots:
        out["Dots"] = [int(dots.get(int(i), 0)) for i in ids]
    by_idea = spread.set_index("idea_id") if not spread.empty else None
    out["Spread (0–1)"] = (by_idea["spread"].reindex(ids).astype(float).round(4).to_numpy()
                           if by_idea is not None else np.nan)
    out["Agreement"] = (by_idea["agreement"].reindex(ids).fillna("").to_numpy()
                        if by_idea is not None else "")
    out["Status"] = "ranked"
    rest = pd.DataFrame({"Idea": evaluation.incomplete["title"].to_numpy(),
                         "Status": ("not ranked: " + evaluation.incomplete["reason"].astype(str)
                                    ).to_numpy()})
    combined = pd.concat([out, rest], ignore_index=True) if len(rest) else out
    for column in ("Rank", "Raters", "Dots"):
        if column in combined.columns:
            combined[column] = combined[column].astype("Int64")
    for column in ("Author(s)", "Theme", "MoSCoW", "Agreement"):
        if column in combined.columns:
            combined[column] = combined[column].fillna("")
    return combined


def method_frames(evaluation: Evaluation, *, workshop: str, round_no: int,
                  exported_at: str, note: str) -> list[pd.DataFrame]:
    """The Method sheet: settings as (Setting, Value) rows, then the criteria and weights."""
    settings = evaluation.settings
    framework = evaluation.framework
    rows = [("Workshop", workshop), ("Exported at (UTC)", exported_at),
            ("Scoring round", round_no), ("Method", framework.name),
            ("Formula", framework.formula), ("Source", framework.source),
            ("Normalisation", settings.normalisation),
            ("Aggregation of raters", AGGREGATIONS.get(settings.aggregation,
                                                       settings.aggregation)),
            ("Rater calibration", "on" if settings.calibrate else "off"),
            ("Ideas ranked", len(evaluation.table)),
            ("Ideas not ranked", len(evaluation.incomplete)), ("Note", note)]
    if evaluation.formula is not None:
        for slot in framework.slots:
            mapped = evaluation.formula.mapping.get(slot.role)
            rows.append((f"{framework.name} input: {slot.label}",
                         mapped.name if mapped is not None else "(not mapped)"))
    settings_frame = pd.DataFrame(rows, columns=["Setting", "Value"])
    settings_frame["Value"] = settings_frame["Value"].astype(str)
    total = sum(c.weight for c in evaluation.criteria) or 1.0
    criteria = pd.DataFrame({
        "Criterion": [c.name for c in evaluation.criteria],
        "Direction": ["lower is better" if c.is_cost else "higher is better"
                      for c in evaluation.criteria],
        "Weight": [float(c.weight) for c in evaluation.criteria],
        "Share of weight": [round(float(c.weight) / total, 4) for c in evaluation.criteria],
        "Scale low": [float(c.scale_min) for c in evaluation.criteria],
        "Scale high": [float(c.scale_max) for c in evaluation.criteria],
        "Scale": [str(c.scale) for c in evaluation.criteria],
        "Unit": [str(c.unit) for c in evaluation.criteria]})
    return [settings_frame, criteria]
