"""How robust is a ranking? Monte-Carlo over weights and raters, and the smallest weight flip.

Weight draws. For the chosen weights w (k,), let P = {c : w_c > 0}, m = |P| and p = w / Σw.
Each draw is Dirichlet(α) on the criteria in P with α_c = concentration × m × p_c; criteria
with weight 0 are 0 in every draw. So Σα = concentration × m: with equal weights every
α_c = concentration ("per criterion"). The draws' mean is p exactly and each share's
variance is p_c(1 − p_c) / (concentration × m + 1): higher concentration = closer to the
chosen weights (50 keeps a ⅓ share within about ±0.1 of ⅓ in 95% of draws with 3 criteria).

Rater bootstrap. Each draw resamples the R raters with replacement (multinomial counts C,
draws × R) and takes, per idea × criterion, the count-weighted mean of the ratings the
resampled raters gave: (C @ ratings) / (C @ rated). A cell no resampled rater rated is NaN.

Ranks. Within a draw, higher score = better rank; ranks are 1-based and ties share the
better rank ("min", as in scoring): scores 9, 9, 7 rank 1, 1, 3. NaN scores are not
ranked in that draw and ranked ideas are ranked among themselves. Every statistic for an
idea is over the draws in which it was ranked (``RankStats.ranked`` counts them); an idea
never ranked gets NaN. Percentiles are the "inverted CDF" kind (the smallest rank r with
share(rank ≤ r) ≥ q), so they are always whole ranks that occurred: rank_low is the 5th
percentile (the good end), rank_high the 95th.

Everything is vectorised over draws (chunks of draws bound the memory); the same seed
gives the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.domain.models import InvalidInput, InvalidWeights

MAX_DRAWS = 100_000
# Elements of a draws × ideas (or draws × ideas × k) block handled at once: 2 MB of
# float64, so a chunk's temporaries stay small (and cache-friendly) whatever the draw count.
_CHUNK_ELEMENTS = 250_000
_LOW_Q, _HIGH_Q = 0.05, 0.95


@dataclass(frozen=True, eq=False)
class RankStats:
    """Per-idea rank distribution over Monte-Carlo draws (arrays in the scores' idea order)."""

    p_top_n: np.ndarray      # share of ranked draws with rank ≤ top_n
    p_first: np.ndarray      # share of ranked draws with rank 1 (ties for first count)
    rank_low: np.ndarray     # 5th percentile of rank (the optimistic end)
    rank_median: np.ndarray  # 50th percentile of rank
    rank_high: np.ndarray    # 95th percentile of rank (the pessimistic end)
    ranked: np.ndarray       # draws in which the idea was ranked (int)
    draws: int
    top_n: int

    def to_frame(self, idea_ids: object, titles: object) -> pd.DataFrame:
        """One row per idea (idea_id, title, p_top_n, p_first, rank_*), by median rank."""
        ids = np.asarray(idea_ids)
        names = np.asarray(titles, dtype=object)
        if len(ids) != len(self.p_top_n) or len(names) != len(self.p_top_n):
            raise InvalidInput(f"Expected {len(self.p_top_n)} idea ids and titles, got "
                               f"{len(ids)} and {len(names)}.")
        frame = pd.DataFrame({"idea_id": ids, "title": names, "p_top_n": self.p_top_n,
                              "p_first": self.p_first, "rank_low": self.rank_low,
                              "rank_median": self.rank_median, "rank_high": self.rank_high})
        # Stable sort: equal medians keep the input order; never-ranked ideas go last.
        return frame.sort_values(["rank_median", "p_top_n"], ascending=[True, False],
                                 kind="stable", na_position="last").reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class WeightFlip:
    """The smallest reweighting that lets ``challenger`` draw level with the leader."""

    challenger: int                          # row index of the idea that catches up
    points: float                            # weight moved, in points of the total (0–100)
    moves: tuple[tuple[int, float], ...]     # (from column, points taken), largest δ first
    to_col: int                              # the column that receives all moved weight
    new_weights: np.ndarray                  # the moved weights on the simplex (sum 1)


def _check_draws(draws: int) -> int:
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)):
        raise InvalidInput(f"The number of draws must be a whole number (got {draws!r}).")
    if not 1 <= draws <= MAX_DRAWS:
        raise InvalidInput(f"The number of draws must be from 1 to {MAX_DRAWS:,} "
                           f"(got {draws:,}).")
    return int(draws)


def _check_top_n(top_n: int) -> int:
    if isinstance(top_n, bool) or not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise InvalidInput(f"Top N must be a whole number of at least 1 (got {top_n!r}).")
    return int(top_n)


def _simplex(weights: np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or w.size == 0:
        raise InvalidWeights("Weights must be a list of numbers, one per criterion.")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise InvalidWeights("Every weight must be a number ≥ 0.")
    total = w.sum()
    if total <= 0:
        raise InvalidWeights("At least one criterion needs a weight above 0 — with all weights "
                             "at 0 no idea can be ranked.")
    return w / total


def weight_samples(weights: np.ndarray, draws: int, concentration: float,
                   rng: np.random.Generator) -> np.ndarray:
    """Dirichlet weight draws (draws × k, rows sum to 1) around ``weights``; zeros stay 0."""
    p = _simplex(weights)
    draws = _check_draws(draws)
    try:
        conc = float(concentration)
    except (TypeError, ValueError):
        raise InvalidInput("The concentration must be a number above 0.") from None
    if not np.isfinite(conc) or conc <= 0:
        raise InvalidInput(f"The concentration must be a number above 0 (got {conc:g}).")
    active = np.flatnonzero(p > 0)
    out = np.zeros((draws, p.size))
    if active.size == 1:
        out[:, active[0]] = 1.0
        return out
    alpha = conc * active.size * p[active]
    # Gamma draws normalised = Dirichlet; a row of all-zero gammas (possible only when
    # every α is tiny) falls back to the chosen weights rather than dividing by zero.
    g = rng.standard_gamma(alpha, size=(draws, active.size))
    total = g.sum(axis=1, keepdims=True)
    bad = total[:, 0] <= 0
    g[bad] = p[active]
    total[bad] = 1.0
    out[:, active] = g / total
    return out


def bootstrap_means(tensor: np.ndarray, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Means over raters resampled with replacement: draws × ideas × k, NaN where unrated."""
    t = np.asarray(tensor, dtype=float)
    if t.ndim != 3:
        raise InvalidInput("The ratings must be a raters × ideas × criteria array.")
    raters = t.shape[0]
    if raters < 2:
        raise InvalidInput(f"Rater bootstrap needs ≥ 2 raters (this has {raters}); ask more "
                           "people to score, or use the weight simulation instead.")
    draws = _check_draws(draws)
    rated = ~np.isnan(t)
    filled = np.where(rated, t, 0.0).reshape(raters, -1)
    mask = rated.reshape(raters, -1).astype(float)
    counts = rng.multinomial(raters, np.full(raters, 1.0 / raters), size=draws).astype(float)
    sums = counts @ filled
    n = counts @ mask
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(n > 0, sums / n, np.nan)
    return means.reshape(draws, *t.shape[1:])


def _chunk_rows(per_row: int) -> int:
    return max(1, _CHUNK_ELEMENTS // max(1, per_row))


def _rank_dtype(ideas: int) -> type:
    return np.int16 if ideas < np.iinfo(np.int16).max else np.int32


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Min-method 1-based ranks per row (higher score = rank 1); unranked (NaN) = ideas + 1."""
    c, n = scores.shape
    order = np.argsort(-scores, axis=1)  # NaN sorts last; order among ties is irrelevant
    # Flat indices instead of take/put_along_axis: the same result, about twice as fast.
    flat = order + (np.arange(c) * n)[:, None]
    ordered = scores.ravel()[flat]
    dtype = _rank_dtype(n)
    # Min rank = 1 + position of the first score equal to this one in the sorted row.
    positions = np.empty((c, n), dtype=dtype)
    positions[:, 0] = 1
    positions[:, 1:] = np.arange(2, n + 1, dtype=dtype)
    positions[:, 1:][ordered[:, 1:] == ordered[:, :-1]] = 0
    np.maximum.accumulate(positions, axis=1, out=positions)
    ranks = np.empty(c * n, dtype=dtype)
    ranks[flat.ravel()] = positions.ravel()
    ranks = ranks.reshape(c, n)
    ranks[np.isnan(scores)] = n + 1
    return ranks


def _stats(ranks: np.ndarray, top_n: int) -> RankStats:
    draws, n = ranks.shape
    width = n + 2  # ranks 1..n, n + 1 = unranked; column 0 unused
    quantiles = {q: np.full(n, np.nan) for q in (_LOW_Q, 0.5, _HIGH_Q)}
    ranked = np.zeros(n, dtype=np.int64)
    top = np.zeros(n, dtype=np.int64)
    first = np.zeros(n, dtype=np.int64)
    # A histogram of (idea, rank) per block of ideas, far faster than sorting the ranks;
    # blocks keep it to about 32 MB however many ideas there are.
    block = max(1, 4_000_000 // width)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        hist = np.zeros((hi - lo) * width, dtype=np.int64)
        offsets = np.arange(hi - lo) * width
        step = _chunk_rows(hi - lo)
        for d in range(0, draws, step):
            index = ranks[d:d + step, lo:hi].astype(np.intp)
            index += offsets
            hist += np.bincount(index.ravel(), minlength=hist.size)
        hist = hist.reshape(hi - lo, width)
        cum = np.cumsum(hist[:, 1:n + 1], axis=1)
        ranked[lo:hi] = cum[:, -1]
        top[lo:hi] = cum[:, min(top_n, n) - 1]
        first[lo:hi] = hist[:, 1]
        some = cum[:, -1] > 0
        for q, out in quantiles.items():
            # Inverted CDF: the smallest rank r whose count of ranks ≤ r reaches ceil(q × n).
            need = np.maximum(np.ceil(q * cum[:, -1] - 1e-9), 1)
            rank = np.argmax(cum >= need[:, None], axis=1) + 1.0
            out[lo:hi] = np.where(some, rank, np.nan)
    some = ranked > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        p_top = np.where(some, top / ranked, np.nan)
        p_first = np.where(some, first / ranked, np.nan)
    return RankStats(p_top_n=p_top, p_first=p_first, rank_low=quantiles[_LOW_Q],
                     rank_median=quantiles[0.5], rank_high=quantiles[_HIGH_Q],
                     ranked=ranked, draws=draws, top_n=top_n)


def rank_stats(scores: np.ndarray, top_n: int) -> RankStats:
    """Rank distribution of each idea over draws (scores: draws × ideas, NaN = not ranked)."""
    s = np.asarray(scores, dtype=float)
    if s.ndim != 2 or s.shape[0] < 1 or s.shape[1] < 1:
        raise InvalidInput("Scores must be a draws × ideas array with at least one of each.")
    top_n = _check_top_n(top_n)
    step = _chunk_rows(s.shape[1])
    ranks = np.empty(s.shape, dtype=_rank_dtype(s.shape[1]))
    for i in range(0, s.shape[0], step):
        ranks[i:i + step] = _ranks(s[i:i + step])
    return _stats(ranks, top_n)


def _weighted_scores(normalised: np.ndarray, w: np.ndarray) -> np.ndarray:
    """100 × W @ normalised.T, summed criterion by criterion so identical ideas tie exactly."""
    out = np.zeros((w.shape[0], normalised.shape[0]))
    for c in range(normalised.shape[1]):
        if np.any(w[:, c]):
            out += np.multiply.outer(w[:, c], normalised[:, c])
    out *= 100.0
    return out


def simulate_weights(normalised: np.ndarray, weights: np.ndarray, *, draws: int = 2000,
                     concentration: float = 50.0, top_n: int = 3, seed: int = 0) -> RankStats:
    """Rank distribution under Dirichlet weight draws (normalised: ideas × k, 0–1, 1 = best)."""
    n = np.asarray(normalised, dtype=float)
    if n.ndim != 2 or n.shape[0] < 1:
        raise InvalidInput("The normalised ratings must be an ideas × criteria array.")
    if n.shape[1] != np.asarray(weights).size:
        raise InvalidInput(f"There are {n.shape[1]} criteria but {np.asarray(weights).size} "
                           "weights.")
    top_n = _check_top_n(top_n)
    rng = np.random.default_rng(seed)
    w = weight_samples(weights, draws, concentration, rng)
    counting = np.asarray(weights, dtype=float) > 0
    # An idea missing a rating on a counting criterion is not ranked (as in scoring).
    missing = np.isnan(n[:, counting]).any(axis=1)
    n = np.where(np.isnan(n), 0.0, n)
    step = _chunk_rows(n.shape[0])
    ranks = np.empty((draws, n.shape[0]), dtype=_rank_dtype(n.shape[0]))
    for i in range(0, draws, step):
        scores = _weighted_scores(n, w[i:i + step])
        scores[:, missing] = np.nan
        ranks[i:i + step] = _ranks(scores)
    return _stats(ranks, top_n)


def simulate_raters(tensor: np.ndarray, score_fn: Callable[[np.ndarray], np.ndarray], *,
                    draws: int = 1000, top_n: int = 3, seed: int = 0) -> RankStats:
    """Rank distribution when the raters are resampled; score_fn maps means to scores.

    ``score_fn(means)`` gets a chunk of draws (c × ideas × k means on the criteria's own
    scales, NaN where no resampled rater rated) and returns c × ideas scores, higher =
    better, NaN = not ranked. It must treat each draw on its own (it is called per chunk).
    """
    t = np.asarray(tensor, dtype=float)
    draws = _check_draws(draws)
    top_n = _check_top_n(top_n)
    rng = np.random.default_rng(seed)
    if t.ndim != 3:
        raise InvalidInput("The ratings must be a raters × ideas × criteria array.")
    step = _chunk_rows(t.shape[1] * t.shape[2])
    ranks = np.empty((draws, t.shape[1]), dtype=_rank_dtype(t.shape[1]))
    for i in range(0, draws, step):
        size = min(step, draws - i)
        scores = np.asarray(score_fn(bootstrap_means(t, size, rng)), dtype=float)
        if scores.shape != (size, t.shape[1]):
            raise InvalidInput(f"The score function returned shape {scores.shape}; expected "
                               f"{(size, t.shape[1])}.")
        ranks[i:i + size] = _ranks(scores)
    return _stats(ranks, top_n)


def smallest_weight_flip(normalised: np.ndarray, weights: np.ndarray,
                         leader: int) -> WeightFlip | None:
    """Least weight (points of the total) to move so another idea scores ≥ the leader.

    On the simplex p = w / Σw, score_leader − score_j = p · δ_j with δ_j = n_leader − n_j.
    Moving mass a from criterion c to r lowers that margin by a(δ_c − δ_r), so for a given
    amount moved the best receiver is the single criterion r with the smallest δ (it can
    take any amount) and the best donors are those with the largest δ, each giving at most
    its current share. Minimising moved mass for a required drop m = p · δ_j is therefore a
    fractional knapsack — the LP's optimum is the greedy: empty donors in decreasing δ until
    the margin reaches 0; t is exact (the last donor gives a fraction). A flip exists iff
    min δ_j ≤ 0 (the challenger is at least as good on some criterion). The measure is the
    mass moved, Σ max(p_c − p'_c, 0) = ½‖p − p'‖₁; points = 100 × t.

    Only ideas with a rating on every criterion of weight > 0 can challenge; a criterion
    can receive weight only where both ideas have a rating. Ties: an idea already level
    with the leader needs 0 points (moves = ()). Among challengers needing the same amount
    the one with the smaller current margin wins, then the lower row; among equal δ the
    lower column gives or receives first. None when no idea can draw level.
    """
    n = np.asarray(normalised, dtype=float)
    p = _simplex(weights)
    if n.ndim != 2 or n.shape[1] != p.size:
        raise InvalidInput(f"The normalised ratings must be ideas × {p.size} criteria.")
    if not 0 <= leader < n.shape[0]:
        raise InvalidInput(f"The leader must be a row from 0 to {n.shape[0] - 1} "
                           f"(got {leader}).")
    counting = p > 0
    if np.isnan(n[leader, counting]).any():
        raise InvalidInput("The leading idea is missing a rating on a criterion that counts.")
    challengers = np.flatnonzero(~np.isnan(n[:, counting]).any(axis=1))
    challengers = challengers[challengers != leader]
    if challengers.size == 0:
        return None
    delta = n[leader] - n[challengers]                      # rows: challengers, cols: criteria
    margin = np.where(counting, np.nan_to_num(delta) * p, 0.0).sum(axis=1)
    receivable = ~np.isnan(delta)
    d_recv = np.where(receivable, delta, np.inf)
    to_col = np.argmin(d_recv, axis=1)                      # first column among equal minima
    d_min = d_recv[np.arange(challengers.size), to_col]
    feasible = d_min <= 0
    # Gain per unit moved from each donor; ordering donors by δ descending (stable → lower
    # column first among equals) and accumulating capacity gives the greedy fill.
    gain_rate = np.where(counting, np.nan_to_num(delta, nan=-np.inf) - d_min[:, None], 0.0)
    gain_rate = np.maximum(gain_rate, 0.0)
    order = np.argsort(-gain_rate, axis=1, kind="stable")
    rate = np.take_along_axis(gain_rate, order, axis=1)
    cap = np.take_along_axis(np.broadcast_to(p, delta.shape), order, axis=1)
    cum_gain = np.cumsum(rate * cap, axis=1)
    cum_cap = np.cumsum(cap, axis=1)
    need = np.maximum(margin, 0.0)
    # First donor at which the accumulated gain covers the margin.
    reach = cum_gain >= need[:, None] * (1 - 1e-12)
    feasible &= reach[:, -1] | (need <= 0)
    idx = np.argmax(reach, axis=1)
    rows = np.arange(challengers.size)
    gain_before = np.where(idx > 0, cum_gain[rows, idx - 1], 0.0)
    cap_before = np.where(idx > 0, cum_cap[rows, idx - 1], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        partial = np.where(rate[rows, idx] > 0,
                           np.minimum((need - gain_before) / rate[rows, idx], cap[rows, idx]),
                           0.0)
    t = np.where(need <= 0, 0.0, cap_before + np.maximum(partial, 0.0))
    if not feasible.any():
        return None
    t = np.where(feasible, t, np.inf)
    best = np.lexsort((challengers, margin, t))[0]
    moved = float(t[best])
    recv = int(to_col[best])
    new = p.copy()
    moves: list[tuple[int, float]] = []
    left = moved
    if need[best] > 0:
        for col, r in zip(order[best], rate[best], strict=True):
            if left <= 0 or r <= 0:
                break
            amount = min(p[col], left)
            new[col] -= amount
            moves.append((int(col), amount * 100.0))
            left -= amount
        new[recv] += moved - left
    new = np.maximum(new, 0.0)
    new /= new.sum()
    return WeightFlip(challenger=int(challengers[best]), points=moved * 100.0,
                      moves=tuple(moves), to_col=recv, new_weights=new)
