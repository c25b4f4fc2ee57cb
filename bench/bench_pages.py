"""How long one interaction costs on each main page, at workshop size.

Usage: python3 bench/bench_pages.py [--ideas 60 --raters 20 --runs 15]

1. AppTest: the median ``run()`` (what the server does after a click) on Brainstorm, Score,
   Rank and the facilitator console, on the demo workshop grown to N ideas × R raters × 3
   criteria (all shortlisted and scored), as a live workshop seen by its facilitator.
2. Chromium: click → render for adding an idea on Brainstorm, next to the same measure on a
   one-button app served the same way (the floor), in the same run.

Prints `name: value unit` lines.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench import services  # noqa: E402
from workbench.services.demo import create_demo_workshop  # noqa: E402
from workbench.store import DuckDBStore  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FLOOR_APP = '''
import streamlit as st
st.session_state.setdefault("n", 0)
if st.button("Click"):
    st.session_state["n"] += 1
st.write(f"clicked {st.session_state['n']} times")
'''


def seed(path: Path, ideas: int, raters: int) -> dict:
    """The demo grown to ``ideas`` × ``raters``, live, with the facilitator's rejoin token."""
    store = DuckDBStore(path)
    wid = create_demo_workshop(store)
    priya = services.join(store, wid, "Priya (Product)")
    have = len(store.list_ideas(wid))
    if ideas > have:
        services.add_ideas_bulk(store, wid, priya.id,
                               "\n".join(f"Extra idea {i}" for i in range(ideas - have)))
    idea_ids = [int(i) for i in store.list_ideas(wid)["id"]][:ideas]
    services.set_shortlist(store, wid, priya.id, idea_ids)
    criteria = store.list_criteria(wid)
    rng = random.Random(1)
    people = [services.join(store, wid, f"Rater {r}") for r in range(raters)]
    for person in people:
        services.save_scores(store, wid, person.id,
                            [(i, c.id, rng.randint(1, 5)) for i in idea_ids for c in criteria])
    started = services.go_live(store, wid, priya.id)
    services.set_phase(store, wid, priya.id, "converge")
    services.set_revealed(store, wid, priya.id, True)
    code = store.get_workshop(wid).join_code
    store.close()
    return {"code": code, "token": started.seat.rejoin_token}


def page_runs(db: Path, seat: dict, runs: int) -> dict[str, float]:
    """Median AppTest run() per page, as the facilitator (after a warm-up run)."""
    os.environ["WORKBENCH_DB"] = str(db)
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *a, **k):  # AppTest resets this flag each run; the server does not
        original(self, *a, **k)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]
    results = {}
    for name, page in (("brainstorm", "pages/brainstorm.py"), ("score", "pages/score.py"),
                       ("rank", "pages/rank.py"), ("console", "pages/console.py")):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["code"] = seat["code"]
        at.query_params["me"] = seat["token"]
        at.run()
        at.switch_page(page).run()
        at.run()
        assert not at.exception, at.exception
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - start) * 1000)
        results[name] = statistics.median(times)
    PagesManager.__init__ = original  # type: ignore[method-assign]
    # Release the file: only one process may hold a DuckDB file, and the server needs it next.
    import streamlit as st

    from workbench.ui.context import get_store
    get_store().close()
    st.cache_resource.clear()
    return results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(script: Path, db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none", "--runner.postScriptGC", "false"],
        cwd=script.parent, env=dict(os.environ, WORKBENCH_DB=str(db)),
        stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError(f"server did not start, see {log}")


def clicks(db: Path, seat: dict, tmp: Path, repeats: int) -> tuple[float, float]:
    """Median click → render (ms): add an idea on Brainstorm, and the one-button floor."""
    from playwright.sync_api import sync_playwright
    floor_script = tmp / "floor_app.py"
    floor_script.write_text(FLOOR_APP)
    app_proc, app_url = serve(ROOT / "app.py", db, tmp / "app.log")
    floor_proc, floor_url = serve(floor_script, db.with_name("unused.duckdb"), tmp / "floor.log")
    idle = "[data-testid=stApp][data-test-script-state=notRunning]"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(90_000)  # the first load imports plotly & co.
            page.goto(f"{app_url}/brainstorm?code={seat['code']}&me={seat['token']}")
            page.wait_for_selector("h1")
            box = page.get_by_placeholder("A short, specific title — press Enter to add")
            box.wait_for()
            add_times = []
            for i in range(repeats):
                title = f"Bench idea {i} {time.time_ns()}"
                box.fill(title)
                page.wait_for_selector(idle)
                start = time.perf_counter()
                box.press("Enter")
                page.get_by_text(title, exact=True).first.wait_for(timeout=20_000)
                add_times.append((time.perf_counter() - start) * 1000)
                page.wait_for_selector(idle)
            page.goto(floor_url)
            page.wait_for_selector("text=clicked 0 times")
            floor_times = []
            for i in range(repeats):
                page.wait_for_selector(idle)
                start = time.perf_counter()
                page.get_by_role("button", name="Click").click()
                page.get_by_text(f"clicked {i + 1} times").wait_for()
                floor_times.append((time.perf_counter() - start) * 1000)
            browser.close()
    finally:
        for proc in (app_proc, floor_proc):
            proc.terminate()
            proc.wait(timeout=10)
    return statistics.median(add_times), statistics.median(floor_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=60)
    parser.add_argument("--raters", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--clicks", type=int, default=10)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_pages_"))
    try:
        db = tmp / "bench.duckdb"
        seat = seed(db, args.ideas, args.raters)
        print(f"ideas: {args.ideas} ideas")
        print(f"raters: {args.raters} raters")
        for name, ms in page_runs(db, seat, args.runs).items():
            print(f"page_run_ms_{name}: {ms:.1f} ms")
        if not args.skip_browser:
            add_ms, floor_ms = clicks(db, seat, tmp, args.clicks)
            print(f"click_add_idea_ms: {add_ms:.0f} ms")
            print(f"click_floor_ms: {floor_ms:.0f} ms")
            print(f"click_ratio_vs_floor: {add_ms / floor_ms:.2f} x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
