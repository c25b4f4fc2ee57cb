"""A new user's whole journey in Chromium: workshop → need → ideas → shortlist → score → rank."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    go,
    nav,
    pick,
    press,
    rate,
    ratings_shown,
    shot,
    type_into,
    wait_for_column,
    wait_idle,
)

IDEAS = ["Guided setup checklist", "Import wizard", "Founder welcome video"]
# Impact, cost, feasibility → scores 100 (5,1,5), 50 (3,3,3), 0 (1,5,1)
SCORES = {0: ["3", "3", "3"], 1: ["5", "1", "5"], 2: ["1", "5", "1"]}
EXPECTED_ORDER = ["Import wizard", "Guided setup checklist", "Founder welcome video"]


def keep_screenshots(folder: Path) -> None:
    """Copy screenshots to $WORKBENCH_SCREENSHOTS when set, for a person to look at."""
    target = os.environ.get("WORKBENCH_SCREENSHOTS")
    if target:
        shutil.copytree(folder, target, dirs_exist_ok=True)


def test_new_user_goes_from_empty_workshop_to_ranking(server, page: Page, tmp_path: Path):
    shots = tmp_path / "screenshots"
    shots.mkdir()

    # Deep link first after a server start must still get the app's navigation.
    go(page, server.url, "rank")
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Diverge")
    shot(page, shots, "00-demo-rank")

    go(page, server.url)
    expect(page.get_by_text("Improve customer onboarding").first).to_be_visible()
    page.get_by_placeholder("e.g. Q3 retention bets").fill("Checkout revamp")
    page.get_by_placeholder("What decision should this workshop lead to?").fill("Pick 2 bets")
    press(page, "Create workshop")
    expect(page.get_by_role("heading", name="Checkout revamp")).to_be_visible()
    shot(page, shots, "01-workshops")

    nav(page, "Customer needs")
    page.get_by_role("tab", name="Segments").click()
    type_into(page, "Segment or persona", "Returning shoppers")
    press(page, "Add segment")
    page.get_by_role("tab", name="Add need").click()
    pick(page, "Segment", "Returning shoppers")
    type_into(page, "Need or pain point", "Pay in one click")
    press(page, "Add need")
    expect(page.get_by_text("Pay in one click", exact=True).first).to_be_visible()
    shot(page, shots, "02-needs")

    nav(page, "Brainstorm")
    # Brainstorm records who added what, so it asks for a name once, inline.
    type_into(page, "Your name", "Robin")
    press(page, "Continue")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("You are Robin")
    for title in IDEAS:
        box = page.get_by_placeholder("A short, specific title — press Enter to add")
        box.fill(title)
        box.press("Enter")  # keyboard-first: Enter submits and the form clears
        wait_idle(page)
        expect(box).to_have_value("")
    hostile = "<b>not bold</b> **nor this**"
    page.get_by_placeholder("A short, specific title — press Enter to add").fill(hostile)
    press(page, "Add idea")
    expect(page.get_by_text(hostile, exact=True)).to_be_visible()  # shown literally
    expect(page.get_by_text("Idea wall · 4 ideas")).to_be_visible()
    shot(page, shots, "03-brainstorm")

    nav(page, "Refine")
    press(page, "Shortlist every idea")
    expect(page.get_by_text("Shortlist · 4 of 4 ideas")).to_be_visible()
    shot(page, shots, "04-refine")

    nav(page, "Score")
    cards = page.locator("[class*='st-key-score_card_']")
    expect(cards).to_have_count(4)
    for card_no, title in enumerate(IDEAS):
        expect(cards.nth(card_no)).to_contain_text(title)
    assert rate(page, SCORES) == 9  # one click per rating, no save button
    expect(page.get_by_text("You have fully scored 3 of 4 ideas.")).to_be_visible()
    assert ratings_shown(page, 3, 3) == SCORES
    shot(page, shots, "05-score")

    nav(page, "Rank")
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    wait_for_column(page, 1, EXPECTED_ORDER)
    wait_for_column(page, 2, ["100", "50", "0"])
    wait_for_column(page, 1, ["not yet scored"], grid_index=1)
    page.get_by_role("tab", name="Impact vs cost matrix").wait_for()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    shot(page, shots, "06-rank")
    keep_screenshots(shots)
