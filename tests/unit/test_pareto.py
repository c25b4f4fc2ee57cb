"""Pareto front: known cases, ties, missing values, and equality with brute force."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.models import InvalidInput
from workbench.engine.pareto import pareto_front


def brute_force(benefit: np.ndarray, cost: np.ndarray) -> np.ndarray:
    n = benefit.size
    ok = np.isfinite(benefit) & np.isfinite(cost)
    out = np.zeros(n, dtype=bool)
    for i in range(n):
        if not ok[i]:
            continue
        out[i] = not any(ok[j] and benefit[j] >= benefit[i] and cost[j] <= cost[i]
                         and (benefit[j] > benefit[i] or cost[j] < cost[i])
                         for j in range(n) if j != i)
    return out


def test_known_case():
    # A (10, 5) front; B (8, 2) front; C (7, 3) dominated by B; D (10, 6) dominated by A;
    # E (1, 1) front (cheapest); F (12, 9) front (most benefit).
    benefit = np.array([10.0, 8.0, 7.0, 10.0, 1.0, 12.0])
    cost = np.array([5.0, 2.0, 3.0, 6.0, 1.0, 9.0])
    assert pareto_front(benefit, cost).tolist() == [True, True, False, False, True, True]


def test_identical_points_are_both_on_the_front():
    assert pareto_front(np.array([5.0, 5.0, 1.0]), np.array([2.0, 2.0, 3.0])).tolist() == \
        [True, True, False]


def test_equal_benefit_cheaper_wins_and_equal_cost_more_benefit_wins():
    assert pareto_front(np.array([5.0, 5.0]), np.array([1.0, 2.0])).tolist() == [True, False]
    assert pareto_front(np.array([5.0, 6.0]), np.array([2.0, 2.0])).tolist() == [False, True]


def test_missing_values_are_never_on_the_front_and_never_dominate():
    benefit = np.array([np.nan, 3.0, 100.0, 2.0])
    cost = np.array([0.0, 1.0, np.nan, 2.0])
    assert pareto_front(benefit, cost).tolist() == [False, True, False, False]
    assert pareto_front(np.array([np.nan]), np.array([1.0])).tolist() == [False]
    assert pareto_front(np.array([]), np.array([])).tolist() == []


def test_shapes_must_match():
    with pytest.raises(InvalidInput, match="same length"):
        pareto_front(np.ones(3), np.ones(2))


values = st.one_of(st.integers(0, 4).map(float), st.floats(0, 10, allow_nan=False),
                   st.just(float("nan")))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(values, values), max_size=25))
def test_equals_brute_force(points):
    benefit = np.array([p[0] for p in points], dtype=float)
    cost = np.array([p[1] for p in points], dtype=float)
    assert pareto_front(benefit, cost).tolist() == brute_force(benefit, cost).tolist()
