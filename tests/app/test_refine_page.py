"""Refine page: shortlist through checkboxes and buttons; merge duplicates after a question."""

from tests.app.ui import click, errors, texts, toasts
from workbench import services
from workbench.domain.safe_text import md

PAGE = "pages/refine.py"


def shortlisted(store, wid):
    ideas = store.list_ideas(wid)
    return set(ideas.loc[ideas["shortlisted"], "title"])


def boxes(at, wid):
    """The shortlist's checkboxes: label (escaped title) → checked."""
    return {b.label: b.value for b in at.checkbox if b.key.startswith(f"shortlist_{wid}_")}


def box(at, wid, idea_id):
    return next(b for b in at.checkbox if b.key.startswith(f"shortlist_{wid}_{idea_id}_"))


def choose(at, keep, fold):
    at.selectbox(key="merge_keep").set_value(keep).run()
    at.multiselect(key="merge_fold").set_value(fold).run()
    assert not at.exception, at.exception


def ideas_by_title(store, wid):
    return store.list_ideas(wid).set_index("title")


def test_shortlist_lists_every_idea_with_its_full_title(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    shown = boxes(at, wid)
    assert set(shown) == {md(t) for t in store.list_ideas(wid)["title"]}   # nothing cut
    assert len(shown) == 28 and sum(shown.values()) == 22
    assert "Shortlist · 22 of 28 ideas" in texts(at)
    assert not at.data_editor and not at.dataframe      # no grid cells that cut titles


def test_ticking_a_box_and_saving_updates_the_shortlist(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    badges = int(ideas_by_title(store, wid).loc["Gamified onboarding badges", "id"])
    box(at, wid, badges).check()
    click(at, "Save shortlist")
    assert "Gamified onboarding badges" in shortlisted(store, wid)
    assert "Shortlist saved: 23 ideas" in toasts(at)
    assert box(at, wid, badges).value is True


def test_shortlist_all_and_clear_redraw_the_boxes(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    click(at, "Shortlist every idea")
    assert len(shortlisted(store, wid)) == 28
    assert all(boxes(at, wid).values())
    click(at, "Clear the shortlist")
    assert shortlisted(store, wid) == set()
    assert not any(boxes(at, wid).values())


def test_merge_shows_the_kept_idea_asks_and_only_then_merges(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    ideas = ideas_by_title(store, wid)
    keep = int(ideas.loc["Interactive setup checklist", "id"])
    fold = int(ideas.loc["Setup checklist with progress bar", "id"])
    choose(at, keep, [fold])
    assert (f"**Keep:** {md('Interactive setup checklist')} — **merge into it:** "
            f"{md('Setup checklist with progress bar')}") in texts(at)
    click(at, "Merge 2 ideas…")
    assert "- The kept idea gets all their need tags and their dot votes (every dot moves)." \
        in texts(at)
    assert len(store.list_ideas(wid)) == 28                  # nothing changed yet
    click(at, "Merge 2 ideas")
    after = store.list_ideas(wid).set_index("id")
    assert fold not in after.index
    assert set(after.loc[keep, "need_ids"]) == set(ideas.loc["Interactive setup checklist",
                                                              "need_ids"]) | set(
        ideas.loc["Setup checklist with progress bar", "need_ids"])
    assert after.loc[keep, "merged_count"] == 1
    assert "Merged 2 ideas into “Interactive setup checklist”" in toasts(at)
    assert store.list_events(wid)["kind"].iloc[0] == "ideas.merged"
    assert at.selectbox(key="merge_keep").value == keep       # ready for more duplicates
    assert at.multiselect(key="merge_fold").value == []


def test_cancelling_the_merge_question_changes_nothing(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    ids = [int(i) for i in store.list_ideas(wid)["id"][:3]]
    before = store.list_ideas(wid)
    choose(at, ids[0], ids[1:])
    click(at, "Merge 3 ideas…")
    assert [b for b in at.button if b.label == "Merge 3 ideas"]     # the question is open
    click(at, "Cancel")
    assert not [b for b in at.button if b.label == "Merge 3 ideas"]
    assert store.list_ideas(wid).equals(before)
    assert at.selectbox(key="merge_keep").value == ids[0]          # picks kept as they were
    assert at.multiselect(key="merge_fold").value == ids[1:]


def test_the_question_names_the_dot_cap_and_the_new_title(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    services.set_dots(store, wid, None, 5, 2)
    at.run()
    ids = [int(i) for i in store.list_ideas(wid)["id"][:2]]
    choose(at, ids[0], ids[1:])
    [w for w in at.text_input if w.label == "Title of the merged idea"][0].input("Both *in* one")
    click(at, "Merge 2 ideas…")
    text = texts(at)
    assert "each voter keeps at most 2 dot(s) on it and gets the rest back" in text
    assert f", renamed to “{md('Both *in* one')}”" in text
    click(at, "Merge 2 ideas")
    assert store.get_idea(ids[0]).title == "Both *in* one"


def test_the_kept_idea_is_not_offered_to_merge_away_and_no_select_all(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    ideas = store.list_ideas(wid)
    keep = int(ideas["id"].iloc[0])
    fold = at.multiselect(key="merge_fold")
    assert fold.disabled and fold.proto.select_all == 0       # 0 = no "Select all" entry
    at.selectbox(key="merge_keep").set_value(keep).run()
    assert len(at.multiselect(key="merge_fold").options) == 27
    assert ideas["title"].iloc[0] not in at.multiselect(key="merge_fold").options
    assert "Now choose one or more ideas to merge into it." in texts(at)
    assert not [b for b in at.button if b.label.startswith("Merge ")]


def test_changing_the_kept_idea_drops_it_from_those_to_merge(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    ids = [int(i) for i in store.list_ideas(wid)["id"][:3]]
    choose(at, ids[0], ids[1:])
    at.selectbox(key="merge_keep").set_value(ids[1]).run()
    assert at.multiselect(key="merge_fold").value == [ids[2]]


def test_merge_with_empty_title_is_refused_before_asking(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    ids = [int(i) for i in store.list_ideas(wid)["id"][:2]]
    choose(at, ids[0], ids[1:])
    [w for w in at.text_input if w.label == "Title of the merged idea"][0].input(" ")
    click(at, "Merge 2 ideas…")
    assert errors(at) == ["Merged title cannot be empty."]
    assert not [b for b in at.button if b.label == "Merge 2 ideas"]   # no question asked
    assert len(store.list_ideas(wid)) == 28


def test_empty_workshop_points_to_brainstorm(app, store):
    wid = services.create_workshop(store, "Empty", "")
    at = app()
    at.session_state["workshop_id"] = wid
    at.switch_page(PAGE).run()
    assert "There are no ideas to refine yet" in texts(at)


def merged_state(store, wid):
    """What the idea wall and dots show: live ideas with tags, shortlist and merge counts."""
    ideas = store.list_ideas(wid)
    return ([(int(r.id), r.title, r.description, bool(r.shortlisted), tuple(r.need_ids),
              int(r.merged_count)) for r in ideas.itertuples()],
            sorted(tuple(map(int, r)) for r in store.dot_totals(wid, 1).itertuples(index=False)))


def merge_pair(at, store, keep_title, fold_title):
    wid = at.session_state["workshop_id"]
    ideas = ideas_by_title(store, wid)
    keep, fold = int(ideas.loc[keep_title, "id"]), int(ideas.loc[fold_title, "id"])
    choose(at, keep, [fold])
    click(at, "Merge 2 ideas…")
    click(at, "Merge 2 ideas")
    return keep, fold


def test_duplicate_groups_are_listed_best_first_and_review_fills_keep_and_merge(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    groups = services.duplicate_groups(store, wid)
    assert groups, "the demo workshop has look-alike ideas"
    assert [g.score for g in groups] == sorted((g.score for g in groups), reverse=True)
    assert f"Possible duplicates ({len(groups)})" in [e.label for e in at.expander]
    titles = store.list_ideas(wid).set_index("id")["title"]
    shown = texts(at)
    assert f"**{groups[0].score:.0%} alike** · {md(titles[groups[0].idea_ids[0]])} ↔ " in shown
    review = [b for b in at.button if b.label == "Review merge"]
    assert len(review) == len(groups)
    review[0].click().run()
    assert at.selectbox(key="merge_keep").value == groups[0].idea_ids[0]
    assert at.multiselect(key="merge_fold").value == list(groups[0].idea_ids[1:])
    assert [b for b in at.button if b.label == f"Merge {len(groups[0].idea_ids)} ideas…"]
    assert len(store.list_ideas(wid)) == 28                   # reviewing changes nothing


def test_unmerge_asks_then_restores_the_ideas_tags_and_dots(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = merged_state(store, wid)
    keep, fold = merge_pair(at, store, "Interactive setup checklist",
                            "Setup checklist with progress bar")
    assert fold not in set(store.list_ideas(wid)["id"])
    assert "Merged ideas" in texts(at)
    assert (f"**{md('Interactive setup checklist')}** holds: "
            f"{md('Setup checklist with progress bar')}") in texts(at)
    click(at, "Unmerge…")
    shown = texts(at)
    assert f"- {md('Setup checklist with progress bar')}" in shown
    assert (f"- Scores given to “{md('Interactive setup checklist')}” since the merge stay "
            "with it; the scores given to the ideas coming back were never touched and count "
            "again.") in shown
    assert merged_state(store, wid) != before                   # nothing undone yet
    click(at, "Unmerge 2 ideas")
    assert merged_state(store, wid) == before
    assert "Unmerged: 1 idea(s) are back" in toasts(at)
    assert "Nothing is merged. Merges can be undone here." in texts(at)
    assert "Merge history (1)" in [e.label for e in at.expander]
    assert (f"{md('Setup checklist with progress bar')} → {md('Interactive setup checklist')}"
            " · undone") in texts(at)
    assert store.list_events(wid)["kind"].iloc[0] == "ideas.unmerged"


def test_cancelling_the_unmerge_question_changes_nothing(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    merge_pair(at, store, "Interactive setup checklist", "Setup checklist with progress bar")
    after_merge = merged_state(store, wid)
    click(at, "Unmerge…")
    assert [b for b in at.button if b.label == "Unmerge 2 ideas"]
    click(at, "Cancel")
    assert not [b for b in at.button if b.label == "Unmerge 2 ideas"]
    assert merged_state(store, wid) == after_merge


def test_only_the_latest_merge_into_an_idea_offers_unmerge(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    ids = [int(i) for i in store.list_ideas(wid)["id"][:3]]
    services.merge_ideas(store, wid, None, ids[:2], "Two")
    services.merge_ideas(store, wid, None, [ids[0], ids[2]], "Three")
    at.run()
    unmerge = [b for b in at.button if b.label == "Unmerge…"]
    assert [b.disabled for b in unmerge] == [False, True]        # newest first


def test_hostile_titles_in_merges_are_shown_as_text(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    hostile = "**bold** [x](javascript:alert(1)) <b>x</b>"
    a = services.add_idea(store, wid, None, hostile)
    b = services.add_idea(store, wid, None, "Plain " + hostile)
    services.merge_ideas(store, wid, None, [a, b], hostile)
    at.run()
    assert f"**{md(hostile)}** holds: {md('Plain ' + hostile)}" in texts(at)
    click(at, "Unmerge…")
    assert f"**Split up:** {md(hostile)}" in texts(at)
    assert "javascript:alert(1))" not in texts(at).replace(md(hostile), "").replace(
        md("Plain " + hostile), "")
