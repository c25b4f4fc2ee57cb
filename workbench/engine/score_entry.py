"""Rating by taps: the choices a criterion's scale offers, and how far a rater has got."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.domain.models import Criterion
from workbench.domain.scales import SCALES

MAX_TAPS = 11  # more steps than this do not fit a phone's width in two rows: type instead


def tap_options(criterion: Criterion, current: float | None = None) -> tuple[float, ...] | None:
    """The ratings to offer as buttons, low to high; None when the scale needs typing.

    Discrete scales offer their values; whole-number ranges of up to 11 steps offer each
    number; percentages offer 0, 10 … 100. A stored rating that is not among them (typed
    elsewhere, or imported) is offered too, so the control can show it.
    """
    scale = SCALES.get(criterion.scale)
    low, high = criterion.scale_min, criterion.scale_max
    if scale is not None and scale.allowed:
        options = tuple(scale.allowed)
    elif criterion.scale == "percent":
        options = tuple(float(v) for v in range(0, 101, 10))
    elif (scale is None or not scale.open_top) and float(low).is_integer() \
            and float(high).is_integer() and 0 < high - low < MAX_TAPS:
        options = tuple(float(v) for v in range(int(low), int(high) + 1))
    else:
        return None
    if current is not None and current not in options:
        options = tuple(sorted((*options, float(current))))
    return options


def my_ratings(my_scores: pd.DataFrame) -> dict[tuple[int, int], float]:
    """{(idea_id, criterion_id): value} from a rater's saved scores."""
    if my_scores.empty:
        return {}
    return {(int(i), int(c)): float(v) for i, c, v in zip(
        my_scores["idea_id"], my_scores["criterion_id"], my_scores["value"], strict=True)}


def fully_scored(idea_ids: Sequence[int], criteria: Sequence[Criterion],
                 ratings: dict[tuple[int, int], float]) -> int:
    """How many of these ideas have a rating on every criterion."""
    return sum(all((int(i), c.id) in ratings for c in criteria) for i in idea_ids)
