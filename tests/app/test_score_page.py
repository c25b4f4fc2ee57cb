"""Score page: one card per idea, one tap per rating saved at once; bad values refused."""

import pandas as pd

from tests.app.ui import as_read, errors, texts
from workbench import services
from workbench.ui.score_cards import cell_key

PAGE = "pages/score.py"


def rating(at, round_no: int, idea_id: int, criterion_id: int):
    """The rating control of one idea on one criterion."""
    key = cell_key(round_no, idea_id, criterion_id)
    found = [w for kind in ("button_group", "number_input") for w in at.get(kind)
             if w.key == key]
    assert found, f"no rating control {key}"
    return found[0]


def tap(at, idea_id: int, criterion_id: int, value, round_no: int = 1):
    """Tap one rating (None: tap the chosen one again to withdraw) and let the page rerun."""
    rating(at, round_no, idea_id, criterion_id).set_value(value).run()
    assert not at.exception, at.exception
    return at


def card_errors(at, idea_id: int) -> list[str]:
    """Errors drawn inside one idea's card (its container is keyed by the idea)."""
    cards = [b for b in at.get("flex_container") if b.proto.id.endswith(f"score_card_{idea_id}")]
    assert len(cards) == 1, f"{len(cards)} cards for idea {idea_id}"
    return [str(e.value) for e in cards[0].get("error")]


def progress(at) -> list[str]:
    return [p.proto.text for p in at.get("progress")]


def shortlisted(store, wid: int) -> list[int]:
    ideas = store.list_ideas(wid)
    return [int(i) for i in ideas.loc[ideas["shortlisted"], "id"]]


def test_asks_for_a_name_before_showing_the_grid(app):
    at = app(PAGE)
    assert "so your scores are kept apart from everyone else's" in texts(at)
    assert not at.data_editor


def test_one_card_per_shortlisted_idea_with_its_full_title_and_position(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    ids = shortlisted(store, wid)
    crit = store.list_criteria(wid)
    assert len(ids) == 22
    markdown = texts(at)
    assert "Idea 1 of 22" in markdown and "Idea 22 of 22" in markdown
    title = store.get_idea(ids[-1]).title
    assert title in markdown.replace("\\", "")
    for idea_id in ids:
        for c in crit:
            assert rating(at, 1, idea_id, c.id).value is None
    assert "You have fully scored 0 of 22 ideas." in progress(at)


def test_each_tap_saves_that_rating_and_only_mine(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    before = store.all_scores(wid)
    crit = store.list_criteria(wid)
    first, second = shortlisted(store, wid)[:2]
    for c, value in zip(crit, (4, 2, 5), strict=True):
        tap(at, first, c.id, value)
    tap(at, second, crit[0].id, 3)
    dana = services.join(store, wid, "Dana")
    mine = store.scores_of(wid, dana.id)
    assert sorted(mine[["idea_id", "criterion_id", "value"]].values.tolist()) == sorted(
        [[first, crit[0].id, 4.0], [first, crit[1].id, 2.0], [first, crit[2].id, 5.0],
         [second, crit[0].id, 3.0]])
    others = store.all_scores(wid).query("rater_id != @dana.id")
    pd.testing.assert_frame_equal(
        others.sort_values(list(others.columns)).reset_index(drop=True),
        before.sort_values(list(before.columns)).reset_index(drop=True))
    assert "You have fully scored 1 of 22 ideas." in progress(at)
    assert ":material/check: Saved: Impact 3 · 1 of 3 rated" in as_read(texts(at))
    # What the controls show after the reruns is what was stored.
    assert rating(at, 1, first, crit[1].id).value == 2.0


def test_a_rating_on_a_scale_offers_exactly_its_values(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    crit = store.list_criteria(wid)
    control = rating(at, 1, shortlisted(store, wid)[0], crit[0].id)
    assert control.options == ["1", "2", "3", "4", "5"]
    assert "1–5" in control.label


def test_a_rating_for_an_idea_taken_off_the_shortlist_meanwhile_is_refused(app, store):
    """The facilitator unlists an idea while Dana's page shows it: her tap is refused, the
    card goes, and the reason stays on screen."""
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    crit = store.list_criteria(wid)
    first = shortlisted(store, wid)[0]
    services.set_shortlist(store, wid, None, shortlisted(store, wid)[1:])
    tap(at, first, crit[0].id, 4)
    assert any("not on the shortlist" in e for e in errors(at))
    dana = services.join(store, wid, "Dana")
    assert store.scores_of(wid, dana.id).empty


def test_tapping_the_chosen_rating_again_withdraws_it(app, store):
    at = app(PAGE, name="Priya (Product)")
    wid = at.session_state["workshop_id"]
    priya = services.join(store, wid, "Priya (Product)")
    mine = store.scores_of(wid, priya.id)
    before = len(mine)
    idea_id, criterion_id = int(mine.iloc[0]["idea_id"]), int(mine.iloc[0]["criterion_id"])
    assert rating(at, 1, idea_id, criterion_id).value == float(mine.iloc[0]["value"])
    tap(at, idea_id, criterion_id, None)
    assert len(store.scores_of(wid, priya.id)) == before - 1


def test_a_score_saved_elsewhere_shows_on_the_next_run(app, store):
    """Dana rates on her laptop, then on her phone: the open page follows the store."""
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    crit = store.list_criteria(wid)
    first = shortlisted(store, wid)[0]
    dana = services.join(store, wid, "Dana")
    services.save_scores(store, wid, dana.id, [(first, crit[0].id, 5)])
    at.run()
    assert rating(at, 1, first, crit[0].id).value == 5.0


def test_empty_shortlist_points_to_refine(app, store):
    at = app(PAGE, name="Dana")
    services.set_shortlist(store, at.session_state["workshop_id"], None, [])
    at.run()
    assert "Nothing is shortlisted yet" in texts(at)


def test_t_shirt_fibonacci_and_free_scales(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    size = services.add_criterion(store, wid, None, "Size", "cost", 1, scale="tshirt")
    value = services.add_criterion(store, wid, None, "Value", "benefit", 1, scale="fibonacci")
    reach = services.add_criterion(store, wid, None, "Reach", "benefit", 1, scale="free",
                                   scale_min=0, scale_max=1000, unit="users")
    at.run()
    first = shortlisted(store, wid)[0]
    assert rating(at, 1, first, size).options == ["XS", "S", "M", "L", "XL"]
    assert rating(at, 1, first, value).options == ["1", "2", "3", "5", "8", "13", "21"]
    tap(at, first, size, 4.0)
    tap(at, first, value, 8.0)
    tap(at, first, reach, 2500.0)  # a free number is typed: above the reference counts fully
    dana = services.join(store, wid, "Dana")
    saved = store.scores_of(wid, dana.id).set_index("criterion_id")["value"]
    assert (saved[value], saved[size], saved[reach]) == (8.0, 4.0, 2500.0)
    assert rating(at, 1, first, size).value == 4.0


def test_a_typed_number_above_the_scale_is_refused_next_to_it(app, store):
    """A 0–100 custom range is typed; the box has no maximum, so the server says what is
    wrong instead of the browser silently clamping 150 to 100."""
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    share = services.add_criterion(store, wid, None, "Share", "benefit", 1, scale="custom",
                                   scale_min=0, scale_max=100)
    at.run()
    first = shortlisted(store, wid)[0]
    tap(at, first, share, 150.0)
    dana = services.join(store, wid, "Dana")
    assert store.scores_of(wid, dana.id).empty
    assert rating(at, 1, first, share).value is None
    title = store.get_idea(first).title
    assert errors(at) == [f"{title} — Share: 150 is outside the scale 0 to 100. Nothing was "
                          "saved."]
    assert len(card_errors(at, first)) == 1  # next to what caused it, inside that card
    at.run()
    assert errors(at) == []  # said once
    tap(at, first, share, 60.0)
    assert store.scores_of(wid, dana.id)["value"].tolist() == [60.0]
