"""Customer needs in the score: Ulwick's opportunity and the per-idea needs value."""

import numpy as np
import pandas as pd
import pytest

from workbench.domain.models import BENEFIT
from workbench.engine.opportunity import (
    NEEDS_CRITERION_ID,
    NEEDS_CRITERION_NAME,
    OPPORTUNITY_MAX,
    needs_criterion,
    needs_values,
    opportunity,
)


def test_ulwick_worked_examples():
    """Ulwick (Outcome-Driven Innovation): importance + max(importance − satisfaction, 0).
    decikit.com/en/frameworks/opportunity-scoring: importance 9, satisfaction 3 → 9 + 6 = 15;
    importance 9, satisfaction 9 → 9 + 0 = 9.
    """
    assert opportunity(np.array([9.0, 9.0]), np.array([3.0, 9.0])).tolist() == [15.0, 9.0]


def test_on_the_workbench_1_to_5_ratings():
    """Importance 5, satisfaction 2 → 5 + (5 − 2) = 8; the range is 1 … 2 × 5 − 1 = 9."""
    assert float(opportunity(5, 2)) == 8.0
    assert float(opportunity(5, 1)) == OPPORTUNITY_MAX == 9
    assert float(opportunity(1, 5)) == 1.0


def test_satisfaction_above_importance_gives_no_negative_gap():
    """Importance 3, satisfaction 5: the gap is max(3 − 5, 0) = 0, so 3 (not 1)."""
    assert float(opportunity(3, 5)) == 3.0


def test_unknown_satisfaction_counts_no_gap():
    assert float(opportunity(4, np.nan)) == 4.0
    assert opportunity(np.array([4.0, 2.0]), np.array([np.nan, 1.0])).tolist() == [4.0, 3.0]


def test_needs_value_is_the_best_tagged_need_and_0_when_untagged():
    """Idea 1: needs (5, 4) → 6 and (3, 1) → 5 → max 6. Idea 2: (4, unknown) → 4.
    Idea 3: no need → 0."""
    ratings = pd.DataFrame({"idea_id": [1, 1, 2], "importance": [5, 3, 4],
                            "satisfaction": [4, 1, None]})
    values = needs_values([1, 2, 3], ratings)
    assert values.to_dict() == {1: 6.0, 2: 4.0, 3: 0.0}
    assert values.name == NEEDS_CRITERION_ID
    assert values.index.name == "idea_id"


def test_needs_values_without_any_tagged_need_are_all_0():
    values = needs_values([7, 8], pd.DataFrame())
    assert values.to_dict() == {7: 0.0, 8: 0.0}


def test_needs_values_ignore_needs_of_ideas_not_asked_for():
    ratings = pd.DataFrame({"idea_id": [5], "importance": [5], "satisfaction": [1]})
    assert needs_values([1], ratings).to_dict() == {1: 0.0}


def test_the_needs_criterion_is_a_benefit_from_0_to_9():
    c = needs_criterion(2.5)
    assert (c.id, c.name, c.direction) == (NEEDS_CRITERION_ID, NEEDS_CRITERION_NAME, BENEFIT)
    assert (c.scale_min, c.scale_max, c.weight) == (0.0, 9.0, 2.5)
    # An idea serving the most underserved need (9) normalises to 1; no need → 0.
    assert (9 - c.scale_min) / (c.scale_max - c.scale_min) == pytest.approx(1.0)
