"""Rater bootstrap on the engine's evaluation: reproducible, and honest about too few raters."""

import numpy as np
import pandas as pd
import pytest

from workbench.domain.models import Criterion, InvalidInput
from workbench.engine.evaluation import evaluate
from workbench.engine.rater_robustness import rater_bootstrap
from workbench.engine.settings import DEFAULTS, apply_changes

IDEAS = pd.DataFrame({"id": [1, 2, 3], "title": ["Alpha", "Beta", "Gamma"]})
CRITERIA = [Criterion(10, "Value", "benefit", 1, 5, 1.0, 0),
            Criterion(11, "Effort", "cost", 1, 5, 1.0, 1)]


def rows(ratings):
    """ratings: {rater: {idea: (value, effort)}} → raw score rows."""
    out = []
    for rater, ideas in ratings.items():
        for idea, (value, effort) in ideas.items():
            out += [(idea, rater, 10, value), (idea, rater, 11, effort)]
    return pd.DataFrame(out, columns=["idea_id", "rater_id", "criterion_id", "value"])


AGREEING = rows({7: {1: (5, 1), 2: (3, 3), 3: (1, 5)}, 8: {1: (5, 1), 2: (3, 3), 3: (1, 5)}})
SPLIT = rows({7: {1: (5, 1), 2: (1, 5), 3: (3, 3)}, 8: {1: (1, 5), 2: (5, 1), 3: (3, 3)},
              9: {1: (5, 1), 2: (1, 5), 3: (3, 3)}})


@pytest.mark.parametrize("framework", ["weighted", "value_effort"])
def test_raters_who_agree_give_a_certain_ranking(framework):
    settings = apply_changes(DEFAULTS, {"framework": framework})
    stats, ideas = rater_bootstrap(evaluate(IDEAS, CRITERIA, AGREEING, settings), AGREEING,
                                   draws=300, top_n=1, seed=3)
    frame = stats.to_frame(ideas["idea_id"], ideas["title"])
    assert frame["title"].tolist() == ["Alpha", "Beta", "Gamma"]
    assert frame["p_top_n"].tolist() == [1.0, 0.0, 0.0]
    assert (frame["rank_low"] == frame["rank_high"]).all()


def test_split_raters_make_the_top_uncertain_and_the_seed_reproduces_it():
    evaluation = evaluate(IDEAS, CRITERIA, SPLIT, DEFAULTS)
    first, ideas = rater_bootstrap(evaluation, SPLIT, draws=400, top_n=1, seed=11)
    again, _ = rater_bootstrap(evaluation, SPLIT, draws=400, top_n=1, seed=11)
    p_first = dict(zip(ideas["title"], first.p_top_n, strict=True))
    # Beta wins a draw when rater 8 (the dissenter) is picked at least twice of three:
    # P = 3·(1/3)²·(2/3) + (1/3)³ = 7/27 ≈ 0.26; Gamma can never come first.
    assert 0.15 < p_first["Beta"] < 0.37 and p_first["Gamma"] == 0.0
    assert p_first["Alpha"] == pytest.approx(1 - p_first["Beta"])
    np.testing.assert_array_equal(first.p_top_n, again.p_top_n)
    np.testing.assert_array_equal(first.rank_high, again.rank_high)


def test_one_rater_is_refused_with_a_clear_message():
    one = AGREEING[AGREEING["rater_id"] == 7]
    with pytest.raises(InvalidInput, match="needs ≥ 2 raters"):
        rater_bootstrap(evaluate(IDEAS, CRITERIA, one, DEFAULTS), one)


def test_rice_effort_zero_in_a_draw_leaves_the_idea_unranked_in_that_draw():
    criteria = [Criterion(20, "Reach", "benefit", 0, 1000, 0, 0, "free"),
                Criterion(21, "Impact", "benefit", 0.25, 3, 0, 1, "rice_impact"),
                Criterion(22, "Confidence", "benefit", 0, 100, 0, 2, "percent"),
                Criterion(23, "Effort", "cost", 0, 10, 0, 3, "free")]
    raw = pd.DataFrame([(1, r, c, v) for r in (7, 8) for c, v in
                        ((20, 100), (21, 1), (22, 50), (23, 1))] +
                       [(2, 7, 20, 100), (2, 7, 21, 1), (2, 7, 22, 50), (2, 7, 23, 0),
                        (2, 8, 20, 100), (2, 8, 21, 1), (2, 8, 22, 50), (2, 8, 23, 2)],
                       columns=["idea_id", "rater_id", "criterion_id", "value"])
    ideas = IDEAS.iloc[:2]
    evaluation = evaluate(ideas, criteria, raw, apply_changes(DEFAULTS, {"framework": "rice"}))
    stats, _ = rater_bootstrap(evaluation, raw, draws=400, top_n=1, seed=5)
    # Idea 2's effort mean is 0 whenever only rater 7 is drawn (about a quarter of draws).
    assert stats.ranked[1] < stats.draws
    assert stats.ranked[0] == stats.draws
