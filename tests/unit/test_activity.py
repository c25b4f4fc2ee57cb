"""Activity lines: events as sentences, filters, paging, anonymity and blind scores."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from workbench import services
from workbench.domain.models import InvalidInput
from workbench.engine.activity import (
    A_PARTICIPANT,
    FACILITATOR,
    Lookups,
    Visibility,
    activity_lines,
    describe,
    group_of,
)

LOOK = Lookups(titles={1: "Dark mode", 2: "SSO"}, criteria={10: "Impact", 11: "Effort"})
ALL = Visibility()
HIDDEN = Visibility(names=False, ballot_names=False, ballot_values=False)


def events(*rows: tuple) -> pd.DataFrame:
    """(actor, actor_id, is_facilitator, kind, detail) rows as the store returns them."""
    return pd.DataFrame([{"id": k, "created_at": datetime(2026, 1, 1, 9, k), "actor": a,
                          "actor_id": i, "is_facilitator": f, "kind": kind,
                          "detail": json.dumps(d)} for k, (a, i, f, kind, d) in enumerate(rows)])


def test_a_score_save_reads_as_who_scored_what():
    """Ana's two cells on Dark mode and one on SSO, grouped per idea."""
    lines = activity_lines(events(("Ana", 5, False, "scores.saved",
                                   {"round": 1, "scores": [[1, 10, 4], [1, 11, 2.5],
                                                           [2, 10, 3]]})), LOOK, ALL)
    assert lines["line"].tolist() == ["Ana scored ‘Dark mode’ Impact 4, Effort 2.5; "
                                      "‘SSO’ Impact 3"]
    assert lines["group"].tolist() == ["Scores"]


def test_phase_merge_and_decision_lines():
    lines = activity_lines(events(
        ("Fiona", 1, True, "workshop.updated", {"phase": "converge"}),
        ("Fiona", 1, True, "ideas.merged", {"kept": 1, "title": "Dark mode",
                                           "originals": [{"id": 2}, {"id": 3}]}),
        ("Fiona", 1, True, "decision.recorded", {"idea_id": 1, "title": "Dark mode",
                                                 "decision": "go"}),
        ("Fiona", 1, True, "workshop.updated", {"revealed": True})), LOOK, ALL)
    assert lines["line"].tolist() == [
        "Phase → Converge — score and vote", "Ideas merged into ‘Dark mode’ (2)",
        "Fiona decided Go on ‘Dark mode’", "Scores revealed"]
    assert lines["group"].tolist() == ["Phases & running", "Merges", "Decisions",
                                       "Phases & running"]


def test_anonymous_readers_see_no_names_and_no_ballots():
    """Ballots: "A participant saved 2 rating(s)"; a facilitator's action keeps the role."""
    lines = activity_lines(events(
        ("Ana", 5, False, "scores.saved", {"scores": [[1, 10, 4], [2, 10, 1]]}),
        ("Ana", 5, False, "dot.placed", {"idea_id": 1}),
        ("Ana", 5, False, "idea.added", {"idea_ids": [1]}),
        ("Fiona", 1, True, "scores.saved", {"scores": [[1, 10, 5]]}),
        ("Fiona", 1, True, "decision.recorded", {"idea_id": 2, "decision": "no"})),
        LOOK, HIDDEN)
    assert lines["line"].tolist() == [
        "A participant saved 2 rating(s) (values stay hidden)", "A participant placed a dot",
        "A participant added ‘Dark mode’", "A participant saved 1 rating(s) (values stay "
        "hidden)", "Facilitator decided No on ‘SSO’"]
    assert "Ana" not in " ".join(lines["line"]) and "Fiona" not in " ".join(lines["line"])
    assert set(lines["who"]) == {A_PARTICIPANT, FACILITATOR}


def test_before_the_reveal_names_show_but_values_do_not():
    see = Visibility(names=True, ballot_names=True, ballot_values=False)
    line = activity_lines(events(("Ana", 5, False, "scores.saved",
                                  {"scores": [[1, 10, 4]]})), LOOK, see)["line"][0]
    assert line == "Ana saved 1 rating(s) (values stay hidden)"


def test_unknown_ids_kinds_and_broken_detail_still_read():
    assert describe("idea.note_added", {"idea_id": 77}, LOOK, ALL) == \
        "Note added to an idea that is gone"
    assert describe("ideas.imported", {}, LOOK, ALL) == "Ideas imported"
    assert group_of("import") == "Imports & restores"
    assert group_of("outcome.recorded") == "KPIs & outcomes"
    assert group_of("something.new") == "Other"
    frame = events((None, None, False, "workshop.created", {}))
    frame.loc[0, "detail"] = "not json"
    assert activity_lines(frame, LOOK, ALL)["line"].tolist() == ["Workshop created"]


def test_hostile_titles_stay_plain_text_in_lines():
    """Lines are data for st.dataframe (plain text): the title is quoted, not interpreted."""
    look = Lookups(titles={1: "<script>x</script> **b**"})
    assert describe("dot.placed", {"idea_id": 1}, look, ALL) == \
        "placed a dot on ‘<script>x</script> **b**’"


# ---- the service: filters, paging, who may see what --------------------------------------

@pytest.fixture
def live(fresh_store):
    """Live workshop: Fiona facilitates, Ann and Bo score two ideas; phase converge."""
    store = fresh_store
    started = services.start_live_workshop(store, "Offsite", "Pick bets", "Fiona")
    wid, fiona = started.seat.workshop.id, started.seat.participant.id
    ann = services.join_with_code(store, started.seat.workshop.join_code, "Ann").participant.id
    bo = services.join_with_code(store, started.seat.workshop.join_code, "Bo").participant.id
    services.set_phase(store, wid, fiona, "diverge")
    a = services.add_idea(store, wid, ann, "Dark mode")
    services.set_shortlist(store, wid, fiona, [a])
    services.set_phase(store, wid, fiona, "converge")
    impact = store.list_criteria(wid)[0].id
    services.save_scores(store, wid, ann, [(a, impact, 4)])
    services.save_scores(store, wid, bo, [(a, impact, 2)])
    return store, wid, fiona, ann, bo


def lines(page) -> list[str]:
    return page.lines["line"].tolist()


def test_before_the_reveal_nobody_sees_values_and_participants_see_no_raters(live):
    store, wid, fiona, ann, _ = live
    facilitator = lines(services.activity(store, wid, fiona, groups=["Scores"]))
    assert facilitator == ["Bo saved 1 rating(s) (values stay hidden)",
                           "Ann saved 1 rating(s) (values stay hidden)"]
    participant = lines(services.activity(store, wid, ann, groups=["Scores"]))
    assert participant == ["A participant saved 1 rating(s) (values stay hidden)"] * 2


def test_after_the_reveal_the_facilitator_sees_values(live):
    store, wid, fiona, *_ = live
    services.set_revealed(store, wid, fiona, True)
    assert lines(services.activity(store, wid, fiona, groups=["Scores"]))[0] == \
        "Bo scored ‘Dark mode’ Impact 2"


def test_anonymous_even_the_facilitator_sees_no_names_or_values(live):
    store, wid, fiona, *_ = live
    services.set_anonymous(store, wid, fiona, True)
    services.set_revealed(store, wid, fiona, True)
    page = services.activity(store, wid, fiona)
    text = " ".join(page.lines["line"]) + " ".join(page.lines["who"])
    assert "Ann" not in text and "Bo" not in text and "Impact 4" not in text
    assert services.people_filter(store, store.get_workshop(wid), fiona) == {}
    with pytest.raises(InvalidInput, match="anonymous"):
        services.activity(store, wid, fiona, person=fiona)


def test_filter_by_person_and_kind(live):
    store, wid, fiona, ann, _ = live
    mine = services.activity(store, wid, fiona, person=ann)
    assert set(mine.lines["who"]) == {"Ann"}
    assert lines(mine) == ["Ann saved 1 rating(s) (values stay hidden)",
                           "Ann added ‘Dark mode’", "Ann joined"]
    phases = lines(services.activity(store, wid, fiona, groups=["Phases & running"]))
    assert "Phase → Converge — score and vote" in phases
    assert all("scored" not in p and "saved" not in p for p in phases)


def test_a_participant_filtering_by_a_person_does_not_get_their_ballots(live):
    """Names on ballots are the facilitator's: Ann filtering by Bo sees Bo join, not score."""
    store, wid, _, ann, bo = live
    assert lines(services.activity(store, wid, ann, person=bo)) == ["Bo joined"]


def test_time_range_and_paging(live):
    store, wid, fiona, *_ = live
    today = date.today()
    everything = services.activity(store, wid, fiona, since=today - timedelta(days=1),
                                   until=today + timedelta(days=1))
    assert everything.total == store.event_count(wid) and everything.pages == 1
    assert services.activity(store, wid, fiona, until=today - timedelta(days=1)).total == 0
    for n in range(services.PAGE_SIZE):
        services.set_timer(store, wid, fiona, 1 + n % 5)
    first = services.activity(store, wid, fiona)
    second = services.activity(store, wid, fiona, page=2)
    assert first.pages == 2 and len(first.lines) == services.PAGE_SIZE
    assert len(second.lines) == first.total - services.PAGE_SIZE
    assert first.lines["when"].is_monotonic_decreasing


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"groups": ["Nope"]}, "Unknown kind"),
    ({"groups": "Scores"}, "list of kind names"),
    ({"person": "abc"}, "Person"),
    ({"person": 999_999}, "not in this workshop"),
    ({"since": "yesterday"}, "From must be a date"),
    ({"since": date(2026, 2, 2), "until": date(2026, 2, 1)}, "after the To date"),
    ({"page": 9}, "Page 9 does not exist"),
    ({"page": 0}, "does not exist"),
])
def test_bad_filters_are_refused(live, kwargs, match):
    store, wid, fiona, *_ = live
    with pytest.raises(InvalidInput, match=match):
        services.activity(store, wid, fiona, **kwargs)


def test_a_kind_with_nothing_logged_matches_nothing_also_for_one_person(live):
    """No merges happened: "Merges" shows nothing, with or without a person filter (a
    participant's person filter drops ballots; it must not widen an empty kind list)."""
    store, wid, _, ann, bo = live
    assert services.activity(store, wid, ann, groups=["Merges"]).total == 0
    assert services.activity(store, wid, ann, groups=["Merges"], person=bo).total == 0
    assert services.activity(store, wid, ann, groups=["Scores"], person=bo).total == 0
