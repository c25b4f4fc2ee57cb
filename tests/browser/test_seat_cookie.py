"""The seat follows every page and survives reloads, and the token never shows in the address.

Joining (or starting a live workshop, or opening a personal rejoin link) stores the seat in an
HttpOnly cookie set by app.py's ``POST /api/seat`` route; a reload on any page reads it back
through ``st.context.cookies``. Real Chromium, real `streamlit run app.py`.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import go, nav, wait_idle
from tests.browser.test_live_workshop import join, main_area, open_link, sidebar, start_live


def reload(page: Page) -> None:
    page.reload()
    page.wait_for_selector("h1")
    wait_idle(page)


def no_token(page: Page) -> None:
    assert "me=" not in page.url, page.url


def seat_cookie(page: Page) -> dict:
    cookies = [c for c in page.context.cookies() if c["name"] == "wb_seat"]
    assert cookies, "no seat cookie"
    return cookies[0]


def test_seat_survives_navigation_and_reloads_and_never_shows_the_token(server,
                                                                        browser: Browser):
    fac_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ada_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    other_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        fac, ada, other = fac_ctx.new_page(), ada_ctx.new_page(), other_ctx.new_page()
        for tab in (fac, ada, other):
            tab.set_default_timeout(20_000)

        # The facilitator starts a live workshop; reloading the console keeps her seat.
        code, link = start_live(fac, server.url, name="Fran")
        no_token(fac)
        fac.wait_for_timeout(500)  # the cookie request is sent by the page that took the seat
        assert seat_cookie(fac)["httpOnly"]
        reload(fac)
        no_token(fac)
        expect(sidebar(fac)).to_contain_text("You are Fran · facilitator")
        expect(main_area(fac)).not_to_contain_text("Only the facilitator can use this page")
        nav(fac, "Brainstorm")
        reload(fac)
        expect(sidebar(fac)).to_contain_text("You are Fran · facilitator")
        no_token(fac)

        # A participant joins, moves to another page and reloads there: same seat.
        open_link(ada, link)
        join(ada, code, "Ada")
        expect(sidebar(ada)).to_contain_text("You are Ada")
        no_token(ada)
        # Joining lands on the current phase's page; the personal link waits on Join.
        expect(ada.locator("h1").first).to_have_text("Customer needs")
        ada.get_by_test_id("stSidebarNav").get_by_text("Join", exact=True).click()
        expect(ada.locator("h1").first).to_have_text("Join a workshop")
        main_area(ada).get_by_text("Your personal link, for another device").click()
        personal = (main_area(ada).get_by_test_id("stCode").last.text_content() or "").strip()
        assert f"code={code}&me=" in personal, personal
        ada.wait_for_timeout(500)
        assert seat_cookie(ada)["httpOnly"]
        nav(ada, "Brainstorm")
        reload(ada)
        expect(sidebar(ada)).to_contain_text("You are Ada")
        expect(main_area(ada)).not_to_contain_text("No workshop is open yet")
        no_token(ada)
        nav(ada, "Rank")
        reload(ada)
        expect(sidebar(ada)).to_contain_text("You are Ada")
        no_token(ada)

        # The personal link on another device: same seat, token dropped from the address,
        # and from then on that browser keeps it too.
        other.goto(personal)
        other.wait_for_selector("h1")
        wait_idle(other)
        expect(sidebar(other)).to_contain_text("You are Ada")
        no_token(other)
        other.wait_for_timeout(500)
        go(other, server.url, "score")
        expect(sidebar(other)).to_contain_text("You are Ada")
        no_token(other)

        # A forged link gets the one answer for every failure, and no seat.
        stranger = browser.new_context().new_page()
        stranger.goto(f"{server.url}/?code={code}&me=forged-token")
        stranger.wait_for_selector("h1")
        wait_idle(stranger)
        expect(main_area(stranger)).to_contain_text("No workshop with that code or link")
        expect(sidebar(stranger)).not_to_contain_text("You are Ada")
        no_token(stranger)
        stranger.context.close()
    finally:
        for ctx in (fac_ctx, ada_ctx, other_ctx):
            ctx.close()
