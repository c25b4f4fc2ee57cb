"""Best portfolio under a budget: brute-force optimality, must/exclude, skipped rows, errors."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.models import InvalidInput
from workbench.engine.portfolio import BudgetTooSmall, best_portfolio


def items(rows: list[tuple[str, float, float]], start: int = 1) -> pd.DataFrame:
    return pd.DataFrame({"idea_id": range(start, start + len(rows)),
                         "title": [r[0] for r in rows],
                         "value": [r[1] for r in rows],
                         "cost": [r[2] for r in rows]})


def brute_force(value, cost, budget, must=(), exclude=()) -> float | None:
    """Best total value over all 2**n subsets, or None if none is feasible.

    A set fits when its correctly rounded total cost (math.fsum, independent of summation
    order) is at most the budget — the same rule best_portfolio uses.
    """
    n = len(value)
    masks = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    costs = np.asarray(cost, dtype=float)
    ok = np.array([math.fsum(costs[m == 1]) <= budget for m in masks])
    for i in must:
        ok &= masks[:, i] == 1
    for i in exclude:
        ok &= masks[:, i] == 0
    if not ok.any():
        return None
    return float((masks[ok] @ np.asarray(value, dtype=float)).max())


def test_known_answer_beats_greedy_by_ratio():
    """Budget 10. Greedy by value/cost takes A (ratio 3, cost 6) and then nothing fits but
    D: A + D = 18 + 1 = 19. Optimal is B + C (cost 5 + 5): 12 + 12 = 24."""
    frame = items([("A", 18, 6), ("B", 12, 5), ("C", 12, 5), ("D", 1, 4)])
    p = best_portfolio(frame, 10)
    assert p.chosen_ids == frozenset({2, 3})
    assert p.total_value == 24 and p.total_cost == 10 and p.left_over == 0 and p.budget == 10
    assert p.chosen["title"].tolist() == ["B", "C"]
    assert p.optimal and p.skipped.empty


def test_chosen_is_sorted_best_value_first_and_keeps_extra_columns():
    frame = items([("Low", 1, 1), ("High", 9, 1), ("Mid", 5, 1)]).assign(note=["a", "b", "c"])
    p = best_portfolio(frame, 5)
    assert p.chosen["title"].tolist() == ["High", "Mid", "Low"]
    assert p.chosen["note"].tolist() == ["b", "c", "a"]
    assert list(p.chosen.index) == [0, 1, 2]


def test_zero_value_ideas_are_left_out_unless_must():
    frame = items([("Worthless", 0, 1), ("Good", 5, 1)])
    assert best_portfolio(frame, 10).chosen_ids == frozenset({2})
    assert best_portfolio(frame, 10, must=[1]).chosen_ids == frozenset({1, 2})


def test_must_and_exclude_are_honoured():
    frame = items([("A", 18, 6), ("B", 12, 5), ("C", 12, 5), ("D", 1, 4)])
    p = best_portfolio(frame, 10, must=[1])
    assert 1 in p.chosen_ids and p.total_value == 19  # A + D
    p = best_portfolio(frame, 10, exclude=[2])
    assert 2 not in p.chosen_ids and p.total_value == 19  # A + D beats C + D (13)


def test_missing_and_non_positive_costs_are_skipped_with_reasons():
    frame = items([("No value", np.nan, 2), ("No cost", 5, np.nan), ("Free", 5, 0),
                   ("Negative", 5, -1), ("Neither", np.nan, np.nan), ("Fine", 3, 2)])
    p = best_portfolio(frame, 10)
    assert p.chosen_ids == frozenset({6})
    assert p.skipped.to_dict("records") == [
        {"idea_id": 1, "title": "No value", "reason": "no value (score) yet"},
        {"idea_id": 2, "title": "No cost", "reason": "no cost estimate yet"},
        {"idea_id": 3, "title": "Free", "reason": "cost must be above 0"},
        {"idea_id": 4, "title": "Negative", "reason": "cost must be above 0"},
        {"idea_id": 5, "title": "Neither",
         "reason": "no value (score) yet; no cost estimate yet"}]


def test_nothing_to_choose_gives_an_empty_portfolio():
    p = best_portfolio(items([("No cost", 5, np.nan)]), 10)
    assert p.chosen.empty and p.total_value == 0 and p.left_over == 10
    assert p.chosen_ids == frozenset() and len(p.skipped) == 1
    p = best_portfolio(items([("A", 5, 1)]), 10, exclude=[1])
    assert p.chosen.empty


@pytest.mark.parametrize("budget", [0, -5, float("nan"), float("inf"), "lots", True, None])
def test_budget_must_be_a_finite_number_above_zero(budget):
    with pytest.raises(InvalidInput, match="The budget must be a number above 0"):
        best_portfolio(items([("A", 1, 1)]), budget)


def test_budget_below_the_cheapest_idea_message():
    frame = items([("Big", 5, 7), ("X", 1, 3), ("Skipped", 1, np.nan), ("Gone", 9, 1)])
    with pytest.raises(BudgetTooSmall) as err:
        best_portfolio(frame, 2, exclude=[4])
    assert str(err.value) == ("The budget of 2 is below the cheapest idea, 'X' (cost 3). "
                              "Raise the budget to at least 3.")
    assert err.value.needed == 3
    with pytest.raises(BudgetTooSmall, match=r"budget of 2\.5 is below .*\(cost 2\.75\)"):
        best_portfolio(items([("Y", 1, 2.75)]), 2.5)


def test_must_include_ideas_costing_more_than_the_budget():
    frame = items([("A", 5, 4), ("B", 1, 3), ("C", 1, 1)])
    with pytest.raises(BudgetTooSmall) as err:
        best_portfolio(frame, 6, must=[1, 2])
    assert str(err.value) == ("The must-include ideas ('A', 'B') cost 7 together, more than "
                              "the budget of 6. Raise the budget to at least 7 or drop one "
                              "from must-include.")
    assert err.value.needed == 7
    with pytest.raises(BudgetTooSmall, match="The must-include idea 'A' costs 4, more than the "
                                             "budget of 3"):
        best_portfolio(frame, 3, must=[1])


def test_idea_both_must_and_excluded():
    with pytest.raises(InvalidInput, match="'B' is both must-include and excluded. Choose one."):
        best_portfolio(items([("A", 1, 1), ("B", 1, 1)]), 5, must=[2], exclude=[2, 1])


@pytest.mark.parametrize("field,kwargs", [("must-include", {"must": [99]}),
                                          ("excluded", {"exclude": [99]})])
def test_unknown_must_or_exclude_id(field, kwargs):
    with pytest.raises(InvalidInput, match=f"Idea 99 is marked {field} but is not among"):
        best_portfolio(items([("A", 1, 1)]), 5, **kwargs)


def test_must_include_idea_without_a_cost_cannot_be_planned():
    with pytest.raises(InvalidInput, match="'A' is must-include but has no cost estimate yet"):
        best_portfolio(items([("A", 1, np.nan), ("B", 1, 1)]), 5, must=[1])


def test_bad_tables():
    with pytest.raises(InvalidInput, match="missing the column"):
        best_portfolio(pd.DataFrame({"idea_id": [1], "title": ["A"], "value": [1.0]}), 5)
    with pytest.raises(InvalidInput, match="Idea 1 is listed twice"):
        best_portfolio(pd.DataFrame({"idea_id": [1, 1], "title": ["A", "B"],
                                     "value": [1.0, 2.0], "cost": [1.0, 1.0]}), 5)
    with pytest.raises(InvalidInput, match="not an idea id"):
        best_portfolio(items([("A", 1, 1)]), 5, must=["x"])


def test_same_input_same_set():
    rng = np.random.default_rng(5)
    frame = items([(f"I{i}", float(v), float(c)) for i, (v, c) in
                   enumerate(zip(rng.integers(1, 4, 30), rng.integers(1, 4, 30), strict=True))])
    runs = {best_portfolio(frame, 20).chosen_ids for _ in range(3)}
    assert len(runs) == 1


def test_cost_exactly_at_the_budget_counts_as_fitting():
    """Totals are correctly rounded sums (math.fsum), so 0.1 + 0.2 + 0.3 fits a budget of 0.6
    even though naive float addition gives 0.6000000000000001; a hair less does not fit."""
    frame = items([("A", 1, 0.1), ("B", 1, 0.2), ("C", 1, 0.3)])
    p = best_portfolio(frame, 0.6)
    assert p.total_cost <= 0.6 and p.total_value == 3
    assert best_portfolio(frame, 0.5999999999).total_value == 2


problem = st.integers(1, 15).flatmap(lambda n: st.tuples(
    st.lists(st.one_of(st.integers(0, 20).map(float), st.floats(0, 100)), min_size=n,
             max_size=n),
    st.lists(st.one_of(st.integers(1, 10).map(float), st.floats(0.01, 10)), min_size=n,
             max_size=n),
    st.floats(0.01, 1.0),
    st.sets(st.integers(0, n - 1), max_size=2),
    st.sets(st.integers(0, n - 1), max_size=2)))


@settings(max_examples=200, deadline=None)
@given(problem)
def test_equals_brute_force(case):
    value, cost, share, must, exclude = case
    exclude = exclude - must
    budget = max(share * sum(cost), min(cost))
    frame = items([(f"I{i}", v, c) for i, (v, c) in enumerate(zip(value, cost, strict=True))],
                  start=0)
    must_cost = math.fsum(cost[i] for i in must)
    free = [cost[i] for i in range(len(cost)) if i not in exclude]
    if must_cost > budget or (free and budget < min(free)):
        with pytest.raises(BudgetTooSmall):
            best_portfolio(frame, budget, must=must, exclude=exclude)
        return
    p = best_portfolio(frame, budget, must=must, exclude=exclude)
    best = brute_force(value, cost, budget, must, exclude)
    assert best is not None
    assert p.total_value == pytest.approx(best, rel=1e-6, abs=1e-6)
    assert p.total_cost <= budget
    assert must <= p.chosen_ids and not (exclude & p.chosen_ids)
    assert p.total_cost == pytest.approx(sum(cost[i] for i in p.chosen_ids))
    assert p.left_over == pytest.approx(budget - p.total_cost)
