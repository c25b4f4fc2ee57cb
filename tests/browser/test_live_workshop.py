"""A live workshop in Chromium: a facilitator and two participants, each in their own browser.

Streamlit has no push between sessions, so everything "live" here is a polling fragment: the
idea wall, the console's "Who is here" and the sidebar status that reruns a page when the
facilitator changes the phase or reveals the results. The test never reloads a participant's
page to see what another person did; it waits (with a timeout) for the text to arrive.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.helpers import (
    fill_and_save_grid,
    go,
    grid_column,
    nav,
    press,
    shot,
    type_into,
    wait_for_column,
    wait_idle,
)

LIVE_MS = 12_000  # a polling fragment runs every 2 s; allow for a slow, busy box
IDEA_BOX = "A short, specific title — press Enter to add"
IDEA_A, IDEA_B = "Self-serve import wizard", "Weekly digest email"
# Impact ↑, cost ↓, feasibility ↑ on 1–5. Means: A 4.5/1.5/4.5 → 87.5, B 2.5/3.5/2.5 → 37.5,
# whatever the weights, so the ranking is A then B.
SCORES_1 = {0: ["5", "1", "5"], 1: ["3", "3", "3"]}
SCORES_2 = {0: ["4", "2", "4"], 1: ["2", "4", "2"]}


# ---- small steps ---------------------------------------------------------------------------


def open_tab(browser: Browser) -> tuple[BrowserContext, Page]:
    """A separate browser context (its own cookies and Streamlit session) at 1280×800."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    return context, tab


def keep_screenshots(folder: Path) -> None:
    """Copy screenshots to $WORKBENCH_SCREENSHOTS when set, for a person to look at."""
    target = os.environ.get("WORKBENCH_SCREENSHOTS")
    if target:
        shutil.copytree(folder, target, dirs_exist_ok=True)


def main_area(page: Page):
    return page.get_by_test_id("stMain")


def sidebar(page: Page):
    return page.get_by_test_id("stSidebar")


def join(page: Page, code: str, name: str) -> None:
    """Fill the "Join with a code" form and submit it."""
    page.get_by_label("Join code", exact=True).fill(code)
    page.get_by_label("Your display name", exact=True).first.fill(name)
    press(page, "Join")


def start_live(page: Page, base_url: str, title: str = "Q3 retention bets",
               name: str = "Fran", shots: Path | None = None) -> tuple[str, str]:
    """Run a live workshop from /join, acknowledge the key; return (join code, join link)."""
    go(page, base_url, "join")
    type_into(page, "Workshop title", title)
    type_into(page, "Your display name", name)  # the last one: the "Run" form's
    press(page, "Start live workshop")
    expect(page.locator("h1").first).to_have_text("Facilitator console")
    key_box = main_area(page).get_by_text("Your facilitator key — shown only once")
    expect(key_box).to_be_visible()
    expect(sidebar(page)).to_contain_text(f"You are {name} · facilitator")
    expect(sidebar(page)).to_contain_text("Phase: Customer needs")
    if shots is not None:
        shot(page, shots, "01-console-new-key")
    press(page, "I have saved it")
    expect(key_box).to_have_count(0)
    codes = main_area(page).get_by_test_id("stCode")
    expect(codes).to_have_count(1)  # the join link; the key is gone for good
    link = codes.nth(0).inner_text().strip()
    code = link.rsplit("code=", 1)[-1]
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{7}", code), code
    expect(main_area(page).get_by_role("heading", name=code)).to_be_visible()  # big, readable
    assert link == f"{base_url}/join?code={code}", link
    return code, link


def open_link(page: Page, link: str) -> None:
    """Open the join link the facilitator shared; the code is filled in from it."""
    page.goto(link)
    page.wait_for_selector("h1")
    wait_idle(page)


def add_idea(page: Page, title: str) -> None:
    """Type an idea on Brainstorm and press Enter (the form clears when it is saved)."""
    box = page.get_by_placeholder(IDEA_BOX)
    box.fill(title)
    box.press("Enter")
    wait_idle(page)
    expect(box).to_have_value("")


def on_wall(page: Page, title: str):
    """The idea as a bullet on the idea wall (not the toast, not the "My ideas" picker)."""
    return main_area(page).locator("li", has_text=title)


def wait_for_people(page: Page, names: list[str], timeout_ms: int = LIVE_MS) -> list[str]:
    """Wait until the console's "Who is here" grid lists these people; return the column."""
    seen: list[str] = []
    for _ in range(timeout_ms // 250):
        if page.get_by_test_id("stDataFrame").count():
            seen = grid_column(page, 0)
            if all(n in seen for n in names):
                return seen
        page.wait_for_timeout(250)
    raise AssertionError(f"'Who is here' lists {seen!r}, expected {names!r}")


def wait_for_cells(page: Page, col: int, expected: list[str],
                   timeout_ms: int = LIVE_MS) -> None:
    """Wait until a column of the first grid is exactly ``expected``."""
    seen: list[str] = []
    for _ in range(timeout_ms // 250):
        if page.get_by_test_id("stDataFrame").count():
            seen = grid_column(page, col)
            if seen == expected:
                return
        page.wait_for_timeout(250)
    raise AssertionError(f"column {col} is {seen!r}, expected {expected!r}")


# ---- the workshop --------------------------------------------------------------------------


def test_facilitator_and_two_participants_run_a_live_workshop(server, browser: Browser,
                                                              tmp_path: Path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    contexts: list[BrowserContext] = []
    try:
        ctx, fac = open_tab(browser)
        contexts.append(ctx)
        ctx, ada = open_tab(browser)
        contexts.append(ctx)
        ctx, ben = open_tab(browser)
        contexts.append(ctx)

        # 1. The facilitator starts a live workshop and lands on the console.
        code, link = start_live(fac, server.url, shots=shots)
        wrong = "".join("A" if ch != "A" else "B" for ch in code)

        # 2. Two participants open the join link; Ada mistypes the code first.
        for tab in (ada, ben):
            open_link(tab, link)
            expect(tab.get_by_label("Join code", exact=True)).to_have_value(code)
        join(ada, wrong, "Ada")
        expect(main_area(ada).get_by_text("No workshop with that code")).to_be_visible()
        expect(sidebar(ada)).not_to_contain_text("You are")
        shot(ada, shots, "02-participant-wrong-code")
        join(ada, code, "Ada")
        join(ben, code, "Ben")
        for tab, name in ((ada, "Ada"), (ben, "Ben")):
            expect(main_area(tab).get_by_text(f"as {name}.")).to_be_visible()
            expect(sidebar(tab)).to_contain_text(f"You are {name}")
            expect(main_area(tab)).not_to_contain_text("No workshop with that code")
        shot(ben, shots, "03-participant-joined")

        # 3. Diverge: each adds an idea and sees the other's arrive on the wall by itself.
        press(fac, "Next ▶")
        expect(main_area(fac)).to_contain_text("Diverge — brainstorm")
        for tab in (ada, ben):  # the sidebar status fragment follows the phase, no reload
            expect(sidebar(tab)).to_contain_text("Phase: Diverge — brainstorm",
                                                 timeout=LIVE_MS)
            nav(tab, "Brainstorm")
            expect(main_area(tab)).to_contain_text("Diverge — brainstorm")
        # Ben is half-way through typing when Ada's idea arrives on his wall: the poll that
        # brings it redraws his add form too, and must leave what he typed alone.
        ben.get_by_placeholder(IDEA_BOX).fill("Half-typed tho")
        ben.get_by_label("Details (optional)", exact=True).fill("still thinking")
        add_idea(ada, IDEA_A)
        expect(on_wall(ben, IDEA_A)).to_be_visible(timeout=LIVE_MS)
        ben.wait_for_timeout(2500)  # at least one more poll
        expect(ben.get_by_placeholder(IDEA_BOX)).to_have_value("Half-typed tho")
        expect(ben.get_by_label("Details (optional)", exact=True)).to_have_value(
            "still thinking")
        add_idea(ben, IDEA_B)
        expect(ben.get_by_label("Details (optional)", exact=True)).to_have_value("")
        # The wall shows it at once; "My ideas" (outside the wall's fragment) within a poll.
        expect(main_area(ben).get_by_text("My ideas (1)")).to_be_visible(timeout=LIVE_MS)
        expect(on_wall(ada, IDEA_B)).to_be_visible(timeout=LIVE_MS)
        for tab in (ada, ben):
            expect(main_area(tab).get_by_text("Idea wall · 2 ideas")).to_be_visible()
        shot(ada, shots, "04-participant-brainstorm-wall")

        # The facilitator's timer appears in the sidebar of the open Brainstorm pages and
        # counts down there (the wall and the status refresh in one fragment).
        fac.get_by_label("Label (optional)", exact=True).fill("Silent brainstorm")
        press(fac, "Start timer")
        ticking = re.compile(r"Silent brainstorm · 0[45]:\d\d left")
        for tab in (ada, ben):
            expect(sidebar(tab)).to_contain_text(ticking, timeout=LIVE_MS)
        first = sidebar(ada).get_by_text(ticking).inner_text()
        expect(sidebar(ada).get_by_text(ticking)).not_to_have_text(first, timeout=LIVE_MS)
        expect(sidebar(ada).get_by_text("Phase: Diverge — brainstorm")).to_have_count(1)

        people = wait_for_people(fac, ["Fran", "Ada", "Ben"])
        assert people == ["Fran", "Ada", "Ben"], people
        wait_for_cells(fac, 3, ["0", "1", "1"])  # ideas per person
        expect(main_area(fac).get_by_text("Who is here · 3 online of 3")).to_be_visible(
            timeout=LIVE_MS)
        shot(fac, shots, "05-console-who-is-here")

        # 4. Refine: shortlist everything; converge closes new ideas on the open Brainstorm.
        press(fac, "Next ▶")
        expect(main_area(fac)).to_contain_text("Refine — merge and shortlist")
        nav(fac, "Refine")
        press(fac, "Shortlist every idea")
        expect(main_area(fac).get_by_text("Shortlist · 2 of 2 ideas")).to_be_visible()
        nav(fac, "Facilitator console")
        press(fac, "Next ▶")
        expect(main_area(fac)).to_contain_text("Converge — score and vote")
        for tab in (ada, ben):
            expect(main_area(tab).get_by_text("New ideas are closed in the converge phase.")
                   ).to_be_visible(timeout=LIVE_MS)
            expect(tab.get_by_placeholder(IDEA_BOX)).to_have_count(0)
            expect(on_wall(tab, IDEA_A)).to_be_visible()
        shot(ben, shots, "06-participant-brainstorm-closed")

        # 5. Score (blind), then the ranking is hidden from participants until the reveal.
        for tab, scores in ((ada, SCORES_1), (ben, SCORES_2)):
            nav(tab, "Score")
            wait_for_column(tab, 0, [IDEA_A, IDEA_B])
            done_text = main_area(tab).get_by_text("You have fully scored 2 of 2 ideas.")
            for _ in range(3):  # as a person would: check the count, type again if short
                fill_and_save_grid(tab, scores, "Save my scores")
                with contextlib.suppress(AssertionError):
                    expect(done_text).to_be_visible()
                    break
            expect(done_text).to_be_visible()
        shot(ben, shots, "07-participant-score")
        wait_for_cells(fac, 4, ["0/2", "2/2", "2/2"])  # "scored" on the console

        nav(ada, "Rank")
        hidden = main_area(ada).get_by_text("The ranking is hidden until the facilitator")
        expect(hidden).to_be_visible()
        expect(ada.get_by_test_id("stDataFrame")).to_have_count(0)
        shot(ada, shots, "08-participant-rank-hidden")

        # 6. Dots: a budget of 2; the third dot cannot be placed; totals stay hidden.
        fac.get_by_label("Dots per person", exact=True).fill("2")
        press(fac, "Save dot rules")
        expect(fac.get_by_label("Dots per person", exact=True)).to_have_value("2")
        nav(ben, "Vote")
        expect(main_area(ben).get_by_text("You have used 0 of 2 dots")).to_be_visible()
        plus = main_area(ben).get_by_role("button", name="Add dot", exact=True)
        expect(plus).to_have_count(2)
        plus.nth(0).click()
        wait_idle(ben)
        expect(main_area(ben).get_by_text("You have used 1 of 2 dots")).to_be_visible()
        plus.nth(1).click()
        wait_idle(ben)
        expect(main_area(ben).get_by_text("You have used 2 of 2 dots")).to_be_visible()
        for i in range(2):
            expect(plus.nth(i)).to_be_disabled()
        expect(main_area(ben).get_by_text("Totals stay hidden until the facilitator reveals "
                                          "them.")).to_be_visible()
        expect(main_area(ben)).not_to_contain_text(re.compile(r"total \d"))
        wait_for_cells(fac, 5, ["0/2", "0/2", "2/2"])  # "dots" on the console
        shot(ben, shots, "09-participant-vote-budget-spent")

        # 5 (cont.). The reveal reaches Ada's open Rank page and Ben's Vote page by itself.
        press(fac, "Reveal results")
        expect(main_area(fac).get_by_text("Revealed: everyone sees")).to_be_visible()
        expect(hidden).to_have_count(0, timeout=LIVE_MS)
        wait_for_column(ada, 1, [IDEA_A, IDEA_B])
        wait_for_column(ada, 2, ["87.5", "37.5"])
        expect(ada.locator(".js-plotly-plot").first).to_be_visible()
        expect(main_area(ben)).to_contain_text("total 1", timeout=LIVE_MS)
        shot(ada, shots, "10-participant-rank-revealed")
        shot(ben, shots, "11-participant-vote-revealed")
        shot(fac, shots, "12-console-end")
    finally:
        keep_screenshots(shots)
        for context in contexts:
            context.close()



# ---- bugs found while writing the test above ------------------------------------------------


def test_console_phase_picker_follows_next(server, browser: Browser, tmp_path: Path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    context, fac = open_tab(browser)
    try:
        start_live(fac, server.url)
        picker = main_area(fac).get_by_role("combobox", name="Jump to phase")
        expect(picker).to_have_value("Customer needs")
        press(fac, "Next ▶")
        expect(main_area(fac)).to_contain_text("Diverge — brainstorm")
        shot(fac, shots, "bug-phase-picker-stale")
        expect(picker).to_have_value("Diverge — brainstorm", timeout=3000)
        expect(main_area(fac).get_by_role("button", name="Go", exact=True)).to_have_count(
            0, timeout=3000)
    finally:
        keep_screenshots(shots)
        context.close()


def test_open_vote_page_follows_new_dot_rules(server, browser: Browser, tmp_path: Path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    contexts: list[BrowserContext] = []
    try:
        context, fac = open_tab(browser)
        contexts.append(context)
        context, ben = open_tab(browser)
        contexts.append(context)
        code, link = start_live(fac, server.url)
        open_link(ben, link)
        join(ben, code, "Ben")
        press(fac, "Next ▶")  # diverge
        nav(fac, "Brainstorm")
        add_idea(fac, IDEA_A)
        add_idea(fac, IDEA_B)
        nav(fac, "Refine")
        press(fac, "Shortlist every idea")
        nav(fac, "Facilitator console")
        press(fac, "Next ▶")  # refine
        press(fac, "Next ▶")  # converge
        expect(main_area(fac)).to_contain_text("Converge — score and vote")

        nav(ben, "Vote")
        plus = main_area(ben).get_by_role("button", name="Add dot", exact=True)
        for used in (1, 2):
            plus.nth(0).click()
            wait_idle(ben)
            expect(main_area(ben).get_by_text(f"You have used {used} of 5 dots")).to_be_visible()

        fac.get_by_label("Dots per person", exact=True).fill("2")
        press(fac, "Save dot rules")
        ben.wait_for_timeout(6000)  # three polls of the sidebar status fragment
        shot(ben, shots, "bug-vote-stale-budget")
        expect(main_area(ben).get_by_text("You have used 2 of 2 dots")).to_be_visible(
            timeout=LIVE_MS)
        expect(plus.nth(0)).to_be_disabled()
    finally:
        keep_screenshots(shots)
        for context in contexts:
            context.close()
