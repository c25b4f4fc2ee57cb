"""Decide's Decisions tab (record, see, refuse, download) and the Activity page's filters."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.ui import as_seat, button, click, errors, field, texts, toasts
from workbench import services

DECIDE = "pages/decide.py"
ACTIVITY = "pages/activity.py"
TOP = "Interactive setup checklist"


def decisions_frame(at: AppTest):
    found = [d.value for d in at.dataframe if "Rationale" in d.value.columns]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def idea_id(store, wid: int, title: str) -> int:
    short = store.shortlist(wid)
    return int(short.loc[short["title"] == title, "id"].iloc[0])


def test_record_a_decision_and_see_it_in_the_tab(app, store):
    at = app(DECIDE, name="Priya (Product)")
    wid = at.session_state["workshop_id"]
    before = len(store.decision_history(wid))
    field(at, "selectbox", "Idea").set_value(idea_id(store, wid, TOP))
    field(at, "radio", "Decision").set_value("later")
    field(at, "text_area", "Rationale").input("Wait for **Q4** <b>budget</b>")
    click(at, "Record decision")
    assert any("Decision recorded: Later on" in t for t in toasts(at))
    frame = decisions_frame(at)
    row = frame[frame["Idea"] == TOP].iloc[0]
    assert (row["Decision"], row["Rationale"]) == ("Later", "Wait for **Q4** <b>budget</b>")
    assert row["Decided by"] == "Priya (Product)"
    assert len(store.decision_history(wid)) == before + 1
    assert store.decisions(wid).set_index("title").loc[TOP, "decision"] == "later"
    assert field(at, "text_area", "Rationale").value == ""  # ready for the next decision


@pytest.mark.parametrize(("why", "message"), [
    ("", "Rationale cannot be empty."),
    ("  \n  ", "Rationale cannot be empty."),
])
def test_a_bad_rationale_is_refused_and_nothing_changes(app, store, why, message):
    """(The text area stops typing at RATIONALE_MAX; the service's own limit is tested in
    tests/store/test_decisions.py.)"""
    at = app(DECIDE)
    wid = at.session_state["workshop_id"]
    before = store.decision_history(wid)
    field(at, "text_area", "Rationale").input(why)
    button(at, "Record decision").click().run()
    assert any(message in e for e in errors(at)), errors(at)
    assert store.decision_history(wid).equals(before)


def test_the_tab_has_the_report_downloads_and_the_demo_decisions(app):
    at = app(DECIDE)
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Download report (HTML)", "Download report (Markdown)"} <= set(labels)
    frame = decisions_frame(at)
    assert set(frame["Decision"]) == {"Go", "Later", "No"}
    assert "Current decisions** (6)" in texts(at)


def test_funnel_selected_counts_the_go_decisions(app):
    at = app(DECIDE)
    assert "→ 4 selected" in texts(at)


def test_activity_lists_changes_newest_first_and_filters_by_kind(app, store):
    at = app(ACTIVITY)
    wid = at.session_state["workshop_id"]
    lines = [d.value for d in at.dataframe if "line" in d.value.columns][0]
    # The demo's last changes: its decisions, then its KPIs and outcomes.
    decided = lines[lines["line"].str.contains(" decided ")]
    assert decided["line"].iloc[0].startswith("Priya (Product) decided No on")
    assert lines["line"].iloc[0].startswith("Outcome of ")
    field(at, "multiselect", "Kinds").set_value(["Decisions"])
    click(at, "Show")
    shown = [d.value for d in at.dataframe if "line" in d.value.columns][0]
    assert len(shown) == 6 and set(shown["group"]) == {"Decisions"}
    assert "6 change(s), newest first" in texts(at)
    assert store.event_count(wid) > 6


def test_activity_filters_by_person_and_pages(app, store):
    at = app(ACTIVITY)
    wid = at.session_state["workshop_id"]
    people = store.list_participants(wid)
    marco = int(people.loc[people["name"] == "Marco (Support)", "id"].iloc[0])
    field(at, "selectbox", "Person").set_value(marco)
    click(at, "Show")
    shown = [d.value for d in at.dataframe if "line" in d.value.columns][0]
    assert set(shown["who"]) == {"Marco (Support)"}
    field(at, "selectbox", "Person").set_value(None)
    click(at, "Show")
    assert "page 1 of 2" in texts(at)
    click(at, "Older →")
    assert "page 2 of 2" in texts(at)


def test_a_date_range_with_nothing_in_it_says_what_to_do(app):
    import datetime as dt
    at = app(ACTIVITY)
    field(at, "date_input", "From").set_value(dt.date(2001, 1, 1))
    field(at, "date_input", "To").set_value(dt.date(2001, 1, 2))
    click(at, "Show")
    assert "Nothing matches these filters" in texts(at)


@pytest.fixture
def live(store):
    """Live, revealed workshop in decide: Fay facilitates, Pat scored one idea."""
    started = services.start_live_workshop(store, "Offsite", "Pick", "Fay")
    fay, wid = started.seat, started.seat.workshop.id
    pat = services.join_with_code(store, fay.workshop.join_code, "Pat")
    services.set_phase(store, wid, fay.participant.id, "diverge")
    idea = services.add_idea(store, wid, pat.participant.id, "Annual plan discount")
    services.set_shortlist(store, wid, fay.participant.id, [idea])
    services.set_phase(store, wid, fay.participant.id, "converge")
    services.save_scores(store, wid, pat.participant.id,
                         [(idea, c.id, 3) for c in store.list_criteria(wid)])
    services.set_revealed(store, wid, fay.participant.id, True)
    services.set_phase(store, wid, fay.participant.id, "decide")
    services.record_decision(store, wid, fay.participant.id, idea, "go", "Quick win")
    return {"fay": fay, "pat": pat, "wid": wid}


def test_a_participant_sees_decisions_but_no_form_and_no_rater_names(live):
    at = as_seat(live["pat"], DECIDE)
    assert "The facilitator records the decisions" in texts(at)
    assert not [b for b in at.button if b.label == "Record decision"]
    assert decisions_frame(at)["Decided by"].tolist() == ["Facilitator"]
    act = as_seat(live["pat"], ACTIVITY)
    lines = [d.value for d in act.dataframe if "line" in d.value.columns][0]
    score_lines = lines[lines["group"] == "Scores"]
    assert score_lines["who"].tolist() == ["A participant"]
    fay = as_seat(live["fay"], ACTIVITY)
    fay_lines = [d.value for d in fay.dataframe if "line" in d.value.columns][0]
    scored = fay_lines[fay_lines["group"] == "Scores"]
    assert scored["line"].tolist() == [
        "Pat scored ‘Annual plan discount’ Impact 3, Cost 3, Feasibility 3"]


def test_hostile_titles_and_rationales_show_literally(app, store):
    at = app(ACTIVITY)
    wid = at.session_state["workshop_id"]
    hostile = "**bold** <script>alert(1)</script> :red[x] $x$"
    idea = services.add_idea(store, wid, None, hostile)
    services.record_decision(store, wid, None, idea, "no", hostile)
    at.run()
    lines = [d.value for d in at.dataframe if "line" in d.value.columns][0]
    assert lines["line"].iloc[0] == f"Someone decided No on ‘{hostile}’"
    assert lines["line"].iloc[1] == f"Someone added ‘{hostile}’"
    decide = app(DECIDE)
    frame = decisions_frame(decide)
    assert frame.loc[frame["Idea"] == hostile, "Rationale"].tolist() == [hostile]
