"""Live workshops in AppTest: joining, rejoin links, console, phase gating, reveal, visibility."""

from __future__ import annotations

import pytest

from tests.app.ui import as_read, as_seat, click, errors, field, texts, toasts
from workbench import services
from workbench.domain.secrets import secret_matches
from workbench.ui.context import FAILURE


@pytest.fixture
def live(store):
    """A live workshop with a facilitator (Fay) and a participant (Pat), three ideas."""
    started = services.start_live_workshop(store, "Pricing offsite", "Pick two bets", "Fay")
    fay = started.seat
    pat = services.join_with_code(store, fay.workshop.join_code, "Pat")
    wid = fay.workshop.id
    services.set_phase(store, wid, fay.participant.id, "diverge")
    ideas = [services.add_idea(store, wid, pat.participant.id, t)
             for t in ("Annual plan discount", "Usage-based tier", "Free trial extension")]
    return {"wid": wid, "code": fay.workshop.join_code, "fay": fay, "pat": pat, "ideas": ideas,
            "key": started.facilitator_key}


def test_joining_with_the_code_gives_a_seat_and_a_rejoin_link(app, store, live):
    at = app("pages/join.py")
    at.text_input(key="join_code").input(live["code"].lower())
    at.text_input(key="join_name").input("Quinn")
    click(at, "Join")
    assert "Welcome, Quinn! You joined “Pricing offsite”." in toasts(at)
    assert at.session_state["workshop_id"] == live["wid"]
    assert at.query_params["code"] == [live["code"]] or at.query_params["code"] == live["code"]
    assert "Quinn" in set(store.list_participants(live["wid"])["name"])


def test_wrong_code_says_so_and_repeated_wrong_codes_are_slowed(app, live):
    at = app("pages/join.py")
    for _ in range(5):
        at.text_input(key="join_code").input("ZZZZZZZ")
        at.text_input(key="join_name").input("Mallory")
        click(at, "Join")
    assert errors(at) and errors(at)[0].startswith("Too many wrong codes. Try again in")
    # AppTest has no client address, so a new session counts as another client (the
    # cross-session registry is tested in tests/unit/test_throttle.py): one answer for all.
    at2 = app("pages/join.py")
    at2.text_input(key="join_code").input("ZZZZZZZ")
    at2.text_input(key="join_name").input("Mallory")
    click(at2, "Join")
    assert errors(at2) == [FAILURE]


def test_a_taken_name_is_refused_case_insensitively(app, store, live):
    at = app("pages/join.py")
    at.text_input(key="join_code").input(live["code"])
    at.text_input(key="join_name").input("PAT")
    click(at, "Join")
    assert errors(at) and "already goes by “PAT”" in errors(at)[0]
    assert list(store.list_participants(live["wid"])["name"]).count("Pat") == 1


def test_a_live_workshop_is_invisible_without_a_seat(app, live):
    at = app()
    options = [s for s in at.selectbox if s.key == "open_workshop_pick"][0].options
    assert not any("Pricing offsite" in o for o in options)
    assert at.session_state["workshop_id"] != live["wid"]


def test_rejoin_link_restores_identity_after_a_reload(live):
    at = as_seat(live["pat"], "pages/brainstorm.py")
    assert at.session_state["workshop_id"] == live["wid"]
    assert "You are **Pat**" in texts(at)
    assert "Idea wall · 3 ideas" in texts(at)


def test_forged_rejoin_token_is_refused(live):
    forged = services.Seat(live["pat"].workshop, live["pat"].participant, "not-a-token")
    at = as_seat(forged)
    assert FAILURE in texts(at)  # the same answer as a wrong code
    assert at.session_state["workshop_id"] != live["wid"]


def test_console_is_for_the_facilitator_only(live):
    at = as_seat(live["pat"], "pages/console.py")
    assert "Only the facilitator can use this page." in texts(at)
    assert not [b for b in at.button if b.label.startswith("Next")]


def test_facilitator_moves_the_phase_and_participants_are_gated(store, live):
    pat_score = as_seat(live["pat"], "pages/score.py")
    assert "Scoring opens when the facilitator moves the workshop to converge." in \
        texts(pat_score)
    fay = as_seat(live["fay"], "pages/console.py")
    assert any(f"`{live['code']}`" in m.value for m in fay.markdown)
    assert [c.value for c in fay.code][0].endswith(f"/join?code={live['code']}")
    assert "### :material/flag: Now: Diverge — brainstorm" in texts(fay)
    click(fay, "Next: Refine — merge and shortlist")
    assert "Merge duplicates and pick the shortlist on Refine" in texts(fay)
    click(fay, "Next: Converge — score and vote")
    assert store.get_workshop(live["wid"]).phase == "converge"
    pat_brainstorm = as_seat(live["pat"], "pages/brainstorm.py")
    assert "New ideas are closed in the converge phase." in texts(pat_brainstorm)
    assert not [b for b in pat_brainstorm.button if b.label == "Add idea"]


def test_rank_is_hidden_from_participants_until_reveal(store, live):
    wid, fay_id = live["wid"], live["fay"].participant.id
    services.set_shortlist(store, wid, fay_id, live["ideas"])
    services.set_phase(store, wid, fay_id, "converge")
    crit = store.list_criteria(wid)
    services.save_scores(store, wid, live["pat"].participant.id,
                        [(i, c.id, 4) for i in live["ideas"] for c in crit])
    at = as_seat(live["pat"], "pages/rank.py")
    assert "The ranking is hidden until the facilitator reveals the results" in texts(at)
    assert not at.dataframe
    fay = as_seat(live["fay"], "pages/rank.py")
    assert "Only you (the facilitator) can see this" in texts(fay)
    assert len(fay.dataframe[0].value) == 3
    fay.switch_page("pages/console.py").run()
    reveal = [b for b in fay.button if b.label == "Reveal results"][0]
    assert reveal.proto.type == "secondary", "revealing is not the next move while scoring"
    click(fay, "Reveal results")
    at.run()
    assert len(at.dataframe[0].value) == 3


def test_participant_sees_how_many_have_scored_but_not_their_scores(store, live):
    wid, fay_id = live["wid"], live["fay"].participant.id
    services.set_shortlist(store, wid, fay_id, live["ideas"])
    services.set_phase(store, wid, fay_id, "converge")
    crit = store.list_criteria(wid)
    services.save_scores(store, wid, fay_id, [(live["ideas"][0], crit[0].id, 5)])
    at = as_seat(live["pat"], "pages/score.py")
    assert "Round 1 · 1 person has scored so far." in texts(at)
    keys = [w.key for w in at.get("button_group")]
    assert keys and all(w.value is None for w in at.get("button_group"))
    assert "You have fully scored 0 of" in " ".join(p.proto.text for p in at.get("progress"))


def test_participant_cannot_shortlist_or_change_criteria(live):
    refine = as_seat(live["pat"], "pages/refine.py")
    assert "The facilitator merges duplicates and picks the shortlist." in texts(refine)
    assert not refine.data_editor
    criteria = as_seat(live["pat"], "pages/criteria.py")
    assert "The facilitator sets the criteria and weights." in texts(criteria)
    assert not [b for b in criteria.button if b.label == "Save criteria"]


def test_dots_respect_the_budget(store, live):
    wid, fay_id = live["wid"], live["fay"].participant.id
    services.set_shortlist(store, wid, fay_id, live["ideas"])
    services.set_phase(store, wid, fay_id, "converge")
    services.set_dots(store, wid, fay_id, 2)
    at = as_seat(live["pat"], "pages/vote.py")
    first = live["ideas"][0]
    at.button(key=f"more_{first}").click().run()
    at.run()
    at.button(key=f"more_{first}").click().run()
    at.run()
    assert at.button(key=f"more_{live['ideas'][1]}").disabled
    assert int(store.my_dots(wid, live["pat"].participant.id, 1)["dots"].sum()) == 2
    assert "Totals stay hidden until the facilitator reveals them." in texts(at)


def test_free_mode_workshop_can_go_live_from_the_console(app, store):
    at = app("pages/console.py", name="Priya (Product)")
    assert "This workshop is in **free mode**" in texts(at)
    click(at, "Run it as a live workshop")
    wid = at.session_state["workshop_id"]
    assert store.get_workshop(wid).live
    assert "Your facilitator key — shown only once" in texts(at)
    key = [c.value for c in at.code if len(c.value) > 20][0]
    assert secret_matches(key, store.facilitator_key_hash(wid))


def test_starting_a_live_workshop_from_the_workshops_page_opens_the_console(app, store):
    at = app()
    at.text_input(key="live_title").input("Roadmap day")
    at.text_input(key="live_name").input("Fiona")
    click(at, "Start live workshop")
    at.switch_page("pages/console.py").run()  # the browser follows st.switch_page; AppTest not
    assert "Your facilitator key — shown only once" in texts(at)
    workshop = store.get_workshop(at.session_state["workshop_id"])
    assert workshop.live and workshop.phase == "needs"


def test_joining_from_the_landing_page_goes_to_the_current_phase(app, store, live):
    """Diverge → Brainstorm: the joined person lands where the work is, not on a form."""
    at = app()
    at.text_input(key="landing_join_code").input(live["code"])
    at.text_input(key="landing_join_name").input("Quinn")
    click(at, "Join")
    assert at.session_state["workshop_id"] == live["wid"]
    assert [t.value for t in at.title] == ["Brainstorm"]
    assert "Welcome, Quinn! You joined “Pricing offsite”." in toasts(at)


def test_one_name_per_person_fills_every_name_box(app, store, live):
    """Named once (here by joining), the start form needs only a title: Enter in the title
    starts the workshop instead of complaining about an empty name."""
    at = app()
    at.text_input(key="landing_join_code").input(live["code"])
    at.text_input(key="landing_join_name").input("Quinn")
    click(at, "Join")
    at.switch_page("pages/workshops.py").run()
    assert at.text_input(key="live_name").value == "Quinn"
    at.text_input(key="live_title").input("Quinn's own day")
    click(at, "Start live workshop")
    started = store.get_workshop(at.session_state["workshop_id"])
    assert started.title == "Quinn's own day" and started.live
    assert [t.value for t in at.title] == ["Facilitator console"]


def test_the_console_shows_what_to_do_and_who_is_stuck(store, live):
    """Diverge: Pat added all three ideas; Quinn just joined and added nothing."""
    services.join_with_code(store, live["code"], "Quinn")
    fay = as_seat(live["fay"], "pages/console.py")
    shown = as_read(texts(fay))
    assert "Everyone adds ideas and tags each to the needs it serves." in shown
    assert "**Still working:** Quinn (no idea yet)" in shown
    assert not [b for b in fay.button if b.label == "Reveal results"]  # not before scoring


def test_a_localhost_join_link_is_called_out_and_the_public_address_is_used(
        store, live, monkeypatch):
    fay = as_seat(live["fay"], "pages/console.py")
    # AppTest has no browser address: the link is relative, i.e. local to this machine.
    assert any("phones cannot open it" in as_read(w.value) for w in fay.warning)
    monkeypatch.setenv("WORKBENCH_PUBLIC_URL", "https://workshop.example.com/")
    fay.run()
    assert [c.value for c in fay.code][0] == \
        f"https://workshop.example.com/join?code={live['code']}"
    assert not [w for w in fay.warning if "phones cannot open it" in w.value]


def test_an_unnamed_person_names_themselves_on_the_console_itself(app, store):
    """No sidebar to find on a phone: the console asks for the name inline, then offers to
    take the (demo, nobody-joined-yet-as-someone-else) workshop live."""
    at = app("pages/console.py")
    assert "Tell us your name to take it live — you become its facilitator." in texts(at)
    field(at, "text_input", "Your name").input("Priya (Product)")
    click(at, "Continue")
    assert [b for b in at.button if b.label == "Run it as a live workshop"]
