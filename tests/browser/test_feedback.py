"""In Chromium: upload customer feedback, assign it to a need, see the evidence and the
journey heatmap change on Customer needs (screenshots at 1280×800 and 390×844)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import DEVICES, go, pick, press, screen, shot, wait_idle

NEED = "Get help from a human when stuck · Freelancers"
CSV = ("text,nps,date,segment,source\n"
       "Renewal: waited three days for a human reply,2,2026-04-20,Freelancers,Survey\n"
       "Renewal: the bot could not help me cancel,1,2026-04-21,Freelancers,Survey\n"
       "Renewal: nobody answered the phone,3,2026-04-22,Freelancers,Survey\n")


def journey_cell(page: Page, stage: str, segment: str) -> float | None:
    """The journey heatmap's value in one cell, read from the drawn Plotly figure."""
    handle = page.wait_for_function(
        """([stage, segment]) => {
             const plot = [...document.querySelectorAll('.js-plotly-plot')]
               .find(p => p.data && p.data[0] && p.data[0].type === 'heatmap'
                          && String(p.layout?.title?.text || '').includes('Colour ='));
             if (!plot) return null;
             // stages down, segments across (segment labels may wrap with <br>)
             const row = plot.layout.yaxis.ticktext.indexOf(stage);
             const col = plot.layout.xaxis.ticktext.findIndex(
               t => t.replaceAll('<br>', ' ') === segment);
             // Plotly keeps typed-array data as {bdata, _inputArray}: rows of values.
             const z = plot.data[0].z._inputArray || plot.data[0].z;
             return {value: z[row][col]};
           }""", arg=[stage, segment])
    return handle.json_value()["value"]


def test_uploaded_feedback_assigned_to_a_need_shows_as_evidence_and_on_the_journey(
        server, page: Page, browser, tmp_path: Path):
    shots = tmp_path / "shots"
    shots.mkdir()
    go(page, server.url, "needs")
    page.wait_for_selector(".js-plotly-plot")
    before = journey_cell(page, "Get support", "Freelancers")
    assert before == 3          # the stated importance of the one need there

    go(page, server.url, "feedback")
    # Evidence sets importance from now on: the journey map follows the feedback.
    page.get_by_text("Feedback evidence sets need importance", exact=True).click()
    wait_idle(page)
    upload = tmp_path / "survey.csv"
    upload.write_text(CSV, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(upload))
    expect(page.get_by_label("Text column", exact=True)).to_be_visible()
    wait_idle(page)
    press(page, "Add feedback from the file")
    expect(page.get_by_text("Added 3 feedback item(s) from survey.csv")).to_be_visible()

    page.get_by_role("tab", name="By hand").click()
    page.get_by_label("Find feedback", exact=True).fill("Renewal:")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.get_by_text("3 item(s) match")).to_be_visible()
    page.get_by_text("All 3 listed above", exact=True).click()
    pick(page, "Need", NEED)
    press(page, "Assign to need")
    expect(page.get_by_text(f"Assigned 3 item(s) to “{NEED}”")).to_be_visible()

    go(page, server.url, "needs")
    page.wait_for_selector(".js-plotly-plot")
    # 3 demo mentions + 3 new; 2 + 3 of them detractors → weight 11, the highest → 5.
    expect(page.get_by_text("6 feedback mention(s) · 83 % detractors · importance 3 stated, "
                            "5 from evidence")).to_be_visible()
    assert journey_cell(page, "Get support", "Freelancers") == 5
    shot(page, shots, "laptop-customer-needs")

    phone = browser.new_context(**DEVICES["phone"])
    try:
        tab = phone.new_page()
        tab.set_default_timeout(20_000)
        go(tab, server.url, "needs")
        tab.wait_for_selector(".js-plotly-plot")
        expect(tab.get_by_text("6 feedback mention(s)", exact=False)).to_be_visible()
        shot(tab, shots, "phone-customer-needs")
        tab.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        tab.wait_for_timeout(300)
        screen(tab, shots, "phone-customer-journey")
        go(tab, server.url, "feedback")
        expect(tab.get_by_text("Per segment", exact=True)).to_be_visible()
        expect(tab.get_by_test_id("stMetric").first).to_be_visible()
        shot(tab, shots, "phone-customer-feedback")
    finally:
        phone.close()
    go(page, server.url, "feedback")
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    expect(page.get_by_role("button", name="Accept", exact=True).first).to_be_visible()
    shot(page, shots, "laptop-customer-feedback")
