"""One prioritisation run: aggregate ratings, add the needs criterion, score with the chosen
framework, and return the ranked table with every input behind it (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from workbench.domain.models import Criterion, InvalidWeights
from workbench.engine.aggregation import aggregate
from workbench.engine.frameworks import (
    FRAMEWORKS,
    Framework,
    FrameworkResult,
    moscow_order,
    rank_scores,
    score_framework,
)
from workbench.engine.opportunity import needs_criterion, needs_values
from workbench.engine.scoring import Ranking, count_raters, rank_values
from workbench.engine.settings import EngineSettings


@dataclass(frozen=True)
class Evaluation:
    """The ranked table plus everything it came from."""

    settings: EngineSettings
    framework: Framework
    criteria: tuple[Criterion, ...]   # the workshop's criteria (+ the needs criterion if on)
    values: pd.DataFrame              # index idea_id × criterion id: aggregated ratings
    weighted: Ranking | None          # the weighted ranking (None when all weights are 0)
    formula: FrameworkResult | None   # RICE / ICE / WSJF / value ÷ effort inputs and scores
    table: pd.DataFrame               # rank, idea_id, title, score, raters, bucket — best first
    incomplete: pd.DataFrame          # idea_id, title, reason
    buckets: pd.Series                # idea_id → MoSCoW bucket (shortlisted ideas that have one)


def evaluation_criteria(criteria: Sequence[Criterion], settings: EngineSettings
                        ) -> tuple[Criterion, ...]:
    """The workshop's criteria plus "Serves important needs" when it has a weight."""
    extra = (needs_criterion(settings.needs_weight),) if settings.needs_weight > 0 else ()
    return tuple(criteria) + extra


def evaluate(ideas: pd.DataFrame, criteria: Sequence[Criterion], scores: pd.DataFrame,
             settings: EngineSettings, need_ratings: pd.DataFrame | None = None,
             buckets: pd.DataFrame | None = None) -> Evaluation:
    """Score and rank ``ideas`` (id, title) from raw ``scores`` under ``settings``.

    Raises InvalidWeights only when the chosen method needs weights and all are 0.
    """
    ids = pd.Index(ideas["id"].astype("int64"), name="idea_id")
    titles = pd.Series(ideas["title"].to_numpy(), index=ids)
    every = evaluation_criteria(criteria, settings)
    mine = scores[scores["idea_id"].isin(ids)] if not scores.empty else scores
    values = aggregate(mine, criteria, settings.aggregation, settings.calibrate).reindex(ids)
    if settings.needs_weight > 0:
        need_rows = need_ratings if need_ratings is not None else pd.DataFrame()
        values[every[-1].id] = needs_values(ids, need_rows).to_numpy()
    raters = count_raters(mine)
    bucket = (buckets.set_index("idea_id")["moscow"].reindex(ids).dropna()
              if buckets is not None and not buckets.empty else pd.Series(dtype="object"))

    framework = FRAMEWORKS[settings.framework]
    needs_weights = framework.compute is None
    try:
        weighted = rank_values(ideas, every, values, raters,
                               normalisation=settings.normalisation)
    except InvalidWeights:
        if needs_weights:
            raise
        weighted = None

    formula = None
    if framework.compute is not None:
        formula = score_framework(framework.key, values, every, settings.slot_choice(
            framework.key), settings.rescaled_roles(framework.key))
        table = _table(formula.scores, titles, raters)
        incomplete = formula.incomplete.assign(
            title=lambda f: titles.reindex(f["idea_id"]).to_numpy())
    else:
        if weighted is None:  # evaluate() builds one of the two
            raise ValueError("a weighted framework without a weighted ranking")
        table = weighted.table.copy()
        incomplete = weighted.unranked.copy()
        if framework.key == "moscow":
            scores_by_id = table.set_index("idea_id")["score"]
            table["rank"] = moscow_order(bucket, scores_by_id).reindex(
                table["idea_id"]).to_numpy()
            table = table.sort_values(["rank", "title", "idea_id"], kind="stable")
            table = table.reset_index(drop=True)
    table["bucket"] = bucket.reindex(table["idea_id"]).to_numpy()
    return Evaluation(settings, framework, every, values, weighted, formula, table,
                      incomplete[["idea_id", "title", "reason"]].reset_index(drop=True),
                      bucket)


def _table(scores: pd.Series, titles: pd.Series, raters: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame({"idea_id": scores.index.to_numpy(dtype="int64"),
                          "title": titles.reindex(scores.index).to_numpy(),
                          "score": scores.to_numpy(dtype=float)})
    counts = raters.set_index("idea_id")["raters"] if not raters.empty else pd.Series(
        dtype="int64")
    table["raters"] = counts.reindex(table["idea_id"]).fillna(0).astype("int64").to_numpy()
    table = table.sort_values(["score", "title", "idea_id"], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True)
    table.insert(0, "rank", rank_scores(table["score"]).to_numpy())
    return table


def benefit_of(evaluation: Evaluation) -> tuple[pd.Series, str]:
    """Per ranked idea, the benefit side only (cost left out) and its name.

    The matrix and the budget portfolio weigh benefit against cost, so a score that already
    rewards low cost would count cost twice: weighted methods use the benefit criteria alone,
    RICE its numerator (Reach × Impact × Confidence), WSJF the cost of delay.
    """
    ids = evaluation.table["idea_id"].to_numpy()
    result = evaluation.formula
    if result is not None:
        inputs = result.inputs.reindex(ids)
        key = result.framework.key
        if key == "rice":
            return (inputs["reach"] * inputs["impact"] * inputs["confidence"] / 100.0,
                    "Reach × Impact × Confidence")
        if key == "wsjf":
            return inputs["value"] + inputs["time"] + inputs["risk"], "Cost of delay"
        if key == "value_effort":
            return inputs["value"], result.mapping["value"].name  # type: ignore[union-attr]
        return evaluation.table.set_index("idea_id")["score"], result.framework.name
    ranking = evaluation.weighted
    if ranking is None:
        raise ValueError("an evaluation with neither a formula nor a weighted ranking")
    benefits = [c for c in ranking.criteria if not c.is_cost]
    if not benefits:
        return evaluation.table.set_index("idea_id")["score"], "Weighted score"
    share = sum(c.weight for c in benefits) / ranking.total_weight
    points = ranking.contributions.loc[ids, [c.id for c in benefits]].sum(axis=1)
    return points / share, "Weighted benefit"
