"""Workshops page: opens on the demo; create, rename, archive, delete, re-create the demo."""

from tests.app.ui import as_read, button, click, errors, texts, toasts
from workbench.domain.models import TITLE_MAX
from workbench.domain.safe_text import md


def test_first_start_builds_the_demo_workshop_and_opens_it(empty_db, app):
    at = app()
    assert "Improve customer onboarding" in texts(at)
    assert [m.value for m in at.metric][:3] == ["3", "10", "28"]
    assert empty_db.exists()


def test_creating_a_workshop_opens_it_and_confirms(app, store):
    at = app()
    at.text_input(key="new_workshop_title").input("Q3 retention bets")
    at.text_area(key="new_workshop_goal").input("Pick three bets for Q3")
    click(at, "Create workshop")
    assert "Created “Q3 retention bets” — it is now open" in toasts(at)
    assert at.session_state["workshop_id"] in set(store.list_workshops()["id"])
    assert "Q3 retention bets" in texts(at)
    assert [c.name for c in store.list_criteria(at.session_state["workshop_id"])] == [
        "Impact", "Cost", "Feasibility"]


def test_empty_title_is_refused_and_nothing_is_created(app, store):
    before = len(store.list_workshops())
    at = app()
    at.text_input(key="new_workshop_title").input("   ")
    click(at, "Create workshop")
    assert errors(at) == ["Workshop title cannot be empty."]
    assert len(store.list_workshops()) == before


def test_over_long_title_is_refused_and_nothing_is_created(app, store):
    before = len(store.list_workshops())
    at = app()
    at.text_input(key="new_workshop_title").input("x" * (TITLE_MAX + 1))
    click(at, "Create workshop")
    assert errors(at) == [f"Workshop title is {TITLE_MAX + 1} characters; the limit is "
                          f"{TITLE_MAX}."]
    assert len(store.list_workshops()) == before
    assert at.text_input(key="new_workshop_title").value == "x" * (TITLE_MAX + 1)  # kept


def test_hostile_title_is_shown_literally(app, store):
    hostile = "<script>alert(1)</script> **bold** :red[x]"
    at = app()
    at.text_input(key="new_workshop_title").input(hostile)
    click(at, "Create workshop")
    assert md(hostile) in [s.value for s in at.subheader]
    assert store.get_workshop(at.session_state["workshop_id"]).title == hostile


def test_rename_archive_restore_and_delete(app, store):
    at = app()
    workshop_id = at.session_state["workshop_id"]
    at.text_input(key=f"edit_workshop_title_{workshop_id}").set_value("Onboarding, renamed")
    click(at, "Save changes")
    assert store.get_workshop(workshop_id).title == "Onboarding, renamed"
    click(at, "Archive")
    assert store.get_workshop(workshop_id).status == "archived"
    assert "Archived — restore it to keep working." in texts(at)
    click(at, "Restore")
    assert store.get_workshop(workshop_id).status == "active"
    click(at, "Delete…")
    assert "This cannot be undone" in texts(at)
    click(at, "Delete for good")
    assert workshop_id not in set(store.list_workshops()["id"])
    assert "Deleted Onboarding, renamed" in toasts(at)


def test_cancelling_delete_keeps_the_workshop(app, store):
    at = app()
    workshop_id = at.session_state["workshop_id"]
    click(at, "Delete…")
    click(at, "Cancel")
    assert workshop_id in set(store.list_workshops()["id"])


def test_demo_can_be_recreated_after_changes(app, store):
    at = app()
    old_id = at.session_state["workshop_id"]
    click(at, "Re-create the demo workshop")
    click(at, "Re-create demo")
    new_id = at.session_state["workshop_id"]
    assert new_id != old_id and store.demo_workshop_ids() == [new_id]
    assert len(store.list_ideas(new_id)) == 28


def test_opening_another_workshop_switches_every_page(app, store):
    from workbench import services
    other = services.create_workshop(store, "Second", "")
    at = app()
    at.selectbox(key="open_workshop_pick").set_value(other)
    click(at, "Open")
    assert at.session_state["workshop_id"] == other
    at.switch_page("pages/brainstorm.py").run()
    assert "Second" in texts(at)


def test_workshop_deleted_by_another_session_is_noticed(app, store):
    at = app()
    store.delete_workshop(at.session_state["workshop_id"])
    at.text_input(key="new_workshop_title").input("Meant for the deleted workshop")
    click(at, "Create workshop")
    assert "That workshop no longer exists" in texts(at)
    assert "Nothing you just submitted was saved." in as_read(texts(at))
    assert "Meant for the deleted workshop" not in set(store.list_workshops()["title"])
    click(at, "Continue")
    assert button(at, "Create workshop")
