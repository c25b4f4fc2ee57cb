"""Decide's Matrix & portfolio tab: benefit against cost and the best set within a budget."""

from __future__ import annotations

import streamlit as st

from workbench import services
from workbench.domain.models import Criterion, InvalidInput
from workbench.domain.safe_text import md
from workbench.engine import charts, tables
from workbench.engine.evaluation import benefit_of
from workbench.engine.fit import budget_unit, short_unit
from workbench.engine.portfolio import Portfolio, best_portfolio
from workbench.ui.decide.context import PLOT_CONFIG, DecideContext, nothing_ranked, table_key
from workbench.ui.widgets import done, reporting


def render(ctx: DecideContext) -> None:
    """Matrix with the Pareto frontier and the best set of ideas that fits the budget."""
    evaluation = ctx.result
    cost = tables.cost_criterion(evaluation.criteria, _cost_choice(ctx))
    if cost is None:
        st.info("The matrix and portfolio need a cost criterion (lower is better). Add one on "
                "the Criteria page.", icon=":material/info:")
        return
    table = evaluation.table
    settings = evaluation.settings
    titles = tables.titles_by_id(table)
    # Ideas deleted or merged since they were picked drop out of both lists.
    must = tables.still_listed(settings.must_include, titles)
    exclude = tables.still_listed(settings.exclude, titles)
    _settings_form(ctx, cost, titles, (must, exclude))
    if table.empty:
        nothing_ranked(ctx)
        return
    benefit, label = benefit_of(evaluation)
    items = tables.portfolio_items(table, benefit, evaluation.values[cost.id])
    portfolio = None
    if settings.budget is None:
        st.caption("Set a budget to see the best set of ideas that fits it.")
    else:
        budget = settings.budget
        try:
            portfolio = ctx.store.derived(
                ("portfolio", ctx.workshop.id, settings.to_json(), table_key(table)),
                lambda: best_portfolio(items, budget, must, exclude))
        except InvalidInput as exc:
            st.error(md(str(exc)), icon=":material/error:")
    points = tables.matrix_points(items, table, portfolio.chosen_ids if portfolio else ())
    figure = charts.build_decision_matrix(points, label, cost.name,
                                          50.0 if evaluation.formula is None else None,
                                          tables.scale_midpoint(cost))
    st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG)
    st.caption(f"Pareto frontier: {int(points['on_front'].sum())} idea(s) that no other idea "
               f"beats on both {md(label)} and {md(cost.name)}. Benefit leaves cost out, so the "
               "budget is not counted twice.")
    if portfolio is not None:
        _best_set(portfolio, label, cost)


def _cost_choice(ctx: DecideContext) -> int | None:
    """The chosen cost criterion, else the one a formula divides by (RICE effort, WSJF size)."""
    chosen = ctx.result.settings.cost_criterion
    formula = ctx.result.formula
    if chosen is None and formula is not None:
        fed = [formula.mapping.get(role) for role in ("effort", "size")]
        chosen = next((c.id for c in fed if c is not None), None)
    return chosen


def _settings_form(ctx: DecideContext, cost: Criterion, titles: dict[int, str],
                   picked: tuple[list[int], list[int]]) -> None:
    """Cost criterion, budget, capacity, must-include and exclude; saved on submit."""
    settings, can_edit = ctx.result.settings, ctx.can_edit
    costs = [c for c in ctx.result.criteria if c.is_cost or c.id == cost.id]
    with st.form("decide_portfolio"):
        a, b, c_ = st.columns([2, 1, 1])
        chosen_cost = a.selectbox("Cost is counted in", [c.id for c in costs],
                                  index=[c.id for c in costs].index(cost.id),
                                  format_func=lambda i: next(c.name for c in costs
                                                             if c.id == i),
                                  disabled=not can_edit, key="decide_cost")
        unit = md(budget_unit(cost))
        budget = b.number_input(f"Budget ({md(short_unit(cost))})", min_value=0.0,
                                value=settings.budget, step=1.0, placeholder="e.g. 12",
                                disabled=not can_edit, key="decide_budget",
                                help=f"Total cost the chosen ideas may add up to, in {unit}: "
                                     "each idea costs its average rating on that criterion.")
        capacity = c_.number_input(f"MoSCoW capacity ({md(short_unit(cost))})", min_value=0.0,
                                   value=settings.capacity, step=1.0, placeholder="optional",
                                   disabled=not can_edit, key="decide_capacity",
                                   help=f"What the team can deliver, in {unit}; Must haves "
                                        "should take at most 60 % of it.")
        st.caption(f"Budget and capacity are counted in {unit}.")
        left, right = st.columns(2)
        must = left.multiselect("Must include", list(titles),
                                default=picked[0],
                                format_func=titles.__getitem__, disabled=not can_edit,
                                key="decide_must")
        exclude = right.multiselect("Exclude", list(titles),
                                    default=picked[1],
                                    format_func=titles.__getitem__, disabled=not can_edit,
                                    key="decide_exclude")
        if st.form_submit_button("Find the best set", type="primary", disabled=not can_edit):
            with reporting():
                services.update_engine(ctx.store, ctx.workshop.id, ctx.actor,
                                      cost_criterion=chosen_cost, budget=budget or None,
                                      capacity=capacity or None, must_include=must,
                                      exclude=exclude)
                done("Portfolio settings saved")


def _best_set(portfolio: Portfolio, label: str, cost: Criterion) -> None:
    """The chosen set with its totals, and the ideas that were not candidates."""
    unit = md(short_unit(cost))
    st.success(f"**Best set within a budget of {portfolio.budget:g} {unit}** "
               f"({md(budget_unit(cost))}): {len(portfolio.chosen)} idea(s), total cost "
               f"{portfolio.total_cost:g} {unit}, total {md(label)} "
               f"{portfolio.total_value:.1f}, {portfolio.left_over:g} {unit} left over.",
               icon=":material/savings:")
    st.dataframe(tables.chosen_table(portfolio), hide_index=True, width="stretch",
                 column_config={
                     "title": st.column_config.TextColumn("Idea", width="large"),
                     "value": st.column_config.NumberColumn(label, format="%.3g"),
                     "cost": st.column_config.NumberColumn(
                         f"{cost.name} ({short_unit(cost)})", format="%.3g")})
    skipped = tables.skipped_rows(portfolio)
    if skipped:
        st.caption("Not candidates: " + "; ".join(f"{md(t)} ({md(r)})" for t, r in skipped))
