"""KPIs & outcomes page: define a KPI, link an idea, record an outcome, see the chart and the
table, calibration; and Decide's KPIs tab."""

from __future__ import annotations

import pandas as pd

from tests.app.ui import button, click, errors, texts, toasts
from workbench import services
from workbench.domain.safe_text import md

PAGE = "pages/outcomes.py"
NPS = "Onboarding NPS"


def frame_with(at, column: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def define(at, name, baseline, target, kind="custom", direction="up", unit="") -> None:
    at.text_input(key="kpi_name").input(name)
    at.selectbox(key="kpi_kind").set_value(kind)
    at.number_input(key="kpi_baseline").set_value(baseline)
    at.number_input(key="kpi_target").set_value(target)
    at.text_input(key="kpi_unit").input(unit)
    at.selectbox(key="kpi_direction").set_value(direction)
    click(at, "Add KPI")


def test_the_demo_shows_its_kpis_links_outcomes_and_calibration(app):
    at = app(PAGE, name="Dana")
    kpis = frame_with(at, "Baseline")
    assert kpis["KPI"].tolist() == [NPS, "Trial-to-paid conversion",
                                    "First-week support tickets per account"]
    links = frame_with(at, "Expected")
    assert ("Interactive setup checklist", NPS, "+5 points", "+3 points") in set(
        links[["Idea", "KPI", "Expected", "Measured"]].itertuples(index=False, name=None))
    status = frame_with(at, "Status")
    assert status["Status"].tolist().count("Shipped") == 2
    assert "In progress" in status["Status"].tolist()
    table = frame_with(at, "Measured ÷ expected")
    # The checklist: expected +5 of NPS 18 → 35 (gap 17) = 29 %, measured +3 = 18 %.
    row = table[(table["Idea"] == "Interactive setup checklist") & (table["KPI"] == NPS)]
    assert row[["Expected (of gap)", "Measured (of gap)"]].iloc[0].tolist() == [
        "+5 points (29%)", "+3 points (18%)"]
    assert row["Measured ÷ expected"].iloc[0] == 0.6
    calibration = frame_with(at, "Verdict")
    assert len(calibration) == 4 and set(calibration["Outcomes rated"]) == {2}


def test_defining_a_kpi_linking_an_idea_and_recording_a_shipped_outcome(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    define(at, "Activation rate", 40, 55, kind="conversion")
    assert "Added KPI Activation rate" in toasts(at)
    kpi = store.kpis(wid).set_index("name").loc["Activation rate"]
    assert (kpi["unit"], kpi["baseline"], kpi["target"]) == ("%", 40, 55)
    ideas = store.list_ideas(wid).set_index("title")["id"].astype(int)
    checklist = int(ideas["Interactive setup checklist"])
    at.selectbox(key="link_idea").set_value(checklist)
    at.selectbox(key="link_kpi").set_value(int(kpi["id"]))
    at.number_input(key="link_expected").set_value(6.0)
    click(at, "Save link")
    assert "Link saved" in toasts(at)
    at.selectbox(key="outcome_idea").set_value(checklist)
    at.run()
    at.number_input(key=f"measured_{checklist}_{int(kpi['id'])}").set_value(4.5)
    click(at, "Save outcome")
    assert "Outcome saved: shipped" in toasts(at)
    links = store.idea_kpis(wid).set_index(["idea_id", "kpi_id"])
    assert links.loc[(checklist, int(kpi["id"])), "measured"] == 4.5
    table = frame_with(at, "Measured ÷ expected")
    row = table[table["KPI"] == "Activation rate"].iloc[0]
    # 6 of a 15-point gap = 40 %, 4.5 = 30 %, 4.5 ÷ 6 = 0.75
    assert (row["Expected (of gap)"], row["Measured (of gap)"], row["Measured ÷ expected"]) \
        == ("+6% (40%)", "+4.5% (30%)", 0.75)


def test_bad_kpis_and_links_are_refused_with_a_reason(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    before = len(store.kpis(wid))
    define(at, "Same", 10, 10)
    assert any("target equals the baseline" in e for e in errors(at))
    define(at, NPS.upper(), 1, 2)
    assert any("already a KPI called" in e for e in errors(at))
    define(at, "Churn", 5, 8, direction="down")
    assert any("target below its baseline" in e for e in errors(at))
    assert len(store.kpis(wid)) == before
    nps = int(store.kpis(wid).set_index("name").loc[NPS, "id"])
    at.selectbox(key="link_kpi").set_value(nps)
    at.number_input(key="link_expected").set_value(-4.0)
    click(at, "Save link")
    assert any("moves it the wrong way" in e for e in errors(at))


def test_a_measured_change_before_shipping_is_refused(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    ideas = store.list_ideas(wid).set_index("title")["id"].astype(int)
    wizard = int(ideas["CSV and spreadsheet import wizard"])   # in progress in the demo
    at.selectbox(key="outcome_idea").set_value(wizard)
    at.run()
    measured = [n for n in at.number_input if n.key.startswith(f"measured_{wizard}_")]
    measured[0].set_value(-0.4)
    click(at, "Save outcome")
    assert any("once the idea is shipped" in e for e in errors(at))
    assert store.idea_kpis(wid).query(f"idea_id == {wizard}")["measured"].isna().all()


def test_hostile_kpi_names_show_as_typed(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    hostile = "<b>**NPS**</b> :red[x]"
    services.add_kpi(store, wid, None, hostile, "custom", "$x$", 1, 2, "up")
    at.run()
    assert hostile in frame_with(at, "Baseline")["KPI"].tolist()  # st.dataframe: plain text
    at.selectbox(key="delete_kpi_pick").set_value(
        int(store.kpis(wid).set_index("name").loc[hostile, "id"]))
    button(at, "Delete KPI…").click().run()
    assert f"Delete **{md(hostile)}**?" in texts(at)


def test_with_no_selection_the_outcomes_tab_says_how_to_select(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    for idea in services.selected_idea_ids(store, wid):  # the demo's Go decisions
        services.record_decision(store, wid, None, idea, "later", "Not this quarter")
    assert services.selected_idea_ids(store, wid) == []
    at.run()
    assert "No idea is selected yet" in texts(at)


def test_a_live_participant_sees_kpis_but_cannot_change_them(app, store):
    from tests.app.ui import as_seat
    started = services.start_live_workshop(store, "Live", "", "Fiona")
    services.add_kpi(store, started.seat.workshop.id, started.seat.participant.id, "NPS",
                     "nps", "", 10, 20, "up")
    ann = services.join_with_code(store, started.seat.workshop.join_code, "Ann")
    at = as_seat(ann)
    at.switch_page(PAGE).run()
    assert not at.exception
    assert frame_with(at, "Baseline")["KPI"].tolist() == ["NPS"]
    assert "The facilitator defines the KPIs." in texts(at)
    assert not [b for b in at.button if b.label == "Add KPI"]


def test_decide_shows_kpi_coverage_as_a_chart_and_a_table(app):
    at = app("pages/decide.py", name="Dana")
    table = frame_with(at, "Selected")
    by = table.set_index("KPI")
    # NPS 18 → 35: selected checklist +5 and SSO +3 = +8 of 17 = 47 %; the shortlist adds
    # the onboarding call's +3: +11 = 65 %.
    assert by.loc[NPS, "Selected"] == "+8 points (47%)"
    assert by.loc[NPS, "Shortlisted"] == "+11 points (65%)"
    assert by.loc[NPS, "Gap"] == "+17 points"
    figure = [c for c in at.get("plotly_chart") if "How far toward each KPI target" in c.proto.spec]
    assert figure


def test_decide_names_a_kpi_no_idea_serves(app, store):
    at = app("pages/decide.py", name="Dana")
    services.add_kpi(store, at.session_state["workshop_id"], None, "Referrals", "custom",
                     "per month", 10, 20, "up")
    at.run()
    assert any("No idea serves:" in w.value and "Referrals" in w.value for w in at.warning)
