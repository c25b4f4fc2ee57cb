"""Decide's Agreement tab: reliability per criterion, disputed ideas and the rater heatmap."""

from __future__ import annotations

import streamlit as st

from workbench.domain.safe_text import md
from workbench.engine import charts
from workbench.engine.agreement import idea_spread
from workbench.engine.reliability import (
    criterion_reliability,
    discuss_first,
    rater_deviation_matrix,
)
from workbench.engine.tables import rater_count, reliability_columns, spread_table, titles_by_id
from workbench.ui.decide.context import PLOT_CONFIG, DecideContext


def render(ctx: DecideContext) -> None:
    """Inter-rater reliability per criterion, disputed ideas, and the rater heatmap."""
    evaluation, scores, criteria = ctx.result, ctx.scores, ctx.saved_criteria
    raters = rater_count(scores)
    if raters < 2:
        st.info(f"Agreement figures need ≥ 2 raters; {raters} so far.", icon=":material/group:")
        return
    reliability = criterion_reliability(scores, criteria)
    st.markdown("**How consistently do raters score each criterion?** Krippendorff's α "
                "(interval): 1 = perfect agreement, 0 = no better than chance.")
    st.dataframe(reliability[reliability_columns(reliability)], hide_index=True,
                 width="stretch", column_config={
                     "criterion": st.column_config.TextColumn("Criterion"),
                     "raters": st.column_config.NumberColumn("Raters", width=70),
                     "ideas": st.column_config.NumberColumn(
                         "Ideas", width=70, help="Ideas rated by at least 2 raters"),
                     "alpha": st.column_config.NumberColumn("α", format="%.2f", width=70),
                     "reading": st.column_config.TextColumn("Reading"),
                     "note": st.column_config.TextColumn("Note")})
    spread = idea_spread(scores, criteria)
    first = discuss_first(spread, evaluation.table, evaluation.settings.top_n)
    titles = titles_by_id(evaluation.table)
    with st.expander(f"Spread per idea ({len(spread)})"):
        st.dataframe(spread_table(spread, titles), hide_index=True, width="stretch",
                     column_config={
                         "title": st.column_config.TextColumn("Idea", width="large"),
                         "spread": st.column_config.NumberColumn(
                             "Spread", format="%.2f", help="Mean standard deviation on each "
                             "criterion's 0–1 scale; 0 = everyone agrees")})
    if not first.empty:
        st.markdown("**Discuss these first**")
        for title, why in zip(first["title"], first["why"], strict=True):
            st.markdown(f"- **{md(title)}** — {md(why)}")
    matrix = rater_deviation_matrix(scores[scores["idea_id"].isin(list(titles))], criteria,
                                    titles, ctx.rater_names)
    st.plotly_chart(charts.build_rater_heatmap(matrix), width="stretch", config=PLOT_CONFIG)
