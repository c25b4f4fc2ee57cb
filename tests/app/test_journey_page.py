"""The journey map on Customer needs: heatmap and its table, stage editing, a need's stage."""

from __future__ import annotations

from tests.app.ui import as_read, click, errors, texts, toasts
from workbench import services
from workbench.domain.safe_text import md
from workbench.engine.journey import EMPTY_CELL

PAGE = "pages/needs.py"


def stage_ids(store, wid) -> dict[str, int]:
    stages = store.stages(wid)
    return dict(zip(stages["name"], stages["id"].astype(int), strict=True))


def journey_table(at):
    """The journey's table alternative (the one with a Stage column)."""
    return next(t.value for t in at.table if "Stage" in t.value.columns)


def test_the_demo_journey_has_a_heatmap_and_a_table_with_empty_cells_named(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    assert any(c.proto.spec and "Colour = importance" in c.proto.spec
               for c in at.get("plotly_chart"))
    table = journey_table(at)
    assert len(table) == 6 * 3                      # 6 stages × 3 segments, every need placed
    onboard = table[(table["Stage"] == md("Buy/Onboard"))
                    & (table["Segment"] == md("Small business owners"))].iloc[0]
    assert onboard["Needs"] == 2 and onboard["Highest importance"] == "5"
    assert (table["Needs here"] == md(EMPTY_CELL)).sum() == 18 - 8
    assert services.journey(store, wid).counts.sum() == 10


def test_colouring_by_opportunity_changes_the_cells(app, store):
    at = app(PAGE)
    at.segmented_control(key="journey_measure").set_value("opportunity").run()
    table = journey_table(at)
    row = table[(table["Stage"] == md("Buy/Onboard"))
                & (table["Segment"] == md("Enterprise IT admins"))].iloc[0]
    assert row["Highest opportunity"] == "9"        # SSO: 5 + (5 − 1)


def test_a_new_need_goes_on_the_chosen_stage_and_moves_with_an_edit(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    stages = stage_ids(store, wid)
    at.text_input(key="new_need_statement").input("Renew without a sales call")
    at.selectbox(key="new_need_stage").set_value(stages["Renew/Advocate"])
    click(at, "Add need")
    needs = store.list_needs(wid)
    need = int(needs.loc[needs["statement"] == "Renew without a sales call", "id"].iloc[0])
    assert store.need_stages(wid)[need] == stages["Renew/Advocate"]
    at.selectbox(key="edit_need_pick").set_value(need).run()
    at.selectbox(key=f"edit_need_stage_{need}").set_value(stages["Use"])
    click(at, "Save need")
    assert store.need_stages(wid)[need] == stages["Use"]


def test_stages_can_be_added_renamed_and_reordered(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_stage_name").input("<b>Upgrade</b> :red[now]")
    click(at, "Add stage")
    assert "Added the stage “<b>Upgrade</b> :red[now]”" in toasts(at)
    new = stage_ids(store, wid)["<b>Upgrade</b> :red[now]"]
    assert f"{md('<b>Upgrade</b> :red[now]')} · 0 need(s)" in texts(at)
    at.button(key=f"stage_up_{new}").click().run()
    at.run()
    assert list(store.stages(wid)["name"])[-2] == "<b>Upgrade</b> :red[now]"
    at.selectbox(key="edit_stage_pick").set_value(new).run()
    at.text_input(key=f"stage_name_{new}").input("Expand")
    click(at, "Rename stage")
    assert "Expand" in stage_ids(store, wid)


def test_a_duplicate_stage_name_is_refused_with_a_message(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_stage_name").input("discover")
    click(at, "Add stage")
    assert any("already a stage called" in e for e in errors(at))
    assert len(store.stages(wid)) == 6


def test_deleting_a_stage_with_needs_asks_where_they_go(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    stages = stage_ids(store, wid)
    on_evaluate = [n for n, s in store.need_stages(wid).items() if s == stages["Evaluate"]]
    at.selectbox(key="edit_stage_pick").set_value(stages["Evaluate"]).run()
    click(at, "Delete stage")
    assert "Evaluate" in stage_ids(store, wid)          # nothing deleted yet: it asks
    assert "Choose the stage they move to" in as_read(texts(at))
    at.selectbox(key="delete_stage_target").set_value(stages["Discover"])
    click(at, "Move needs and delete")
    assert "Evaluate" not in stage_ids(store, wid)
    placed = store.need_stages(wid)
    assert all(placed[n] == stages["Discover"] for n in on_evaluate) and on_evaluate
    assert f"Moved {len(on_evaluate)} need(s) to “Discover” and deleted the stage" in toasts(at)


def test_an_empty_stage_is_deleted_at_once(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    stages = stage_ids(store, wid)
    at.selectbox(key="edit_stage_pick").set_value(stages["Renew/Advocate"]).run()
    click(at, "Delete stage")
    assert "Renew/Advocate" not in stage_ids(store, wid)


def test_a_need_shows_its_feedback_evidence_next_to_its_stated_importance(app, store):
    at = app(PAGE)
    shown = as_read(texts(at))
    assert "5 feedback mention(s) · 80 % detractors · importance 5 stated, 5 from evidence" \
        in shown
    assert "“Too many steps before I could do anything useful” (feedback)" in shown
