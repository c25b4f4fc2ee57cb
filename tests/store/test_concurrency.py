"""Many sessions writing at once through one Store: nothing is lost, nothing escapes a thread.

Streamlit runs each browser session's script in its own thread, all sharing the one cached
Store, so these tests start real threads against one real DuckDB file — and against one
real PostgreSQL database, where the same rules hold across processes.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import duckdb
import psycopg
import pytest

from tests.threads import run_together
from workbench import services
from workbench.store import DuckDBStore, Store

THREADS = 8

@pytest.fixture
def fresh_store(either_store: Store) -> Store:
    """Every test here runs on DuckDB and on PostgreSQL (tests/store/conftest.py)."""
    return either_store


def events_of(store: Store, workshop_id: int, kind: str):
    events = store.list_events(workshop_id, limit=100_000)
    return events[events["kind"] == kind]


# ---- appends ------------------------------------------------------------------------------


def test_eight_threads_adding_two_hundred_ideas_each_lose_nothing(workshop):
    store = workshop.store
    people = [services.join(store, workshop.id, f"Writer {t}") for t in range(THREADS)]
    per_thread = 200

    def adder(t: int) -> Callable[[], None]:
        def job() -> None:
            for k in range(per_thread):
                # every 8th idea is tagged (tag rows make each insert several times slower)
                need = () if k % 8 else (workshop.need_a, workshop.need_b)
                services.add_idea(store, workshop.id, people[t].id, f"T{t} idea {k}", "", need)
        return job

    errors = run_together([adder(t) for t in range(THREADS)])
    assert errors == []

    ideas = store.list_ideas(workshop.id)
    assert len(ideas) == THREADS * per_thread
    assert ideas["id"].is_unique
    assert set(ideas["title"]) == {f"T{t} idea {k}" for t in range(THREADS)
                                   for k in range(per_thread)}
    by_author = store.list_participants(workshop.id).set_index("name")["ideas"]
    assert all(by_author[f"Writer {t}"] == per_thread for t in range(THREADS))
    needs = store.list_needs(workshop.id).set_index("id")["ideas"]
    assert needs[workshop.need_a] == THREADS * per_thread // 8
    assert needs[workshop.need_b] == THREADS * per_thread // 8
    assert len(events_of(store, workshop.id, "idea.added")) == THREADS * per_thread


def test_concurrent_bulk_pastes_each_land_whole(workshop):
    store = workshop.store
    lines = 50

    def paster(t: int) -> Callable[[], None]:
        def job() -> None:
            for batch in range(5):
                text = "\n".join(f"- T{t} B{batch} line {k}" for k in range(lines))
                services.add_ideas_bulk(store, workshop.id, workshop.author.id, text,
                                       [workshop.need_b])
        return job

    assert run_together([paster(t) for t in range(THREADS)]) == []
    ideas = store.list_ideas(workshop.id)
    assert len(ideas) == THREADS * 5 * lines
    assert all(list(tags) == [workshop.need_b] for tags in ideas["need_ids"])
    assert len(events_of(store, workshop.id, "idea.added")) == THREADS * 5


# ---- score upserts ------------------------------------------------------------------------


def test_eight_raters_upserting_two_hundred_scores_each_keep_exact_counts_and_last_values(
        workshop):
    """Each thread is its own rater; half re-save the same 8 cells over and over, half
    spread over all 30 cells. 25 saves x 8 cells = 200 upserts per rater."""
    store = workshop.store
    ideas = [workshop.idea(f"Idea {i}") for i in range(10)]
    crits = [c.id for c in workshop.criteria]
    cells = [(i, c) for i in ideas for c in crits]                  # 30 cells
    raters = [services.join(store, workshop.id, f"Rater {t}") for t in range(THREADS)]
    saves, per_save = 25, 8
    expected: dict[int, dict[tuple[int, int], float]] = {}

    def plan(t: int) -> list[list[tuple[int, int, float]]]:
        rows = []
        for k in range(saves):
            if t % 2 == 0:       # the same 8 cells every time
                chosen = cells[:per_save]
            else:                # walk across all 30 cells
                chosen = [cells[(k * per_save + j) % len(cells)] for j in range(per_save)]
            rows.append([(i, c, float((t + k + j) % 5 + 1)) for j, (i, c) in enumerate(chosen)])
        return rows

    plans = {t: plan(t) for t in range(THREADS)}
    for t, batches in plans.items():
        final: dict[tuple[int, int], float] = {}
        for batch in batches:
            final.update({(i, c): v for i, c, v in batch})
        expected[raters[t].id] = final

    def scorer(t: int) -> Callable[[], None]:
        def job() -> None:
            for batch in plans[t]:
                assert services.save_scores(store, workshop.id, raters[t].id, batch) == per_save
        return job

    assert run_together([scorer(t) for t in range(THREADS)]) == []

    scores = store.all_scores(workshop.id)
    assert len(scores) == sum(len(v) for v in expected.values())
    assert len(scores) == 4 * 8 + 4 * 30
    for rater_id, final in expected.items():
        mine = store.scores_of(workshop.id, rater_id)
        got = {(int(r.idea_id), int(r.criterion_id)): float(r.value) for r in mine.itertuples()}
        assert got == final
    assert not scores.duplicated(["idea_id", "rater_id", "criterion_id"]).any()
    assert len(events_of(store, workshop.id, "scores.saved")) == THREADS * saves


def test_raters_saving_while_ideas_are_added_do_not_disturb_each_other(workshop):
    store = workshop.store
    ideas = [workshop.idea(f"Scored {i}") for i in range(4)]
    impact = workshop.criterion("Impact").id
    raters = [services.join(store, workshop.id, f"R{t}") for t in range(4)]

    def scorer(t: int) -> Callable[[], None]:
        def job() -> None:
            for k in range(25):
                services.save_scores(store, workshop.id, raters[t].id,
                                    [(ideas[k % 4], impact, (k % 5) + 1)])
        return job

    def adder(t: int) -> Callable[[], None]:
        def job() -> None:
            for k in range(40):
                services.add_idea(store, workshop.id, workshop.author.id, f"New {t}-{k}")
        return job

    errors = run_together([scorer(t) for t in range(4)] + [adder(t) for t in range(4)])
    assert errors == []
    assert len(store.all_scores(workshop.id)) == 4 * 4
    assert len(store.list_ideas(workshop.id)) == 4 + 4 * 40


# ---- contended writes -----------------------------------------------------------------------


def test_concurrent_shortlist_and_criteria_changes_all_succeed_and_the_last_one_wins(workshop):
    store = workshop.store
    ideas = [workshop.idea(f"Idea {i}", shortlist=False) for i in range(12)]
    criteria = workshop.criteria
    rounds = 20

    def shortlister(t: int) -> Callable[[], None]:
        def job() -> None:
            for k in range(rounds):
                start = (t * 3 + k) % 9
                services.set_shortlist(store, workshop.id, workshop.author.id,
                                      ideas[start:start + 4])
        return job

    def reweigher(t: int) -> Callable[[], None]:
        def job() -> None:
            for k in range(rounds):
                services.update_criteria(store, workshop.id, workshop.author.id, [
                    (c.id, c.name, c.direction, float((t + k + n) % 4 + 1))
                    for n, c in enumerate(criteria)])
        return job

    errors = run_together([shortlister(t) for t in range(4)] + [reweigher(t) for t in range(4)])
    assert errors == []

    shortlist_events = events_of(store, workshop.id, "shortlist.set")
    assert len(shortlist_events) == 4 * rounds   # idea(shortlist=False) logs none
    newest = json.loads(shortlist_events["detail"].iloc[0])["idea_ids"]
    current = store.list_ideas(workshop.id)
    assert sorted(int(i) for i in current.loc[current["shortlisted"], "id"]) == sorted(newest)

    weight_events = events_of(store, workshop.id, "criteria.updated")
    assert len(weight_events) == 4 * rounds
    newest_weights = {int(k): v[2] for k, v in
                      json.loads(weight_events["detail"].iloc[0])["after"].items()}
    assert {c.id: c.weight for c in store.list_criteria(workshop.id)} == newest_weights


def test_contended_shortlist_changes_and_uncontended_edits_of_the_same_ideas_both_land(workshop):
    """set_shortlist (under the lock) and edit_idea (not) update the same rows; DuckDB's
    write conflicts must be retried, never surfaced or dropped."""
    store = workshop.store
    ideas = [workshop.idea(f"Idea {i}", shortlist=False) for i in range(6)]
    rounds = 25

    def shortlister(t: int) -> Callable[[], None]:
        def job() -> None:
            for k in range(rounds):
                chosen = [i for n, i in enumerate(ideas) if (n + k + t) % 2]
                services.set_shortlist(store, workshop.id, workshop.author.id, chosen)
        return job

    def editor(t: int) -> Callable[[], None]:
        def job() -> None:
            for k in range(rounds):
                idea = ideas[t]
                services.edit_idea(store, workshop.id, workshop.author.id, idea,
                                  f"Idea {t} v{k}", f"edit {k}", [workshop.need_a])
        return job

    errors = run_together([shortlister(t) for t in range(2)] + [editor(t) for t in range(6)])
    assert errors == []
    current = store.list_ideas(workshop.id).set_index("id")
    for t, idea in enumerate(ideas):
        assert current.loc[idea, "title"] == f"Idea {t} v{rounds - 1}"
        assert list(current.loc[idea, "need_ids"]) == [workshop.need_a]
    assert len(events_of(store, workshop.id, "idea.updated")) == 6 * rounds
    assert len(events_of(store, workshop.id, "shortlist.set")) == 2 * rounds


def test_concurrent_merges_of_disjoint_pairs_all_succeed(workshop):
    store = workshop.store
    pairs = [(workshop.idea(f"A{t}", (workshop.need_a,)),
              workshop.idea(f"B{t}", (workshop.need_b,))) for t in range(THREADS)]

    def merger(t: int) -> Callable[[], None]:
        def job() -> None:
            services.merge_ideas(store, workshop.id, workshop.author.id, list(pairs[t]),
                                f"Merged {t}")
        return job

    assert run_together([merger(t) for t in range(THREADS)]) == []
    current = store.list_ideas(workshop.id).set_index("id")
    assert sorted(current.index) == sorted(keep for keep, _ in pairs)
    for t, (keep, _) in enumerate(pairs):
        assert current.loc[keep, "title"] == f"Merged {t}"
        assert list(current.loc[keep, "need_ids"]) == sorted([workshop.need_a, workshop.need_b])
    assert len(events_of(store, workshop.id, "ideas.merged")) == THREADS


def test_the_same_person_joining_from_several_browsers_at_once_is_one_participant(workshop):
    store = workshop.store
    results = []
    lock = threading.Lock()

    def joiner(name: str) -> Callable[[], None]:
        def job() -> None:
            person = services.join(store, workshop.id, name)
            with lock:
                results.append(person.id)
        return job

    names = ["Zed", "zed", "ZED", " Zed "]
    # Each round starts 4 simultaneous joins for a new name; the store must settle on one row
    # and every join must return it.
    for round_no in range(5):
        errors = run_together([joiner(f"{n}{round_no}") for n in names])
        assert errors == []
    joined = store.list_participants(workshop.id)
    for round_no in range(5):
        assert (joined["name"].str.casefold() == f"zed{round_no}").sum() == 1


# ---- races that once escaped as raw duckdb errors ---------------------------------------------


def test_a_join_that_loses_the_get_or_create_race_twice_still_returns_the_participant(
        workshop, monkeypatch):
    store = workshop.store
    real_write = type(store).write
    lost = {"n": 0}
    duplicate = (duckdb.ConstraintException if isinstance(store, DuckDBStore)
                 else psycopg.errors.UniqueViolation)

    def racing_write(self, work, *, contended=False, **options):
        # Inside the transaction, simulate another session's row for the same display name
        # blocking our insert, twice in a row (what the measured failures' tracebacks show).
        # The real write() still runs, so a fix in either write() or ensure_participant counts.
        def racing_work(cur):
            if lost["n"] < 2:
                lost["n"] += 1
                raise duplicate(
                    'Constraint Error: Duplicate key "workshop_id: 1, name_key: ann" violates '
                    "unique constraint.")
            return work(cur)
        return real_write(self, racing_work, contended=contended, **options)

    monkeypatch.setattr(type(store), "write", racing_write)
    person = services.join(store, workshop.id, "ANN")
    assert person.id == workshop.author.id


def test_the_same_rater_saving_one_new_cell_from_several_tabs_at_once_never_errors(workshop):
    store = workshop.store
    ideas = [workshop.idea(f"Idea {i}") for i in range(10)]
    cells = [(i, c.id) for i in ideas for c in workshop.criteria]
    failures: list[BaseException] = []
    for idea, criterion in cells:          # stop at the first race that goes wrong
        def tab(value: float, idea=idea, criterion=criterion) -> Callable[[], None]:
            return lambda: services.save_scores(store, workshop.id, workshop.rater.id,
                                               [(idea, criterion, value)])
        failures = run_together([tab(v) for v in (1.0, 2.0, 3.0, 4.0)])
        if failures:
            break
    assert failures == []
    assert len(store.scores_of(workshop.id, workshop.rater.id)) == len(cells)
