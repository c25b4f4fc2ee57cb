"""Prioritisation frameworks: each one's formula, the inputs it needs, and its score (pure).

Every framework reads per-idea aggregated ratings (``values``: index idea_id, one column per
criterion id) through named input slots ("reach", "effort", …) mapped to criteria. An idea
missing an input, or with an input the formula cannot use (effort 0, confidence above 100 %),
is listed as incomplete with the reason — never scored as 0.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.domain.models import MOSCOW, Criterion
from workbench.domain.scales import SCALES
from workbench.engine.rescale import can_map, map_onto

Arrays = Mapping[str, np.ndarray]


@dataclass(frozen=True)
class Slot:
    role: str
    label: str
    hint: str
    synonyms: tuple[str, ...]
    scale: str = "1-10"            # suggested scale when the app adds the criterion
    direction: str = "benefit"
    unit: str = ""
    positive: bool = False         # must be > 0 (a divisor)


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    formula: str
    source: str
    slots: tuple[Slot, ...]
    compute: Callable[[Arrays], np.ndarray] | None = field(default=None, repr=False)


def _share(confidence: np.ndarray) -> np.ndarray:
    return confidence / 100.0


IMPACT = Slot("impact", "Impact", "how much it moves the goal for each person reached",
              ("impact",))
EFFORT = Slot("effort", "Effort", "person-months of work (any positive number)",
              ("effort", "cost", "size", "job size", "person-months"), scale="free",
              direction="cost", unit="person-months", positive=True)
CONFIDENCE_PCT = Slot("confidence", "Confidence", "how sure we are of the estimates, in %",
                      ("confidence",), scale="percent")
ICE_SLOTS = (Slot("impact", "Impact", "1–10", ("impact",)),
             Slot("confidence", "Confidence", "1–10", ("confidence",)),
             Slot("ease", "Ease", "1–10: how easy it is to do",
                  ("ease", "feasibility", "simplicity")))

FRAMEWORKS: dict[str, Framework] = {f.key: f for f in (
    Framework("weighted", "Weighted scoring",
              "Score = 100 × Σ (weight × 0–1 value) ÷ Σ weight",
              "Multi-criteria weighted sum (e.g. Pugh / weighted decision matrix).", ()),
    Framework("rice", "RICE",
              "RICE = Reach × Impact × Confidence ÷ Effort",
              "Intercom (S. McBride, 2016): Reach per period, Impact 0.25/0.5/1/2/3, "
              "Confidence %, Effort in person-months.",
              (Slot("reach", "Reach", "people or events per period (any number ≥ 0)",
                    ("reach",), scale="free", unit="people / quarter"),
               Slot("impact", "Impact", "0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive",
                    ("impact",), scale="rice_impact"),
               CONFIDENCE_PCT, EFFORT),
              lambda v: v["reach"] * v["impact"] * _share(v["confidence"]) / v["effort"]),
    Framework("ice_product", "ICE (product)", "ICE = Impact × Confidence × Ease",
              "Multiplying convention (e.g. I. Gilad's ICE scoring), each 1–10.", ICE_SLOTS,
              lambda v: v["impact"] * v["confidence"] * v["ease"]),
    Framework("ice_mean", "ICE (average)", "ICE = (Impact + Confidence + Ease) ÷ 3",
              "Averaging convention (S. Ellis, GrowthHackers), each 1–10.", ICE_SLOTS,
              lambda v: (v["impact"] + v["confidence"] + v["ease"]) / 3.0),
    Framework("wsjf", "WSJF",
              "WSJF = (Business value + Time criticality + Risk reduction / opportunity "
              "enablement) ÷ Job size",
              "SAFe Weighted Shortest Job First; each part on the Fibonacci scale.",
              (Slot("value", "Business value", "Fibonacci 1–21",
                    ("business value", "user-business value", "value", "impact"),
                    scale="fibonacci"),
               Slot("time", "Time criticality", "Fibonacci 1–21",
                    ("time criticality", "urgency"), scale="fibonacci"),
               Slot("risk", "Risk reduction / opportunity enablement", "Fibonacci 1–21",
                    ("risk reduction", "risk reduction / opportunity enablement",
                     "opportunity enablement", "rr/oe"), scale="fibonacci"),
               Slot("size", "Job size", "Fibonacci 1–21 (a proxy for duration)",
                    ("job size", "size", "effort", "cost"), scale="fibonacci",
                    direction="cost", positive=True)),
              lambda v: (v["value"] + v["time"] + v["risk"]) / v["size"]),
    Framework("value_effort", "Value ÷ effort", "Score = Value ÷ Effort",
              "Value-versus-effort ratio (the 'bang for the buck' of a 2×2 matrix).",
              (Slot("value", "Value", "benefit on its scale", ("value", "impact", "benefit")),
               Slot("effort", "Effort", "cost on its scale (above 0)",
                    ("effort", "cost", "size"), scale="1-10", direction="cost",
                    positive=True)),
              lambda v: v["value"] / v["effort"]),
    Framework("moscow", "MoSCoW", "Must → Should → Could → Won't; weighted score within a "
              "bucket", "DSDM MoSCoW prioritisation (D. Clegg, 1994).", ()),
)}
FRAMEWORK_ORDER = tuple(FRAMEWORKS)
MUST_SHARE_LIMIT = 0.6  # DSDM: Must haves should be no more than ~60 % of the effort


@dataclass(frozen=True)
class FrameworkResult:
    """One framework's scores: complete ideas scored, the others listed with the reason."""

    framework: Framework
    scores: pd.Series            # index idea_id → score (only complete ideas)
    inputs: pd.DataFrame         # index idea_id, one column per slot role: the numbers used
    incomplete: pd.DataFrame     # idea_id, reason
    mapping: dict[str, Criterion | None]

    @property
    def missing_slots(self) -> tuple[Slot, ...]:
        """Slots no criterion is mapped to (then no idea can be scored)."""
        return tuple(s for s in self.framework.slots if self.mapping.get(s.role) is None)


def map_slots(framework: Framework, criteria: Sequence[Criterion],
              chosen: Mapping[str, int] | None = None) -> dict[str, Criterion | None]:
    """Which criterion feeds each slot: the user's choice, else the first name match."""
    by_id = {c.id: c for c in criteria}
    names = {c.name.casefold(): c for c in criteria}
    mapping: dict[str, Criterion | None] = {}
    for slot in framework.slots:
        picked = (chosen or {}).get(slot.role)
        if picked in by_id:
            mapping[slot.role] = by_id[picked]
            continue
        mapping[slot.role] = next((names[s] for s in slot.synonyms if s in names), None)
    return mapping


def slot_inputs(framework: Framework, values: pd.DataFrame,
                mapping: Mapping[str, Criterion | None],
                rescaled: Collection[str] = ()) -> pd.DataFrame:
    """The numbers each slot reads, per idea (NaN where missing); confidence stays in %.

    Slots in ``rescaled`` read their criterion's ratings mapped onto the slot's own scale.
    """
    data = {}
    for slot in framework.slots:
        criterion = mapping.get(slot.role)
        if criterion is None or criterion.id not in values.columns:
            data[slot.role] = np.full(len(values), np.nan)
            continue
        column = values[criterion.id].to_numpy(dtype=float)
        if slot.role in rescaled and can_map(criterion, slot.scale):
            column = map_onto(column, criterion.scale_min, criterion.scale_max, slot.scale)
        if (framework.key == "rice" and slot.role == "confidence"
                and criterion.scale != "percent"):
            # RICE reads confidence as a share: another scale becomes % of its range.
            column = 100.0 * (column - criterion.scale_min) / (criterion.scale_max -
                                                               criterion.scale_min)
        data[slot.role] = column
    return pd.DataFrame(data, index=values.index)


def _problems(framework: Framework, inputs: pd.DataFrame) -> dict[int, str]:
    """idea_id → why the formula cannot score it; only the ideas with a problem."""
    checks: list[tuple[str, np.ndarray, Callable[[float], str]]] = []
    for slot in framework.slots:
        column = inputs[slot.role].to_numpy(dtype=float)
        checks.append((slot.role, np.isnan(column), lambda v, s=slot: f"missing {s.label}"))
        if slot.positive:
            checks.append((slot.role, column <= 0, lambda v, s=slot: (
                f"{s.label} is {v:g}: {framework.name} divides by it, so it must be above 0")))
        else:
            checks.append((slot.role, column < 0,
                           lambda v, s=slot: f"{s.label} is {v:g}: it cannot be negative"))
        if framework.key == "rice" and slot.role == "confidence":
            checks.append((slot.role, column > 100,
                           lambda v: f"Confidence is {v:g} %: it cannot be above 100 %"))
    bad_rows = np.zeros(len(inputs), dtype=bool)
    for _, mask, _ in checks:
        bad_rows |= mask
    reasons: dict[int, str] = {}
    # Messages are built only for the rows that need one, so 10,000 good ideas cost nothing.
    for row in np.flatnonzero(bad_rows):
        parts = [say(float(inputs[role].iat[row])) for role, mask, say in checks if mask[row]]
        missing = [p.removeprefix("missing ") for p in parts if p.startswith("missing ")]
        other = [p for p in parts if not p.startswith("missing ")]
        reasons[int(inputs.index[row])] = "; ".join(
            (["missing " + ", ".join(missing)] if missing else []) + other)
    return reasons


def score_framework(framework_key: str, values: pd.DataFrame, criteria: Sequence[Criterion],
                    chosen: Mapping[str, int] | None = None,
                    rescaled: Collection[str] = ()) -> FrameworkResult:
    """Score ideas with a formula framework (RICE, ICE, WSJF, value ÷ effort)."""
    framework = FRAMEWORKS[framework_key]
    if framework.compute is None:
        raise ValueError(f"{framework.name} is not a formula framework")
    mapping = map_slots(framework, criteria, chosen)
    inputs = slot_inputs(framework, values, mapping, rescaled)
    unmapped = [s.label for s in framework.slots if mapping[s.role] is None]
    if unmapped:
        reason = "no criterion for " + ", ".join(unmapped)
        return FrameworkResult(framework, pd.Series(dtype="float64", name="score"), inputs,
                               pd.DataFrame({"idea_id": values.index.to_numpy(dtype="int64"),
                                             "reason": reason}), mapping)
    arrays = {role: inputs[role].to_numpy(dtype=float) for role in inputs.columns}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        raw = framework.compute(arrays)
    reasons = _problems(framework, inputs)
    for row in np.flatnonzero(~np.isfinite(raw)):
        # Every idea is either scored or listed: an overflowing product is listed too.
        reasons.setdefault(int(inputs.index[row]), "too large to score: the inputs multiply "
                                                   "beyond what a number can hold")
    ok = ~inputs.index.isin(list(reasons)) & np.isfinite(raw)
    scores = pd.Series(raw[ok], index=inputs.index[ok], name="score").round(9)
    incomplete = pd.DataFrame({"idea_id": pd.Series(list(reasons), dtype="int64"),
                               "reason": pd.Series(list(reasons.values()), dtype="object")})
    return FrameworkResult(framework, scores, inputs, incomplete, mapping)


def rank_scores(scores: pd.Series) -> pd.Series:
    """1-based ranks, higher score first, ties share the better rank."""
    return scores.rank(method="min", ascending=False).astype("int64")


def moscow_order(buckets: pd.Series, weighted: pd.Series) -> pd.Series:
    """MoSCoW rank: bucket first (Must … Won't, unsorted last), then the weighted score."""
    order = {b: i for i, b in enumerate(MOSCOW)}
    ids = weighted.index
    bucket_rank = buckets.reindex(ids).map(order).fillna(len(MOSCOW)).astype(float)
    # Bucket outranks any score difference: scores are 0–100.
    key = (len(MOSCOW) - bucket_rank) * 1000.0 + weighted.astype(float)
    return rank_scores(key)


@dataclass(frozen=True)
class CapacityCheck:
    must_effort: float
    capacity: float
    share: float
    over: bool
    unsized: tuple[int, ...]  # Must ideas without an effort estimate

    def message(self) -> str:
        """The guard in words (a warning when Must takes more than 60 % of capacity)."""
        text = (f"Must haves take {self.must_effort:g} of {self.capacity:g} capacity "
                f"({100 * self.share:.0f} %).")
        if self.over:
            text += (f" DSDM advises keeping Must at or below {100 * MUST_SHARE_LIMIT:.0f} % "
                     "so there is room when estimates slip — move some to Should.")
        if self.unsized:
            text += f" {len(self.unsized)} Must idea(s) have no effort estimate yet."
        return text


def capacity_check(buckets: pd.Series, effort: pd.Series, capacity: float) -> CapacityCheck:
    """Sum the effort of the Must ideas and compare it with 60 % of the capacity."""
    must = buckets[buckets == "must"].index
    sizes = effort.reindex(must)
    total = float(sizes.sum(skipna=True))
    share = total / capacity if capacity > 0 else float("inf")
    unsized = tuple(int(i) for i in sizes[sizes.isna()].index)
    return CapacityCheck(total, capacity, share, share > MUST_SHARE_LIMIT, unsized)


def suggested_criteria(slots: Sequence[Slot]) -> list[tuple[str, str, str, str]]:
    """(name, direction, scale key, unit) for criteria the app can add to fill the slots."""
    return [(s.label if len(s.label) <= 40 else s.label.split(" /")[0], s.direction, s.scale,
             s.unit) for s in slots if s.scale in SCALES]
