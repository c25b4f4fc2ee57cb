"""The decision log: who may decide, what is refused (nothing written), history, selection."""

from __future__ import annotations

from contextlib import suppress

import pytest

from tests.store.test_bad_input import HOSTILE, refused
from workbench import services
from workbench.domain.decisions import RATIONALE_MAX
from workbench.domain.models import (
    InvalidInput,
    NotFacilitator,
    PhaseLocked,
    UnknownItem,
    UnknownWorkshop,
)


@pytest.fixture
def live(fresh_store):
    """A live workshop in decide: facilitator Fiona, participant Ann, two shortlisted ideas."""
    started = services.start_live_workshop(fresh_store, "Offsite", "Pick bets", "Fiona")
    wid, fiona = started.seat.workshop.id, started.seat.participant.id
    ann = services.join_with_code(fresh_store, started.seat.workshop.join_code, "Ann")
    services.set_phase(fresh_store, wid, fiona, "diverge")
    a = services.add_idea(fresh_store, wid, ann.participant.id, "Dark mode")
    b = services.add_idea(fresh_store, wid, ann.participant.id, "SSO")
    services.set_shortlist(fresh_store, wid, fiona, [a, b])
    services.set_phase(fresh_store, wid, fiona, "decide")
    return fresh_store, wid, fiona, ann.participant.id, a, b


def test_the_facilitator_records_a_decision_and_it_is_the_current_one(live):
    store, wid, fiona, _, a, _ = live
    services.record_decision(store, wid, fiona, a, "go", "  Biggest impact  ")
    current = store.decisions(wid)
    assert current[["idea_id", "decision", "rationale", "actor"]].values.tolist() == [
        [a, "go", "Biggest impact", "Fiona"]]
    assert store.list_events(wid, 1)["kind"].tolist() == ["decision.recorded"]


def test_a_participant_cannot_decide_and_nothing_is_written(live):
    store, wid, _, ann, a, _ = live
    with refused(store, NotFacilitator, "record decisions"):
        services.record_decision(store, wid, ann, a, "go", "I like it")


def test_nobody_decides_in_a_closed_workshop(live):
    store, wid, fiona, _, a, _ = live
    services.set_phase(store, wid, fiona, "closed")
    with refused(store, PhaseLocked, "closed"):
        services.record_decision(store, wid, fiona, a, "go", "Too late")


def test_anyone_decides_in_free_mode(workshop):
    """Free mode has no roles: the author (no facilitator seat) decides."""
    idea = workshop.idea("Checklist")
    services.record_decision(workshop.store, workshop.id, workshop.author.id, idea, "later",
                             "After Q3")
    assert workshop.store.decisions(workshop.id)["decision"].tolist() == ["later"]


@pytest.mark.parametrize(("decision", "rationale", "match"), [
    ("go", "", "Rationale cannot be empty"),
    ("go", "   \n ", "Rationale cannot be empty"),
    ("go", "x" * (RATIONALE_MAX + 1), f"limit is {RATIONALE_MAX}"),
    ("go", 42, "Rationale must be text"),
    ("go", "bad\x00byte", "control character"),
    ("yes", "ok", "must be one of Go, Later, No"),
    ("", "ok", "must be one of"),
    (None, "ok", "must be one of"),
    (1, "ok", "must be one of"),
])
def test_bad_decisions_and_rationales_are_refused(live, decision, rationale, match):
    store, wid, fiona, _, a, _ = live
    with refused(store, InvalidInput, match):
        services.record_decision(store, wid, fiona, a, decision, rationale)


@pytest.mark.parametrize("idea", ["abc", None, 1.5, True])
def test_a_malformed_idea_id_is_refused(live, idea):
    store, wid, fiona, *_ = live
    with refused(store, InvalidInput, "Idea"):
        services.record_decision(store, wid, fiona, idea, "go", "Because")


def test_an_unknown_or_merged_idea_or_workshop_is_refused(live):
    store, wid, fiona, _, a, b = live
    with refused(store, UnknownItem, "no longer exists"):
        services.record_decision(store, wid, fiona, 999_999, "go", "Because")
    services.merge_ideas(store, wid, fiona, [a, b], "Dark mode", "")
    with refused(store, UnknownItem, "no longer exists"):
        services.record_decision(store, wid, fiona, b, "go", "Merged away")
    with refused(store, UnknownWorkshop):
        services.record_decision(store, 999_999, fiona, a, "go", "Because")


def test_an_idea_of_another_workshop_is_refused(live, fresh_store):
    store, wid, fiona, *_ = live
    other = services.create_workshop(store, "Other")
    stranger = services.add_idea(store, other, None, "Not yours")
    with refused(store, UnknownItem):
        services.record_decision(store, wid, fiona, stranger, "go", "Because")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_rationale_is_stored_as_data(live, text):
    store, wid, fiona, _, a, _ = live
    services.record_decision(store, wid, fiona, a, "no", text)
    assert store.decisions(wid)["rationale"].tolist() == [text.strip()]


def test_changing_a_decision_keeps_the_history_and_the_latest_counts(live):
    """go → later → no on one idea: 3 history rows newest first, current = no."""
    store, wid, fiona, _, a, b = live
    for decision in ("go", "later", "no"):
        services.record_decision(store, wid, fiona, a, decision, f"Now {decision}")
    services.record_decision(store, wid, fiona, b, "go", "Yes")
    history = store.decision_history(wid)
    assert history.loc[history["idea_id"] == a, "decision"].tolist() == ["no", "later", "go"]
    current = store.decisions(wid).set_index("idea_id")["decision"].to_dict()
    assert current == {a: "no", b: "go"}


def test_selected_ideas_are_the_go_decisions_else_the_must_bucket(live):
    """Must = {a}; nothing decided → [a]. Decide b go, a no → [b]. All no → []."""
    store, wid, fiona, _, a, b = live
    services.set_moscow(store, wid, fiona, {a: "must", b: "could"})
    assert services.selected_idea_ids(store, wid) == [a]
    services.record_decision(store, wid, fiona, b, "go", "Yes")
    services.record_decision(store, wid, fiona, a, "no", "No")
    assert services.selected_idea_ids(store, wid) == [b]
    services.record_decision(store, wid, fiona, b, "later", "Not now")
    assert services.selected_idea_ids(store, wid) == []


def test_decision_view_hides_names_in_an_anonymous_workshop(live):
    store, wid, fiona, _, a, _ = live
    services.record_decision(store, wid, fiona, a, "go", "Yes")
    assert services.decision_view(store, wid, fiona)["Decided by"].tolist() == ["Fiona"]
    services.set_anonymous(store, wid, fiona, True)
    assert services.decision_view(store, wid, fiona)["Decided by"].tolist() == ["Facilitator"]


def test_deleting_the_workshop_deletes_its_decisions(live):
    store, wid, fiona, _, a, _ = live
    services.record_decision(store, wid, fiona, a, "go", "Yes")
    store.delete_workshop(wid)
    assert store.write(lambda cur: cur.execute("SELECT count(*) FROM decisions").fetchone()) \
        == (0,)


def test_concurrent_decisions_and_a_racing_delete_lose_nothing_acknowledged(live):
    """4 writers × 10 decisions on idea a, while idea b is deleted: all 40 acknowledged rows
    are kept (appends never conflict), and no decision points at the deleted idea."""
    from tests.threads import run_together
    store, wid, fiona, _, a, b = live
    acknowledged: list[int] = []

    def writer(k: int) -> None:
        for n in range(10):
            acknowledged.append(services.record_decision(store, wid, fiona, a, "go",
                                                         f"Writer {k}, call {n}"))

    def on_b() -> None:
        with suppress(UnknownItem):  # the delete won: refused, nothing written
            services.record_decision(store, wid, fiona, b, "no", "Racing the delete")

    errors = run_together([lambda k=k: writer(k) for k in range(4)]
                          + [lambda: services.delete_idea(store, wid, fiona, b), on_b])
    assert not errors, errors
    history = store.decision_history(wid)
    assert sorted(history.loc[history["idea_id"] == a, "rationale"]) == sorted(
        f"Writer {k}, call {n}" for k in range(4) for n in range(10))
    assert len(acknowledged) == 40
    assert b not in set(store.decisions(wid)["idea_id"])


def test_deleting_an_idea_deletes_its_decision_rows(live):
    """Rows, not just what reads show: the deleted idea's 2 rows go, the other's stays."""
    store, wid, fiona, _, a, b = live
    services.record_decision(store, wid, fiona, a, "go", "Yes")
    services.record_decision(store, wid, fiona, a, "no", "No after all")
    services.record_decision(store, wid, fiona, b, "later", "Later")
    services.delete_idea(store, wid, fiona, a)
    rows = store.write(lambda cur: cur.execute(
        "SELECT idea_id FROM decisions WHERE workshop_id = ?", [wid]).fetchall())
    assert rows == [(b,)]
