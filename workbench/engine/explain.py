"""Why an idea is #k: its score step by step, and what would have to change to overtake the
idea ranked just above it (pure)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.domain.scales import SCALES, rating_label
from workbench.engine.evaluation import Evaluation

FREE_SEARCH_LIMIT = 1e9


def weighted_steps(evaluation: Evaluation, idea_id: int) -> list[tuple[str, float]]:
    """(criterion, points) that add up to the idea's weighted score (for a waterfall)."""
    ranking = evaluation.weighted
    if ranking is None or idea_id not in ranking.contributions.index:
        return []
    return [(c.name, float(ranking.contributions.at[idea_id, c.id])) for c in ranking.criteria]


def formula_line(evaluation: Evaluation, idea_id: int) -> str:
    """The framework's formula with this idea's numbers put in, e.g. 'RICE = 500 × 2 × …'."""
    result = evaluation.formula
    if result is None or idea_id not in result.scores.index:
        return ""
    inputs = result.inputs.loc[idea_id]
    key = result.framework.key
    f = {role: f"{inputs[role]:.3g}" for role in inputs.index}
    score = f"{result.scores[idea_id]:.3g}"
    if key == "rice":
        return (f"RICE = {f['reach']} × {f['impact']} × {f['confidence']} % ÷ {f['effort']} "
                f"= {score}")
    if key == "ice_product":
        return f"ICE = {f['impact']} × {f['confidence']} × {f['ease']} = {score}"
    if key == "ice_mean":
        return f"ICE = ({f['impact']} + {f['confidence']} + {f['ease']}) ÷ 3 = {score}"
    if key == "wsjf":
        return f"WSJF = ({f['value']} + {f['time']} + {f['risk']}) ÷ {f['size']} = {score}"
    return f"Value ÷ effort = {f['value']} ÷ {f['effort']} = {score}"


def idea_above(evaluation: Evaluation, idea_id: int) -> tuple[int, str, float] | None:
    """(idea_id, title, score) of the nearest idea ranked strictly higher, if any."""
    table = evaluation.table
    mine = table.index[table["idea_id"] == idea_id]
    if len(mine) == 0:
        return None
    rank = int(table.at[mine[0], "rank"])
    higher = table[table["rank"] < rank]
    if higher.empty:
        return None
    row = higher.iloc[-1]
    return int(row["idea_id"]), str(row["title"]), float(row["score"])


def to_overtake(evaluation: Evaluation, idea_id: int) -> list[str]:
    """One sentence per input: the single change that would lift the idea above the next one.

    Weighted: gap ÷ (points per rating step) on each criterion, using the scale it is
    normalised by. Formula frameworks: the value of one input, others unchanged, at which the
    formula reaches the score above (found exactly by bisection: every formula is monotone
    in each input). Changes beyond a scale's end are reported as not enough on their own.
    """
    above = idea_above(evaluation, idea_id)
    if above is None:
        return []
    if evaluation.framework.key == "moscow":
        return ["MoSCoW ranks by bucket first; within a bucket, see the weighted score."]
    if evaluation.formula is not None:
        return _formula_changes(evaluation, idea_id, above[2])
    return _weighted_changes(evaluation, idea_id, above[2])


def _weighted_changes(evaluation: Evaluation, idea_id: int, target: float) -> list[str]:
    ranking = evaluation.weighted
    if ranking is None:
        raise ValueError("not a weighted evaluation")
    score = float(ranking.contributions.loc[idea_id].sum())
    gap = target - score
    lines = []
    total = ranking.total_weight
    for c in ranking.criteria:
        mean = float(ranking.means.at[idea_id, c.id])
        span = _span(evaluation, c.id, c.scale_min, c.scale_max)
        per_unit = 100.0 * c.weight / total / span
        needed = gap / per_unit
        new = mean - needed if c.is_cost else mean + needed
        inside = c.scale_min - 1e-9 <= new <= (np.inf if SCALES.get(
            c.scale, SCALES["custom"]).open_top else c.scale_max + 1e-9)
        way = "lower" if c.is_cost else "higher"
        if inside:
            lines.append(f"{c.name}: {needed:.2f} {way} on average ({mean:.2f} → {new:.2f}).")
        else:
            lines.append(f"{c.name}: not enough on its own — even the best rating leaves it "
                         "behind.")
    return lines


def _span(evaluation: Evaluation, criterion_id: int, low: float, high: float) -> float:
    if evaluation.settings.normalisation != "relative" or evaluation.weighted is None:
        return high - low
    column = evaluation.weighted.means[criterion_id]
    spread = float(column.max() - column.min())
    return spread if spread > 0 else high - low


def _formula_changes(evaluation: Evaluation, idea_id: int, target: float) -> list[str]:
    result = evaluation.formula
    if result is None:
        raise ValueError("not a formula evaluation")
    framework = result.framework
    base = {r: np.array([float(result.inputs.at[idea_id, r])]) for r in result.inputs.columns}
    lines = []
    for slot in framework.slots:
        criterion = result.mapping[slot.role]
        if criterion is None or framework.compute is None:
            raise ValueError(f"input {slot.role} is not mapped")
        scale = SCALES.get(criterion.scale, SCALES["custom"])
        low = criterion.scale_min if not slot.positive else max(criterion.scale_min, 1e-9)
        high = FREE_SEARCH_LIMIT if scale.open_top else criterion.scale_max
        if framework.key == "rice" and slot.role == "confidence":
            low, high = 0.0, 100.0
        current = float(base[slot.role][0])

        def score_at(x: float, role: str = slot.role) -> float:
            trial = dict(base)
            trial[role] = np.array([x])
            return float(framework.compute(trial)[0])  # type: ignore[misc]

        best = low if slot.direction == "cost" else high
        if score_at(best) < target - 1e-12:
            lines.append(f"{slot.label}: not enough on its own.")
            continue
        lo, hi = (current, best) if best > current else (best, current)
        for _ in range(100):
            mid = (lo + hi) / 2
            good = score_at(mid) >= target
            if slot.direction == "cost":
                lo, hi = (mid, hi) if good else (lo, mid)
            else:
                lo, hi = (lo, mid) if good else (mid, hi)
        needed = lo if slot.direction == "cost" else hi
        shown = rating_label(round(needed, 2), criterion.scale)
        lines.append(f"{slot.label}: {rating_label(round(current, 2), criterion.scale)} → "
                     f"{shown}.")
    return lines


def top_reasons(steps: Sequence[tuple[str, float]], limit: int = 2) -> str:
    """The criteria that add the most points, in words."""
    best = sorted(steps, key=lambda s: -s[1])[:limit]
    return ", ".join(f"{name} (+{points:.1f})" for name, points in best)
