"""Adding your wording to an existing idea (a note): bad input is refused, nothing changes."""

from __future__ import annotations

import pytest

from workbench import services
from workbench.domain.models import InvalidInput, PhaseLocked, UnknownItem, WorkbenchError
from workbench.services.similarity import NOTE_MAX


def counts(store, *workshop_ids: int) -> tuple[int, ...]:
    return tuple(n for w in workshop_ids for n in (len(store.idea_notes(w)),
                                                    len(store.list_ideas(w))))


@pytest.fixture
def live(fresh_store):
    start = services.start_live_workshop(fresh_store, "Live", "", "Fiona")
    wid, fiona = start.seat.workshop.id, start.seat.participant.id
    pat = services.join_with_code(fresh_store, start.seat.workshop.join_code, "Pat")
    services.set_phase(fresh_store, wid, fiona, "diverge")
    idea = services.add_idea(fresh_store, wid, fiona, "Dark mode")
    return fresh_store, wid, fiona, pat.participant.id, idea


def test_a_participant_adds_a_note_that_shows_under_the_idea(live):
    store, wid, _, pat, idea = live
    services.add_note(store, wid, pat, idea, "  A night theme\nfor phones ")
    assert store.idea_notes(wid)[["idea_id", "text", "author"]].values.tolist() == [
        [idea, "A night theme\nfor phones", "Pat"]]


@pytest.mark.parametrize(("text", "message"), [
    ("", "^Note cannot be empty\\.$"), ("   \n ", "^Note cannot be empty\\.$"),
    (None, "^Note cannot be empty\\.$"), (42, "^Note must be text\\.$"),
    ("x" * (NOTE_MAX + 1), f"^Note is {NOTE_MAX + 1:,} characters; the limit is {NOTE_MAX:,}")])
def test_empty_or_too_long_notes_are_refused(live, text, message):
    store, wid, _, pat, idea = live
    before = counts(store, wid)
    with pytest.raises(InvalidInput, match=message):
        services.add_note(store, wid, pat, idea, text)
    assert counts(store, wid) == before


def test_a_note_on_another_workshops_or_a_merged_idea_is_refused(live):
    store, wid, fiona, pat, idea = live
    other = store.create_workshop("Other", "")
    (foreign,) = store.add_ideas(other, None, [("Elsewhere", "")], [])
    second = services.add_idea(store, wid, pat, "Night theme")
    services.merge_ideas(store, wid, fiona, [idea, second], "Dark mode")
    gone = second if store.get_idea(second).merged_into is not None else idea
    before = counts(store, wid, other)
    for target in (foreign, gone, 10**9):
        with pytest.raises(UnknownItem):
            services.add_note(store, wid, pat, target, "Me too")
    assert counts(store, wid, other) == before


def test_a_participant_cannot_add_a_note_once_the_phase_closes_new_ideas(live):
    store, wid, fiona, pat, idea = live
    for phase in ("converge", "closed"):
        services.set_phase(store, wid, fiona, phase)
        before = counts(store, wid)
        with pytest.raises((PhaseLocked, WorkbenchError)):
            services.add_note(store, wid, pat, idea, "Me too")
        assert counts(store, wid) == before


def test_someone_who_has_not_joined_cannot_add_a_note(live):
    store, wid, _, _, idea = live
    with pytest.raises(WorkbenchError):
        services.add_note(store, wid, None, idea, "Me too")
    assert store.idea_notes(wid).empty
