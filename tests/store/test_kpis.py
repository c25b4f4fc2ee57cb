"""KPIs, idea links, outcomes, calibration and pushed technique cards, through the services."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from workbench import services
from workbench.domain.models import NotFacilitator
from workbench.engine.kpi_coverage import NOT_SELECTED, SHORT


def nps(workshop, name="NPS", baseline=20, target=35, direction="up", kind="nps"):
    return services.add_kpi(workshop.store, workshop.id, workshop.author.id, name, kind, "",
                            baseline, target, direction)


def must(workshop, *idea_ids):
    services.set_moscow(workshop.store, workshop.id, workshop.author.id,
                        {i: "must" for i in idea_ids})


def test_a_kpi_is_stored_with_its_kind_default_unit(workshop):
    kpi_id = nps(workshop)
    row = workshop.store.kpis(workshop.id).iloc[0]
    assert (int(row["id"]), row["name"], row["unit"], row["baseline"], row["target"],
            row["direction"]) == (kpi_id, "NPS", "points", 20, 35, "up")


def test_selected_ideas_are_the_must_bucket(workshop):
    a, b, c = workshop.idea("A"), workshop.idea("B"), workshop.idea("C")
    assert services.selected_idea_ids(workshop.store, workshop.id) == []
    must(workshop, a, c)
    services.set_moscow(workshop.store, workshop.id, workshop.author.id, {b: "should"})
    assert services.selected_idea_ids(workshop.store, workshop.id) == sorted([a, c])


def test_coverage_counts_shortlisted_and_selected_links(workshop):
    """NPS 20 → 35 (gap 15): A +6 and B +4 shortlisted → 10/15; only A selected → 6/15.
    Churn 8 → 5: only the unshortlisted idea serves it, so no selected idea does."""
    store, w, ann = workshop.store, workshop.id, workshop.author.id
    kpi = nps(workshop)
    churn = nps(workshop, "Churn", 8, 5, "down", "retention")
    a, b = workshop.idea("A"), workshop.idea("B")
    loose = workshop.idea("Loose", shortlist=False)
    services.link_idea_kpi(store, w, ann, a, kpi, 6)
    services.link_idea_kpi(store, w, ann, b, kpi, "4")
    services.link_idea_kpi(store, w, ann, loose, churn, -1)
    must(workshop, a)
    table = services.coverage_of(store, w).table.set_index("KPI")
    assert table.loc["NPS", "shortlisted expected"] == 10
    assert math.isclose(table.loc["NPS", "selected share"], 6 / 15)
    assert table.loc["NPS", "status"] == SHORT
    assert table.loc["Churn", "status"] == "no shortlisted idea serves it"
    services.set_shortlist(store, w, ann, [a, b, loose])
    assert services.coverage_of(store, w).table.set_index("KPI").loc["Churn", "status"] == \
        NOT_SELECTED


def test_a_shipped_outcome_keeps_its_measured_change_and_shows_on_the_chart_table(workshop):
    store, w, ann = workshop.store, workshop.id, workshop.author.id
    kpi = nps(workshop)
    a = workshop.idea("Setup wizard")
    services.link_idea_kpi(store, w, ann, a, kpi, 6)
    must(workshop, a)
    services.record_outcome(store, w, ann, a, "in_progress")
    services.record_outcome(store, w, ann, a, "shipped", {kpi: 3}, "Launched in May")
    row = store.outcomes(w).iloc[0]
    assert (row["status"], row["note"]) == ("shipped", "Launched in May")
    table = services.outcome_table(store, w)
    assert list(table[["idea", "expected", "measured"]].itertuples(index=False, name=None)) \
        == [("Setup wizard", 6.0, 3.0)]
    # Back to in progress: the measurement belongs to a shipped idea, so it goes.
    services.record_outcome(store, w, ann, a, "in_progress")
    assert services.outcome_table(store, w).empty


def test_deleting_a_kpi_or_an_idea_takes_its_links_and_outcomes_along(workshop):
    store, w, ann = workshop.store, workshop.id, workshop.author.id
    kpi, other = nps(workshop), nps(workshop, "CSAT", 70, 80, "up", "csat")
    a, b = workshop.idea("A"), workshop.idea("B")
    services.link_idea_kpi(store, w, ann, a, kpi, 6)
    services.link_idea_kpi(store, w, ann, b, other, 5)
    must(workshop, a)
    services.record_outcome(store, w, ann, a, "planned")
    services.delete_kpi(store, w, ann, kpi)
    assert list(store.idea_kpis(w)["kpi_id"]) == [other]
    services.delete_idea(store, w, ann, a)
    assert store.outcomes(w).empty
    services.delete_workshop(store, w, ann)
    counts = store.write(lambda cur: [cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                      for t in ("kpis", "idea_kpis", "outcomes")])
    assert counts == [0, 0, 0]


def test_a_pushed_card_starts_its_timer_in_the_same_write(workshop):
    store, w = workshop.store, workshop.id
    before = store.version
    card = services.push_technique(store, w, workshop.author.id, "crazy8")
    assert store.version == before + 1
    workshop_ = store.get_workshop(w)
    assert services.pushed_technique(store, w) == card
    assert workshop_.timer_label == "Crazy eights"
    left = (workshop_.timer_ends_at - datetime.now()).total_seconds()
    assert 7 * 60 < left <= 8 * 60
    services.clear_technique(store, w, workshop.author.id)
    assert services.pushed_technique(store, w) is None
    assert store.get_workshop(w).timer_label == "Crazy eights"  # the timer keeps running


@pytest.fixture
def live(fresh_store):
    started = services.start_live_workshop(fresh_store, "Offsite", "", "Fiona")
    w, fiona = started.seat.workshop.id, started.seat.participant.id
    ann = services.join_with_code(fresh_store, started.seat.workshop.join_code, "Ann")
    return fresh_store, w, fiona, ann.participant.id


def test_in_a_live_workshop_only_the_facilitator_defines_kpis_and_pushes_cards(live):
    store, w, fiona, ann = live
    with pytest.raises(NotFacilitator):
        services.add_kpi(store, w, ann, "NPS", "nps", "", 20, 30, "up")
    with pytest.raises(NotFacilitator):
        services.push_technique(store, w, ann, "scamper")
    assert store.kpis(w).empty and services.pushed_technique(store, w) is None
    services.add_kpi(store, w, fiona, "NPS", "nps", "", 20, 30, "up")
    services.push_technique(store, w, fiona, "scamper")
    assert len(store.kpis(w)) == 1 and services.pushed_technique(store, w).key == "scamper"


def shipped_workshop(store, title, raters_scores, anonymous=False):
    """A free-mode workshop with one shipped idea (NPS 20 → 30, measured +5: half the gap)
    rated on Impact by each (name, score)."""
    w = services.create_workshop(store, title, "")
    people = {name: services.join(store, w, name).id for name, _ in raters_scores}
    first = next(iter(people.values()))
    idea = services.add_idea(store, w, first, "Idea")
    services.set_shortlist(store, w, first, [idea])
    impact = next(c.id for c in store.list_criteria(w) if c.name == "Impact")
    for name, score in raters_scores:
        services.save_scores(store, w, people[name], [(idea, impact, score)])
    kpi = services.add_kpi(store, w, first, "NPS", "nps", "", 20, 30, "up")
    services.link_idea_kpi(store, w, first, idea, kpi, 8)
    services.set_moscow(store, w, first, {idea: "must"})
    services.record_outcome(store, w, first, idea, "shipped", {kpi: 5})
    if anonymous:
        services.set_anonymous(store, w, first, True)
    return store.get_workshop(w)


def test_calibration_matches_names_across_workshops_but_never_names_an_anonymous_one(
        fresh_store):
    """Each idea closed 5/10 = 0.5 of its gap. Ann rated 5 (p 1.0, +0.5) and 5 again: bias
    +0.5, over-estimates. Bo rated 2 (0.25, −0.25) and 1 (0, −0.5): −0.375. Their scores in
    the anonymous workshop (Ann 1) are left out."""
    first = shipped_workshop(fresh_store, "Q1", [("Ann", 5), ("Bo", 2)])
    shipped_workshop(fresh_store, "Q2", [("ann", 5), ("Bo", 1)])
    shipped_workshop(fresh_store, "Secret", [("Ann", 1)], anonymous=True)
    result = services.calibration(fresh_store, first, sees_names=True)
    by = result.table.set_index("rater")
    assert by.loc["Ann", "bias"] == pytest.approx(0.5)
    assert by.loc["Ann", "verdict"] == "over-estimates"
    assert by.loc["Ann", "workshops"] == 2
    assert by.loc["Bo", "bias"] == pytest.approx(-0.375)
    assert (result.outcomes, result.anonymous, result.hidden) == (2, 1, 0)


def test_a_live_workshop_counts_only_for_its_own_facilitator(fresh_store):
    """Live workshop, Ann rated 5 (p 1.0) an idea that closed 5/10 of its gap: bias +0.5,
    but only from inside it and with names visible; a free-mode workshop looking on leaves
    it out and says so."""
    store = fresh_store
    started = services.start_live_workshop(store, "Live", "", "Fiona")
    w, fiona = started.seat.workshop.id, started.seat.participant.id
    ann = services.join_with_code(store, started.seat.workshop.join_code, "Ann").participant.id
    idea = services.add_idea(store, w, fiona, "Idea")
    services.set_shortlist(store, w, fiona, [idea])
    services.set_phase(store, w, fiona, "converge")
    impact = next(c.id for c in store.list_criteria(w) if c.name == "Impact")
    services.save_scores(store, w, ann, [(idea, impact, 5)])
    kpi = services.add_kpi(store, w, fiona, "NPS", "nps", "", 20, 30, "up")
    services.link_idea_kpi(store, w, fiona, idea, kpi, 8)
    services.set_moscow(store, w, fiona, {idea: "must"})
    services.record_outcome(store, w, fiona, idea, "shipped", {kpi: 5})
    live = store.get_workshop(w)
    inside = services.calibration(store, live, sees_names=True)
    assert inside.table.set_index("rater").loc["Ann", "bias"] == pytest.approx(0.5)
    assert services.calibration(store, live, sees_names=False).table.empty
    other = store.get_workshop(services.create_workshop(store, "Elsewhere", ""))
    outside = services.calibration(store, other, sees_names=True)
    assert outside.table.empty and outside.hidden == 1
