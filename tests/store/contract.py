"""The contract of ``workbench.store.Store``: what every method means, for any implementation.

Every test here is written against the ``Store`` Protocol alone — no SQL, no cursors, no
``write(lambda cur: ...)``, nothing about a particular database — and takes a ``store``
fixture: an empty, migrated store of one implementation. This module is not collected by
itself (its name does not match ``test_*.py``); an implementation's module imports the tests
and supplies the fixture::

    from tests.store.contract import *  # noqa: F403

    @pytest.fixture
    def store(...) -> Iterator[Store]: ...

``test_contract_duckdb.py`` does that for ``DuckDBStore`` (with and without shared reads); a
PostgreSQL store only needs its own ``test_contract_postgres.py`` with its own fixture.

Known answers are worked out in the docstrings where numbers are involved. Ids are only
compared with ids the store handed out (their values are the implementation's business).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest

from workbench.domain.models import (
    BENEFIT,
    COST,
    Conflict,
    Criterion,
    InvalidInput,
    Participant,
    UnknownItem,
    UnknownWorkshop,
    WorkbenchError,
)
from workbench.store import Store

CRITERIA = (("Impact", BENEFIT, 1.0), ("Cost", COST, 2.0))
NEVER = 987_654_321  # an id no store hands out in these small tests


# ---- helpers (reads through the Protocol only) ----------------------------------------------


def plain(value: Any) -> Any:
    """A cell as plain Python: lists/arrays become tuples, missing values None, numpy scalars
    Python numbers — so results of different implementations compare alike."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(plain(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                         and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def rows(df: pd.DataFrame, *columns: str) -> list[tuple]:
    """The given columns of each row, in the order the store returned them."""
    return [tuple(plain(v) for v in row) for row in df[list(columns)].itertuples(index=False)]


def sorted_rows(df: pd.DataFrame, *columns: str) -> list[tuple]:
    """The given columns of each row, sorted (for reads whose order is not part of the
    contract)."""
    return sorted(rows(df, *columns), key=repr)


def ids(df: pd.DataFrame, column: str = "id") -> list[int]:
    return [int(v) for v in df[column]]


def column_of(df: pd.DataFrame, key: str, column: str) -> dict[int, Any]:
    """{key: column} for every row."""
    return {int(k): plain(v) for k, v in zip(df[key], df[column], strict=True)}


def kinds(store: Store, workshop_id: int) -> list[str]:
    return [str(k) for k in store.list_events(workshop_id, limit=10_000)["kind"]]


def last_event(store: Store, workshop_id: int) -> tuple[str, str, dict]:
    """(kind, actor, detail) of the newest event."""
    row = store.list_events(workshop_id, limit=1).iloc[0]
    return str(row["kind"]), str(row["actor"]), json.loads(row["detail"])


def criteria_rows(store: Store, workshop_id: int) -> list[tuple]:
    return [(c.name, c.direction, c.weight, c.scale_min, c.scale_max, c.position, c.scale,
             c.unit) for c in store.list_criteria(workshop_id)]


@dataclass
class Seed:
    """A small workshop made through the Protocol: two criteria (Impact ↑ weight 1, Cost ↓
    weight 2, both 1–5), participants Ann and Bo, one segment with two needs."""

    store: Store
    id: int
    ann: Participant
    bo: Participant
    segment: int
    need_a: int  # "Fast setup": importance 5, satisfaction 2
    need_b: int  # "Import contacts": importance 4, no satisfaction
    impact: Criterion
    cost: Criterion

    def idea(self, title: str, needs: Sequence[int] = (), author: Participant | None = None,
             shortlist: bool = False) -> int:
        """Add one idea (by Ann unless told), optionally adding it to the shortlist."""
        author_id = (author or self.ann).id
        (idea_id,) = self.store.add_ideas(self.id, author_id, [(title, f"About {title}")],
                                          list(needs))
        if shortlist:
            current = ids(self.store.shortlist(self.id))
            self.store.set_shortlist(self.id, self.ann.id, [*current, idea_id])
        return idea_id


def seed(store: Store, title: str = "Contract workshop") -> Seed:
    wid = store.create_workshop(title, "Decide what to build", criteria=CRITERIA)
    ann = store.ensure_participant(wid, "Ann")
    bo = store.ensure_participant(wid, "Bo")
    segment = store.add_segment(wid, ann.id, "SMB owners", "Small firms")
    need_a = store.add_need(wid, ann.id, segment, "Fast setup", 5, 2)
    need_b = store.add_need(wid, ann.id, segment, "Import contacts", 4, None)
    impact, cost = store.list_criteria(wid)
    return Seed(store, wid, ann, bo, segment, need_a, need_b, impact, cost)


def gone_workshop(store: Store) -> int:
    """The id of a workshop that existed and was deleted."""
    wid = store.create_workshop("Short-lived", "")
    store.delete_workshop(wid)
    return wid


# ---- core: version, versions, derived ------------------------------------------------------


def test_version_grows_with_every_committed_write(store):
    w = seed(store)
    before = store.version
    w.idea("One")
    after_idea = store.version
    store.save_scores(w.id, w.bo.id, [(ids(store.list_ideas(w.id))[0], w.impact.id, 3)])
    assert before < after_idea < store.version


def test_versions_count_writes_per_table_and_ignore_writes_to_other_tables(store):
    """The idea wall is keyed on the versions of ideas, tags, needs and segments: a new idea
    moves them, a score or a dot does not."""
    w = seed(store)
    wall = ("ideas", "idea_needs", "needs", "segments")
    assert store.versions() == ()
    before = store.versions(*wall)
    assert len(before) == 4
    x = w.idea("X", (w.need_a,), shortlist=True)
    after_idea = store.versions(*wall)
    assert after_idea[0] > before[0] and after_idea[1] > before[1]
    assert after_idea[2:] == before[2:]
    scores_before = store.versions("scores")
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 4)])
    assert store.place_dot(w.id, w.bo.id, x, 1, 5, None) is None
    assert store.versions(*wall) == after_idea
    assert store.versions("scores")[0] > scores_before[0]


def test_a_derived_result_is_recomputed_after_a_write(store):
    w = seed(store)
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(store.list_ideas(w.id))

    key = ("idea count", w.id)
    assert store.derived(key, count) == 0
    assert store.derived(key, count) == 0
    assert 1 <= len(calls) <= 2  # shared reads compute once, private reads every time
    w.idea("One")
    assert store.derived(key, count) == 1
    w.idea("Two")
    assert store.derived(key, count) == 2


def test_derived_results_under_different_keys_are_kept_apart(store):
    w = seed(store)
    assert store.derived(("a", w.id), lambda: "first") == "first"
    assert store.derived(("b", w.id), lambda: "second") == "second"
    assert store.derived(("a", w.id + 1), lambda: "third") == "third"


def test_reads_and_derived_results_are_the_callers_own_copy(store):
    w = seed(store)
    w.idea("Kept")
    mine = store.list_ideas(w.id)
    mine["title"] = "scribbled"
    criteria = store.list_criteria(w.id)
    criteria.clear()
    table = store.derived(("table", w.id), lambda: pd.DataFrame({"x": [1, 2]}))
    table.loc[0, "x"] = 99
    assert list(store.list_ideas(w.id)["title"]) == ["Kept"]
    assert len(store.list_criteria(w.id)) == 2
    assert list(store.derived(("table", w.id), lambda: pd.DataFrame({"x": [1, 2]}))["x"]) == [
        1, 2]


# ---- workshops -------------------------------------------------------------------------------


def test_a_new_workshop_reads_back_with_its_fields_defaults_and_starting_criteria(store):
    wid = store.create_workshop("Q3 onboarding", "Halve time to value", criteria=CRITERIA,
                                join_code="JOIN42", live=True, facilitator_key_hash="key-hash")
    w = store.get_workshop(wid)
    assert (w.id, w.title, w.goal, w.status, w.is_demo, w.join_code, w.live) == (
        wid, "Q3 onboarding", "Halve time to value", "active", False, "JOIN42", True)
    assert (w.phase, w.revealed, w.score_round, w.dot_budget, w.dot_cap, w.anonymous,
            w.timer_ends_at, w.timer_label, w.engine) == (
        "diverge", False, 1, 5, None, False, None, None, "{}")
    assert isinstance(w.created_at, datetime)
    assert store.facilitator_key_hash(wid) == "key-hash"
    assert criteria_rows(store, wid) == [
        ("Impact", BENEFIT, 1.0, 1.0, 5.0, 0, "custom", ""),
        ("Cost", COST, 2.0, 1.0, 5.0, 1, "custom", "")]


def test_a_workshop_created_without_options_has_no_code_key_or_criteria(store):
    wid = store.create_workshop("Bare", "")
    w = store.get_workshop(wid)
    assert (w.title, w.goal, w.join_code, w.live, w.is_demo) == ("Bare", "", None, False, False)
    assert store.facilitator_key_hash(wid) is None
    assert store.list_criteria(wid) == []


def test_an_unknown_workshop_raises_unknown_workshop_on_get_and_on_its_key(store):
    gone = gone_workshop(store)
    for missing in (gone, NEVER):
        with pytest.raises(UnknownWorkshop):
            store.get_workshop(missing)
        with pytest.raises(UnknownWorkshop):
            store.facilitator_key_hash(missing)


def test_workshops_are_listed_newest_first_with_live_idea_and_participant_counts(store):
    """B has Ann and Bo and three ideas, one merged into another: 2 live ideas, 2 people."""
    a = store.create_workshop("A", "")
    b = seed(store, "B")
    x, y = b.idea("X"), b.idea("Y")
    b.idea("Z")
    store.merge_ideas(b.id, b.ann.id, x, [y], "X+Y", "")
    c = store.create_workshop("C", "", live=True)
    listed = store.list_workshops()
    assert ids(listed) == [c, b.id, a]
    assert rows(listed, "title", "ideas", "participants") == [
        ("C", 0, 0), ("B", 2, 2), ("A", 0, 0)]
    assert rows(listed, "status", "is_demo", "live") == [
        ("active", False, True), ("active", False, False), ("active", False, False)]


def test_archiving_hides_a_workshop_from_the_active_list_and_the_pickers(store):
    a = store.create_workshop("A", "")
    b = store.create_workshop("B", "", is_demo=True)
    c = store.create_workshop("C", "", live=True)
    store.update_workshop(b, None, status="archived")
    assert store.get_workshop(b).status == "archived"
    assert set(ids(store.list_workshops())) == {a, b, c}
    active = store.list_workshops(include_archived=False)
    assert ids(active) == [c, a]
    choices = store.workshop_choices()
    assert {"id", "title", "live", "is_demo"} <= set(choices.columns)
    assert rows(choices, "id", "title", "live", "is_demo") == [(c, "C", True, False),
                                                               (a, "A", False, False)]
    store.update_workshop(b, None, status="active")
    assert set(ids(store.workshop_choices())) == {a, b, c}
    assert ids(store.workshop_choices()) == ids(store.list_workshops(include_archived=False))


def test_demo_workshops_are_listed_oldest_first(store):
    first = store.create_workshop("Demo 1", "", is_demo=True)
    store.create_workshop("Real", "")
    second = store.create_workshop("Demo 2", "", is_demo=True)
    assert store.demo_workshop_ids() == [first, second]
    assert store.get_workshop(first).is_demo is True
    store.delete_workshop(first)
    assert store.demo_workshop_ids() == [second]


def test_updating_a_workshop_changes_only_the_given_fields_and_logs_who_did_it(store):
    w = seed(store)
    store.update_workshop(w.id, w.ann.id, title="Renamed", goal="New goal\nline 2")
    got = store.get_workshop(w.id)
    assert (got.title, got.goal, got.status, got.phase) == (
        "Renamed", "New goal\nline 2", "active", "diverge")
    assert last_event(store, w.id) == (
        "workshop.updated", "Ann", {"title": "Renamed", "goal": "New goal\nline 2"})


def test_the_live_settings_of_a_workshop_round_trip_through_update(store):
    wid = store.create_workshop("Live", "", join_code="LIVE01")
    ends = datetime(2030, 1, 2, 12, 30, 15)
    store.update_workshop(wid, None, live=True, phase="decide", revealed=True, score_round=2,
                          dot_budget=3, dot_cap=1, anonymous=True, timer_ends_at=ends,
                          timer_label="Vote now")
    w = store.get_workshop(wid)
    assert (w.live, w.phase, w.revealed, w.score_round, w.dot_budget, w.dot_cap, w.anonymous,
            w.timer_ends_at, w.timer_label) == (
        True, "decide", True, 2, 3, 1, True, ends, "Vote now")
    store.update_workshop(wid, None, dot_cap=None, timer_ends_at=None, timer_label=None)
    w = store.get_workshop(wid)
    assert (w.dot_cap, w.timer_ends_at, w.timer_label, w.dot_budget) == (None, None, None, 3)
    assert store.workshop_by_code("LIVE01") == w


def test_a_new_facilitator_key_hash_is_stored_but_never_written_to_the_log(store):
    wid = store.create_workshop("Live", "", facilitator_key_hash="old-secret-hash")
    store.update_workshop(wid, None, facilitator_key_hash="new-secret-hash")
    assert store.facilitator_key_hash(wid) == "new-secret-hash"
    details = " ".join(store.list_events(wid)["detail"])
    assert "secret-hash" not in details
    assert last_event(store, wid)[0] == "workshop.updated"


def test_a_workshop_is_found_by_its_join_code_and_an_unknown_code_finds_none(store):
    a = store.create_workshop("A", "", join_code="AAAA11")
    b = store.create_workshop("B", "", join_code="BBBB22")
    assert store.workshop_by_code("BBBB22") == store.get_workshop(b)
    assert store.workshop_by_code("AAAA11").id == a
    assert store.workshop_by_code("ZZZZ99") is None
    store.delete_workshop(b)
    assert store.workshop_by_code("BBBB22") is None


def test_a_join_code_already_in_use_is_refused_with_conflict_and_creates_nothing(store):
    store.create_workshop("First", "", join_code="SAME01")
    before = ids(store.list_workshops())
    with pytest.raises(Conflict):
        store.create_workshop("Second", "", join_code="SAME01", criteria=CRITERIA)
    assert ids(store.list_workshops()) == before
    assert store.workshop_by_code("SAME01").title == "First"


def test_set_engine_stores_the_settings_and_logs_the_changed_fields(store):
    w = seed(store)
    settings = json.dumps({"framework": "wsm", "normalise": "absolute"})
    store.set_engine(w.id, w.ann.id, settings, {"framework": "wsm"})
    assert json.loads(store.get_workshop(w.id).engine) == {
        "framework": "wsm", "normalise": "absolute"}
    assert last_event(store, w.id) == ("engine.updated", "Ann",
                                       {"changes": {"framework": "wsm"}})
    store.set_engine(w.id, None, "{}", {"framework": None})
    assert store.get_workshop(w.id).engine == "{}"


def test_deleting_a_workshop_removes_everything_in_it_and_keeps_only_its_deletion_event(store):
    w = seed(store)
    other = seed(store, "Untouched")
    keep = other.idea("Stays", (other.need_a,), shortlist=True)
    store.save_scores(other.id, other.bo.id, [(keep, other.impact.id, 4)])
    other_before = (rows(store.list_ideas(other.id), "id", "title", "need_ids"),
                    rows(store.list_needs(other.id), "id", "ideas"),
                    sorted_rows(store.all_scores(other.id), "idea_id", "value"),
                    len(store.list_events(other.id)))
    x = w.idea("Doomed", (w.need_a,), shortlist=True)
    y = w.idea("Also doomed", (w.need_b,), shortlist=True)
    store.merge_ideas(w.id, w.ann.id, x, [y], "Doomed pair", "")
    store.add_evidence(w.id, w.ann.id, w.need_a, "It took a week", "Interview 1")
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 3)])
    assert store.place_dot(w.id, w.bo.id, x, 1, 5, None) is None
    store.set_moscow(w.id, w.ann.id, {x: "must"})

    store.delete_workshop(w.id, w.ann.id)

    with pytest.raises(UnknownWorkshop):
        store.get_workshop(w.id)
    for idea_id in (x, y):
        with pytest.raises(UnknownItem):
            store.get_idea(idea_id)
    for person in (w.ann, w.bo):
        with pytest.raises(UnknownItem):
            store.get_participant(person.id)
    assert store.list_ideas(w.id).empty and store.wall_rows(w.id) == []
    assert store.list_needs(w.id).empty and store.list_segments(w.id).empty
    assert store.list_evidence(w.id).empty and store.quotes_of_need(w.need_a) == 0
    assert store.ideas_tagged_to_need(w.need_a) == 0
    assert store.list_criteria(w.id) == []
    assert store.all_scores(w.id).empty and store.rater_count(w.id) == 0
    assert store.dot_totals(w.id, 1).empty and store.moscow_buckets(w.id).empty
    assert store.list_participants(w.id).empty and store.participant_count(w.id) == 0
    assert kinds(store, w.id) == ["workshop.deleted"]
    assert ids(store.list_workshops()) == [other.id]
    assert (rows(store.list_ideas(other.id), "id", "title", "need_ids"),
            rows(store.list_needs(other.id), "id", "ideas"),
            sorted_rows(store.all_scores(other.id), "idea_id", "value"),
            len(store.list_events(other.id))) == other_before
    assert store.get_idea(keep).title == "Stays"


# ---- people ----------------------------------------------------------------------------------


def test_ensure_participant_gets_or_creates_a_name_case_insensitively(store):
    wid = store.create_workshop("W", "")
    ann = store.ensure_participant(wid, "Ann")
    assert (ann.workshop_id, ann.name, ann.is_facilitator) == (wid, "Ann", False)
    again = store.ensure_participant(wid, "ANN")
    assert again.id == ann.id and again.name == "Ann"
    assert store.ensure_participant(wid, "ann").id == ann.id
    assert store.participant_count(wid) == 1
    bo = store.ensure_participant(wid, "Bo")
    assert bo.id != ann.id and store.participant_count(wid) == 2
    assert store.get_participant(ann.id) == Participant(ann.id, wid, "Ann", False)


def test_the_same_name_in_two_workshops_is_two_participants(store):
    a = store.create_workshop("A", "")
    b = store.create_workshop("B", "")
    in_a, in_b = store.ensure_participant(a, "Kim"), store.ensure_participant(b, "Kim")
    assert in_a.id != in_b.id
    assert (in_a.workshop_id, in_b.workshop_id) == (a, b)
    assert store.join_participant(b, "Lee", "tok-lee") is not None
    assert store.join_participant(a, "Lee", "tok-lee-a") is not None


def test_join_participant_adds_a_named_person_and_returns_none_for_a_taken_name(store):
    wid = store.create_workshop("W", "")
    store.ensure_participant(wid, "Ann")
    cy = store.join_participant(wid, "Cy", "tok-cy")
    assert cy is not None and (cy.workshop_id, cy.name, cy.is_facilitator) == (wid, "Cy", False)
    assert store.join_participant(wid, "cy", "tok-other") is None
    assert store.join_participant(wid, "ANN", "tok-ann") is None
    assert store.participant_count(wid) == 2
    fran = store.join_participant(wid, "Fran", "tok-fran", is_facilitator=True)
    assert fran is not None and fran.is_facilitator
    assert store.get_participant(fran.id).is_facilitator is True
    assert store.participant_count(wid) == 3


def test_participant_by_token_finds_only_the_holder_in_that_workshop(store):
    a = store.create_workshop("A", "")
    b = store.create_workshop("B", "")
    cy = store.join_participant(a, "Cy", "tok-cy")
    assert store.participant_by_token(a, "tok-cy") == cy
    assert store.participant_by_token(a, "tok-nobody") is None
    assert store.participant_by_token(b, "tok-cy") is None


def test_set_rejoin_token_lets_a_free_mode_participant_rejoin(store):
    wid = store.create_workshop("W", "")
    ann = store.ensure_participant(wid, "Ann")
    assert store.participant_by_token(wid, "tok-ann") is None
    store.set_rejoin_token(ann.id, "tok-ann")
    assert store.participant_by_token(wid, "tok-ann") == Participant(ann.id, wid, "Ann", False)
    store.set_rejoin_token(ann.id, "tok-ann-2")
    assert store.participant_by_token(wid, "tok-ann") is None
    assert store.participant_by_token(wid, "tok-ann-2").id == ann.id


def test_grant_facilitator_marks_the_person_and_refuses_someone_of_another_workshop(store):
    w = seed(store)
    other = store.create_workshop("Other", "")
    assert store.get_participant(w.bo.id).is_facilitator is False
    store.grant_facilitator(w.id, w.bo.id)
    assert store.get_participant(w.bo.id).is_facilitator is True
    assert store.get_participant(w.ann.id).is_facilitator is False
    assert last_event(store, w.id)[:2] == ("facilitator.granted", "Bo")
    with pytest.raises(UnknownItem):
        store.grant_facilitator(other, w.ann.id)
    assert store.get_participant(w.ann.id).is_facilitator is False


def test_an_unknown_participant_raises_unknown_item(store):
    with pytest.raises(UnknownItem):
        store.get_participant(NEVER)


def test_a_heartbeat_marks_a_participant_as_seen(store):
    w = seed(store)
    store.heartbeat(w.bo.id)
    seen = column_of(store.progress(w.id, 1), "id", "last_seen_at")
    assert seen[w.bo.id] is not None


def test_progress_counts_each_persons_ideas_scored_ideas_and_dots_in_the_round(store):
    """Ann adds 2 ideas, Bo 1. Round 1: Bo scores X on both criteria and Y on one (X fully
    scored, 2 started); Ann places 2 dots, Bo 1. Round 2: Ann places 1 dot and scores Y on
    one of the two criteria (0 fully scored, 1 started)."""
    w = seed(store)
    x = w.idea("X", shortlist=True)
    y = w.idea("Y", shortlist=True)
    w.idea("Z", author=w.bo, shortlist=True)
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 4), (x, w.cost.id, 2),
                                      (y, w.impact.id, 5)])
    store.save_scores(w.id, w.ann.id, [(y, w.cost.id, 1)], round_no=2)
    for voter, idea_id, round_no in ((w.ann, x, 1), (w.ann, y, 1), (w.bo, y, 1), (w.ann, x, 2)):
        assert store.place_dot(w.id, voter.id, idea_id, round_no, 5, None) is None
    first = store.progress(w.id, 1)
    assert {"id", "name", "is_facilitator", "last_seen_at"} <= set(first.columns)
    assert rows(first, "id", "name", "ideas", "scored", "started", "dots") == [
        (w.ann.id, "Ann", 2, 0, 0, 2), (w.bo.id, "Bo", 1, 1, 2, 1)]
    assert rows(store.progress(w.id, 2), "id", "ideas", "scored", "started", "dots") == [
        (w.ann.id, 2, 0, 1, 1), (w.bo.id, 1, 0, 0, 0)]


def test_progress_counts_shortlisted_ideas_scored_on_every_current_criterion(store):
    """What the console shows must match each person's Score page ("fully scored k of n").

    Ann scores X, Y and Z on Impact and Cost; Z then leaves the shortlist: 2 fully scored.
    A third criterion "Reach" makes 0 of them complete (no Reach scores yet); Ann rates X on
    Reach: 1. Deleting Reach makes X and Y complete again: 2. Merging Y into X leaves X: 1.
    Bo, who scored nothing, stays at 0 throughout.
    """
    w = seed(store)
    x, y, z = (w.idea(t, shortlist=True) for t in ("X", "Y", "Z"))
    store.save_scores(w.id, w.ann.id, [(i, c.id, 3) for i in (x, y, z)
                                       for c in (w.impact, w.cost)])
    store.set_shortlist(w.id, w.ann.id, [x, y])

    def scored() -> list[tuple]:
        return rows(store.progress(w.id, 1), "id", "scored", "started")

    assert scored() == [(w.ann.id, 2, 2), (w.bo.id, 0, 0)]
    reach = store.add_criterion(w.id, w.ann.id, "Reach", BENEFIT, 0, 100, 0.0, "free")
    assert scored() == [(w.ann.id, 0, 2), (w.bo.id, 0, 0)]
    store.save_scores(w.id, w.ann.id, [(x, reach, 50)])
    assert scored() == [(w.ann.id, 1, 2), (w.bo.id, 0, 0)]
    store.delete_criterion(w.id, w.ann.id, reach)
    assert scored() == [(w.ann.id, 2, 2), (w.bo.id, 0, 0)]
    store.merge_ideas(w.id, w.ann.id, x, [y], "X and Y", "")
    assert scored() == [(w.ann.id, 1, 1), (w.bo.id, 0, 0)]


def test_participants_are_listed_in_joining_order_with_idea_and_score_counts(store):
    """Ann: 2 ideas, no scores. Bo: 1 idea, 3 score cells. Cy: nothing yet."""
    w = seed(store)
    cy = store.join_participant(w.id, "Cy", "tok-cy")
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    w.idea("Z", author=w.bo)
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 4), (x, w.cost.id, 2),
                                      (y, w.impact.id, 5)])
    listed = store.list_participants(w.id)
    assert rows(listed, "id", "name", "ideas", "scores") == [
        (w.ann.id, "Ann", 2, 0), (w.bo.id, "Bo", 1, 3), (cy.id, "Cy", 0, 0)]
    assert "created_at" in listed.columns
    assert store.participant_count(w.id) == 3
    assert store.participant_count(store.create_workshop("Empty", "")) == 0


# ---- segments, needs, evidence ------------------------------------------------------------


def test_segments_are_listed_in_creation_order_with_their_need_counts(store):
    w = seed(store)
    second = store.add_segment(w.id, w.ann.id, "Enterprises", "Big firms")
    third = store.add_segment(w.id, None, "Agencies", "")
    store.add_need(w.id, None, third, "White label", 3, 1)
    assert rows(store.list_segments(w.id), "id", "name", "description", "needs") == [
        (w.segment, "SMB owners", "Small firms", 2), (second, "Enterprises", "Big firms", 0),
        (third, "Agencies", "", 1)]
    assert last_event(store, w.id)[:2] == ("need.added", "—")


def test_update_segment_renames_and_redescribes_it(store):
    w = seed(store)
    store.update_segment(w.id, w.bo.id, w.segment, "Small businesses", "Under 50 people")
    assert rows(store.list_segments(w.id), "name", "description", "needs") == [
        ("Small businesses", "Under 50 people", 2)]
    assert rows(store.list_needs(w.id), "segment") == [("Small businesses",)] * 2
    assert last_event(store, w.id)[:2] == ("segment.updated", "Bo")


def test_delete_segment_returns_the_blocking_need_count_and_deletes_only_an_empty_one(store):
    """The seeded segment holds 2 needs: deleting it is refused with 2 and changes nothing;
    once both needs are gone it returns 0 and the segment is gone."""
    w = seed(store)
    empty = store.add_segment(w.id, w.ann.id, "Nobody", "")
    assert store.delete_segment(w.id, w.ann.id, w.segment) == 2
    assert ids(store.list_segments(w.id)) == [w.segment, empty]
    assert store.delete_segment(w.id, w.ann.id, empty) == 0
    assert ids(store.list_segments(w.id)) == [w.segment]
    store.delete_need(w.id, w.ann.id, w.need_a)
    assert store.delete_segment(w.id, w.ann.id, w.segment) == 1
    store.delete_need(w.id, w.ann.id, w.need_b)
    assert store.delete_segment(w.id, w.ann.id, w.segment) == 0
    assert store.list_segments(w.id).empty
    assert last_event(store, w.id)[:2] == ("segment.deleted", "Ann")


def test_deleting_a_segment_of_another_workshop_raises_unknown_item(store):
    w = seed(store)
    other = seed(store, "Other")
    with pytest.raises(UnknownItem):
        store.delete_segment(w.id, w.ann.id, other.segment)


def test_needs_are_listed_by_segment_then_importance_with_live_idea_and_quote_counts(store):
    """Order: segment creation order, then importance high→low, then age. need_a is tagged by
    X, Y and Z, then Y is merged into X (2 live ideas) and has 2 quotes; need_b is tagged by Z
    only and has none; need_c (importance 5, added later) sorts between a and b."""
    w = seed(store)
    second = store.add_segment(w.id, None, "Enterprises", "")
    need_d = store.add_need(w.id, None, second, "SSO", 5, 1)
    need_c = store.add_need(w.id, None, w.segment, "Mobile app", 5, 4)
    x = w.idea("X", (w.need_a,))
    y = w.idea("Y", (w.need_a,))
    w.idea("Z", (w.need_a, w.need_b))
    store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    store.add_evidence(w.id, None, w.need_a, "It took a week", "Interview 1")
    store.add_evidence(w.id, None, w.need_a, "Gave up at step 3", "Survey")
    listed = store.list_needs(w.id)
    assert rows(listed, "id", "segment_id", "segment", "statement", "importance",
                "satisfaction", "ideas", "evidence") == [
        (w.need_a, w.segment, "SMB owners", "Fast setup", 5, 2, 2, 2),
        (need_c, w.segment, "SMB owners", "Mobile app", 5, 4, 0, 0),
        (w.need_b, w.segment, "SMB owners", "Import contacts", 4, None, 1, 0),
        (need_d, second, "Enterprises", "SSO", 5, 1, 0, 0)]
    choices = store.need_choices(w.id)
    assert rows(choices, "id", "statement", "segment") == rows(
        listed, "id", "statement", "segment")


def test_update_need_changes_its_text_ratings_and_segment(store):
    w = seed(store)
    second = store.add_segment(w.id, None, "Enterprises", "")
    store.update_need(w.id, w.bo.id, w.need_b, second, "Import from CRM", 2, 3)
    assert rows(store.list_needs(w.id), "id", "segment_id", "statement", "importance",
                "satisfaction") == [(w.need_a, w.segment, "Fast setup", 5, 2),
                                    (w.need_b, second, "Import from CRM", 2, 3)]
    assert rows(store.list_segments(w.id), "needs") == [(1,), (1,)]
    store.update_need(w.id, w.bo.id, w.need_a, w.segment, "Fast setup", 5, None)
    assert column_of(store.list_needs(w.id), "id", "satisfaction")[w.need_a] is None
    assert last_event(store, w.id)[:2] == ("need.updated", "Bo")


def test_need_statement_taken_is_case_insensitive_per_segment_and_can_skip_one_need(store):
    w = seed(store)
    second = store.add_segment(w.id, None, "Enterprises", "")
    assert store.need_statement_taken(w.segment, "Fast setup") is True
    assert store.need_statement_taken(w.segment, "FAST SETUP") is True
    assert store.need_statement_taken(w.segment, "fast setup", except_need=w.need_b) is True
    assert store.need_statement_taken(w.segment, "Fast Setup", except_need=w.need_a) is False
    assert store.need_statement_taken(w.segment, "Fast setup please") is False
    assert store.need_statement_taken(second, "Fast setup") is False


def test_evidence_quotes_are_attached_to_a_need_listed_and_counted(store):
    w = seed(store)
    first = store.add_evidence(w.id, w.ann.id, w.need_a, "It took a week", "Interview 1")
    second = store.add_evidence(w.id, w.bo.id, w.need_a, "Gave up", "")
    third = store.add_evidence(w.id, w.bo.id, w.need_b, "CSV only", "Ticket 42")
    assert len({first, second, third}) == 3
    assert sorted_rows(store.list_evidence(w.id), "id", "need_id", "quote", "source") == sorted([
        (first, w.need_a, "It took a week", "Interview 1"), (second, w.need_a, "Gave up", ""),
        (third, w.need_b, "CSV only", "Ticket 42")], key=repr)
    assert (store.quotes_of_need(w.need_a), store.quotes_of_need(w.need_b)) == (2, 1)
    assert store.quotes_of_need(NEVER) == 0
    assert last_event(store, w.id)[:2] == ("evidence.added", "Bo")


def test_delete_need_removes_its_quotes_and_tags_and_returns_how_many_ideas_it_untagged(store):
    """need_a is tagged by X and Y (Y also by need_b) and has 1 quote: deleting it untags 2
    ideas; the ideas stay, Y keeps need_b."""
    w = seed(store)
    x = w.idea("X", (w.need_a,))
    y = w.idea("Y", (w.need_a, w.need_b))
    store.add_evidence(w.id, None, w.need_a, "Quote", "")
    kept_quote = store.add_evidence(w.id, None, w.need_b, "Other quote", "")
    assert store.delete_need(w.id, w.ann.id, w.need_a) == 2
    assert ids(store.list_needs(w.id)) == [w.need_b]
    assert store.get_idea(x).need_ids == () and store.get_idea(y).need_ids == (w.need_b,)
    assert ids(store.list_ideas(w.id)) == [x, y]
    assert ids(store.list_evidence(w.id)) == [kept_quote]
    assert store.quotes_of_need(w.need_a) == 0 and store.ideas_tagged_to_need(w.need_a) == 0
    assert store.delete_need(w.id, w.ann.id, w.need_b) == 1
    assert last_event(store, w.id)[:2] == ("need.deleted", "Ann")


def test_ideas_tagged_to_need_counts_only_live_ideas(store):
    """Three ideas tag need_a; merging two leaves 2 live ones; deleting one leaves 1."""
    w = seed(store)
    x, y, z = (w.idea(t, (w.need_a,)) for t in "XYZ")
    assert store.ideas_tagged_to_need(w.need_a) == 3
    assert store.ideas_tagged_to_need(w.need_b) == 0
    store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    assert store.ideas_tagged_to_need(w.need_a) == 2
    store.delete_idea(w.id, None, z)
    assert store.ideas_tagged_to_need(w.need_a) == 1


# ---- ideas -----------------------------------------------------------------------------------


def test_add_ideas_inserts_each_one_tagged_to_every_given_need_in_order(store):
    w = seed(store)
    added = store.add_ideas(w.id, w.bo.id, [("Wizard", "Guided setup"), ("Importer", "")],
                            [w.need_b, w.need_a])
    assert len(added) == 2 and len(set(added)) == 2
    first, second = (store.get_idea(i) for i in added)
    assert (first.workshop_id, first.title, first.description, first.author_id,
            first.shortlisted, first.merged_into, first.moscow) == (
        w.id, "Wizard", "Guided setup", w.bo.id, False, None, None)
    assert sorted(first.need_ids) == sorted([w.need_a, w.need_b])
    assert (second.title, second.description) == ("Importer", "")
    assert sorted(second.need_ids) == sorted(first.need_ids)
    assert ids(store.list_ideas(w.id)) == added
    untagged = store.add_ideas(w.id, None, [("Loose", "")], [])
    assert store.get_idea(untagged[0]).need_ids == ()
    assert store.get_idea(untagged[0]).author_id is None
    assert last_event(store, w.id)[0] == "idea.added"


def test_an_unknown_idea_raises_unknown_item(store):
    w = seed(store)
    x = w.idea("X")
    store.delete_idea(w.id, None, x)
    for missing in (x, NEVER):
        with pytest.raises(UnknownItem):
            store.get_idea(missing)


def test_update_idea_replaces_title_description_and_tags(store):
    w = seed(store)
    x = w.idea("X", (w.need_a,))
    store.update_idea(w.id, w.bo.id, x, "X v2", "Sharper", [w.need_b])
    got = store.get_idea(x)
    assert (got.title, got.description, got.need_ids, got.author_id) == (
        "X v2", "Sharper", (w.need_b,), w.ann.id)
    store.update_idea(w.id, w.bo.id, x, "X v3", "", [])
    assert store.get_idea(x).need_ids == ()
    assert rows(store.list_ideas(w.id), "title", "need_ids") == [("X v3", ())]
    assert last_event(store, w.id)[:2] == ("idea.updated", "Bo")


def test_delete_idea_removes_it_with_its_tags_scores_and_votes(store):
    w = seed(store)
    x = w.idea("X", (w.need_a,), shortlist=True)
    y = w.idea("Y", (w.need_a,), shortlist=True)
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 4), (y, w.impact.id, 2)])
    for idea_id in (x, y):
        assert store.place_dot(w.id, w.bo.id, idea_id, 1, 5, None) is None
    store.delete_idea(w.id, w.ann.id, x)
    with pytest.raises(UnknownItem):
        store.get_idea(x)
    assert ids(store.list_ideas(w.id)) == [y] and ids(store.shortlist(w.id)) == [y]
    assert store.ideas_tagged_to_need(w.need_a) == 1
    assert sorted_rows(store.all_scores(w.id), "idea_id", "value") == [(y, 2.0)]
    assert rows(store.dot_totals(w.id, 1), "idea_id", "dots") == [(y, 1)]
    assert rows(store.my_dots(w.id, w.bo.id, 1), "idea_id", "dots") == [(y, 1)]
    assert last_event(store, w.id)[:2] == ("idea.deleted", "Ann")


def test_list_ideas_shows_live_ideas_oldest_first_with_tags_authors_and_merge_counts(store):
    """Ann's X absorbs Bo's Y and Ann's W: authors Ann and Bo, 2 merged. Z is untouched."""
    w = seed(store)
    x = w.idea("X", (w.need_b,))
    y = w.idea("Y", (w.need_a,), author=w.bo)
    z = w.idea("Z", (w.need_a, w.need_b), shortlist=True)
    v = w.idea("W")
    loose = store.add_ideas(w.id, None, [("Anonymous", "")], [])[0]
    store.merge_ideas(w.id, w.ann.id, x, [y, v], "X merged", "All of it")
    listed = store.list_ideas(w.id)
    assert {"id", "title", "description", "author_id", "shortlisted", "created_at",
            "need_ids", "authors", "merged_count"} <= set(listed.columns)
    assert rows(listed, "id", "title", "description", "author_id", "shortlisted",
                "merged_count") == [
        (x, "X merged", "All of it", w.ann.id, False, 2),
        (z, "Z", "About Z", w.ann.id, True, 0),
        (loose, "Anonymous", "", None, False, 0)]
    tags = {k: sorted(needs) for k, needs in column_of(listed, "id", "need_ids").items()}
    assert tags == {x: sorted([w.need_a, w.need_b]), z: sorted([w.need_a, w.need_b]),
                    loose: []}
    assert column_of(listed, "id", "authors") == {x: ("Ann", "Bo"), z: ("Ann",), loose: ()}


def test_ideas_by_lists_one_authors_live_ideas_oldest_first(store):
    w = seed(store)
    x = w.idea("X", (w.need_a,))
    y = w.idea("Y", author=w.bo)
    z = w.idea("Z", (w.need_b, w.need_a))
    v = w.idea("V")
    store.merge_ideas(w.id, None, z, [v], "Z+V", "")
    assert rows(store.ideas_by(w.id, w.ann.id), "id", "title", "description") == [
        (x, "X", "About X"), (z, "Z+V", "")]
    tags = column_of(store.ideas_by(w.id, w.ann.id), "id", "need_ids")
    assert (tags[x], sorted(tags[z])) == ((w.need_a,), sorted([w.need_a, w.need_b]))
    assert ids(store.ideas_by(w.id, w.bo.id)) == [y]
    store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    assert store.ideas_by(w.id, w.bo.id).empty


def test_wall_rows_give_each_live_ideas_title_and_tags_in_list_ideas_order(store):
    w = seed(store)
    x = w.idea("X", (w.need_a,))
    y = w.idea("Y")
    w.idea("Z", (w.need_b, w.need_a))
    store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    wall = [(title, sorted(needs)) for title, needs in store.wall_rows(w.id)]
    assert wall == [("X+Y", [w.need_a]), ("Z", sorted([w.need_a, w.need_b]))]
    assert [t for t, _ in store.wall_rows(w.id)] == list(store.list_ideas(w.id)["title"])


def test_set_shortlist_makes_exactly_the_given_ideas_the_shortlist(store):
    w = seed(store)
    x, y, z = w.idea("X"), w.idea("Y"), w.idea("Z")
    assert store.shortlist(w.id).empty
    store.set_shortlist(w.id, w.ann.id, [z, x])
    assert rows(store.shortlist(w.id), "id", "title") == [(x, "X"), (z, "Z")]
    assert store.get_idea(x).shortlisted is True and store.get_idea(y).shortlisted is False
    store.set_shortlist(w.id, w.ann.id, [y])
    assert ids(store.shortlist(w.id)) == [y]
    assert column_of(store.list_ideas(w.id), "id", "shortlisted") == {x: False, y: True,
                                                                    z: False}
    store.set_shortlist(w.id, w.ann.id, [])
    assert store.shortlist(w.id).empty
    assert last_event(store, w.id)[:2] == ("shortlist.set", "Ann")


def test_set_moscow_puts_ideas_in_buckets_and_none_takes_one_out(store):
    w = seed(store)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    z = w.idea("Z")  # not shortlisted: its bucket is kept but not shown
    store.set_moscow(w.id, w.ann.id, {x: "must", y: "could", z: "should"})
    assert sorted_rows(store.moscow_buckets(w.id), "idea_id", "moscow") == [
        (x, "must"), (y, "could")]
    assert (store.get_idea(x).moscow, store.get_idea(z).moscow) == ("must", "should")
    store.set_moscow(w.id, w.ann.id, {y: None, x: "wont"})
    assert sorted_rows(store.moscow_buckets(w.id), "idea_id", "moscow") == [(x, "wont")]
    assert store.get_idea(y).moscow is None
    store.set_shortlist(w.id, w.ann.id, [y])
    assert store.moscow_buckets(w.id).empty
    assert last_event(store, w.id)[0] == "shortlist.set"
    assert kinds(store, w.id)[1] == "moscow.set"


def test_idea_need_ratings_pair_each_shortlisted_idea_with_its_tagged_needs(store):
    """X (shortlisted) tags a (5, 2) and b (4, none); Y (shortlisted) tags nothing; Z (not
    shortlisted) tags a: 2 rows, both X's."""
    w = seed(store)
    x = w.idea("X", (w.need_a, w.need_b), shortlist=True)
    w.idea("Y", shortlist=True)
    w.idea("Z", (w.need_a,))
    assert sorted_rows(store.idea_need_ratings(w.id), "idea_id", "need_id", "importance",
                       "satisfaction") == sorted([(x, w.need_a, 5, 2), (x, w.need_b, 4, None)],
                                                 key=repr)
    store.update_need(w.id, None, w.need_b, w.segment, "Import contacts", 3, 1)
    assert sorted_rows(store.idea_need_ratings(w.id), "need_id", "importance",
                       "satisfaction") == sorted([(w.need_a, 5, 2), (w.need_b, 3, 1)], key=repr)


def test_merging_unions_tags_and_hides_the_originals_behind_the_survivor(store):
    """X (tags a, shortlisted) absorbs Y (tags a, b) and Z (no tags, not shortlisted): X is
    tagged a and b, takes the new title, stays shortlisted; Y and Z are hidden but still
    readable, pointing at X."""
    w = seed(store)
    x = w.idea("X", (w.need_a,), shortlist=True)
    y = w.idea("Y", (w.need_a, w.need_b), author=w.bo, shortlist=True)
    z = w.idea("Z")
    other = w.idea("Other")
    store.merge_ideas(w.id, w.ann.id, x, [y, z], "Merged", "One idea now")
    kept = store.get_idea(x)
    assert (kept.title, kept.description, kept.shortlisted, kept.merged_into) == (
        "Merged", "One idea now", True, None)
    assert sorted(kept.need_ids) == sorted([w.need_a, w.need_b])
    for absorbed in (y, z):
        original = store.get_idea(absorbed)
        assert (original.merged_into, original.shortlisted) == (x, False)
    assert store.get_idea(y).title == "Y"
    assert ids(store.list_ideas(w.id)) == [x, other]
    assert ids(store.shortlist(w.id)) == [x]
    assert [t for t, _ in store.wall_rows(w.id)] == ["Merged", "Other"]
    kind, actor, detail = last_event(store, w.id)
    assert (kind, actor) == ("ideas.merged", "Ann")


def test_merging_a_shortlisted_idea_into_one_that_is_not_shortlists_the_survivor(store):
    w = seed(store)
    x = w.idea("X")
    y = w.idea("Y", shortlist=True)
    store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    assert ids(store.shortlist(w.id)) == [x]


def test_merging_moves_every_vote_to_the_survivor(store):
    """No cap: Bo has 1 dot on X and 2 on Y, Ann 1 on Y → X gets 4 dots from 2 voters."""
    w = seed(store)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    for voter, idea_id in ((w.bo, x), (w.bo, y), (w.bo, y), (w.ann, y)):
        assert store.place_dot(w.id, voter.id, idea_id, 1, 5, None) is None
    store.merge_ideas(w.id, w.ann.id, x, [y], "X+Y", "")
    assert rows(store.dot_totals(w.id, 1), "idea_id", "dots", "voters") == [(x, 4, 2)]
    assert rows(store.my_dots(w.id, w.bo.id, 1), "idea_id", "dots") == [(x, 3)]
    assert store.remove_dot(w.id, w.ann.id, x, 1) is True
    assert store.my_dots(w.id, w.ann.id, 1).empty


def test_merging_refunds_dots_above_the_workshop_cap_to_the_voters_budget(store):
    """Cap 1, budget 2: Bo has 1 dot on X and 1 on Y (budget spent); Ann 1 on Y. After the
    merge Bo keeps 1 dot on X (2 − 1 refunded), so a dot on Z fits his budget again; X has
    2 dots from 2 voters."""
    w = seed(store)
    store.update_workshop(w.id, None, dot_cap=1)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    z = w.idea("Z", shortlist=True)
    for voter, idea_id in ((w.bo, x), (w.bo, y), (w.ann, y)):
        assert store.place_dot(w.id, voter.id, idea_id, 1, 2, 1) is None
    assert store.place_dot(w.id, w.bo.id, z, 1, 2, 1) is not None  # budget spent
    store.merge_ideas(w.id, w.ann.id, x, [y], "X+Y", "")
    assert rows(store.my_dots(w.id, w.bo.id, 1), "idea_id", "dots") == [(x, 1)]
    assert rows(store.dot_totals(w.id, 1), "idea_id", "dots", "voters") == [(x, 2, 2)]
    assert store.place_dot(w.id, w.bo.id, z, 1, 2, 1) is None
    assert last_event(store, w.id)[0] == "dot.placed"
    assert json.loads(store.list_events(w.id, limit=2)["detail"].iloc[1])["dots_refunded"] == 1


def test_merging_the_survivor_of_an_earlier_merge_keeps_merges_one_level_deep(store):
    """Y goes into X, then X into V: X and Y both point at V, which counts 2 merged ideas."""
    w = seed(store)
    x, y, v = w.idea("X", (w.need_a,)), w.idea("Y", author=w.bo), w.idea("V", (w.need_b,))
    store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    store.merge_ideas(w.id, None, v, [x], "All", "")
    assert (store.get_idea(x).merged_into, store.get_idea(y).merged_into) == (v, v)
    assert rows(store.list_ideas(w.id), "id", "merged_count", "authors") == [
        (v, 2, ("Ann", "Bo"))]
    assert sorted(store.get_idea(v).need_ids) == sorted([w.need_a, w.need_b])


def test_merged_away_ideas_drop_out_of_score_means(store):
    """Bo scored X 4 and Y 2 on Impact; Y is merged into X: only X's mean (4, n=1) is left —
    scores are not moved by a merge."""
    w = seed(store)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 4), (y, w.impact.id, 2)])
    assert len(store.score_means(w.id)) == 2
    store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    assert rows(store.score_means(w.id), "idea_id", "criterion_id", "mean", "n") == [
        (x, w.impact.id, 4.0, 1)]


# ---- criteria --------------------------------------------------------------------------------


def test_add_criterion_appends_it_after_the_existing_ones_with_its_scale(store):
    w = seed(store)
    reach = store.add_criterion(w.id, w.ann.id, "Reach", BENEFIT, 0, 1000, 0.5, scale="free",
                                unit="users")
    effort = store.add_criterion(w.id, None, "Effort", COST, 1, 21, 1.5, scale="fibonacci")
    assert [c.id for c in store.list_criteria(w.id)] == [w.impact.id, w.cost.id, reach, effort]
    assert criteria_rows(store, w.id)[2:] == [
        ("Reach", BENEFIT, 0.5, 0.0, 1000.0, 2, "free", "users"),
        ("Effort", COST, 1.5, 1.0, 21.0, 3, "fibonacci", "")]
    assert store.list_criteria(w.id)[3].is_cost
    assert kinds(store, w.id)[:2] == ["criterion.added", "criterion.added"]


def test_update_criteria_applies_every_change_and_keeps_scales_and_order(store):
    w = seed(store)
    store.update_criteria(w.id, w.ann.id, [(w.impact.id, "Value", BENEFIT, 3.0),
                                           (w.cost.id, "Effort", COST, 0.5)])
    assert criteria_rows(store, w.id) == [
        ("Value", BENEFIT, 3.0, 1.0, 5.0, 0, "custom", ""),
        ("Effort", COST, 0.5, 1.0, 5.0, 1, "custom", "")]
    store.update_criteria(w.id, None, [(w.cost.id, "Effort", BENEFIT, 0.5)])
    assert [c.direction for c in store.list_criteria(w.id)] == [BENEFIT, BENEFIT]
    assert last_event(store, w.id)[0] == "criteria.updated"


def test_delete_criterion_removes_it_and_only_the_scores_given_on_it(store):
    w = seed(store)
    x = w.idea("X", shortlist=True)
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 4), (x, w.cost.id, 2)])
    store.delete_criterion(w.id, w.ann.id, w.cost.id)
    assert [c.id for c in store.list_criteria(w.id)] == [w.impact.id]
    assert sorted_rows(store.all_scores(w.id), "idea_id", "rater_id", "criterion_id",
                       "value") == [(x, w.bo.id, w.impact.id, 4.0)]
    assert rows(store.score_means(w.id), "criterion_id", "mean") == [(w.impact.id, 4.0)]
    assert rows(store.scores_of(w.id, w.bo.id), "criterion_id") == [(w.impact.id,)]
    assert last_event(store, w.id)[:2] == ("criterion.deleted", "Ann")


# ---- scores ----------------------------------------------------------------------------------


def test_save_scores_upserts_a_cell_and_none_clears_it(store):
    w = seed(store)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    assert store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 2), (y, w.cost.id, 5)]) == 2
    assert store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 4)]) == 1
    assert sorted_rows(store.scores_of(w.id, w.bo.id), "idea_id", "criterion_id", "value") == (
        sorted([(x, w.impact.id, 4.0), (y, w.cost.id, 5.0)], key=repr))
    assert store.save_scores(w.id, w.bo.id, [(y, w.cost.id, None), (x, w.cost.id, 1)]) == 2
    assert sorted_rows(store.scores_of(w.id, w.bo.id), "idea_id", "criterion_id", "value") == (
        sorted([(x, w.impact.id, 4.0), (x, w.cost.id, 1.0)], key=repr))
    assert store.save_scores(w.id, w.bo.id, [(y, w.impact.id, None)]) == 1  # nothing to clear
    assert len(store.all_scores(w.id)) == 2
    assert store.scores_of(w.id, w.ann.id).empty
    assert last_event(store, w.id)[:2] == ("scores.saved", "Bo")


def test_a_cell_given_twice_in_one_save_keeps_the_last_value(store):
    w = seed(store)
    x = w.idea("X", shortlist=True)
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 1), (x, w.impact.id, 5)])
    assert rows(store.scores_of(w.id, w.bo.id), "value") == [(5.0,)]
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 3), (x, w.impact.id, None)])
    assert store.scores_of(w.id, w.bo.id).empty


def _scored(store: Store) -> tuple[Seed, int, int, Participant]:
    """Round 1: Ann scores all 4 cells (X: Impact 4, Cost 2; Y: Impact 5, Cost 1); Bo scores
    only X on Impact (1); Cy scores X on Impact (3) and Cost (5). Round 2: Ann scores X on
    Impact 3."""
    w = seed(store)
    cy = store.ensure_participant(w.id, "Cy")
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    store.save_scores(w.id, w.ann.id, [(x, w.impact.id, 4), (x, w.cost.id, 2),
                                       (y, w.impact.id, 5), (y, w.cost.id, 1)])
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 1)])
    store.save_scores(w.id, cy.id, [(x, w.impact.id, 3), (x, w.cost.id, 5)])
    store.save_scores(w.id, w.ann.id, [(x, w.impact.id, 3)], round_no=2)
    return w, x, y, cy


def test_score_means_are_exact_means_and_counts_per_idea_and_criterion(store):
    """X·Impact: (4 + 1 + 3) / 3 = 8/3, n 3; X·Cost: (2 + 5) / 2 = 3.5, n 2;
    Y·Impact: 5, n 1; Y·Cost: 1, n 1."""
    w, x, y, _ = _scored(store)
    means = {(i, c): (m, n) for i, c, m, n in rows(store.score_means(w.id), "idea_id",
                                                   "criterion_id", "mean", "n")}
    assert set(means) == {(x, w.impact.id), (x, w.cost.id), (y, w.impact.id), (y, w.cost.id)}
    assert means[(x, w.impact.id)] == (pytest.approx(8 / 3), 3)
    assert means[(x, w.cost.id)] == (3.5, 2)
    assert means[(y, w.impact.id)] == (5.0, 1)
    assert means[(y, w.cost.id)] == (1.0, 1)
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 5)])  # (4 + 5 + 3) / 3 = 4
    assert column_of(store.score_means(w.id).query("criterion_id == @w.impact.id"),
                     "idea_id", "mean")[x] == 4.0


def test_raters_per_idea_counts_distinct_people_not_score_cells(store):
    """X has 5 cells from 3 people (Bo scored only Impact) → 3; Y has 2 cells from Ann → 1."""
    w, x, y, _ = _scored(store)
    assert sorted_rows(store.raters_per_idea(w.id), "idea_id", "raters") == sorted(
        [(x, 3), (y, 1)], key=repr)


def test_score_means_carry_each_ideas_distinct_raters_on_every_row(store):
    """The same counts as raters_per_idea, repeated on each of the idea's criterion rows:
    X·Impact and X·Cost both say 3 (Bo scored only Impact), Y·Impact and Y·Cost say 1."""
    w, x, y, _ = _scored(store)
    got = sorted_rows(store.score_means(w.id), "idea_id", "criterion_id", "raters")
    assert got == sorted([(x, w.impact.id, 3), (x, w.cost.id, 3), (y, w.impact.id, 1),
                          (y, w.cost.id, 1)], key=repr)


def test_all_scores_returns_every_raw_row_and_rater_count_counts_people(store):
    """Round 1 holds 4 + 1 + 2 = 7 cells from 3 raters."""
    w, x, y, cy = _scored(store)
    assert sorted_rows(store.all_scores(w.id), "idea_id", "rater_id", "criterion_id",
                       "value") == sorted([
        (x, w.ann.id, w.impact.id, 4.0), (x, w.ann.id, w.cost.id, 2.0),
        (y, w.ann.id, w.impact.id, 5.0), (y, w.ann.id, w.cost.id, 1.0),
        (x, w.bo.id, w.impact.id, 1.0),
        (x, cy.id, w.impact.id, 3.0), (x, cy.id, w.cost.id, 5.0)], key=repr)
    assert store.rater_count(w.id) == 3
    assert store.rater_count(store.create_workshop("Empty", "")) == 0


def test_score_rounds_are_kept_apart(store):
    """Round 2 holds only Ann's X·Impact 3; round 1 still has Ann's X·Impact 4."""
    w, x, y, _ = _scored(store)
    assert rows(store.scores_of(w.id, w.ann.id, 2), "idea_id", "criterion_id", "value") == [
        (x, w.impact.id, 3.0)]
    assert (x, w.impact.id, 4.0) in rows(store.scores_of(w.id, w.ann.id, 1), "idea_id",
                                         "criterion_id", "value")
    assert rows(store.score_means(w.id, 2), "idea_id", "criterion_id", "mean", "n") == [
        (x, w.impact.id, 3.0, 1)]
    assert rows(store.raters_per_idea(w.id, 2), "idea_id", "raters") == [(x, 1)]
    assert len(store.all_scores(w.id, 2)) == 1
    assert (store.rater_count(w.id, 1), store.rater_count(w.id, 2), store.rater_count(w.id, 3)
            ) == (3, 1, 0)
    store.save_scores(w.id, w.ann.id, [(x, w.impact.id, None)], round_no=2)
    assert store.all_scores(w.id, 2).empty and len(store.all_scores(w.id, 1)) == 7


def test_a_score_on_a_deleted_criterion_is_refused_and_saves_nothing(store):
    w = seed(store)
    x = w.idea("X", shortlist=True)
    store.delete_criterion(w.id, None, w.cost.id)
    with pytest.raises(UnknownItem):
        store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 3), (x, w.cost.id, 4)])
    assert store.all_scores(w.id).empty


# ---- votes -----------------------------------------------------------------------------------


def test_place_dot_refuses_beyond_the_budget_with_a_reason_naming_it(store):
    """Budget 3, no cap: three dots land, the fourth is refused; taking one back frees it."""
    w = seed(store)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    for idea_id in (x, x, y):
        assert store.place_dot(w.id, w.bo.id, idea_id, 1, 3, None) is None
    reason = store.place_dot(w.id, w.bo.id, y, 1, 3, None)
    assert isinstance(reason, str) and "3" in reason
    assert rows(store.my_dots(w.id, w.bo.id, 1).sort_values("dots"), "idea_id", "dots") == [
        (y, 1), (x, 2)]
    assert store.remove_dot(w.id, w.bo.id, x, 1) is True
    assert store.place_dot(w.id, w.bo.id, y, 1, 3, None) is None
    assert sorted_rows(store.my_dots(w.id, w.bo.id, 1), "idea_id", "dots") == sorted(
        [(x, 1), (y, 2)], key=repr)


def test_place_dot_refuses_beyond_the_per_idea_cap_with_a_reason_naming_it(store):
    """Budget 5, cap 2: two dots on X land, a third is refused; Y still takes one."""
    w = seed(store)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    assert store.place_dot(w.id, w.bo.id, x, 1, 5, 2) is None
    assert store.place_dot(w.id, w.bo.id, x, 1, 5, 2) is None
    reason = store.place_dot(w.id, w.bo.id, x, 1, 5, 2)
    assert isinstance(reason, str) and "2" in reason
    assert reason != store.place_dot(w.id, w.bo.id, x, 1, 2, None)  # a budget refusal differs
    assert store.place_dot(w.id, w.bo.id, y, 1, 5, 2) is None
    assert store.place_dot(w.id, w.ann.id, x, 1, 5, 2) is None  # the cap is per voter
    assert sorted_rows(store.dot_totals(w.id, 1), "idea_id", "dots", "voters") == sorted(
        [(x, 3, 2), (y, 1, 1)], key=repr)


def test_place_dot_refuses_an_idea_that_is_not_shortlisted_and_logs_nothing(store):
    w = seed(store)
    z = w.idea("Z")
    events = len(store.list_events(w.id))
    reason = store.place_dot(w.id, w.bo.id, z, 1, 5, None)
    assert isinstance(reason, str) and reason
    assert store.my_dots(w.id, w.bo.id, 1).empty
    assert len(store.list_events(w.id)) == events


def test_remove_dot_takes_back_one_dot_and_says_false_when_there_was_none(store):
    w = seed(store)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    for _ in range(2):
        assert store.place_dot(w.id, w.bo.id, x, 1, 5, None) is None
    assert store.place_dot(w.id, w.ann.id, y, 1, 5, None) is None
    assert store.remove_dot(w.id, w.bo.id, x, 1) is True
    assert rows(store.my_dots(w.id, w.bo.id, 1), "idea_id", "dots") == [(x, 1)]
    assert store.remove_dot(w.id, w.bo.id, y, 1) is False  # Ann's dot is not Bo's to take
    assert store.remove_dot(w.id, w.bo.id, x, 2) is False  # nothing in round 2
    assert store.remove_dot(w.id, w.bo.id, x, 1) is True
    assert store.remove_dot(w.id, w.bo.id, x, 1) is False
    assert store.my_dots(w.id, w.bo.id, 1).empty
    assert rows(store.dot_totals(w.id, 1), "idea_id", "dots") == [(y, 1)]
    assert last_event(store, w.id)[:2] == ("dot.removed", "Bo")


def test_dot_totals_count_dots_and_distinct_voters_per_round(store):
    """Round 1: X gets Bo ×2 + Ann ×1 = 3 dots from 2 voters, Y Ann ×1. Round 2 (a fresh
    budget of 1): Bo ×1 on Y."""
    w = seed(store)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    for voter, idea_id in ((w.bo, x), (w.bo, x), (w.ann, x), (w.ann, y)):
        assert store.place_dot(w.id, voter.id, idea_id, 1, 5, None) is None
    assert store.place_dot(w.id, w.bo.id, y, 2, 1, None) is None
    assert sorted_rows(store.dot_totals(w.id, 1), "idea_id", "dots", "voters") == sorted(
        [(x, 3, 2), (y, 1, 1)], key=repr)
    assert rows(store.dot_totals(w.id, 2), "idea_id", "dots", "voters") == [(y, 1, 1)]
    assert rows(store.my_dots(w.id, w.bo.id, 2), "idea_id", "dots") == [(y, 1)]
    assert store.dot_totals(w.id, 3).empty


# ---- events ----------------------------------------------------------------------------------


def test_every_change_is_logged_once_newest_first_with_its_kind_and_actor(store):
    wid = store.create_workshop("Logged", "Goal", criteria=CRITERIA)
    ann = store.ensure_participant(wid, "Ann")
    bo = store.join_participant(wid, "Bo", "tok-bo")
    impact, cost = store.list_criteria(wid)
    steps: list[tuple[str, str, Callable[[], Any]]] = []
    made: dict[str, int] = {}

    def step(kind: str, actor: str, action: Callable[[], Any], name: str | None = None) -> None:
        before = len(store.list_events(wid, limit=10_000))
        result = action()
        if name:
            made[name] = result[0] if isinstance(result, list) else result
        assert len(store.list_events(wid, limit=10_000)) == before + 1, kind
        steps.append((kind, actor, action))

    step("workshop.updated", "Ann", lambda: store.update_workshop(wid, ann.id, title="T2"))
    step("engine.updated", "Ann", lambda: store.set_engine(wid, ann.id, "{}", {}))
    step("facilitator.granted", "Bo", lambda: store.grant_facilitator(wid, bo.id))
    step("segment.added", "Ann", lambda: store.add_segment(wid, ann.id, "S", ""), "seg")
    step("segment.updated", "Bo", lambda: store.update_segment(wid, bo.id, made["seg"], "S2", ""))
    step("need.added", "Ann", lambda: store.add_need(wid, ann.id, made["seg"], "N", 3, 3), "need")
    step("need.updated", "Ann",
         lambda: store.update_need(wid, ann.id, made["need"], made["seg"], "N2", 4, 2))
    step("evidence.added", "Bo", lambda: store.add_evidence(wid, bo.id, made["need"], "Q", ""))
    step("idea.added", "Ann", lambda: store.add_ideas(wid, ann.id, [("X", "")], []), "x")
    step("idea.added", "Bo", lambda: store.add_ideas(wid, bo.id, [("Y", "")], []), "y")
    step("idea.added", "—", lambda: store.add_ideas(wid, None, [("Z", "")], []), "z")
    step("idea.updated", "Ann", lambda: store.update_idea(wid, ann.id, made["x"], "X2", "",
                                                          [made["need"]]))
    step("shortlist.set", "Ann", lambda: store.set_shortlist(wid, ann.id, [made["x"], made["y"]]))
    step("moscow.set", "Ann", lambda: store.set_moscow(wid, ann.id, {made["x"]: "must"}))
    step("criterion.added", "Ann",
         lambda: store.add_criterion(wid, ann.id, "Reach", BENEFIT, 1, 5, 1.0), "reach")
    step("criteria.updated", "Ann",
         lambda: store.update_criteria(wid, ann.id, [(impact.id, "Value", BENEFIT, 2.0)]))
    step("scores.saved", "Bo", lambda: store.save_scores(wid, bo.id, [(made["x"], cost.id, 2)]))
    step("dot.placed", "Bo", lambda: store.place_dot(wid, bo.id, made["y"], 1, 5, None))
    step("dot.removed", "Bo", lambda: store.remove_dot(wid, bo.id, made["y"], 1))
    step("ideas.merged", "Ann",
         lambda: store.merge_ideas(wid, ann.id, made["x"], [made["y"]], "X+Y", ""))
    step("criterion.deleted", "Ann", lambda: store.delete_criterion(wid, ann.id, made["reach"]))
    step("idea.deleted", "Bo", lambda: store.delete_idea(wid, bo.id, made["z"]))
    step("need.deleted", "Ann", lambda: store.delete_need(wid, ann.id, made["need"]))
    step("segment.deleted", "Ann", lambda: store.delete_segment(wid, ann.id, made["seg"]))

    log = store.list_events(wid, limit=10_000)
    assert {"created_at", "actor", "kind", "detail"} <= set(log.columns)
    newest_first = [(kind, actor) for kind, actor, _ in reversed(steps)]
    assert rows(log, "kind", "actor")[:len(steps)] == newest_first
    assert rows(log, "kind", "actor")[len(steps):] == [
        ("participant.joined", "Bo"), ("participant.joined", "Ann"), ("workshop.created", "—")]
    assert json.loads(log["detail"].iloc[-1]) == {"title": "Logged"}
    assert all(isinstance(json.loads(d), dict) for d in log["detail"])
    stamps = list(log["created_at"])
    assert stamps == sorted(stamps, reverse=True)


def test_list_events_returns_at_most_limit_of_the_newest_and_keeps_workshops_apart(store):
    w = seed(store)
    other = store.create_workshop("Other", "")
    everything = kinds(store, w.id)
    assert everything == ["need.added", "need.added", "segment.added", "participant.joined",
                          "participant.joined", "workshop.created"]
    assert list(store.list_events(w.id, limit=2)["kind"]) == everything[:2]
    assert kinds(store, other) == ["workshop.created"]


# ---- refused writes change nothing ------------------------------------------------------------


@dataclass
class Scene:
    """Seed plus: X (tags a, shortlisted, scored, one dot, bucket 'must'), Y (shortlisted),
    M absorbed into Y, a quote on need_a; ids that existed and are gone (idea, need, segment,
    criterion, workshop with its participant); and a second live workshop's ids (foreign)."""

    w: Seed
    x: int
    y: int
    merged: int
    gone_idea: int
    gone_need: int
    gone_segment: int
    gone_criterion: int
    gone_workshop: int
    gone_participant: int
    other: Seed
    foreign_idea: int


def scene(store: Store) -> Scene:
    w = seed(store)
    x = w.idea("X", (w.need_a,), shortlist=True)
    y = w.idea("Y", shortlist=True)
    merged = w.idea("M", (w.need_b,), author=w.bo)
    store.merge_ideas(w.id, w.ann.id, y, [merged], "Y", "")
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 4), (y, w.cost.id, 2)])
    assert store.place_dot(w.id, w.bo.id, x, 1, 5, None) is None
    store.set_moscow(w.id, w.ann.id, {x: "must"})
    store.add_evidence(w.id, w.ann.id, w.need_a, "Quote", "Interview")
    gone_idea = w.idea("Gone")
    store.delete_idea(w.id, None, gone_idea)
    gone_segment = store.add_segment(w.id, None, "Gone", "")
    gone_need = store.add_need(w.id, None, gone_segment, "Gone need", 3, None)
    store.delete_need(w.id, None, gone_need)
    assert store.delete_segment(w.id, None, gone_segment) == 0
    gone_criterion = store.add_criterion(w.id, None, "Gone", BENEFIT, 1, 5, 1.0)
    store.delete_criterion(w.id, None, gone_criterion)
    dead = store.create_workshop("Dead", "")
    gone_participant = store.ensure_participant(dead, "Zed").id
    store.delete_workshop(dead)
    other = seed(store, "Other")
    foreign_idea = other.idea("Foreign", (other.need_a,), shortlist=True)
    store.save_scores(other.id, other.bo.id, [(foreign_idea, other.impact.id, 5)])
    store.add_evidence(other.id, None, other.need_a, "Foreign quote", "")
    return Scene(w, x, y, merged, gone_idea, gone_need, gone_segment, gone_criterion, dead,
                 gone_participant, other, foreign_idea)


def state(store: Store, s: Scene) -> dict[str, Any]:
    """Everything the Protocol can read about the scene's workshops."""
    out: dict[str, Any] = {
        "version": store.version,
        "workshops": rows(store.list_workshops(), "id", "title", "goal", "status", "ideas",
                          "participants", "updated_at"),
    }
    for wid in (s.w.id, s.other.id, s.gone_workshop):
        try:
            workshop: Any = store.get_workshop(wid)
        except UnknownWorkshop:
            workshop = None
        out[str(wid)] = {
            "workshop": workshop,
            "participants": rows(store.list_participants(wid), "id", "name", "ideas", "scores"),
            "facilitators": rows(store.progress(wid, 1), "id", "is_facilitator", "dots"),
            "segments": rows(store.list_segments(wid), "id", "name", "description", "needs"),
            "needs": rows(store.list_needs(wid), "id", "segment_id", "statement", "importance",
                          "satisfaction", "ideas", "evidence"),
            "evidence": sorted_rows(store.list_evidence(wid), "id", "need_id", "quote"),
            "ideas": rows(store.list_ideas(wid), "id", "title", "description", "shortlisted",
                          "need_ids", "authors", "merged_count"),
            "shortlist": ids(store.shortlist(wid)),
            "moscow": sorted_rows(store.moscow_buckets(wid), "idea_id", "moscow"),
            "criteria": store.list_criteria(wid),
            "scores": sorted_rows(store.all_scores(wid), "idea_id", "rater_id", "criterion_id",
                                  "value"),
            "dots": sorted_rows(store.dot_totals(wid, 1), "idea_id", "dots", "voters"),
            "events": len(store.list_events(wid, limit=10_000)),
        }
    out["merged"] = store.get_idea(s.merged)
    return out


REFUSALS: dict[str, tuple[type[Exception], Callable[[Store, Scene], Any]]] = {
    # a workshop that is gone
    "update a gone workshop": (
        UnknownWorkshop, lambda st, s: st.update_workshop(s.gone_workshop, None, title="Back")),
    "delete a gone workshop": (
        UnknownWorkshop, lambda st, s: st.delete_workshop(s.gone_workshop)),
    "set the engine of a gone workshop": (
        UnknownWorkshop, lambda st, s: st.set_engine(s.gone_workshop, None, '{"a": 1}', {"a": 1})),
    "ensure a participant in a gone workshop": (
        UnknownWorkshop, lambda st, s: st.ensure_participant(s.gone_workshop, "Ann")),
    "join a gone workshop": (
        UnknownWorkshop, lambda st, s: st.join_participant(s.gone_workshop, "Ann", "tok")),
    "add a segment to a gone workshop": (
        UnknownWorkshop, lambda st, s: st.add_segment(s.gone_workshop, None, "S", "")),
    "add ideas to a gone workshop": (
        UnknownWorkshop, lambda st, s: st.add_ideas(s.gone_workshop, None, [("I", "")], [])),
    "add a criterion to a gone workshop": (
        UnknownWorkshop,
        lambda st, s: st.add_criterion(s.gone_workshop, None, "C", BENEFIT, 1, 5, 1.0)),
    "update criteria of a gone workshop": (
        UnknownWorkshop,
        lambda st, s: st.update_criteria(s.gone_workshop, None,
                                         [(s.w.impact.id, "Value", BENEFIT, 2.0)])),
    "set the shortlist of a gone workshop": (
        UnknownWorkshop, lambda st, s: st.set_shortlist(s.gone_workshop, None, [])),
    "save scores in a gone workshop": (
        UnknownWorkshop,
        lambda st, s: st.save_scores(s.gone_workshop, s.w.bo.id, [(s.x, s.w.impact.id, 1)])),
    # people
    "grant facilitator to a gone participant": (
        UnknownItem, lambda st, s: st.grant_facilitator(s.w.id, s.gone_participant)),
    "grant facilitator to someone of another workshop": (
        UnknownItem, lambda st, s: st.grant_facilitator(s.w.id, s.other.bo.id)),
    # segments, needs, evidence
    "update a gone segment": (
        UnknownItem, lambda st, s: st.update_segment(s.w.id, None, s.gone_segment, "S", "")),
    "update a segment of another workshop": (
        UnknownItem, lambda st, s: st.update_segment(s.w.id, None, s.other.segment, "S", "")),
    "delete a gone segment": (
        UnknownItem, lambda st, s: st.delete_segment(s.w.id, None, s.gone_segment)),
    "add a need to a gone segment": (
        UnknownItem, lambda st, s: st.add_need(s.w.id, None, s.gone_segment, "N", 3, None)),
    "add a need to a segment of another workshop": (
        UnknownItem, lambda st, s: st.add_need(s.w.id, None, s.other.segment, "N", 3, None)),
    "update a gone need": (
        UnknownItem,
        lambda st, s: st.update_need(s.w.id, None, s.gone_need, s.w.segment, "N", 3, None)),
    "move a need into a gone segment": (
        UnknownItem,
        lambda st, s: st.update_need(s.w.id, None, s.w.need_a, s.gone_segment, "N", 3, None)),
    "delete a gone need": (
        UnknownItem, lambda st, s: st.delete_need(s.w.id, None, s.gone_need)),
    "delete a need of another workshop": (
        UnknownItem, lambda st, s: st.delete_need(s.w.id, None, s.other.need_a)),
    "add evidence to a gone need": (
        UnknownItem, lambda st, s: st.add_evidence(s.w.id, None, s.gone_need, "Q", "")),
    # ideas
    "add ideas tagged to a gone need": (
        UnknownItem,
        lambda st, s: st.add_ideas(s.w.id, None, [("I", ""), ("J", "")],
                                   [s.w.need_a, s.gone_need])),
    "add ideas tagged to a need of another workshop": (
        UnknownItem, lambda st, s: st.add_ideas(s.w.id, None, [("I", "")], [s.other.need_a])),
    "update a gone idea": (
        UnknownItem, lambda st, s: st.update_idea(s.w.id, None, s.gone_idea, "I", "", [])),
    "update a merged-away idea": (
        UnknownItem, lambda st, s: st.update_idea(s.w.id, None, s.merged, "I", "", [])),
    "update an idea of another workshop": (
        UnknownItem, lambda st, s: st.update_idea(s.w.id, None, s.foreign_idea, "I", "", [])),
    "tag an idea to a gone need": (
        UnknownItem,
        lambda st, s: st.update_idea(s.w.id, None, s.x, "Renamed", "", [s.gone_need])),
    "delete a gone idea": (
        UnknownItem, lambda st, s: st.delete_idea(s.w.id, None, s.gone_idea)),
    "delete a merged-away idea": (
        UnknownItem, lambda st, s: st.delete_idea(s.w.id, None, s.merged)),
    "delete an idea of another workshop": (
        UnknownItem, lambda st, s: st.delete_idea(s.w.id, None, s.foreign_idea)),
    "shortlist a gone idea": (
        UnknownItem, lambda st, s: st.set_shortlist(s.w.id, None, [s.y, s.gone_idea])),
    "shortlist a merged-away idea": (
        UnknownItem, lambda st, s: st.set_shortlist(s.w.id, None, [s.merged])),
    "bucket a gone idea": (
        UnknownItem, lambda st, s: st.set_moscow(s.w.id, None, {s.x: None, s.gone_idea: "must"})),
    "merge a gone idea": (
        UnknownItem, lambda st, s: st.merge_ideas(s.w.id, None, s.x, [s.gone_idea], "M", "")),
    "merge into a gone idea": (
        UnknownItem, lambda st, s: st.merge_ideas(s.w.id, None, s.gone_idea, [s.x], "M", "")),
    "merge an idea of another workshop": (
        UnknownItem, lambda st, s: st.merge_ideas(s.w.id, None, s.x, [s.foreign_idea], "M", "")),
    # criteria and scores
    "update a gone criterion among good changes": (
        UnknownItem,
        lambda st, s: st.update_criteria(s.w.id, None, [(s.w.impact.id, "Value", BENEFIT, 3.0),
                                                        (s.gone_criterion, "G", COST, 1.0)])),
    "update a criterion of another workshop": (
        UnknownItem,
        lambda st, s: st.update_criteria(s.w.id, None,
                                         [(s.other.impact.id, "Value", BENEFIT, 3.0)])),
    "delete a gone criterion": (
        UnknownItem, lambda st, s: st.delete_criterion(s.w.id, None, s.gone_criterion)),
    "delete a criterion of another workshop": (
        UnknownItem, lambda st, s: st.delete_criterion(s.w.id, None, s.other.impact.id)),
    "score a gone idea among good rows": (
        UnknownItem,
        lambda st, s: st.save_scores(s.w.id, s.w.bo.id, [(s.x, s.w.impact.id, 1),
                                                         (s.gone_idea, s.w.impact.id, 2)])),
    "score a merged-away idea": (
        UnknownItem,
        lambda st, s: st.save_scores(s.w.id, s.w.ann.id, [(s.merged, s.w.cost.id, 2)])),
    "score an idea of another workshop": (
        UnknownItem,
        lambda st, s: st.save_scores(s.w.id, s.w.ann.id, [(s.foreign_idea, s.w.cost.id, 2)])),
    "score as a person of another workshop": (
        UnknownItem,
        lambda st, s: st.save_scores(s.w.id, s.other.ann.id, [(s.x, s.w.impact.id, 2)])),
    "score on a criterion of another workshop": (
        UnknownItem,
        lambda st, s: st.save_scores(s.w.id, s.w.ann.id, [(s.x, s.other.impact.id, 2)])),
    # votes
    "place a dot on a gone idea": (
        UnknownItem, lambda st, s: st.place_dot(s.w.id, s.w.bo.id, s.gone_idea, 1, 5, None)),
    "place a dot on a merged-away idea": (
        UnknownItem, lambda st, s: st.place_dot(s.w.id, s.w.bo.id, s.merged, 1, 5, None)),
    "place a dot on an idea of another workshop": (
        UnknownItem, lambda st, s: st.place_dot(s.w.id, s.w.bo.id, s.foreign_idea, 1, 5, None)),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_write_raises_its_named_error_and_changes_nothing(store, case):
    error, action = REFUSALS[case]
    s = scene(store)
    before = state(store, s)
    with pytest.raises(error):
        action(store, s)
    assert state(store, s) == before


def test_the_refusal_check_would_notice_a_change(store):
    """Guard against a vacuous ``state``: each kind of change it should see, it sees."""
    s = scene(store)
    before = state(store, s)
    changes = [
        lambda: store.update_segment(s.w.id, None, s.w.segment, "Renamed", ""),
        lambda: store.add_evidence(s.other.id, None, s.other.need_a, "More", ""),
        lambda: store.set_moscow(s.w.id, None, {s.x: "could"}),
        lambda: store.place_dot(s.w.id, s.w.ann.id, s.x, 1, 5, None),
        lambda: store.grant_facilitator(s.w.id, s.w.bo.id),
        lambda: store.save_scores(s.other.id, s.other.ann.id, [(s.foreign_idea,
                                                                s.other.cost.id, 1)]),
    ]
    for change in changes:
        change()
        after = state(store, s)
        assert after != before
        before = after


# ---- a need with its new segment, in one go (issue 17) ------------------------------------------


def test_a_need_in_a_new_segment_is_added_with_its_segment_in_one_write(store):
    w = seed(store)
    version = store.version
    made = store.add_need_in_new_segment(w.id, w.bo.id, "Agencies", "Many clients",
                                         "White label", 4, None)
    assert made is not None
    segment, need = made
    assert store.version == version + 1                       # one transaction, not two
    assert rows(store.list_segments(w.id), "id", "name", "description", "needs")[-1] == (
        segment, "Agencies", "Many clients", 1)
    listed = store.list_needs(w.id).set_index("id")
    assert (listed.loc[need, "segment_id"], listed.loc[need, "statement"],
            listed.loc[need, "importance"]) == (segment, "White label", 4)
    assert pd.isna(listed.loc[need, "satisfaction"])
    assert kinds(store, w.id)[:2] == ["need.added", "segment.added"]
    assert last_event(store, w.id)[:2] == ("need.added", "Bo")


@pytest.mark.parametrize("name", ["SMB owners", "smb OWNERS", "SMB \u043ewners"],
                         ids=["same", "other case", "look-alike letter"])
def test_a_new_segment_with_a_taken_name_writes_nothing_and_returns_none(store, name):
    w = seed(store)
    before = (store.version, rows(store.list_segments(w.id), "id", "name"),
              rows(store.list_needs(w.id), "id"), kinds(store, w.id))
    assert store.add_need_in_new_segment(w.id, w.ann.id, name, "", "White label", 4, 2) is None
    assert (store.version, rows(store.list_segments(w.id), "id", "name"),
            rows(store.list_needs(w.id), "id"), kinds(store, w.id)) == before


def test_a_segment_name_taken_in_another_workshop_is_free_here(store):
    w = seed(store)
    other = store.create_workshop("Other", "")
    assert store.add_need_in_new_segment(other, None, "SMB owners", "", "Fast setup", 5,
                                         None) is not None
    assert rows(store.list_segments(w.id), "name") == [("SMB owners",)]


def test_a_need_in_a_new_segment_of_a_gone_workshop_raises_unknown_workshop(store):
    gone = gone_workshop(store)
    with pytest.raises(UnknownWorkshop):
        store.add_need_in_new_segment(gone, None, "Agencies", "", "White label", 4, None)
    assert store.list_segments(gone).empty and store.list_needs(gone).empty


# ---- unmerge ---------------------------------------------------------------------------------


def _votes(store: Store, workshop_id: int, *voters: Participant) -> list[tuple]:
    """(voter name, idea id, dots) for each voter, round 1, sorted."""
    return sorted((v.name, int(i), int(d)) for v in voters
                  for i, d in rows(store.my_dots(workshop_id, v.id, 1), "idea_id", "dots"))


def test_unmerging_restores_originals_tags_votes_title_and_shortlist(store):
    """X (tag a, shortlisted, 1 dot of Bo) absorbs Y (tags a, b, not shortlisted, 2 dots of
    Ann): X gains tag b, 3 dots. Unmerging gives back exactly the state before."""
    w = seed(store)
    x = w.idea("X", (w.need_a,), shortlist=True)
    y = w.idea("Y", (w.need_a, w.need_b), author=w.bo, shortlist=True)
    assert store.place_dot(w.id, w.bo.id, x, 1, 5, None) is None
    for _ in range(2):
        assert store.place_dot(w.id, w.ann.id, y, 1, 5, None) is None
    store.set_shortlist(w.id, None, [x])
    before_ideas = rows(store.list_ideas(w.id), "id", "title", "description", "shortlisted",
                        "need_ids", "merged_count")
    before_votes = _votes(store, w.id, w.ann, w.bo)
    merge_id = store.merge_ideas(w.id, w.ann.id, x, [y], "X and Y", "Both")
    assert _votes(store, w.id, w.ann, w.bo) == [("Ann", x, 2), ("Bo", x, 1)]
    assert sorted(store.get_idea(x).need_ids) == sorted([w.need_a, w.need_b])
    result = store.unmerge(w.id, w.ann.id, merge_id)
    assert result == {"restored": [y], "dots_back": 0, "dots_not_back": 0}
    assert rows(store.list_ideas(w.id), "id", "title", "description", "shortlisted",
                "need_ids", "merged_count") == before_ideas
    assert _votes(store, w.id, w.ann, w.bo) == before_votes
    assert last_event(store, w.id)[0] == "ideas.unmerged"


def test_unmerging_returns_refunded_dots_while_the_budget_allows(store):
    """Cap 1, budget 2: Bo has 1 dot on X and 1 on Y; the merge refunds his Y dot. If he
    spends it on Z, unmerging cannot give it back (dots_not_back 1); if not, it comes back."""
    for spend in (False, True):
        w = seed(store, f"Refunds {spend}")
        store.update_workshop(w.id, None, dot_cap=1, dot_budget=2)
        x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
        z = w.idea("Z", shortlist=True)
        for idea_id in (x, y):
            assert store.place_dot(w.id, w.bo.id, idea_id, 1, 2, 1) is None
        merge_id = store.merge_ideas(w.id, None, x, [y], "X+Y", "")
        assert _votes(store, w.id, w.bo) == [("Bo", x, 1)]
        if spend:
            assert store.place_dot(w.id, w.bo.id, z, 1, 2, 1) is None
        result = store.unmerge(w.id, None, merge_id)
        assert (result["dots_back"], result["dots_not_back"]) == ((0, 1) if spend else (1, 0))
        assert _votes(store, w.id, w.bo) == sorted(
            [("Bo", x, 1), ("Bo", z, 1)] if spend else [("Bo", x, 1), ("Bo", y, 1)])


def test_scores_given_to_the_kept_idea_after_a_merge_stay_and_the_originals_count_again(store):
    """Bo scored X 4 and Y 2 on Impact; Y merged into X; Ann then scores X 5. After the
    unmerge: X's mean (4 + 5) / 2 = 4.5 from 2 raters, Y's 2 from Bo again."""
    w = seed(store)
    x, y = w.idea("X", shortlist=True), w.idea("Y", shortlist=True)
    store.save_scores(w.id, w.bo.id, [(x, w.impact.id, 4), (y, w.impact.id, 2)])
    merge_id = store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    store.save_scores(w.id, w.ann.id, [(x, w.impact.id, 5)])
    store.unmerge(w.id, None, merge_id)
    assert sorted_rows(store.score_means(w.id), "idea_id", "mean", "n") == sorted(
        [(x, 4.5, 2), (y, 2.0, 1)])
    assert ids(store.shortlist(w.id)) == [x, y]


def test_only_the_latest_merge_into_an_idea_can_be_undone_first(store):
    """Y into X, then Z into X: undoing the first is refused until the second is undone;
    a merge of X into V must be undone before either."""
    w = seed(store)
    x, y, z, v = (w.idea(t) for t in "XYZV")
    first = store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    second = store.merge_ideas(w.id, None, x, [z], "X+Y+Z", "")
    third = store.merge_ideas(w.id, None, v, [x], "All", "")
    assert rows(store.list_merges(w.id), "id", "undoable") == [
        (third, True), (second, False), (first, False)]
    with pytest.raises(WorkbenchError, match="later: undo that merge first"):
        store.unmerge(w.id, None, second)
    store.unmerge(w.id, None, third)
    assert (store.get_idea(y).merged_into, store.get_idea(z).merged_into) == (x, x)
    with pytest.raises(WorkbenchError, match="has a later merge"):
        store.unmerge(w.id, None, first)
    store.unmerge(w.id, None, second)
    store.unmerge(w.id, None, first)
    assert rows(store.list_ideas(w.id), "id", "title", "merged_count") == [
        (x, "X", 0), (y, "Y", 0), (z, "Z", 0), (v, "V", 0)]
    with pytest.raises(WorkbenchError, match="already been undone"):
        store.unmerge(w.id, None, first)


def test_unmerging_keeps_an_edit_made_after_the_merge_and_refuses_unknown_merges(store):
    w = seed(store)
    x, y = w.idea("X"), w.idea("Y")
    merge_id = store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    store.update_idea(w.id, None, x, "Edited since", "", [])
    other = seed(store, "Other")
    with pytest.raises(WorkbenchError, match="no such merge"):
        store.unmerge(other.id, None, merge_id)
    store.unmerge(w.id, None, merge_id)
    assert store.get_idea(x).title == "Edited since"
    assert ids(store.list_ideas(w.id)) == [x, y]


def test_deleting_a_kept_idea_or_its_workshop_drops_its_merges(store):
    w = seed(store)
    x, y, z = w.idea("X"), w.idea("Y"), w.idea("Z")
    store.merge_ideas(w.id, None, x, [y], "X+Y", "")
    kept = store.merge_ideas(w.id, None, z, [w.idea("Q")], "Z+Q", "")
    store.delete_idea(w.id, None, x)
    assert ids(store.list_merges(w.id)) == [kept]
    store.delete_workshop(w.id)
    assert store.list_merges(w.id).empty



def test_the_brainstorm_focus_is_set_cleared_and_forgets_a_deleted_need(store):
    """focus_need: None at first; the need set; None once cleared; and None when the need it
    names is deleted (the pointer is not followed to a gone need). Each change is logged."""
    w = seed(store)
    assert store.focus_need(w.id) is None
    store.set_focus_need(w.id, w.ann.id, w.need_b)
    assert store.focus_need(w.id) == w.need_b
    store.set_focus_need(w.id, w.ann.id, None)
    assert store.focus_need(w.id) is None
    store.set_focus_need(w.id, None, w.need_a)
    store.delete_need(w.id, None, w.need_a)
    assert store.focus_need(w.id) is None
    kinds = store.list_events(w.id)["kind"].tolist()
    assert kinds.count("focus.set") == 3


def test_the_brainstorm_focus_refuses_another_workshops_need_and_a_gone_workshop(store):
    w, other = seed(store), seed(store, "Other")
    store.set_focus_need(w.id, None, w.need_a)
    with pytest.raises(UnknownItem):
        store.set_focus_need(w.id, None, other.need_a)
    assert store.focus_need(w.id) == w.need_a
    assert store.focus_need(other.id) is None
    with pytest.raises(UnknownWorkshop):
        store.set_focus_need(gone_workshop(store), None, None)


# ---- similar ideas: vectors per engine, notes ----------------------------------------------


def test_idea_vectors_are_kept_per_engine_and_replaced_in_one_write(store):
    """Two engines' vectors for the same idea live side by side; saving again replaces the
    (idea, engine) row — hash and vector — and leaves the other engine's alone."""
    w = seed(store)
    a, b = w.idea("Dark mode"), w.idea("CSV export")
    store.save_idea_vectors([(a, "e1", "h1", [0.6, 0.8]), (b, "e1", "h2", [1.0, 0.0]),
                             (a, "e2", "x", [0.0, 1.0, 0.0])])
    store.save_idea_vectors([(a, "e1", "h3", [0.8, 0.6])])
    got = store.idea_vectors(w.id, "e1")
    assert [(int(i), h, [round(float(x), 3) for x in v]) for i, h, v in
            zip(got["idea_id"], got["text_hash"], got["vector"], strict=True)] == sorted(
        [(a, "h3", [0.8, 0.6]), (b, "h2", [1.0, 0.0])])
    assert ids(store.idea_vectors(w.id, "e2"), "idea_id") == [a]
    assert store.idea_vectors(w.id, "none").empty
    store.save_idea_vectors([])  # nothing to save is not an error


def test_idea_vectors_cover_only_the_workshops_live_ideas(store):
    w, other = seed(store), seed(store, "Other")
    keep, gone, elsewhere = w.idea("Keep"), w.idea("Folded"), other.idea("Elsewhere")
    store.save_idea_vectors([(i, "e", "h", [1.0]) for i in (keep, gone, elsewhere)])
    store.merge_ideas(w.id, None, keep, [gone], "Keep", "")
    assert ids(store.idea_vectors(w.id, "e"), "idea_id") == [keep]
    assert ids(store.idea_vectors(other.id, "e"), "idea_id") == [elsewhere]


def test_a_note_is_added_to_a_live_idea_with_its_author_and_logged(store):
    w = seed(store)
    idea = w.idea("Dark mode")
    note = store.add_idea_note(w.id, w.bo.id, idea, "A night theme for the phone app")
    assert isinstance(note, int)
    assert rows(store.idea_notes(w.id), "idea_id", "text", "author") == [
        (idea, "A night theme for the phone app", "Bo")]
    assert last_event(store, w.id)[0] == "idea.note_added"


def test_a_note_on_a_merged_away_or_foreign_idea_is_refused_and_nothing_is_added(store):
    w, other = seed(store), seed(store, "Other")
    keep, gone, foreign = w.idea("Keep"), w.idea("Folded"), other.idea("Elsewhere")
    store.merge_ideas(w.id, None, keep, [gone], "Keep", "")
    for idea in (gone, foreign):
        with pytest.raises(UnknownItem):
            store.add_idea_note(w.id, w.ann.id, idea, "text")
    assert store.idea_notes(w.id).empty and store.idea_notes(other.id).empty


def test_notes_of_an_idea_show_under_the_idea_it_was_merged_into(store):
    w = seed(store)
    keep, gone = w.idea("Keep"), w.idea("Folded")
    store.add_idea_note(w.id, None, gone, "said first")
    store.merge_ideas(w.id, None, keep, [gone], "Keep", "")
    assert rows(store.idea_notes(w.id), "idea_id", "text", "author") == [
        (keep, "said first", "")]


def _theme_of(store: Store, workshop_id: int) -> dict[int, str]:
    return dict(rows(store.idea_themes(workshop_id), "idea_id", "theme"))


def test_a_theme_suggestion_assigns_ideas_and_replaces_the_last_one(store):
    w = seed(store)
    a, b, c = w.idea("Dark mode"), w.idea("Night theme"), w.idea("Invoice export")
    store.apply_theme_suggestion(w.id, None, [("dark · night", [a, b]), ("invoice", [c])])
    assert _theme_of(store, w.id) == {a: "dark · night", b: "dark · night", c: "invoice"}
    store.apply_theme_suggestion(w.id, None, [("all", [a, b, c])])
    assert _theme_of(store, w.id) == {a: "all", b: "all", c: "all"}
    assert rows(store.themes(w.id), "name", "named", "ideas") == [("all", False, 3)]
    assert last_event(store, w.id)[0] == "themes.suggested"


def test_pinned_ideas_and_renamed_themes_survive_a_new_suggestion(store):
    w = seed(store)
    a, b, c = w.idea("Dark mode"), w.idea("Night theme"), w.idea("Invoice export")
    first, second = store.apply_theme_suggestion(w.id, None, [("x", [a, b]), ("y", [c])])
    store.rename_theme(w.id, None, first, "Looks")
    store.move_idea(w.id, None, c, first)
    store.apply_theme_suggestion(w.id, None, [("Looks", [a]), ("z", [b, c])])
    assert _theme_of(store, w.id) == {a: "Looks", b: "z", c: "Looks"}
    assert dict(rows(store.idea_themes(w.id), "idea_id", "pinned")) == {
        a: False, b: False, c: True}
    assert sorted(rows(store.themes(w.id), "name", "ideas")) == [("Looks", 2), ("z", 1)]
    assert first in ids(store.themes(w.id)) and second not in ids(store.themes(w.id))


def test_join_and_split_move_ideas_and_pin_them(store):
    w = seed(store)
    a, b, c = w.idea("Dark mode"), w.idea("Night theme"), w.idea("Invoice export")
    t1, t2 = store.apply_theme_suggestion(w.id, None, [("x", [a, b]), ("y", [c])])
    store.join_themes(w.id, None, t1, [t2])
    assert _theme_of(store, w.id) == {a: "x", b: "x", c: "x"}
    assert ids(store.themes(w.id)) == [t1]
    new = store.split_theme(w.id, None, t1, [c], "Money")
    assert _theme_of(store, w.id) == {a: "x", b: "x", c: "Money"}
    assert rows(store.themes(w.id), "id", "name", "ideas") == [(new, "Money", 1), (t1, "x", 2)]
    assert last_event(store, w.id)[0] == "theme.split"


def test_theme_fixes_across_workshops_or_on_merged_ideas_are_refused(store):
    w, other = seed(store), seed(store, "Other")
    a, b, gone = w.idea("A"), w.idea("B"), w.idea("Gone")
    foreign = other.idea("Elsewhere")
    (mine,) = store.apply_theme_suggestion(w.id, None, [("x", [a, b, gone])])
    (theirs,) = store.apply_theme_suggestion(other.id, None, [("y", [foreign])])
    store.merge_ideas(w.id, None, a, [gone], "A", "")
    with pytest.raises(UnknownItem):
        store.move_idea(w.id, None, foreign, mine)
    with pytest.raises(UnknownItem):
        store.move_idea(w.id, None, a, theirs)
    with pytest.raises(UnknownItem):
        store.move_idea(w.id, None, gone, mine)
    with pytest.raises(UnknownItem):
        store.join_themes(w.id, None, mine, [theirs])
    with pytest.raises(UnknownItem):
        store.split_theme(w.id, None, mine, [foreign], "New")
    with pytest.raises(InvalidInput):  # an idea of the workshop, but in no theme
        store.split_theme(w.id, None, mine, [w.idea("Loose")], "New")
    store.rename_theme(w.id, None, mine, "Taken")
    with pytest.raises(InvalidInput):
        store.split_theme(w.id, None, mine, [b], "TAKEN")
    extra = store.split_theme(w.id, None, mine, [b], "Other name")
    with pytest.raises(InvalidInput):
        store.rename_theme(w.id, None, extra, "taken")
    assert _theme_of(store, w.id) == {a: "Taken", b: "Other name"}
    assert _theme_of(store, other.id) == {foreign: "y"}


def test_deleting_an_idea_or_workshop_removes_its_theme_rows(store):
    w = seed(store)
    a, b = w.idea("A"), w.idea("B")
    store.apply_theme_suggestion(w.id, None, [("x", [a, b])])
    store.delete_idea(w.id, None, a)
    assert _theme_of(store, w.id) == {b: "x"}
    store.delete_workshop(w.id)
    counts = store.write(lambda cur: cur.execute(
        "SELECT (SELECT count(*) FROM themes), (SELECT count(*) FROM idea_themes)").fetchone())
    assert counts == (0, 0)


# ---- imports (h-import) -----------------------------------------------------------------------

def _batch(keys: Sequence[str], titles: Sequence[str], **extra: Any):
    from workbench.store import ImportBatch
    return ImportBatch(keys=keys, titles=titles, descriptions=[""] * len(keys),
                       statuses=["To Do"] * len(keys), **extra)


def test_an_import_adds_ideas_criteria_and_the_imported_raters_scores_in_one_event(store):
    """Two rows, one new criterion "Points" (free 0–8), a score on each: 2 scores."""
    wid = store.create_workshop("W", "", criteria=CRITERIA)
    counts = store.apply_import(wid, None, _batch(
        ["K-1", "K-2"], ["Alpha", "Beta"], themes=[["Payments"], []],
        scores=[(0, "new:Points", 5.0), (1, "new:Points", 3.0)],
        new_criteria={"new:Points": ("Points", COST, 0.0, 8.0, "free", "")}))
    assert counts == {"added": 2, "updated": 0, "skipped_merged": 0, "criteria_added": 1,
                      "scores": 2}
    rater = store.imported_rater(wid)
    assert rater is not None and store.get_participant(rater).name == "Imported"
    assert set(store.import_keys(wid)) == {"K-1", "K-2"}
    assert sorted(store.shortlist(wid)["title"]) == ["Alpha", "Beta"]
    points = [c for c in store.list_criteria(wid) if c.name == "Points"]
    assert len(points) == 1 and points[0].scale == "free" and points[0].is_cost
    assert sorted(store.scores_of(wid, rater)["value"]) == [3.0, 5.0]
    assert store.themes(wid)["name"].tolist() == ["Payments"]
    assert store.list_events(wid)["kind"].iloc[0] == "import"
    assert store.participant_count(wid) == 0 and store.progress(wid, 1).empty


def test_a_second_import_updates_by_key_and_reuses_criterion_and_rater(store):
    wid = store.create_workshop("W", "", criteria=CRITERIA)
    new = {"new:Points": ("Points", COST, 0.0, 8.0, "free", "")}
    store.apply_import(wid, None, _batch(["K-1"], ["Alpha"], scores=[(0, "new:Points", 5.0)],
                                         new_criteria=new))
    rater = store.imported_rater(wid)
    counts = store.apply_import(wid, None, _batch(
        ["K-1", "K-3"], ["Alpha v2", "Gamma"], scores=[(0, "new:Points", 8.0)],
        new_criteria=new))
    assert (counts["added"], counts["updated"], counts["criteria_added"]) == (1, 1, 0)
    assert sorted(store.list_ideas(wid)["title"]) == ["Alpha v2", "Gamma"]
    assert store.imported_rater(wid) == rater
    assert store.scores_of(wid, rater)["value"].tolist() == [8.0]


def test_an_import_naming_a_gone_criterion_or_workshop_writes_nothing(store):
    wid = store.create_workshop("W", "", criteria=CRITERIA)
    with pytest.raises(UnknownItem):
        store.apply_import(wid, None, _batch(["K-1"], ["Alpha"], criteria={"c": NEVER},
                                             scores=[(0, "c", 1.0)]))
    assert store.list_ideas(wid).empty and store.imported_rater(wid) is None
    with pytest.raises(UnknownWorkshop):
        store.apply_import(NEVER, None, _batch(["K-1"], ["Alpha"]))


# ---- whole-workshop copies (backup and restore) ----------------------------------------------


def test_new_ids_are_fresh_distinct_and_ascending(store):
    wid = store.create_workshop("Ids", "", criteria=[("Impact", BENEFIT, 1.0)])
    ids = store.new_ids(5)
    assert ids == sorted(ids) and len(set(ids)) == 5 and wid not in ids
    assert store.new_ids(0) == []
    assert not set(ids) & set(store.new_ids(3))


def test_workshop_tables_reads_one_workshop_and_a_copy_reads_back(store):
    wid = store.create_workshop("Original", "Goal", criteria=[("Impact", BENEFIT, 1.0)])
    store.create_workshop("Other", "", criteria=[("Cost", COST, 2.0)])
    ann = store.ensure_participant(wid, "Ann")
    rows = store.workshop_tables(wid, [("workshops", ("id", "title")),
                                       ("participants", ("id", "name", "name_key", "slot")),
                                       ("criteria", ("id", "name", "direction", "scale_min",
                                                     "scale_max", "weight", "position"))])
    assert rows["workshops"] == (["id", "title"], [(wid, "Original")])
    assert rows["participants"][1] == [(ann.id, "Ann", "ann", 0)]
    assert [r[1] for r in rows["criteria"][1]] == ["Impact"]
    with pytest.raises(UnknownWorkshop):
        store.workshop_tables(10**9, [("workshops", ("id",))])
    before = len(store.list_workshops())  # a shared read: the copy must invalidate it
    new_wid, new_ann, new_crit = store.new_ids(3)
    copied = store.insert_workshop_copy({
        "workshops": (["id", "title", "goal", "join_code"], [(new_wid, "Copy", "", "COPY123")]),
        "participants": (["workshop_id", "id", "name", "name_key", "slot"],
                         [(new_wid, new_ann, "Ann", "ann", 0)]),
        "criteria": (["workshop_id", "id", "name", "direction", "scale_min", "scale_max",
                      "weight", "position"],
                     [(new_wid, new_crit, "Impact", BENEFIT, 1.0, 5.0, 1.0, 0)])},
        None, {"title": "Copy"})
    assert copied == new_wid
    assert len(store.list_workshops()) == before + 1
    assert store.get_workshop(new_wid).title == "Copy"
    assert [c.name for c in store.list_criteria(new_wid)] == ["Impact"]
    assert store.list_participants(new_wid)["name"].tolist() == ["Ann"]


def test_a_copy_that_fails_on_any_row_writes_nothing(store):
    before = len(store.list_workshops())
    new_wid, a, b = store.new_ids(3)
    with pytest.raises(Conflict):
        store.insert_workshop_copy({
            "workshops": (["id", "title"], [(new_wid, "Copy")]),
            "participants": (["workshop_id", "id", "name", "name_key", "slot"],
                             [(new_wid, a, "Ann", "ann", 0), (new_wid, b, "ANN", "ann", 1)])},
            None, {})
    assert len(store.list_workshops()) == before
    with pytest.raises(UnknownWorkshop):
        store.get_workshop(new_wid)


# ---- decisions and the activity log (h-report) -----------------------------------------------


def _decided(store: Store) -> tuple[int, int, int, int]:
    wid = store.create_workshop("Decisions", "", criteria=CRITERIA)
    ann = store.ensure_participant(wid, "Ann").id
    a, b = store.add_ideas(wid, ann, [("Dark mode", ""), ("SSO", "")], ())
    return wid, ann, a, b


def test_a_decision_is_appended_and_the_latest_per_idea_counts(store):
    wid, ann, a, b = _decided(store)
    store.record_decision(wid, ann, a, "go", "First")
    store.record_decision(wid, ann, a, "no", "Second")
    store.record_decision(wid, None, b, "later", "Third")
    current = store.decisions(wid)
    assert current[["idea_id", "decision", "rationale", "actor"]].values.tolist() == [
        [a, "no", "Second", "Ann"], [b, "later", "Third", ""]]
    assert store.decision_history(wid)["rationale"].tolist() == ["Third", "Second", "First"]
    assert store.list_events(wid, 1)["kind"].tolist() == ["decision.recorded"]


def test_a_decision_on_a_merged_away_foreign_or_unknown_idea_is_refused(store):
    wid, ann, a, b = _decided(store)
    other = store.create_workshop("Other", "")
    (foreign,) = store.add_ideas(other, None, [("Theirs", "")], ())
    store.merge_ideas(wid, ann, a, [b], "Dark mode", "")
    for idea in (b, foreign, NEVER):
        with pytest.raises(UnknownItem):
            store.record_decision(wid, ann, idea, "go", "Why")
    with pytest.raises(UnknownWorkshop):
        store.record_decision(NEVER, ann, a, "go", "Why")
    assert store.decision_history(wid).empty


def test_event_pages_filter_by_kind_actor_and_time_and_page_newest_first(store):
    """Events: workshop.created, participant.joined (Ann), idea.added, 3 decisions = 6."""
    wid, ann, a, b = _decided(store)
    for n in range(3):
        store.record_decision(wid, ann, a, "go", f"Reason {n}")
    assert store.event_count(wid) == 6
    assert store.event_kinds(wid) == ["decision.recorded", "idea.added", "participant.joined",
                                      "workshop.created"]
    page = store.event_page(wid, limit=4)
    assert page["kind"].tolist() == ["decision.recorded"] * 3 + ["idea.added"]
    assert store.event_page(wid, limit=4, offset=4)["kind"].tolist() == [
        "participant.joined", "workshop.created"]
    assert store.event_count(wid, kinds=["idea.added", "workshop.created"]) == 2
    assert set(store.event_page(wid, actor_id=ann)["actor"]) == {"Ann"}
    assert store.event_count(wid, actor_id=ann) == 5
    later = datetime(2999, 1, 1)
    assert store.event_count(wid, since=later) == 0
    assert store.event_count(wid, until=later) == 6



# ---- journey stages and customer feedback (h-journey) -----------------------------------------


def _feedback_rows(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"text": list(texts), "score": pd.array([9] * len(texts), dtype="Int64"),
                         "scale": ["nps"] * len(texts), "given_on": [None] * len(texts),
                         "segment": ["SMB"] * len(texts), "source": [""] * len(texts)})


def test_a_new_workshop_has_the_default_journey_and_stages_keep_their_order(store):
    w = seed(store)
    stages = store.stages(w.id)
    assert list(stages["name"]) == ["Discover", "Evaluate", "Buy/Onboard", "Use",
                                    "Get support", "Renew/Advocate"]
    order = ids(stages)
    store.reorder_stages(w.id, None, [*order[1:], order[0]])
    assert ids(store.stages(w.id)) == [*order[1:], order[0]]
    added = store.add_stage(w.id, None, "Expand")
    assert ids(store.stages(w.id))[-1] == added
    with pytest.raises(InvalidInput):
        store.add_stage(w.id, None, "EXPAND")
    with pytest.raises(InvalidInput):
        store.reorder_stages(w.id, None, order[:-1])


def test_deleting_a_stage_with_needs_moves_them_or_reports_how_many_block_it(store):
    w = seed(store)
    first, second = ids(store.stages(w.id))[:2]
    store.set_need_stage(w.id, None, [w.need_a, w.need_b], first)
    assert store.delete_stage(w.id, None, first, None) == 2
    assert first in ids(store.stages(w.id))
    assert store.delete_stage(w.id, None, first, second) == 0
    assert store.need_stages(w.id) == {w.need_a: second, w.need_b: second}
    assert column_of(store.list_needs(w.id), "id", "stage_id")[w.need_a] == second
    with pytest.raises(UnknownItem):
        store.set_need_stage(w.id, None, [w.need_a], first)


def test_feedback_reads_back_and_is_assigned_unassigned_and_rejected(store):
    w = seed(store)
    assert store.add_feedback(w.id, w.ann.id, _feedback_rows("Slow setup", "Import broke")) == 2
    items = store.feedback(w.id)
    a, b = ids(items)
    assert rows(items, "text", "score", "scale", "segment") == [
        ("Slow setup", 9, "nps", "SMB"), ("Import broke", 9, "nps", "SMB")]
    store.assign_feedback(w.id, None, [(a, w.need_a), (b, w.need_b)])
    assert column_of(store.feedback(w.id), "id", "need_id") == {a: w.need_a, b: w.need_b}
    store.assign_feedback(w.id, None, [(a, None)])
    assert column_of(store.feedback(w.id), "id", "need_id")[a] is None
    store.reject_suggestions(w.id, None, [(a, w.need_b), (a, w.need_b)])
    assert list(store.feedback(w.id).set_index("id").loc[a, "rejected"]) == [w.need_b]
    store.delete_need(w.id, None, w.need_b)
    assert column_of(store.feedback(w.id), "id", "need_id")[b] is None
    store.delete_feedback(w.id, None, [a])
    assert ids(store.feedback(w.id)) == [b]


def test_feedback_of_another_workshop_or_a_foreign_need_is_refused(store):
    w, other = seed(store), seed(store, "Other")
    store.add_feedback(other.id, None, _feedback_rows("Theirs"))
    theirs = ids(store.feedback(other.id))[0]
    store.add_feedback(w.id, None, _feedback_rows("Mine"))
    mine = ids(store.feedback(w.id))[0]
    with pytest.raises(UnknownItem):
        store.assign_feedback(w.id, None, [(theirs, w.need_a)])
    with pytest.raises(UnknownItem):
        store.assign_feedback(w.id, None, [(mine, other.need_a)])
    assert column_of(store.feedback(w.id), "id", "need_id")[mine] is None


def test_the_evidence_importance_switch_is_per_workshop(store):
    w, other = seed(store), seed(store, "Other")
    assert not store.evidence_sets_importance(w.id)
    store.set_evidence_importance(w.id, None, True)
    assert store.evidence_sets_importance(w.id)
    assert not store.evidence_sets_importance(other.id)
    store.delete_workshop(w.id)
    assert store.stages(w.id).empty and store.feedback(w.id).empty


__all__ = [name for name in dict(globals()) if name.startswith("test_")]

