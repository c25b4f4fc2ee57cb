"""Brainstorm's "Focus now" prompt: the need pushed from Needs, pre-selected in the add form."""

from tests.app.ui import button, texts
from workbench import services
from workbench.domain.safe_text import md

PAGE = "pages/brainstorm.py"
NEED = "Send invoices from the same place I track the work"


def need_id(store, wid, statement=NEED):
    needs = store.list_needs(wid)
    return int(needs.loc[needs["statement"] == statement, "id"].iloc[0])


def test_no_focus_no_prompt(app):
    at = app(PAGE, name="Dana")
    assert "Focus now" not in texts(at)
    assert not at.pills(key="new_idea_needs").value


def test_the_focus_is_shown_preselected_and_stays_after_an_add(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    focus = need_id(store, wid)
    services.set_focus_need(store, wid, None, focus)
    at.run()
    assert f"**Focus now:** {md(NEED + ' · Freelancers')} — ideas for it?" in texts(at)
    assert at.pills(key="new_idea_needs").value == [focus]
    at.text_input(key="new_idea_title").input("Invoice straight from a tracked project")
    button(at, "Add idea").click().run()
    assert not at.exception, at.exception
    added = store.list_ideas(wid).query("title == 'Invoice straight from a tracked project'")
    assert [int(n) for n in added["need_ids"].iloc[0]] == [focus]
    assert at.pills(key="new_idea_needs").value == [focus]   # ready for the next idea


def test_a_person_may_untick_the_focus_for_one_idea(app, store):
    """The focus is a default, not a rule: an idea added with the pill unticked goes in
    untagged (and is said to), and the next idea starts from the focus again."""
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    focus = need_id(store, wid)
    services.set_focus_need(store, wid, None, focus)
    at.run()
    at.pills(key="new_idea_needs").set_value([])
    at.text_input(key="new_idea_title").input("Dark mode")
    button(at, "Add idea").click().run()
    added = store.list_ideas(wid).query("title == 'Dark mode'")
    assert list(added["need_ids"].iloc[0]) == []
    assert at.pills(key="new_idea_needs").value == [focus]


def test_a_new_focus_replaces_the_preselection_and_clearing_removes_the_prompt(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    services.set_focus_need(store, wid, None, need_id(store, wid))
    at.run()
    other = need_id(store, wid, "Use it comfortably on a phone")
    services.set_focus_need(store, wid, None, other)
    at.run()
    assert at.pills(key="new_idea_needs").value == [other]
    services.set_focus_need(store, wid, None, None)
    at.run()
    assert "Focus now" not in texts(at)


def test_a_deleted_focus_need_shows_no_prompt(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    focus = need_id(store, wid)
    services.set_focus_need(store, wid, None, focus)
    services.delete_need(store, wid, None, focus, untag=True)
    at.run()
    assert "Focus now" not in texts(at)
    assert store.focus_need(wid) is None


def test_the_focus_is_part_of_the_live_state_so_open_pages_rerun_when_it_moves(app, store):
    """The header's poll reruns a page when ``state_key`` changes; the focus is in it."""
    from workbench.ui.live import live_state, state_key
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    before = state_key(live_state(wid))
    services.set_focus_need(store, wid, None, need_id(store, wid))
    after = live_state(wid)
    assert after["focus_need_id"] == need_id(store, wid)
    assert state_key(after) != before
