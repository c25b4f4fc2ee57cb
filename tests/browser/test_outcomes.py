"""KPIs & outcomes in Chromium: define a KPI, link an idea, record a shipped outcome and see
it on the estimate-vs-outcome chart and table (1280×800); and a technique card pushed from one
browser arriving on a phone's Brainstorm (390×844) without a reload."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import DEVICES, go, pick, press, screen, shot, wait_idle
from tests.browser.test_live_workshop import header, join, next_phase, open_link, start_live

LIVE_MS = 15_000  # the page polls every 2 s; allow for a slow, busy box
IDEA = "Interactive setup checklist"


def tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).first.click()
    wait_idle(page)


def test_define_a_kpi_link_an_idea_record_a_shipped_outcome_and_see_it(
        server, page: Page, tmp_path: Path):
    shots = tmp_path / "shots"
    shots.mkdir()
    go(page, server.url, "outcomes")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="KPIs & outcomes")).to_be_visible()
    shot(page, shots, "laptop-1-kpis")

    # Define: Enter-friendly form, the kind's unit filled in for an empty unit.
    page.get_by_label("Name", exact=True).fill("Activation rate")
    pick(page, "Kind", "Conversion")
    page.get_by_label("Baseline (today)", exact=True).fill("40")
    page.get_by_label("Target", exact=True).fill("55")
    press(page, "Add KPI")
    expect(page.get_by_test_id("stToast").filter(has_text="Added KPI Activation rate")) \
        .to_be_visible()

    # Link the checklist (selected in the demo) to it: +6 points of a 15-point gap.
    tab(page, "Ideas → KPIs")
    pick(page, "Idea", f"{IDEA} (selected)")
    pick(page, "KPI", "Activation rate · 40 → 55 % (up is better)")
    page.get_by_label("Expected change (in the KPI's unit)", exact=True).fill("6")
    press(page, "Save link")
    expect(page.get_by_test_id("stToast").filter(has_text="Link saved")).to_be_visible()
    shot(page, shots, "laptop-2-linked")

    # Record it shipped, with +4.5 measured.
    tab(page, "Outcomes")
    pick(page, "Selected idea", IDEA)
    wait_idle(page)
    measured = page.get_by_label(
        "Measured change of Activation rate (%; expected +6%)", exact=True)
    measured.fill("4.5")
    press(page, "Save outcome")
    expect(page.get_by_test_id("stToast").filter(has_text="Outcome saved: shipped")) \
        .to_be_visible()

    # The chart: expected 40 % and measured 30 % of the gap for the new KPI.
    tab(page, "Outcomes")
    chart = page.locator(".js-plotly-plot").filter(has_text="Expected vs measured change")
    expect(chart).to_be_visible()
    bars = chart.evaluate("e => e._fullData.map(t => Array.from(t.x, Number))")
    labels = chart.evaluate("e => Array.from(e._fullData[0].hovertext, String)")
    at = [k for k, label in enumerate(labels) if "Activation rate" in label][0]
    assert (round(bars[0][at]), round(bars[1][at])) == (40, 30)
    shot(page, shots, "laptop-3-chart")
    # … and the same as a table.
    page.get_by_role("tab", name="Table", exact=True).click()
    table = page.get_by_role("tabpanel", name="Table").get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    expect(table.locator("td", has_text="+4.5% (30%)")).to_have_count(1)
    shot(page, shots, "laptop-4-table")
    tab(page, "Calibration")
    expect(page.get_by_role("tabpanel", name="Calibration").get_by_test_id("stDataFrame")) \
        .to_be_visible()
    shot(page, shots, "laptop-5-calibration")
    assert not page.get_by_test_id("stException").count()

    # Decide's KPIs tab: the new KPI is now served by a selected idea.
    go(page, server.url, "decide")
    tab(page, "KPIs")
    coverage = page.locator(".js-plotly-plot").filter(has_text="How far toward each KPI target")
    expect(coverage).to_be_visible()
    shot(page, shots, "laptop-6-decide-kpis")
    assert not page.get_by_test_id("stException").count()


def test_a_pushed_technique_card_reaches_a_phone_without_a_reload(
        server, browser: Browser, tmp_path: Path):
    """Live workshop: the facilitator pushes crazy eights from the console; a participant's
    phone, already on Brainstorm, shows the card and its countdown within a poll or two."""
    shots = tmp_path / "shots"
    shots.mkdir()
    laptop = browser.new_context(**DEVICES["laptop"])
    phone_context = browser.new_context(**DEVICES["phone"])
    try:
        fac, phone = laptop.new_page(), phone_context.new_page()
        for tab_ in (fac, phone):
            tab_.set_default_timeout(20_000)
        code, link = start_live(fac, server.url, title="Onboarding ideas", name="Fran")
        next_phase(fac, "Diverge — brainstorm")
        open_link(phone, link)
        join(phone, code, "Ada")
        go(phone, server.url, "brainstorm")
        expect(phone.locator(".st-key-technique_card")).to_have_count(0)
        shot(phone, shots, "phone-1-before")

        pick(fac, "Technique card", "Crazy eights · 8 min")
        press(fac, "Push to everyone + start 8-min timer")
        expect(fac.get_by_test_id("stToast").filter(has_text="8-minute timer started")) \
            .to_be_visible()
        shot(fac, shots, "laptop-console-pushed")

        card = phone.locator(".st-key-technique_card")
        expect(card).to_be_visible(timeout=LIVE_MS)
        expect(card).to_contain_text("Crazy eights")
        expect(card).to_contain_text("One idea per minute for eight minutes")
        expect(header(phone)).to_contain_text("Crazy eights · 0")  # "… · 07:59 left"
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert card.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing cut off
        assert not phone.get_by_role("button", name="Push to everyone + start 8-min timer") \
            .count()
        screen(phone, shots, "phone-2-card")
        shot(phone, shots, "phone-3-card-full")
    finally:
        phone_context.close()
        laptop.close()
