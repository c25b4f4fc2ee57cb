"""Customer KPIs of a workshop and which ideas should move them (and by how much)."""

from __future__ import annotations

import math

from workbench.domain.models import InvalidInput, UnknownItem
from workbench.domain.outcomes import (
    DEFAULT_UNITS,
    DIRECTIONS,
    KPI_KINDS,
    KPI_NAME_MAX,
    KPI_UNIT_MAX,
    NPS_RANGE,
    UP,
    VALUE_LIMIT,
    Kpi,
)
from workbench.domain.validate import clean_id, clean_text
from workbench.engine.kpi_coverage import kpis_from
from workbench.services.authority import gate
from workbench.store import Store


def clean_number(value: object, field: str) -> float:
    """A finite number (int, float or numeric text) within ±1e9; InvalidInput otherwise."""
    if isinstance(value, bool) or value is None:
        raise InvalidInput(f"{field} must be a number.")
    try:
        number = float(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(f"{field} must be a number, not “{str(value)[:30]}”.") from None
    if not math.isfinite(number) or abs(number) > VALUE_LIMIT:
        raise InvalidInput(f"{field} must be a finite number between −1e9 and 1e9.")
    return number


def workshop_kpis(store: Store, workshop_id: int) -> list[Kpi]:
    """The workshop's KPIs, oldest first."""
    return kpis_from(store.kpis(workshop_id))


def _kpi(store: Store, workshop_id: int, kpi_id: int) -> Kpi:
    found = [k for k in workshop_kpis(store, workshop_id) if k.id == kpi_id]
    if not found:
        raise UnknownItem("KPI", kpi_id)
    return found[0]


def add_kpi(store: Store, workshop_id: int, actor_id: int | None, name: object, kind: object,
            unit: object, baseline: object, target: object, direction: object) -> int:
    """Define a customer KPI (NPS, CSAT, retention, conversion or custom) with where it is
    now and where it should get to; return its id."""
    name_ = clean_text(name, "KPI name", KPI_NAME_MAX)
    if kind not in KPI_KINDS:
        raise InvalidInput("A KPI's kind must be NPS, CSAT, retention, conversion or custom.")
    if direction not in DIRECTIONS:
        raise InvalidInput("A KPI's direction must be up (higher is better) or down.")
    unit_ = clean_text(unit, "Unit", KPI_UNIT_MAX, required=False) or DEFAULT_UNITS[str(kind)]
    base, goal = clean_number(baseline, "Baseline"), clean_number(target, "Target")
    if kind == "nps" and not all(NPS_RANGE[0] <= v <= NPS_RANGE[1] for v in (base, goal)):
        raise InvalidInput("NPS runs from −100 to 100; baseline and target must lie in it.")
    if base == goal:
        raise InvalidInput("The target equals the baseline, so there is nothing to move; set "
                           "the target you want to reach.")
    if (direction == UP) != (goal > base):
        way = "above" if direction == UP else "below"
        raise InvalidInput(f"A KPI where {DIRECTIONS[str(direction)].lower()} needs a target "
                           f"{way} its baseline; change the target or the direction.")
    gate(store, workshop_id, actor_id, "kpis")
    return store.add_kpi(workshop_id, actor_id, name_, str(kind), unit_, base, goal,
                         str(direction))


def delete_kpi(store: Store, workshop_id: int, actor_id: int | None, kpi_id: object) -> None:
    """Delete a KPI and every idea's expected and measured change of it."""
    kid = clean_id(kpi_id, "KPI")
    gate(store, workshop_id, actor_id, "kpis")
    store.delete_kpi(workshop_id, actor_id, kid)


def link_idea_kpi(store: Store, workshop_id: int, actor_id: int | None, idea_id: object,
                  kpi_id: object, expected: object, tradeoff: object = False) -> None:
    """Say an idea should move a KPI by ``expected`` (in the KPI's unit). A change against
    the KPI's direction is refused unless ``tradeoff`` says the idea is expected to worsen
    it."""
    iid, kid = clean_id(idea_id, "Idea"), clean_id(kpi_id, "KPI")
    change = clean_number(expected, "Expected change")
    if change == 0:
        raise InvalidInput("An expected change of 0 moves nothing; enter how much the idea "
                           "should move the KPI, or unlink it.")
    gate(store, workshop_id, actor_id, "kpis")
    kpi = _kpi(store, workshop_id, kid)
    if kpi.helps(change) == bool(tradeoff):
        good = "positive" if kpi.direction == UP else "negative"
        if tradeoff:
            raise InvalidInput(f"{kpi.name} should go {kpi.direction}, and {change:+g} moves "
                               "it that way: untick “trade-off”.")
        raise InvalidInput(f"{kpi.name} should go {kpi.direction}, so an idea that helps it "
                           f"needs a {good} change; {change:+g} moves it the wrong way. Tick "
                           "“trade-off” if the idea is expected to worsen it.")
    store.link_idea_kpi(workshop_id, actor_id, iid, kid, change, bool(tradeoff))


def unlink_idea_kpi(store: Store, workshop_id: int, actor_id: int | None, idea_id: object,
                    kpi_id: object) -> None:
    """Remove an idea's link to a KPI (with its measured change, if any)."""
    iid, kid = clean_id(idea_id, "Idea"), clean_id(kpi_id, "KPI")
    gate(store, workshop_id, actor_id, "kpis")
    if not ((links := store.idea_kpis(workshop_id))["idea_id"].eq(iid)
            & links["kpi_id"].eq(kid)).any():
        raise InvalidInput("That idea is not linked to that KPI.")
    store.link_idea_kpi(workshop_id, actor_id, iid, kid, None)

