"""Customer needs page: segments, needs, evidence; duplicates, empty input, tagged needs."""

import pandas as pd
import pytest

from tests.app.ui import click, errors, texts, toasts
from workbench import services
from workbench.domain.safe_text import md

PAGE = "pages/needs.py"


def seg_id(store, workshop_id, name):
    segs = store.list_segments(workshop_id)
    return int(segs.loc[segs["name"] == name, "id"].iloc[0])


def test_page_lists_segments_with_their_needs_and_quotes(app):
    at = app(PAGE)
    text = texts(at)
    for name in ("Small business owners", "Enterprise IT admins", "Freelancers"):
        assert md(name) in text
    assert md("I gave up after the third help article and called my accountant instead.") in text
    assert len(at.dataframe) >= 3


def test_add_segment_then_a_need_in_it(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_segment_name").input("Agencies")
    click(at, "Add segment")
    assert "Segment added" in toasts(at)
    at.selectbox(key="new_need_segment").set_value(seg_id(store, wid, "Agencies"))
    at.text_input(key="new_need_statement").input("Manage many client accounts")
    at.slider(key="new_need_importance").set_value(4)
    at.selectbox(key="new_need_satisfaction").set_value(2)
    click(at, "Add need")
    needs = store.list_needs(wid)
    row = needs[needs["statement"] == "Manage many client accounts"].iloc[0]
    assert (row["segment"], row["importance"], row["satisfaction"]) == ("Agencies", 4, 2)
    assert "Need added" in toasts(at)


@pytest.mark.parametrize("statement, message", [
    ("", "Need statement cannot be empty."),
    ("   ", "Need statement cannot be empty."),
    ("get set up WITHOUT reading documentation",
     "That segment already has this need. Edit the existing one instead."),
])
def test_bad_need_is_refused_and_nothing_changes(app, store, statement, message):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = store.list_needs(wid)
    at.selectbox(key="new_need_segment").set_value(seg_id(store, wid, "Small business owners"))
    at.text_input(key="new_need_statement").input(statement)
    click(at, "Add need")
    assert errors(at) == [message]
    assert len(store.list_needs(wid)) == len(before)


def test_need_without_a_segment_is_refused(app, store):
    at = app(PAGE)
    before = len(store.list_needs(at.session_state["workshop_id"]))
    at.text_input(key="new_need_statement").input("Something")
    click(at, "Add need")
    assert errors(at) == ["Choose a segment for the need (add one first if there are none)."]
    assert len(store.list_needs(at.session_state["workshop_id"])) == before


def test_hostile_segment_and_need_text_is_stored_and_shown_literally(app, store):
    hostile = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) =1+1"
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_segment_name").input(hostile[:60])
    click(at, "Add segment")
    assert hostile[:60] in set(store.list_segments(wid)["name"])
    assert md(hostile[:60]) in texts(at)


def test_deleting_a_tagged_need_asks_then_untags(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    needs = store.list_needs(wid)
    tagged = needs[needs["ideas"] > 0].iloc[0]
    at.selectbox(key="edit_need_pick").set_value(int(tagged["id"]))
    at.run()
    click(at, "Delete this need")
    assert f"is tagged on {tagged['ideas']} idea(s)" in texts(at)
    assert int(tagged["id"]) in set(store.list_needs(wid)["id"])   # nothing changed yet
    ideas_before = len(store.list_ideas(wid))
    click(at, "Untag and delete")
    assert int(tagged["id"]) not in set(store.list_needs(wid)["id"])
    assert len(store.list_ideas(wid)) == ideas_before
    assert any(t.startswith(f"Deleted the need (untagged {tagged['ideas']} idea(s), removed")
               for t in toasts(at))


def test_cancelling_the_untag_question_keeps_the_need(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    tagged = store.list_needs(wid).query("ideas > 0").iloc[0]
    at.selectbox(key="edit_need_pick").set_value(int(tagged["id"]))
    at.run()
    click(at, "Delete this need")
    click(at, "Cancel")
    assert int(tagged["id"]) in set(store.list_needs(wid)["id"])


def test_untagged_need_is_deleted_straight_away(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    segment = seg_id(store, wid, "Freelancers")
    need = services.add_need(store, wid, None, segment, "Export invoices", 2)
    at.run()
    at.selectbox(key="edit_need_pick").set_value(need)
    at.run()
    click(at, "Delete this need")
    assert need not in set(store.list_needs(wid)["id"])
    assert "Need deleted" in toasts(at)


def test_edit_need_changes_importance_and_satisfaction(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    need = store.list_needs(wid).iloc[0]
    at.selectbox(key="edit_need_pick").set_value(int(need["id"]))
    at.run()
    at.slider(key=f"edit_need_importance_{need['id']}").set_value(1)
    at.selectbox(key=f"edit_need_satisfaction_{need['id']}").set_value(0)  # "not known"
    click(at, "Save need")
    row = store.list_needs(wid).set_index("id").loc[int(need["id"])]
    assert row["importance"] == 1 and pd.isna(row["satisfaction"])


def test_segment_with_needs_cannot_be_deleted(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = len(store.list_segments(wid))
    click(at, "Delete segment")
    assert errors(at) and "still has 3 need(s)" in errors(at)[0]
    assert len(store.list_segments(wid)) == before


def test_quote_is_attached_to_a_need(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    need = int(store.list_needs(wid).iloc[0]["id"])
    at.selectbox(key="quote_need").set_value(need)
    at.text_area(key="quote_text").input("We'd pay double for this.")
    at.text_input(key="quote_source").input("Interview #7")
    click(at, "Add quote")
    quotes = store.list_evidence(wid)
    assert ((quotes["need_id"] == need) & (quotes["quote"] == "We'd pay double for this.")).any()


def test_empty_quote_is_refused(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = len(store.list_evidence(wid))
    at.text_area(key="quote_text").input("  ")
    click(at, "Add quote")
    assert errors(at) == ["Quote cannot be empty."]
    assert len(store.list_evidence(wid)) == before


def test_deleting_a_need_with_quotes_but_no_ideas_asks_first(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    segment = seg_id(store, wid, "Freelancers")
    need = services.add_need(store, wid, None, segment, "Invoice in two clicks", 3)
    services.add_evidence(store, wid, None, need, "Invoicing eats my Sundays", "Interview #9")
    at.run()
    at.selectbox(key="edit_need_pick").set_value(need)
    at.run()
    click(at, "Delete this need")
    assert "Its 1 customer quote(s) will be deleted with it." in texts(at)
    assert need in set(store.list_needs(wid)["id"])
    click(at, "Untag and delete")
    assert need not in set(store.list_needs(wid)["id"])
