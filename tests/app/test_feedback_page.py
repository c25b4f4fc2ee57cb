"""Customer feedback page: upload, paste, assign (by hand, in bulk, suggested), numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.ui import as_read, click, errors, follow_rerun, texts, toasts
from workbench import services

PAGE = "pages/feedback.py"
DATA = Path(__file__).resolve().parents[1] / "data" / "feedback"


def need_id(store, wid, statement):
    needs = store.list_needs(wid)
    return int(needs.loc[needs["statement"] == statement, "id"].iloc[0])


def upload(at, name, data=None):
    at.file_uploader[0].set_value((name, data if data is not None else
                                   (DATA / name).read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_the_demo_shows_nps_per_segment_and_per_need(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    overall = services.overview(store, wid).overall.iloc[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Feedback items"] == "40" and metrics["Assigned to a need"] == "35"
    assert metrics["NPS"] == f"{overall['nps']:+.0f}" and metrics["CSAT"] == "—"
    per_segment = at.table[0].value
    assert set(per_segment["Segment"].map(as_read)) == {
        "Small business owners", "Enterprise IT admins", "Freelancers"}
    per_need = at.table[1].value
    assert "Importance from evidence" in per_need.columns and len(per_need) == 10


def test_an_uploaded_file_is_added_whole_with_its_columns_found(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = len(store.feedback(wid))
    upload(at, "bom_quoted_newlines.csv")
    assert at.selectbox(key="feedback_col_text_0").value == "Comment"
    assert at.selectbox(key="feedback_col_score_0").value == "NPS"
    click(at, "Add feedback from the file")
    assert "Added 5 feedback item(s) from bom_quoted_newlines.csv" in toasts(at)
    added = store.feedback(wid).iloc[before:]
    assert list(added["text"])[0] == "Setup took ages,\nI gave up twice"


def test_a_file_with_scores_off_the_scale_names_the_rows_and_adds_nothing(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = len(store.feedback(wid))
    upload(at, "scores_off_scale.csv")
    click(at, "Add feedback from the file")
    assert any("rows 3, 4 are not" in e for e in errors(at))
    assert len(store.feedback(wid)) == before


@pytest.mark.parametrize("name, message", [
    ("no_text_column.csv", "no column of feedback text"),
    ("empty.csv", "empty.csv is empty"),
    ("bad_dates.csv", "dates could not be read: rows 3, 4")])
def test_bad_files_say_what_to_fix_and_add_nothing(app, store, name, message):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = len(store.feedback(wid))
    upload(at, name)
    if not errors(at):   # the file reads: the refusal comes on adding it
        click(at, "Add feedback from the file")
    assert any(message in e for e in errors(at)), errors(at)
    assert len(store.feedback(wid)) == before


def test_pasted_feedback_is_added_line_by_line_and_hostile_text_stays_text(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_area(key="feedback_paste_text").input("Line one\n<script>x</script> **b**")
    at.text_input(key="feedback_paste_segment").input(":red[SMB]")
    click(at, "Add pasted feedback")
    assert "Added 2 feedback item(s)" in toasts(at)
    rows = store.feedback(wid).tail(2)
    assert list(rows["text"]) == ["Line one", "<script>x</script> **b**"]
    assert list(rows["segment"]) == [":red[SMB]"] * 2
    at.segmented_control(key="feedback_show").set_value("all").run()
    assert "<script>" not in texts(at)


def test_an_empty_paste_is_refused_with_a_message(app, store):
    at = app(PAGE)
    click(at, "Add pasted feedback")
    assert any("Paste at least one line" in e for e in errors(at))


def test_bulk_assign_puts_every_listed_item_on_one_need(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    phone = need_id(store, wid, "Use it comfortably on a phone")
    before = int((store.feedback(wid)["need_id"] == phone).sum())
    unassigned = int(store.feedback(wid)["need_id"].isna().sum())
    at.checkbox(key="feedback_all_shown").check()
    at.selectbox(key="feedback_need").set_value(phone)
    click(at, "Assign to need")
    assert f"Assigned {unassigned} item(s) to" in "\n".join(toasts(at))
    assert int((store.feedback(wid)["need_id"] == phone).sum()) == before + unassigned


def test_assigning_nothing_selected_says_so(app, store):
    at = app(PAGE)
    click(at, "Assign to need")
    assert any("Select at least one feedback item" in e for e in errors(at))


def test_one_item_picked_by_hand_goes_to_the_chosen_need(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    items = store.feedback(wid)
    item = int(items.loc[items["text"] == "Great product overall", "id"].iloc[0])
    cost = need_id(store, wid, "Know what it will cost before committing")
    at.multiselect(key="feedback_picked").set_value([item])
    at.selectbox(key="feedback_need").set_value(cost)
    click(at, "Assign to need")
    assert store.feedback(wid).set_index("id").loc[item, "need_id"] == cost


def test_suggestions_can_be_accepted_or_rejected(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    found = services.suggestions(store, wid)
    assert len(found) >= 2
    first, second = found[0], found[1]
    follow_rerun(at.button(key=f"accept_{first.feedback_id}_{first.need_id}").click().run())
    assert store.feedback(wid).set_index("id").loc[first.feedback_id, "need_id"] == \
        first.need_id
    follow_rerun(at.button(key=f"reject_{second.feedback_id}_{second.need_id}").click().run())
    again = {(s.feedback_id, s.need_id) for s in services.suggestions(store, wid)}
    assert (second.feedback_id, second.need_id) not in again
    assert "Suggestion rejected" in toasts(at)


def test_accept_all_assigns_every_suggestion(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    n = len(services.suggestions(store, wid))
    click(at, f"Accept all {n} suggestions")
    assert f"Assigned {n} item(s) as suggested" in toasts(at)
    assert services.suggestions(store, wid) == []


def test_the_evidence_switch_changes_importance_on_the_journey_and_decide(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    before = services.need_ratings(store, wid)
    follow_rerun(at.toggle(key=f"evidence_importance_{wid}_False").set_value(True).run())
    assert store.evidence_sets_importance(wid)
    assert "Need importance now comes from customer feedback" in toasts(at)
    after = services.need_ratings(store, wid)
    evidence = services.overview(store, wid).evidence.set_index("need_id")
    expected = [float(evidence.loc[n, "evidence_importance"]) if n in evidence.index else i
                for n, i in zip(after["need_id"], before["importance"], strict=True)]
    assert list(after["importance"]) == expected and expected != list(before["importance"])


def test_an_empty_workshop_says_what_to_do(app, store):
    at = app()
    wid = services.create_workshop(store, "Fresh")
    at.session_state["workshop_id"] = wid
    at.switch_page(PAGE).run()
    assert "No customer feedback yet" in texts(at)
    at.text_area(key="feedback_paste_text").input("Only line")
    click(at, "Add pasted feedback")
    assert "Add the needs on Customer needs first" in texts(at)


def test_deleting_items_asks_first_then_deletes_only_those(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    items = store.feedback(wid)
    item = int(items.loc[items["text"] == "Great product overall", "id"].iloc[0])
    at.multiselect(key="feedback_picked").set_value([item])
    click(at, "Delete items…")
    assert item in set(store.feedback(wid)["id"])          # nothing deleted yet: it asks
    click(at, "Delete")
    assert "Deleted 1 feedback item(s)" in toasts(at)
    assert item not in set(store.feedback(wid)["id"]) and len(store.feedback(wid)) == 39


def test_columns_with_unknown_names_are_chosen_by_hand(app, store):
    """A German cp1252 export: no column is recognised, the page says so; choosing Kommentar
    as text and CSAT as score adds the 4 items on the CSAT scale."""
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    upload(at, "cp1252_semicolon.csv")
    assert any("choose the column that holds the feedback" in w.value for w in at.warning)
    at.selectbox(key="feedback_col_text_0").set_value("Kommentar")
    at.selectbox(key="feedback_col_score_0").set_value("CSAT")
    at.selectbox(key="feedback_col_date_0").set_value("Datum")
    at.selectbox(key="feedback_col_segment_0").set_value("Kundentyp")
    click(at, "Add feedback from the file")
    added = store.feedback(wid).tail(4)
    assert list(added["scale"]) == ["csat"] * 4
    assert added["text"].iloc[0] == "Café owners need the price in €"
    assert {m.label: m.value for m in at.metric}["CSAT"] == "50 %"   # 5 and 4 of 2, 5, 1, 4
