"""Pareto front of ideas on benefit (higher is better) against cost (lower is better).

An idea is on the front when no other idea has benefit ≥ and cost ≤ with at least one of
the two strictly better. Two identical points do not dominate each other, so both stay
on the front. An idea with a missing (NaN) or infinite benefit or cost is never on it
and never dominates another.
"""

from __future__ import annotations

import numpy as np

from workbench.domain.models import InvalidInput


def pareto_front(benefit: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Bool mask, True where no other idea is at least as good on both and better on one."""
    b = np.asarray(benefit, dtype=float)
    c = np.asarray(cost, dtype=float)
    if b.ndim != 1 or b.shape != c.shape:
        raise InvalidInput(f"Benefit and cost must be two lists of the same length "
                           f"(got {b.shape} and {c.shape}).")
    front = np.zeros(b.size, dtype=bool)
    ok = np.flatnonzero(np.isfinite(b) & np.isfinite(c))
    if ok.size == 0:
        return front
    bo, co = b[ok], c[ok]
    order = np.lexsort((-bo, co))          # cost ascending, then benefit descending
    bs, cs = bo[order], co[order]
    starts = np.r_[True, cs[1:] != cs[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(bs.size), 0))
    # Best benefit among strictly cheaper ideas: the running max just before the group.
    running = np.maximum.accumulate(bs)
    cheaper_best = np.where(group_start > 0, running[np.maximum(group_start - 1, 0)], -np.inf)
    # Within a cost group the first idea has the most benefit; only its equals survive,
    # and only if every cheaper idea has strictly less benefit.
    keep = (bs == bs[group_start]) & (bs > cheaper_best)
    front[ok[order]] = keep
    return front
