"""Blind scores and hidden names never reach another participant's screen — checked on the wire.

A participant's screen shows exactly the ForwardMsgs their websocket session receives, so a
blind score or a hidden name that appears anywhere in those bytes (markdown, labels, the Arrow
tables behind every dataframe, chart specs) has leaked, whether or not the page draws it.
Participant A opens pages with their personal rejoin link (``?code=…&me=…``) through
``bench.wire_client``; B and C have scored with a 0–1000 criterion so their scores and the
means built from them are numbers nothing else on the page produces. No Chromium needed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.wire_client import WireSession, open_page
from tests.browser.conftest import Server
from workbench import services
from workbench.store import DuckDBStore

pytestmark = pytest.mark.browser

FACILITATOR, A, B, C = "Fenwick Lattimore", "Alba Ostrander", "Zebediah Quill", "Philippa Gorringe"
OTHER_NAMES = (FACILITATOR, B, C)
IDEAS = ("Guided onboarding tour", "Bulk import wizard")

# Delight (benefit, 0–1000): A 333 / 111, B 737 / 913, C 271 / — on (tour, wizard).
A_DELIGHT = (333.0, 111.0)
OTHERS_DELIGHT = (737.0, 913.0, 271.0)
TOUR_MEAN = (333 + 737 + 271) / 3    # 447.0, the Rank page's "mean rating" for the top idea
WIZARD_MEAN = (111 + 913) / 2        # 512.0
AGGREGATES = (TOUR_MEAN, WIZARD_MEAN, (737 + 271) / 2, 333 + 737 + 271, 111 + 913)
# Impact, Cost, Feasibility (1–5): the tour is better on all three, so it ranks first.
DEFAULTS = {IDEAS[0]: (5, 1, 5), IDEAS[1]: (2, 4, 2)}

BLIND_PAGES = ("score", "rank", "vote")
NAMED_PAGES = ("brainstorm", "refine", "rank", "score", "")  # "" is Workshops, the default page


def run_async(coroutine):
    """asyncio.run on a fresh thread: Playwright's sync API may hold this thread's loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class Seeded:
    db: Path
    workshop_id: int
    facilitator_id: int
    code: str
    a_token: str

    def a_query(self) -> str:
        return f"code={self.code}&me={self.a_token}"


def seed(db: Path) -> Seeded:
    """A live workshop in converge, not revealed: two shortlisted ideas scored by A, B, C."""
    store = DuckDBStore(db)
    try:
        start = services.start_live_workshop(store, "Onboarding bets", "Pick one",
                                                 FACILITATOR)
        wid, fac = start.seat.workshop.id, start.seat.participant.id
        code = start.seat.workshop.join_code
        seats = {name: services.join_with_code(store, code, name) for name in (A, B, C)}
        ids = [services.add_idea(store, wid, fac, title) for title in IDEAS]
        services.set_shortlist(store, wid, fac, ids)
        services.add_criterion(store, wid, fac, "Delight", "benefit", 1.0, 0, 1000)
        services.set_phase(store, wid, fac, "converge")
        crit = {c.name: c.id for c in store.list_criteria(wid)}
        delight = {A: A_DELIGHT, B: OTHERS_DELIGHT[:2], C: OTHERS_DELIGHT[2:]}
        for name, values in delight.items():
            rater = seats[name].participant.id
            entries = []
            for idea_id, title, value in zip(ids, IDEAS, values, strict=False):
                impact, cost, feasibility = DEFAULTS[title]
                entries += [(idea_id, crit["Impact"], impact), (idea_id, crit["Cost"], cost),
                            (idea_id, crit["Feasibility"], feasibility),
                            (idea_id, crit["Delight"], value)]
            services.save_scores(store, wid, rater, entries)
        for _ in range(3):  # B's dots: a total that must stay hidden until the reveal
            services.place_dot(store, wid, seats[B].participant.id, ids[1])
        return Seeded(db, wid, fac, code, seats[A].rejoin_token)
    finally:
        store.close()


class Workshop:
    """The seeded database behind a real `streamlit run`, in one of two stages.

    The server process owns the DuckDB file, so changing the stage stops it, writes the
    facilitator's changes with the store, and starts it again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seeded = seed(folder / "workbench.duckdb")
        self.stage = ""
        self.server: Server | None = None
        self.seen: dict[tuple[str, str], WireSession] = {}

    def serve(self, stage: str) -> Server:
        if self.stage == stage and self.server is not None:
            return self.server
        self.stop()
        store = DuckDBStore(self.seeded.db)
        try:
            wid, fac = self.seeded.workshop_id, self.seeded.facilitator_id
            services.set_revealed(store, wid, fac, stage == "revealed")
            services.set_anonymous(store, wid, fac, stage == "revealed")
        finally:
            store.close()
        self.server = Server(self.seeded.db, self.folder / f"streamlit-{stage}.log")
        self.stage = stage
        run_async(_warm_up(self.server.url))
        return self.server

    def visit(self, stage: str, pages: tuple[str, ...]) -> dict[str, WireSession]:
        """A's sessions on these pages (opened together, settled, closed), cached."""
        wanted = [p for p in pages if (stage, p) not in self.seen]
        if wanted:
            url = self.serve(stage).url

            async def open_all() -> list[WireSession]:
                sessions = await asyncio.gather(*(
                    open_page(url, page, self.seeded.a_query(), label=page or "workshops",
                              timeout=45, max_seconds=120) for page in wanted))
                await asyncio.gather(*(s.close() for s in sessions))
                return list(sessions)

            for page, session in zip(wanted, run_async(open_all()), strict=True):
                self.seen[(stage, page)] = session
        return {p: self.seen[(stage, p)] for p in pages}

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory):
    w = Workshop(tmp_path_factory.mktemp("no_leak"))
    yield w
    w.stop()


async def _warm_up(url: str) -> None:
    """One visit to the default page first: deep links opened together as the first requests
    after a start race in workbench.ui.router.ensure_app_router (all but one of them render
    the bare page, without app.py's sidebar, so without A's seat)."""
    session = await open_page(url, "", label="warm-up", timeout=45, max_seconds=60)
    await session.close()


def rendered_for_a(session: WireSession) -> str:
    """The session's text, after checking the page really ran with A's seat."""
    text = session.text()
    assert not session.exceptions, session.exceptions
    assert not session.page_not_found
    assert f"You are {A}" in text.replace("*", ""), "A's seat was not restored from the URL"
    return text


def near(values: list[float], target: float) -> list[float]:
    return [v for v in values if abs(v - target) < 1e-6]


# ---- before the reveal ----------------------------------------------------------------------


@pytest.mark.parametrize("page", BLIND_PAGES)
def test_a_participant_receives_no_one_elses_blind_scores_or_their_means(workshop, page):
    session = workshop.visit("blind", BLIND_PAGES)[page]
    rendered_for_a(session)
    numbers = session.numbers()
    for secret in OTHERS_DELIGHT + AGGREGATES:
        assert not near(numbers, secret), f"{secret:g} reached A on /{page}"
        assert _float64(secret) not in session.received_bytes()


def test_a_participant_sees_their_own_scores(workshop):
    session = workshop.visit("blind", BLIND_PAGES)["score"]
    numbers = session.numbers()
    for own in A_DELIGHT:
        assert near(numbers, own), f"A's own score {own:g} is missing from /score"


def test_rank_and_vote_totals_stay_hidden_until_the_reveal(workshop):
    seen = workshop.visit("blind", BLIND_PAGES)
    assert "hidden until the facilitator reveals" in seen["rank"].text()
    vote = seen["vote"].text()
    assert "Totals stay hidden" in vote
    assert not re.search(r"total \d", vote)


def test_without_anonymity_author_names_do_reach_a(workshop):
    """The control for the name checks below: they can see a name when one is sent."""
    session = workshop.visit("blind", ("refine",))["refine"]
    rendered_for_a(session)
    assert FACILITATOR.encode() in session.received_bytes()


def test_the_activity_log_does_not_show_blind_scores(workshop):
    session = workshop.visit("blind", ("",))[""]
    rendered_for_a(session)
    numbers = session.numbers()
    leaked = [s for s in OTHERS_DELIGHT if near(numbers, s)]
    assert not leaked, f"B's/C's blind scores {leaked} reached A on Workshops"


# ---- after the reveal, anonymous --------------------------------------------------------------


def test_after_the_reveal_rank_shows_the_mean_everyone_gave(workshop):
    session = workshop.visit("revealed", ("rank",))["rank"]
    rendered_for_a(session)
    breakdowns = [t for t in session.tables() if "mean rating" in t.column_names]
    assert breakdowns, "the 'Why is this idea ranked where it is?' breakdown is missing"
    means = breakdowns[-1].to_pandas().set_index("criterion")["mean rating"]
    # The page formats this column as %.2f: "447.00".
    assert f"{means['Delight']:.2f}" == f"{TOUR_MEAN:.2f}" == "447.00"


@pytest.mark.parametrize("page", NAMED_PAGES, ids=[p or "workshops" for p in NAMED_PAGES])
def test_with_anonymity_on_no_other_name_reaches_a(workshop, page):
    session = workshop.visit("revealed", NAMED_PAGES)[page]
    rendered_for_a(session)
    raw = session.received_bytes()
    leaked = [name for name in OTHER_NAMES if name.encode() in raw]
    assert not leaked, f"{leaked} reached A on /{page or 'workshops'} with anonymity on"


def _float64(value: float) -> bytes:
    """How an Arrow float64 column carries ``value`` (little-endian IEEE 754)."""
    import struct
    return struct.pack("<d", value)
