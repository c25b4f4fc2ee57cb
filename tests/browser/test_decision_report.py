"""Decide → Decisions in Chromium: record a decision with the keyboard, download the HTML
report, open it offline (file://, every network request aborted), look at it on screen and in
print. Screenshots go to tmp_path and /tmp/report_*.png (and $WORKBENCH_SCREENSHOTS)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import go, pick, press, screen, shot, type_into, wait_idle
from workbench.services.demo import DEMO_DECISIONS

pytestmark = pytest.mark.browser

RATIONALE = "<img src=x onerror=alert(1)> Cheap once the checklist exists"


def keep(paths: list[Path]) -> None:
    """Copy screenshots to /tmp (and $WORKBENCH_SCREENSHOTS) for a person to look at."""
    target = os.environ.get("WORKBENCH_SCREENSHOTS")
    for path in paths:
        shutil.copy(path, Path("/tmp") / f"report_{path.name}")
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)


def test_record_a_decision_then_read_the_report_offline_and_in_print(
        server, page: Page, browser, tmp_path: Path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    go(page, server.url, "decide")
    page.get_by_role("tab", name="Decisions").click()
    wait_idle(page)
    pick(page, "Idea", "Sample data workspace")
    page.get_by_text("Later — worth doing, not now", exact=True).click()
    type_into(page, "Rationale", RATIONALE)
    press(page, "Record decision")
    expect(page.get_by_text("Decision recorded: Later on Sample data workspace")).to_be_visible()
    expect(page.get_by_text("Current decisions (7)")).to_be_visible()
    assert not page.get_by_test_id("stException").count()
    page.get_by_role("tablist").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    taken = [screen(page, shots, "decisions-tab"), shot(page, shots, "decisions-tab-full")]

    with page.expect_download() as download:
        page.get_by_role("button", name="Download report (HTML)").click()
    report = tmp_path / download.value.suggested_filename
    download.value.save_as(report)
    assert report.name == "decision-report-improve-customer-onboarding.html"

    offline = browser.new_context(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    dialogs: list[str] = []

    def block(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()
    offline.route("**/*", block)
    tab = offline.new_page()
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        tab.goto(report.as_uri())
        tab.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg')"
                              ".length >= 4")
        assert tab.evaluate("() => typeof window.Plotly") == "object"
        assert tab.locator(".js-plotly-plot").count() == 4
        for heading in ("Goal", "Participants", "Customer needs", "Method and weights",
                        "Ranking", "Impact / effort matrix", "Agreement", "Robustness",
                        "Chosen portfolio", "Decisions"):
            expect(tab.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(tab.get_by_role("cell", name=RATIONALE)).to_be_visible()
        assert not requests and not dialogs
        taken.append(screen(tab, shots, "html-1280x800"))
        tab.screenshot(path=str(shots / "html-full.png"), full_page=True)
        taken.append(shots / "html-full.png")
        tab.emulate_media(media="print")
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(shots / "print-preview.png"), full_page=True)
        taken.append(shots / "print-preview.png")
        pdf = tab.pdf(path=str(tmp_path / "report.pdf"), format="A4", print_background=True)
        assert pdf[:4] == b"%PDF" and pdf.count(b"/Type /Page") >= 3
        widths = tab.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                              ".map(e => e.getBoundingClientRect().width)")
        assert all(w <= 720 for w in widths), widths  # fits A4's printable width
        background = tab.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    finally:
        offline.close()
    keep(taken)


def test_activity_page_filters_by_kind_on_laptop_and_phone(server, device_page,
                                                           tmp_path: Path):
    device, page = device_page
    go(page, server.url, "activity")
    # The demo's whole log on one screen, then only its decisions.
    expect(page.get_by_text(re.compile(r"^\d+ change\(s\), newest first"))).to_be_visible()
    kinds = page.get_by_label("Kinds", exact=True).last
    kinds.click()
    page.get_by_role("option", name="Decisions", exact=True).click()
    page.keyboard.press("Escape")
    press(page, "Show")
    expect(page.get_by_text(f"{len(DEMO_DECISIONS)} change(s), newest first · page 1 of 1")
           ).to_be_visible()
    assert not page.get_by_test_id("stException").count()
    keep([screen(page, tmp_path, f"activity-{device}"),
          shot(page, tmp_path, f"activity-{device}-full")])
