"""Raters per idea counted from rater slots (a bitmask per 64 slots) equal an exact DISTINCT."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workbench import services
from workbench.domain.models import UnknownItem
from workbench.engine.scoring import count_raters, rank_ideas
from workbench.store import DuckDBStore, Store, schema
from workbench.store import core as store_module


def raters_from_means(store: Store, workshop_id: int, round_no: int = 1) -> dict[int, int]:
    means = store.score_means(workshop_id, round_no)
    return dict(zip(means["idea_id"].astype(int), means["raters"].astype(int), strict=True))


def exact_raters(store: Store, workshop_id: int, round_no: int = 1) -> dict[int, int]:
    counted = count_raters(store.all_scores(workshop_id, round_no))
    return dict(zip(counted["idea_id"].astype(int), counted["raters"].astype(int), strict=True))


def workshop_with_ideas(store: Store, ideas: int) -> tuple[int, list[int], list[int]]:
    wid = services.create_workshop(store, "Slots", "")
    owner = services.join(store, wid, "Owner")
    idea_ids = services.add_ideas_bulk(store, wid, owner.id,
                                       "\n".join(f"Idea {k}" for k in range(ideas)))
    services.set_shortlist(store, wid, owner.id, idea_ids)
    return wid, idea_ids, [c.id for c in store.list_criteria(wid)]


def test_seventy_raters_span_two_mask_words_and_are_counted_exactly(fresh_store):
    """Raters k = 0..69 (slots 1..70; the owner holds slot 0). Idea 0: everyone rates Impact
    only → 70. Idea 1: rater k rates criterion k % 3 only, so each rater appears on exactly
    one criterion → still 70 distinct, though no criterion has more than 24 ratings. Idea 2:
    only raters 60..69 (slots 61..70, straddling the 64-slot word boundary) → 10."""
    store = fresh_store
    wid, (first, second, third), crit = workshop_with_ideas(store, 3)
    for k in range(70):
        rater = services.join(store, wid, f"Rater {k}")
        rows = [(first, crit[0], 3), (second, crit[k % 3], 4)]
        if k >= 60:
            rows.append((third, crit[1], 5))
        services.save_scores(store, wid, rater.id, rows)
    got = raters_from_means(store, wid)
    assert got == {first: 70, second: 70, third: 10}
    assert got == exact_raters(store, wid)
    means = store.score_means(wid).set_index(["idea_id", "criterion_id"])
    assert means.loc[(second, crit[0]), "n"] == 24  # k = 0, 3, …, 69
    assert means.loc[(second, crit[0]), "mean"] == 4.0


def test_a_cleared_cell_stops_counting_its_rater_only_when_nothing_else_is_left(fresh_store):
    store = fresh_store
    wid, (idea,), crit = workshop_with_ideas(store, 1)
    ann = services.join(store, wid, "Ann")
    services.save_scores(store, wid, ann.id, [(idea, crit[0], 4), (idea, crit[1], 2)])
    services.save_scores(store, wid, ann.id, [(idea, crit[0], None)])
    assert raters_from_means(store, wid) == {idea: 1}
    services.save_scores(store, wid, ann.id, [(idea, crit[1], None)])
    assert raters_from_means(store, wid) == {}


def test_the_rank_page_takes_raters_from_the_means_without_a_second_query(fresh_store):
    store = fresh_store
    wid, ideas, crit = workshop_with_ideas(store, 2)
    for name in ("Ann", "Bo"):
        person = services.join(store, wid, name)
        services.save_scores(store, wid, person.id, [(i, c, 3) for i in ideas for c in crit])
    ranking = rank_ideas(store.shortlist(wid), store.list_criteria(wid), store.score_means(wid))
    assert ranking.table["raters"].tolist() == [2, 2]


def test_a_score_from_someone_outside_the_workshop_is_refused(fresh_store):
    store = fresh_store
    wid, (idea,), crit = workshop_with_ideas(store, 1)
    other = services.create_workshop(store, "Other", "")
    stranger = services.join(store, other, "Stranger")
    before = store.all_scores(wid)
    with pytest.raises(UnknownItem):
        services.save_scores(store, wid, stranger.id, [(idea, crit[0], 4)])
    assert store.all_scores(wid).equals(before)


def test_people_joining_at_once_get_distinct_slots_and_every_rater_counts(fresh_store):
    store = fresh_store
    wid, (idea,), crit = workshop_with_ideas(store, 1)
    start = threading.Barrier(12)
    errors: list[BaseException] = []

    def join_and_score(k: int) -> None:
        try:
            start.wait()
            person = services.join(store, wid, f"Person {k}")
            services.save_scores(store, wid, person.id, [(idea, crit[0], 1 + k % 5)])
        except BaseException as exc:  # surfaced below with the thread's own error
            errors.append(exc)

    threads = [threading.Thread(target=join_and_score, args=(k,)) for k in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    slots = store.write(lambda cur: [r[0] for r in cur.execute(
        "SELECT slot FROM participants WHERE workshop_id = ? ORDER BY slot", [wid]).fetchall()])
    assert slots == list(range(13))  # the owner's 0 and twelve new ones, none shared
    assert raters_from_means(store, wid) == {idea: 12}


def test_a_version_3_file_gets_slots_for_its_people_and_scores_on_upgrade(tmp_path: Path,
                                                                       monkeypatch):
    """Upgrading keeps the counts: 3 raters who scored before slots existed still count 3,
    and the next person to join takes slot 4 (owner 0, raters 1–3)."""
    path = tmp_path / "v3.duckdb"
    monkeypatch.setattr(store_module, "MIGRATIONS", schema.MIGRATIONS[:3])
    monkeypatch.setattr(store_module, "LATEST_VERSION", 3)
    old = DuckDBStore(path)
    # The v3 way, in SQL: today's services write tables a v3 file does not have yet.
    wid = old.write(lambda cur: cur.execute(
        "INSERT INTO workshops (title, goal) VALUES ('Before slots', '') RETURNING id"
    ).fetchone()[0])
    old.write(lambda cur: cur.execute(
        "INSERT INTO criteria (workshop_id, name, direction, scale_min, scale_max, weight, "
        "position) VALUES (?, 'Impact', 'benefit', 1, 5, 1.0, 0)", [wid]))

    def person(name: str) -> int:  # the v3 way: no slot column yet
        return old.write(lambda cur: cur.execute(
            "INSERT INTO participants (workshop_id, name, name_key) VALUES (?, ?, ?) "
            "RETURNING id", [wid, name, name.casefold()]).fetchone()[0])

    owner = person("Owner")
    idea = old.add_ideas(wid, owner, [("Old idea", "")], [])[0]
    old.set_shortlist(wid, owner, [idea])
    impact = old.list_criteria(wid)[0].id
    for name in ("Ann", "Bo", "Cy"):
        rater = person(name)
        old.write(lambda cur, r=rater: cur.execute(
            "INSERT INTO scores (workshop_id, idea_id, rater_id, criterion_id, round, value) "
            "VALUES (?, ?, ?, ?, 1, 4)", [wid, idea, r, impact]))
    old.close()
    monkeypatch.undo()

    store = DuckDBStore(path)
    try:
        assert store.schema_version() == schema.LATEST_VERSION
        assert raters_from_means(store, wid) == {idea: 3}
        newcomer = services.join(store, wid, "Di")
        slot = store.write(lambda cur: cur.execute(
            "SELECT slot FROM participants WHERE id = ?", [newcomer.id]).fetchone()[0])
        assert slot == 4
    finally:
        store.close()
