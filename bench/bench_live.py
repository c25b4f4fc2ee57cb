"""Benchmark: a live workshop of N people with their pages open, one of them adding ideas.

    python3 bench/bench_live.py --sessions 50 [--seconds 30] [--idea-every 3] [--console K]

Seeds a live workshop in the diverge phase (needs, a few dozen ideas, N + 1 participants,
each with their own rejoin token), starts the real app (``streamlit run app.py`` with the
shipped ``.streamlit/config.toml``) on a temporary DuckDB file, and opens N wire sessions
(``bench/wire_client.py``: what a browser tab does, without drawing): most on the Brainstorm
idea wall, K on the facilitator console with the facilitator's link. Every session follows
every ``auto_rerun`` the server asks for, as a browser does. One real Chromium participant
(Playwright) types an idea into the Brainstorm page and presses Enter every few seconds.

Measured over the ``--seconds`` window, after everyone has joined and settled:

- ``server_cores``: CPU seconds of the streamlit process ÷ wall seconds (psutil).
- ``reruns_served_ratio``: fragment auto reruns answered by a run of that fragment ÷ auto
  reruns asked for. A request folded into a later run of the same fragment is not served,
  nor is one whose run's output the server dropped (see ``wire_client.wait_first_render``).
- ``fragment_p95_ms``: request sent → that fragment run's ``script_finished``.
- ``propagation_p95_ms``: Enter pressed on the new idea → its (unique) title is in the
  received bytes of every other idea-wall session (the slowest session counts).

Also printed: the CPU of this process (``client_cores``), of Chromium and its driver
(``browser_cores``) and of everything else on the machine (``other_load_cores`` — figures
taken while other work runs are not comparable), the coalesced and never-answered requests,
the Chromium participant's Enter → "Added …" toast time, the event-loop lag of this client,
and how joining went. ``--phase-change`` adds: the facilitator presses Next ▶ on the console
after the window, and ``phase_change_*`` say how long until every idea wall showed the new
phase (each session's status fragment notices it and reruns the whole page).

Prints one ``name: value unit`` line per figure. Loopback only; every phase is time-bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import random
import shutil
import string
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from bench.app_server import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402
from bench.wire_client import FragmentStats, WireSession, open_page  # noqa: E402
from workbench import services  # noqa: E402
from workbench.store import DuckDBStore  # noqa: E402

IDEA_PLACEHOLDER = "A short, specific title — press Enter to add"
NEEDS = ("Set up without help", "Import existing contacts", "See value in week one",
         "Invite the team", "Trust the numbers")
PROPAGATION_ALLOWANCE = 6.0   # seconds before the window ends when the last idea is added
DRAIN_SECONDS = 5.0           # after the window: wait this long for answers in flight


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of values; nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


# ---- the workshop --------------------------------------------------------------------------


@dataclass
class Seeded:
    code: str
    facilitator_token: str
    browser_token: str
    tokens: list[str]


def seed(db: Path, people: int, ideas: int) -> Seeded:
    """A live workshop in diverge: needs, ``ideas`` ideas, ``people`` + 1 participants."""
    store = DuckDBStore(db)
    try:
        start = services.start_live_workshop(store, "Live bench", "Pick bets", "Facilitator")
        wid, fac = start.seat.workshop.id, start.seat.participant.id
        code = start.seat.workshop.join_code
        segment = services.add_segment(store, wid, fac, "New customers")
        needs = [services.add_need(store, wid, fac, segment, s, 1 + k % 5)
                 for k, s in enumerate(NEEDS)]
        services.set_phase(store, wid, fac, "diverge")
        tokens = [services.join_with_code(store, code, f"Participant {k + 1:03d}")
                  .rejoin_token for k in range(people)]
        browser = services.join_with_code(store, code, "Browser participant")
        authors = [services.rejoin(store, wid, t).id for t in tokens[:10]] or [fac]
        for k in range(ideas):
            services.add_idea(store, wid, authors[k % len(authors)], f"Seed idea {k + 1:03d}",
                             "", [needs[k % len(needs)]])
        return Seeded(code, start.seat.rejoin_token, browser.rejoin_token, tokens)
    finally:
        store.close()


# ---- the server ------------------------------------------------------------------------------


# ---- propagation: when does each new title reach each idea wall -------------------------------


@dataclass
class Propagation:
    """Titles being watched for, and when each wall session first received each."""

    wall_sessions: set[int] = field(default_factory=set)
    committed: dict[bytes, float] = field(default_factory=dict)   # title -> Enter pressed at
    seen: dict[bytes, dict[int, float]] = field(default_factory=dict)
    _open: list[bytes] = field(default_factory=list)               # titles not yet everywhere

    def watch(self, title: str, t: float) -> bytes:
        key = title.encode()
        self.committed[key] = t
        self.seen[key] = {}
        self._open.append(key)
        return key

    def on_message(self, session: WireSession, t: float, data: bytes, _msg) -> None:
        sid = id(session)
        if sid not in self.wall_sessions or not self._open:
            return
        for key in self._open:
            if key in data:
                self.seen[key].setdefault(sid, t)
        self._open = [k for k in self._open if len(self.seen[k]) < len(self.wall_sessions)]

    def everywhere_after(self, keys: list[bytes] | None = None) -> tuple[list[float], int]:
        """Seconds until the slowest wall had each title, and how many never got everywhere."""
        done, missing = [], 0
        for key, t0 in self.committed.items():
            if keys is not None and key not in keys:
                continue
            if len(self.seen[key]) < len(self.wall_sessions):
                missing += 1
            else:
                done.append(max(self.seen[key].values()) - t0)
        return done, missing


# ---- the run ---------------------------------------------------------------------------------


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine spent busy (all processes, all cores)."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def descendants_cpu(process: psutil.Process, server: psutil.Process) -> dict[int, float]:
    """CPU seconds of each child process except the server (Playwright's driver and
    Chromium's), by pid."""
    seconds: dict[int, float] = {}
    for child in process.children(recursive=True):
        if child.pid == server.pid:
            continue
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            seconds[child.pid] = times.user + times.system
    return seconds


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the child processes alive at the end spent since ``before``."""
    return sum(max(0.0, t - before.get(pid, 0.0)) for pid, t in after.items())


async def loop_lag(stop: asyncio.Event, lags: list[float], tick: float = 0.1) -> None:
    """How late this process's event loop wakes up (client saturation shows here)."""
    for _ in range(100_000):
        if stop.is_set():
            return
        t = time.perf_counter()
        await asyncio.sleep(tick)
        lags.append(time.perf_counter() - t - tick)


@dataclass
class Joined:
    sessions: list[WireSession]
    unfinished: int = 0   # first full run never sent script_finished (its tail was dropped)
    failed: int = 0       # could not connect, or nothing at all arrived


async def join_all(url: str, seeded: Seeded, sessions: int, console: int,
                   propagation: Propagation, parallel: int, spread: float,
                   total_timeout: float, timeout: float = 60.0) -> Joined:
    """Open every wire session (``parallel`` at a time), each settled on its page.

    People do not open their tabs in the same instant: each session starts at a random
    moment within ``spread`` seconds, so the fragment timers do not all tick together.
    A session whose first run never reports script_finished but has started fragment runs
    is kept (and counted): under load Streamlit can drop the end of a run.
    """
    gate = asyncio.Semaphore(parallel)
    wall_tokens = seeded.tokens[:sessions - console]
    rng = random.Random(7)
    joined = Joined([])
    done = [0]

    async def one(label: str, page: str, token: str) -> WireSession | None:
        await asyncio.sleep(rng.uniform(0.0, spread))
        async with gate:
            # Wall sessions keep no bytes (the watcher reads each message as it arrives);
            # console sessions keep theirs so the facilitator can find the buttons.
            session = WireSession(label, keep_bytes=page == "console", max_seconds=3600,
                                  on_message=propagation.on_message)
            try:
                await session.connect(url, page, f"code={seeded.code}&me={token}",
                                      timeout=timeout)
                if not await session.wait_first_render(timeout=timeout):
                    joined.unfinished += 1
            except (TimeoutError, OSError):
                joined.failed += 1
                await session.close()
                return None
            done[0] += 1
            if done[0] % 25 == 0:
                print(f"# joined {done[0]}/{sessions}", file=sys.stderr, flush=True)
            return session

    tasks = [asyncio.create_task(one(f"wall-{k}", "brainstorm", t))
             for k, t in enumerate(wall_tokens)]
    tasks += [asyncio.create_task(one(f"console-{k}", "console", seeded.facilitator_token))
              for k in range(console)]
    _, late = await asyncio.wait(tasks, timeout=total_timeout)
    for task in late:  # not joined in time: they count as failed
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
    joined.failed += len(late)
    for k, task in enumerate(tasks):
        session = None if task in late or task.cancelled() else task.result()
        if session is None:
            continue
        joined.sessions.append(session)
        if k < len(wall_tokens):
            propagation.wall_sessions.add(id(session))
    return joined


@dataclass
class Adder:
    """What the Chromium participant did."""

    added: int = 0
    confirms: list[float] = field(default_factory=list)  # Enter -> its "Added …" toast, s
    error: str = ""


async def add_ideas(url: str, seeded: Seeded, start: asyncio.Event, until: list[float],
                    every: float, propagation: Propagation, tag: str, ready: asyncio.Event,
                    over: asyncio.Event, adder: Adder, load_timeout: float) -> None:
    """One Chromium participant adds an idea through the Brainstorm page every ``every`` s,
    from ``start`` until ``until[0]`` (set when the window starts), and keeps the page open
    until ``over``. ``ready`` is set once the page is usable — or once it is clear it will
    not be (``adder.error`` says why)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(load_timeout * 1000)
            try:
                await page.goto(f"{url}/brainstorm?code={seeded.code}&me={seeded.browser_token}")
                box = page.get_by_placeholder(IDEA_PLACEHOLDER)
                await box.wait_for()
                await page.wait_for_selector(
                    "[data-testid=stApp][data-test-script-state=notRunning]")
            except Exception as exc:  # the server is too busy to load the page at all
                adder.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
                return
            finally:
                ready.set()
            page.set_default_timeout(30_000)
            await start.wait()
            next_at = time.perf_counter()
            for k in range(10_000):
                if next_at > until[0]:
                    break
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                next_at += every
                title = f"Bench idea {k + 1:03d} {tag}"
                await box.fill(title)
                t = time.perf_counter()
                propagation.watch(title, t)
                await box.press("Enter")
                adder.added += 1
                with contextlib.suppress(Exception):
                    await page.get_by_text(f"Added “{title}”").first.wait_for(timeout=10_000)
                    adder.confirms.append(time.perf_counter() - t)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(over.wait(), 600)
        finally:
            await browser.close()


PHASE_HEADER = "**Refine — merge and shortlist** — ".encode()  # page_frame's st.info


async def change_phase(sessions: list[WireSession], propagation: Propagation,
                       timeout: float = 120.0) -> tuple[list[float], int]:
    """The facilitator (a console session) presses Next ▶ (diverge → refine); seconds until
    every wall session's page shows the new phase, and how many walls never did."""
    for s in sessions:
        s.resume_auto_reruns()
    await asyncio.sleep(3.0)
    console = next(s for s in sessions if s.label.startswith("console"))
    key = propagation.watch(PHASE_HEADER.decode(), time.perf_counter())
    try:
        await console.click("Next ▶")
    except KeyError:  # the console's page never arrived whole: nothing to press
        return [], len(propagation.wall_sessions)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and \
            len(propagation.seen[key]) < len(propagation.wall_sessions):
        await asyncio.sleep(0.2)
    for s in sessions:
        s.stop_auto_reruns()
    seen = propagation.seen[key]
    t0 = propagation.committed[key]
    delays = [t - t0 for t in seen.values()]
    return delays, len(propagation.wall_sessions) - len(seen)


async def run(args: argparse.Namespace, url: str, server: AppServer, seeded: Seeded) -> dict:
    console = args.console if args.console is not None else min(8, max(1, args.sessions // 25))
    console = min(console, args.sessions)
    propagation = Propagation()
    tag = "".join(random.choices(string.ascii_lowercase, k=6))

    # One visit to the default page first, so st.navigation is in place before deep links.
    warm = await open_page(url, "", label="warm-up", timeout=60, max_seconds=60)
    await warm.close()

    t_join = time.perf_counter()
    start, ready, over = asyncio.Event(), asyncio.Event(), asyncio.Event()
    adder = Adder()
    until = [0.0]
    browser_task = None
    try:
        joined = await join_all(url, seeded, args.sessions, console, propagation,
                                args.join_parallel, args.join_spread, args.join_timeout)
        sessions = joined.sessions
        join_seconds = time.perf_counter() - t_join
        browser_task = asyncio.create_task(add_ideas(url, seeded, start, until,
                                                     args.idea_every, propagation, tag, ready,
                                                     over, adder, args.load_timeout))
        await asyncio.wait_for(ready.wait(), args.load_timeout + 60)
        await asyncio.sleep(args.settle)   # every timer in its steady rhythm

        for s in sessions:
            s.reset_stats()
        lags: list[float] = []
        stop_lag = asyncio.Event()
        lag_task = asyncio.create_task(loop_lag(stop_lag, lags))
        me = psutil.Process()
        client0, browser0 = sum(me.cpu_times()[:2]), descendants_cpu(me, server.ps)
        busy0 = busy_cpu_seconds()
        cpu0, t0 = server.cpu_seconds(), time.perf_counter()
        until[0] = t0 + max(1.0, args.seconds - PROPAGATION_ALLOWANCE)
        start.set()
        await asyncio.sleep(max(0.0, t0 + args.seconds - time.perf_counter()))
        cpu1, t1 = server.cpu_seconds(), time.perf_counter()
        client1, browser1 = sum(me.cpu_times()[:2]), descendants_cpu(me, server.ps)
        busy1 = busy_cpu_seconds()
        over.set()
        # The window is over: no more auto reruns; the answers in flight still count.
        for s in sessions:
            s.stop_auto_reruns()
        stop_lag.set()
        await lag_task
        for _ in range(int(DRAIN_SECONDS / 0.1)):
            if not any(s.pending_auto_reruns() for s in sessions):
                break
            await asyncio.sleep(0.1)
        await asyncio.wait_for(browser_task, 60)

        stats = FragmentStats()
        for s in sessions:
            stats.merge(s.fragments)
        ideas = [k for k in propagation.committed]
        delays, missing = propagation.everywhere_after(ideas)
        phase = await change_phase(sessions, propagation) if args.phase_change else None
        closed_early = sum(1 for s in sessions if s.closed)
        await asyncio.gather(*(s.close() for s in sessions))
    finally:
        if browser_task is not None and not browser_task.done():
            browser_task.cancel()
            with contextlib.suppress(BaseException):
                await browser_task

    wall = t1 - t0
    return {
        "sessions": (args.sessions, "sessions"),
        "sessions_joined": (len(sessions), "sessions"),
        "console_sessions": (console, "sessions"),
        "window_seconds": (wall, "s"),
        "server_cores": (max(0.0, cpu1 - cpu0) / wall, "cores"),
        "client_cores": ((client1 - client0) / wall, "cores"),
        "browser_cores": (cpu_between(browser0, browser1) / wall, "cores"),
        "other_load_cores": (max(0.0, (busy1 - busy0) - (cpu1 - cpu0) - (client1 - client0)
                                 - cpu_between(browser0, browser1)) / wall, "cores"),
        "reruns_served_ratio": (stats.served / stats.sent if stats.sent else float("nan"),
                                "ratio"),
        "auto_reruns_sent": (stats.sent, "requests"),
        "auto_reruns_served": (stats.served, "runs"),
        "auto_reruns_coalesced": (stats.coalesced, "requests"),
        "auto_reruns_unanswered": (stats.sent - stats.served - stats.coalesced - stats.superseded,
                                   "requests"),
        "fragment_p50_ms": (percentile(stats.rtts, 50) * 1000, "ms"),
        "fragment_p95_ms": (percentile(stats.rtts, 95) * 1000, "ms"),
        "ideas_added": (adder.added, "ideas"),
        "ideas_not_everywhere": (missing, "ideas"),
        "add_confirm_p50_ms": (percentile(adder.confirms, 50) * 1000, "ms"),
        "propagation_p50_ms": (percentile(delays, 50) * 1000, "ms"),
        "propagation_p95_ms": (percentile(delays, 95) * 1000, "ms"),
        "propagation_max_ms": ((max(delays) if delays else float("nan")) * 1000, "ms"),
        "client_loop_lag_p95_ms": (percentile(lags, 95) * 1000, "ms"),
        **({"phase_change_p50_ms": (percentile(phase[0], 50) * 1000, "ms"),
            "phase_change_max_ms": ((max(phase[0]) if phase[0] else float("nan")) * 1000,
                                    "ms"),
            "phase_change_not_everywhere": (phase[1], "sessions")} if phase else {}),
        "sessions_closed_early": (closed_early, "sessions"),
        "join_seconds": (join_seconds, "s"),
        "joins_without_script_finished": (joined.unfinished, "sessions"),
        "joins_failed": (joined.failed, "sessions"),
        "server_rss_mb": (server.ps.memory_info().rss / 2 ** 20, "MB"),
        "_browser_error": (adder.error, ""),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50, help="wire sessions (people)")
    parser.add_argument("--seconds", type=float, default=30.0, help="measurement window")
    parser.add_argument("--idea-every", type=float, default=3.0,
                        help="seconds between ideas added in Chromium")
    parser.add_argument("--console", type=int, default=None,
                        help="sessions on the facilitator console (default N/25, 1–8)")
    parser.add_argument("--ideas", type=int, default=30, help="seeded ideas")
    parser.add_argument("--settle", type=float, default=4.0,
                        help="seconds between the last join and the window")
    parser.add_argument("--join-parallel", type=int, default=8,
                        help="sessions joining at the same time")
    parser.add_argument("--join-spread", type=float, default=2.0,
                        help="sessions start at random moments within this many seconds")
    parser.add_argument("--phase-change", action="store_true",
                        help="after the window, the facilitator moves to the next phase; "
                             "report how long until every idea wall shows it")
    parser.add_argument("--load-timeout", type=float, default=120.0,
                        help="seconds Chromium may take to load the Brainstorm page")
    parser.add_argument("--join-timeout", type=float, default=300.0,
                        help="seconds for all sessions to join; the rest count as failed")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (log, db)")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 500:
        parser.error("--sessions must be 1–500")
    if not 5 <= args.seconds <= 600:
        parser.error("--seconds must be 5–600")
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing (apt-get install -y chromium)")

    folder = Path(tempfile.mkdtemp(prefix="bench_live_"))
    db = folder / "workbench.duckdb"
    seeded = seed(db, args.sessions, args.ideas)
    server = AppServer(db, folder / "streamlit.log")
    try:
        figures = asyncio.run(run(args, server.url, server, seeded))
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"# {platform.machine()} {os.cpu_count()} cpus, Python {platform.python_version()}, "
          f"{platform.platform()}")
    for name, (value, unit) in figures.items():
        if name.startswith("_"):
            continue
        shown = f"{value:.3f}" if isinstance(value, float) and name.endswith(
            ("ratio", "cores")) else f"{value:.1f}" if isinstance(value, float) else value
        print(f"{name}: {shown} {unit}")
    if figures["_browser_error"][0]:
        print(f"# Chromium could not use the page: {figures['_browser_error'][0]}")
    if args.keep:
        print(f"# kept {folder}")


if __name__ == "__main__":
    main()
