"""The decision report's sections, computed the way the Decide page computes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from workbench.domain.models import Criterion, InvalidInput
from workbench.engine import charts, tables
from workbench.engine.aggregation import AGGREGATIONS
from workbench.engine.evaluation import Evaluation, benefit_of
from workbench.engine.portfolio import Portfolio, best_portfolio
from workbench.engine.rater_robustness import rater_bootstrap
from workbench.engine.reliability import criterion_reliability, rater_deviation_matrix
from workbench.engine.robustness import simulate_weights
from workbench.engine.scoring import NORMALISATIONS
from workbench.exchange.report import Table

SEED = 7  # the Robustness tab's seed: the report shows the figures the tab shows


def formula_text(evaluation: Evaluation) -> str:
    """The formula written out with this workshop's criteria and weights."""
    framework = evaluation.framework
    lines = [framework.formula]
    if evaluation.formula is not None:
        for slot in framework.slots:
            mapped = evaluation.formula.mapping.get(slot.role)
            lines.append(f"  {slot.label} = {mapped.name if mapped else '(no criterion)'}")
        return "\n".join(lines)
    counting = [c for c in evaluation.criteria if c.weight > 0]
    if counting:
        terms = " + ".join(f"{c.weight:g} × {c.name}{' (inverted)' if c.is_cost else ''}"
                           for c in counting)
        total = sum(c.weight for c in counting)
        lines.append(f"Score = 100 × ({terms}) ÷ {total:g}")
        lines.append("each rating mapped to 0–1 first; cost criteria inverted (1 − value)")
    return "\n".join(lines)


def method_notes(evaluation: Evaluation) -> tuple[str, ...]:
    """How ratings were combined and normalised, and where the method comes from."""
    settings = evaluation.settings
    notes = [f"Ratings combined per idea by: {AGGREGATIONS.get(settings.aggregation, '')}"
             .rstrip(": ")]
    if evaluation.formula is None:
        notes.append(NORMALISATIONS[settings.normalisation])
    notes.append(evaluation.framework.source)
    return tuple(n for n in notes if n)


def weights_table(criteria: Sequence[Criterion]) -> Table:
    """Criterion, direction, scale, weight and share of the total weight."""
    total = sum(c.weight for c in criteria) or 1.0
    return Table(pd.DataFrame({
        "Criterion": [c.name for c in criteria],
        "Direction": ["lower is better" if c.is_cost else "higher is better" for c in criteria],
        "Scale": [f"{c.scale_min:g}–{c.scale_max:g}" for c in criteria],
        "Weight": [float(c.weight) for c in criteria],
        "Share": [f"{c.weight / total:.0%}" for c in criteria]}))


def ranking_tables(evaluation: Evaluation) -> tuple[Table, Table]:
    """The ranked table (as on Decide's Ranking tab) and the ideas that could not rank."""
    inputs = evaluation.formula.inputs if evaluation.formula is not None else None
    view = tables.ranking_table(evaluation.table, inputs, evaluation.framework.key == "moscow")
    labels = {"rank": "#", "title": "Idea", "score": "Score", "raters": "Raters",
              "bucket": "MoSCoW"}
    if evaluation.formula is not None:
        labels.update({s.role: s.label for s in evaluation.framework.slots})
        labels["score"] = evaluation.framework.name
    ranked = Table(view.rename(columns=labels), "Best first." if not view.empty else
                   "Nothing is ranked yet: the shortlist needs scores on every criterion.")
    missing = evaluation.incomplete[["title", "reason"]].rename(
        columns={"title": "Idea", "reason": "What is missing"})
    return ranked, Table(missing, "Incomplete — not ranked.")


def cost_of(evaluation: Evaluation) -> Criterion | None:
    """The cost criterion the matrix uses (the chosen one, else the formula's divisor)."""
    chosen = evaluation.settings.cost_criterion
    formula = evaluation.formula
    if chosen is None and formula is not None:
        fed = [formula.mapping.get(role) for role in ("effort", "size")]
        chosen = next((c.id for c in fed if c is not None), None)
    return tables.cost_criterion(evaluation.criteria, chosen)


def matrix_and_budget(evaluation: Evaluation, draw: bool = True
                      ) -> tuple[go.Figure | None, Portfolio | None, str]:
    """The benefit / cost matrix (as Decide draws it), the best set within the budget, and a
    note on either."""
    cost = cost_of(evaluation)
    table = evaluation.table
    if cost is None or table.empty:
        return None, None, ""
    settings = evaluation.settings
    titles = tables.titles_by_id(table)
    benefit, label = benefit_of(evaluation)
    items = tables.portfolio_items(table, benefit, evaluation.values[cost.id])
    portfolio, note = None, "No budget is set, so no best set within a budget was computed."
    if settings.budget is not None:
        try:
            portfolio = best_portfolio(items, settings.budget,
                                       tables.still_listed(settings.must_include, titles),
                                       tables.still_listed(settings.exclude, titles))
            note = (f"Best set within a budget of {portfolio.budget:g} "
                    f"({cost.name}): {len(portfolio.chosen)} idea(s), total cost "
                    f"{portfolio.total_cost:g}, total {label} {portfolio.total_value:.1f}.")
        except InvalidInput as exc:
            note = str(exc)
    if not draw:
        return None, portfolio, note
    points = tables.matrix_points(items, table, portfolio.chosen_ids if portfolio else ())
    figure = charts.build_decision_matrix(points, label, cost.name,
                                          50.0 if evaluation.formula is None else None,
                                          tables.scale_midpoint(cost))
    return figure, portfolio, note


def agreement_part(evaluation: Evaluation, scores: pd.DataFrame, criteria: Sequence[Criterion],
                   rater_names: Mapping[int, str], draw: bool = True
                   ) -> tuple[Table | None, str, go.Figure | None]:
    """Krippendorff's α per criterion and the rater heatmap (≥ 2 raters), as on Decide."""
    raters = tables.rater_count(scores)
    if raters < 2:
        return None, f"Agreement figures need at least 2 raters; there were {raters}.", None
    reliability = criterion_reliability(scores, criteria)
    view = reliability[tables.reliability_columns(reliability)].rename(columns={
        "criterion": "Criterion", "raters": "Raters", "ideas": "Ideas", "alpha": "α",
        "reading": "Reading", "note": "Note"})
    note = ("How consistently raters scored each criterion: Krippendorff's α (interval), "
            "1 = perfect agreement, 0 = no better than chance.")
    if not draw:
        return Table(view), note, None
    titles = tables.titles_by_id(evaluation.table)
    matrix = rater_deviation_matrix(scores[scores["idea_id"].isin(list(titles))], criteria,
                                    titles, rater_names)
    return Table(view), note, charts.build_rater_heatmap(matrix)


def robustness_part(evaluation: Evaluation, scores: pd.DataFrame, draw: bool = True
                    ) -> tuple[Table | None, str, go.Figure | None]:
    """Rank bands over weight draws (weighted methods) or resampled raters, as on Decide."""
    table, settings = evaluation.table, evaluation.settings
    if table.empty:
        return None, "Nothing is ranked, so there is nothing to test.", None
    top_n = min(settings.top_n, len(table))
    ranking = evaluation.weighted
    if evaluation.formula is None and ranking is not None:
        weights = np.array([c.weight for c in ranking.criteria], dtype=float)
        stats = simulate_weights(ranking.normalised.to_numpy(dtype=float), weights,
                                 draws=settings.draws, concentration=settings.concentration,
                                 top_n=top_n, seed=SEED)
        frame = stats.to_frame(ranking.table["idea_id"].to_numpy(), ranking.table["title"])
        how = (f"{stats.draws:,} draws of the weights around the chosen ones (Dirichlet, "
               f"concentration {settings.concentration:g}), seed {SEED}.")
    else:
        try:
            stats, ideas = rater_bootstrap(evaluation, scores, draws=settings.draws,
                                           top_n=top_n, seed=SEED)
        except InvalidInput as exc:
            return None, str(exc), None
        frame = stats.to_frame(ideas["idea_id"].to_numpy(), ideas["title"]).dropna(
            subset=["rank_median"])
        how = f"{stats.draws:,} resamples of the raters with replacement, seed {SEED}."
    view = frame[tables.BAND_COLUMNS].rename(columns={
        "title": "Idea", "p_top_n": f"P(top {top_n})", "p_first": "P(#1)",
        "rank_low": "Best rank (5 %)", "rank_median": "Median rank",
        "rank_high": "Worst rank (95 %)"})
    for column in (f"P(top {top_n})", "P(#1)"):
        view[column] = [f"{p:.0%}" for p in view[column]]
    return Table(view), how, charts.build_rank_band_figure(frame, top_n) if draw else None


def chosen_table(evaluation: Evaluation, selected: Sequence[int], decided: pd.DataFrame,
                 portfolio: Portfolio | None) -> tuple[Table | None, str]:
    """The chosen portfolio: the ideas decided Go (else the Must bucket), with rank and cost."""
    by_id = evaluation.table.set_index("idea_id")
    cost = cost_of(evaluation)
    titles = {**tables.titles_by_id(evaluation.table, evaluation.incomplete),
              **dict(zip(decided["idea_id"].astype(int), decided["title"], strict=True))}
    rows = []
    for idea_id in selected:
        rank = by_id["rank"].get(idea_id)
        rows.append({"Idea": titles.get(idea_id, f"Idea {idea_id}"),
                     "Rank": int(rank) if rank is not None and not pd.isna(rank) else None,
                     "Score": by_id["score"].get(idea_id),
                     **({cost.name if cost.name.lower() == "cost" else f"Cost ({cost.name})":
                         evaluation.values[cost.id].get(idea_id)}
                        if cost is not None else {})})
    source = ("the ideas decided Go in the decision log" if not decided.empty
              else "the MoSCoW Must bucket (no decision is recorded yet)")
    note = f"Chosen: {source}."
    if portfolio is not None:
        note += f" For comparison, the best set within the budget holds {len(portfolio.chosen)} "
        note += "idea(s): " + ", ".join(portfolio.chosen["title"].astype(str)) + "."
    if not rows:
        return None, note + " Nothing is chosen yet."
    return Table(pd.DataFrame(rows)), note
