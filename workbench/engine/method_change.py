"""What applying a method, or adding a framework's criteria, changes for everyone (pure)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from workbench.domain.models import Criterion
from workbench.engine.aggregation import AGGREGATIONS
from workbench.engine.frameworks import FRAMEWORKS
from workbench.engine.settings import EngineSettings
from workbench.engine.unranked import and_list

AGGREGATION_WORDS = {"mean": "the mean", "median": "the median",
                     "trimmed": "the trimmed mean (20 %)"}


def method_changes(before: EngineSettings, after: EngineSettings,
                   criteria: Sequence[Criterion]) -> list[str]:
    """Each difference between the workshop's method and ``after``, as a sentence."""
    old, new = FRAMEWORKS[before.framework], FRAMEWORKS[after.framework]
    lines = []
    if old.key != new.key:
        lines.append(f"Everyone's Decide page ranks by {new.name} instead of {old.name} (the "
                     "Rank page keeps showing the weighted score).")
    if before.normalisation != after.normalisation:
        lines.append(f"Normalisation: {before.normalisation} → {after.normalisation}.")
    if before.aggregation != after.aggregation:
        words = {k: AGGREGATION_WORDS.get(k, k) for k in AGGREGATIONS}
        lines.append(f"Raters are combined by {words[after.aggregation]} instead of "
                     f"{words[before.aggregation]}.")
    if before.calibrate != after.calibrate:
        lines.append("Harsh and lenient raters are " +
                     ("calibrated (z-scores)." if after.calibrate else "no longer calibrated."))
    if before.needs_weight != after.needs_weight:
        lines.append(f"“Serves important needs” weighs {after.needs_weight:g} "
                     f"(was {before.needs_weight:g}).")
    names = {c.id: c.name for c in criteria}
    labels = {s.role: s.label for s in new.slots}
    was, now = before.slot_choice(new.key), after.slot_choice(new.key)
    for role in labels:
        if was.get(role) != now.get(role) and now.get(role) in names:
            lines.append(f"{new.name}'s {labels[role]} is read from "
                         f"{names[now[role]]}.")  # type: ignore[index]
    mapped = after.rescaled_roles(new.key) - before.rescaled_roles(new.key)
    unmapped = before.rescaled_roles(new.key) - after.rescaled_roles(new.key)
    if mapped:
        lines.append(f"{new.name} reads {and_list([labels[r] for r in sorted(mapped)])} "
                     "mapped onto its own scale.")
    if unmapped:
        lines.append(f"{new.name} reads {and_list([labels[r] for r in sorted(unmapped)])} "
                     "as rated again (no mapping).")
    return lines


def ranked_change(name: str, ranked: int, ranked_now: int, shortlisted: int) -> str:
    """How many ideas the new method ranks against how many the workshop's method does."""
    return (f"{name} ranks {ranked} of the {shortlisted} shortlisted ideas; the workshop's "
            f"method ranks {ranked_now} now.")


def progress_drop(progress: pd.DataFrame, shortlisted: int, adding: Sequence[str]) -> str:
    """What adding criteria does to everyone's "fully scored k of n" (console and Score page).

    Progress counts ideas scored on every criterion; nobody has a score on a new criterion,
    so every person's count goes back to 0.
    """
    counts = progress["scored"].astype(int)
    counts = counts[counts > 0]
    head = (f"Adds {and_list(list(adding))} to everyone's score grid (weight 0, so the "
            "weighted ranking does not move).")
    if counts.empty:
        return head + " Nobody has fully scored an idea yet, so no one's progress changes."
    groups = counts.value_counts().sort_index(ascending=False)
    people = int(counts.size)
    parts = [f"{n} from “{k} of {shortlisted}”" for k, n in groups.items()]
    who = "1 person" if people == 1 else f"{people} people"
    detail = f": {', '.join(parts)}" if len(parts) > 1 else f" (from “{groups.index[0]} of " \
                                                             f"{shortlisted}”)"
    return (f"{head} Progress counts ideas scored on every criterion, so it goes back to "
            f"“0 of {shortlisted}” for {who}{detail} — on their Score page and on the "
            "console — until they score the new criteria.")
