"""Refine page: shortlist through the grid and buttons, merge duplicates."""

from tests.app.ui import click, errors, texts, toasts
from workbench import services

PAGE = "pages/refine.py"


def shortlisted(store, wid):
    ideas = store.list_ideas(wid)
    return set(ideas.loc[ideas["shortlisted"], "title"])


def test_shortlist_grid_lists_every_idea(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    grid = at.data_editor[0]
    assert len(grid.value) == 28 and int(grid.value["shortlisted"].sum()) == 22
    assert "Shortlist · 22 of 28 ideas" in texts(at)
    assert grid.key == f"shortlist_grid_{wid}"


def test_ticking_a_row_and_saving_updates_the_shortlist(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    grid = at.data_editor[0]
    row = list(grid.value["title"]).index("Gamified onboarding badges")
    at.session_state[grid.key] = {"edited_rows": {row: {"shortlisted": True}},
                                  "added_rows": [], "deleted_rows": []}
    click(at, "Save shortlist")
    assert "Gamified onboarding badges" in shortlisted(store, wid)
    assert "Shortlist saved: 23 ideas" in toasts(at)


def test_shortlist_all_and_clear(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    click(at, "Shortlist every idea")
    assert len(shortlisted(store, wid)) == 28
    click(at, "Clear the shortlist")
    assert shortlisted(store, wid) == set()


def test_merge_two_ideas_keeps_the_first_and_unions_tags(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    ideas = store.list_ideas(wid).set_index("title")
    keep = int(ideas.loc["Interactive setup checklist", "id"])
    fold = int(ideas.loc["Setup checklist with progress bar", "id"])
    at.multiselect(key="merge_pick").set_value([keep, fold])
    at.run()
    assert "Folds in: Setup checklist with progress bar" in texts(at)
    click(at, "Merge 2 ideas")
    after = store.list_ideas(wid).set_index("id")
    assert fold not in after.index
    assert set(after.loc[keep, "need_ids"]) == set(ideas.loc["Interactive setup checklist",
                                                              "need_ids"]) | set(
        ideas.loc["Setup checklist with progress bar", "need_ids"])
    assert after.loc[keep, "merged_count"] == 1
    assert "Merged 2 ideas into “Interactive setup checklist”" in toasts(at)
    assert store.list_events(wid)["kind"].iloc[0] == "ideas.merged"


def test_merge_needs_two_ideas(app):
    at = app(PAGE)
    first = at.multiselect(key="merge_pick").options[0]
    at.multiselect(key="merge_pick").select(first)
    at.run()
    assert "Pick at least one more idea." in texts(at)
    assert not [b for b in at.button if b.label.startswith("Merge ")]


def test_merge_with_empty_title_is_refused(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    ids = [int(i) for i in store.list_ideas(wid)["id"][:2]]
    at.multiselect(key="merge_pick").set_value(ids)
    at.run()
    [w for w in at.text_input if w.label == "Title of the merged idea"][0].input(" ")
    click(at, "Merge 2 ideas")
    assert errors(at) == ["Merged title cannot be empty."]
    assert len(store.list_ideas(wid)) == 28


def test_empty_workshop_points_to_brainstorm(app, store):
    wid = services.create_workshop(store, "Empty", "")
    at = app()
    at.session_state["workshop_id"] = wid
    at.switch_page(PAGE).run()
    assert "There are no ideas to refine yet" in texts(at)


def test_possible_duplicates_are_suggested_and_pick_fills_the_merge_box(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    ideas = store.list_ideas(wid).set_index("title")
    assert "Possible duplicates (1)" in [e.label for e in at.expander]
    click(at, "Pick this pair")
    at.run()
    assert at.multiselect(key="merge_pick").value == [
        int(ideas.loc["Interactive setup checklist", "id"]),
        int(ideas.loc["Setup checklist with progress bar", "id"])]
    assert [b for b in at.button if b.label == "Merge 2 ideas"]
