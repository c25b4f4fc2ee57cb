"""Real-browser fixtures: `streamlit run app.py` on a temp database + Debian's Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.app_server import CHROMIUM, CHROMIUM_ARGS, AppServer
from tests.browser.helpers import DEVICES

pytestmark = pytest.mark.browser


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")


# The same launcher the benchmarks use.
Server = AppServer


@pytest.fixture
def server(tmp_path: Path, demo_template: Path) -> Iterator[Server]:
    """The app on a private copy of the demo database."""
    db = tmp_path / "workbench.duckdb"
    shutil.copy(demo_template, db)
    srv = Server(db, tmp_path / "streamlit.log")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path: Path) -> Iterator[object]:
    """A fresh browser tab at 1280×800 (a laptop screen)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


@pytest.fixture(params=list(DEVICES))
def device_page(request: pytest.FixtureRequest, browser) -> Iterator[tuple[str, object]]:
    """("laptop" | "phone", a fresh tab on that device): a test runs once on each."""
    context = browser.new_context(**DEVICES[request.param])
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield request.param, tab
    context.close()
