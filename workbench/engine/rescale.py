"""Reading a criterion's ratings on the scale a framework's input expects (pure).

A workshop often rates on 1–5 while RICE's impact runs 0.25, 0.5, 1, 2, 3: mapping the
criterion's range onto the input's steps (lowest rating → lowest step, highest → highest,
evenly spaced in between, linear between the steps) keeps the order of the ratings and gives
the formula the spread it was designed for.
"""

from __future__ import annotations

import numpy as np

from workbench.domain.models import Criterion
from workbench.domain.scales import SCALES

# The framework scales a rating can be mapped onto: a bounded range or a list of steps.
# Percent (RICE confidence) is converted as a share of the range already; free numbers
# (reach, person-months) have no steps to map onto.
MAPPABLE = ("rice_impact", "fibonacci", "1-10", "1-5")


def steps_of(scale_key: str) -> tuple[float, ...]:
    """The values a mapped rating runs through: a discrete scale's steps, else (low, high)."""
    scale = SCALES[scale_key]
    return scale.allowed or (float(scale.low), float(scale.high))


def can_map(criterion: Criterion, target: str) -> bool:
    """Whether the criterion's ratings can be mapped onto the ``target`` scale (and differ)."""
    scale = SCALES.get(criterion.scale, SCALES["custom"])
    if target not in MAPPABLE or scale.open_top or criterion.scale == target:
        return False
    if criterion.scale_max <= criterion.scale_min:
        return False
    own = (float(criterion.scale_min), float(criterion.scale_max))
    return own != (steps_of(target)[0], steps_of(target)[-1]) or bool(SCALES[target].allowed)


def map_onto(values: np.ndarray, low: float, high: float, target: str) -> np.ndarray:
    """Ratings on ``low``–``high`` mapped onto the target scale's steps (NaN stays NaN)."""
    steps = np.asarray(steps_of(target), dtype=float)
    positions = np.linspace(low, high, len(steps))
    return np.interp(np.asarray(values, dtype=float), positions, steps)


def mapping_words(low: float, high: float, target: str) -> str:
    """The mapping as a person checks it, e.g. '1→0.25, 2→0.5, 3→1, 4→2, 5→3'."""
    whole = float(low).is_integer() and float(high).is_integer() and high - low <= 10
    points = np.arange(low, high + 1) if whole else np.array([low, (low + high) / 2, high])
    mapped = map_onto(points, low, high, target)
    return ", ".join(f"{p:g}→{float(f'{m:.3g}'):g}" for p, m in zip(points, mapped,
                                                                     strict=True))
