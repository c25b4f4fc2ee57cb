"""Rank: the weighted ranking, the formula behind it, the matrix and bar charts, and export."""

import streamlit as st

from workbench.domain.labels import distinct
from workbench.domain.models import WorkbenchError
from workbench.domain.safe_text import md
from workbench.engine.charts import PLOT_CONFIG, build_contribution_figure, build_matrix_figure
from workbench.engine.scoring import explain_formula, explain_idea, rank_ideas
from workbench.ui.context import current_participant
from workbench.ui.exchange import ranking_downloads
from workbench.ui.router import ensure_app_router
from workbench.ui.themes import theme_column, theme_names
from workbench.ui.widgets import empty_state, page_frame, results_or_stop

ensure_app_router()

ctx = page_frame("Rank", "the shortlist ranked by the weighted score — every number explained")
store, workshop = ctx.store, ctx.workshop
me = current_participant(store, workshop)
results_or_stop(workshop, bool(me and me.is_facilitator), "The ranking is")
round_no = workshop.score_round

shortlist = store.shortlist(workshop.id)
criteria = store.list_criteria(workshop.id)
if shortlist.empty:
    empty_state("Nothing is shortlisted yet, so there is nothing to rank. Shortlist ideas on "
                "the Refine page, then score them.", "pages/refine.py", "Go to Refine")
    st.stop()
try:
    # Built once per change to the data and shared: the page reruns on every widget click.
    ranking = store.derived(("ranking", workshop.id, round_no), lambda: rank_ideas(
        shortlist, criteria, store.score_means(workshop.id, round_no)))
except WorkbenchError as exc:
    st.error(md(exc), icon=":material/error:")
    st.page_link("pages/criteria.py", label="Fix the weights on Criteria",
                 icon=":material/balance:")
    st.stop()

if ranking.table.empty:
    empty_state(f"None of the {len(shortlist)} shortlisted ideas is fully scored yet. Scores "
                "appear here as soon as someone saves them on the Score page.",
                "pages/score.py", "Go to Score")
else:
    top = ranking.table.iloc[0]
    # A wrapping row, not st.columns: columns stack one per line on a phone (four screenfuls
    # of big numbers); this row keeps two to a line there and all four on a laptop.
    with st.container(horizontal=True, gap="small"):
        for label, value in (("Ranked ideas", len(ranking.table)),
                             ("Not yet ranked", len(ranking.unranked)),
                             ("Top score", f"{top.score:.1f}"),
                             ("Raters", int(ranking.table["raters"].max()))):
            st.metric(label, value, width=150)

st.page_link("pages/decide.py", label="More on Decide: RICE, ICE, WSJF, budget, robustness",
             icon=":material/gavel:")
with st.expander("How the score is calculated", expanded=False):
    for line in explain_formula([c for c in criteria]):
        st.markdown("- " + md(line))

if not ranking.table.empty:
    ids = ranking.table["idea_id"].to_numpy()
    view = ranking.table[["rank", "title", "score"]].copy()
    point_cols = {}
    if (themes := theme_names(store, workshop.id, ids)) is not None:
        view["theme"], point_cols["theme"] = themes, theme_column()
    for c in ranking.criteria:
        key = f"p{c.id}"
        view[key] = ranking.contributions.loc[ids, c.id].to_numpy()
        point_cols[key] = st.column_config.NumberColumn(
            f"{c.name} pts", format="%.1f",
            help=f"{md(c.name)}: weight {c.weight:g} of {ranking.total_weight:g}")
    view["raters"] = ranking.table["raters"].to_numpy()
    dots = store.dot_totals(workshop.id, round_no)
    if not dots.empty:
        view["dots"] = (dots.set_index("idea_id")["dots"].reindex(ids).fillna(0)
                        .astype(int).to_numpy())
        point_cols["dots"] = st.column_config.NumberColumn(
            "Dots", width=60, help="Dot votes (not part of the score)")
    st.dataframe(view, hide_index=True, width="stretch", height=min(38 + 35 * len(view), 460),
                 column_config={
                     # Pinned: on a phone the points scroll sideways under the idea's name.
                     "rank": st.column_config.NumberColumn("#", width=36, pinned=True),
                     "title": st.column_config.TextColumn("Idea", width=210, pinned=True),
                     # 100 px: on a 390 px phone the score's number is still on screen.
                     "score": st.column_config.ProgressColumn("Score", width=100, min_value=0,
                                                              max_value=100, format="%.1f"),
                     **point_cols,
                     "raters": st.column_config.NumberColumn("Raters", width=70)})

if not ranking.unranked.empty:
    with st.expander(f"Not ranked yet ({len(ranking.unranked)})", expanded=True):
        st.dataframe(ranking.unranked[["title", "reason"]], hide_index=True, width="stretch",
                     column_config={"title": "Idea", "reason": "Why not"})

if not ranking.table.empty:
    titles = distinct(dict(zip(ranking.table["idea_id"].astype(int), ranking.table["title"],
                               strict=True)))
    ranks = dict(zip(ranking.table["idea_id"].astype(int), ranking.table["rank"], strict=True))
    with st.expander("Why is this idea ranked where it is?"):
        pick = st.selectbox("Idea", list(titles),
                            format_func=lambda i: f"#{ranks[i]} {titles[i]}")
        breakdown = explain_idea(ranking, pick)
        # The points first: on a phone the columns after the third are off screen.
        st.dataframe(breakdown, hide_index=True, width="stretch", column_order=[
            "criterion", "points", "mean rating", "0–1 value", "weight", "scale", "direction"],
            column_config={
                "mean rating": st.column_config.NumberColumn(format="%.2f"),
                "0–1 value": st.column_config.NumberColumn(format="%.3f"),
                "points": st.column_config.NumberColumn(format="%.1f")})
        parts = " + ".join(f"{p:.1f}" for p in breakdown["points"])
        st.markdown(f"Score = {parts} = **{breakdown['points'].sum():.1f}** "
                    "(points = 100 × weight ÷ total weight × 0–1 value)")

    benefits = [c for c in ranking.criteria if not c.is_cost]
    costs = [c for c in ranking.criteria if c.is_cost]
    matrix_tab, bar_tab = st.tabs(["Impact vs cost matrix", "Score breakdown"])
    with matrix_tab:
        if not benefits or not costs:
            st.info("The matrix needs at least one benefit and one cost criterion with a weight "
                    "above 0 (see Criteria).", icon=":material/info:")
        else:
            names = {c.id: c.name for c in ranking.criteria}
            by_id = {c.id: c for c in ranking.criteria}
            # A wrapping row: three across on a laptop, two to a line on a phone (columns
            # would stack them, three screen-wide boxes before the chart).
            with st.container(horizontal=True, gap="small"):
                y_id = st.selectbox("Up (benefit)", [c.id for c in benefits], width=170,
                                    format_func=names.__getitem__)
                x_id = st.selectbox("Across (cost)", [c.id for c in costs], width=170,
                                    format_func=names.__getitem__)
                size_options = [None] + [c.id for c in benefits if c.id != y_id]
                size_id = st.selectbox(
                    "Bubble size", size_options, index=1 if len(size_options) > 1 else 0,
                    width=170, format_func=lambda i: "same size" if i is None else names[i])
            matrix = store.derived(
                ("matrix", workshop.id, round_no, y_id, x_id, size_id),
                lambda: build_matrix_figure(ranking, by_id[y_id], by_id[x_id],
                                            by_id.get(size_id)))
            st.plotly_chart(matrix, width="stretch", config=PLOT_CONFIG)
    with bar_tab:
        bars = store.derived(("contributions", workshop.id, round_no),
                             lambda: build_contribution_figure(ranking))
        st.plotly_chart(bars, width="stretch", config=PLOT_CONFIG)

    ranking_downloads(store, workshop, me.id if me else None, "rank_export")
