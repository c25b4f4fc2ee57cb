"""What a person does in the browser, in small named steps."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

ROW_HEIGHT = 35  # st.data_editor row and header height in pixels


IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished its runs, including a rerun that follows one."""
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(350)  # a confirmation rerun starts within this
    page.wait_for_selector(IDLE)


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


def fill_grid(page: Page, values: dict[int, list[str]], grid_index: int = 0) -> None:
    """Type values into a data editor: ``{row: [col1, col2, …]}`` (column 0 is the title)."""
    grid = page.get_by_test_id("stDataFrame").nth(grid_index)
    box = grid.bounding_box()
    assert box is not None

    def select_title(row: int) -> None:
        page.mouse.click(box["x"] + 40, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT // 2)

    # After a rerun the first click only gives the canvas focus. Spend it on another row:
    # a second click on the same cell would open that cell's editor instead.
    select_title(min(values) + 1)
    page.wait_for_timeout(300)  # let the focus land before the first keystroke
    for row, cells in values.items():
        for col, value in enumerate(cells, start=1):
            select_title(row)
            for _ in range(col):
                page.keyboard.press("ArrowRight")
            page.keyboard.type(value)
            page.keyboard.press("Enter")


def fill_and_save_grid(page: Page, values: dict[int, list[str]], save_label: str,
                       attempts: int = 5) -> None:
    """Type values into a data editor, save, and check the saved grid shows them.

    Known product bug (issue 17): edits typed while the canvas is still settling, or just
    before the form is sent, can miss the submit while the grid keeps showing them. Only a
    save remounts the grid with what was stored, so this helper trusts the grid after a save
    and, like a person told "No changes to save", types again what did not land.
    """
    wait_idle(page)
    page.wait_for_timeout(1000)
    for _ in range(attempts):
        fill_grid(page, values)
        page.wait_for_timeout(500)  # a person's move from the last cell to the button
        press(page, save_label)
        if page.get_by_text("No changes to save.").count():
            # The grid still shows what was typed, but none of it reached the server.
            continue
        # A save remounts the grid with what was stored: wait until it has its rows again.
        for _ in range(100):
            if len(grid_column(page, 1)) > max(values):
                break
            page.wait_for_timeout(100)
        saved = {row: [grid_column(page, col)[row] for col in range(1, len(cells) + 1)]
                 for row, cells in values.items()}
        if saved == values:
            return
    raise AssertionError(f"the scores typed never all reached the server: {values!r}")


def shot(page: Page, folder: Path, name: str) -> Path:
    """Screenshot the whole app view (Streamlit scrolls inside its own container)."""
    height = page.evaluate(
        "() => Math.max(800, document.querySelector('[data-testid=stMain]')?.scrollHeight || 0)")
    page.set_viewport_size({"width": 1280, "height": min(int(height) + 40, 4000)})
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 800})
    return path


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
