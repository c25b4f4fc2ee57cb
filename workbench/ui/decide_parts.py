"""The Decide page's sections: method settings and one renderer per tab.

Heavy results (evaluation, Monte-Carlo, portfolio, comparison, figures) go through
``store.derived`` keyed by the data version and the settings, so a widget click that changes
nothing they depend on costs no recomputation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.models import MOSCOW, MOSCOW_LABELS, Criterion, InvalidInput, Workshop
from workbench.domain.safe_text import md
from workbench.domain.scales import SCALES
from workbench.engine import charts
from workbench.engine.agreement import idea_spread
from workbench.engine.compare import compare_frameworks
from workbench.engine.evaluation import Evaluation, benefit_of
from workbench.engine.explain import (
    formula_line,
    idea_above,
    to_overtake,
    top_reasons,
    weighted_steps,
)
from workbench.engine.export import to_safe_csv
from workbench.engine.frameworks import FRAMEWORKS, capacity_check, map_slots
from workbench.engine.pareto import pareto_front
from workbench.engine.portfolio import best_portfolio
from workbench.engine.rater_robustness import rater_bootstrap
from workbench.engine.reliability import (
    criterion_reliability,
    discuss_first,
    rater_deviation_matrix,
)
from workbench.engine.robustness import simulate_weights, smallest_weight_flip
from workbench.engine.scoring import NORMALISATIONS
from workbench.engine.settings import EngineSettings
from workbench.store import Store
from workbench.ui.widgets import done, empty_state, reporting

PLOT_CONFIG = {"displaylogo": False}
WHAT_IF = "_decide_what_if"


def what_if_weights(workshop_id: int) -> dict[int, float] | None:
    """The weights being tried on this page (not saved), if any."""
    tried = st.session_state.get(WHAT_IF)
    return tried.get("weights") if tried and tried.get("workshop") == workshop_id else None


def with_weights(criteria: Sequence[Criterion], weights: dict[int, float] | None
                 ) -> list[Criterion]:
    """Criteria with the tried weights applied."""
    if not weights:
        return list(criteria)
    return [dataclasses.replace(c, weight=weights.get(c.id, c.weight)) for c in criteria]


def method_panel(store: Store, workshop: Workshop, actor: int | None, settings: EngineSettings,
                 criteria: Sequence[Criterion], can_edit: bool) -> None:
    """Framework, normalisation, aggregation, calibration and the needs criterion."""
    framework = FRAMEWORKS[settings.framework]
    with st.expander(f"Method: **{framework.name}** · {settings.normalisation} normalisation · "
                     f"{settings.aggregation} of raters", expanded=False,
                     icon=":material/tune:"):
        if not can_edit:
            st.caption("The facilitator chooses the method; this is what everyone sees.")
        with st.form("decide_method", border=False):
            left, right = st.columns(2)
            keys = list(FRAMEWORKS)
            choice = left.selectbox("Framework", keys, index=keys.index(settings.framework),
                                    format_func=lambda k: FRAMEWORKS[k].name,
                                    disabled=not can_edit, key="decide_framework")
            normalisation = left.radio("Normalisation", list(NORMALISATIONS),
                                       index=list(NORMALISATIONS).index(settings.normalisation),
                                       format_func=str.capitalize, horizontal=True,
                                       disabled=not can_edit, key="decide_normalisation",
                                       help=" ".join(NORMALISATIONS.values()))
            aggregation = right.selectbox("Combine raters by", ["mean", "median", "trimmed"],
                                          index=["mean", "median", "trimmed"].index(
                                              settings.aggregation),
                                          format_func={"mean": "Mean", "median": "Median",
                                                       "trimmed": "Trimmed mean (20 %)"}.get,
                                          disabled=not can_edit, key="decide_aggregation")
            calibrate = right.toggle("Calibrate harsh and lenient raters (z-scores)",
                                     value=settings.calibrate, disabled=not can_edit,
                                     key="decide_calibrate")
            needs_weight = right.number_input(
                "Weight of “Serves important needs” (0 = off)", min_value=0.0,
                max_value=1000.0, value=float(settings.needs_weight), step=0.5,
                disabled=not can_edit, key="decide_needs_weight",
                help="Adds a criterion computed from the needs each idea is tagged to: the "
                     "highest opportunity = importance + max(importance − satisfaction, 0).")
            slot_choices = {}
            if framework.slots:
                st.markdown(f"**{framework.name} inputs** — which criterion feeds each part "
                            "of the formula")
                mapping = map_slots(framework, criteria, settings.slot_choice(framework.key))
                options = [None] + [c.id for c in criteria]
                names = {c.id: c.name for c in criteria}
                columns = st.columns(len(framework.slots))
                for col, slot in zip(columns, framework.slots, strict=True):
                    current = mapping[slot.role]
                    slot_choices[slot.role] = col.selectbox(
                        md(slot.label), options,
                        index=options.index(current.id) if current else 0,
                        format_func=lambda i: "— none —" if i is None else names[i],
                        disabled=not can_edit, key=f"decide_slot_{framework.key}_{slot.role}",
                        help=slot.hint)
            saved = st.form_submit_button("Apply method", type="primary", disabled=not can_edit)
        if saved:
            others = [s for s in settings.slots if s[0] != framework.key]
            mine = [(framework.key, role, cid) for role, cid in slot_choices.items()
                    if cid is not None]
            st.session_state.pop(WHAT_IF, None)
            with reporting():
                services.update_engine(store, workshop.id, actor, framework=choice,
                                      normalisation=normalisation, aggregation=aggregation,
                                      calibrate=bool(calibrate), needs_weight=needs_weight,
                                      slots=others + mine)
                done(f"Method set: {FRAMEWORKS[choice].name}")


def missing_inputs_notice(store: Store, workshop: Workshop, actor: int | None,
                          evaluation: Evaluation, can_edit: bool) -> None:
    """Say which framework inputs have no criterion, and offer to add them."""
    result = evaluation.formula
    if result is None or not result.missing_slots:
        return
    labels = ", ".join(s.label for s in result.missing_slots)
    st.warning(f"{evaluation.framework.name} needs a criterion for: **{md(labels)}**. Map one "
               "under Method, or add them (weight 0, so the weighted score stays as it is) "
               "and score them on the Score page.", icon=":material/rule:")
    if can_edit and st.button(f"Add criteria for {labels}", icon=":material/add:"):
        with reporting():
            added = services.add_framework_criteria(store, workshop.id, actor,
                                                   evaluation.framework.key)
            done("Added " + ", ".join(added) if added else "Nothing to add")


def weights_panel(workshop: Workshop, criteria: Sequence[Criterion], store: Store,
                  actor: int | None, can_save: bool) -> None:
    """Try other weights on this page only; save them for everyone if allowed."""
    tried = what_if_weights(workshop.id)
    with st.expander("Try other weights" + (" — **what-if weights in use**" if tried else ""),
                     expanded=bool(tried), icon=":material/balance:"):
        st.caption("Move the sliders to see how the ranking and charts change. Nothing is "
                   "saved until you press “Save as the workshop's weights”.")
        with st.form("decide_weights", border=False):
            columns = st.columns(min(len(criteria), 4) or 1)
            values = {}
            top = max([10.0] + [c.weight for c in criteria])
            for i, c in enumerate(criteria):
                current = (tried or {}).get(c.id, c.weight)
                # Keyed by the saved weight too: when someone saves new weights, the
                # sliders start from them instead of keeping the old positions.
                values[c.id] = columns[i % len(columns)].slider(
                    md(c.name), 0.0, top, float(current), 0.5,
                    key=f"decide_weight_{c.id}_{c.weight:g}")
            apply_col, reset_col, save_col = st.columns(3)
            trial = apply_col.form_submit_button("Try these weights", type="primary")
            reset = reset_col.form_submit_button("Back to saved weights")
            save = save_col.form_submit_button("Save as the workshop's weights",
                                               disabled=not can_save)
        if (trial or save) and sum(values.values()) <= 0:
            st.error("At least one criterion needs a weight above 0 — with all weights at 0 "
                     "no idea can be ranked. Nothing changed.", icon=":material/error:")
            return
        if trial:
            st.session_state[WHAT_IF] = {"workshop": workshop.id, "weights": values}
            done("Trying the new weights (not saved)")
        if reset:
            st.session_state.pop(WHAT_IF, None)
            done("Back to the saved weights")
        if save:
            with reporting():
                services.update_criteria(store, workshop.id, actor,
                                        [(c.id, c.name, c.direction, values[c.id])
                                         for c in criteria])
                st.session_state.pop(WHAT_IF, None)
                done("Weights saved for everyone")


def score_format(evaluation: Evaluation) -> dict:
    """The score column: a 0–100 bar for weighted methods, a number for formulas."""
    if evaluation.formula is None:
        return {"score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100,
                                                         format="%.1f")}
    return {"score": st.column_config.NumberColumn(evaluation.framework.name, format="%.3g")}


def ranking_tab(evaluation: Evaluation, store: Store, workshop: Workshop, actor: int | None,
                can_edit: bool) -> None:
    """The ranked table, its formula, the ideas that could not be scored, and MoSCoW."""
    framework = evaluation.framework
    st.markdown(f"**{md(framework.formula)}**  \n{md(framework.source)}")
    if evaluation.formula is None:
        st.caption(NORMALISATIONS[evaluation.settings.normalisation])
    table = evaluation.table
    if table.empty:
        empty_state("No idea has every input this method needs yet — see the list below for "
                    "what is missing, then score it on the Score page.", "pages/score.py",
                    "Go to Score")
    else:
        view = table[["rank", "title", "score", "raters"]].copy()
        config = {"rank": st.column_config.NumberColumn("#", width=50),
                  "title": st.column_config.TextColumn("Idea", width="large"),
                  "raters": st.column_config.NumberColumn("Raters", width=70),
                  **score_format(evaluation)}
        if evaluation.formula is not None:
            labels = {s.role: s.label for s in framework.slots}
            inputs = evaluation.formula.inputs.reindex(table["idea_id"])
            for role in inputs.columns:
                view[role] = inputs[role].to_numpy()
                config[role] = st.column_config.NumberColumn(labels[role], format="%.3g")
        if framework.key == "moscow" or table["bucket"].notna().any():
            view["bucket"] = table["bucket"].map(MOSCOW_LABELS).fillna("—").to_numpy()
            config["bucket"] = st.column_config.TextColumn("MoSCoW")
        st.dataframe(view, hide_index=True, width="stretch",
                     height=min(38 + 35 * len(view), 460), column_config=config)
        csv = to_safe_csv(view.rename(columns={"title": "idea"}))
        st.download_button("Download this ranking (CSV)", csv, file_name="decision.csv",
                           mime="text/csv", icon=":material/download:")
    if not evaluation.incomplete.empty:
        with st.expander(f"Incomplete — not ranked ({len(evaluation.incomplete)})",
                         expanded=table.empty):
            st.dataframe(evaluation.incomplete[["title", "reason"]], hide_index=True,
                         width="stretch", column_config={"title": "Idea",
                                                         "reason": "What is missing"})
    if framework.key == "moscow":
        moscow_section(evaluation, store, workshop, actor, can_edit)


def moscow_section(evaluation: Evaluation, store: Store, workshop: Workshop,
                   actor: int | None, can_edit: bool) -> None:
    """Sort shortlisted ideas into buckets; warn when Must takes over 60 % of capacity."""
    st.subheader("MoSCoW buckets", anchor=False)
    ideas = evaluation.values.index
    titles = dict(zip(evaluation.table["idea_id"], evaluation.table["title"], strict=True))
    titles.update(dict(zip(evaluation.incomplete["idea_id"], evaluation.incomplete["title"],
                           strict=True)))
    grid = pd.DataFrame({"title": [titles.get(i, str(i)) for i in ideas],
                         "bucket": [evaluation.buckets.get(i) for i in ideas]},
                        index=pd.Index(ideas, name="idea_id"))
    labels = {b: MOSCOW_LABELS[b] for b in MOSCOW}
    grid["bucket"] = grid["bucket"].map(labels)
    edited = st.data_editor(grid, hide_index=True, width="stretch", disabled=["title"]
                            if can_edit else True, key=f"moscow_{workshop.id}",
                            column_config={
                                "title": st.column_config.TextColumn("Idea", width="large"),
                                "bucket": st.column_config.SelectboxColumn(
                                    "Bucket", options=list(labels.values()))})
    back = {v: k for k, v in labels.items()}
    if can_edit and st.button("Save buckets", type="primary", key="save_moscow"):
        changes = {int(i): back.get(edited.at[i, "bucket"]) for i in grid.index
                   if edited.at[i, "bucket"] != grid.at[i, "bucket"]
                   and not (pd.isna(edited.at[i, "bucket"]) and pd.isna(grid.at[i, "bucket"]))}
        with reporting():
            services.set_moscow(store, workshop.id, actor, changes)
            done(f"Saved {len(changes)} bucket change(s)")
    cost = cost_criterion(evaluation)
    capacity = evaluation.settings.capacity
    if cost is None:
        st.caption("Add a cost criterion to check the Must haves against your capacity.")
    elif capacity is None:
        st.caption(f"Set a capacity (in {md(cost.name)} units) under Portfolio to check that "
                   "Must haves stay within 60 % of it.")
    else:
        check = capacity_check(evaluation.buckets, evaluation.values[cost.id], capacity)
        (st.warning if check.over else st.success)(md(check.message()))


def cost_criterion(evaluation: Evaluation) -> Criterion | None:
    """The criterion budgets are counted in: the chosen one, else the first cost criterion."""
    by_id = {c.id: c for c in evaluation.criteria}
    chosen = evaluation.settings.cost_criterion
    if chosen in by_id:
        return by_id[chosen]
    return next((c for c in evaluation.criteria if c.is_cost), None)


def portfolio_tab(evaluation: Evaluation, store: Store, workshop: Workshop, actor: int | None,
                  can_edit: bool) -> None:
    """Matrix with the Pareto frontier and the best set of ideas that fits the budget."""
    cost = cost_criterion(evaluation)
    if cost is None:
        st.info("The matrix and portfolio need a cost criterion (lower is better). Add one on "
                "the Criteria page.", icon=":material/info:")
        return
    table = evaluation.table
    settings = evaluation.settings
    titles = dict(zip(table["idea_id"].astype(int), table["title"], strict=True))
    costs = [c for c in evaluation.criteria if c.is_cost]
    with st.form("decide_portfolio"):
        a, b, c_ = st.columns([2, 1, 1])
        chosen_cost = a.selectbox("Cost is counted in", [c.id for c in costs],
                                  index=[c.id for c in costs].index(cost.id),
                                  format_func=lambda i: next(c.name for c in costs
                                                             if c.id == i),
                                  disabled=not can_edit, key="decide_cost")
        budget = b.number_input("Budget", min_value=0.0, value=settings.budget,
                                step=1.0, placeholder="e.g. 12", disabled=not can_edit,
                                key="decide_budget", help="Total cost the chosen ideas may "
                                "add up to, in the cost criterion's units.")
        capacity = c_.number_input("MoSCoW capacity", min_value=0.0, value=settings.capacity,
                                   step=1.0, placeholder="optional", disabled=not can_edit,
                                   key="decide_capacity")
        left, right = st.columns(2)
        must = left.multiselect("Must include", list(titles),
                                default=[i for i in settings.must_include if i in titles],
                                format_func=titles.__getitem__, disabled=not can_edit,
                                key="decide_must")
        exclude = right.multiselect("Exclude", list(titles),
                                    default=[i for i in settings.exclude if i in titles],
                                    format_func=titles.__getitem__, disabled=not can_edit,
                                    key="decide_exclude")
        if st.form_submit_button("Find the best set", type="primary", disabled=not can_edit):
            with reporting():
                services.update_engine(store, workshop.id, actor, cost_criterion=chosen_cost,
                                      budget=budget or None, capacity=capacity or None,
                                      must_include=must, exclude=exclude)
                done("Portfolio settings saved")
    if table.empty:
        st.info("Nothing is ranked yet.", icon=":material/info:")
        return
    benefit, label = benefit_of(evaluation)
    items = pd.DataFrame({"idea_id": table["idea_id"].to_numpy(),
                          "title": table["title"].to_numpy(),
                          "value": benefit.reindex(table["idea_id"]).to_numpy(dtype=float),
                          "cost": evaluation.values[cost.id].reindex(table["idea_id"]
                                                                    ).to_numpy(dtype=float)})
    portfolio = None
    if settings.budget is None:
        st.caption("Set a budget to see the best set of ideas that fits it.")
    else:
        try:
            portfolio = store.derived(("portfolio", workshop.id, settings.to_json(),
                                       _table_key(table)), lambda: best_portfolio(
                items, settings.budget, [i for i in settings.must_include if i in titles],
                [i for i in settings.exclude if i in titles]))
        except InvalidInput as exc:
            st.error(md(str(exc)), icon=":material/error:")
    front = pareto_front(items["value"].to_numpy(), items["cost"].to_numpy())
    points = items.rename(columns={"value": "benefit"}).assign(
        rank=table["rank"].to_numpy(), score=table["score"].to_numpy(), on_front=front,
        in_portfolio=items["idea_id"].isin(portfolio.chosen_ids if portfolio else ()))
    mid = (cost.scale_min + cost.scale_max) / 2 if not SCALES.get(
        cost.scale, SCALES["custom"]).open_top else None
    figure = charts.build_decision_matrix(points, label, cost.name,
                                          50.0 if evaluation.formula is None else None, mid)
    st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG)
    st.caption(f"Pareto frontier: {int(front.sum())} idea(s) that no other idea beats on both "
               f"{md(label)} and {md(cost.name)}. Benefit leaves cost out, so the budget is "
               "not counted twice.")
    if portfolio is not None:
        st.success(f"**Best set within a budget of {portfolio.budget:g}:** "
                   f"{len(portfolio.chosen)} idea(s), total cost {portfolio.total_cost:g}, "
                   f"total {md(label)} {portfolio.total_value:.1f}, "
                   f"{portfolio.left_over:g} left over.", icon=":material/savings:")
        chosen = portfolio.chosen[["title", "value", "cost"]]
        st.dataframe(chosen, hide_index=True, width="stretch", column_config={
            "title": st.column_config.TextColumn("Idea", width="large"),
            "value": st.column_config.NumberColumn(label, format="%.3g"),
            "cost": st.column_config.NumberColumn(cost.name, format="%.3g")})
        if not portfolio.skipped.empty:
            st.caption("Not candidates: " + "; ".join(
                f"{md(t)} ({md(r)})" for t, r in zip(portfolio.skipped["title"],
                                                     portfolio.skipped["reason"], strict=True)))


def _table_key(table: pd.DataFrame) -> tuple:
    return tuple(table["idea_id"].astype(int)), tuple(np.round(table["score"], 9))


def robustness_tab(evaluation: Evaluation, workshop: Workshop, store: Store,
                   scores: pd.DataFrame) -> None:
    """Monte-Carlo over the weights or the raters: chance of the top N, 5–95 % rank range."""
    ranking = evaluation.weighted
    table = evaluation.table
    if table.empty:
        st.info("Nothing is ranked yet.", icon=":material/info:")
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
        top_n = b.number_input("Top N", 1, 100, min(settings.top_n, len(table)),
                               key="decide_top_n")
        concentration = c.number_input(
            "Concentration", 0.5, 1000.0, float(settings.concentration), step=5.0,
            key="decide_concentration",
            help="For weights: how close the random weights stay to the chosen ones — 5 = "
                 "loose (weights vary a lot), 100 = tight.")
        draws = d.number_input("Draws", 100, 20_000, settings.draws, step=500,
                               key="decide_draws")
        st.form_submit_button("Run again with these settings")
    if mode == "weights":
        assert ranking is not None
        weights = np.array([cr.weight for cr in ranking.criteria], dtype=float)
        normalised = ranking.normalised.to_numpy(dtype=float)
        with st.spinner(f"Running {int(draws):,} weight draws…"):
            stats = store.derived(("robust", workshop.id, _table_key(ranking.table),
                                   tuple(weights), int(top_n), float(concentration),
                                   int(draws)),
                                  lambda: simulate_weights(normalised, weights,
                                                           draws=int(draws),
                                                           concentration=float(concentration),
                                                           top_n=int(top_n), seed=7))
        frame = stats.to_frame(ranking.table["idea_id"].to_numpy(), ranking.table["title"])
        how = (f"{stats.draws:,} draws of weights from a Dirichlet distribution centred on the "
               f"chosen weights (concentration {float(concentration):g} per criterion)")
    else:
        try:
            with st.spinner(f"Resampling the raters {int(draws):,} times…"):
                stats, ideas = store.derived(
                    ("robust raters", workshop.id, settings.to_json(), _table_key(table),
                     tuple((cr.id, cr.weight) for cr in evaluation.criteria), int(top_n),
                     int(draws)),
                    lambda: rater_bootstrap(evaluation, scores, draws=int(draws),
                                            top_n=int(top_n), seed=7))
        except InvalidInput as exc:
            st.info(str(exc), icon=":material/group:")
            return
        frame = stats.to_frame(ideas["idea_id"].to_numpy(), ideas["title"]).dropna(
            subset=["rank_median"])
        how = (f"{stats.draws:,} resamples of the raters with replacement (each draw "
               "averages the ratings of the raters it picked)")
    st.plotly_chart(charts.build_rank_band_figure(frame, int(top_n)), width="stretch",
                    config=PLOT_CONFIG)
    if mode == "weights":
        weight_flip_note(evaluation)
    st.dataframe(frame[["title", "p_top_n", "p_first", "rank_low", "rank_median",
                        "rank_high"]], hide_index=True, width="stretch", column_config={
        "title": st.column_config.TextColumn("Idea", width="large"),
        "p_top_n": st.column_config.ProgressColumn(f"P(top {int(top_n)})", min_value=0,
                                                   max_value=1, format="percent"),
        "p_first": st.column_config.NumberColumn("P(#1)", format="percent"),
        "rank_low": st.column_config.NumberColumn("Best rank (5 %)", format="%d"),
        "rank_median": st.column_config.NumberColumn("Median rank", format="%d"),
        "rank_high": st.column_config.NumberColumn("Worst rank (95 %)", format="%d")})
    st.caption(f"{how}; seed 7, so the same settings always give the same figures.")


def weight_flip_note(evaluation: Evaluation) -> None:
    """The smallest weight shift that lets another idea catch the #1, in words."""
    ranking = evaluation.weighted
    assert ranking is not None
    weights = np.array([cr.weight for cr in ranking.criteria], dtype=float)
    flip = smallest_weight_flip(ranking.normalised.to_numpy(dtype=float), weights, 0)
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


def agreement_tab(evaluation: Evaluation, scores: pd.DataFrame, criteria: Sequence[Criterion],
                  rater_names: dict[int, str]) -> None:
    """Inter-rater reliability per criterion, disputed ideas, and the rater heatmap."""
    raters = scores["rater_id"].nunique() if not scores.empty else 0
    if raters < 2:
        st.info(f"Agreement figures need ≥ 2 raters; {raters} so far.", icon=":material/group:")
        return
    reliability = criterion_reliability(scores, criteria)
    st.markdown("**How consistently do raters score each criterion?** Krippendorff's α "
                "(interval): 1 = perfect agreement, 0 = no better than chance.")
    shown = ["criterion", "raters", "ideas", "alpha", "reading"]
    if reliability["note"].fillna("").astype(bool).any():
        shown.append("note")
    st.dataframe(reliability[shown], hide_index=True, width="stretch", column_config={
        "criterion": st.column_config.TextColumn("Criterion"),
        "raters": st.column_config.NumberColumn("Raters", width=70),
        "ideas": st.column_config.NumberColumn("Ideas", width=70,
                                               help="Ideas rated by at least 2 raters"),
        "alpha": st.column_config.NumberColumn("α", format="%.2f", width=70),
        "reading": st.column_config.TextColumn("Reading"),
        "note": st.column_config.TextColumn("Note")})
    spread = idea_spread(scores, criteria)
    first = discuss_first(spread, evaluation.table, evaluation.settings.top_n)
    titled = spread.assign(title=spread["idea_id"].map(dict(zip(
        evaluation.table["idea_id"], evaluation.table["title"], strict=True))))
    with st.expander(f"Spread per idea ({len(spread)})"):
        st.dataframe(titled.dropna(subset=["title"])[["title", "raters", "min", "max",
                                                      "spread", "agreement"]],
                     hide_index=True, width="stretch", column_config={
                         "title": st.column_config.TextColumn("Idea", width="large"),
                         "spread": st.column_config.NumberColumn(
                             "Spread", format="%.2f", help="Mean standard deviation on each "
                             "criterion's 0–1 scale; 0 = everyone agrees")})
    if not first.empty:
        st.markdown("**Discuss these first**")
        for title, why in zip(first["title"], first["why"], strict=True):
            st.markdown(f"- **{md(title)}** — {md(why)}")
    titles = dict(zip(evaluation.table["idea_id"].astype(int), evaluation.table["title"],
                      strict=True))
    matrix = rater_deviation_matrix(scores[scores["idea_id"].isin(list(titles))], criteria,
                                    titles, rater_names)
    st.plotly_chart(charts.build_rater_heatmap(matrix), width="stretch", config=PLOT_CONFIG)


def compare_tab(evaluation: Evaluation, ideas: pd.DataFrame, store: Store, key: tuple) -> None:
    """Ranks under every framework that can score the ideas, side by side."""
    comparison = store.derived(("compare",) + key, lambda: compare_frameworks(
        ideas, evaluation.values, evaluation.criteria, evaluation.settings,
        evaluation.buckets))
    if comparison.ranks.shape[1] <= 3:
        st.info("Only one framework can rank these ideas. Add criteria for RICE, ICE or WSJF "
                "(see “Method”) to compare.", icon=":material/info:")
    else:
        st.plotly_chart(charts.build_framework_comparison(comparison.ranks), width="stretch",
                        config=PLOT_CONFIG)
        if not comparison.correlations.empty:
            st.markdown(f"**Agreement with {md(comparison.reference)}** (1 = same order, 0 = "
                        "unrelated, negative = reversed)")
            st.dataframe(comparison.correlations, hide_index=True, column_config={
                "spearman": st.column_config.NumberColumn("Spearman ρ", format="%.2f"),
                "kendall": st.column_config.NumberColumn("Kendall τ", format="%.2f")})
        if not comparison.movers.empty:
            st.markdown("**Biggest rank jumps between frameworks** — worth a second look")
            st.dataframe(comparison.movers[["title", "best", "worst", "jump"]],
                         hide_index=True, column_config={
                             "title": st.column_config.TextColumn("Idea", width="large"),
                             "best": st.column_config.NumberColumn("Best rank", format="%d"),
                             "worst": st.column_config.NumberColumn("Worst rank", format="%d"),
                             "jump": st.column_config.NumberColumn("Jump", format="%d")})
        st.dataframe(comparison.ranks.drop(columns=["idea_id"]), hide_index=True,
                     width="stretch", column_config={
                         "title": st.column_config.TextColumn("Idea", width="large")})
    if comparison.skipped:
        st.caption("Not compared: " + "; ".join(f"{md(k)} ({md(v)})"
                                                for k, v in comparison.skipped.items()))


def explain_tab(evaluation: Evaluation) -> None:
    """Why an idea is #k, and what would lift it above the idea ranked just above it."""
    table = evaluation.table
    if table.empty:
        st.info("Nothing is ranked yet.", icon=":material/info:")
        return
    titles = dict(zip(table["idea_id"].astype(int), table["title"], strict=True))
    ranks = dict(zip(table["idea_id"].astype(int), table["rank"], strict=True))
    pick = st.selectbox("Idea", list(titles), format_func=lambda i: f"#{ranks[i]} {titles[i]}",
                        key="decide_explain_pick")
    steps = weighted_steps(evaluation, pick)
    if evaluation.formula is not None:
        st.markdown(f"**{md(formula_line(evaluation, pick))}**")
    elif steps:
        st.plotly_chart(charts.build_waterfall_figure(steps), width="stretch",
                        config=PLOT_CONFIG)
        st.caption("Points = 100 × weight ÷ total weight × 0–1 value. Most points from: "
                   + md(top_reasons(steps)) + ".")
    above = idea_above(evaluation, pick)
    if above is None:
        st.success(f"#{ranks[pick]}: nothing is ranked above it.")
        return
    st.markdown(f"**To overtake #{ranks[above[0]]} {md(above[1])}** ({above[2]:.3g}), any one "
                "of these would do (everything else unchanged):")
    for line in to_overtake(evaluation, pick):
        st.markdown("- " + md(line))


def criteria_view_tab(evaluation: Evaluation) -> None:
    """Parallel coordinates: every ranked idea across every criterion."""
    ranking = evaluation.weighted
    if ranking is None or ranking.table.empty:
        st.info("Nothing is ranked yet.", icon=":material/info:")
        return
    ids = ranking.table["idea_id"].to_numpy()
    frame = pd.DataFrame({f"c{c.id}": ranking.normalised.loc[ids, c.id].to_numpy()
                          for c in ranking.criteria})
    frame["score"] = ranking.table["score"].to_numpy()
    frame["title"] = ranking.table["title"].to_numpy()
    columns = [(f"c{c.id}", c.name) for c in ranking.criteria] + [("score", "Score")]
    st.plotly_chart(charts.build_parallel_figure(frame, columns, "score"), width="stretch",
                    config=PLOT_CONFIG)
    st.caption("Each line is an idea; every axis is a criterion on its 0–1 scale (1 = best, "
               "cost already inverted). Drag along an axis to filter.")
