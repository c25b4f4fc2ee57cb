"""Monte-Carlo robustness: weight draws, rater bootstrap, rank statistics, smallest flip."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from scipy.stats import rankdata

from workbench.domain.models import InvalidInput, InvalidWeights
from workbench.engine.rank_stats import rank_stats
from workbench.engine.robustness import (
    bootstrap_means,
    simulate_raters,
    simulate_weights,
    weight_samples,
)
from workbench.engine.weight_flip import smallest_weight_flip

# --- weight_samples ---------------------------------------------------------------------


def test_weight_samples_rows_sum_to_one_and_zero_weights_stay_zero():
    rng = np.random.default_rng(3)
    w = weight_samples(np.array([2.0, 0.0, 1.0, 1.0]), 5000, 50.0, rng)
    assert w.shape == (5000, 4)
    assert np.allclose(w.sum(axis=1), 1.0)
    assert np.all(w[:, 1] == 0.0)
    assert np.all(w[:, [0, 2, 3]] > 0)


def test_weight_samples_mean_is_the_chosen_weights_and_variance_matches_the_parameterisation():
    """α = concentration × m × p with m = 3 active criteria; var(p_c) = p(1-p)/(Σα + 1)."""
    rng = np.random.default_rng(4)
    conc = 20.0
    p = np.array([0.5, 0.25, 0.25])
    w = weight_samples(p * 8, 100_000, conc, rng)
    assert np.allclose(w.mean(axis=0), p, atol=0.002)
    expected_var = p * (1 - p) / (conc * 3 + 1)
    assert np.allclose(w.var(axis=0), expected_var, rtol=0.03)


def test_weight_samples_higher_concentration_is_tighter():
    tight = weight_samples(np.ones(3), 20_000, 500.0, np.random.default_rng(1))
    loose = weight_samples(np.ones(3), 20_000, 5.0, np.random.default_rng(1))
    assert tight.std(axis=0).max() < loose.std(axis=0).min()


def test_weight_samples_single_active_criterion_is_always_all_the_weight():
    w = weight_samples(np.array([0.0, 3.0]), 10, 1.0, np.random.default_rng(0))
    assert np.array_equal(w, np.tile([0.0, 1.0], (10, 1)))


@pytest.mark.parametrize("weights,error", [
    ([0.0, 0.0], InvalidWeights), ([1.0, -1.0], InvalidWeights),
    ([1.0, np.nan], InvalidWeights), ([], InvalidWeights)])
def test_weight_samples_refuses_bad_weights(weights, error):
    with pytest.raises(error):
        weight_samples(np.array(weights), 10, 50.0, np.random.default_rng(0))


@pytest.mark.parametrize("draws,conc", [(0, 50.0), (100_001, 50.0), (10, 0.0), (10, -1.0),
                                        (10, np.inf), (10, np.nan), (2.5, 50.0)])
def test_weight_samples_refuses_bad_draws_or_concentration(draws, conc):
    with pytest.raises(InvalidInput):
        weight_samples(np.ones(3), draws, conc, np.random.default_rng(0))


def test_all_zero_weights_message_says_what_to_do():
    with pytest.raises(InvalidWeights, match="needs a weight above 0"):
        weight_samples(np.zeros(3), 10, 50.0, np.random.default_rng(0))


# --- bootstrap_means --------------------------------------------------------------------


def test_bootstrap_means_equal_the_count_weighted_mean_of_resampled_raters():
    tensor = np.array([[[1.0, 5.0]], [[3.0, np.nan]], [[5.0, 1.0]]])  # 3 raters, 1 idea, 2 crit
    rng = np.random.default_rng(7)
    means = bootstrap_means(tensor, 200, rng)
    counts = np.random.default_rng(7).multinomial(3, [1 / 3] * 3, size=200)
    for d in range(200):
        pooled = np.repeat(tensor[:, 0, :], counts[d], axis=0)
        with np.errstate(all="ignore"):
            expected = np.array([np.nanmean(pooled[:, c]) if (~np.isnan(pooled[:, c])).any()
                                 else np.nan for c in range(2)])
        assert np.allclose(means[d, 0], expected, equal_nan=True)


def test_bootstrap_cell_is_nan_only_when_no_resampled_rater_rated_it():
    # Only rater 0 rated criterion 1: the cell is NaN exactly in draws without rater 0.
    tensor = np.array([[[4.0, 2.0]], [[2.0, np.nan]]])
    means = bootstrap_means(tensor, 500, np.random.default_rng(1))
    counts = np.random.default_rng(1).multinomial(2, [0.5, 0.5], size=500)
    assert np.array_equal(np.isnan(means[:, 0, 1]), counts[:, 0] == 0)
    assert not np.isnan(means[:, 0, 0]).any()
    assert set(np.unique(means[:, 0, 0])) <= {2.0, 3.0, 4.0}


def test_bootstrap_needs_two_raters():
    with pytest.raises(InvalidInput, match="Rater bootstrap needs ≥ 2 raters"):
        bootstrap_means(np.ones((1, 3, 2)), 10, np.random.default_rng(0))


# --- rank_stats -------------------------------------------------------------------------


def test_rank_stats_known_answer_with_ties_sharing_the_better_rank():
    scores = np.array([[9.0, 9.0, 7.0],
                       [5.0, 8.0, 8.0],
                       [1.0, 2.0, np.nan],
                       [3.0, 2.0, 1.0]])
    # Ranks per draw: [1,1,3], [3,1,1], [2,1,-], [1,2,3]
    s = rank_stats(scores, top_n=1)
    assert s.draws == 4 and s.top_n == 1
    assert s.ranked.tolist() == [4, 4, 3]
    assert np.allclose(s.p_first, [2 / 4, 3 / 4, 1 / 3])
    assert np.allclose(s.p_top_n, s.p_first)
    # Idea 0 ranks {1,3,2,1}: median (inverted CDF, k = ceil(0.5×4) = 2nd smallest) = 1.
    assert s.rank_median.tolist() == [1.0, 1.0, 3.0]
    assert s.rank_low.tolist() == [1.0, 1.0, 1.0]
    assert s.rank_high.tolist() == [3.0, 2.0, 3.0]


def test_rank_stats_never_ranked_idea_is_nan_and_sorted_last():
    scores = np.array([[1.0, np.nan, 3.0], [2.0, np.nan, 1.0]])
    s = rank_stats(scores, top_n=2)
    assert np.isnan(s.p_top_n[1]) and np.isnan(s.rank_median[1]) and s.ranked[1] == 0
    frame = s.to_frame([10, 20, 30], ["A", "B", "C"])
    assert list(frame.columns) == ["idea_id", "title", "p_top_n", "p_first", "rank_low",
                                   "rank_median", "rank_high"]
    assert frame["idea_id"].tolist()[-1] == 20
    assert frame["title"].tolist()[:2] == ["A", "C"]  # equal medians keep input order


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(1, 12), st.integers(1, 5), st.integers(0, 2**32 - 1),
       st.booleans())
def test_rank_stats_matches_rankdata_and_numpy_percentiles(draws, ideas, top_n, seed, coarse):
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 4, (draws, ideas)).astype(float) if coarse \
        else rng.random((draws, ideas))
    scores[rng.random((draws, ideas)) < 0.15] = np.nan
    s = rank_stats(scores, top_n)
    ranks = np.full((draws, ideas), np.nan)
    for d in range(draws):
        ok = ~np.isnan(scores[d])
        if ok.any():
            ranks[d, ok] = rankdata(-scores[d, ok], method="min")
    for i in range(ideas):
        col = ranks[:, i][~np.isnan(ranks[:, i])]
        assert s.ranked[i] == col.size
        if col.size == 0:
            assert np.isnan(s.rank_median[i]) and np.isnan(s.p_first[i])
            continue
        assert s.p_top_n[i] == pytest.approx(np.mean(col <= top_n))
        assert s.p_first[i] == pytest.approx(np.mean(col == 1))
        for q, got in ((5, s.rank_low[i]), (50, s.rank_median[i]), (95, s.rank_high[i])):
            assert got == np.percentile(col, q, method="inverted_cdf")


def test_rank_stats_handles_more_ideas_than_one_histogram_block():
    rng = np.random.default_rng(2)
    scores = rng.random((3, 2100))  # 2100 × 2102 cells is over the 4M block
    s = rank_stats(scores, top_n=10)
    expected = np.array([rankdata(-row, method="min") for row in scores])
    for i in (0, 777, 2099):
        assert s.rank_median[i] == np.percentile(expected[:, i], 50, method="inverted_cdf")
        assert s.rank_high[i] == expected[:, i].max()


@pytest.mark.parametrize("scores,top_n", [(np.ones(3), 1), (np.ones((2, 3)), 0),
                                          (np.ones((0, 3)), 1)])
def test_rank_stats_refuses_bad_input(scores, top_n):
    with pytest.raises(InvalidInput):
        rank_stats(scores, top_n)


# --- simulate_weights / simulate_raters -------------------------------------------------


def test_simulate_weights_same_seed_same_result_other_seed_differs():
    rng = np.random.default_rng(0)
    norm = rng.random((30, 4))
    a = simulate_weights(norm, np.array([1.0, 2.0, 0.0, 1.0]), draws=500, seed=5)
    b = simulate_weights(norm, np.array([1.0, 2.0, 0.0, 1.0]), draws=500, seed=5)
    c = simulate_weights(norm, np.array([1.0, 2.0, 0.0, 1.0]), draws=500, seed=6)
    for field in ("p_top_n", "p_first", "rank_low", "rank_median", "rank_high", "ranked"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.p_top_n, c.p_top_n)


def test_simulate_weights_equals_rank_stats_of_the_weight_draws():
    rng = np.random.default_rng(11)
    norm = rng.random((25, 3))
    norm[4, 1] = np.nan   # missing on a counting criterion: never ranked
    norm[7, 2] = np.nan   # missing only on the 0-weight criterion: still ranked
    weights = np.array([2.0, 1.0, 0.0])
    got = simulate_weights(norm, weights, draws=3000, concentration=10.0, top_n=5, seed=9)
    w = weight_samples(weights, 3000, 10.0, np.random.default_rng(9))
    scores = 100 * np.nan_to_num(norm) @ w.T   # ideas × draws
    scores[4, :] = np.nan
    want = rank_stats(scores.T, 5)
    assert got.ranked[4] == 0 and got.ranked[7] == 3000
    assert np.allclose(got.p_top_n, want.p_top_n, equal_nan=True)
    assert np.array_equal(got.rank_median, want.rank_median, equal_nan=True)


def test_identical_ideas_always_tie():
    norm = np.array([[0.3, 0.7, 0.1], [0.3, 0.7, 0.1], [0.2, 0.2, 0.2]])
    s = simulate_weights(norm, np.ones(3), draws=2000, concentration=2.0, top_n=1, seed=1)
    assert np.array_equal(s.p_first[:2], s.p_first[:2][::-1])
    assert s.p_first[0] == s.p_first[1]


def test_simulate_weights_dominant_idea_is_always_first():
    norm = np.array([[0.9, 0.9, 0.9], [0.5, 0.8, 0.1], [0.4, 0.1, 0.8]])
    s = simulate_weights(norm, np.array([1.0, 1.0, 1.0]), draws=1000, top_n=2, seed=0)
    assert s.p_first.tolist()[0] == 1.0
    assert s.rank_high[0] == 1.0
    assert s.p_top_n[0] == 1.0 and s.p_top_n[1] + s.p_top_n[2] == pytest.approx(1.0)


def test_simulate_weights_high_concentration_keeps_the_chosen_order():
    norm = np.array([[1.0, 0.0], [0.0, 1.0]])
    s = simulate_weights(norm, np.array([3.0, 1.0]), draws=2000, concentration=1000.0,
                         top_n=1, seed=0)
    assert s.p_first.tolist() == [1.0, 0.0]


def test_simulate_weights_checks_shapes():
    with pytest.raises(InvalidInput, match="3 criteria but 2 weights"):
        simulate_weights(np.ones((4, 3)), np.ones(2))


def test_simulate_raters_uses_the_score_function_and_is_reproducible():
    rng = np.random.default_rng(3)
    tensor = rng.integers(1, 6, (6, 8, 2)).astype(float)
    tensor[0, 0, 0] = np.nan

    def score(means: np.ndarray) -> np.ndarray:
        return means[:, :, 0] - means[:, :, 1]

    a = simulate_raters(tensor, score, draws=400, top_n=2, seed=4)
    b = simulate_raters(tensor, score, draws=400, top_n=2, seed=4)
    assert np.array_equal(a.p_top_n, b.p_top_n)
    want = rank_stats(score(bootstrap_means(tensor, 400, np.random.default_rng(4))), 2)
    assert np.array_equal(a.rank_median, want.rank_median)
    assert np.allclose(a.p_first, want.p_first)


def test_simulate_raters_checks_the_score_shape():
    with pytest.raises(InvalidInput, match="returned shape"):
        simulate_raters(np.ones((3, 4, 2)), lambda m: m[:, 0, :], draws=10)


# --- smallest_weight_flip ---------------------------------------------------------------


def lp_min_moved_mass(norm: np.ndarray, p: np.ndarray, leader: int, j: int) -> float | None:
    """min Σ s_c s.t. s ≥ p − p', p' ≥ 0, Σp' = 1, p'·(n_leader − n_j) ≤ 0."""
    k = p.size
    delta = norm[leader] - norm[j]
    c = np.r_[np.zeros(k), np.ones(k)]
    a_ub = np.vstack([np.r_[delta, np.zeros(k)],
                      np.hstack([-np.eye(k), -np.eye(k)])])
    b_ub = np.r_[0.0, -p]
    a_eq = np.r_[np.ones(k), np.zeros(k)][None, :]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=(0, None),
                  method="highs")
    return res.fun if res.status == 0 else None


def test_flip_known_answer():
    """Leader A = (1, 0), B = (0, 1), weights 70/30: margin 0.4, moving t from c0 to c1
    lowers it by 2t, so t = 0.2 → 20 points, giving 50/50 and a tie."""
    norm = np.array([[1.0, 0.0], [0.0, 1.0]])
    flip = smallest_weight_flip(norm, np.array([7.0, 3.0]), leader=0)
    assert flip is not None
    assert flip.challenger == 1 and flip.to_col == 1
    assert flip.points == pytest.approx(20.0)
    assert flip.moves == ((0, pytest.approx(20.0)),)
    assert np.allclose(flip.new_weights, [0.5, 0.5])


def test_flip_takes_from_the_largest_gap_first_and_spills_over():
    """Leader (1, 0.7, 0), challenger (0.5, 0.5, 0.5): δ = (0.5, 0.2, −0.5).

    The receiver is criterion 2 (smallest δ); moving from c0 lowers the margin by 1.0 per
    unit, from c1 by 0.7 per unit.
    """
    norm = np.array([[1.0, 0.7, 0.0], [0.5, 0.5, 0.5]])
    # p = (0.2, 0.4, 0.4): margin = 0.1 + 0.08 − 0.2 = −0.02 → challenger already ahead.
    flip = smallest_weight_flip(norm, np.array([0.2, 0.4, 0.4]), leader=0)
    assert flip.points == 0.0 and flip.moves == ()
    # p = (0.4, 0.4, 0.2): margin = 0.2 + 0.08 − 0.1 = 0.18, covered by 0.18 from c0.
    flip = smallest_weight_flip(norm, np.array([0.4, 0.4, 0.2]), leader=0)
    assert flip.points == pytest.approx(18.0)
    assert [c for c, _ in flip.moves] == [0] and flip.to_col == 2
    # p = (0.05, 0.8, 0.15): margin = 0.025 + 0.16 − 0.075 = 0.11; c0 empties (gain 0.05),
    # then c1 covers the other 0.06 at 0.7 per unit: t = 0.05 + 0.06 / 0.7.
    flip = smallest_weight_flip(norm, np.array([0.05, 0.8, 0.15]), leader=0)
    assert flip.points == pytest.approx(100 * (0.05 + 0.06 / 0.7))
    assert [c for c, _ in flip.moves] == [0, 1]
    assert flip.moves[0][1] == pytest.approx(5.0)
    assert flip.new_weights[0] == 0.0


def test_flip_none_when_the_leader_dominates_or_alone():
    norm = np.array([[0.9, 0.9], [0.5, 0.8], [0.1, 0.2]])
    assert smallest_weight_flip(norm, np.ones(2), leader=0) is None
    assert smallest_weight_flip(norm[:1], np.ones(2), leader=0) is None


def test_flip_ignores_unranked_challengers_and_zero_weight_criteria_can_receive():
    norm = np.array([[0.9, 0.9, 0.1], [1.0, np.nan, 1.0], [0.5, 0.5, 0.9]])
    flip = smallest_weight_flip(norm, np.array([1.0, 1.0, 0.0]), leader=0)
    assert flip.challenger == 2 and flip.to_col == 2
    new_scores = np.nan_to_num(norm) @ flip.new_weights
    assert new_scores[2] >= new_scores[0] - 1e-9


def test_flip_leader_with_missing_rating_is_refused():
    with pytest.raises(InvalidInput, match="leading idea"):
        smallest_weight_flip(np.array([[np.nan, 1.0], [0.5, 0.5]]), np.ones(2), leader=0)


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 7), st.integers(2, 5), st.integers(0, 2**32 - 1), st.booleans())
def test_flip_is_minimal_against_linprog_and_really_flips(ideas, k, seed, coarse):
    rng = np.random.default_rng(seed)
    norm = rng.integers(0, 5, (ideas, k)) / 4 if coarse else rng.random((ideas, k))
    weights = rng.integers(0, 4, k).astype(float)
    if weights.sum() == 0:
        weights[0] = 1.0
    p = weights / weights.sum()
    scores = norm @ p
    leader = int(np.argmax(scores))
    flip = smallest_weight_flip(norm, weights, leader)
    # The LP over every challenger (all criteria finite here, so any can receive).
    best = min((v for j in range(ideas) if j != leader
                if (v := lp_min_moved_mass(norm, p, leader, j)) is not None), default=None)
    if best is None:
        assert flip is None
        return
    assert flip is not None
    assert flip.points / 100 == pytest.approx(best, abs=1e-7)
    new = flip.new_weights
    assert np.all(new >= 0) and new.sum() == pytest.approx(1.0)
    assert np.abs(new - p).sum() / 2 == pytest.approx(flip.points / 100, abs=1e-9)
    assert norm[flip.challenger] @ new >= norm[leader] @ new - 1e-9
    assert sum(a for _, a in flip.moves) == pytest.approx(flip.points)


def test_to_frame_checks_lengths():
    s = rank_stats(np.ones((2, 2)), 1)
    with pytest.raises(InvalidInput):
        s.to_frame([1], ["a", "b"])
    assert isinstance(s.to_frame([1, 2], ["a", "b"]), pd.DataFrame)
