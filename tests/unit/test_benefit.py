"""The benefit side of the matrix and the portfolio leaves cost out (no double counting)."""

import pandas as pd
import pytest

from workbench.domain.models import Criterion
from workbench.engine.evaluation import benefit_of, evaluate
from workbench.engine.settings import DEFAULTS, apply_changes

IDEAS = pd.DataFrame({"id": [1, 2], "title": ["Cheap", "Dear"]})


def test_weighted_benefit_uses_only_the_benefit_criteria():
    """Value 1–5 (weight 3) and Ease 1–5 (weight 1) are benefits, Cost 1–5 (weight 4) is not.
    Cheap: Value 3 → 0.5, Ease 5 → 1.0: 100 × (3·0.5 + 1·1.0) ÷ 4 = 62.5, whatever its cost.
    Dear:  Value 5 → 1.0, Ease 1 → 0.0: 100 × (3·1.0 + 1·0.0) ÷ 4 = 75."""
    criteria = [Criterion(1, "Value", "benefit", 1, 5, 3, 0),
                Criterion(2, "Cost", "cost", 1, 5, 4, 1),
                Criterion(3, "Ease", "benefit", 1, 5, 1, 2)]
    scores = pd.DataFrame([(1, 9, 1, 3), (1, 9, 2, 1), (1, 9, 3, 5),
                           (2, 9, 1, 5), (2, 9, 2, 5), (2, 9, 3, 1)],
                          columns=["idea_id", "rater_id", "criterion_id", "value"])
    benefit, label = benefit_of(evaluate(IDEAS, criteria, scores, DEFAULTS))
    assert label == "Weighted benefit"
    assert benefit[1] == pytest.approx(62.5) and benefit[2] == pytest.approx(75.0)


def test_rice_benefit_is_the_numerator_reach_impact_confidence():
    """Cheap: 200 × 2 × 50 % = 200 (RICE 200 ÷ 1 = 200); Dear: 1000 × 1 × 80 % = 800
    (RICE 800 ÷ 10 = 80). The portfolio weighs 200 and 800 against efforts 1 and 10."""
    criteria = [Criterion(1, "Reach", "benefit", 0, 1000, 0, 0, "free"),
                Criterion(2, "Impact", "benefit", 0.25, 3, 0, 1, "rice_impact"),
                Criterion(3, "Confidence", "benefit", 0, 100, 0, 2, "percent"),
                Criterion(4, "Effort", "cost", 0, 20, 0, 3, "free")]
    rows = [(1, 9, 1, 200), (1, 9, 2, 2), (1, 9, 3, 50), (1, 9, 4, 1),
            (2, 9, 1, 1000), (2, 9, 2, 1), (2, 9, 3, 80), (2, 9, 4, 10)]
    scores = pd.DataFrame(rows, columns=["idea_id", "rater_id", "criterion_id", "value"])
    evaluation = evaluate(IDEAS, criteria, scores, apply_changes(DEFAULTS, {"framework": "rice"}))
    assert evaluation.table["title"].tolist() == ["Cheap", "Dear"]
    benefit, label = benefit_of(evaluation)
    assert label == "Reach × Impact × Confidence"
    assert benefit[1] == pytest.approx(200) and benefit[2] == pytest.approx(800)
