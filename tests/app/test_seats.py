"""Seats and the code throttle in AppTest: one answer for every failure, throttled per client
address across sessions, no token left in the address, a deleted workshop, a locked database."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.app.ui import as_seat, click, errors, texts
from workbench import services
from workbench.services.throttle import REGISTRY
from workbench.ui import context

WRONG = "ZZZZZZZ"


@pytest.fixture(autouse=True)
def clean_registry():
    REGISTRY.clear()
    yield
    REGISTRY.clear()


@pytest.fixture
def same_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every AppTest session comes from one client address, as one attacker's browser does."""
    monkeypatch.setattr(context, "client_address", lambda: "203.0.113.9")


@pytest.fixture
def live(store):
    started = services.start_live_workshop(store, "Pricing offsite", "Pick two bets", "Fay")
    pat = services.join_with_code(store, started.seat.workshop.join_code, "Pat")
    services.set_phase(store, started.seat.workshop.id, started.seat.participant.id, "diverge")
    return {"fay": started.seat, "pat": pat, "code": started.seat.workshop.join_code,
            "wid": started.seat.workshop.id}


def try_code(at, code: str, name: str = "Mallory") -> list[str]:
    at.text_input(key="join_code").input(code)
    at.text_input(key="join_name").input(name)
    click(at, "Join")
    return errors(at)


def test_a_fresh_session_does_not_get_a_clean_slate(app, live, same_address):
    at = app("pages/join.py")
    for _ in range(4):
        try_code(at, WRONG)
    assert errors(at)[0].startswith("Too many wrong codes. Try again in")
    fresh = app("pages/join.py")
    assert try_code(fresh, WRONG)[0].startswith("Too many wrong codes. Try again in")
    # …and while throttled, a real code gets the very same answer (nothing is looked up).
    assert try_code(fresh, live["code"], "Quinn")[0].startswith("Too many wrong codes")


def test_a_rejoin_link_answers_the_same_for_a_real_and_a_wrong_code(live):
    real = services.Seat(live["pat"].workshop, live["pat"].participant, "not-a-token")
    fake_workshop = type("W", (), {"join_code": WRONG})()
    wrong = services.Seat(fake_workshop, live["pat"].participant, "not-a-token")
    at_real, at_wrong = as_seat(real), as_seat(wrong)
    assert [w.value for w in at_real.warning] == [w.value for w in at_wrong.warning]
    assert [w.value for w in at_real.warning] == [context.FAILURE]
    for at in (at_real, at_wrong):
        assert at.session_state["workshop_id"] != live["wid"]
        assert "me" not in at.query_params


def test_a_closed_workshop_answers_like_a_wrong_code(app, store, live):
    services.set_phase(store, live["wid"], live["fay"].participant.id, "closed")
    closed = try_code(app("pages/join.py"), live["code"], "Quinn")
    wrong = try_code(app("pages/join.py"), WRONG, "Quinn")
    assert closed == wrong == [context.FAILURE]
    # The name is checked before the code, so an empty name says nothing about the code.
    assert try_code(app("pages/join.py"), live["code"], "") == \
        try_code(app("pages/join.py"), WRONG, "")


def test_wrong_tokens_are_throttled_per_code_across_addresses(live, monkeypatch):
    forged = services.Seat(live["pat"].workshop, live["pat"].participant, "not-a-token")
    for i in range(12):
        monkeypatch.setattr(context, "client_address", lambda i=i: f"10.0.0.{i}")
        as_seat(forged)
    monkeypatch.setattr(context, "client_address", lambda: "10.0.9.9")
    # Even the real token is not looked at while the code is throttled: same answer.
    at = as_seat(live["pat"])
    assert [w.value for w in at.warning] == [context.FAILURE]


def test_the_rejoin_link_gives_the_seat_and_leaves_no_token_in_the_address(live):
    at = as_seat(live["pat"], "pages/brainstorm.py")
    assert "You are **Pat**" in texts(at)
    assert "me" not in at.query_params
    assert at.query_params["code"] in (live["code"], [live["code"]])
    at.run()  # a later run keeps the seat without the token in the address
    assert "You are **Pat**" in texts(at)


def test_after_the_workshop_is_deleted_nothing_a_participant_submits_is_written(store, live):
    at = as_seat(live["pat"], "pages/brainstorm.py")
    ideas_before = store.list_ideas(live["wid"])  # noqa: F841 (the workshop is about to go)
    services.delete_workshop(store, live["wid"], live["fay"].participant.id)
    at.text_input(key="new_idea_title").input("Written into the void")
    at.button(key=[b.key for b in at.button if b.label == "Add idea"][0]).click().run()
    text = texts(at)
    assert "no longer exists" in text or "Nothing you just submitted was saved" in text, text
    assert "Written into the void" not in set(_all_titles(store))


def _all_titles(store) -> list[str]:
    titles: list[str] = []
    for wid in store.workshop_choices()["id"]:
        titles += list(store.list_ideas(int(wid))["title"])
    return titles


def test_a_database_held_by_another_process_gets_a_clear_page(empty_db: Path, app):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(empty_db)!r})
        print("ready", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        at = app()
        page = texts(at)
        assert "The workshop database cannot be opened" in page
        assert str(empty_db) in page
        assert "Another process is using it" in page
        assert not at.exception
    finally:
        holder.kill()
        holder.wait(timeout=10)


def _post_seat(body: str, headers: dict[str, str]):
    import asyncio

    from starlette.requests import Request

    from workbench.ui import router

    scope = {"type": "http", "method": "POST", "path": router.SEAT_ROUTE, "scheme": "http",
             "headers": [(k.lower().encode(), v.encode()) for k, v in
                         {"host": "app.test", **headers}.items()],
             "query_string": b"", "server": ("app.test", 80)}

    async def receive() -> dict:
        return {"type": "http.request", "body": body.encode(), "more_body": False}

    return asyncio.run(router._seat_route(Request(scope, receive)))


def test_the_seat_route_trades_a_ticket_once_for_an_httponly_cookie():
    from workbench.ui import router

    ticket = router.issue_ticket("K7QX2MP.secret-token")
    ok = {router.SEAT_HEADER: "1"}
    # Another site (no custom header, or a foreign Origin) cannot plant a seat.
    assert _post_seat(ticket, {}).status_code == 403
    assert _post_seat(ticket, {**ok, "origin": "https://evil.example"}).status_code == 403
    answer = _post_seat(ticket, {**ok, "origin": "http://app.test"})
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert "wb_seat=K7QX2MP.secret-token" in cookie
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    # A ticket works once, and an expired one not at all.
    assert _post_seat(ticket, ok).status_code == 403
    assert router.redeem_ticket(router.issue_ticket("K7QX2MP.x", now=0.0)) is None


def test_a_facilitator_gets_her_seat_back_on_the_join_page_with_her_name_and_key(app, store):
    started = services.start_live_workshop(store, "Offsite", "", "Fay")
    at = app("pages/join.py")
    assert any("lost my seat" in e.label for e in at.expander)
    at.text_input(key="reclaim_code").input(started.seat.workshop.join_code)
    at.text_input(key="reclaim_name").input("fay")
    at.text_input(key="reclaim_key").input(started.facilitator_key)
    click(at, "Get my seat back")
    assert not errors(at)
    seat = at.session_state["_seats"][started.seat.workshop.id]
    assert seat["participant_id"] == started.seat.participant.id
    assert len(store.list_participants(started.seat.workshop.id)) == 1


def test_an_unreachable_postgresql_url_gets_a_clear_page_without_its_password(
        monkeypatch, app):
    """Nothing listens on port 9: the page says the server is unreachable and shows the URL
    with its password masked, nowhere in full."""
    monkeypatch.setenv("WORKBENCH_DB", "postgresql://wb:s3cret-pass@127.0.0.1:9/workbench")
    monkeypatch.setenv("WORKBENCH_PG_WAIT", "1")
    page = texts(app())
    assert "The workshop database cannot be opened" in page
    assert "postgresql://wb:\\*\\*\\*@127.0.0.1:9/workbench" in page or \
        "postgresql://wb:***@127.0.0.1:9/workbench" in page
    assert "The server is down or unreachable" in page
    assert "s3cret-pass" not in page

