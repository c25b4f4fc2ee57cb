"""The KPI part of the ``Store`` contract (``KpiStore``): KPIs, idea links, outcomes, measured
changes across workshops and the pushed technique card. Imported by each store's contract
module next to ``tests.store.contract``; written against the Protocol alone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.store.contract import NEVER, rows, seed
from workbench.domain.models import InvalidInput, UnknownItem


def kpi(s, name="NPS", baseline=20.0, target=35.0, direction="up"):
    return s.store.add_kpi(s.id, s.ann.id, name, "nps", "points", baseline, target, direction)


def test_kpis_read_back_oldest_first_and_names_are_unique_ignoring_case(store):
    s = seed(store)
    first, second = kpi(s), kpi(s, "Churn", 8, 5, "down")
    assert rows(store.kpis(s.id), "id", "name", "unit", "baseline", "target", "direction") == [
        (first, "NPS", "points", 20.0, 35.0, "up"), (second, "Churn", "points", 8.0, 5.0, "down")]
    with pytest.raises(InvalidInput):
        kpi(s, "nps")
    assert len(store.kpis(s.id)) == 2


def test_a_link_is_an_upsert_that_keeps_the_measured_change_and_none_unlinks(store):
    s = seed(store)
    k, idea = kpi(s), s.idea("A", shortlist=True)
    store.link_idea_kpi(s.id, s.ann.id, idea, k, 6.0)
    store.record_outcome(s.id, s.ann.id, idea, "shipped", "", {k: 3.0})
    store.link_idea_kpi(s.id, s.ann.id, idea, k, 7.0, True)
    assert rows(store.idea_kpis(s.id), "idea_id", "kpi_id", "expected", "tradeoff",
                "measured") == [(idea, k, 7.0, True, 3.0)]
    store.link_idea_kpi(s.id, s.ann.id, idea, k, None)
    assert store.idea_kpis(s.id).empty


def test_links_to_unknown_ideas_or_kpis_raise_unknown_item(store):
    s = seed(store)
    k, idea = kpi(s), s.idea("A")
    with pytest.raises(UnknownItem):
        store.link_idea_kpi(s.id, s.ann.id, NEVER, k, 1.0)
    with pytest.raises(UnknownItem):
        store.link_idea_kpi(s.id, s.ann.id, idea, NEVER, 1.0)
    with pytest.raises(UnknownItem):
        store.delete_kpi(s.id, s.ann.id, NEVER)


def test_an_outcome_other_than_shipped_clears_measured_changes(store):
    s = seed(store)
    k, idea = kpi(s), s.idea("A")
    store.link_idea_kpi(s.id, s.ann.id, idea, k, 6.0)
    store.record_outcome(s.id, s.ann.id, idea, "shipped", "Live", {k: 4.0})
    assert rows(store.outcomes(s.id), "idea_id", "status", "note") == [(idea, "shipped", "Live")]
    assert rows(store.measured_outcomes(), "idea_id", "kpi_id", "expected", "measured") == [
        (idea, k, 6.0, 4.0)]
    store.record_outcome(s.id, s.ann.id, idea, "in_progress", "", {})
    assert rows(store.outcomes(s.id), "status") == [("in_progress",)]
    assert store.measured_outcomes().empty
    with pytest.raises(InvalidInput):  # measured for a KPI it is not linked to
        store.record_outcome(s.id, s.ann.id, idea, "shipped", "", {kpi(s, "CSAT"): 1.0})
    assert rows(store.outcomes(s.id), "status") == [("in_progress",)]


def test_ratings_of_ideas_with_a_measured_change_are_read_across_workshops(store):
    """Only benefit criteria, only the current round, with the rater's display name."""
    s = seed(store)
    k, idea, other = kpi(s), s.idea("A", shortlist=True), s.idea("B", shortlist=True)
    store.save_scores(s.id, s.bo.id, [(idea, s.impact.id, 4.0), (idea, s.cost.id, 2.0),
                                      (other, s.impact.id, 5.0)], 1)
    store.link_idea_kpi(s.id, s.ann.id, idea, k, 6.0)
    store.record_outcome(s.id, s.ann.id, idea, "shipped", "", {k: 4.0})
    assert rows(store.outcome_ratings(), "workshop_id", "rater", "idea_id", "criterion",
                "value", "scale_min", "scale_max") == [(s.id, "Bo", idea, "Impact", 4.0, 1.0,
                                                        5.0)]


def test_deletes_take_links_and_outcomes_along(store):
    s = seed(store)
    k, a, b = kpi(s), s.idea("A"), s.idea("B")
    store.link_idea_kpi(s.id, s.ann.id, a, k, 6.0)
    store.link_idea_kpi(s.id, s.ann.id, b, k, 2.0)
    store.record_outcome(s.id, s.ann.id, a, "planned", "", {})
    store.delete_idea(s.id, s.ann.id, a)
    assert rows(store.idea_kpis(s.id), "idea_id") == [(b,)] and store.outcomes(s.id).empty
    store.delete_kpi(s.id, s.ann.id, k)
    assert store.kpis(s.id).empty and store.idea_kpis(s.id).empty


def test_a_pushed_technique_and_its_timer_are_one_write(store):
    s = seed(store)
    before, ends = store.version, datetime.now() + timedelta(minutes=8)
    store.push_technique(s.id, s.ann.id, "crazy8", ends, "Crazy eights")
    assert store.version == before + 1
    assert store.pushed_technique(s.id) == "crazy8"
    assert store.get_workshop(s.id).timer_label == "Crazy eights"
    store.push_technique(s.id, s.ann.id, None, None, None)
    assert store.pushed_technique(s.id) is None
    assert store.get_workshop(s.id).timer_label == "Crazy eights"
