"""Back up the demo workshop in Chromium, restore it from the file, and see the copy; download
the ranking as Excel on Rank. Screenshots at 1280×800 go to tmp_path (and to
$WORKBENCH_SCREENSHOTS when set)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import DEVICES, go, nav, press, screen, shot, wait_idle

pytestmark = pytest.mark.browser


def download(page: Page, label: str, folder: Path) -> Path:
    """Click a download button and keep the file it gives."""
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_back_up_the_demo_restore_it_and_see_the_copy(server, page: Page, tmp_path: Path):
    go(page, server.url)
    expect(page.get_by_role("button", name="Back up this workshop")).to_be_visible()
    backup = download(page, "Back up this workshop", tmp_path)
    assert backup.name.startswith("improve-customer-onboarding-backup-")
    document = json.loads(backup.read_bytes())
    assert document["workshop"]["title"] == "Improve customer onboarding"
    assert len(document["tables"]["ideas"]["rows"]) == 28
    shot(page, tmp_path, "backup-1-workshops")

    page.get_by_text("Restore from a backup", exact=True).click()
    page.locator("input[type=file]").set_input_files(str(backup))
    expect(page.get_by_role("button", name="Restore as a new workshop")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_text("28 ideas (merged ones included)", exact=False)).to_be_visible()
    shot(page, tmp_path, "backup-2-preview")

    press(page, "Restore as a new workshop")
    expect(page.get_by_text("it is now open", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Restore as a new workshop")).to_have_count(0)
    shot(page, tmp_path, "backup-3-restored")
    # Two workshops of that title now: the sidebar's picker names the open one by its id.
    picker = page.get_by_test_id("stSidebarUserContent").get_by_role("combobox",
                                                                     name="Workshop")
    assert picker.input_value().startswith("Improve customer onboarding (#")

    nav(page, "Rank")
    ranking = download(page, "Download ranking (Excel)", tmp_path)
    book = openpyxl.load_workbook(io.BytesIO(ranking.read_bytes()))
    assert book["Ranking"]["B2"].value == "Interactive setup checklist"
    shot(page, tmp_path, "backup-4-rank")


def test_the_ranking_files_on_a_phone(server, browser, tmp_path: Path):
    """At 390×844 the two download buttons sit under the charts, one per line, and work."""
    context = browser.new_context(**DEVICES["phone"])
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        go(page, server.url, "rank")
        button = page.get_by_role("button", name="Download ranking (CSV)")
        button.scroll_into_view_if_needed()
        csv = download(page, "Download ranking (CSV)", tmp_path)
        assert csv.read_bytes().decode("utf-8-sig").splitlines()[1].startswith(
            "1,Interactive setup checklist")
        screen(page, tmp_path, "backup-5-rank-phone")
    finally:
        context.close()
