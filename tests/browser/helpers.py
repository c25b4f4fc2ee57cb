"""What a person does in the browser, in small named steps."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished its runs, including a rerun that follows one."""
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(350)  # a confirmation rerun starts within this
    page.wait_for_selector(IDLE)


def named_on_brainstorm(page: Page, base_url: str, name: str) -> None:
    """Open Brainstorm in free mode and give the name it asks for."""
    go(page, base_url, "brainstorm")
    page.get_by_label("Your name", exact=True).last.fill(name)
    press(page, "Continue")


def go(page: Page, base_url: str, path: str = "") -> None:
    """Open a page of the app and wait for it to render."""
    page.goto(f"{base_url}/{path}")
    page.wait_for_selector("h1")
    wait_idle(page)


def nav(page: Page, title: str) -> None:
    """Click a page in the sidebar navigation."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    expect(page.locator("h1").first).to_have_text(title)
    wait_idle(page)


def press(page: Page, label: str) -> None:
    """Click a button by its visible label and wait for the rerun."""
    page.get_by_role("button", name=label, exact=True).click()
    wait_idle(page)


def type_into(page: Page, label: str, text: str) -> None:
    """Fill the (last) text box with this label."""
    page.get_by_label(label, exact=True).last.fill(text)


def pick(page: Page, label: str, option: str) -> None:
    """Choose an option in a select box by typing it and pressing Enter, as a keyboard user."""
    box = page.get_by_label(label, exact=True).last
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.wait_for()
    page.keyboard.press("Enter")


def rate(page: Page, values: dict[int, list[str]], *, tap: bool = False) -> int:
    """Rate ideas on the Score page: ``{card: [rating on criterion 1, 2, …]}``, one tap (or
    click) per rating, as fast as a person taps: no waiting between them. Returns the taps.

    Each rating is saved by its own rerun; a tap made while an earlier one is still running
    must not be lost, so this helper never waits or retries — the caller checks the result.
    """
    taps = 0
    for card_no, ratings in values.items():
        card = page.locator("[class*='st-key-score_card_']").nth(card_no)
        for group_no, label in enumerate(ratings):
            button = card.get_by_role("radiogroup").nth(group_no).get_by_role(
                "radio", name=label, exact=True)
            if tap:
                button.tap()
            else:
                button.click()
            taps += 1
    return taps


def ratings_shown(page: Page, cards: int, criteria: int) -> dict[int, list[str]]:
    """The rating each card's controls show as chosen ("" where none is)."""
    shown = {}
    for card_no in range(cards):
        card = page.locator("[class*='st-key-score_card_']").nth(card_no)
        row = []
        for group_no in range(criteria):
            checked = card.get_by_role("radiogroup").nth(group_no).locator(
                "[role=radio][aria-checked=true]")
            row.append(checked.inner_text().strip() if checked.count() else "")
        shown[card_no] = row
    return shown


# A phone's user agent: Streamlit folds the navigation drawer after a tap only on devices
# whose user agent says "mobile", as real phones' do.
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36")
DEVICES = {
    "laptop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2, "user_agent": PHONE_UA},
}


def shot(page: Page, folder: Path, name: str) -> Path:
    """Screenshot the whole app view at the page's own width (a laptop or a phone);
    Streamlit scrolls inside its own container, so the window grows for the picture.
    ``$WORKBENCH_SCREENSHOTS``, when set, gets a copy."""
    size = page.viewport_size or {"width": 1280, "height": 800}
    height = page.evaluate(
        "() => document.querySelector('[data-testid=stMain]')?.scrollHeight || 0")
    page.set_viewport_size({"width": size["width"],
                            "height": min(max(int(height) + 40, size["height"]), 4000)})
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    if os.environ.get("WORKBENCH_SCREENSHOTS"):
        target = Path(os.environ["WORKBENCH_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return path


def screen(page: Page, folder: Path, name: str) -> Path:
    """Screenshot what the person sees right now, without growing the window."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def nav_phone(page: Page, title: str) -> None:
    """On a phone the navigation is folded away: open it, tap the page, wait for it."""
    page.get_by_test_id("stExpandSidebarButton").tap()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    # The drawer slides in: tap once it has stopped moving under the finger.
    page.wait_for_function(
        "el => { const r = el.getBoundingClientRect(); const was = el.dataset.x;"
        " el.dataset.x = r.left; return was === String(r.left) && r.left >= 0; }",
        arg=link.element_handle(), polling=100)
    link.tap()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    expect(page.locator("h1").first).to_have_text(title)
    wait_idle(page)


def grid_column(page: Page, col: int, grid_index: int = 0) -> list[str]:
    """Texts of one column of a (canvas) data grid, read from its accessible table."""
    grid = page.get_by_test_id("stDataFrame").nth(grid_index)
    return [t.strip() for t in grid.locator(f"td[aria-colindex='{col + 1}']").all_inner_texts()]


def wait_for_column(page: Page, col: int, expected: list[str], grid_index: int = 0,
                    timeout_ms: int = 30_000) -> None:
    """Wait until a grid column starts with ``expected`` (reruns land asynchronously)."""
    seen: list[str] = []
    for _ in range(timeout_ms // 200):
        if page.get_by_test_id("stDataFrame").count() > grid_index:
            seen = grid_column(page, col, grid_index)
            if seen[: len(expected)] == expected:
                return
        page.wait_for_timeout(200)
    raise AssertionError(f"column {col} is {seen!r}, expected it to start with {expected!r}")
