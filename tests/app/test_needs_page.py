"""Customer needs page: segments, needs, evidence; duplicates, empty input, tagged needs."""

import pandas as pd
import pytest

from tests.app.ui import click, errors, texts, toasts
from workbench import services
from workbench.domain.safe_text import md

PAGE = "pages/needs.py"
NEW = -1  # the segment picker's "New segment…"


def seg_id(store, workshop_id, name):
    segs = store.list_segments(workshop_id)
    return int(segs.loc[segs["name"] == name, "id"].iloc[0])


def test_page_lists_segments_with_their_needs_and_quotes_in_full(app, store):
    at = app(PAGE)
    text = texts(at)
    for name in ("Small business owners", "Enterprise IT admins", "Freelancers"):
        assert md(name) in text
    for statement in store.list_needs(at.session_state["workshop_id"])["statement"]:
        assert f"**{md(statement)}**" in text      # whole statements, nothing cut
    assert md("I gave up after the third help article and called my accountant instead.") in text
    assert "Importance 5 / 5 · satisfaction today 2 / 5" in text
    assert not at.dataframe                          # no grid that cuts long statements


def test_table_view_shows_every_statement_in_full_and_not_known(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    long = "Send invoices that " + "really " * 37 + "get paid on time"   # 294 characters
    services.add_need(store, wid, None, seg_id(store, wid, "Freelancers"), long, 2)
    at.run()
    at.toggle(key="needs_as_table").set_value(True).run()
    assert len(at.table) == 3 + 2   # one per segment, then the journey's and coverage's tables
    freelancers = at.table[2].value
    row = freelancers[freelancers["Need"] == md(long)].iloc[0]
    assert (row["Importance"], row["Satisfaction"]) == ("2 / 5", "not known")


def test_missing_satisfaction_reads_not_known_never_none(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    services.add_need(store, wid, None, seg_id(store, wid, "Freelancers"), "Export invoices", 2)
    at.run()
    text = texts(at)
    assert "Importance 2 / 5 · satisfaction today not known · 0 idea(s) · 0 quote(s)" in text
    assert "None" not in text and "nan" not in text.lower().split()


def test_the_newest_segment_is_preselected_and_the_need_goes_there(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    freelancers = seg_id(store, wid, "Freelancers")
    assert at.selectbox(key="new_need_segment").value == freelancers
    at.text_input(key="new_need_statement").input("Track hours per client")
    click(at, "Add need")
    needs = store.list_needs(wid)
    assert needs.loc[needs["statement"] == "Track hours per client", "segment"].tolist() == [
        "Freelancers"]
    assert "Need added to “Freelancers”" in toasts(at)
    assert at.selectbox(key="new_need_segment").value == freelancers   # stays for the next one


def test_add_segment_then_a_need_in_it(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_segment_name").input("Agencies")
    click(at, "Add segment")
    assert "Segment added" in toasts(at)
    agencies = seg_id(store, wid, "Agencies")
    assert at.selectbox(key="new_need_segment").value == agencies   # preselected for its needs
    at.text_input(key="new_need_statement").input("Manage many client accounts")
    at.slider(key="new_need_importance").set_value(4)
    at.selectbox(key="new_need_satisfaction").set_value(2)
    click(at, "Add need")
    needs = store.list_needs(wid)
    row = needs[needs["statement"] == "Manage many client accounts"].iloc[0]
    assert (row["segment"], row["importance"], row["satisfaction"]) == ("Agencies", 4, 2)
    assert "Need added to “Agencies”" in toasts(at)


def test_a_need_and_its_new_segment_are_added_in_one_go(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    segments_before = len(store.list_segments(wid))
    at.selectbox(key="new_need_segment").set_value(NEW).run()
    at.text_input(key="new_need_segment_name").input("Agencies")
    at.text_input(key="new_need_statement").input("Manage many client accounts")
    at.selectbox(key="new_need_satisfaction").set_value(3)
    click(at, "Add need")
    assert len(store.list_segments(wid)) == segments_before + 1
    needs = store.list_needs(wid)
    row = needs[needs["statement"] == "Manage many client accounts"].iloc[0]
    assert (row["segment"], row["importance"], row["satisfaction"]) == ("Agencies", 3, 3)
    assert "Added the segment “Agencies” and its need" in toasts(at)
    assert at.selectbox(key="new_need_segment").value == seg_id(store, wid, "Agencies")
    assert at.text_input(key="new_need_statement").value == ""


def test_the_first_need_of_an_empty_workshop_starts_all_customers(app, store):
    wid = services.create_workshop(store, "Fresh", "")
    at = app()
    at.session_state["workshop_id"] = wid
    at.switch_page(PAGE).run()
    assert not [s for s in at.selectbox if s.key == "new_need_segment"]   # nothing to choose
    assert at.text_input(key="new_need_segment_name").value == "All customers"
    at.text_input(key="new_need_statement").input("Get set up in minutes")
    click(at, "Add need")
    needs = store.list_needs(wid)
    assert needs[["segment", "statement"]].values.tolist() == [
        ["All customers", "Get set up in minutes"]]
    assert at.selectbox(key="new_need_segment").value == seg_id(store, wid, "All customers")


@pytest.mark.parametrize("name, message", [
    ("", "Segment name cannot be empty."),
    ("   ", "Segment name cannot be empty."),
    ("Fr\u0435\u0435lancers", "There is already a segment called “Fr\u0435\u0435lancers”. "
                              "Choose it in the Segment list instead of making a new one."),
    ("small BUSINESS owners", "There is already a segment called “small BUSINESS owners”. "
                              "Choose it in the Segment list instead of making a new one."),
    ("Free\u202elancers", "Segment name contains an invisible control character (U+202E); "
                          "remove it and try again."),
])
def test_a_bad_new_segment_name_adds_neither_segment_nor_need(app, store, name, message):
    """Too long a name cannot be typed (max_chars); the service test covers it."""
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = (len(store.list_segments(wid)), len(store.list_needs(wid)))
    at.selectbox(key="new_need_segment").set_value(NEW).run()
    at.text_input(key="new_need_segment_name").input(name)
    at.text_input(key="new_need_statement").input("Manage many client accounts")
    click(at, "Add need")
    assert errors(at) == [message]
    assert (len(store.list_segments(wid)), len(store.list_needs(wid))) == before
    assert at.text_input(key="new_need_statement").value == "Manage many client accounts"


def test_a_bad_need_in_the_one_go_form_adds_no_segment_either(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = len(store.list_segments(wid))
    at.selectbox(key="new_need_segment").set_value(NEW).run()
    at.text_input(key="new_need_segment_name").input("Agencies")
    click(at, "Add need")
    assert errors(at) == ["Need statement cannot be empty."]
    assert len(store.list_segments(wid)) == before


def test_a_hostile_new_segment_name_is_stored_and_shown_literally(app, store):
    hostile = "<b>x</b> [y](javascript:alert(1)) :red[z] =1+1"
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.selectbox(key="new_need_segment").set_value(NEW).run()
    at.text_input(key="new_need_segment_name").input(hostile)
    at.text_input(key="new_need_statement").input("**Not bold**")
    click(at, "Add need")
    assert hostile in set(store.list_segments(wid)["name"])
    assert md(hostile) in texts(at) and md("**Not bold**") in texts(at)


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


# ---- coverage ------------------------------------------------------------------------------

UNCOVERED_NEED = "Send invoices from the same place I track the work"
ORPHAN = "Trust badges and customer logos at sign-up"


def focus_buttons(at):
    return [b for b in at.button if b.label == "Brainstorm this next"]


def test_coverage_shows_the_heatmap_the_uncovered_need_and_the_orphan(app, store):
    """The demo: 10 needs, one with no idea (opportunity 4 + 2 = 6), one idea with no need."""
    at = app(PAGE)
    text = texts(at)
    assert "Coverage: which needs the ideas serve" in text
    assert ("10 need(s) · 1 with no idea · 0 with fewer than 2 ideas · 1 idea(s) serving no "
            "need") in text
    assert f"**{md(UNCOVERED_NEED)}**" in text
    assert "Freelancers · opportunity 6 of 9 · importance 4 / 5 · no ideas" in text
    assert f"- {md(ORPHAN)}" in text
    assert len(at.get("plotly_chart")) == 2   # the journey map, then coverage
    table = at.table[-1].value                    # the heatmap's table alternative
    assert table["Need"].iloc[0] == md("Connect single sign-on without a support call")
    row = table[table["Need"] == md(UNCOVERED_NEED)].iloc[0]
    assert (row["Opportunity"], row["Ideas serving it"]) == ("6", "none (uncovered)")
    phone = table[table["Need"] == md("Use it comfortably on a phone")].iloc[0]
    assert phone["Ideas serving it"].startswith("4: ")


def test_a_need_given_two_ideas_leaves_the_list(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    need = int(store.list_needs(wid).query("statement == @UNCOVERED_NEED")["id"].iloc[0])
    for title in ("Invoice from a tracked project", "Time-to-invoice in one click"):
        services.add_idea(store, wid, None, title, "", [need])
    at.run()
    assert "10 need(s) · 0 with no idea · 0 with fewer than 2 ideas · 1 idea(s)" in texts(at)
    assert "Every need has at least 2 ideas." in texts(at)


def test_brainstorm_this_next_sets_the_focus_and_it_can_be_cleared(app, store):
    at = app(PAGE, name="Priya (Product)")
    wid = at.session_state["workshop_id"]
    [push] = focus_buttons(at)
    push.click().run()
    at.run()
    need = int(store.list_needs(wid).query("statement == @UNCOVERED_NEED")["id"].iloc[0])
    assert store.focus_need(wid) == need
    assert "Brainstorm focus now" in texts(at)
    assert not focus_buttons(at)
    click(at, "Clear the brainstorm focus")
    assert store.focus_need(wid) is None
    assert focus_buttons(at)


def test_in_a_live_workshop_only_the_facilitator_may_push_the_focus(store):
    from tests.app.ui import as_seat
    started = services.start_live_workshop(store, "Offsite", "", "Fay")
    fay = started.seat
    pat = services.join_with_code(store, fay.workshop.join_code, "Pat")
    wid = fay.workshop.id
    segment = services.add_segment(store, wid, fay.participant.id, "Buyers")
    services.add_need(store, wid, fay.participant.id, segment, "Know the price", 5, 1)
    assert not focus_buttons(as_seat(pat, PAGE))
    at = as_seat(fay, PAGE)
    [push] = focus_buttons(at)
    push.click().run()
    assert store.focus_need(wid) is not None
