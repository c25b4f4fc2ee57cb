"""The smallest shift of weight that lets another idea catch the leader (greedy = LP optimum)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.domain.models import InvalidInput
from workbench.engine.robustness import to_simplex


@dataclass(frozen=True, eq=False)
class WeightFlip:
    """The smallest reweighting that lets ``challenger`` draw level with the leader."""

    challenger: int                          # row index of the idea that catches up
    points: float                            # weight moved, in points of the total (0–100)
    moves: tuple[tuple[int, float], ...]     # (from column, points taken), largest δ first
    to_col: int                              # the column that receives all moved weight
    new_weights: np.ndarray                  # the moved weights on the simplex (sum 1)


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
    p = to_simplex(weights)
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
