"""The projector view in Chromium: opened from the console with no identity in its URL, legible
at 1280×800 and 1920×1080, and its QR code decodes (zxing-cpp) to the workshop's join link."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import Server
from tests.browser.helpers import go, wait_idle
from tests.browser.test_live_workshop import keep_screenshots
from workbench import services
from workbench.store import DuckDBStore

pytestmark = pytest.mark.browser

TOP_IDEA = "Self-serve import wizard"


@pytest.fixture
def prepared(tmp_path: Path, demo_template: Path) -> Iterator[tuple[Server, dict]]:
    """A live workshop (scored and revealed) on the demo copy, then the app on that file."""
    db = tmp_path / "workbench.duckdb"
    shutil.copy(demo_template, db)
    store = DuckDBStore(db)
    started = services.start_live_workshop(store, "Roadmap day", "", "Fiona")
    wid, fiona = started.seat.workshop.id, started.seat.participant.id
    code = started.seat.workshop.join_code
    ann = services.join_with_code(store, code, "Ann").participant.id
    services.set_phase(store, wid, fiona, "diverge")
    ideas = [services.add_idea(store, wid, ann, t) for t in (TOP_IDEA, "Weekly digest email")]
    services.set_shortlist(store, wid, fiona, ideas)
    services.set_phase(store, wid, fiona, "converge")
    criteria = store.list_criteria(wid)
    services.save_scores(store, wid, ann, [(idea, c.id, 5 if idea == ideas[0] else 2)
                                           for idea in ideas for c in criteria])
    services.set_revealed(store, wid, fiona, True)
    services.set_timer(store, wid, fiona, 10, "Discuss the top three")
    store.close()
    srv = Server(db, tmp_path / "streamlit.log")
    yield srv, {"code": code, "token": started.seat.rejoin_token}
    srv.stop()


def decode_qr(path: Path) -> list[str]:
    """Texts of every QR code zxing-cpp finds in a screenshot."""
    return [r.text for r in zxingcpp.read_barcodes(Image.open(path))
            if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_projector_opens_without_identity_and_its_qr_code_is_the_join_link(
        browser, prepared, tmp_path):
    server, live = prepared
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        console = context.new_page()
        console.set_default_timeout(20_000)
        go(console, server.url, f"console?code={live['code']}&me={live['token']}")
        link = console.get_by_role("link", name="Open the projector view")
        href = link.get_attribute("href") or ""
        assert f"/projector?code={live['code']}" in href and "me=" not in href
        with context.expect_page() as opened:
            link.click()
        screen = opened.value
        screen.set_default_timeout(20_000)
        screen.wait_for_selector("[data-testid=stImage] img")
        wait_idle(screen)
        assert "me=" not in screen.url and f"code={live['code']}" in screen.url
        main = screen.get_by_test_id("stMain")
        expect(main.get_by_text(live["code"], exact=True)).to_be_visible()
        expect(main.get_by_text("Top ideas")).to_be_visible(timeout=12_000)
        expect(main.get_by_text(TOP_IDEA)).to_be_visible()
        for name in ("Fiona", "Ann"):
            assert name not in main.inner_text()

        join_link = f"{server.url}/join?code={live['code']}"
        for width, height in ((1280, 800), (1920, 1080)):
            screen.set_viewport_size({"width": width, "height": height})
            screen.wait_for_timeout(800)  # let the layout settle at the new size
            path = tmp_path / f"projector_{width}x{height}.png"
            screen.screenshot(path=str(path))
            assert decode_qr(path) == [join_link], path
            code_box = main.get_by_text(live["code"], exact=True).bounding_box()
            assert code_box is not None and code_box["height"] >= 60  # readable from the back
            assert code_box["y"] + code_box["height"] <= height  # on screen without scrolling
        keep_screenshots(tmp_path)
    finally:
        context.close()
