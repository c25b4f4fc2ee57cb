"""After a restart everyone comes back on their own seat, through the app's navigation.

Streamlit decides "legacy pages/ folder app" once per process, in the first session it creates
(this project has a ``pages/`` folder). Before the fix the flag was flipped by the first page
run that noticed it, so participants reopening their rejoin links in the same second as the
restart raced it: 1 of 50 came back on their seat, the others got raw file names and the demo.
app.py now builds an ``st.App`` whose import (before the server accepts connections) sets the
flag (``workbench.ui.router.install``). These tests open N wire-level sessions
(``bench.wire_client``) at the same moment as the very first requests of a fresh process, and
kill -9 the server in the middle of a burst of writes.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bench.wire_client import WidgetState, WidgetStates, WireSession
from tests.browser.conftest import Server
from tests.browser.test_no_leak import run_async
from workbench import services
from workbench.store import DuckDBStore

pytestmark = pytest.mark.browser

N = 50
PAGES = ("", "brainstorm", "score", "rank", "join", "needs", "vote", "refine")
APP_SECTIONS = ["Workshop", "Diverge", "Converge", "Follow up"]


def seed(db: Path, n: int) -> tuple[str, list[tuple[str, str]]]:
    """A live workshop in diverge with ``n`` participants: (code, [(name, token)])."""
    store = DuckDBStore(db)
    try:
        start = services.start_live_workshop(store, "Restart drill", "Come back", "Fay")
        wid, fay = start.seat.workshop.id, start.seat.participant.id
        code = start.seat.workshop.join_code
        people = [("Fay", start.seat.rejoin_token)]
        for i in range(1, n):
            seat = services.join_with_code(store, code, f"Person {i:03d}")
            people.append((seat.participant.name, seat.rejoin_token))
        services.set_phase(store, wid, fay, "diverge")
        return code, people
    finally:
        store.close()


def seed_scoring(db: Path, n: int, ideas: int = 6) -> tuple[str, list[tuple[str, str]]]:
    """A live workshop in converge (shortlist of ``ideas``) with ``n`` raters."""
    store = DuckDBStore(db)
    try:
        start = services.start_live_workshop(store, "Scoring drill", "Rate", "Sam")
        wid, fac = start.seat.workshop.id, start.seat.participant.id
        code = start.seat.workshop.join_code
        services.set_phase(store, wid, fac, "diverge")
        ids = [services.add_idea(store, wid, fac, f"Bet {i}") for i in range(ideas)]
        services.set_shortlist(store, wid, fac, ids)
        services.set_phase(store, wid, fac, "converge")
        people = []
        for i in range(n):
            seat = services.join_with_code(store, code, f"Rater {i:03d}")
            people.append((seat.participant.name, seat.rejoin_token))
        return code, people
    finally:
        store.close()


def check_seat(session: WireSession, name: str) -> list[str]:
    """What is wrong with this session's page (empty: on its seat, with app.py's navigation)."""
    problems = []
    navigations = [m.navigation for m in session.messages()
                   if m.WhichOneof("type") == "navigation"]
    if not navigations or list(navigations[-1].sections) != APP_SECTIONS:
        problems.append("no app navigation (pages-folder mode)")
    elif "Facilitator console" not in [p.page_name for p in navigations[-1].app_pages]:
        problems.append("navigation without the app's page titles")
    text = session.text().replace("*", "")
    if f"You are {name}" not in text:
        problems.append("not on their seat")
    if "No workshop is open yet" in text:
        problems.append("no workshop open")
    if "me=" in session.query_string:
        problems.append("token left in the address")
    if session.exceptions:
        problems.append(f"exceptions {session.exceptions}")
    return problems


async def open_all(url: str, code: str, people: list[tuple[str, str]],
                   pages: tuple[str, ...] = PAGES) -> dict[str, WireSession]:
    """Every person's rejoin link at once (connect all, then let every first run settle)."""
    sessions = {name: WireSession(name, follow_auto_rerun=False, max_seconds=240)
                for name, _ in people}
    await asyncio.gather(*(
        sessions[name].connect(url, pages[i % len(pages)], f"code={code}&me={token}",
                               timeout=60)
        for i, (name, token) in enumerate(people)))
    await asyncio.gather(*(s.wait_idle(quiet=1.0, timeout=120) for s in sessions.values()))
    return sessions


async def close_all(sessions: dict[str, WireSession]) -> None:
    await asyncio.gather(*(s.close() for s in sessions.values()))


def test_fifty_rejoin_links_opened_together_after_a_restart_all_land_on_their_seats(
        tmp_path: Path, demo_template: Path) -> None:
    db = tmp_path / "workbench.duckdb"
    shutil.copy(demo_template, db)
    code, people = seed(db, N)
    server = Server(db, tmp_path / "streamlit.log")  # a fresh process: nothing ran yet
    try:
        async def scenario() -> dict[str, list[str]]:
            sessions = await open_all(server.url, code, people)
            try:
                return {name: check_seat(s, name) for name, s in sessions.items()}
            finally:
                await close_all(sessions)

        outcome = run_async(scenario())
    finally:
        server.stop()
    failed = {name: p for name, p in outcome.items() if p}
    print(f"restart_seats_restored: {N - len(failed)}/{N}")
    assert not failed, f"{len(failed)}/{N} did not come back: {failed}"


async def _add_ideas(session: WireSession, name: str, acked: list[str],
                     stop: asyncio.Event) -> None:
    """Add ideas through the quick-add form until ``stop``; keep those the server confirmed."""
    k = 0
    while not stop.is_set() and not session.closed:
        title = f"{name} idea {k}"
        before = len(session.received)
        try:
            await session.click("Add idea", texts={"Idea": title})
            await session.wait_for_script_finished(timeout=10)
        except (ConnectionError, TimeoutError, KeyError, OSError):
            return
        confirmed = any(f"Added “{title}”" in s for r in session.received[before:] if r.raw
                        for s in _strings(r.raw))
        if confirmed:
            acked.append(title)
        k += 1


async def _save_scores(session: WireSession, sent: dict[int, list[tuple[int, bool]]],
                       stop: asyncio.Event) -> None:
    """Tap one rating at a time (each card's first criterion) until ``stop``; note which
    taps the page confirmed: ``sent[row]`` is [(value, confirmed)] in the order sent."""
    k = 0
    while not stop.is_set() and not session.closed:
        groups = _rating_controls(session)
        if not groups:
            return
        ideas = sorted({idea for idea, _ in groups})
        first = min(criterion for _, criterion in groups)
        # Consecutive taps on one card always change its rating (6 cards, 5 values).
        row, value = k % len(ideas), k % 5 + 1
        widget = groups[(ideas[row], first)]
        # As a browser does: every widget's current value, this one's new.
        states = WidgetStates(widgets=[w for w in session.widget_states.widgets
                                       if w.id != widget])
        tapped = WidgetState(id=widget)
        tapped.string_array_value.data[:] = [str(value)]
        states.widgets.append(tapped)
        before = len(session.received)
        sent[row].append((value, False))
        try:
            await session.rerun(states)
            await session.wait_for_script_finished(timeout=10)
        except (ConnectionError, TimeoutError, OSError):
            return
        if any("Saved" in s and s.split(" · ")[0].endswith(f" {value}")
               for r in session.received[before:] if r.raw for s in _strings(r.raw)):
            sent[row][-1] = (value, True)
        k += 1


def _rating_controls(session: WireSession) -> dict[tuple[int, int], str]:
    """{(idea id, criterion id): widget id} of the rating controls on the Score page."""
    found = {}
    for kind, proto in session.widgets():
        key = proto.id.rsplit("-", 1)[-1]
        if kind == "button_group" and key.startswith("rate_"):
            _, _, idea, criterion = key.split("_")
            found[(int(idea), int(criterion))] = proto.id
    return found


def _strings(raw: bytes) -> list[str]:
    from bench.wire_client import ForwardMsg, _collect
    out: list[str] = []
    _collect(ForwardMsg.FromString(raw), out, [], True)
    return out


def test_kill_9_during_a_burst_loses_no_acknowledged_write_and_no_seat(
        tmp_path: Path, demo_template: Path) -> None:
    writers, raters, n_ideas = 10, 10, 6
    db = tmp_path / "workbench.duckdb"
    shutil.copy(demo_template, db)
    code, people = seed(db, writers)
    score_code, score_people = seed_scoring(db, raters, n_ideas)
    server = Server(db, tmp_path / "streamlit-1.log")
    acked: list[str] = []
    sent: dict[str, dict[int, list[tuple[int, bool]]]] = {
        name: {row: [] for row in range(n_ideas)} for name, _ in score_people}
    try:
        async def burst() -> None:
            adders = await open_all(server.url, code, people, ("brainstorm",))
            scorers = await open_all(server.url, score_code, score_people, ("score",))
            stop = asyncio.Event()
            tasks = [asyncio.create_task(_add_ideas(s, name, acked, stop))
                     for name, s in adders.items()]
            tasks += [asyncio.create_task(_save_scores(s, sent[name], stop))
                      for name, s in scorers.items()]
            await asyncio.sleep(5.0)
            server.process.kill()  # SIGKILL in the middle of the burst
            server.process.wait(timeout=10)
            stop.set()
            await asyncio.wait(tasks, timeout=20)
            await close_all(adders)
            await close_all(scorers)

        run_async(burst())
    finally:
        server.stop()
    acked_scores = sum(ok for rows in sent.values() for row in rows.values() for _, ok in row)
    assert len(acked) >= writers, f"too few ideas confirmed before the kill: {len(acked)}"
    assert acked_scores >= raters, f"too few score saves confirmed: {acked_scores}"

    restarted = Server(db, tmp_path / "streamlit-2.log")
    try:
        async def come_back() -> dict[str, list[str]]:
            sessions = await open_all(restarted.url, code, people)
            sessions |= await open_all(restarted.url, score_code, score_people)
            try:
                return {name: check_seat(s, name) for name, s in sessions.items()}
            finally:
                await close_all(sessions)

        outcome = run_async(come_back())
    finally:
        restarted.stop()
    failed = {name: p for name, p in outcome.items() if p}
    assert not failed, f"after kill -9 + restart: {failed}"

    store = DuckDBStore(db)
    try:
        titles = set(store.list_ideas(store.workshop_by_code(code).id)["title"])
        workshop = store.workshop_by_code(score_code)
        shortlist = list(store.list_ideas(workshop.id).sort_values("id")["id"])
        people_ids = {p.name: p.id for p in store.list_participants(workshop.id).itertuples()}
        first = min(c.id for c in store.list_criteria(workshop.id))
        lost_scores = []
        for name, rows in sent.items():
            mine = store.scores_of(workshop.id, people_ids[name], 1)
            for row, history in rows.items():
                confirmed = [i for i, (_, ok) in enumerate(history) if ok]
                if not confirmed:
                    continue
                allowed = {v for v, _ in history[confirmed[-1]:]}
                stored = set(mine[(mine["idea_id"] == shortlist[row])
                                  & (mine["criterion_id"] == first)]["value"])
                if len(stored) != 1 or not stored <= allowed:
                    lost_scores.append((name, row, history, stored))
    finally:
        store.close()
    lost = [t for t in acked if t not in titles]
    print(f"kill9_acknowledged_ideas: {len(acked)}, lost: {len(lost)}; "
          f"acknowledged_score_saves: {acked_scores}, lost: {len(lost_scores)}")
    assert not lost, f"{len(lost)} acknowledged ideas lost: {lost[:5]}"
    assert not lost_scores, f"acknowledged scores lost: {lost_scores[:3]}"
