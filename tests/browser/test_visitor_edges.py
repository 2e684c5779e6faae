"""The frightened visitor at the edges (issue 23): 200 % text on small phones, and dark mode in
every state of the find page and the application form.

Large text is the browser's own default font size (Chromium's font settings through the
DevTools protocol, as a visitor's "text size" setting is), not a page zoom. The site is built by
the real CLI from a register the test writes (a place closing soon at the fixed clock), served on
127.0.0.1, and read by real Chromium.
"""

from __future__ import annotations

import csv

import pytest
import zipcodes
from playwright.sync_api import expect

from conftest import GOOD_ROW, axe_violations, next_moment_kc, run_safeplace, settings_file
from pipeline.register.geography import distance_km

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "find/",
    "about/",
    "hate-offenses/",
    "report/",
    "requirements/",
    "participate/",
    "privacy/",
    "staff-guide/",
]
PHONES = [(360, 740), (320, 640)]
HERE = {"latitude": 39.0997, "longitude": -94.5786}
# A Tuesday at 16:45 in the city: "Closes in 15 minutes" for a place open until 17:00.
LOCAL, MOMENT = next_moment_kc(weekday=1, hour=16, minute=45)
PLACES = [  # (id, name, hours, lat, lon): open late, closing soon, closed; all near HERE
    ("SP-0101", "Harbor Books", "Mo-Su 08:00-22:00", "39.1010", "-94.5790"),
    ("SP-0102", "Union Café Phở", "Mo-Su 09:00-17:00", "39.1002", "-94.5788"),
    ("SP-0103", "Summit Library", "Mo-Fr 06:00-09:00", "39.0990", "-94.5770"),
]


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory, serve) -> str:
    folder = tmp_path_factory.mktemp("edges")
    register = folder / "register.csv"
    with register.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GOOD_ROW))
        writer.writeheader()
        for n, (ident, name, hours, lat, lon) in enumerate(PLACES):
            writer.writerow(
                {
                    **GOOD_ROW,
                    "id": ident,
                    "name": name,
                    "hours": hours,
                    "lat": lat,
                    "lon": lon,
                    "zip": "64105",
                    "address": f"{100 + n} Main St",
                    "phone": f"(816) 555-01{60 + n}",
                }
            )
    settings = settings_file(folder, SAFEPLACE_DATA=str(register), HOURS_AS_OF=LOCAL.date().isoformat())
    result = run_safeplace("build", "--settings", str(settings), "--output", str(folder / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    return serve(folder / "out")


def phone(browser, size, *, large_text=False, **options):
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height},
        has_touch=True,
        is_mobile=True,
        timezone_id="America/Chicago",
        geolocation=HERE,
        permissions=["geolocation"],
        **options,
    )
    page = context.new_page()
    page.clock.set_fixed_time(MOMENT)
    if large_text:  # the browser's default text size doubled: 16 px -> 32 px
        cdp = context.new_cdp_session(page)
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    return context, page


UNCOVERED = """(selector) => {
    const el = document.querySelector(selector);
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    return r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 &&
           r.bottom <= innerHeight && hit !== null && el.contains(hit);
}"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
CUT_PHONES = """() => [...document.querySelectorAll('a[href^="tel:"]')]
    .filter(a => a.getClientRects().length && getComputedStyle(a).visibility !== 'hidden')
    .filter(a => { const r = a.getBoundingClientRect(); return r.left < -1 || r.right > innerWidth + 1; })
    .map(a => a.textContent.trim())"""


@pytest.mark.parametrize("size", PHONES, ids=["360", "320"])
@pytest.mark.parametrize("lang", ["", "es/"], ids=["en", "es"])
def test_at_200_percent_text_nothing_covers_call_or_exit_and_nothing_scrolls_sideways(
    browser, edge_site, size, lang
):
    context, page = phone(browser, size, large_text=True)
    for path in PAGES:
        url = f"{edge_site}/{lang}{path}"
        page.goto(url)
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > 30, url
        assert page.evaluate(SIDEWAYS) == 0, url
        assert page.evaluate(UNCOVERED, ".emergency-call"), url
        assert page.evaluate(UNCOVERED, ".quick-exit-button"), url
        assert page.evaluate(CUT_PHONES) == [], url
        skip = page.locator(".skip-link").bounding_box()
        assert skip is None or skip["width"] <= 1 or skip["y"] + skip["height"] <= 0, url
    # The skip link appears on focus, in the flow above the bar: it covers nothing.
    page.goto(f"{edge_site}/{lang}")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    assert page.evaluate(UNCOVERED, ".skip-link")
    bar = page.locator("#top-bar").bounding_box()
    skip = page.locator(".skip-link").bounding_box()
    assert skip["y"] + skip["height"] <= bar["y"] + 1
    context.close()


@pytest.mark.parametrize("size", PHONES, ids=["360", "320"])
@pytest.mark.parametrize("lang", ["", "es/"], ids=["en", "es"])
def test_at_200_percent_text_one_tap_puts_the_nearest_open_call_link_one_scroll_away(
    browser, edge_site, size, lang
):
    context, page = phone(browser, size, large_text=True)
    page.goto(f"{edge_site}/{lang}")
    page.locator("#find-nearest").tap()
    expect(page.locator("#list-heading")).to_be_focused(timeout=20000)
    page.wait_for_timeout(300)  # let the scroll settle
    first = page.locator("#participants > [data-id]:not([hidden])").first
    # open for the next half hour: it ranks before the nearer place closing soon (issue 23)
    expect(first.locator(".place-status")).to_have_class("place-status is-open")
    call = first.locator(".action-call")
    box = call.bounding_box()
    height = page.evaluate("innerHeight")
    assert box["y"] + box["height"] <= 2 * height, (box, height)  # at most one screen's scroll
    assert page.evaluate(SIDEWAYS) == 0
    assert page.evaluate(CUT_PHONES) == []
    context.close()


@pytest.mark.parametrize("lang", ["", "es/"], ids=["en", "es"])
def test_the_minutes_refresh_leaves_the_focus_on_the_card_the_visitor_is_on(browser, edge_site, lang):
    """The list refreshes "open now" every minute; a keyboard or screen-reader visitor on a
    card's Call link stays there, whether the card keeps its place or moves because its place
    closed (moving a node out of the page drops the focus to the page's start)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        timezone_id="America/Chicago",
        geolocation=HERE,
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.clock.install(time=MOMENT)  # timers follow the page's clock, which the test moves on
    page.goto(f"{edge_site}/{lang}find/")
    page.locator("#locate").click()
    expect(page.locator("#list-heading")).to_be_focused(timeout=20000)
    closing = page.locator("#place-SP-0102")
    expect(closing.locator(".place-status.is-closing")).to_be_visible()
    before = closing.locator(".place-status").text_content()
    call = closing.locator(".action-call")
    call.focus()
    page.clock.fast_forward(60_000)  # the minute's refresh
    expect(closing.locator(".place-status")).not_to_have_text(before)  # it ran: 14 minutes now
    expect(call).to_be_focused()
    page.clock.fast_forward("15:00")  # past 17:00: the place closes, its card goes to the closed list
    expect(page.locator("#participants-closed #place-SP-0102")).to_be_visible()
    expect(call).to_be_focused()
    context.close()


def settled(page, selector: str) -> None:
    """Wait until ``selector`` is fully opaque (a popup fades in; axe must see it as it stays)."""
    for _ in range(100):
        if page.evaluate("(s) => getComputedStyle(document.querySelector(s)).opacity", selector) == "1":
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{selector} never became opaque")


def dark_states(page, site: str, lang: str) -> list[str]:
    """Every state a visitor can reach, checked by axe in dark mode; the violations found."""
    found = []
    page.goto(f"{site}/{lang}")
    page.locator(".menu-toggle").tap()
    expect(page.locator("#site-nav")).to_be_visible()
    found += axe_violations(page, f"{lang}home, menu open")
    page.goto(f"{site}/{lang}find/")
    page.locator("#locate").tap()
    expect(page.locator("#list-heading")).to_be_focused(timeout=20000)
    expect(page.locator("#place-SP-0102 .place-status.is-closing")).to_be_visible()
    found += axe_violations(page, f"{lang}find, results with a place closing soon")
    page.locator("#zip").fill("12")
    page.locator("#zip-go").tap()
    expect(page.locator("#find-error")).not_to_be_empty()
    found += axe_violations(page, f"{lang}find, error")
    card = page.locator("#place-SP-0101")
    card.locator(".action-map").tap()
    page.locator(".leaflet-popup-content").wait_for(timeout=20000)
    settled(page, ".leaflet-popup")
    found += axe_violations(page, f"{lang}find, map popup")
    page.goto(f"{site}/{lang}participate/")
    page.locator("form.apply-form [type=submit]").first.tap()
    expect(page.locator(".error-summary")).to_be_visible()
    found += axe_violations(page, f"{lang}participate, errors")
    return found


@pytest.mark.parametrize("lang", ["", "es/"], ids=["en", "es"])
def test_dark_mode_passes_axe_in_every_state(browser, edge_site, lang):
    context, page = phone(browser, (360, 740), color_scheme="dark")
    assert dark_states(page, edge_site, lang) == []
    context.close()


@pytest.mark.parametrize("lang", ["", "es/"], ids=["en", "es"])
def test_without_javascript_the_home_page_leads_to_the_nearest_places(browser, edge_site, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{edge_site}/{lang}")
    page.locator("#find-nearest").click()
    page.locator(".zip-pages summary").click()
    page.locator(".zip-pages a", has_text="64108").click()
    centre = zipcodes.matching("64108")[0]
    nearest = min(
        PLACES,
        key=lambda p: distance_km(float(centre["lat"]), float(centre["long"]), float(p[3]), float(p[4])),
    )
    first = page.locator(".places > li").first
    expect(first.locator(".place-name")).to_have_text(nearest[1])
    expect(first.locator(".place-distance")).not_to_be_empty()
    expect(first.locator(".action-call")).to_be_visible()
    context.close()
