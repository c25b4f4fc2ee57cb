"""Rating scales a criterion can use: their range, allowed values and labels.

A scale's range is what absolute normalisation divides by, so a rating's 0–1 value depends
only on the rating and its scale, never on the other ideas. A "free number" has no top: its
"reference" high value is the point that counts as 1 (higher ratings count as 1 too).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from workbench.domain.models import Criterion, InvalidInput, ScoreOutOfRange


@dataclass(frozen=True)
class Scale:
    key: str
    label: str
    low: float
    high: float
    allowed: tuple[float, ...] | None = None  # discrete scales: only these values
    labels: tuple[str, ...] | None = None     # shown instead of the numbers (T-shirt)
    open_top: bool = False                    # free numbers: ``high`` is a reference only
    custom_range: bool = False                # the user picks low and high

    def describe(self, low: float, high: float) -> str:
        """The scale in words, e.g. '1–5', 'Fibonacci 1, 2, 3, 5, 8, 13, 21', 'XS–XL'."""
        if self.labels:
            return f"{self.labels[0]}–{self.labels[-1]}"
        if self.allowed:
            return f"{self.label}: " + ", ".join(f"{v:g}" for v in self.allowed)
        if self.open_top:
            return f"any number ≥ {low:g} (counts fully at {high:g})"
        return f"{low:g}–{high:g}"


FIBONACCI = (1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0)
TSHIRT = ("XS", "S", "M", "L", "XL")
RICE_IMPACT = (0.25, 0.5, 1.0, 2.0, 3.0)

SCALES: dict[str, Scale] = {s.key: s for s in (
    Scale("1-5", "1–5", 1, 5),
    Scale("1-10", "1–10", 1, 10),
    Scale("fibonacci", "Fibonacci", 1, 21, allowed=FIBONACCI),
    Scale("tshirt", "T-shirt (XS–XL)", 1, 5, allowed=(1.0, 2.0, 3.0, 4.0, 5.0), labels=TSHIRT),
    Scale("percent", "Percent (0–100 %)", 0, 100),
    Scale("rice_impact", "RICE impact (0.25 minimal … 3 massive)", 0.25, 3, allowed=RICE_IMPACT),
    Scale("free", "Free number", 0, 100, open_top=True, custom_range=True),
    Scale("custom", "Custom range", 1, 5, custom_range=True),
)}
DEFAULT_SCALE = "custom"


def get_scale(key: object) -> Scale:
    """The scale for a key; InvalidInput names the choices for anything else."""
    if isinstance(key, str) and key in SCALES:
        return SCALES[key]
    raise InvalidInput("Scale must be one of: " + ", ".join(s.label for s in SCALES.values())
                       + ".")


def scale_range(key: str, low: object = None, high: object = None) -> tuple[float, float]:
    """The (low, high) a criterion stores: fixed for named scales, checked for custom/free."""
    scale = get_scale(key)
    if not scale.custom_range:
        return scale.low, scale.high
    try:
        lo = float(scale.low if low is None else low)  # type: ignore[arg-type]
        hi = float(scale.high if high is None else high)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput("The scale must be two numbers.") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        what = "reference value" if scale.open_top else "highest value"
        raise InvalidInput(f"The scale's lowest value must be below its {what}.")
    return lo, hi


def parse_rating(value: object, name: str, key: str, low: float, high: float) -> float:
    """One rating as a number on the scale, or ScoreOutOfRange saying what is allowed."""
    scale = SCALES.get(key, SCALES[DEFAULT_SCALE])
    if scale.labels and isinstance(value, str) and value.strip().upper() in scale.labels:
        return float(scale.labels.index(value.strip().upper()) + 1)
    if scale.allowed or scale.open_top:
        allowed = scale.describe(low, high)
    else:
        allowed = f"{low:g} to {high:g}"
    if isinstance(value, bool):
        raise ScoreOutOfRange(f"{name}: a score must be a number from {allowed}.")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ScoreOutOfRange(f"{name}: {str(value)[:40]!r} is not a number; use "
                              f"{allowed}.") from None
    if not math.isfinite(number) or number < low or (number > high and not scale.open_top):
        where = "the scale" if not scale.open_top else "the scale:"
        raise ScoreOutOfRange(f"{name}: {number:g} is outside {where} {allowed}.")
    if scale.allowed and not any(math.isclose(number, a) for a in scale.allowed):
        raise ScoreOutOfRange(f"{name}: {number:g} is not on the scale ({allowed}).")
    return number


def rating_label(value: float, key: str) -> str:
    """A rating as people read it on its scale (e.g. 3 → 'M' on T-shirt sizes)."""
    scale = SCALES.get(key, SCALES[DEFAULT_SCALE])
    if scale.labels and float(value).is_integer() and 1 <= value <= len(scale.labels):
        return scale.labels[int(value) - 1]
    if key == "percent":
        return f"{value:g} %"
    return f"{value:g}"


def scale_hint(criterion: Criterion) -> str:
    """What to type for a criterion, e.g. '1–5', 'XS=1 … XL=5', 'any number ≥ 0 person-months'."""
    scale = SCALES.get(criterion.scale, SCALES[DEFAULT_SCALE])
    if scale.labels:
        text = " ".join(f"{label}={i}" for i, label in enumerate(scale.labels, start=1))
    elif scale.allowed:
        text = ", ".join(f"{v:g}" for v in scale.allowed)
    elif scale.open_top:
        text = f"any number ≥ {criterion.scale_min:g}"
    elif criterion.scale == "percent":
        text = "0–100 %"
    else:
        text = f"{criterion.scale_min:g}–{criterion.scale_max:g}"
    return f"{text} {criterion.unit}".strip() if criterion.unit else text
