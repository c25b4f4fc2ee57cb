"""Shared reads (the app's store): results shared until the next committed write, never stale
after one, never changed by a caller, bounded in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Workshop
from tests.threads import run_together
from workbench import services
from workbench.domain.models import WorkbenchError
from workbench.store import DuckDBStore, Store
from workbench.store.read_cache import VersionedCache


@pytest.fixture
def shared(tmp_path: Path):
    store = DuckDBStore(tmp_path / "shared.duckdb", share_reads=True)
    yield Workshop(store)
    store.close()


def titles(store: Store, wid: int) -> list[str]:
    return list(store.list_ideas(wid)["title"])


def test_a_repeated_read_is_served_without_a_query_until_something_is_written(shared):
    store, wid = shared.store, shared.id
    shared.idea("First")
    cache = store._reads
    titles(store, wid)
    misses = cache.misses
    for _ in range(5):
        assert titles(store, wid) == ["First"]
    assert cache.misses == misses and cache.hits >= 5
    shared.idea("Second")
    misses = cache.misses
    assert titles(store, wid) == ["First", "Second"]
    assert titles(store, wid) == ["First", "Second"]
    assert cache.misses == misses + 1


@pytest.mark.parametrize("change", [
    lambda w, x: services.edit_idea(w.store, w.id, w.author.id, x, "Renamed", "", []),
    lambda w, x: services.delete_idea(w.store, w.id, w.author.id, x),
    lambda w, x: services.update_criteria(w.store, w.id, w.author.id,
                                         [(c.id, c.name, c.direction, c.weight + 1)
                                          for c in w.criteria]),
    lambda w, x: services.save_scores(w.store, w.id, w.rater.id, [(x, w.criteria[0].id, 3)]),
], ids=["edit", "delete", "criteria", "score"])
def test_every_kind_of_write_is_seen_by_the_next_read(shared, change):
    store, wid = shared.store, shared.id
    x = shared.idea("X")
    before = (titles(store, wid), store.list_criteria(wid), len(store.all_scores(wid)))
    change(shared, x)
    after = (titles(store, wid), store.list_criteria(wid), len(store.all_scores(wid)))
    assert after != before


def test_a_refused_write_changes_nothing_and_keeps_the_cache(shared):
    store, wid = shared.store, shared.id
    shared.idea("Only")
    version = store.version
    with pytest.raises(WorkbenchError):
        services.add_idea(store, wid, shared.author.id, "", "", [])
    assert store.version == version and titles(store, wid) == ["Only"]


def test_presence_heartbeats_do_not_throw_away_shared_results(shared):
    store = shared.store
    version = store.version
    store.heartbeat(shared.rater.id)
    assert store.version == version


def test_callers_get_their_own_copy_of_tables_and_lists(shared):
    store, wid = shared.store, shared.id
    shared.idea("Kept")
    mine = store.list_ideas(wid)
    mine["title"] = "scribbled"
    mine.loc[len(mine)] = mine.iloc[0]
    criteria = store.list_criteria(wid)
    criteria.clear()
    assert titles(store, wid) == ["Kept"]
    assert len(store.list_criteria(wid)) == len(shared.criteria)


def test_a_deleted_workshop_is_not_served_from_the_cache(shared):
    store, wid = shared.store, shared.id
    assert store.get_workshop(wid).title == "Test workshop"
    store.delete_workshop(wid)
    with pytest.raises(WorkbenchError):
        store.get_workshop(wid)


def test_derived_results_are_rebuilt_after_a_write_and_only_then(shared):
    store, wid = shared.store, shared.id
    built = []

    def count() -> int:
        built.append(1)
        return len(store.list_ideas(wid))

    assert store.derived(("count", wid), count) == 0
    assert store.derived(("count", wid), count) == 0
    shared.idea("One")
    assert store.derived(("count", wid), count) == 1
    assert len(built) == 2


def test_a_store_without_shared_reads_queries_every_time(fresh_store):
    assert fresh_store._reads is None
    calls = []
    fresh_store.derived("k", lambda: calls.append(1))
    fresh_store.derived("k", lambda: calls.append(1))
    assert len(calls) == 2


def test_phase_changes_reach_the_next_read_of_the_workshop(tmp_path):
    store = DuckDBStore(tmp_path / "live.duckdb", share_reads=True)
    try:
        start = services.start_live_workshop(store, "Live", "Goal", "Fran")
        wid, fran = start.seat.workshop.id, start.seat.participant.id
        assert store.get_workshop(wid).phase == "needs"
        services.set_phase(store, wid, fran, "diverge")
        assert store.get_workshop(wid).phase == "diverge"
    finally:
        store.close()


def test_each_writer_reads_its_own_idea_back_while_others_write_and_read(shared):
    """20 threads each add 10 ideas and, after each, read the list through the shared cache:
    their new idea is always there, and in the end every idea is."""
    store, wid = shared.store, shared.id
    people = [services.join(store, wid, f"Writer {k}") for k in range(20)]
    missing: list[str] = []

    def writer(person) -> None:
        for n in range(10):
            title = f"{person.name} idea {n}"
            services.add_idea(store, wid, person.id, title, "", [])
            if title not in titles(store, wid):
                missing.append(title)

    assert run_together([lambda p=p: writer(p) for p in people]) == []
    assert missing == []
    assert len(titles(store, wid)) == 200


def test_the_cache_keeps_one_result_per_query_and_drops_the_least_recently_used():
    cache = VersionedCache(max_entries=3)
    for version in range(10):  # new versions replace, they do not pile up
        cache.get("a", version, lambda v=version: v)
    assert len(cache._entries) == 1
    for key in "bcd":
        cache.get(key, 0, lambda k=key: k)
    assert set(cache._entries) == {"b", "c", "d"}
    assert cache.get("b", 0, lambda: "recomputed") == "b"


def test_a_result_computed_for_an_old_version_never_replaces_a_newer_one():
    cache = VersionedCache()
    cache.get("a", 5, lambda: "new")
    assert cache.get("a", 4, lambda: "old") == "old"  # the slow caller gets its own result
    assert cache.get("a", 5, lambda: "recomputed") == "new"


def test_every_shared_read_declares_exactly_the_tables_its_sql_reads():
    """A shared read is reused until one of its declared tables is written: a table missing
    from the declaration would serve stale rows."""
    import inspect
    import re
    import sys

    from workbench.store import core as store_module
    tables = {"workshops", "participants", "segments", "needs", "evidence", "ideas",
              "idea_needs", "criteria", "scores", "votes", "events", "merges",
              "themes", "idea_themes", "idea_vectors", "idea_notes",
              "kpis", "idea_kpis", "outcomes", "decisions", "journey_stages", "feedback"}
    checked = 0
    for name, member in inspect.getmembers(DuckDBStore, inspect.isfunction):
        declared = getattr(member, "tables", None)
        if declared is None:
            continue
        source = inspect.getsource(member.__wrapped__)
        # SQL kept in module constants (``_MEANS_ONE_WORD``) counts as the method's own.
        module = sys.modules[member.__wrapped__.__module__]
        source += "".join(str(getattr(module, name)) for name in
                          re.findall(r"\b_[A-Z][A-Z_]+\b", source) if hasattr(module, name))
        read = {t.lower() for t in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", source, re.I)}
        assert read & tables == set(declared), name
        checked += 1
    assert checked >= 20
    assert store_module.written_tables(
        "INSERT INTO idea_needs VALUES (?, ?, ?)") == {"idea_needs"}
    assert store_module.written_tables(
        "UPDATE workshops SET phase = ? WHERE id = ?") == {"workshops"}
    assert store_module.written_tables("DELETE FROM votes WHERE idea_id = ?") == {"votes"}
    assert store_module.written_tables("SELECT 1 FROM ideas") == frozenset()


def test_adding_an_idea_keeps_workshop_people_needs_and_criteria_reads(shared):
    store, wid = shared.store, shared.id
    reads = (lambda: store.get_workshop(wid), lambda: store.get_participant(shared.author.id),
             lambda: store.need_choices(wid), lambda: store.list_criteria(wid))
    for read in reads:
        read()
    misses = store._reads.misses
    shared.idea("Another", shortlist=False)
    for read in reads:
        read()
    assert store._reads.misses == misses
    assert "Another" in titles(store, wid)
