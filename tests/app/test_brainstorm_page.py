"""Brainstorm page: name prompt, add/bulk/edit/delete ideas, idea wall, hostile text,
the untagged warning and the needs before the add action."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.ui import as_read, click, errors, texts, toasts, wall_section
from workbench import services
from workbench.domain.safe_text import md
from workbench.similarity import EngineStatus

PAGE = "pages/brainstorm.py"


def needs_by_statement(store, wid):
    needs = store.list_needs(wid)
    return dict(zip(needs["statement"], needs["id"].astype(int), strict=True))


def form_widgets(at: AppTest, form: str) -> list[tuple[str, str]]:
    """(kind, label) of each widget of ``form``, in the order a person meets them (and Tab
    reaches them): a depth-first walk of the page's element tree."""
    found = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if getattr(proto, "form_id", None) == form and getattr(node, "label", None):
            found.append((node.type, node.label))
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at.main)
    return found


def untagged_warnings(at: AppTest) -> list[str]:
    return [as_read(str(w.value)) for w in at.warning if "Untagged" in str(w.value)]


def test_unnamed_visitor_sees_the_wall_and_a_name_prompt(app):
    at = app(PAGE)
    assert "Tell us your name so your ideas carry your name" in texts(at)
    assert "Idea wall · 28 ideas" in texts(at)
    assert not [b for b in at.button if b.label == "Add idea"]


def test_giving_a_name_unlocks_adding(app, store):
    at = app(PAGE)
    [w for w in at.text_input if w.label == "Your name" and w.form_id == "_inline_name"][0] \
        .input("Dana")
    click(at, "Continue")
    assert at.session_state["display_name"] == "Dana"
    assert "Hello, Dana!" in toasts(at)
    assert [b for b in at.button if b.label == "Add idea"]


def test_blank_name_is_refused(app):
    at = app(PAGE)
    [w for w in at.text_input if w.form_id == "_inline_name"][0].input("   ")
    click(at, "Continue")
    assert errors(at) == ["Display name cannot be empty."]
    assert "display_name" not in at.session_state


def test_add_a_tagged_idea_it_appears_under_its_need(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    need = needs_by_statement(store, wid)["Provision users in bulk"]
    at.text_input(key="new_idea_title").input("Nightly sync of users from the HR system")
    at.text_area(key="new_idea_description").input("Read the HR system every night")
    at.pills(key="new_idea_needs").set_value([need])
    click(at, "Add idea")
    ideas = store.list_ideas(wid)
    row = ideas[ideas["title"] == "Nightly sync of users from the HR system"].iloc[0]
    assert list(row["need_ids"]) == [need] and list(row["authors"]) == ["Dana"]
    assert "Added “Nightly sync of users from the HR system”" in toasts(at)
    assert "Idea wall · 29 ideas" in texts(at)
    assert f"- {md('Nightly sync of users from the HR system')}" in wall_section(
        at, "Provision users in bulk")
    assert untagged_warnings(at) == []


def test_the_needs_come_before_the_title_and_the_add_button(app):
    """Enter in the title adds at once, so the needs must be met first (issue 17: the first
    idea went in untagged because the picker sat below the button)."""
    at = app(PAGE, name="Dana")
    assert form_widgets(at, "add_idea") == [
        ("button_group", "Serves which needs?"), ("text_input", "Idea"),
        ("text_area", "Details (optional)"), ("button", "Add idea")]
    assert at.pills(key="new_idea_needs").options[0] == md(
        "Get set up without reading documentation · Small business owners")


def test_every_need_picker_sits_above_its_button_as_pills(app, store):
    """No drop-down of needs is left to open over a button (issue 17: a tap meant for Save
    tagged the wrong need)."""
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    services.add_idea(store, wid, services.join(store, wid, "Dana").id, "Mine")
    at.run()
    assert not at.multiselect
    assert form_widgets(at, "bulk_ideas")[-2:] == [("button_group", "Tag all of them to"),
                                                  ("button", "Add all")]
    edit = [f for f in {w.form_id for w in at.text_input} if f.startswith("edit_idea_")][0]
    assert form_widgets(at, edit)[-2:] == [("button_group", "Needs"), ("button", "Save idea")]


def test_idea_without_needs_is_added_as_untagged_and_says_so(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_idea_title").input("Loyalty stamp card")
    click(at, "Add idea")
    assert f"- {md('Loyalty stamp card')}" in wall_section(at, "Untagged")
    assert toasts(at) == ["Added “Loyalty stamp card” as Untagged (tag it under My ideas)"]
    assert untagged_warnings(at) == [
        "Added “Loyalty stamp card” as **Untagged** — no need was chosen. Tag it under "
        "**My ideas** below, so the idea wall shows which need it serves."]
    # … and "My ideas" has it picked, its needs one tap away.
    idea = int(store.list_ideas(wid).set_index("title").loc["Loyalty stamp card", "id"])
    assert at.selectbox(key="my_idea_pick").value == idea
    assert at.pills(key=f"edit_idea_needs_{idea}").value == []


def test_the_untagged_warning_stays_until_the_next_tagged_add(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_idea_title").input("Loyalty stamp card")
    click(at, "Add idea")
    at.run()  # a poll later it is still there
    assert len(untagged_warnings(at)) == 1
    at.pills(key="new_idea_needs").set_value([needs_by_statement(store, wid)[
        "Use it comfortably on a phone"]])
    at.text_input(key="new_idea_title").input("Bigger tap targets")
    click(at, "Add idea")
    assert untagged_warnings(at) == []
    assert at.pills(key="new_idea_needs").value == []  # cleared for the next idea


def test_tagging_the_idea_under_my_ideas_clears_the_warning(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    need = needs_by_statement(store, wid)["Get help from a human when stuck"]
    at.text_input(key="new_idea_title").input("Weekly office hours on video")
    click(at, "Add idea")
    idea = at.selectbox(key="my_idea_pick").value
    at.pills(key=f"edit_idea_needs_{idea}").set_value([need])
    click(at, "Save idea")
    assert list(store.get_idea(idea).need_ids) == [need]
    assert untagged_warnings(at) == []


def test_a_refused_untagged_add_keeps_the_text_and_warns_of_nothing_added(app, store):
    at = app(PAGE, name="Dana")
    at.text_input(key="new_idea_title").input("z" * 121)
    at.text_area(key="new_idea_description").input("Kept details")
    click(at, "Add idea")
    assert errors(at) == ["Idea title is 121 characters; the limit is 120."]
    assert untagged_warnings(at) == []
    assert at.text_area(key="new_idea_description").value == "Kept details"


def test_bulk_paste_without_needs_says_the_ideas_are_untagged(app, store):
    at = app(PAGE, name="Dana")
    at.text_area(key="bulk_text").input("Referral codes\nGift cards")
    click(at, "Add all")
    assert toasts(at) == ["Added 2 ideas as Untagged (tag them under My ideas)"]
    assert untagged_warnings(at) == [
        "Added 2 ideas as **Untagged** — no need was chosen. Tag them under **My ideas** "
        "below, so the idea wall shows which need it serves."]


def test_a_workshop_without_needs_offers_no_picker_and_no_warning(app, store):
    at = app(PAGE, name="Dana")
    at.session_state["workshop_id"] = services.create_workshop(store, "Blank", "No needs yet")
    at.run()
    assert "Tip: add customer needs first so ideas can be tagged to them." in texts(at)
    # True on a laptop (form on the left) and on a phone (form above the wall) alike.
    assert "No ideas yet. Add the first one with the “Add idea” form" in texts(at)
    assert "left" not in texts(at) and "sidebar" not in texts(at)
    assert not at.pills
    at.text_input(key="new_idea_title").input("First thought")
    click(at, "Add idea")
    assert toasts(at) == ["Added “First thought”"]
    assert untagged_warnings(at) == []


@pytest.mark.parametrize("title, message", [
    ("", "Idea title cannot be empty."),
    ("   \t ", "Idea title cannot be empty."),
])
def test_empty_idea_is_refused_and_nothing_is_added(app, store, title, message):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_idea_title").input(title)
    click(at, "Add idea")
    assert errors(at) == [message]
    assert len(store.list_ideas(wid)) == 28


def test_over_long_title_is_refused_with_its_length_and_the_text_is_kept(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_idea_title").input("y" * 121)
    click(at, "Add idea")
    assert errors(at) == ["Idea title is 121 characters; the limit is 120."]
    assert len(store.list_ideas(wid)) == 28
    assert at.text_input(key="new_idea_title").value == "y" * 121


@pytest.mark.parametrize("hostile", [
    "<script>alert('x')</script>",
    "**bold** _it_ [link](javascript:alert(1)) ![img](http://x/y.png)",
    "=HYPERLINK(\"http://evil\",\"click\")",
    "'; DROP TABLE ideas; --",
    ":red[colour] :rocket: $\\sqrt{x}$ <b>b</b>",
])
def test_hostile_titles_are_stored_verbatim_and_shown_literally(app, store, hostile):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_idea_title").input(hostile)
    click(at, "Add idea")
    assert hostile in set(store.list_ideas(wid)["title"])
    assert f"- {md(hostile)}" in wall_section(at, "Untagged")
    [notice] = [str(w.value) for w in at.warning if "Untagged" in str(w.value)]
    assert notice.startswith(md(f"Added “{hostile[:60]}”") + " as **Untagged**")


def test_bulk_paste_adds_one_idea_per_line_all_tagged(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    need = needs_by_statement(store, wid)["Use it comfortably on a phone"]
    at.text_area(key="bulk_text").input("- Bigger buttons\n\n• Dark mode\n  Offline drafts  \n")
    at.pills(key="bulk_needs").set_value([need])
    click(at, "Add all")
    ideas = store.list_ideas(wid)
    added = ideas[ideas["title"].isin(["Bigger buttons", "Dark mode", "Offline drafts"])]
    assert len(added) == 3 and all(list(t) == [need] for t in added["need_ids"])
    assert "Added 3 ideas" in toasts(at)


def test_bulk_paste_with_an_over_long_line_adds_nothing(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    at.text_area(key="bulk_text").input("Fine idea\n" + "x" * 121)
    click(at, "Add all")
    assert errors(at) == ["Line 2 is 121 characters; the limit is 120. Nothing was added."]
    assert len(store.list_ideas(wid)) == 28


def test_edit_and_delete_own_idea(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    dana = services.join(store, wid, "Dana")
    idea = services.add_idea(store, wid, dana.id, "Draft idea")
    at.run()
    at.selectbox(key="my_idea_pick").set_value(idea)
    at.run()
    at.text_input(key=f"edit_idea_title_{idea}").input("Polished idea")
    click(at, "Save idea")
    assert store.get_idea(idea).title == "Polished idea"
    click(at, "Delete this idea")
    assert "and any scores it has? This cannot be undone." in texts(at)
    click(at, "Delete")
    assert idea not in set(store.list_ideas(wid)["id"])
    assert "Idea deleted" in toasts(at)


def test_only_my_ideas_are_offered_for_editing(app, store):
    at = app(PAGE, name="Dana")
    assert "My ideas (0)" in [e.label for e in at.expander]
    assert "Ideas you add appear here so you can edit or delete them." in texts(at)


def test_idea_deleted_elsewhere_cannot_be_saved(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    dana = services.join(store, wid, "Dana")
    idea = services.add_idea(store, wid, dana.id, "Soon gone")
    at.run()
    at.selectbox(key="my_idea_pick").set_value(idea)
    at.run()
    services.add_idea(store, wid, dana.id, "Another of mine")
    store.delete_idea(wid, None, idea)
    at.text_input(key=f"edit_idea_title_{idea}").input("Edited")
    click(at, "Save idea")
    assert "The idea you were editing no longer exists" in texts(at)
    assert "Edited" not in set(store.list_ideas(wid)["title"])


def hold_a_lookalike(app, store, title: str = "Setup checklist, interactive",
                     details: str = "") -> tuple[AppTest, int, int]:
    """Dana submits a title that looks like the demo's "Interactive setup checklist"."""
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    before = len(store.list_ideas(wid))
    at.text_input(key="new_idea_title").input(title)
    if details:
        at.text_area(key="new_idea_description").input(details)
    click(at, "Add idea")
    return at, wid, before


def lookalike_lines(at: AppTest) -> list[str]:
    """The look-alike panel's text as read: heading, then one line per look-alike."""
    return [as_read(str(m.value)) for m in at.markdown
            if "looks like" in str(m.value) or "alike" in str(m.value)]


def test_a_title_like_existing_ideas_is_held_with_its_lookalikes_and_nothing_is_added(app,
                                                                                      store):
    """Word order aside, "Setup checklist, interactive" is the demo's "Interactive setup
    checklist": it is listed first with its similarity (the engine's cosine as a percentage);
    the text stays typed."""
    at, wid, before = hold_a_lookalike(app, store)
    assert len(store.list_ideas(wid)) == before
    best = services.similar_to(store, wid, "Setup checklist, interactive")[0]
    assert best.title == "Interactive setup checklist" and best.score > 0.9
    lines = lookalike_lines(at)
    assert lines[0] == ("**Not added yet:** “Setup checklist, interactive” looks like ideas "
                        "already on the wall.")
    assert lines[1] == f"- Interactive setup checklist · **{best.score:.0%}** alike"
    assert 2 <= len(lines) <= 4
    assert at.text_input(key="new_idea_title").value == "Setup checklist, interactive"
    assert [b.label for b in at.button if b.key and b.key.startswith("lookalike_")][0] == \
        "Add my thought to “Interactive setup checklist” instead"
    assert toasts(at) == []


def test_add_anyway_adds_the_held_idea_and_clears_the_form(app, store):
    at, wid, before = hold_a_lookalike(app, store)
    click(at, "Add as a new idea anyway")
    titles = list(store.list_ideas(wid)["title"])
    assert len(titles) == before + 1 and titles.count("Setup checklist, interactive") == 1
    assert at.text_input(key="new_idea_title").value == ""
    assert lookalike_lines(at) == []


def test_add_my_thought_adds_a_note_to_that_idea_not_an_idea(app, store):
    at, wid, before = hold_a_lookalike(app, store, details="with a progress ring")
    ideas = store.list_ideas(wid)
    target = int(ideas[ideas["title"] == "Interactive setup checklist"]["id"].iloc[0])
    click(at, "Add my thought to “Interactive setup checklist” instead")
    assert len(store.list_ideas(wid)) == before
    notes = store.idea_notes(wid)
    assert notes[["idea_id", "text", "author"]].values.tolist() == [
        [target, "Setup checklist, interactive\nwith a progress ring", "Dana"]]
    assert "Added your thought to “Interactive setup checklist”" in toasts(at)
    assert at.text_input(key="new_idea_title").value == ""
    assert [e.label for e in at.expander if e.label.startswith("Thoughts added to ideas")] == [
        "Thoughts added to ideas (1)"]


def test_a_different_title_is_added_at_once_without_a_hint(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_idea_title").input("Nightly sync of users from the HR system")
    click(at, "Add idea")
    assert "Nightly sync of users from the HR system" in set(store.list_ideas(wid)["title"])
    assert lookalike_lines(at) == []


def test_hostile_text_in_a_held_title_and_a_lookalike_is_shown_literally(app, store):
    hostile = "**Interactive** setup [checklist](javascript:alert(1)) <b>now</b>"
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    services.add_idea(store, wid, None, "<i>Interactive</i> **setup** checklist")
    at.run()
    at.text_input(key="new_idea_title").input(hostile)
    click(at, "Add idea")
    raw = [str(m.value) for m in at.markdown if "looks like" in str(m.value) or "alike" in
           str(m.value)]
    assert raw[0] == f"**Not added yet:** “{md(hostile)}” looks like ideas already on the wall."
    assert f"- {md('<i>Interactive</i> **setup** checklist')} · **" in "\n".join(raw)
    labels = [b.label for b in at.button if b.key and b.key.startswith("lookalike_note_")]
    assert f"Add my thought to “{md('<i>Interactive</i> **setup** checklist')}” instead" in labels


def test_an_empty_title_is_refused_not_matched(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    before = len(store.list_ideas(wid))
    at.text_input(key="new_idea_title").input("   ")
    click(at, "Add idea")
    assert errors(at) == ["Idea title cannot be empty."]
    assert lookalike_lines(at) == [] and len(store.list_ideas(wid)) == before


def test_an_archived_workshop_refuses_new_ideas(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    services.set_archived(store, wid, None, True)
    at.run()
    at.text_input(key="new_idea_title").input("Should not land")
    click(at, "Add idea")
    assert errors(at) == ["This workshop is archived. Restore it on the Workshops page to keep "
                          "working."]
    assert "Should not land" not in set(store.list_ideas(wid)["title"])


def test_my_ideas_counts_an_idea_once_it_is_added(app, store):
    at = app(PAGE, name="Dana")
    assert "My ideas (0)" in [e.label for e in at.expander]
    at.text_input(key="new_idea_title").input("Dana's first")
    click(at, "Add idea")
    assert "My ideas (1)" in [e.label for e in at.expander]
    assert at.selectbox(key="my_idea_pick").value is not None


def test_the_lexical_fallback_says_so_under_the_lookalikes(app, store, monkeypatch):
    """When the model could not load, the hint still works and says why it may miss some."""
    note = "The similarity model is missing from this install, so look-alikes are found by " \
           "shared words only: ideas in other words may be missed."
    monkeypatch.setattr(services, "engine_status",
                        lambda: EngineStatus("lexical-hash-v1", False, note))
    at, _, _ = hold_a_lookalike(app, store)
    assert md(note) in [c.value for c in at.caption]


def test_a_stale_poll_does_not_bring_back_the_title_just_added(app, store):
    """A poll sent before the browser saw the cleared form carries the submitted title
    back; the page clears it again, and the next title goes through as usual."""
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    title = "Nightly sync of users from the HR system"
    at.text_input(key="new_idea_title").input(title)
    click(at, "Add idea")
    assert at.text_input(key="new_idea_title").value == ""
    at.session_state["new_idea_title"] = title  # what the stale poll carries
    at.run()
    assert at.text_input(key="new_idea_title").value == ""
    assert list(store.list_ideas(wid)["title"]).count(title) == 1
    at.text_input(key="new_idea_title").input("Weekly digest of new sign-ups")
    click(at, "Add idea")  # the next title goes through as usual
    assert "Weekly digest of new sign-ups" in set(store.list_ideas(wid)["title"])
