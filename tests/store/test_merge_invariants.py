"""Merge and unmerge keep every person's dots, every tag and every score: nothing lost, nothing
counted twice — for random sequences of merges and unmerges, and while people score meanwhile."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.threads import run_together
from workbench import services
from workbench.domain.models import UnknownItem
from workbench.store import DuckDBStore, Store

IDEAS = 6
VOTERS = 3


def table(store: Store, sql: str, params: list) -> list[tuple]:
    return store.write(lambda cur: cur.execute(sql, params).fetchall())


def state(store: Store, wid: int) -> dict[str, list[tuple]]:
    """Every row a merge may touch: ideas, tags, dots (with their ids and times) and scores."""
    return {
        "ideas": table(store, "SELECT id, title, description, shortlisted, merged_into FROM "
                              "ideas WHERE workshop_id = ? ORDER BY id", [wid]),
        "tags": table(store, "SELECT idea_id, need_id FROM idea_needs WHERE workshop_id = ? "
                             "ORDER BY ALL", [wid]),
        "votes": table(store, "SELECT id, idea_id, voter_id, round, created_at FROM votes "
                              "WHERE workshop_id = ? ORDER BY id", [wid]),
        "scores": table(store, "SELECT idea_id, rater_id, criterion_id, round, value FROM scores "
                               "WHERE workshop_id = ? ORDER BY ALL", [wid]),
    }


def dots_per_voter(store: Store, wid: int) -> dict[int, int]:
    return dict(table(store, "SELECT voter_id, count(*) FROM votes WHERE workshop_id = ? "
                             "GROUP BY voter_id", [wid]))


def check_counted_once(store: Store, wid: int, cap: int | None) -> None:
    """Dots sit on live ideas only, within the cap; score means use live ideas only, each
    rater at most once per idea and criterion."""
    live = set(store.list_ideas(wid)["id"].astype(int))
    on = table(store, "SELECT idea_id, voter_id, count(*) FROM votes WHERE workshop_id = ? "
                      "GROUP BY ALL", [wid])
    assert {i for i, _, _ in on} <= live
    if cap is not None:
        assert all(n <= cap for _, _, n in on)
    totals = store.dot_totals(wid, 1)
    assert int(totals["dots"].sum()) == sum(n for _, _, n in on)
    means = store.score_means(wid)
    assert set(means["idea_id"].astype(int)) <= live
    assert (means["n"] <= VOTERS).all()


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory):
    store = DuckDBStore(Path(tmp_path_factory.mktemp("merge_invariants")) / "m.duckdb")
    yield store
    store.close()


def build(store: Store, cap: int | None, dots: list[tuple[int, int]],
          tags: list[frozenset[int]]) -> tuple[int, list[int], list[int], list]:
    """A workshop with 6 shortlisted ideas tagged as drawn, 3 voters (budget 5, cap as drawn)
    with their dots and a score from each on every idea."""
    wid = services.create_workshop(store, "Invariants", "")
    people = [services.join(store, wid, f"P{k}").id for k in range(VOTERS)]
    seg = services.add_segment(store, wid, None, "Segment")
    needs = [services.add_need(store, wid, None, seg, f"Need {k}", 3) for k in range(3)]
    ideas = [services.add_idea(store, wid, people[k % VOTERS], f"Idea {k}", f"About {k}",
                               [needs[n] for n in tags[k]]) for k in range(IDEAS)]
    services.set_shortlist(store, wid, None, ideas)
    services.set_dots(store, wid, None, 5, cap)
    for voter, idea in dots:
        store.place_dot(wid, people[voter], ideas[idea], 1, 5, cap)
    criteria = store.list_criteria(wid)
    for k, person in enumerate(people):
        store.save_scores(wid, person, [(i, c.id, 1 + (k + j) % 5) for j, i in enumerate(ideas)
                                        for c in criteria])
    return wid, people, ideas, needs


steps = st.lists(st.tuples(st.sampled_from(["merge", "unmerge"]), st.integers(0, 99),
                           st.sets(st.integers(0, 99), min_size=1, max_size=3)), max_size=8)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cap=st.sampled_from([None, 1, 2]),
       dots=st.lists(st.tuples(st.integers(0, VOTERS - 1), st.integers(0, IDEAS - 1)),
                     max_size=15),
       tags=st.lists(st.frozensets(st.integers(0, 2)), min_size=IDEAS, max_size=IDEAS),
       ops=steps)
def test_random_merges_and_unmerges_lose_nothing_and_count_nothing_twice(shared_store, cap,
                                                                          dots, tags, ops):
    """After each merge a voter's dots drop by exactly the refunds it recorded for them; after
    each unmerge they rise by what it gave back (all of it: nobody spent them meanwhile). The
    kept idea's tags are the union of its group's original tags. Undoing every merge, latest
    first, gives back every row exactly: ideas, tags, dots (same ids) and scores."""
    store = shared_store
    wid, people, ideas, needs = build(store, cap, dots, tags)
    start = state(store, wid)
    own_tags = {i: {needs[n] for n in tags[k]} for k, i in enumerate(ideas)}
    for kind, pick, others in ops:
        live = [int(i) for i in store.list_ideas(wid)["id"]]
        before = dots_per_voter(store, wid)
        if kind == "merge" and len(live) >= 2:
            keep = live[pick % len(live)]
            rest = [i for i in live if i != keep]
            absorbed = sorted({rest[o % len(rest)] for o in others})
            services.merge_ideas(store, wid, None, [keep, *absorbed], f"Merged {keep}")
            merges = store.list_merges(wid)
            refunded = table(store, "SELECT votes_refunded FROM merges WHERE id = ?",
                             [int(merges["id"].iloc[0])])[0][0]
            lost = {p: sum(1 for r in json.loads(refunded) if r[2] == p) for p in people}
            after = dots_per_voter(store, wid)
            assert {p: before.get(p, 0) - after.get(p, 0) for p in people} == lost
            group = {keep} | {r[0] for r in table(
                store, "SELECT id FROM ideas WHERE merged_into = ?", [keep])}
            assert set(store.get_idea(keep).need_ids) == set().union(
                *(own_tags[i] for i in group))
        elif kind == "unmerge":
            undoable = store.list_merges(wid).query("undoable")
            if undoable.empty:
                continue
            result = services.unmerge_ideas(store, wid, None, int(undoable["id"].iloc[0]))
            assert result["dots_not_back"] == 0
            after = dots_per_voter(store, wid)
            assert sum(after.values()) - sum(before.values()) == result["dots_back"]
        check_counted_once(store, wid, cap)
        assert state(store, wid)["scores"] == start["scores"]     # a merge never moves scores
    while not (undoable := store.list_merges(wid).query("undoable")).empty:
        services.unmerge_ideas(store, wid, None, int(undoable["id"].iloc[0]))
    end = state(store, wid)
    assert end["tags"] == start["tags"]
    assert end["votes"] == start["votes"]
    assert end["scores"] == start["scores"]
    assert [r[:4] for r in end["ideas"]] == [r[:4] for r in start["ideas"]]
    assert all(r[4] is None for r in end["ideas"])


def test_a_rater_who_scored_both_ideas_counts_once_after_the_merge_and_both_after_unmerge(
        workshop):
    """Bo scored X 5 and Y 1 on Impact: merged, only X's 5 counts (n = 1, not a mean of 3
    over 2 rows); unmerged, X 5 and Y 1 again."""
    store, impact = workshop.store, workshop.criterion("Impact").id
    x, y = workshop.idea("X"), workshop.idea("Y")
    store.save_scores(workshop.id, workshop.rater.id, [(x, impact, 5), (y, impact, 1)])
    merged = services.merge_ideas(store, workshop.id, None, [x, y], "X+Y")
    means = store.score_means(workshop.id)
    assert [(int(r.idea_id), r.mean, int(r.n)) for r in means.itertuples()
            if r.criterion_id == impact] == [(merged, 5.0, 1)]
    services.unmerge_ideas(store, workshop.id, None, int(store.list_merges(workshop.id)["id"][0]))
    means = store.score_means(workshop.id)
    assert sorted((int(r.idea_id), r.mean, int(r.n)) for r in means.itertuples()
                  if r.criterion_id == impact) == sorted([(x, 5.0, 1), (y, 1.0, 1)])


def test_a_voter_with_dots_on_both_ideas_keeps_the_cap_and_gets_the_rest_back(workshop):
    """Cap 1, budget 5: Bo has 1 dot on X and 1 on Y. Merged: 1 dot on X and 4 free; unmerged:
    1 on X and 1 on Y again (the refunded dot comes back)."""
    store = workshop.store
    services.set_dots(store, workshop.id, None, 5, 1)
    x, y = workshop.idea("X"), workshop.idea("Y")
    for idea in (x, y):
        assert store.place_dot(workshop.id, workshop.rater.id, idea, 1, 5, 1) is None
    services.merge_ideas(store, workshop.id, None, [x, y], "X+Y")
    assert dict(store.my_dots(workshop.id, workshop.rater.id, 1).values.tolist()) == {x: 1}
    result = services.unmerge_ideas(store, workshop.id, None,
                                    int(store.list_merges(workshop.id)["id"][0]))
    assert (result["dots_back"], result["dots_not_back"]) == (1, 0)
    assert dict(store.my_dots(workshop.id, workshop.rater.id, 1).values.tolist()) == {x: 1, y: 1}


def test_scores_saved_while_ideas_are_merged_and_unmerged_are_kept_exactly(workshop):
    """Three raters save scores on four ideas over and over while the facilitator merges
    pairs and unmerges them. Every save either lands (and its value is what is stored at the
    end) or is refused as a gone idea (the idea was hidden then); nothing else. Dots and tags
    are back exactly once every merge is undone."""
    store, wid = workshop.store, workshop.id
    services.set_dots(store, wid, None, 5, 1)
    ideas = [workshop.idea(f"Idea {k}", (workshop.need_a,) if k % 2 else (workshop.need_b,))
             for k in range(4)]
    raters = [services.join(store, wid, f"R{k}").id for k in range(3)]
    for rater, idea in itertools.product(raters, ideas[:2]):
        assert store.place_dot(wid, rater, idea, 1, 5, 1) is None
    impact = workshop.criterion("Impact").id
    start = state(store, wid)
    landed: dict[tuple[int, int], float] = {}
    refused: list[int] = []

    def rater_job(rater: int):
        def job() -> None:
            for n in range(12):
                idea = ideas[n % len(ideas)]
                value = float(1 + (n + rater) % 5)
                try:
                    store.save_scores(wid, rater, [(idea, impact, value)])
                except UnknownItem:
                    refused.append(idea)
                else:
                    landed[(idea, rater)] = value
        return job

    def facilitator() -> None:
        for n in range(6):
            keep, fold = ideas[n % 2], ideas[2 + n % 2]
            services.merge_ideas(store, wid, None, [keep, fold], f"Merged {n}")
            services.unmerge_ideas(store, wid, None, int(store.list_merges(wid)["id"][0]))

    errors = run_together([facilitator, *(rater_job(r) for r in raters)])
    assert errors == []
    stored = {(i, r): v for i, r, c, _, v in state(store, wid)["scores"] if c == impact}
    assert stored == landed
    assert set(refused) <= set(ideas[2:])          # only the absorbed ones were ever hidden
    end = state(store, wid)
    assert (end["tags"], end["votes"]) == (start["tags"], start["votes"])
    assert [r[:4] for r in end["ideas"]] == [r[:4] for r in start["ideas"]]
    check_counted_once(store, wid, 1)


def test_dots_placed_while_ideas_are_merged_and_unmerged_stay_within_budget_and_cap(workshop):
    """Three voters (budget 3, cap 1) place and take back dots on four ideas while the
    facilitator merges pairs and unmerges them. Whatever interleaving happened: no dot on a
    hidden idea, nobody over the budget or over the cap on any idea, and once every merge is
    undone each voter holds exactly the dots placed minus the dots taken back and the dots
    refunded that could not come back."""
    store, wid = workshop.store, workshop.id
    services.set_dots(store, wid, None, 3, 1)
    ideas = [workshop.idea(f"Idea {k}") for k in range(4)]
    voters = [services.join(store, wid, f"V{k}").id for k in range(3)]
    held = {v: 0 for v in voters}

    def voter_job(voter: int):
        def job() -> None:
            for n in range(16):
                idea = ideas[(n + voter) % len(ideas)]
                try:
                    if n % 3 == 2:
                        held[voter] -= store.remove_dot(wid, voter, idea, 1)
                    elif store.place_dot(wid, voter, idea, 1, 3, 1) is None:
                        held[voter] += 1
                except UnknownItem:
                    pass                                   # the idea was hidden just then
        return job

    not_back = []

    def facilitator() -> None:
        for n in range(6):
            services.merge_ideas(store, wid, None, [ideas[n % 2], ideas[2 + n % 2]], "M")
            result = services.unmerge_ideas(store, wid, None, int(store.list_merges(wid)["id"][0]))
            not_back.append(result)

    assert run_together([facilitator, *(voter_job(v) for v in voters)]) == []
    check_counted_once(store, wid, 1)
    per_voter = dots_per_voter(store, wid)
    assert all(per_voter.get(v, 0) <= 3 for v in voters)
    refunded = table(store, "SELECT votes_refunded FROM merges WHERE workshop_id = ?", [wid])
    lost = {v: 0 for v in voters}
    for (rows,) in refunded:
        for row in json.loads(rows):
            lost[row[2]] += 1
    back = sum(r["dots_back"] for r in not_back)
    assert sum(lost.values()) - back == sum(r["dots_not_back"] for r in not_back)
    assert sum(per_voter.get(v, 0) for v in voters) == sum(held.values()) - sum(
        r["dots_not_back"] for r in not_back)
