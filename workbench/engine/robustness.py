"""How robust is a ranking? Monte-Carlo over weights and over raters.

Weight draws. For the chosen weights w (k,), let P = {c : w_c > 0}, m = |P| and p = w / Σw.
Each draw is Dirichlet(α) on the criteria in P with α_c = concentration × m × p_c; criteria
with weight 0 are 0 in every draw. So Σα = concentration × m: with equal weights every
α_c = concentration ("per criterion"). The draws' mean is p exactly and each share's
variance is p_c(1 − p_c) / (concentration × m + 1): higher concentration = closer to the
chosen weights (50 keeps a ⅓ share within about ±0.1 of ⅓ in 95% of draws with 3 criteria).

Rater bootstrap. Each draw resamples the R raters with replacement (multinomial counts C,
draws × R) and takes, per idea × criterion, the count-weighted mean of the ratings the
resampled raters gave: (C @ ratings) / (C @ rated). A cell no resampled rater rated is NaN.

Ranks and their statistics: ``workbench.engine.rank_stats``.

Everything is vectorised over draws (chunks of draws bound the memory); the same seed
gives the same result.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from workbench.domain.models import InvalidInput, InvalidWeights
from workbench.engine.rank_stats import (
    RankStats,
    check_top_n,
    chunk_rows,
    min_ranks,
    rank_dtype,
    stats_from_ranks,
)

MAX_DRAWS = 100_000






def _check_draws(draws: int) -> int:
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)):
        raise InvalidInput(f"The number of draws must be a whole number (got {draws!r}).")
    if not 1 <= draws <= MAX_DRAWS:
        raise InvalidInput(f"The number of draws must be from 1 to {MAX_DRAWS:,} "
                           f"(got {draws:,}).")
    return int(draws)




def to_simplex(weights: np.ndarray) -> np.ndarray:
    """Weights as shares summing to 1; InvalidWeights for negative, non-finite or all-zero."""
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
    p = to_simplex(weights)
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
    top_n = check_top_n(top_n)
    rng = np.random.default_rng(seed)
    w = weight_samples(weights, draws, concentration, rng)
    counting = np.asarray(weights, dtype=float) > 0
    # An idea missing a rating on a counting criterion is not ranked (as in scoring).
    missing = np.isnan(n[:, counting]).any(axis=1)
    n = np.where(np.isnan(n), 0.0, n)
    step = chunk_rows(n.shape[0])
    ranks = np.empty((draws, n.shape[0]), dtype=rank_dtype(n.shape[0]))
    for i in range(0, draws, step):
        scores = _weighted_scores(n, w[i:i + step])
        scores[:, missing] = np.nan
        ranks[i:i + step] = min_ranks(scores)
    return stats_from_ranks(ranks, top_n)


def simulate_raters(tensor: np.ndarray, score_fn: Callable[[np.ndarray], np.ndarray], *,
                    draws: int = 1000, top_n: int = 3, seed: int = 0) -> RankStats:
    """Rank distribution when the raters are resampled; score_fn maps means to scores.

    ``score_fn(means)`` gets a chunk of draws (c × ideas × k means on the criteria's own
    scales, NaN where no resampled rater rated) and returns c × ideas scores, higher =
    better, NaN = not ranked. It must treat each draw on its own (it is called per chunk).
    """
    t = np.asarray(tensor, dtype=float)
    draws = _check_draws(draws)
    top_n = check_top_n(top_n)
    rng = np.random.default_rng(seed)
    if t.ndim != 3:
        raise InvalidInput("The ratings must be a raters × ideas × criteria array.")
    step = chunk_rows(t.shape[1] * t.shape[2])
    ranks = np.empty((draws, t.shape[1]), dtype=rank_dtype(t.shape[1]))
    for i in range(0, draws, step):
        size = min(step, draws - i)
        scores = np.asarray(score_fn(bootstrap_means(t, size, rng)), dtype=float)
        if scores.shape != (size, t.shape[1]):
            raise InvalidInput(f"The score function returned shape {scores.shape}; expected "
                               f"{(size, t.shape[1])}.")
        ranks[i:i + size] = min_ranks(scores)
    return stats_from_ranks(ranks, top_n)


