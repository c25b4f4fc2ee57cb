"""The projector view and the console's trust controls (go live, key, links, removal)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT
from tests.app.ui import as_read, as_seat, button, click, errors, texts, toasts
from workbench import services
from workbench.domain.models import InvalidToken
from workbench.domain.safe_text import md
from workbench.domain.secrets import secret_matches

HOSTILE = "<b>x</b> **bold** [link](javascript:alert(1))"


@pytest.fixture
def live(store):
    """A live workshop run by Fay; Pat and Quinn joined; two shortlisted ideas."""
    started = services.start_live_workshop(store, "Pricing offsite", "", "Fay")
    fay = started.seat
    pat = services.join_with_code(store, fay.workshop.join_code, "Pat")
    quinn = services.join_with_code(store, fay.workshop.join_code, "Quinn")
    wid, f = fay.workshop.id, fay.participant.id
    services.set_phase(store, wid, f, "diverge")
    ideas = [services.add_idea(store, wid, pat.participant.id, "Annual plan discount"),
             services.add_idea(store, wid, quinn.participant.id, HOSTILE)]
    services.set_shortlist(store, wid, f, ideas)
    return {"wid": wid, "code": fay.workshop.join_code, "fay": fay, "pat": pat, "quinn": quinn,
            "ideas": ideas, "key": started.facilitator_key}


def projector(code: str | None) -> AppTest:
    """Open the projector the way its link does: ?code=… only, no identity."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if code is not None:
        at.query_params["code"] = code
    at.run()
    at.switch_page("pages/projector.py").run()
    assert not at.exception, at.exception
    return at


def score_everything(store, live) -> None:
    wid, fay = live["wid"], live["fay"].participant.id
    services.set_phase(store, wid, fay, "converge")
    criteria = store.list_criteria(wid)
    for seat, value in ((live["pat"], 5), (live["quinn"], 2)):
        services.save_scores(store, wid, seat.participant.id,
                             [(idea, c.id, value if idea == live["ideas"][0] else 1)
                              for idea in live["ideas"] for c in criteria])


# ---- the projector page --------------------------------------------------------------------

def test_the_projector_shows_the_code_qr_phase_and_counts_but_no_names(store, live):
    at = projector(live["code"].lower())
    shown = texts(at)
    assert live["code"] in shown and "/join?code=" + live["code"] in shown
    assert "Diverge" in shown
    assert len(at.get("image")) == 1  # the QR code
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Ideas": "2", "People": "3", "Have scored": "0 of 3"}
    for name in ("Fay", "Pat", "Quinn"):
        assert name not in shown
    assert "me" not in at.query_params


def test_the_projector_hides_scores_until_the_reveal_then_shows_the_top(store, live):
    score_everything(store, live)
    at = projector(live["code"])
    assert "Results stay hidden until the facilitator reveals them." in texts(at)
    assert "Annual plan discount" not in texts(at) and "Top ideas" not in texts(at)
    assert {m.label: m.value for m in at.metric}["Have scored"] == "2 of 3"
    services.set_revealed(store, live["wid"], live["fay"].participant.id, True)
    at = projector(live["code"])
    shown = texts(at)
    assert "Top ideas" in shown
    assert f"1. **{md('Annual plan discount')}**" in shown
    assert f"2. **{md(HOSTILE)}**" in shown  # user text escaped, shown literally


def test_the_projector_shows_no_names_in_an_anonymous_workshop(store, live):
    fay = live["fay"].participant.id
    services.set_anonymous(store, live["wid"], fay, True)
    score_everything(store, live)
    services.set_revealed(store, live["wid"], fay, True)
    at = projector(live["code"])
    for name in ("Fay", "Pat", "Quinn"):
        assert name not in texts(at)


@pytest.mark.parametrize("code", ["ZZZZZZZ", "<script>alert(1)</script>", "A" * 300])
def test_the_projector_refuses_an_unknown_or_hostile_code(live, code):
    at = projector(code)
    assert errors(at) == ["No workshop with that code. Check the code with your facilitator."]
    assert not at.get("image") and errors(at)


def test_the_projector_without_a_code_asks_for_one(live):
    at = projector(None)
    assert "Projector view" in texts(at)
    field = [w for w in at.text_input if w.label == "Join code"][0]
    field.input("   ")
    button(at, "Show").click().run()
    assert errors(at) and "not a join code" in errors(at)[0]
    field = [w for w in at.text_input if w.label == "Join code"][0]
    field.input(live["code"].lower())
    button(at, "Show").click().run()
    at.run()
    assert live["code"] in texts(at) and len(at.get("image")) == 1


# ---- the console: who may go live, projector link, key, links, removal ---------------------

def test_the_console_states_the_go_live_rule_and_refuses_a_stranger(app, store):
    at = app("pages/console.py", name="Mallory")
    wid = at.session_state["workshop_id"]
    assert services.GO_LIVE_RULE in texts(at)
    click(at, "Run it as a live workshop")
    assert errors(at) and "only the person who started it" in errors(at)[0]
    assert not store.get_workshop(wid).live
    assert "Your facilitator key — shown only once" not in texts(at)


def test_the_console_opens_the_projector_without_the_facilitators_identity(live):
    at = as_seat(live["fay"], "pages/console.py")
    (link,) = [b for b in at.get("link_button") if b.proto.label == "Open the projector view"]
    assert link.proto.url.endswith(f"/projector?code={live['code']}")
    assert "me=" not in link.proto.url and live["fay"].rejoin_token not in link.proto.url


def test_rotating_the_key_shows_a_new_one_once_and_the_old_stops(store, live):
    at = as_seat(live["fay"], "pages/console.py")
    click(at, "Rotate the facilitator key…")
    click(at, "Rotate the key")
    assert "New facilitator key: the old one no longer works" in toasts(at)
    assert "Your facilitator key — shown only once" in texts(at)
    new_key = [c.value for c in at.code if len(c.value) > 20 and "http" not in c.value][0]
    assert new_key != live["key"] and secret_matches(new_key, store.facilitator_key_hash(
        live["wid"]))
    with pytest.raises(InvalidToken):
        services.claim_facilitator(store, live["wid"], live["pat"].participant.id, live["key"])
    assert store.get_participant(live["fay"].participant.id).is_facilitator


def test_a_rotated_key_holder_is_told_the_key_no_longer_works(store, live):
    services.rotate_facilitator_key(store, live["wid"], live["fay"].participant.id)
    at = as_seat(live["pat"], "pages/join.py")
    at.text_input(key="claim_key_input").input(live["key"])
    click(at, "Become facilitator")
    assert errors(at) and "not valid" in errors(at)[0]
    assert not store.get_participant(live["pat"].participant.id).is_facilitator


def test_cancelling_the_key_rotation_changes_nothing(store, live):
    before = store.facilitator_key_hash(live["wid"])
    at = as_seat(live["fay"], "pages/console.py")
    click(at, "Rotate the facilitator key…")
    click(at, "Cancel")
    assert store.facilitator_key_hash(live["wid"]) == before


def test_reissuing_a_link_shows_the_new_one_and_the_old_stops(store, live):
    at = as_seat(live["fay"], "pages/console.py")
    at.selectbox(key="seat_pick").set_value(live["pat"].participant.id).run()
    click(at, "Replace their link")
    assert "Pat's old rejoin link no longer works" in toasts(at)
    (link,) = [c.value for c in at.code if "&me=" in c.value]
    token = link.rsplit("&me=", 1)[1]
    assert f"?code={live['code']}&me=" in link
    assert services.rejoin(store, live["wid"], token).id == live["pat"].participant.id
    with pytest.raises(InvalidToken):
        services.rejoin(store, live["wid"], live["pat"].rejoin_token)


def test_removing_a_participant_needs_confirmation_and_their_page_refuses(store, live):
    pat_page = as_seat(live["pat"], "pages/brainstorm.py")  # open before the removal
    at = as_seat(live["fay"], "pages/console.py")
    at.selectbox(key="seat_pick").set_value(live["pat"].participant.id).run()
    click(at, "Remove from workshop…")
    assert store.is_removed(live["pat"].participant.id) is False  # not before confirming
    click(at, "Remove")
    assert "Removed Pat" in toasts(at)
    assert store.is_removed(live["pat"].participant.id)
    assert "Removed: Pat" in as_read(texts(at))
    ideas_before = len(store.list_ideas(live["wid"]))
    pat_page.text_input(key="new_idea_title").input("Sneaky idea")
    click(pat_page, "Add idea")
    assert any("removed you from this workshop" in e for e in errors(pat_page))
    assert len(store.list_ideas(live["wid"])) == ideas_before  # nothing written
    assert "Annual plan discount" in set(store.list_ideas(live["wid"])["title"])  # work stays


def test_a_removed_facilitator_sees_why_on_the_console(store, live):
    services.claim_facilitator(store, live["wid"], live["quinn"].participant.id, live["key"])
    quinn = as_seat(live["quinn"], "pages/console.py")
    services.remove_participant(store, live["wid"], live["fay"].participant.id,
                                live["quinn"].participant.id)
    quinn.run()
    assert any("removed you from this workshop" in e for e in errors(quinn))
    assert not [b for b in quinn.button if b.label == "Rotate the facilitator key…"]
