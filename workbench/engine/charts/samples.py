"""One small figure from every chart builder, built at server start to warm Plotly up."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from workbench.domain.models import BENEFIT, COST, Criterion
from workbench.engine.charts.decision import (
    build_decision_matrix,
    build_framework_comparison,
    build_parallel_figure,
    build_waterfall_figure,
)
from workbench.engine.charts.ranking import build_contribution_figure, build_matrix_figure
from workbench.engine.charts.robustness import build_rank_band_figure, build_rater_heatmap
from workbench.engine.scoring import aggregate_scores, rank_ideas


def sample_figures() -> dict[str, go.Figure]:
    """Each ``build_*`` chart on two ideas, by builder name (Plotly loads its parts lazily)."""
    gain = Criterion(1, "Gain", BENEFIT, 1, 5, 1.0, 0)
    cost = Criterion(2, "Cost", COST, 1, 5, 1.0, 1)
    raw = pd.DataFrame([(1, 1, 1, 5), (1, 1, 2, 1), (2, 1, 1, 3), (2, 1, 2, 3)],
                       columns=["idea_id", "rater_id", "criterion_id", "value"])
    ranking = rank_ideas(pd.DataFrame({"id": [1, 2], "title": ["A", "B"]}), [gain, cost],
                         aggregate_scores(raw))
    ideas = pd.DataFrame({"idea_id": [1, 2], "title": ["A", "B"], "rank": [1, 2],
                          "score": [100.0, 50.0], "benefit": [5.0, 3.0], "cost": [1.0, 3.0],
                          "on_front": [True, False], "in_portfolio": [True, False],
                          "p_top_n": [1.0, 0.0], "rank_low": [1.0, 2.0],
                          "rank_median": [1.0, 2.0], "rank_high": [1.0, 2.0]})
    deviations = pd.DataFrame([[0.1, -0.1], [-0.2, 0.2]], index=["A", "B"], columns=["R1", "R2"])
    return {
        "build_contribution_figure": build_contribution_figure(ranking),
        "build_matrix_figure": build_matrix_figure(ranking, gain, cost, gain),
        "build_decision_matrix": build_decision_matrix(ideas, "Gain", "Cost", 3.0, 3.0),
        "build_framework_comparison": build_framework_comparison(
            ideas[["idea_id", "title", "rank"]].rename(columns={"rank": "Weighted"})),
        "build_parallel_figure": build_parallel_figure(
            ideas, [("benefit", "Gain"), ("cost", "Cost"), ("score", "Score")], "score"),
        "build_rank_band_figure": build_rank_band_figure(ideas, 1),
        "build_rater_heatmap": build_rater_heatmap(deviations),
        "build_waterfall_figure": build_waterfall_figure([("Gain", 50.0), ("Cost", 50.0)]),
    }
