"""KPI writes racing deletes, each interleaving forced (see ``test_races``): a link or an
outcome written while its idea or KPI is deleted leaves nothing pointing at the gone row."""

from __future__ import annotations

from tests.store.test_races import race
from workbench import services
from workbench.store import Store


def kpi_orphans(store: Store) -> dict[str, int]:
    """Links and outcomes pointing at an idea or a KPI that no longer exists."""
    return store.write(lambda cur: {
        "links to gone ideas": cur.execute(
            "SELECT count(*) FROM idea_kpis l WHERE NOT EXISTS "
            "(SELECT 1 FROM ideas i WHERE i.id = l.idea_id)").fetchone()[0],
        "links to gone KPIs": cur.execute(
            "SELECT count(*) FROM idea_kpis l WHERE NOT EXISTS "
            "(SELECT 1 FROM kpis k WHERE k.id = l.kpi_id)").fetchone()[0],
        "outcomes of gone ideas": cur.execute(
            "SELECT count(*) FROM outcomes o WHERE NOT EXISTS "
            "(SELECT 1 FROM ideas i WHERE i.id = o.idea_id)").fetchone()[0]})


NONE = {"links to gone ideas": 0, "links to gone KPIs": 0, "outcomes of gone ideas": 0}


def setup(workshop):
    store, w, ann = workshop.store, workshop.id, workshop.author.id
    kpi = services.add_kpi(store, w, ann, "NPS", "nps", "", 10, 20, "up")
    idea = workshop.idea("Doomed")
    return store, w, ann, kpi, idea


def test_a_link_saved_while_its_idea_is_deleted_goes_with_the_idea(workshop, monkeypatch):
    store, w, ann, kpi, idea = setup(workshop)
    got = race(monkeypatch, "_require_ideas",
               lambda: services.link_idea_kpi(store, w, ann, idea, kpi, 5),
               lambda: services.delete_idea(store, w, ann, idea))
    assert got == {"racer": None, "competitor": None}  # linked, then deleted with its idea
    assert kpi_orphans(store) == NONE and store.idea_kpis(w).empty


def test_a_link_saved_while_its_kpi_is_deleted_goes_with_the_kpi(workshop, monkeypatch):
    store, w, ann, kpi, idea = setup(workshop)
    got = race(monkeypatch, "_require_ideas",
               lambda: services.link_idea_kpi(store, w, ann, idea, kpi, 5),
               lambda: services.delete_kpi(store, w, ann, kpi))
    assert got == {"racer": None, "competitor": None}
    assert kpi_orphans(store) == NONE and store.kpis(w).empty


def test_an_outcome_recorded_while_its_idea_is_deleted_goes_with_the_idea(workshop,
                                                                           monkeypatch):
    store, w, ann, kpi, idea = setup(workshop)
    services.set_moscow(store, w, ann, {idea: "must"})
    got = race(monkeypatch, "_require_ideas",
               lambda: services.record_outcome(store, w, ann, idea, "planned"),
               lambda: services.delete_idea(store, w, ann, idea))
    assert got == {"racer": None, "competitor": None}
    assert kpi_orphans(store) == NONE and store.outcomes(w).empty
