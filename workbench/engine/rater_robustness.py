"""How much the ranking depends on who happened to rate: resample the raters (bootstrap).

Each draw picks as many raters as there are, with replacement, averages their ratings (the
mean, whatever the chosen aggregation) and scores the ideas with the workshop's framework.
The "serves important needs" value does not depend on raters and stays fixed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.domain.models import Criterion, InvalidInput
from workbench.engine.aggregation import rater_tensor
from workbench.engine.evaluation import Evaluation
from workbench.engine.robustness import RankStats, simulate_raters


def _columns(evaluation: Evaluation) -> list[Criterion]:
    if evaluation.formula is not None:
        mapped = [c for c in evaluation.formula.mapping.values() if c is not None]
        return list({c.id: c for c in mapped}.values())
    if evaluation.weighted is None:
        raise ValueError("an evaluation with neither a formula nor a weighted ranking")
    return list(evaluation.weighted.criteria)


def rater_bootstrap(evaluation: Evaluation, scores: pd.DataFrame, *, draws: int = 1000,
                    top_n: int = 3, seed: int = 0) -> tuple[RankStats, pd.DataFrame]:
    """Rank statistics over resampled raters, and the ideas (idea_id, title) they refer to."""
    ideas = pd.concat([evaluation.table[["idea_id", "title"]],
                       evaluation.incomplete[["idea_id", "title"]]], ignore_index=True)
    if evaluation.table.empty:
        raise InvalidInput("Nothing is ranked yet, so there is nothing to resample.")
    if scores.empty or scores["rater_id"].nunique() < 2:
        raise InvalidInput("Resampling raters needs ≥ 2 raters.")
    columns = _columns(evaluation)
    ids = ideas["idea_id"].astype("int64").to_numpy()
    tensor, _ = rater_tensor(scores, ids, [c.id for c in columns])
    for j, c in enumerate(columns):
        if c.id not in set(scores["criterion_id"]) and c.id in evaluation.values.columns:
            # A derived criterion: every rater "gives" the computed value.
            tensor[:, :, j] = evaluation.values[c.id].reindex(ids).to_numpy(float)
    score_fn = (_formula_fn(evaluation, columns) if evaluation.formula is not None
                else _weighted_fn(evaluation, columns))
    stats = simulate_raters(tensor, score_fn, draws=draws, top_n=top_n, seed=seed)
    return stats, ideas


def _weighted_fn(evaluation: Evaluation, columns: list[Criterion]):
    low = np.array([c.scale_min for c in columns])
    high = np.array([c.scale_max for c in columns])
    cost = np.array([c.is_cost for c in columns])
    weights = np.array([c.weight for c in columns], dtype=float)
    relative = evaluation.settings.normalisation == "relative"

    def score(means: np.ndarray) -> np.ndarray:
        if relative:
            lo = np.fmin.reduce(means, axis=1, keepdims=True)
            hi = np.fmax.reduce(means, axis=1, keepdims=True)
            span = hi - lo
            norm = np.where(span > 0, (means - lo) / np.where(span > 0, span, 1.0), 0.5)
            norm = np.where(np.isnan(means), np.nan, norm)
        else:
            norm = np.clip((means - low) / (high - low), 0.0, 1.0)
        norm = np.where(cost, 1.0 - norm, norm)
        return 100.0 * (norm @ weights) / weights.sum()
    return score


def _formula_fn(evaluation: Evaluation, columns: list[Criterion]):
    result = evaluation.formula
    if result is None or result.framework.compute is None:
        raise ValueError("not a formula evaluation")
    framework = result.framework
    position = {c.id: j for j, c in enumerate(columns)}

    def score(means: np.ndarray) -> np.ndarray:
        arrays = {}
        bad = np.zeros(means.shape[:2], dtype=bool)
        for slot in framework.slots:
            c = result.mapping[slot.role]
            if c is None:  # formulas run only with every input mapped
                raise ValueError(f"input {slot.role} is not mapped")
            column = means[:, :, position[c.id]]
            if framework.key == "rice" and slot.role == "confidence" and c.scale != "percent":
                column = 100.0 * (column - c.scale_min) / (c.scale_max - c.scale_min)
            bad |= (column <= 0) if slot.positive else (column < 0)
            if framework.key == "rice" and slot.role == "confidence":
                bad |= column > 100
            arrays[slot.role] = column
        with np.errstate(divide="ignore", invalid="ignore"):
            out = framework.compute(arrays)
        return np.where(bad | ~np.isfinite(out), np.nan, out)
    return score


