"""Decide's Robustness tab: Monte-Carlo over the weights or the raters, and the weight flip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from workbench.domain.models import InvalidInput
from workbench.domain.safe_text import md
from workbench.engine import charts
from workbench.engine.evaluation import Evaluation
from workbench.engine.rater_robustness import rater_bootstrap
from workbench.engine.robustness import simulate_weights
from workbench.engine.scoring import Ranking
from workbench.engine.tables import BAND_COLUMNS
from workbench.engine.weight_flip import smallest_weight_flip
from workbench.ui.decide.context import PLOT_CONFIG, DecideContext, nothing_ranked, table_key

SEED = 7


def render(ctx: DecideContext) -> None:
    """Monte-Carlo over the weights or the raters: chance of the top N, 5–95 % rank range."""
    evaluation = ctx.result
    ranking = evaluation.weighted
    table = evaluation.table
    if table.empty:
        nothing_ranked(ctx)
        return
    settings = evaluation.settings
    has_weights = evaluation.formula is None and ranking is not None
    modes = (["weights"] if has_weights else []) + ["raters"]
    with st.form("decide_robustness", border=False):
        a, b, c, d = st.columns([2, 1, 1, 1])
        mode = a.radio("Vary", modes, horizontal=True, key="decide_vary",
                       format_func={"weights": "the weights", "raters": "who rated"}.get,
                       help="Weights: random weights around the chosen ones. Who rated: "
                            "resample the raters with replacement (bootstrap).")
        top_n = int(b.number_input("Top N", 1, 100, min(settings.top_n, len(table)),
                                   key="decide_top_n"))
        concentration = float(c.number_input(
            "Concentration", 0.5, 1000.0, float(settings.concentration), step=5.0,
            key="decide_concentration",
            help="For weights: how close the random weights stay to the chosen ones — 5 = "
                 "loose (weights vary a lot), 100 = tight."))
        draws = int(d.number_input("Draws", 100, 20_000, settings.draws, step=500,
                                   key="decide_draws"))
        st.form_submit_button("Run again with these settings")
    flip_of = None
    if mode == "weights" and ranking is not None:
        frame, how = _weight_draws(ctx, ranking, top_n, concentration, draws)
        flip_of = ranking
    else:
        drawn = _rater_draws(ctx, evaluation, top_n, draws)
        if drawn is None:
            return
        frame, how = drawn
    st.plotly_chart(charts.build_rank_band_figure(frame, top_n), width="stretch",
                    config=PLOT_CONFIG)
    if flip_of is not None:
        _weight_flip_note(flip_of)
    st.dataframe(frame[BAND_COLUMNS], hide_index=True, width="stretch", column_config={
        "title": st.column_config.TextColumn("Idea", width="large"),
        "p_top_n": st.column_config.ProgressColumn(f"P(top {top_n})", min_value=0,
                                                   max_value=1, format="percent"),
        "p_first": st.column_config.NumberColumn("P(#1)", format="percent"),
        "rank_low": st.column_config.NumberColumn("Best rank (5 %)", format="%d"),
        "rank_median": st.column_config.NumberColumn("Median rank", format="%d"),
        "rank_high": st.column_config.NumberColumn("Worst rank (95 %)", format="%d")})
    st.caption(f"{how}; seed {SEED}, so the same settings always give the same figures.")


def _weights(ranking: Ranking) -> np.ndarray:
    """The counting criteria's weights, in the ranking's column order."""
    return np.array([cr.weight for cr in ranking.criteria], dtype=float)


def _weight_draws(ctx: DecideContext, ranking: Ranking, top_n: int, concentration: float,
                  draws: int) -> tuple[pd.DataFrame, str]:
    """Rank bands over Dirichlet draws of the weights, and how they were made."""
    weights = _weights(ranking)
    normalised = ranking.normalised.to_numpy(dtype=float)
    with st.spinner(f"Running {draws:,} weight draws…"):
        stats = ctx.store.derived(("robust", ctx.workshop.id, table_key(ranking.table),
                                   tuple(weights), top_n, concentration, draws),
                                  lambda: simulate_weights(normalised, weights, draws=draws,
                                                           concentration=concentration,
                                                           top_n=top_n, seed=SEED))
    frame = stats.to_frame(ranking.table["idea_id"].to_numpy(), ranking.table["title"])
    return frame, (f"{stats.draws:,} draws of weights from a Dirichlet distribution centred "
                   f"on the chosen weights (concentration {concentration:g} per criterion)")


def _rater_draws(ctx: DecideContext, evaluation: Evaluation, top_n: int, draws: int
                 ) -> tuple[pd.DataFrame, str] | None:
    """Rank bands over resampled raters and how they were made; None (said why) if not."""
    try:
        with st.spinner(f"Resampling the raters {draws:,} times…"):
            stats, ideas = ctx.store.derived(
                ("robust raters", ctx.workshop.id, evaluation.settings.to_json(),
                 table_key(evaluation.table),
                 tuple((cr.id, cr.weight) for cr in evaluation.criteria), top_n, draws),
                lambda: rater_bootstrap(evaluation, ctx.scores, draws=draws, top_n=top_n,
                                        seed=SEED))
    except InvalidInput as exc:
        st.info(md(exc), icon=":material/group:")
        return None
    frame = stats.to_frame(ideas["idea_id"].to_numpy(), ideas["title"]).dropna(
        subset=["rank_median"])
    return frame, (f"{stats.draws:,} resamples of the raters with replacement (each draw "
                   "averages the ratings of the raters it picked)")


def _weight_flip_note(ranking: Ranking) -> None:
    """The smallest weight shift that lets another idea catch the #1, in words."""
    flip = smallest_weight_flip(ranking.normalised.to_numpy(dtype=float), _weights(ranking), 0)
    names = [c.name for c in ranking.criteria]
    leader = ranking.table.iloc[0]["title"]
    if flip is None:
        st.success(f"No reweighting of these criteria lets another idea catch **{md(leader)}**: "
                   "it is at least as good as every other idea on every criterion.")
        return
    moves = ", ".join(f"{p:.1f} points from {md(names[col])}" for col, p in flip.moves)
    st.info(f"Smallest change that ties or overtakes #1 ({md(leader)}): move "
            f"{flip.points:.1f} points of weight ({moves}) to {md(names[flip.to_col])}, and "
            f"**{md(ranking.table.iloc[flip.challenger]['title'])}** draws level.",
            icon=":material/balance:")
