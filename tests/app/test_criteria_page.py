"""Criteria page: rename, weights, direction, add and remove; all-zero weights refused."""

from tests.app.ui import click, errors, texts, toasts

PAGE = "pages/criteria.py"


def by_name(store, wid):
    return {c.name: c for c in store.list_criteria(wid)}


def test_changing_a_weight_is_saved_and_logged(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    impact = by_name(store, wid)["Impact"]
    at.number_input(key=f"crit_weight_{impact.id}").set_value(3.0)
    click(at, "Save criteria")
    assert by_name(store, wid)["Impact"].weight == 3.0
    assert "Criteria saved" in toasts(at)
    assert store.list_events(wid)["kind"].iloc[0] == "criteria.updated"
    assert "Impact 60 %" in texts(at)


def test_all_weights_zero_is_refused_and_nothing_changes(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    for c in store.list_criteria(wid):
        at.number_input(key=f"crit_weight_{c.id}").set_value(0.0)
    click(at, "Save criteria")
    assert errors(at) and "needs a weight above 0" in errors(at)[0]
    assert [c.weight for c in store.list_criteria(wid)] == [1.0, 1.0, 1.0]


def test_rename_to_an_existing_name_is_refused(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    cost = by_name(store, wid)["Cost"]
    at.text_input(key=f"crit_name_{cost.id}").input("impact")
    click(at, "Save criteria")
    assert errors(at) == ["Two criteria cannot have the same name."]
    assert "Cost" in by_name(store, wid)


def test_empty_criterion_name_is_refused(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    cost = by_name(store, wid)["Cost"]
    at.text_input(key=f"crit_name_{cost.id}").input("  ")
    click(at, "Save criteria")
    assert errors(at) == ["Criterion name cannot be empty."]


def test_add_a_cost_criterion_on_a_ten_point_scale(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_criterion_name").input("Risk")
    at.selectbox(key="new_criterion_direction").set_value("cost")
    at.number_input(key="new_criterion_weight").set_value(2.0)
    at.number_input(key="new_criterion_high").set_value(10)
    click(at, "Add criterion")
    risk = by_name(store, wid)["Risk"]
    assert (risk.direction, risk.weight, risk.scale_min, risk.scale_max) == ("cost", 2.0, 1, 10)


def test_backwards_scale_is_refused(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_criterion_name").input("Odd")
    at.number_input(key="new_criterion_low").set_value(5)
    at.number_input(key="new_criterion_high").set_value(1)
    click(at, "Add criterion")
    assert errors(at) == ["The scale's lowest value must be below its highest value."]
    assert "Odd" not in by_name(store, wid)


def test_remove_asks_first_then_deletes_the_criterion_and_its_scores(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    feas = by_name(store, wid)["Feasibility"]
    at.selectbox(key="remove_criterion_pick").set_value(feas.id)
    click(at, "Remove…")
    assert "Every score given on it is deleted too." in texts(at)
    assert "Feasibility" in by_name(store, wid)
    click(at, "Remove")
    assert "Feasibility" not in by_name(store, wid)
    assert not (store.all_scores(wid)["criterion_id"] == feas.id).any()


def test_add_a_fibonacci_criterion_takes_the_scale_s_own_range(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_criterion_name").input("Job size")
    at.selectbox(key="new_criterion_direction").set_value("cost")
    at.selectbox(key="new_criterion_scale").set_value("fibonacci")
    at.number_input(key="new_criterion_high").set_value(99)  # ignored: Fibonacci is 1–21
    click(at, "Add criterion")
    size = by_name(store, wid)["Job size"]
    assert (size.scale, size.scale_min, size.scale_max) == ("fibonacci", 1.0, 21.0)
    assert "Job size 1, 2, 3, 5, 8, 13, 21" in texts(at).replace("\\", "")


def test_add_a_free_number_criterion_with_a_unit(app, store):
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.text_input(key="new_criterion_name").input("Reach")
    at.selectbox(key="new_criterion_scale").set_value("free")
    at.number_input(key="new_criterion_low").set_value(0)
    at.number_input(key="new_criterion_high").set_value(5000)
    at.text_input(key="new_criterion_unit").input("people / quarter")
    click(at, "Add criterion")
    reach = by_name(store, wid)["Reach"]
    assert (reach.scale, reach.scale_min, reach.scale_max, reach.unit) == (
        "free", 0.0, 5000.0, "people / quarter")
    assert store.list_events(wid)["kind"].iloc[0] == "criterion.added"


def test_a_unit_that_is_too_long_is_refused_and_nothing_is_added(store, db):
    """The form caps the unit at 30 characters; a crafted call gets a clear refusal."""
    import pytest

    from workbench import services
    from workbench.domain.models import InvalidInput
    wid = int(store.list_workshops()["id"].iloc[0])
    before = store.list_criteria(wid)
    with pytest.raises(InvalidInput, match="^Unit is 31 characters; the limit is 30.$"):
        services.add_criterion(store, wid, None, "Reach", scale="free", unit="x" * 31)
    with pytest.raises(InvalidInput, match="^Scale must be one of: "):
        services.add_criterion(store, wid, None, "Reach", scale="<script>")
    assert store.list_criteria(wid) == before
