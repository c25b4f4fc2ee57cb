"""Rank distributions over Monte-Carlo draws: min-method ranks, top-N shares, percentiles.

Ranks. Within a draw, higher score = better rank; ranks are 1-based and ties share the
better rank ("min", as in scoring): scores 9, 9, 7 rank 1, 1, 3. NaN scores are not
ranked in that draw and ranked ideas are ranked among themselves. Every statistic for an
idea is over the draws in which it was ranked (``RankStats.ranked`` counts them); an idea
never ranked gets NaN. Percentiles are the "inverted CDF" kind (the smallest rank r with
share(rank ≤ r) ≥ q), so they are always whole ranks that occurred: rank_low is the 5th
percentile (the good end), rank_high the 95th.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.domain.models import InvalidInput

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


def check_top_n(top_n: int) -> int:
    """``top_n`` as an int ≥ 1, or InvalidInput."""
    if isinstance(top_n, bool) or not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise InvalidInput(f"Top N must be a whole number of at least 1 (got {top_n!r}).")
    return int(top_n)


def chunk_rows(per_row: int) -> int:
    """How many draws to handle at once when each draw has ``per_row`` elements."""
    return max(1, _CHUNK_ELEMENTS // max(1, per_row))


def rank_dtype(ideas: int) -> type:
    """The smallest integer type that holds ranks 1..ideas + 1."""
    return np.int16 if ideas < np.iinfo(np.int16).max else np.int32


def min_ranks(scores: np.ndarray) -> np.ndarray:
    """Min-method 1-based ranks per row (higher score = rank 1); unranked (NaN) = ideas + 1."""
    c, n = scores.shape
    order = np.argsort(-scores, axis=1)  # NaN sorts last; order among ties is irrelevant
    # Flat indices instead of take/put_along_axis: the same result, about twice as fast.
    flat = order + (np.arange(c) * n)[:, None]
    ordered = scores.ravel()[flat]
    dtype = rank_dtype(n)
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


def stats_from_ranks(ranks: np.ndarray, top_n: int) -> RankStats:
    """Top-N shares and rank percentiles from a draws × ideas array of min-ranks."""
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
        step = chunk_rows(hi - lo)
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
    top_n = check_top_n(top_n)
    step = chunk_rows(s.shape[1])
    ranks = np.empty(s.shape, dtype=rank_dtype(s.shape[1]))
    for i in range(0, s.shape[0], step):
        ranks[i:i + step] = min_ranks(s[i:i + step])
    return stats_from_ranks(ranks, top_n)
