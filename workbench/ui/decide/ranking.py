"""Decide's Ranking tab: the ranked table, its formula, incomplete ideas and MoSCoW."""

from __future__ import annotations

import streamlit as st

from workbench.domain.safe_text import md
from workbench.engine.evaluation import Evaluation
from workbench.engine.frameworks import FRAMEWORKS
from workbench.engine.scoring import NORMALISATIONS
from workbench.engine.tables import ranking_table
from workbench.engine.unranked import why_unranked
from workbench.ui.decide import moscow
from workbench.ui.decide.context import DecideContext
from workbench.ui.exchange import ranking_downloads
from workbench.ui.themes import theme_column, theme_names
from workbench.ui.widgets import empty_state


def render(ctx: DecideContext) -> None:
    """The ranked table, its formula, the ideas that could not be scored, and MoSCoW."""
    evaluation = ctx.result
    framework = evaluation.framework
    st.markdown(f"**{md(framework.formula)}**  \n{md(framework.source)}")
    if evaluation.formula is None:
        st.caption(NORMALISATIONS[evaluation.settings.normalisation])
    table = evaluation.table
    if table.empty:
        why, todo = why_unranked(evaluation)
        empty_state(f"**Nothing is ranked under {md(framework.name)}.** {md(why)} {md(todo)}",
                    "pages/score.py", "Go to Score")
    else:
        _ranked(evaluation, theme_names(ctx.store, ctx.workshop.id, table["idea_id"]))
        method = FRAMEWORKS[ctx.saved_settings.framework].name
        st.markdown("**Files for a spreadsheet**" + (
            f" (the workshop's method, {md(method)}, not the preview)" if ctx.previewing
            else ""))
        ranking_downloads(ctx.store, ctx.workshop, ctx.actor, "decide_export")
    if not evaluation.incomplete.empty:
        with st.expander(f"Incomplete — not ranked ({len(evaluation.incomplete)})",
                         expanded=table.empty):
            st.dataframe(evaluation.incomplete[["title", "reason"]], hide_index=True,
                         width="stretch", column_config={"title": "Idea",
                                                         "reason": "What is missing"})
    if framework.key == "moscow":
        moscow.render(ctx)


def _ranked(evaluation: Evaluation, themes: list[str] | None) -> None:
    """The ranked table with a column per formula input (and theme); the files are above."""
    framework = evaluation.framework
    inputs = evaluation.formula.inputs if evaluation.formula is not None else None
    view = ranking_table(evaluation.table, inputs, framework.key == "moscow")
    if themes is not None:
        view.insert(2, "theme", themes)
    config = {"rank": st.column_config.NumberColumn("#", width=50),
              "title": st.column_config.TextColumn("Idea", width="large"),
              "raters": st.column_config.NumberColumn("Raters", width=70),
              "theme": theme_column(), **_score_column(evaluation)}
    if inputs is not None:
        labels = {s.role: s.label for s in framework.slots}
        for role in inputs.columns:
            config[role] = st.column_config.NumberColumn(labels[role], format="%.3g")
    if "bucket" in view.columns:
        config["bucket"] = st.column_config.TextColumn("MoSCoW")
    st.dataframe(view, hide_index=True, width="stretch",
                 height=min(38 + 35 * len(view), 460), column_config=config)


def _score_column(evaluation: Evaluation) -> dict:
    """The score column: a 0–100 bar for weighted methods, a number for formulas."""
    if evaluation.formula is None:
        return {"score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100,
                                                         format="%.1f")}
    return {"score": st.column_config.NumberColumn(evaluation.framework.name, format="%.3g")}
