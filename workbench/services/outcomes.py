"""What became of the selected ideas: delivery status, measured KPI change, and how well the
workshop's raters estimated (across workshops, where anonymity allows)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbench.domain.models import InvalidInput, Workshop
from workbench.domain.outcomes import OUTCOME_NOTE_MAX, SHIPPED, STATUSES
from workbench.domain.validate import clean_id, clean_text
from workbench.engine.calibration import (
    achieved,
    estimate_vs_outcome,
    gap_shares,
    impact_criteria,
    rater_calibration,
)
from workbench.engine.kpi_coverage import KpiCoverage, kpi_coverage
from workbench.services.authority import gate
from workbench.services.decisions import selected_idea_ids
from workbench.services.kpis import clean_number, workshop_kpis
from workbench.store import Store


def coverage_of(store: Store, workshop_id: int) -> KpiCoverage:
    """Which KPIs the shortlisted and the selected ideas move, against each gap."""
    ideas = store.list_ideas(workshop_id)
    live = set(ideas["id"].astype(int))
    short = set(ideas.loc[ideas["shortlisted"].astype(bool), "id"].astype(int))
    return kpi_coverage(workshop_kpis(store, workshop_id), store.idea_kpis(workshop_id), live,
                        short, set(selected_idea_ids(store, workshop_id)))


def outcome_table(store: Store, workshop_id: int) -> pd.DataFrame:
    """Expected vs measured change per shipped idea and KPI (see ``estimate_vs_outcome``)."""
    ideas = store.list_ideas(workshop_id)
    titles = dict(zip(ideas["id"].astype(int), ideas["title"].astype(str), strict=True))
    return estimate_vs_outcome(workshop_kpis(store, workshop_id), store.idea_kpis(workshop_id),
                               titles)


def record_outcome(store: Store, workshop_id: int, actor_id: int | None, idea_id: object,
                   status: object, measured: dict[object, object] | None = None,
                   note: object = "") -> None:
    """Record what became of a selected idea: planned, in progress, shipped or dropped; once
    shipped, the measured change of each linked KPI (in its unit)."""
    iid = clean_id(idea_id, "Idea")
    if status not in STATUSES:
        raise InvalidInput("The status must be planned, in progress, shipped or dropped.")
    note_ = clean_text(note, "Note", OUTCOME_NOTE_MAX, required=False, multiline=True)
    values = {clean_id(k, "KPI"): clean_number(v, "Measured change")
              for k, v in (measured or {}).items() if v is not None and v != ""}
    if values and status != SHIPPED:
        raise InvalidInput("A measured change can only be recorded once the idea is shipped; "
                           "set the status to shipped first.")
    gate(store, workshop_id, actor_id, "kpis")
    if iid not in selected_idea_ids(store, workshop_id):
        raise InvalidInput("Outcomes are recorded for selected ideas only (the Must bucket on "
                           "Decide); select the idea first.")
    store.record_outcome(workshop_id, actor_id, iid, str(status), note_, values)


@dataclass(frozen=True)
class Calibration:
    """Per-rater calibration and what was left out of it, and why."""

    table: pd.DataFrame      # rater, rated outcomes, workshops, bias, spread, verdict
    outcomes: int            # shipped ideas with a measured change, in the workshops used
    anonymous: int           # workshops left out: anonymous, ratings never named
    hidden: int              # workshops left out: live, names shown to their facilitator only


def calibration(store: Store, workshop: Workshop, sees_names: bool) -> Calibration:
    """Who over- or under-estimates, matching raters by display name across workshops. A
    workshop counts only where its anonymity allows: never an anonymous one; a live one only
    when it is this workshop and this viewer may see its rater names."""
    ratings = store.outcome_ratings()
    measured = store.measured_outcomes()
    used, anonymous, hidden = set(), set(), set()
    for wid, anon, live in ratings[["workshop_id", "anonymous", "live"]].drop_duplicates() \
            .itertuples(index=False):
        if anon:
            anonymous.add(int(wid))
        elif live and not (int(wid) == workshop.id and sees_names):
            hidden.add(int(wid))
        else:
            used.add(int(wid))
    ratings = ratings[ratings["workshop_id"].astype(int).isin(used)]
    impact = {int(c) for _, group in ratings.groupby("workshop_id")
              for c in impact_criteria(group.drop_duplicates("criterion_id").rename(
                  columns={"criterion_id": "id", "criterion": "name"}))}
    ratings = ratings[ratings["criterion_id"].astype(int).isin(impact)]
    measured = measured[measured["workshop_id"].astype(int).isin(used)]
    outcome_of = achieved(gap_shares(measured)) if not measured.empty else {}
    return Calibration(rater_calibration(ratings, outcome_of), len(outcome_of),
                       len(anonymous), len(hidden))
