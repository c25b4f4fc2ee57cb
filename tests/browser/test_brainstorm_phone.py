"""Brainstorm's quick-add form in Chromium, on a laptop and on a phone (issue 17).

The needs come before the title and the Add button, nothing a person opens covers the button,
Enter in the title adds (tagged or, with a clear warning, untagged), and adding logs no
Streamlit warning: the form lives in the wall's polling fragment and writes in its button's
callback, where drawing anything is unsupported.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import named_on_brainstorm, shot, wait_idle

IDEA_BOX = "A short, specific title — press Enter to add"
NEED = "Use it comfortably on a phone · Freelancers"
LAST_NEED = "Get help from a human when stuck · Freelancers"
CALLBACK_WARNING = "callback that displays"

def form(page: Page):
    return page.get_by_test_id("stForm").filter(has=page.get_by_placeholder(IDEA_BOX))


def top(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["y"]


def button_is_hit_at_its_centre(page: Page, label: str) -> bool:
    """Whether a tap at the middle of the button (scrolled into view) lands on the button,
    not on something drawn over it (an open options list, a popover)."""
    return page.get_by_role("button", name=label, exact=True).evaluate(
        """b => { b.scrollIntoView({block: "center"});
                  const r = b.getBoundingClientRect();
                  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                  return b.contains(hit); }""")


def test_quick_add_puts_needs_first_warns_on_untagged_and_logs_no_warning(
        server, device_page, tmp_path: Path):
    size, page = device_page
    shots = tmp_path / "shots"
    shots.mkdir()
    named_on_brainstorm(page, server.url, "Dana")
    box = page.get_by_placeholder(IDEA_BOX)
    pills = form(page).get_by_role("button", name=NEED, exact=True)
    add = page.get_by_role("button", name="Add idea", exact=True)
    expect(box).to_be_visible()
    shot(page, shots, f"{size}-1-form")

    # Needs, then the title, then the button: top to bottom and in Tab order.
    assert top(pills) < top(box) < top(add)
    form(page).get_by_role("button", name=LAST_NEED, exact=True).focus()
    page.keyboard.press("Tab")
    if page.evaluate("() => document.activeElement.tagName") != "INPUT":
        page.keyboard.press("Tab")  # past the title's "?" (its help), a button too
    expect(box).to_be_focused()
    # Every need reads in full: a label wraps instead of being cut off.
    assert form(page).locator("[data-testid=stButtonGroup] button p").evaluate_all(
        "ps => ps.every(p => p.scrollWidth <= p.clientWidth)")

    # Tagged: tap a need, type, press Enter — no extra tap, no warning.
    pills.click()
    wait_idle(page)
    expect(pills).to_have_attribute("aria-pressed", "true")
    assert button_is_hit_at_its_centre(page, "Add idea")
    shot(page, shots, f"{size}-2-tagged")
    box.fill("Thumb-sized buttons")
    box.press("Enter")
    wait_idle(page)
    expect(box).to_have_value("")
    expect(page.get_by_test_id("stToast").filter(has_text="Added “Thumb-sized buttons”")) \
        .to_be_visible()
    expect(page.get_by_test_id("stMain").locator("li", has_text="Thumb-sized buttons")) \
        .to_be_visible()
    expect(page.get_by_text("as Untagged")).to_have_count(0)

    # Untagged while the workshop has needs: added, and the page says so until the next add.
    box.fill("Sticker sheet")
    box.press("Enter")
    wait_idle(page)
    expect(page.get_by_test_id("stToast").filter(
        has_text="Added “Sticker sheet” as Untagged (tag it under My ideas)")).to_be_visible()
    warning = page.get_by_test_id("stAlert").filter(has_text="as Untagged")
    expect(warning).to_contain_text("Added “Sticker sheet” as Untagged")
    expect(warning).to_contain_text("Tag it under My ideas below")
    expect(page.get_by_test_id("stMain").locator("li", has_text="Sticker sheet")) \
        .to_be_visible()
    assert button_is_hit_at_its_centre(page, "Add idea")
    shot(page, shots, f"{size}-3-untagged")

    # "My ideas" catches up a poll later with the untagged idea picked, its needs above
    # its Save button.
    page.get_by_text("My ideas (2)").click()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Idea")).to_have_value("Sticker sheet")
    assert button_is_hit_at_its_centre(page, "Save idea")
    shot(page, shots, f"{size}-4-my-ideas")
    log = server.log_path.read_text()
    assert CALLBACK_WARNING not in log, log
