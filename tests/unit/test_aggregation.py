"""Many raters' ratings → one value per idea and criterion: hand examples and properties."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.models import BENEFIT, COST, Criterion
from workbench.engine.aggregation import AGGREGATIONS, TRIM, aggregate, calibrate, rater_tensor

IMPACT = Criterion(1, "Impact", BENEFIT, 1, 5, 1.0, 0, "1-5")
COST_ = Criterion(2, "Cost", COST, 1, 5, 1.0, 1, "1-5")
REACH = Criterion(3, "Reach", BENEFIT, 0, 100, 1.0, 2, "free")


def rows(data: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(data, columns=["idea_id", "rater_id", "criterion_id", "value"])


FIVE = rows([(1, r, 1, v) for r, v in zip(range(10, 15), [1, 3, 4, 4, 5], strict=True)])


def test_mean_median_trimmed_on_five_raters():
    """Ratings 1, 3, 4, 4, 5.
    Mean = 17 ÷ 5 = 3.4.  Median = 4.
    Trimmed 20 %: with 5 raters, 20 % of 5 = 1 rating dropped at each end (the 1 and the 5)
    → (3 + 4 + 4) ÷ 3 = 11 ÷ 3 = 3.667.
    """
    assert TRIM == 0.2
    assert aggregate(FIVE, [IMPACT], "mean").at[1, 1] == pytest.approx(3.4)
    assert aggregate(FIVE, [IMPACT], "median").at[1, 1] == 4.0
    assert aggregate(FIVE, [IMPACT], "trimmed").at[1, 1] == pytest.approx(11 / 3)


def test_trimmed_mean_ignores_one_wild_outlier_among_five():
    """4, 4, 4, 4 and a wild 1: mean (16 + 1) ÷ 5 = 3.4, trimmed drops the 1 (and one 4) → 4."""
    outlier = rows([(1, r, 1, v) for r, v in zip(range(5), [4, 4, 1, 4, 4], strict=True)])
    assert aggregate(outlier, [IMPACT], "mean").at[1, 1] == pytest.approx(3.4)
    assert aggregate(outlier, [IMPACT], "trimmed").at[1, 1] == 4.0


def test_trimmed_mean_with_four_raters_drops_nothing():
    """20 % of 4 = 0.8 → no whole rating to drop: the trimmed mean is the mean, 2.5."""
    four = rows([(1, r, 1, v) for r, v in zip(range(4), [1, 2, 3, 4], strict=True)])
    assert aggregate(four, [IMPACT], "trimmed").at[1, 1] == 2.5


def test_aggregate_is_wide_with_every_criterion_and_nan_gaps():
    data = rows([(1, 10, 1, 5), (1, 11, 1, 3), (2, 10, 2, 2)])
    wide = aggregate(data, [IMPACT, COST_, REACH], "mean")
    assert list(wide.columns) == [1, 2, 3]
    assert list(wide.index) == [1, 2]
    assert wide.at[1, 1] == 4.0 and wide.at[2, 2] == 2.0
    assert math.isnan(wide.at[1, 2]) and wide[3].isna().all()


def test_aggregate_with_no_scores_is_an_empty_frame_with_the_criteria_columns():
    wide = aggregate(rows([]), [IMPACT, COST_])
    assert wide.empty and list(wide.columns) == [1, 2]


def test_unknown_aggregation_is_refused():
    with pytest.raises(ValueError):
        aggregate(FIVE, [IMPACT], "mode")
    assert set(AGGREGATIONS) == {"mean", "median", "trimmed"}


# ---- calibration ---------------------------------------------------------------------------

HARSH_LENIENT = rows([(i, 10, 1, v) for i, v in zip([1, 2, 3], [5, 3, 2], strict=True)] +
                     [(i, 11, 1, v - 1) for i, v in zip([1, 2, 3], [5, 3, 2], strict=True)])


def test_calibration_puts_a_harsh_and_a_lenient_rater_on_one_footing():
    """Rater 10 gives 5, 3, 2; rater 11 is always 1 lower: 4, 2, 1. Same z-scores.
    Group: ratings 5, 3, 2, 4, 2, 1 → mean 17/6 = 2.8333, spread (ddof 0) √(65/36) = 1.3437.
    Rater 10: mean 10/3, spread √(14/9) = 1.2472; idea 1: z = (5 − 3.3333) ÷ 1.2472 = 1.3363
    → 2.8333 + 1.3363 × 1.3437 = 4.6289. Rater 11's 4 has the same z, so the same value.
    """
    out = calibrate(HARSH_LENIENT, [IMPACT])
    by_rater = out.pivot(index="idea_id", columns="rater_id", values="value")
    assert by_rater[10].to_numpy() == pytest.approx(by_rater[11].to_numpy())
    z = (5 - 10 / 3) / math.sqrt(14 / 9)
    assert by_rater.at[1, 10] == pytest.approx(17 / 6 + z * math.sqrt(65 / 36))
    assert by_rater.at[1, 10] == pytest.approx(4.6289, abs=1e-4)


def test_calibrated_ranking_is_the_same_from_the_harsh_or_the_lenient_rater():
    harsh = HARSH_LENIENT[HARSH_LENIENT["rater_id"] == 11]
    lenient = HARSH_LENIENT[HARSH_LENIENT["rater_id"] == 10]
    both = aggregate(HARSH_LENIENT, [IMPACT], calibrated=True)[1]
    order = list(both.sort_values(ascending=False).index)
    assert order == [1, 2, 3]
    assert list(aggregate(harsh, [IMPACT], calibrated=True)[1]
                .sort_values(ascending=False).index) == order
    assert list(aggregate(lenient, [IMPACT], calibrated=True)[1]
                .sort_values(ascending=False).index) == order


def test_a_rater_with_one_rating_or_all_equal_ratings_maps_to_the_group_mean():
    """Rater 12 rated one idea; rater 13 gave 3 everywhere: neither expresses a preference,
    so both become the group mean of that criterion."""
    data = pd.concat([HARSH_LENIENT, rows([(2, 12, 1, 5), (1, 13, 1, 3), (2, 13, 1, 3),
                                           (3, 13, 1, 3)])], ignore_index=True)
    group_mean = data["value"].mean()
    out = calibrate(data, [IMPACT])
    assert out.loc[out["rater_id"].isin([12, 13]), "value"].to_numpy() == pytest.approx(
        [group_mean] * 4)


def test_calibration_of_nothing_is_nothing():
    assert calibrate(rows([]), [IMPACT]).empty


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 5)),
                min_size=1, max_size=30, unique_by=lambda t: (t[0], t[1])))
def test_calibrated_values_stay_within_the_scale(triples):
    data = rows([(idea, rater, 1, float(v)) for idea, rater, v in triples])
    out = calibrate(data, [IMPACT])
    assert ((out["value"] >= 1) & (out["value"] <= 5)).all()
    wide = aggregate(data, [IMPACT], "mean", calibrated=True)
    assert ((wide[1] >= 1) & (wide[1] <= 5)).all()


def test_calibration_never_caps_a_free_number_at_its_reference():
    """A free number's top is only a reference: calibrated values may go above it."""
    data = rows([(1, 10, 3, 0), (2, 10, 3, 90), (1, 11, 3, 0), (2, 11, 3, 300)])
    out = calibrate(data, [REACH])
    assert out["value"].max() > 100
    assert out["value"].min() >= 0


# ---- rater tensor --------------------------------------------------------------------------

def test_rater_tensor_shape_order_and_nan_gaps():
    data = rows([(1, 11, 1, 5), (2, 11, 2, 2), (1, 10, 2, 4), (99, 10, 1, 3), (1, 10, 7, 1)])
    tensor, raters = rater_tensor(data, [2, 1], [1, 2])
    assert raters == [10, 11]
    assert tensor.shape == (2, 2, 2)
    # rater 10: idea 1 cost 4 (idea 99 and criterion 7 are outside the requested ids)
    expected_10 = np.array([[np.nan, np.nan], [np.nan, 4.0]])
    expected_11 = np.array([[np.nan, 2.0], [5.0, np.nan]])
    np.testing.assert_array_equal(tensor[0], expected_10)
    np.testing.assert_array_equal(tensor[1], expected_11)


def test_rater_tensor_of_no_scores_has_no_raters():
    tensor, raters = rater_tensor(rows([]), [1, 2, 3], [1])
    assert raters == [] and tensor.shape == (0, 3, 1)
