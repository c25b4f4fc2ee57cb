"""Do the criteria feeding a framework sit on the scales its formula expects? (pure)

RICE's impact runs 0.25–3 (massive is 12× minimal), its confidence is a percentage, its reach
a count and its effort person-months; ICE's inputs run 1–10 and WSJF's the Fibonacci steps.
A workshop's 1–5 criteria can feed them, but the formula then weighs the inputs differently
from what its authors intended. Each finding says how, whether the ranking still holds, and
the fix on offer.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from workbench.domain.models import Criterion
from workbench.domain.scales import SCALES
from workbench.engine.frameworks import FRAMEWORKS, Framework, Slot, map_slots
from workbench.engine.rescale import can_map, mapping_words, steps_of

# The frameworks whose formulas define their inputs' scales (value ÷ effort reads any scale,
# weighted scoring and MoSCoW normalise every criterion by its own scale).
FITTED = ("rice", "ice_product", "ice_mean", "wsjf")

FITS, WORKS, MAPPED, DISTORTS = "fits", "works", "mapped", "distorts"


@dataclass(frozen=True)
class Finding:
    """One framework input against the criterion feeding it."""

    role: str
    label: str            # the input's name in the formula, e.g. "Impact"
    criterion: str        # the criterion feeding it
    verdict: str          # fits | works (still ranks sensibly) | mapped | distorts
    text: str             # the finding in words
    fix: str = ""         # the fix on offer, in words ("" when none is needed)
    can_map: bool = False  # the fix is reading the ratings on the input's scale (a setting)


def scale_words(criterion: Criterion) -> str:
    """A criterion's scale as people read it, e.g. '1–5', 'Percent', 'free-number'."""
    scale = SCALES.get(criterion.scale, SCALES["custom"])
    if scale.open_top:
        return "free-number"
    if scale.labels:
        return f"{scale.labels[0]}–{scale.labels[-1]}"
    if scale.allowed:
        return scale.label
    unit = " %" if criterion.scale == "percent" else ""
    return f"{criterion.scale_min:g}–{criterion.scale_max:g}{unit}"


def _spread(low: float, high: float) -> float | None:
    """How many times the lowest value the highest is (None when the lowest is ≤ 0)."""
    return high / low if low > 0 else None


def _direction(fw: Framework, slot: Slot, c: Criterion, yours: str) -> Finding | None:
    if slot.direction == c.direction:
        return None
    if slot.direction == "cost":
        what = (f"{fw.name} divides by {slot.label}, but {yours} is a benefit (higher is "
                "better), so a higher rating lowers the score.")
    else:
        what = (f"{fw.name} rewards a higher {slot.label}, but {yours} is a cost (lower is "
                "better), so a worse rating raises the score.")
    return Finding(slot.role, slot.label, c.name, DISTORTS, what + " The ranking is distorted.",
                   f"Pick a {slot.direction} criterion as {fw.name}'s {slot.label} under the "
                   "inputs.")


def _open_input(fw: Framework, slot: Slot, c: Criterion, yours: str) -> Finding:
    """Reach and RICE's effort: amounts with no top; a bounded rating stands in for them."""
    head = f"{fw.name} reads {slot.label} from {yours}; {fw.name}'s {slot.label} is {slot.hint}."
    if SCALES.get(c.scale, SCALES["custom"]).open_top:
        return Finding(slot.role, slot.label, c.name, FITS, head)
    unit = slot.unit or "real amounts"
    return Finding(
        slot.role, slot.label, c.name, WORKS,
        f"{head} The ranking still works if the ratings grow in proportion to the real "
        f"amount (a 4 is twice a 2); the {fw.name} numbers are then rating points, not "
        f"{unit}.",
        f"For {unit}, add a criterion named {slot.label} on a Free-number scale ({unit}) "
        f"and pick it as {fw.name}'s {slot.label} under the inputs.")


def _percent(fw: Framework, slot: Slot, c: Criterion, yours: str) -> Finding:
    """RICE's confidence: another scale is read as a share of its range."""
    if c.scale == "percent":
        return Finding(slot.role, slot.label, c.name, FITS,
                       f"{fw.name} reads {slot.label} from {yours}, in % as it expects.")
    return Finding(
        slot.role, slot.label, c.name, WORKS,
        f"{fw.name} reads {slot.label} from {yours} as a share of its range "
        f"({c.scale_min:g} = 0 %, {c.scale_max:g} = 100 %). The ranking works, but an idea "
        f"rated {c.scale_min:g} on it scores 0.",
        f"For confidence in %, add a criterion named {slot.label} on the Percent scale and "
        f"pick it as {fw.name}'s {slot.label} under the inputs.")


def _bounded(fw: Framework, slot: Slot, c: Criterion, yours: str, mapped: bool,
             same_scale: bool) -> Finding:
    """Impact, ICE's 1–10 and WSJF's Fibonacci: bounded inputs with a designed spread."""
    steps = steps_of(slot.scale)
    expects = f"{fw.name}'s {slot.label} is {slot.hint}"
    if not can_map(c, slot.scale):
        if SCALES.get(c.scale, SCALES["custom"]).open_top:
            return Finding(slot.role, slot.label, c.name, WORKS,
                           f"{fw.name} reads {slot.label} from {yours} as typed; {expects}.")
        return Finding(slot.role, slot.label, c.name, FITS,
                       f"{fw.name} reads {slot.label} from {yours}, the scale it expects.")
    own = scale_words(c)
    words = mapping_words(c.scale_min, c.scale_max, slot.scale)
    if mapped:
        return Finding(slot.role, slot.label, c.name, MAPPED,
                       f"{fw.name} reads {slot.label} from {yours}, mapped onto its own "
                       f"steps: {words}.")
    theirs, yours_spread = _spread(steps[0], steps[-1]), _spread(c.scale_min, c.scale_max)
    if theirs is not None and yours_spread is not None:
        spread = (f" — its top is {theirs:g}× its bottom; on {own} the top is "
                  f"{yours_spread:g}× the bottom")
        more = yours_spread > theirs
    else:
        spread, more = f" — yours runs {own}", False
    if fw.key == "ice_mean" and same_scale:
        verdict, effect = WORKS, (". The average of inputs on one scale ranks the ideas as "
                                  "it would on 1–10; only the numbers differ")
    else:
        verdict, effect = DISTORTS, (f", so {slot.label} counts {'more' if more else 'less'} "
                                     f"than {fw.name} intends and the ranking is distorted")
    return Finding(slot.role, slot.label, c.name, verdict,
                   f"{fw.name} reads {slot.label} from {yours}; {expects}{spread}{effect}.",
                   f"Map {own} onto {fw.name}'s {slot.label} steps ({words})", can_map=True)


def scale_fit(framework_key: str, criteria: Sequence[Criterion],
              chosen: Mapping[str, int] | None = None,
              rescaled: Collection[str] = ()) -> list[Finding]:
    """A finding per mapped input of a formula framework; [] for any other framework."""
    if framework_key not in FITTED:
        return []
    fw = FRAMEWORKS[framework_key]
    mapping = map_slots(fw, criteria, chosen)
    mapped = [c for c in mapping.values() if c is not None]
    same_scale = len({(c.scale, c.scale_min, c.scale_max) for c in mapped}) == 1
    findings = []
    for slot in fw.slots:
        c = mapping[slot.role]
        if c is None:
            continue  # a missing input is the missing-criteria notice's business
        yours = f"your {scale_words(c)} {c.name} criterion"
        wrong_way = _direction(fw, slot, c, yours)
        if wrong_way is not None:
            findings.append(wrong_way)
        elif slot.scale == "free":
            findings.append(_open_input(fw, slot, c, yours))
        elif slot.scale == "percent":
            findings.append(_percent(fw, slot, c, yours))
        else:
            findings.append(_bounded(fw, slot, c, yours, slot.role in rescaled, same_scale))
    return findings


def budget_unit(criterion: Criterion) -> str:
    """What a budget counted in this criterion is, e.g. 'points on the Cost scale (1–5)'."""
    if criterion.unit:
        return f"{criterion.unit} (the {criterion.name} criterion)"
    return f"points on the {criterion.name} scale ({scale_words(criterion)})"


def short_unit(criterion: Criterion) -> str:
    """The unit in a few words for a field's label, e.g. 'Cost points', 'person-months'."""
    return criterion.unit or f"{criterion.name} points"
