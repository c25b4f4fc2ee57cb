"""Score page: own scores only, saved through the grid; bad values refused."""

import pandas as pd

from tests.app.ui import click, errors, texts, toasts
from workbench import services

PAGE = "pages/score.py"


def grid_edit(at, edits):
    grid = at.data_editor[0]
    at.session_state[grid.key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    return grid


def test_asks_for_a_name_before_showing_the_grid(app):
    at = app(PAGE)
    assert "so your scores are kept apart from everyone else's" in texts(at)
    assert not at.data_editor


def test_grid_has_a_row_per_shortlisted_idea_and_starts_empty_for_a_new_rater(app):
    at = app(PAGE, name="Dana")
    grid = at.data_editor[0].value
    assert len(grid) == 22
    assert grid.drop(columns="title").isna().all().all()
    assert "You have fully scored 0 of 22 ideas." in [p.proto.text for p in at.get("progress")]


def test_saving_scores_writes_only_my_rows(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    before = store.all_scores(wid)
    crit = store.list_criteria(wid)
    grid = at.data_editor[0].value
    grid_edit(at, {0: {f"c{crit[0].id}": 4, f"c{crit[1].id}": 2, f"c{crit[2].id}": 5},
                   1: {f"c{crit[0].id}": 3}})
    click(at, "Save my scores")
    dana = services.join(store, wid, "Dana")
    mine = store.scores_of(wid, dana.id).sort_values(["idea_id", "criterion_id"])
    first, second = int(grid.index[0]), int(grid.index[1])
    assert mine[["idea_id", "criterion_id", "value"]].values.tolist() == sorted(
        [[first, crit[0].id, 4.0], [first, crit[1].id, 2.0], [first, crit[2].id, 5.0],
         [second, crit[0].id, 3.0]])
    others = store.all_scores(wid).query("rater_id != @dana.id")
    pd.testing.assert_frame_equal(
        others.sort_values(list(others.columns)).reset_index(drop=True),
        before.sort_values(list(before.columns)).reset_index(drop=True))
    assert "Saved 4 score(s)" in toasts(at)
    assert "You have fully scored 1 of 22 ideas." in [p.proto.text for p in at.get("progress")]


def test_out_of_range_score_is_refused_and_nothing_is_saved(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    crit = store.list_criteria(wid)
    grid_edit(at, {0: {f"c{crit[0].id}": 4}, 1: {f"c{crit[0].id}": 9}})
    click(at, "Save my scores")
    assert errors(at) and "9 is outside the scale 1 to 5. Nothing was saved." in errors(at)[0]
    dana = services.join(store, wid, "Dana")
    assert store.scores_of(wid, dana.id).empty


def test_saving_without_changes_says_so(app):
    at = app(PAGE, name="Dana")
    click(at, "Save my scores")
    assert "No changes to save." in texts(at)


def test_clearing_a_cell_withdraws_my_score(app, store):
    at = app(PAGE, name="Priya (Product)")
    wid = at.session_state["workshop_id"]
    crit = store.list_criteria(wid)
    priya = services.join(store, wid, "Priya (Product)")
    before = len(store.scores_of(wid, priya.id))
    grid_edit(at, {0: {f"c{crit[0].id}": None}})
    click(at, "Save my scores")
    assert len(store.scores_of(wid, priya.id)) == before - 1


def test_idea_removed_from_shortlist_meanwhile_is_refused(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    crit = store.list_criteria(wid)
    first = int(at.data_editor[0].value.index[0])
    ideas = store.list_ideas(wid)
    keep = [int(i) for i in ideas.loc[ideas["shortlisted"], "id"] if int(i) != first]
    services.set_shortlist(store, wid, None, keep)
    grid_edit(at, {0: {f"c{crit[0].id}": 4}})
    click(at, "Save my scores")
    # The grid re-renders without that idea, so the edit no longer applies to it.
    dana = services.join(store, wid, "Dana")
    assert first not in set(store.scores_of(wid, dana.id)["idea_id"])


def test_empty_shortlist_points_to_refine(app, store):
    at = app(PAGE, name="Dana")
    services.set_shortlist(store, at.session_state["workshop_id"], None, [])
    at.run()
    assert "Nothing is shortlisted yet" in texts(at)


def test_t_shirt_and_fibonacci_scales_accept_only_their_values(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    size = services.add_criterion(store, wid, None, "Size", "cost", 1, scale="tshirt")
    value = services.add_criterion(store, wid, None, "Value", "benefit", 1, scale="fibonacci")
    at.run()
    grid_edit(at, {0: {f"c{value}": 4}})
    click(at, "Save my scores")
    assert errors(at) and "Value: 4 is not on the scale (Fibonacci: 1, 2, 3, 5, 8, 13, 21)" \
        in errors(at)[0]
    grid_edit(at, {0: {f"c{value}": 8, f"c{size}": 4}})
    click(at, "Save my scores")
    dana = services.join(store, wid, "Dana")
    saved = store.scores_of(wid, dana.id).set_index("criterion_id")["value"]
    assert (saved[value], saved[size]) == (8.0, 4.0)
    assert "XS=1 S=2 M=3 L=4 XL=5" in texts(at).replace("\\", "")
