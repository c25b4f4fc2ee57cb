"""Decide in Chromium: try other weights with the keyboard, the ranking and charts follow.

Screenshots of every tab (what a person sees at 1280×800 with the tab bar at the top, and the
whole tab) go to tmp_path; the 1280×800 ones are also copied to /tmp/decide_*.png (and to
$WORKBENCH_SCREENSHOTS when set) for a person to look at.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import go, pick, press, shot, wait_for_column, wait_idle
from workbench.engine.evaluation import evaluate
from workbench.engine.settings import DEFAULTS
from workbench.store import DuckDBStore

pytestmark = pytest.mark.browser

TABS = ["Ranking", "Matrix & portfolio", "Robustness", "Agreement", "Compare frameworks",
        "Explain", "Criteria view"]
WHAT_IF = {"Impact": 0.0, "Cost": 10.0, "Feasibility": 1.0}

# Every Plotly chart on the page: its title, whether it is shown, the y values of each trace
# (decoded by Plotly into _fullData) and the y-axis tick labels.
PLOTS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(e => ({
    title: (e.layout && e.layout.title && e.layout.title.text) || '',
    visible: e.offsetParent !== null,
    y: (e._fullData || []).map(t => Array.from(t.y || [], Number)),
    ticks: Array.from((e._fullLayout && e._fullLayout.yaxis && e._fullLayout.yaxis.ticktext)
                      || [], String)}))"""


def engine_ranking(template: Path, folder: Path, weights: dict[str, float] | None = None
                   ) -> pd.DataFrame:
    """The ranking the engine gives on a copy of the demo database (rank, title, …)."""
    copy = folder / "expected.duckdb"
    shutil.copy(template, copy)
    store = DuckDBStore(copy)
    try:
        wid = int(store.list_workshops()["id"].iloc[0])
        criteria = [dataclasses.replace(c, weight=(weights or {}).get(c.name, c.weight))
                    for c in store.list_criteria(wid)]
        evaluation = evaluate(store.shortlist(wid), criteria, store.all_scores(wid), DEFAULTS,
                              store.idea_need_ratings(wid), store.moscow_buckets(wid))
        return evaluation.table
    finally:
        store.close()


def plots(page: Page) -> dict[str, dict]:
    """The page's Plotly charts by the start of their title."""
    found = {}
    for plot in page.evaluate(PLOTS):
        title = re.sub(r"<[^>]+>", "", plot["title"])
        found[title.split(":")[0].split(" · ")[0]] = plot
    return found


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    expect(page.get_by_role("tab", name=name, exact=True)).to_have_attribute(
        "aria-selected", "true")
    page.wait_for_timeout(400)  # Plotly relayouts a chart when its tab becomes visible


def tab_shots(page: Page, folder: Path, prefix: str) -> list[Path]:
    """Each tab as seen at 1280×800 with the tab bar at the top, plus the whole tab."""
    seen = []
    for n, name in enumerate(TABS, start=1):
        open_tab(page, name)
        slug = re.sub(r"[^a-z]+", "-", name.lower()).strip("-")
        shot(page, folder, f"{prefix}-{n}-{slug}-full")
        page.get_by_role("tablist").first.evaluate("e => e.scrollIntoView({block: 'start'})")
        path = folder / f"{prefix}-{n}-{slug}.png"
        page.screenshot(path=str(path))
        seen.append(path)
    return seen


def set_slider(page: Page, label: str, value: float, step: float = 0.5) -> None:
    """Move a slider with the keyboard, as a person does: focus the thumb, Home, then →."""
    thumb = page.locator(f'input[type=range][aria-label="{label}"]')
    thumb.focus()
    page.keyboard.press("Home")
    for _ in range(round(value / step)):
        page.keyboard.press("ArrowRight")
    expect(thumb).to_have_attribute("aria-valuetext", f"{value:.2f}")


def test_trying_other_weights_reorders_the_ranking_and_redraws_the_charts(
        server, page: Page, tmp_path: Path, demo_template: Path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    saved = engine_ranking(demo_template, tmp_path)["title"].tolist()
    trial = engine_ranking(demo_template, tmp_path, WHAT_IF)
    tried = trial["title"].tolist()
    assert tried[0] != saved[0]

    go(page, server.url, "decide")
    wait_for_column(page, 1, saved[:5])
    expect(page.get_by_test_id("stMetric").filter(has_text="Ranked")).to_contain_text("20")
    before = plots(page)
    assert len(before) == 8, list(before)  # one per tab with a chart: funnel and KPIs too
    assert not page.get_by_test_id("stException").count()
    viewed = tab_shots(page, shots, "before")

    # Try other weights: Impact 0, Cost 10 (keyboard), Feasibility unchanged.
    page.get_by_test_id("stExpander").filter(has_text="Try other weights").locator(
        "summary").click()
    set_slider(page, "Impact", WHAT_IF["Impact"])
    set_slider(page, "Cost", WHAT_IF["Cost"])
    press(page, "Try these weights")
    expect(page.get_by_text("Showing what-if weights (not saved)")).to_be_visible()
    expect(page.get_by_text("Impact 0, Cost 10, Feasibility 1.")).to_be_visible()
    open_tab(page, "Ranking")
    wait_for_column(page, 1, tried[:5])
    assert not page.get_by_test_id("stException").count()

    after = plots(page)
    matrix = "Weighted benefit vs Cost"
    assert after[matrix]["y"] != before[matrix]["y"]  # benefit axis: only Feasibility counts now
    bands = "How sure is each rank?"
    assert after[bands]["ticks"][0] != before[bands]["ticks"][0]
    leaders = set(trial.loc[trial["rank"] == 1, "title"])  # two ideas tie at 100
    assert after[bands]["ticks"][0] in leaders
    waterfall = "How the score adds up, criterion by criterion"
    assert len(after[waterfall]["y"][0]) == 3  # Impact has weight 0: Cost, Feasibility, total
    open_tab(page, "Matrix & portfolio")
    box = page.locator(".js-plotly-plot").locator("visible=true").first.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 400
    viewed += tab_shots(page, shots, "after")[:3]

    # Back to the saved weights restores the first ranking.
    press(page, "Back to saved weights")
    open_tab(page, "Ranking")
    wait_for_column(page, 1, saved[:5])
    expect(page.get_by_text("Showing what-if weights (not saved)")).to_have_count(0)
    wait_idle(page)

    for path in viewed:
        shutil.copy(path, Path("/tmp") / f"decide_{path.name}")
    target = os.environ.get("WORKBENCH_SCREENSHOTS")
    if target:
        shutil.copytree(shots, target, dirs_exist_ok=True)


def preview_rice(page: Page, base_url: str) -> None:
    """Open Decide, pick RICE in the Method panel and preview it."""
    go(page, base_url, "decide")
    page.get_by_test_id("stExpander").filter(has_text="Method:").locator("summary").click()
    pick(page, "Framework", "RICE")
    press(page, "Preview this method")
    expect(page.get_by_text("Previewing RICE — only you see this.")).to_be_visible()


def test_previewing_rice_then_applying_it_after_the_confirmation(
        server, page: Page, browser, tmp_path: Path):
    """RICE on the demo: the preview says only you see it and why it ranks 0 of 22; "Add
    criteria" first says what it does to everyone's progress; applying asks first. Screens
    at 1280×800 and on a 390×844 phone go to $WORKBENCH_SCREENSHOTS (or tmp_path)."""
    shots = Path(os.environ.get("WORKBENCH_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    preview_rice(page, server.url)
    expect(page.get_by_text("RICE ranks 0 of the 22 shortlisted ideas; the workshop's "
                            "method ranks 20 now.").first).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Method")).to_contain_text(
        "RICE · preview")
    expect(page.get_by_text("Nothing is ranked yet")).to_have_count(0)
    page.screenshot(path=str(shots / "decide-preview-1280.png"))
    shot(page, shots, "decide-preview-1280-full")

    press(page, "Add criteria for Reach, Confidence…")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("goes back to “0 of 22” for 4 people (from “20 of 22”)")
    page.screenshot(path=str(shots / "decide-add-criteria-1280.png"))
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    wait_idle(page)

    press(page, "Apply for everyone…")
    expect(dialog).to_contain_text("Everyone's Decide page ranks by RICE instead of "
                                   "Weighted scoring")
    page.screenshot(path=str(shots / "decide-apply-1280.png"))
    dialog.get_by_role("button", name="Apply for everyone", exact=True).click()
    expect(dialog).to_have_count(0)
    wait_idle(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Method")).to_contain_text("RICE")
    expect(page.get_by_text("Previewing RICE — only you see this.")).to_have_count(0)
    assert not page.get_by_test_id("stException").count()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True)
    try:
        tab = phone.new_page()
        tab.set_default_timeout(20_000)
        go(tab, server.url, "decide")
        tab.get_by_test_id("stExpander").filter(has_text="Method:").locator("summary").click()
        pick(tab, "Framework", "ICE (product)")
        press(tab, "Preview this method")
        expect(tab.get_by_text("Previewing ICE (product) — only you see this.")).to_be_visible()
        tab.screenshot(path=str(shots / "decide-preview-phone.png"))
        tab.get_by_text("Do your criteria fit").scroll_into_view_if_needed()
        tab.screenshot(path=str(shots / "decide-fit-phone.png"))
        press(tab, "Apply for everyone…")
        expect(tab.get_by_role("dialog")).to_contain_text("ranks by ICE (product)")
        tab.screenshot(path=str(shots / "decide-apply-phone.png"))
    finally:
        phone.close()
