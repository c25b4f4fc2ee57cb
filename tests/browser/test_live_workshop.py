"""A live workshop in Chromium: a facilitator on a laptop and two participants on phones.

Streamlit has no push between sessions, so everything "live" here is a polling fragment: the
idea wall, the console's "Who is here" and the sticky header (phase, countdown, next step)
that reruns a page when the facilitator changes the phase or reveals the results. The test
never reloads a participant's page to see what another person did; it waits (with a timeout)
for the text to arrive. Participants move only by tapping, as people with phones do, and the
taps it takes one of them to score 4 ideas × 3 criteria are counted.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.helpers import (
    DEVICES,
    go,
    grid_column,
    nav,
    nav_phone,
    press,
    rate,
    ratings_shown,
    screen,
    shot,
    wait_for_column,
    wait_idle,
)

LIVE_MS = 12_000  # a polling fragment runs every 2 s; allow for a slow, busy box
IDEA_BOX = "A short, specific title — press Enter to add"
IDEA_A, IDEA_B = "Self-serve import wizard", "Weekly digest email"
IDEA_C, IDEA_D = "Founder welcome video", "In-app setup checklist"
# Impact ↑, cost ↓, feasibility ↑ on 1–5, equal weights; a card's score is the mean of the
# three 0–1 values. Means: A 4.5/1.5/4.5 → 87.5, D 4/2/4 → 75, B 2.5/3.5/2.5 → 37.5,
# C 1/5/1 → 0, so the ranking is A, D, B, C.
SCORES_1 = {0: ["5", "1", "5"], 1: ["3", "3", "3"], 2: ["1", "5", "1"], 3: ["4", "2", "4"]}
SCORES_2 = {0: ["4", "2", "4"], 1: ["2", "4", "2"], 2: ["1", "5", "1"], 3: ["4", "2", "4"]}
MAX_TAPS = 14  # issue 17: one tap per rating (12) plus getting there / saving


# ---- small steps ---------------------------------------------------------------------------


def open_tab(browser: Browser, phone: bool = False) -> tuple[BrowserContext, Page]:
    """A separate browser context (its own cookies and Streamlit session): a laptop at
    1280×800, or a phone at 390×844 with touch."""
    context = browser.new_context(**DEVICES["phone" if phone else "laptop"])
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


def header(page: Page):
    """The sticky header above every page of a live workshop: phase, countdown, next step."""
    return page.locator(".st-key-live_header")


def field(page: Page, key: str):
    """The text box of the widget with this key (two forms on a page may share labels)."""
    return page.locator(f".st-key-{key} input")


def join(page: Page, code: str, name: str) -> None:
    """Fill the Join page's form and submit it."""
    field(page, "join_code").fill(code)
    field(page, "join_name").fill(name)
    press(page, "Join")


def start_live(page: Page, base_url: str, title: str = "Q3 retention bets",
               name: str = "Fran", shots: Path | None = None) -> tuple[str, str]:
    """Run a live workshop from the Workshops page; acknowledge the key; (code, join link)."""
    go(page, base_url)
    field(page, "live_name").fill(name)
    field(page, "live_title").fill(title)
    field(page, "live_title").press("Enter")  # Enter in the title starts it (issue 17)
    expect(page.locator("h1").first).to_have_text("Facilitator console")
    wait_idle(page)
    key_box = main_area(page).get_by_text("Your facilitator key — shown only once")
    expect(key_box).to_be_visible()
    expect(sidebar(page)).to_contain_text(f"You are {name} · facilitator")
    expect(header(page)).to_contain_text("Customer needs")
    if shots is not None:
        shot(page, shots, "01-laptop-console-new-key")
    press(page, "I have saved it")
    expect(key_box).to_have_count(0)
    codes = main_area(page).get_by_test_id("stCode")
    expect(codes).to_have_count(1)  # the join link; the key is gone for good
    link = codes.nth(0).inner_text().strip()
    code = link.rsplit("code=", 1)[-1]
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{7}", code), code
    assert link == f"{base_url}/join?code={code}", link
    expect(main_area(page).get_by_role("link", name="Open the projector view")).to_have_count(1)
    return code, link


def next_phase(page: Page, label: str) -> None:
    """The console's one primary move: on to the next phase."""
    press(page, f"Next: {label}")
    expect(main_area(page)).to_contain_text(f"Now: {label}")


def open_link(page: Page, link: str) -> None:
    """Open the join link the facilitator shared; the code is filled in from it."""
    page.goto(link)
    page.wait_for_selector("h1")
    wait_idle(page)


def follow_header(page: Page, link: str, title: str) -> int:
    """Tap the header's next-step link (one tap); returns the taps it took."""
    header(page).get_by_role("link", name=link).tap()
    expect(page.locator("h1").first).to_have_text(title)
    wait_idle(page)
    return 1


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
        ctx, ada = open_tab(browser, phone=True)
        contexts.append(ctx)
        ctx, ben = open_tab(browser, phone=True)
        contexts.append(ctx)

        # 1. The facilitator starts a live workshop from Workshops and lands on the console.
        code, link = start_live(fac, server.url, shots=shots)
        shot(fac, shots, "02-laptop-console-invite")
        wrong = "".join("A" if ch != "A" else "B" for ch in code)

        # 2. Two participants open the join link on their phones; Ada mistypes the code first.
        for tab in (ada, ben):
            open_link(tab, link)
            expect(field(tab, "join_code")).to_have_value(code)
        screen(ada, shots, "03-phone-join")
        join(ada, wrong, "Ada")
        expect(main_area(ada).get_by_text("No workshop with that code")).to_be_visible()
        screen(ada, shots, "04-phone-wrong-code")
        join(ada, code, "Ada")
        join(ben, code, "Ben")
        for tab in (ada, ben):  # straight to the page of the current phase
            expect(tab.locator("h1").first).to_have_text("Customer needs")
            expect(header(tab)).to_contain_text("Customer needs")
            expect(main_area(tab)).not_to_contain_text("No workshop with that code")
        screen(ben, shots, "05-phone-joined-needs")

        # 3. Diverge: the header tells the phones where to go; each adds ideas and sees the
        # other's arrive on the wall by itself.
        next_phase(fac, "Diverge — brainstorm")
        for tab in (ada, ben):
            expect(header(tab)).to_contain_text("Brainstorming is open", timeout=LIVE_MS)
            screen(tab, shots, "06-phone-header-next-step")
            follow_header(tab, "Go to Brainstorm", "Brainstorm")
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
        add_idea(ada, IDEA_C)
        add_idea(ben, IDEA_D)
        # The wall shows it at once; "My ideas" (outside the wall's fragment) within a poll.
        expect(main_area(ben).get_by_text("My ideas (2)")).to_be_visible(timeout=LIVE_MS)
        for tab in (ada, ben):
            expect(main_area(tab).get_by_text("Idea wall · 4 ideas")).to_be_visible(
                timeout=LIVE_MS)
        shot(ada, shots, "07-phone-brainstorm-wall")

        # The facilitator's timer appears in the phones' sticky header and counts down.
        fac.get_by_label("Label (optional)", exact=True).fill("Silent brainstorm")
        press(fac, "Start timer")
        ticking = re.compile(r"Silent brainstorm · 0[45]:\d\d left")
        for tab in (ada, ben):
            expect(header(tab)).to_contain_text(ticking, timeout=LIVE_MS)
        first = header(ada).inner_text()
        expect(header(ada)).not_to_have_text(first, timeout=LIVE_MS)
        expect(header(ada).get_by_text("Diverge — brainstorm")).to_have_count(1)
        screen(ada, shots, "08-phone-timer")

        people = wait_for_people(fac, ["Fran", "Ada", "Ben"])
        assert people == ["Fran", "Ada", "Ben"], people
        wait_for_cells(fac, 3, ["0", "2", "2"])  # ideas per person
        expect(main_area(fac).get_by_text("Who is here · 3 online of 3")).to_be_visible(
            timeout=LIVE_MS)
        expect(header(fac)).to_contain_text(ticking)  # the countdown on the console too
        shot(fac, shots, "09-laptop-console-who-is-here")

        # 4. Refine: shortlist everything; converge closes new ideas on the open Brainstorm.
        next_phase(fac, "Refine — merge and shortlist")
        nav(fac, "Refine")
        press(fac, "Shortlist every idea")
        expect(main_area(fac).get_by_text("Shortlist · 4 of 4 ideas")).to_be_visible()
        nav(fac, "Facilitator console")
        next_phase(fac, "Converge — score and vote")
        for tab in (ada, ben):
            expect(main_area(tab).get_by_text("New ideas are closed in the converge phase.")
                   ).to_be_visible(timeout=LIVE_MS)
            expect(tab.get_by_placeholder(IDEA_BOX)).to_have_count(0)
        screen(ben, shots, "10-phone-brainstorm-closed")

        # 5. Score on the phones, blind: one tap per rating, counted.
        for tab, scores in ((ada, SCORES_1), (ben, SCORES_2)):
            taps = follow_header(tab, "Go to Score", "Score")
            cards = tab.locator("[class*='st-key-score_card_']")
            for card_no, title in enumerate((IDEA_A, IDEA_B, IDEA_C, IDEA_D)):
                expect(cards.nth(card_no)).to_contain_text(title)
            screen(tab, shots, f"11-phone-score-start-{tab is ben:d}")
            taps += rate(tab, scores, tap=True)
            assert taps <= MAX_TAPS, f"{taps} taps to score 4 ideas × 3 criteria"
            expect(main_area(tab).get_by_text("You have fully scored 4 of 4 ideas.")
                   ).to_be_visible()
            assert ratings_shown(tab, 4, 3) == scores  # every tap landed
        print(f"taps_to_score_4x3_on_a_phone: {taps}")
        screen(ben, shots, "12-phone-score-done")
        shot(ben, shots, "13-phone-score-done-whole")
        wait_for_cells(fac, 4, ["0/4", "4/4", "4/4"])  # "scored" on the console

        nav_phone(ada, "Rank")
        hidden = main_area(ada).get_by_text("The ranking is hidden until the facilitator")
        expect(hidden).to_be_visible()
        expect(ada.get_by_test_id("stDataFrame")).to_have_count(0)
        screen(ada, shots, "14-phone-rank-hidden")

        # 6. Dots: a budget of 2; the third dot cannot be placed; totals stay hidden.
        fac.get_by_label("Dots per person", exact=True).fill("2")
        press(fac, "Save dot rules")
        expect(fac.get_by_label("Dots per person", exact=True)).to_have_value("2")
        nav_phone(ben, "Vote")
        expect(main_area(ben).get_by_text("You have used 0 of 2 dots")).to_be_visible()
        plus = main_area(ben).get_by_role("button", name="Add dot", exact=True)
        expect(plus).to_have_count(4)
        plus.nth(0).tap()
        wait_idle(ben)
        expect(main_area(ben).get_by_text("You have used 1 of 2 dots")).to_be_visible()
        plus.nth(1).tap()
        wait_idle(ben)
        expect(main_area(ben).get_by_text("You have used 2 of 2 dots")).to_be_visible()
        for i in range(4):
            expect(plus.nth(i)).to_be_disabled()
        expect(main_area(ben).get_by_text("Totals stay hidden until the facilitator reveals "
                                          "them.")).to_be_visible()
        expect(main_area(ben)).not_to_contain_text(re.compile(r"total \d"))
        wait_for_cells(fac, 5, ["0/2", "0/2", "2/2"])  # "dots" on the console
        shot(ben, shots, "15-phone-vote-budget-spent")

        # 7. Decide: moving on reveals the results; they reach Ada's open Rank page by itself.
        expect(main_area(fac).get_by_text("Moving on to Decide reveals everyone's results.")
               ).to_be_visible()
        next_phase(fac, "Decide — review the results")
        expect(main_area(fac).get_by_text("Revealed: everyone sees")).to_be_visible()
        expect(hidden).to_have_count(0, timeout=LIVE_MS)
        wait_for_column(ada, 1, [IDEA_A, IDEA_D, IDEA_B, IDEA_C])
        wait_for_column(ada, 2, ["87.5", "75", "37.5", "0"])
        expect(ada.locator(".js-plotly-plot").first).to_be_visible()
        expect(header(ben)).to_contain_text("Results are in", timeout=LIVE_MS)
        shot(ada, shots, "16-phone-rank-revealed")
        shot(fac, shots, "17-laptop-console-end")
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
        main_area(fac).get_by_text("Go back or jump to another phase").click()
        picker = main_area(fac).get_by_role("combobox", name="Phase")
        expect(picker).to_have_value("Customer needs")
        next_phase(fac, "Diverge — brainstorm")
        shot(fac, shots, "bug-phase-picker-stale")
        expect(picker).to_have_value("Diverge — brainstorm", timeout=3000)
        expect(main_area(fac).get_by_role("button", name="Move everyone there")).to_be_disabled(
            timeout=3000)
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
        next_phase(fac, "Diverge — brainstorm")
        nav(fac, "Brainstorm")
        add_idea(fac, IDEA_A)
        add_idea(fac, IDEA_B)
        nav(fac, "Refine")
        press(fac, "Shortlist every idea")
        nav(fac, "Facilitator console")
        next_phase(fac, "Refine — merge and shortlist")
        next_phase(fac, "Converge — score and vote")

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
