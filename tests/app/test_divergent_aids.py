"""Divergent aids on Brainstorm: the focus need's "How might we …?" prompt, every need's
prompt when nothing is in focus, and the technique card pushed from the console."""

from __future__ import annotations

import pytest

from tests.app.ui import as_seat, click, texts, toasts
from workbench import services
from workbench.domain.safe_text import md
from workbench.domain.techniques import TECHNIQUES

PAGE = "pages/brainstorm.py"
NEED = "Send invoices from the same place I track the work"


def test_the_focus_need_shows_its_how_might_we_prompt(app, store):
    at = app(PAGE, name="Dana")
    wid = at.session_state["workshop_id"]
    needs = store.list_needs(wid)
    services.set_focus_need(store, wid, None,
                            int(needs.loc[needs["statement"] == NEED, "id"].iloc[0]))
    at.run()
    prompt = "How might we help Freelancers send invoices from the same place they track the " \
             "work?"
    assert f":material/psychology_alt: *{md(prompt)}*" in texts(at)


def test_without_a_focus_every_need_has_a_prompt_folded_away(app):
    at = app(PAGE, name="Dana")
    assert any(e.label.startswith("Stuck? “How might we") for e in at.expander)
    assert md("How might we help") in texts(at)


@pytest.fixture
def live(store):
    started = services.start_live_workshop(store, "Offsite", "", "Fay")
    pat = services.join_with_code(store, started.seat.workshop.join_code, "Pat")
    services.set_phase(store, started.seat.workshop.id, started.seat.participant.id,
                       "diverge")
    return started.seat, pat


def test_the_facilitator_pushes_a_card_with_its_timer_and_participants_see_it(store, live):
    fay, pat = live
    console = as_seat(fay, "pages/console.py")
    console.selectbox(key="console_technique").set_value("worst").run()
    card = TECHNIQUES["worst"]
    assert md(card.gist) in texts(console)
    click(console, "Push to everyone + start 8-min timer")
    assert any("Worst possible idea is on everyone's Brainstorm" in t for t in toasts(console))
    workshop = store.get_workshop(fay.workshop.id)
    assert (workshop.timer_label, store.pushed_technique(workshop.id)) == \
        ("Worst possible idea", "worst")
    brainstorm = as_seat(pat, PAGE)
    shown = texts(brainstorm)
    assert "Technique now — from the facilitator" in shown
    assert f"**:material/style: {md(card.name)}** · 8 min" in shown
    assert all(md(step) in shown for step in card.steps)
    # Participants read the card; only the facilitator pushes one.
    assert not [b for b in brainstorm.button if b.label.startswith("Push to everyone")]
    click(console, "Take the card down")
    assert "Technique now" not in texts(as_seat(pat, PAGE))


def test_in_free_mode_anyone_pushes_a_card_from_brainstorm(app, store):
    at = app(PAGE, name="Dana")
    at.selectbox(key="technique_pick").set_value("scamper").run()
    click(at, "Push to everyone + start 10-min timer")
    assert store.pushed_technique(at.session_state["workshop_id"]) == "scamper"
    assert "Technique now" in texts(at)
    assert "On everyone's Brainstorm now: **SCAMPER**" in texts(at)
