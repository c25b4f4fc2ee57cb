"""The most valuable set of ideas that fits a budget: an exact 0/1 knapsack (HiGHS via milp).

maximise Σ value_i x_i  subject to  Σ cost_i x_i ≤ budget,  x_i ∈ {0, 1},
with x_i = 1 fixed for must-include ideas and x_i = 0 for excluded ones. The solver runs
with a zero relative gap (HiGHS keeps its absolute gap of 1e-6 in value units) and every
answer is re-checked in exact float arithmetic: a set the solver accepted within its
feasibility tolerance but that costs more than the budget is cut off and the problem
solved again, so the chosen set never costs more than the budget.

Ideas with a missing value or cost, or a cost ≤ 0, are not candidates; they come back in
``Portfolio.skipped`` with the reason. Ties: ideas worth 0 or less are never added unless
they are must-include (they would only spend budget); among sets of equal total value
the solver's choice stands — the same input always gives the same set.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from workbench.domain.models import InvalidInput

COLUMNS = ("idea_id", "title", "value", "cost")
TIME_LIMIT_SECONDS = 10.0
_MAX_CUTS = 20


class BudgetTooSmall(InvalidInput):
    """The budget cannot pay for the cheapest idea, or for the must-include ideas."""

    def __init__(self, message: str, needed: float) -> None:
        super().__init__(message)
        self.needed = needed


@dataclass(frozen=True, eq=False)
class Portfolio:
    """The chosen ideas (best value first), their totals, and the ideas left out and why."""

    chosen: pd.DataFrame        # the chosen rows of ``items``, best value first
    total_value: float
    total_cost: float
    budget: float
    left_over: float            # budget − total_cost (≥ 0)
    chosen_ids: frozenset[int]
    skipped: pd.DataFrame       # idea_id, title, reason: not candidates (missing data)
    optimal: bool = True        # False only if the solver hit its time limit


def _num(x: float) -> str:
    """A number as people write it: 3 not 3.0, 2.5, never scientific notation."""
    return np.format_float_positional(float(x), trim="-")


def _ids(values: Iterable[int], field: str) -> set[int]:
    out: set[int] = set()
    for v in values:
        if isinstance(v, bool):
            raise InvalidInput(f"{field}: {v!r} is not an idea id.")
        try:
            number = int(v)
        except (TypeError, ValueError):
            raise InvalidInput(f"{field}: {v!r} is not an idea id.") from None
        if number != v:
            raise InvalidInput(f"{field}: {v!r} is not an idea id.")
        out.add(number)
    return out


def _check_budget(budget: float) -> float:
    if isinstance(budget, bool):
        raise InvalidInput("The budget must be a number above 0.")
    try:
        b = float(budget)
    except (TypeError, ValueError):
        raise InvalidInput(f"The budget must be a number above 0 (got {budget!r}).") from None
    if not np.isfinite(b) or b <= 0:
        raise InvalidInput(f"The budget must be a number above 0 (got {_num(b)}).")
    return b


def _skip_reasons(value: pd.Series, cost: pd.Series) -> pd.Series:
    no_value = ~np.isfinite(value.to_numpy())
    no_cost = ~np.isfinite(cost.to_numpy())
    free = ~no_cost & (cost.to_numpy() <= 0)
    return pd.Series(["; ".join(r for r, bad in (("no value (score) yet", nv),
                                                 ("no cost estimate yet", nc),
                                                 ("cost must be above 0", fr)) if bad)
                      for nv, nc, fr in zip(no_value, no_cost, free, strict=True)],
                     index=value.index, dtype=object)


def _solve(value: np.ndarray, cost: np.ndarray, budget: float, lower: np.ndarray,
           upper: np.ndarray) -> tuple[np.ndarray, bool]:
    """0/1 knapsack by milp; returns (chosen mask, proven optimal)."""
    n = value.size
    rows = [cost / budget]            # scaled so the feasibility tolerance is relative
    row_ub = [1.0]
    for _ in range(_MAX_CUTS):
        res = milp(-value, integrality=np.ones(n), bounds=Bounds(lower, upper),
                   constraints=LinearConstraint(np.vstack(rows), -np.inf, np.array(row_ub)),
                   options={"mip_rel_gap": 0.0, "time_limit": TIME_LIMIT_SECONDS})
        if res.x is None:
            break
        x = res.x > 0.5
        if math.fsum(cost[x]) <= budget:
            return x, res.status == 0
        # Accepted within tolerance but over budget in exact arithmetic: forbid this set.
        rows.append(x.astype(float))
        row_ub.append(float(x.sum() - 1))
    # Fallback (time limit without a solution, or repeated tolerance trouble): greedy by
    # value per unit cost on top of the must-include ideas. Never over budget.
    x = lower > 0
    spent = math.fsum(cost[x])
    for i in np.argsort(-value / cost, kind="stable"):
        if not x[i] and upper[i] > 0 and math.fsum([spent, cost[i]]) <= budget:
            x[i] = True
            spent = math.fsum(cost[x])
    return x, False


def best_portfolio(items: pd.DataFrame, budget: float, must: Iterable[int] = (),
                   exclude: Iterable[int] = ()) -> Portfolio:
    """The highest-value set of ideas whose total cost fits ``budget`` (exact 0/1 knapsack)."""
    missing = [c for c in COLUMNS if c not in items.columns]
    if missing:
        raise InvalidInput(f"The ideas table is missing the column(s) {', '.join(missing)}.")
    b = _check_budget(budget)
    frame = items.reset_index(drop=True)
    ids = pd.to_numeric(frame["idea_id"], errors="coerce")
    if ids.isna().any() or (ids != ids.round()).any():
        raise InvalidInput("Every idea needs a whole-number idea_id.")
    ids = ids.astype("int64")
    if ids.duplicated().any():
        raise InvalidInput(f"Idea {int(ids[ids.duplicated()].iloc[0])} is listed twice.")
    titles = frame["title"].astype(str)
    title_of = dict(zip(ids.tolist(), titles.tolist(), strict=True))
    must_ids, exclude_ids = _ids(must, "Must-include"), _ids(exclude, "Excluded")
    for field, chosen in (("must-include", must_ids), ("excluded", exclude_ids)):
        unknown = sorted(chosen - title_of.keys())
        if unknown:
            raise InvalidInput(f"Idea {unknown[0]} is marked {field} but is not among the "
                               "ideas being considered (it may have been deleted or merged).")
    both = sorted(must_ids & exclude_ids)
    if both:
        raise InvalidInput(f"'{title_of[both[0]]}' is both must-include and excluded. "
                           "Choose one.")

    value = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    cost = pd.to_numeric(frame["cost"], errors="coerce").astype(float)
    reason = _skip_reasons(value, cost)
    is_skipped = (reason != "").to_numpy()
    unplannable = np.flatnonzero(is_skipped & ids.isin(must_ids).to_numpy())
    if unplannable.size:
        i = unplannable[0]
        raise InvalidInput(f"'{titles[i]}' is must-include but has {reason[i]}, so it cannot "
                           "be planned. Fill it in or drop it from must-include.")
    skipped = pd.DataFrame({"idea_id": ids[is_skipped], "title": titles[is_skipped],
                            "reason": reason[is_skipped]}).reset_index(drop=True)

    candidate = ~is_skipped & ~ids.isin(exclude_ids).to_numpy()
    pos = np.flatnonzero(candidate)
    v, c = value.to_numpy()[pos], cost.to_numpy()[pos]
    is_must = ids.isin(must_ids).to_numpy()[pos]

    must_cost = math.fsum(c[is_must])
    if must_cost > b:
        names = [f"'{t}'" for t in titles.to_numpy()[pos[is_must]]]
        what = (f"The must-include idea {names[0]} costs" if len(names) == 1 else
                f"The must-include ideas ({', '.join(names)}) cost")
        raise BudgetTooSmall(
            f"{what} {_num(must_cost)}{' together' if len(names) > 1 else ''}, more than the "
            f"budget of {_num(b)}. Raise the budget to at least {_num(must_cost)} or drop "
            "one from must-include.", needed=must_cost)

    if pos.size:
        cheapest = int(np.lexsort((pos, c))[0])
        if b < c[cheapest]:
            raise BudgetTooSmall(
                f"The budget of {_num(b)} is below the cheapest idea, "
                f"'{titles[pos[cheapest]]}' (cost {_num(c[cheapest])}). Raise the budget to "
                f"at least {_num(c[cheapest])}.", needed=float(c[cheapest]))

    lower = is_must.astype(float)
    # Ideas worth nothing only spend budget: fixed out (the documented tie rule).
    upper = np.where(is_must | (v > 0), 1.0, 0.0)
    if pos.size:
        x, optimal = _solve(v, c, b, lower, upper)
    else:
        x, optimal = np.zeros(0, dtype=bool), True
    rows = pos[x]
    chosen = frame.iloc[rows].copy()
    chosen["idea_id"] = ids.to_numpy()[rows]
    chosen = chosen.assign(_v=v[x], _c=c[x]).sort_values(
        ["_v", "_c", "idea_id"], ascending=[False, True, True], kind="stable"
    ).drop(columns=["_v", "_c"]).reset_index(drop=True)
    total_cost = math.fsum(c[x])
    return Portfolio(chosen=chosen, total_value=float(v[x].sum()), total_cost=total_cost,
                     budget=b, left_over=b - total_cost,
                     chosen_ids=frozenset(int(i) for i in ids.to_numpy()[rows]),
                     skipped=skipped, optimal=optimal)
