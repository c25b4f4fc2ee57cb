"""The activity view: the workshop's event log as readable lines, filtered, paged, and cut to
what the reader may see (anonymity, blind scores)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd

from workbench.domain.models import InvalidInput, Workshop
from workbench.domain.validate import clean_id
from workbench.engine.activity import GROUPS, PRIVATE_KINDS, Lookups, Visibility, activity_lines
from workbench.engine.activity import group_of as _group_of
from workbench.services.authority import is_facilitator
from workbench.store import Store

PAGE_SIZE = 50


@dataclass(frozen=True)
class ActivityPage:
    """One page of lines (newest first) and where it sits among all matching lines."""

    lines: pd.DataFrame  # when, who, what, group, line
    total: int
    page: int            # 1-based
    pages: int
    visibility: Visibility


def visibility(workshop: Workshop, viewer_facilitator: bool) -> Visibility:
    """What a reader sees. Anonymous: no participant names for anyone, no one's ballots.
    Names on ballots: free mode, or the facilitator of a named live workshop (as Decide's
    rater names). Ballot values: free mode, or after the reveal, never when anonymous."""
    names = not workshop.anonymous
    ballot_names = names and (not workshop.live or viewer_facilitator)
    ballot_values = not workshop.anonymous and (not workshop.live or workshop.revealed)
    return Visibility(names=names, ballot_names=ballot_names, ballot_values=ballot_values)


def kind_groups(store: Store, workshop_id: int) -> list[str]:
    """The filter groups this workshop's log has something in, in ``GROUPS`` order."""
    present = {_group_of(k) for k in store.event_kinds(workshop_id)}
    order = [*GROUPS, "Other"]
    return [g for g in order if g in present]


def people_filter(store: Store, workshop: Workshop, viewer_id: int | None) -> dict[int, str]:
    """Person id → name a reader may filter by (nobody in an anonymous workshop)."""
    if workshop.anonymous:
        return {}
    people = store.list_participants(workshop.id)
    return dict(zip(people["id"].astype(int), people["name"].astype(str), strict=True))


def _day(value: object, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise InvalidInput(f"{field} must be a date.")


def _kinds(store: Store, workshop_id: int, groups: object) -> list[str] | None:
    if groups is None or groups == [] or groups == ():
        return None
    if isinstance(groups, str) or not all(isinstance(g, str) for g in groups):  # type: ignore[union-attr]
        raise InvalidInput("Kinds must be a list of kind names.")
    known = {*GROUPS, "Other"}
    unknown = [g for g in groups if g not in known]  # type: ignore[union-attr]
    if unknown:
        raise InvalidInput(f"Unknown kind of activity: {unknown[0]}. Pick from "
                           f"{', '.join(sorted(known))}.")
    return [k for k in store.event_kinds(workshop_id) if _group_of(k) in groups]  # type: ignore[operator]


def activity(store: Store, workshop_id: int, viewer_id: int | None, *,
             groups: object = None, person: object = None, since: object = None,
             until: object = None, page: object = 1) -> ActivityPage:
    """A page of the activity log for this reader, newest first. ``groups``: filter kinds
    (``GROUPS`` labels, "Other"); ``person``: a participant id (refused in an
    anonymous workshop); ``since``/``until``: dates, both days included."""
    workshop = store.get_workshop(workshop_id)
    facilitator = is_facilitator(store, workshop, viewer_id)
    see = visibility(workshop, facilitator)
    kinds = _kinds(store, workshop_id, groups)
    actor = None
    if person is not None:
        if workshop.anonymous:
            raise InvalidInput("This workshop is anonymous, so activity cannot be filtered "
                               "by person.")
        actor = clean_id(person, "Person")
        if actor not in people_filter(store, workshop, viewer_id):
            raise InvalidInput("That person is not in this workshop; pick one from the list.")
        if not see.ballot_names:
            # Filtering one person must not reveal the scores and dots names hide.
            kinds = [k for k in (store.event_kinds(workshop_id) if kinds is None else kinds)
                     if k not in PRIVATE_KINDS]  # an empty list matches nothing
    start, end = _day(since, "From"), _day(until, "To")
    if start and end and start > end:
        raise InvalidInput("The From date is after the To date; swap them.")
    low = datetime.combine(start, time.min) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min) if end else None
    filters = dict(kinds=kinds, actor_id=actor, since=low, until=high)
    total = store.event_count(workshop_id, **filters)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = clean_id(page, "Page")
    if not 1 <= number <= pages:
        raise InvalidInput(f"Page {number} does not exist; there are {pages}.")
    events = store.event_page(workshop_id, **filters, limit=PAGE_SIZE,
                              offset=(number - 1) * PAGE_SIZE)
    return ActivityPage(activity_lines(events, _lookups(store, workshop_id), see), total,
                        number, pages, see)


def _lookups(store: Store, workshop_id: int) -> Lookups:
    ideas = store.list_ideas(workshop_id)
    return Lookups(titles=dict(zip(ideas["id"].astype(int), ideas["title"], strict=True)),
                   criteria={c.id: c.name for c in store.list_criteria(workshop_id)})

