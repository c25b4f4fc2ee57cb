"""How long a new person waits for the demo's charts: grey placeholders until Plotly draws.

Usage: python3 bench/bench_first_open.py [--runs 3]

Each run starts the app (``bench/app_server.py``, the shipped config) on a fresh demo
database and, in a fresh Chromium profile (nothing cached), opens Rank first thing, then
clicks Decide in the sidebar; a second fresh profile opens Decide directly on the now warm
server; a third lands on the start page, reads for 3 s and clicks Rank. Times are taken in
the page (``performance.now()``, from navigation start or from the click) by a
MutationObserver:

* ``*_h1_ms`` — the page's title is on screen (the server has run the page script);
* ``*_chart_ms`` — the first Plotly chart is drawn; ``*_all_charts_ms`` — every chart is;
* ``*_grey_ms`` — how long grey placeholders (Streamlit's loading skeletons) were on screen
  before the first chart was drawn.

Prints `name: value unit` lines (medians over the runs) and ``server_ready_s``, the time
from starting the process until it answers its health check.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.app_server import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402
from workbench.services.demo import create_demo_workshop  # noqa: E402
from workbench.store import DuckDBStore  # noqa: E402

# Marks, in ms since navigation start (or since window.__t0), when each thing first appears
# on the page whose title contains window.__page.
OBSERVER = """
window.__t0 = 0; window.__t = {}; window.__page = '';
const seen = () => {
  const now = performance.now() - window.__t0, t = window.__t;
  const h1 = document.querySelector('h1');
  if (!h1 || !h1.textContent.includes(window.__page)) return;  // still the page we left
  const mark = (key, cond) => { if (cond && !(key in t)) t[key] = now; };
  const grey = document.querySelector('[data-testid=stSkeleton]') !== null;
  const charts = document.querySelectorAll('[data-testid=stPlotlyChart]').length;
  const drawn = document.querySelectorAll('.js-plotly-plot .main-svg').length / 3;
  mark('h1', true);
  mark('grey', grey);
  mark('chart', drawn >= 1);
  mark('all_charts', charts > 0 && drawn >= charts && !grey);
};
new MutationObserver(seen).observe(document, {subtree: true, childList: true});
"""
DONE = "() => 'all_charts' in window.__t"
READING_MS = 3000


def fresh_demo(folder: Path) -> Path:
    """A database file holding only the demo workshop, as a first start creates it."""
    path = folder / "workbench.duckdb"
    store = DuckDBStore(path)
    create_demo_workshop(store)
    store.close()
    return path


def marks(page) -> dict[str, float]:
    """The observer's marks once every chart is drawn, plus the grey time before the first."""
    page.wait_for_function(DONE, timeout=90_000, polling=20)
    found = page.evaluate("window.__t")
    if "grey" in found:
        found["grey"] = found["chart"] - found["grey"]
    return found


def click(page, title: str) -> None:
    """Open a page from the sidebar, timing from the click."""
    page.evaluate(f"() => {{ window.__t = {{}}; window.__page = '{title}'; "
                  "window.__t0 = performance.now(); }")
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()


def one_run(browser, folder: Path) -> dict[str, float]:
    """A fresh server and two fresh browsers; the figures of one run."""
    db = fresh_demo(folder)
    started = time.monotonic()
    server = AppServer(db, folder / "streamlit.log")
    figures = {"server_ready_s": time.monotonic() - started}
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.add_init_script(OBSERVER)
        page.goto(f"{server.url}/rank")
        for key, value in marks(page).items():
            figures[f"first_open_rank_{key}_ms"] = value
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
        click(page, "Decide")
        for key, value in marks(page).items():
            figures[f"then_decide_{key}_ms"] = value
        context.close()

        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.add_init_script(OBSERVER)
        page.goto(f"{server.url}/decide")
        for key, value in marks(page).items():
            figures[f"new_browser_decide_{key}_ms"] = value
        context.close()

        # As a person arrives: on the start page, a few seconds of reading, then Rank.
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.add_init_script(OBSERVER)
        page.goto(server.url)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
        page.wait_for_timeout(READING_MS)
        click(page, "Rank")
        for key, value in marks(page).items():
            figures[f"home_then_rank_{key}_ms"] = value
        context.close()
    finally:
        server.stop()
    return figures


def main() -> None:
    """Run the measurement ``--runs`` times and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    runs: list[dict[str, float]] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(args.runs):
                with tempfile.TemporaryDirectory() as folder:
                    runs.append(one_run(browser, Path(folder)))
        finally:
            browser.close()
    for name in runs[0]:
        values = [r[name] for r in runs if name in r]
        if name.endswith("_s"):
            print(f"{name}: {statistics.median(values):.2f} s  # runs: "
                  + ", ".join(f"{v:.2f}" for v in values))
        else:
            print(f"{name}: {statistics.median(values):.0f} ms  # runs: "
                  + ", ".join(f"{v:.0f}" for v in values))

if __name__ == "__main__":
    main()
