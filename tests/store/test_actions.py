"""What each action in workbench.services does to a real database file, and what it logs."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from workbench import services
from workbench.domain.models import (
    BENEFIT,
    COST,
    DEFAULT_CRITERIA,
    NeedInUse,
    SegmentInUse,
    UnknownItem,
    UnknownWorkshop,
    WorkbenchError,
)

WORKSHOP_TABLES = ("participants", "segments", "needs", "evidence", "ideas", "idea_needs",
                   "criteria", "scores", "votes", "events")


def rows_for(store, table: str, workshop_id: int) -> int:
    return store.write(lambda cur: cur.execute(
        f"SELECT count(*) FROM {table} WHERE workshop_id = ?", [workshop_id]).fetchone()[0])


def idea_row(store, idea_id: int) -> tuple:
    """The raw ideas row, including merged-away ones that list_ideas() hides."""
    return store.write(lambda cur: cur.execute(
        "SELECT id, title, merged_into, shortlisted FROM ideas WHERE id = ?",
        [idea_id]).fetchone())


def vote(store, workshop_id: int, idea_id: int, voter_id: int) -> None:
    store.write(lambda cur: cur.execute(
        "INSERT INTO votes (workshop_id, idea_id, voter_id) VALUES (?, ?, ?)",
        [workshop_id, idea_id, voter_id]))


def votes_on(store, idea_id: int) -> list[int]:
    return sorted(r[0] for r in store.write(lambda cur: cur.execute(
        "SELECT voter_id FROM votes WHERE idea_id = ?", [idea_id]).fetchall()))


def events(store, workshop_id: int):
    return store.list_events(workshop_id, limit=10_000)


def last_event(store, workshop_id: int) -> tuple[str, dict, str]:
    row = events(store, workshop_id).iloc[0]
    return row["kind"], json.loads(row["detail"]), row["actor"]


def shortlisted(store, workshop_id: int) -> list[int]:
    ideas = store.list_ideas(workshop_id)
    return sorted(int(i) for i in ideas.loc[ideas["shortlisted"], "id"])


# ---- workshops ----------------------------------------------------------------------------


def test_creating_a_workshop_gives_it_the_default_criteria_and_logs_it(fresh_store):
    wid = services.create_workshop(fresh_store, "  Q3 onboarding  ", "  Halve time to value \n")
    workshop = fresh_store.get_workshop(wid)
    assert (workshop.title, workshop.goal, workshop.status, workshop.is_demo) == (
        "Q3 onboarding", "Halve time to value", "active", False)
    criteria = fresh_store.list_criteria(wid)
    assert [(c.name, c.direction, c.weight) for c in criteria] == list(DEFAULT_CRITERIA)
    assert [(c.scale_min, c.scale_max) for c in criteria] == [(1.0, 5.0)] * 3
    assert [c.position for c in criteria] == [0, 1, 2]
    assert criteria[1].is_cost and not criteria[0].is_cost
    kind, detail, actor = last_event(fresh_store, wid)
    assert (kind, detail, actor) == ("workshop.created", {"title": "Q3 onboarding"}, "—")


def test_a_workshop_goal_is_optional(fresh_store):
    wid = services.create_workshop(fresh_store, "No goal")
    assert fresh_store.get_workshop(wid).goal == ""


def test_editing_a_workshop_changes_title_and_goal_and_logs_who(workshop):
    store = workshop.store
    services.edit_workshop(store, workshop.id, workshop.author.id, "Renamed", "New goal\nline 2")
    got = store.get_workshop(workshop.id)
    assert (got.title, got.goal) == ("Renamed", "New goal\nline 2")
    assert last_event(store, workshop.id) == (
        "workshop.updated", {"title": "Renamed", "goal": "New goal\nline 2"}, "Ann")


def test_archiving_hides_a_workshop_from_the_active_list_and_restoring_brings_it_back(workshop):
    store = workshop.store
    other = services.create_workshop(store, "Other")
    services.set_archived(store, workshop.id, workshop.author.id, True)
    assert store.get_workshop(workshop.id).status == "archived"
    assert store.list_workshops(include_archived=False)["id"].tolist() == [other]
    assert set(store.list_workshops()["id"]) == {workshop.id, other}
    assert last_event(store, workshop.id)[:2] == ("workshop.updated", {"status": "archived"})

    services.set_archived(store, workshop.id, workshop.author.id, False)
    assert store.get_workshop(workshop.id).status == "active"
    assert set(store.list_workshops(include_archived=False)["id"]) == {workshop.id, other}
    assert last_event(store, workshop.id)[:2] == ("workshop.updated", {"status": "active"})


def test_the_workshop_list_counts_live_ideas_and_participants(workshop):
    store = workshop.store
    a, b = workshop.idea("A"), workshop.idea("B")
    workshop.idea("C")
    services.merge_ideas(store, workshop.id, workshop.author.id, [a, b], "A+B")
    row = store.list_workshops().set_index("id").loc[workshop.id]
    assert (row["ideas"], row["participants"]) == (2, 2)


def test_deleting_a_workshop_removes_everything_in_it_and_leaves_only_the_deletion_event(
        workshop):
    store = workshop.store
    keep = services.create_workshop(store, "Untouched")
    keeper = services.join(store, keep, "Kim")
    keep_idea = services.add_idea(store, keep, keeper.id, "Stays")
    idea = workshop.idea("Doomed", (workshop.need_a,))
    services.add_evidence(store, workshop.id, workshop.author.id, workshop.need_a, "Quote")
    services.save_scores(store, workshop.id, workshop.rater.id,
                        [(idea, workshop.criterion("Impact").id, 3)])
    vote(store, workshop.id, idea, workshop.rater.id)
    assert all(rows_for(store, t, workshop.id) > 0 for t in WORKSHOP_TABLES)
    before_other = {t: rows_for(store, t, keep) for t in WORKSHOP_TABLES}

    store.delete_workshop(workshop.id, workshop.author.id)

    with pytest.raises(UnknownWorkshop):
        store.get_workshop(workshop.id)
    assert {t: rows_for(store, t, workshop.id) for t in WORKSHOP_TABLES if t != "events"} == {
        t: 0 for t in WORKSHOP_TABLES if t != "events"}
    log = events(store, workshop.id)
    assert log["kind"].tolist() == ["workshop.deleted"]
    assert store.list_workshops()["id"].tolist() == [keep]
    assert {t: rows_for(store, t, keep) for t in WORKSHOP_TABLES} == before_other
    assert store.get_idea(keep_idea).title == "Stays"


def test_deleting_a_workshop_twice_says_it_no_longer_exists(workshop):
    workshop.store.delete_workshop(workshop.id)
    with pytest.raises(UnknownWorkshop):
        workshop.store.delete_workshop(workshop.id)


# ---- people ---------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["Ann", "ann", "ANN", "  aNn  ", "Ann\t"])
def test_joining_with_a_known_name_in_any_case_returns_the_same_participant(workshop, spelling):
    store = workshop.store
    before = len(events(store, workshop.id))
    person = services.join(store, workshop.id, spelling)
    assert (person.id, person.name, person.workshop_id) == (workshop.author.id, "Ann", workshop.id)
    assert len(store.list_participants(workshop.id)) == 2
    assert len(events(store, workshop.id)) == before       # nothing new happened


def test_joining_with_a_new_name_creates_the_participant_and_logs_it(workshop):
    store = workshop.store
    person = services.join(store, workshop.id, "  Chen  ")
    assert person.name == "Chen"
    assert store.list_participants(workshop.id)["name"].tolist() == ["Ann", "Bo", "Chen"]
    assert last_event(store, workshop.id) == ("participant.joined", {"name": "Chen"}, "Chen")


def test_the_same_name_in_another_workshop_is_another_participant(workshop):
    other = services.create_workshop(workshop.store, "Other")
    person = services.join(workshop.store, other, "Ann")
    assert person.id != workshop.author.id and person.workshop_id == other


def test_participants_show_how_many_ideas_and_scores_they_gave(workshop):
    store = workshop.store
    idea = workshop.idea("One")
    services.save_scores(store, workshop.id, workshop.rater.id,
                        [(idea, c.id, 3) for c in workshop.criteria])
    people = store.list_participants(workshop.id).set_index("name")
    assert (people.loc["Ann", "ideas"], people.loc["Ann", "scores"]) == (1, 0)
    assert (people.loc["Bo", "ideas"], people.loc["Bo", "scores"]) == (0, 3)


# ---- segments, needs, evidence --------------------------------------------------------------


def test_adding_editing_and_deleting_a_segment(workshop):
    store = workshop.store
    seg = services.add_segment(store, workshop.id, workshop.author.id, " Freelancers ",
                              " Solo\npros ")
    assert last_event(store, workshop.id) == (
        "segment.added", {"segment_id": seg, "name": "Freelancers"}, "Ann")
    row = store.list_segments(workshop.id).set_index("id").loc[seg]
    assert (row["name"], row["description"], row["needs"]) == ("Freelancers", "Solo\npros", 0)

    services.edit_segment(store, workshop.id, workshop.author.id, seg, "Solo pros", "")
    row = store.list_segments(workshop.id).set_index("id").loc[seg]
    assert (row["name"], row["description"]) == ("Solo pros", "")
    assert last_event(store, workshop.id)[:2] == (
        "segment.updated", {"segment_id": seg, "name": "Solo pros"})

    services.delete_segment(store, workshop.id, workshop.author.id, seg)
    assert seg not in store.list_segments(workshop.id)["id"].tolist()
    assert last_event(store, workshop.id)[:2] == ("segment.deleted", {"segment_id": seg})


def test_a_segment_that_still_holds_needs_is_not_deleted(workshop):
    store = workshop.store
    before = len(events(store, workshop.id))
    with pytest.raises(SegmentInUse, match="still has 2 need\\(s\\)"):
        services.delete_segment(store, workshop.id, workshop.author.id, workshop.segment)
    assert store.list_segments(workshop.id)["needs"].tolist() == [2]
    assert len(events(store, workshop.id)) == before


def test_adding_a_need_stores_importance_and_optional_satisfaction(workshop):
    store = workshop.store
    need = services.add_need(store, workshop.id, workshop.author.id, workshop.segment,
                            "  Works   offline ", "3", None)
    row = store.list_needs(workshop.id).set_index("id").loc[need]
    assert (row["statement"], row["importance"], row["segment"]) == (
        "Works offline", 3, "SMB owners")
    assert pd.isna(row["satisfaction"])
    assert last_event(store, workshop.id)[:2] == (
        "need.added", {"need_id": need, "statement": "Works offline"})


def test_needs_are_listed_by_segment_then_importance(workshop):
    store = workshop.store
    low = services.add_need(store, workshop.id, workshop.author.id, workshop.segment, "Low", 1)
    assert store.list_needs(workshop.id)["id"].tolist() == [workshop.need_a, workshop.need_b, low]


def test_editing_a_need_changes_its_text_numbers_and_segment(workshop):
    store = workshop.store
    seg2 = services.add_segment(store, workshop.id, workshop.author.id, "Enterprise")
    services.edit_need(store, workshop.id, workshop.author.id, workshop.need_a, seg2,
                      "Fast SSO setup", 4, 3)
    row = store.list_needs(workshop.id).set_index("id").loc[workshop.need_a]
    assert (row["segment_id"], row["statement"], row["importance"], row["satisfaction"]) == (
        seg2, "Fast SSO setup", 4, 3)
    assert last_event(store, workshop.id)[:2] == ("need.updated", {
        "need_id": workshop.need_a, "statement": "Fast SSO setup", "importance": 4,
        "satisfaction": 3})


def test_a_need_may_keep_its_own_statement_when_edited(workshop):
    services.edit_need(workshop.store, workshop.id, workshop.author.id, workshop.need_a,
                      workshop.segment, "FAST SETUP", 5, 2)
    assert workshop.store.list_needs(workshop.id).set_index("id").loc[
        workshop.need_a, "statement"] == "FAST SETUP"


def test_deleting_an_untagged_need_with_evidence_asks_then_removes_both(workshop):
    store = workshop.store
    services.add_evidence(store, workshop.id, workshop.author.id, workshop.need_b, "Quote")
    with pytest.raises(NeedInUse) as refused:
        services.delete_need(store, workshop.id, workshop.author.id, workshop.need_b)
    assert (refused.value.idea_count, refused.value.quote_count) == (0, 1)
    assert len(store.list_needs(workshop.id)) == 2
    assert services.delete_need(store, workshop.id, workshop.author.id, workshop.need_b,
                               untag=True) == 0
    assert store.list_needs(workshop.id)["id"].tolist() == [workshop.need_a]
    assert store.list_evidence(workshop.id).empty
    assert last_event(store, workshop.id)[:2] == (
        "need.deleted", {"need_id": workshop.need_b, "untagged_ideas": []})


def test_deleting_a_need_with_tagged_ideas_is_refused_with_the_idea_count(workshop):
    store = workshop.store
    workshop.idea("One", (workshop.need_a,))
    workshop.idea("Two", (workshop.need_a, workshop.need_b))
    before = len(events(store, workshop.id))
    with pytest.raises(NeedInUse) as info:
        services.delete_need(store, workshop.id, workshop.author.id, workshop.need_a)
    assert info.value.idea_count == 2
    assert "2 idea(s) are tagged" in str(info.value)
    assert workshop.need_a in store.list_needs(workshop.id)["id"].tolist()
    assert len(events(store, workshop.id)) == before


def test_deleting_a_need_with_untag_removes_the_tags_but_keeps_the_ideas(workshop):
    store = workshop.store
    one = workshop.idea("One", (workshop.need_a,))
    two = workshop.idea("Two", (workshop.need_a, workshop.need_b))
    assert services.delete_need(store, workshop.id, workshop.author.id, workshop.need_a,
                               untag=True) == 2
    assert store.get_idea(one).need_ids == ()
    assert store.get_idea(two).need_ids == (workshop.need_b,)
    assert store.list_ideas(workshop.id)["id"].tolist() == [one, two]
    kind, detail, _ = last_event(store, workshop.id)
    assert kind == "need.deleted" and sorted(detail["untagged_ideas"]) == [one, two]


def test_ideas_merged_away_do_not_block_deleting_a_need(workshop):
    store = workshop.store
    keep = workshop.idea("Keep", (workshop.need_b,))
    gone = workshop.idea("Gone", (workshop.need_b,))
    services.merge_ideas(store, workshop.id, workshop.author.id, [keep, gone], "Kept")
    services.edit_idea(store, workshop.id, workshop.author.id, keep, "Kept", "", [])
    services.delete_need(store, workshop.id, workshop.author.id, workshop.need_b)
    assert workshop.need_b not in store.list_needs(workshop.id)["id"].tolist()


def test_evidence_is_attached_to_a_need_and_can_be_removed(workshop):
    store = workshop.store
    ev = services.add_evidence(store, workshop.id, workshop.author.id, workshop.need_a,
                              "  I gave up after\nthe third article.  ", "  Ticket #4412 ")
    got = store.list_evidence(workshop.id)
    assert got.to_dict("records") == [{"id": ev, "need_id": workshop.need_a,
                                       "quote": "I gave up after\nthe third article.",
                                       "source": "Ticket #4412"}]
    assert store.list_needs(workshop.id).set_index("id").loc[workshop.need_a, "evidence"] == 1
    assert last_event(store, workshop.id)[:2] == ("evidence.added", {"need_id": workshop.need_a})

    store.delete_evidence(workshop.id, workshop.author.id, ev)
    assert store.list_evidence(workshop.id).empty
    assert last_event(store, workshop.id)[:2] == ("evidence.deleted", {"evidence_id": ev})
    with pytest.raises(UnknownItem):
        store.delete_evidence(workshop.id, workshop.author.id, ev)


# ---- ideas ----------------------------------------------------------------------------------


def test_adding_an_idea_tags_it_and_credits_its_author(workshop):
    store = workshop.store
    idea = services.add_idea(store, workshop.id, workshop.author.id, "  Guided   tour ",
                            "  Shows\nthe basics ", [workshop.need_b, str(workshop.need_a),
                                                     workshop.need_b])
    got = store.get_idea(idea)
    assert (got.title, got.description, got.author_id, got.shortlisted, got.merged_into) == (
        "Guided tour", "Shows\nthe basics", workshop.author.id, False, None)
    assert got.need_ids == tuple(sorted([workshop.need_a, workshop.need_b]))
    row = store.list_ideas(workshop.id).iloc[0]
    assert list(row["authors"]) == ["Ann"] and row["merged_count"] == 0
    assert last_event(store, workshop.id) == ("idea.added", {
        "idea_ids": [idea], "need_ids": sorted([workshop.need_a, workshop.need_b])}, "Ann")


def test_an_idea_may_have_no_needs_and_no_author(workshop):
    idea = services.add_idea(workshop.store, workshop.id, None, "Anonymous")
    got = workshop.store.get_idea(idea)
    assert (got.author_id, got.need_ids) == (None, ())
    assert list(workshop.store.list_ideas(workshop.id).iloc[0]["authors"]) == []


def test_bulk_paste_adds_one_idea_per_line_without_bullets_or_blank_lines(workshop):
    store = workshop.store
    text = "- Self-serve import\n\n*   Guided tour\r\n• SSO wizard\n   \n  Pricing page  \n"
    ids = services.add_ideas_bulk(store, workshop.id, workshop.author.id, text, [workshop.need_a])
    ideas = store.list_ideas(workshop.id)
    assert ideas["id"].tolist() == ids
    assert ideas["title"].tolist() == ["Self-serve import", "Guided tour", "SSO wizard",
                                       "Pricing page"]
    assert all(list(t) == [workshop.need_a] for t in ideas["need_ids"])
    assert last_event(store, workshop.id)[:2] == (
        "idea.added", {"idea_ids": ids, "need_ids": [workshop.need_a]})
    assert (events(store, workshop.id)["kind"] == "idea.added").sum() == 1


def test_bulk_paste_is_all_or_nothing(workshop):
    store = workshop.store
    text = "Good one\nGood two\n" + "x" * 121 + "\nGood four"
    with pytest.raises(WorkbenchError, match="Line 3 .* Nothing was added"):
        services.add_ideas_bulk(store, workshop.id, workshop.author.id, text)
    assert store.list_ideas(workshop.id).empty


def test_bulk_paste_tagged_to_a_deleted_need_adds_nothing(workshop):
    store = workshop.store
    services.delete_need(store, workshop.id, workshop.author.id, workshop.need_b)
    with pytest.raises(UnknownItem, match="need"):
        services.add_ideas_bulk(store, workshop.id, workshop.author.id, "One\nTwo",
                               [workshop.need_a, workshop.need_b])
    assert store.list_ideas(workshop.id).empty


def test_editing_your_own_idea_replaces_title_description_and_tags(workshop):
    store = workshop.store
    idea = workshop.idea("Old", (workshop.need_a,))
    services.edit_idea(store, workshop.id, workshop.author.id, idea, "New", "Details",
                      [workshop.need_b])
    got = store.get_idea(idea)
    assert (got.title, got.description, got.need_ids) == ("New", "Details", (workshop.need_b,))
    assert got.shortlisted      # editing keeps the idea on the shortlist
    assert last_event(store, workshop.id) == ("idea.updated", {
        "idea_id": idea, "title": "New", "need_ids": [workshop.need_b]}, "Ann")


def test_someone_else_cannot_edit_or_delete_your_idea(workshop):
    store = workshop.store
    idea = workshop.idea("Ann's", (workshop.need_a,))
    before = len(events(store, workshop.id))
    with pytest.raises(WorkbenchError, match="only change ideas you added yourself"):
        services.edit_idea(store, workshop.id, workshop.rater.id, idea, "Bo's now", "", [])
    with pytest.raises(WorkbenchError, match="only change ideas you added yourself"):
        services.delete_idea(store, workshop.id, workshop.rater.id, idea)
    got = store.get_idea(idea)
    assert (got.title, got.need_ids) == ("Ann's", (workshop.need_a,))
    assert len(events(store, workshop.id)) == before


def test_deleting_your_own_idea_removes_its_tags_scores_and_votes(workshop):
    store = workshop.store
    idea = workshop.idea("Doomed", (workshop.need_a,))
    other = workshop.idea("Other", (workshop.need_a,))
    impact = workshop.criterion("Impact").id
    services.save_scores(store, workshop.id, workshop.rater.id, [(idea, impact, 4),
                                                               (other, impact, 2)])
    vote(store, workshop.id, idea, workshop.rater.id)
    services.delete_idea(store, workshop.id, workshop.author.id, idea)
    with pytest.raises(UnknownItem):
        store.get_idea(idea)
    assert store.list_ideas(workshop.id)["id"].tolist() == [other]
    assert store.all_scores(workshop.id)["idea_id"].tolist() == [other]
    assert votes_on(store, idea) == []
    assert store.list_needs(workshop.id).set_index("id").loc[workshop.need_a, "ideas"] == 1
    assert last_event(store, workshop.id)[:2] == ("idea.deleted", {"idea_id": idea,
                                                                   "title": "Doomed"})


# ---- shortlist and merge ------------------------------------------------------------------


def test_the_shortlist_becomes_exactly_the_chosen_ideas(workshop):
    store = workshop.store
    a, b, c = (workshop.idea(t, shortlist=False) for t in "ABC")
    services.set_shortlist(store, workshop.id, workshop.author.id, [c, a, a])
    assert shortlisted(store, workshop.id) == sorted([a, c])
    assert last_event(store, workshop.id) == ("shortlist.set", {"idea_ids": sorted([a, c])},
                                              "Ann")
    services.set_shortlist(store, workshop.id, workshop.author.id, [str(b)])
    assert shortlisted(store, workshop.id) == [b]
    services.set_shortlist(store, workshop.id, workshop.author.id, [])
    assert shortlisted(store, workshop.id) == []
    assert last_event(store, workshop.id)[:2] == ("shortlist.set", {"idea_ids": []})


def test_merging_unions_tags_moves_votes_credits_authors_and_hides_the_originals(workshop):
    store = workshop.store
    chen = services.join(store, workshop.id, "Chen")
    keep = services.add_idea(store, workshop.id, workshop.author.id, "Import CSV", "csv",
                            [workshop.need_a])
    dup = services.add_idea(store, workshop.id, chen.id, "Import contacts", "contacts",
                           [workshop.need_b])
    dup2 = services.add_idea(store, workshop.id, workshop.rater.id, "Bulk import", "bulk",
                            [workshop.need_a, workshop.need_b])
    bystander = services.add_idea(store, workshop.id, chen.id, "Unrelated")
    vote(store, workshop.id, keep, workshop.rater.id)
    vote(store, workshop.id, dup, chen.id)
    vote(store, workshop.id, dup2, workshop.author.id)
    vote(store, workshop.id, dup2, chen.id)
    vote(store, workshop.id, bystander, chen.id)

    survivor = services.merge_ideas(store, workshop.id, workshop.author.id, [keep, dup, dup2],
                                   "  Import contacts from a file ", "One importer")

    assert survivor == keep
    live = store.list_ideas(workshop.id).set_index("id")
    assert sorted(live.index) == sorted([keep, bystander])
    merged = live.loc[keep]
    assert (merged["title"], merged["description"]) == ("Import contacts from a file",
                                                        "One importer")
    assert list(merged["need_ids"]) == sorted([workshop.need_a, workshop.need_b])
    assert list(merged["authors"]) == ["Ann", "Bo", "Chen"]
    assert merged["merged_count"] == 2
    assert votes_on(store, keep) == sorted([workshop.rater.id, chen.id, workshop.author.id,
                                            chen.id])
    assert votes_on(store, dup) == votes_on(store, dup2) == []
    assert votes_on(store, bystander) == [chen.id]
    for gone in (dup, dup2):
        assert idea_row(store, gone)[2] == keep        # still stored, pointing at the survivor
        assert store.get_idea(gone).merged_into == keep
    assert store.list_needs(workshop.id).set_index("id")["ideas"].to_dict() == {
        workshop.need_a: 1, workshop.need_b: 1}

    kind, detail, actor = last_event(store, workshop.id)
    assert (kind, actor, detail["kept"], detail["title"]) == (
        "ideas.merged", "Ann", keep, "Import contacts from a file")
    assert sorted(detail["originals"], key=lambda o: o["id"]) == sorted([
        {"id": dup, "title": "Import contacts", "description": "contacts", "author_id": chen.id},
        {"id": dup2, "title": "Bulk import", "description": "bulk",
         "author_id": workshop.rater.id},
    ], key=lambda o: o["id"])


def test_a_merged_idea_stays_on_the_shortlist_if_any_original_was(workshop):
    store = workshop.store
    keep = workshop.idea("Keep", shortlist=False)
    dup = workshop.idea("Dup", shortlist=True)
    services.merge_ideas(store, workshop.id, workshop.author.id, [keep, dup], "Merged")
    assert shortlisted(store, workshop.id) == [keep]
    assert idea_row(store, dup)[3] is False


def test_merging_into_an_earlier_merge_keeps_every_original_one_level_deep(workshop):
    store = workshop.store
    a, b, c = (workshop.idea(t) for t in "ABC")
    services.merge_ideas(store, workshop.id, workshop.author.id, [b, c], "B+C")
    services.merge_ideas(store, workshop.id, workshop.author.id, [a, b], "A+B+C")
    assert idea_row(store, b)[2] == a and idea_row(store, c)[2] == a
    row = store.list_ideas(workshop.id).set_index("id").loc[a]
    assert row["merged_count"] == 2 and row["title"] == "A+B+C"


def test_an_idea_that_was_merged_away_cannot_be_edited_deleted_or_merged_again(workshop):
    store = workshop.store
    a, b, c = (workshop.idea(t) for t in "ABC")
    services.merge_ideas(store, workshop.id, workshop.author.id, [a, b], "A+B")
    with pytest.raises(UnknownItem):
        services.edit_idea(store, workshop.id, workshop.author.id, b, "B again", "", [])
    with pytest.raises(UnknownItem):
        services.delete_idea(store, workshop.id, workshop.author.id, b)
    with pytest.raises(UnknownItem):
        services.merge_ideas(store, workshop.id, workshop.author.id, [c, b], "C+B")
    assert idea_row(store, b)[1:3] == ("B", a)


def test_scores_given_to_a_merged_away_idea_no_longer_count(workshop):
    store = workshop.store
    keep, dup = workshop.idea("Keep"), workshop.idea("Dup")
    impact = workshop.criterion("Impact").id
    services.save_scores(store, workshop.id, workshop.rater.id,
                        [(keep, impact, 2), (dup, impact, 5)])
    services.merge_ideas(store, workshop.id, workshop.author.id, [keep, dup], "Merged")
    means = store.score_means(workshop.id)
    assert means[["idea_id", "mean"]].values.tolist() == [[keep, 2.0]]


# ---- criteria ------------------------------------------------------------------------------


def test_adding_a_criterion_appends_it_with_its_scale_direction_and_weight(workshop):
    store = workshop.store
    cid = services.add_criterion(store, workshop.id, workshop.author.id, " Risk ", "cost", "0.5",
                                0, 10)
    risk = store.list_criteria(workshop.id)[-1]
    assert (risk.id, risk.name, risk.direction, risk.scale_min, risk.scale_max, risk.weight,
            risk.position) == (cid, "Risk", COST, 0.0, 10.0, 0.5, 3)
    assert last_event(store, workshop.id)[:2] == ("criterion.added", {
        "criterion_id": cid, "name": "Risk", "direction": "cost", "weight": 0.5,
        "scale": "custom", "scale_min": 0.0, "scale_max": 10.0, "unit": ""})


def test_updating_criteria_renames_flips_and_reweighs_in_one_logged_change(workshop):
    store = workshop.store
    impact, cost = workshop.criterion("Impact"), workshop.criterion("Cost")
    services.update_criteria(store, workshop.id, workshop.author.id, [
        (impact.id, "Customer impact", BENEFIT, 3),
        (cost.id, "Effort", COST, "0"),
    ])
    got = {c.id: (c.name, c.direction, c.weight) for c in store.list_criteria(workshop.id)}
    assert got[impact.id] == ("Customer impact", BENEFIT, 3.0)
    assert got[cost.id] == ("Effort", COST, 0.0)
    assert got[workshop.criterion("Feasibility").id] == ("Feasibility", BENEFIT, 1.0)
    kind, detail, actor = last_event(store, workshop.id)
    assert (kind, actor) == ("criteria.updated", "Ann")
    assert detail["before"][str(impact.id)] == ["Impact", BENEFIT, 1.0]
    assert detail["after"] == {str(impact.id): ["Customer impact", BENEFIT, 3.0],
                               str(cost.id): ["Effort", COST, 0.0]}


def test_two_criteria_may_swap_names_in_one_update(workshop):
    store = workshop.store
    impact, cost = workshop.criterion("Impact"), workshop.criterion("Cost")
    services.update_criteria(store, workshop.id, None, [(impact.id, "Cost", BENEFIT, 1),
                                                      (cost.id, "Impact", COST, 1)])
    assert [c.name for c in store.list_criteria(workshop.id)] == ["Cost", "Impact", "Feasibility"]


def test_deleting_a_criterion_removes_it_and_the_scores_on_it(workshop):
    store = workshop.store
    idea = workshop.idea("Scored")
    impact, cost = workshop.criterion("Impact").id, workshop.criterion("Cost").id
    services.save_scores(store, workshop.id, workshop.rater.id,
                         [(idea, impact, 4), (idea, cost, 2)])
    services.delete_criterion(store, workshop.id, workshop.author.id, cost)
    assert [c.name for c in store.list_criteria(workshop.id)] == ["Impact", "Feasibility"]
    assert store.all_scores(workshop.id)["criterion_id"].tolist() == [impact]
    assert last_event(store, workshop.id)[:2] == ("criterion.deleted", {"criterion_id": cost,
                                                                        "name": "Cost"})


# ---- scores -------------------------------------------------------------------------------


def test_saving_scores_upserts_only_that_raters_rows(workshop):
    store = workshop.store
    idea = workshop.idea("Scored")
    impact, cost = workshop.criterion("Impact").id, workshop.criterion("Cost").id
    assert services.save_scores(store, workshop.id, workshop.author.id, [(idea, impact, 1)]) == 1
    assert services.save_scores(store, workshop.id, workshop.rater.id,
                               [(idea, impact, 4), (idea, cost, "2")]) == 2
    assert services.save_scores(store, workshop.id, workshop.rater.id, [(idea, impact, 5)]) == 1

    mine = store.scores_of(workshop.id, workshop.rater.id)
    assert {(r.idea_id, r.criterion_id): r.value for r in mine.itertuples()} == {
        (idea, impact): 5.0, (idea, cost): 2.0}
    theirs = store.scores_of(workshop.id, workshop.author.id)
    assert theirs["value"].tolist() == [1.0]
    assert len(store.all_scores(workshop.id)) == 3
    means = store.score_means(workshop.id).set_index("criterion_id")
    assert (means.loc[impact, "mean"], means.loc[impact, "n"]) == (3.0, 2)
    assert last_event(store, workshop.id) == ("scores.saved", {
        "round": 1, "scores": [[idea, impact, 5.0]]}, "Bo")


@pytest.mark.parametrize("blank", [None, float("nan")])
def test_a_blank_score_clears_that_cell_only(workshop, blank):
    store = workshop.store
    idea = workshop.idea("Scored")
    impact, cost = workshop.criterion("Impact").id, workshop.criterion("Cost").id
    services.save_scores(store, workshop.id, workshop.rater.id,
                         [(idea, impact, 4), (idea, cost, 2)])
    services.save_scores(store, workshop.id, workshop.author.id, [(idea, impact, 3)])
    assert services.save_scores(store, workshop.id, workshop.rater.id, [(idea, impact, blank)]) == 1
    mine = store.scores_of(workshop.id, workshop.rater.id)
    assert mine[["criterion_id", "value"]].values.tolist() == [[cost, 2.0]]
    assert store.scores_of(workshop.id, workshop.author.id)["value"].tolist() == [3.0]
    assert last_event(store, workshop.id)[:2] == ("scores.saved", {
        "round": 1, "scores": [[idea, impact, None]]})


def test_clearing_a_score_that_was_never_given_is_harmless(workshop):
    idea = workshop.idea("Scored")
    impact = workshop.criterion("Impact").id
    assert services.save_scores(workshop.store, workshop.id, workshop.rater.id,
                               [(idea, impact, None)]) == 1
    assert workshop.store.all_scores(workshop.id).empty


def test_saving_no_scores_writes_nothing(workshop):
    before = len(events(workshop.store, workshop.id))
    assert services.save_scores(workshop.store, workshop.id, workshop.rater.id, []) == 0
    assert len(events(workshop.store, workshop.id)) == before


def test_scores_of_different_rounds_are_kept_apart(workshop):
    store = workshop.store
    idea = workshop.idea("Scored")
    impact = workshop.criterion("Impact").id
    services.save_scores(store, workshop.id, workshop.rater.id, [(idea, impact, 2)], round_no=1)
    services.open_next_round(store, workshop.id, workshop.author.id)  # a round must start first
    services.save_scores(store, workshop.id, workshop.rater.id, [(idea, impact, 5)], round_no=2)
    assert store.scores_of(workshop.id, workshop.rater.id, 1)["value"].tolist() == [2.0]
    assert store.scores_of(workshop.id, workshop.rater.id, 2)["value"].tolist() == [5.0]
    assert store.raters_per_idea(workshop.id, 2)["raters"].tolist() == [1]


# ---- the audit trail ----------------------------------------------------------------------


def _every_change(w):
    """(name, expected event kind, action) for each kind of change a person can make."""
    s, wid, ann, bo = w.store, w.id, w.author.id, w.rater.id
    impact = w.criterion("Impact").id
    state: dict = {}

    def idea():
        state["idea"] = services.add_idea(s, wid, ann, "Idea", "", [w.need_a])

    def second_idea():
        state["idea2"] = services.add_idea(s, wid, ann, "Idea 2")

    def segment():
        state["seg"] = services.add_segment(s, wid, ann, "Seg")

    def need():
        state["need"] = services.add_need(s, wid, ann, state["seg"], "Need", 2)

    def evidence():
        state["ev"] = services.add_evidence(s, wid, ann, state["need"], "Quote")

    def criterion():
        state["crit"] = services.add_criterion(s, wid, ann, "Risk", "cost", 1)

    return [
        ("join", "participant.joined", lambda: services.join(s, wid, "Newcomer")),
        ("edit workshop", "workshop.updated", lambda: services.edit_workshop(s, wid, ann, "T", "")),
        ("archive", "workshop.updated", lambda: services.set_archived(s, wid, ann, True)),
        ("restore", "workshop.updated", lambda: services.set_archived(s, wid, ann, False)),
        ("add segment", "segment.added", segment),
        ("edit segment", "segment.updated",
         lambda: services.edit_segment(s, wid, ann, state["seg"], "Seg 2", "")),
        ("add need", "need.added", need),
        ("edit need", "need.updated",
         lambda: services.edit_need(s, wid, ann, state["need"], state["seg"], "Need 2", 3)),
        ("add evidence", "evidence.added", evidence),
        ("delete evidence", "evidence.deleted", lambda: s.delete_evidence(wid, ann, state["ev"])),
        ("delete need", "need.deleted", lambda: services.delete_need(s, wid, ann, state["need"])),
        ("delete segment", "segment.deleted",
         lambda: services.delete_segment(s, wid, ann, state["seg"])),
        ("add idea", "idea.added", idea),
        ("add second idea", "idea.added", second_idea),
        ("bulk add", "idea.added", lambda: services.add_ideas_bulk(s, wid, ann, "X\nY")),
        ("edit idea", "idea.updated",
         lambda: services.edit_idea(s, wid, ann, state["idea"], "Idea!", "", [])),
        ("shortlist", "shortlist.set",
         lambda: services.set_shortlist(s, wid, ann, [state["idea"], state["idea2"]])),
        ("add criterion", "criterion.added", criterion),
        ("update criteria", "criteria.updated",
         lambda: services.update_criteria(s, wid, ann, [(impact, "Impact", "benefit", 2)])),
        ("score", "scores.saved",
         lambda: services.save_scores(s, wid, bo, [(state["idea"], impact, 3)])),
        ("clear score", "scores.saved",
         lambda: services.save_scores(s, wid, bo, [(state["idea"], impact, None)])),
        ("delete criterion", "criterion.deleted",
         lambda: services.delete_criterion(s, wid, ann, state["crit"])),
        ("merge", "ideas.merged",
         lambda: services.merge_ideas(s, wid, ann, [state["idea"], state["idea2"]], "Both")),
        ("delete idea", "idea.deleted",
         lambda: services.delete_idea(s, wid, ann, state["idea"])),
    ]


def test_every_change_appends_exactly_one_event_of_its_kind(workshop):
    store = workshop.store
    for name, kind, change in _every_change(workshop):
        before = events(store, workshop.id)
        change()
        after = events(store, workshop.id)
        assert len(after) == len(before) + 1, name
        assert after.iloc[0]["kind"] == kind, name
        assert isinstance(json.loads(after.iloc[0]["detail"]), dict), name
        assert after.iloc[1:].reset_index(drop=True).equals(before.reset_index(drop=True)), name


def test_the_event_log_is_newest_first_and_names_the_actor(workshop):
    store = workshop.store
    services.add_idea(store, workshop.id, workshop.rater.id, "Bo's idea")
    log = events(store, workshop.id)
    assert log["kind"].tolist()[-1] == "workshop.created"
    assert log.iloc[0][["kind", "actor"]].tolist() == ["idea.added", "Bo"]
    assert log["created_at"].is_monotonic_decreasing
    assert len(store.list_events(workshop.id, limit=2)) == 2
