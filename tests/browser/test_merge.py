"""Merging a reworded duplicate and undoing it in Chromium: the idea wall follows both ways.

A person types a reworded duplicate on Brainstorm; on Refine the facilitator (free mode: the
product manager) picks the idea to keep and the duplicate, confirms, then unmerges it from
"Merged ideas"; Brainstorm's wall drops the duplicate and shows it again. Laptop 1280×800;
the Refine page is also looked at on a 390×844 phone.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import go, named_on_brainstorm, press, shot, wait_idle

IDEA_BOX = "A short, specific title — press Enter to add"
KEEP = "Interactive setup checklist"
REWORDED = "Checklist that walks new users through setting up"

def on_wall(page: Page, title: str):
    return page.get_by_test_id("stMain").locator("li", has_text=title)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a select box or multiselect by typing it and pressing Enter, as a
    keyboard user; a multiselect's list stays open until the focus moves on."""
    box = page.get_by_label(label, exact=True).last
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.wait_for()
    page.keyboard.press("Enter")
    wait_idle(page)
    page.get_by_test_id("stMain").locator("h1").first.click()   # close any list left open
    wait_idle(page)


def test_a_reworded_duplicate_is_merged_and_unmerged_and_the_wall_follows(
        server, device_page, tmp_path: Path):
    size, page = device_page
    shots = tmp_path / "shots"
    shots.mkdir()
    named_on_brainstorm(page, server.url, "Dana")
    box = page.get_by_placeholder(IDEA_BOX)
    box.fill(REWORDED)
    box.press("Enter")
    wait_idle(page)
    # The reworded duplicate is held with its look-alike and their similarity.
    hint = page.locator(".st-key-lookalikes")
    expect(hint).to_contain_text(f"“{REWORDED}” looks like")
    expect(hint).to_contain_text(KEEP)
    expect(hint).to_contain_text(re.compile(r"\d+% alike"))
    expect(on_wall(page, REWORDED)).to_have_count(0)  # nothing added before choosing
    shot(page, shots, f"{size}-0-hint")
    press(page, "Add as a new idea anyway")
    expect(on_wall(page, REWORDED).first).to_be_visible()
    shot(page, shots, f"{size}-1-brainstorm")

    go(page, server.url, "refine")
    expect(page.get_by_text("Possible duplicates", exact=False).first).to_be_visible()
    choose(page, "Keep this idea", KEEP)
    choose(page, "Merge into it", REWORDED)
    press(page, "Merge 2 ideas…")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("You can undo it under Merged ideas")
    shot(page, shots, f"{size}-2-merge-question")
    dialog.get_by_role("button", name="Merge 2 ideas", exact=True).click()
    wait_idle(page)
    merged = page.get_by_test_id("stMain").get_by_text(f"{KEEP} holds: {REWORDED}")
    expect(merged).to_be_visible()
    shot(page, shots, f"{size}-3-merged")

    go(page, server.url, "brainstorm")
    expect(on_wall(page, KEEP).first).to_be_visible()   # under each need it serves
    expect(on_wall(page, REWORDED)).to_have_count(0)

    go(page, server.url, "refine")
    press(page, "Unmerge…")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Scores given to “{KEEP}” since the merge stay with it")
    expect(dialog).to_contain_text(REWORDED)
    shot(page, shots, f"{size}-4-unmerge-question")
    dialog.get_by_role("button", name="Unmerge 2 ideas", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("Nothing is merged. Merges can be undone here.")).to_be_visible()
    shot(page, shots, f"{size}-5-unmerged")

    go(page, server.url, "brainstorm")
    expect(on_wall(page, REWORDED).first).to_be_visible()
    expect(on_wall(page, KEEP).first).to_be_visible()   # under each need it serves
