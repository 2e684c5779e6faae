"""The nearest open Safe Place in one tap on a phone, and a map that really loads (issue 12).

Real Chromium at 360×740, the clock fixed at Sunday 03:00 in Kansas City, the position granted at
a downtown point. Expectations come from the register and the project's own Python (hours,
distances), never from the page itself.
"""

from __future__ import annotations

import csv
import functools
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from pipeline.hours.schedule import parse_hours
from pipeline.hours.status import minutes_open
from pipeline.register.geography import distance_km
from support import (
    BLANK_TILE,
    FIXTURE_REGISTER,
    QuietHandler,
    QuietLog,
    axe_violations,
    fill_application,
    fixture_settings,
    heading_within_the_first_320px,
    next_sunday_3am_kc,
    nu_html_checker,
    run_safeplace,
    settings_file,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DOWNTOWN = {"latitude": 39.0997, "longitude": -94.5786}
# The next Sunday, 03:00 in Kansas City (inside the window of published hours).
SUNDAY_3AM_LOCAL, SUNDAY_3AM_KC = next_sunday_3am_kc()
APPROVED = [r for r in csv.DictReader((FIXTURE_REGISTER).open(encoding="utf-8")) if r["status"] == "approved"]
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
ALL_PAGES = PAGES + [f"es/{p}" for p in PAGES]


def open_places_nearest_first(lat: float, lon: float) -> list[dict]:
    """Places open on Sunday at 03:00, nearest first (the project's own hours and distances)."""
    open_now = [
        r
        for r in APPROVED
        if r["hours"] and (minutes_open(parse_hours(r["hours"]), SUNDAY_3AM_LOCAL) or 0) > 0
    ]
    return sorted(
        open_now,
        key=lambda r: (distance_km(lat, lon, float(r["lat"]), float(r["lon"])), r["name"].casefold()),
    )


def phone(browser, *, located=True, permissions=(), **options):
    context = browser.new_context(
        viewport=PHONE,
        timezone_id="America/Chicago",
        has_touch=True,
        is_mobile=True,
        geolocation=DOWNTOWN,
        permissions=(["geolocation"] if located else []) + list(permissions),
        **options,
    )
    page = context.new_page()
    page.clock.set_fixed_time(SUNDAY_3AM_KC)
    return context, page


def first_call_on_screen(page) -> str | None:
    """The place whose call link is the first one wholly on screen."""
    return page.evaluate("""() => {
        for (const a of document.querySelectorAll('.places a[href^="tel:"]')) {
            const r = a.getBoundingClientRect();
            if (r.height && r.top >= 0 && r.bottom <= innerHeight) return a.closest('[data-id]').dataset.id;
        }
        return null;
    }""")


# --- 1. Tiles carry the site's origin as Referer ---------------------------------------------


class _TileStub(QuietLog, BaseHTTPRequestHandler):
    referers: list[str | None] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _TileStub.referers.append(self.headers.get("Referer"))
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(BLANK_TILE)))
        self.end_headers()
        self.wfile.write(BLANK_TILE)


def test_tile_requests_send_the_site_origin_and_nothing_more(browser, tmp_path):
    tiles = ThreadingHTTPServer(("127.0.0.1", 0), _TileStub)
    threading.Thread(target=tiles.serve_forever, daemon=True).start()
    tile_origin = f"http://127.0.0.1:{tiles.server_address[1]}"
    MAP_TILES = fixture_settings()["MAP_TILES"]

    settings = settings_file(
        tmp_path, "tileconf.py", MAP_TILES={**MAP_TILES, "url": tile_origin + "/{z}/{x}/{y}.png"}
    )
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(settings), "--output", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    site = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=site.serve_forever, daemon=True).start()
    site_origin = f"http://127.0.0.1:{site.server_address[1]}"
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_origin}/find/")
        # pages themselves still send no Referer anywhere
        assert page.locator('meta[name="referrer"]').get_attribute("content") == "no-referrer"
        page.locator(".find-map").scroll_into_view_if_needed()
        page.wait_for_selector("html[data-map-ready]", timeout=20000)
        page.wait_for_function(
            "() => document.querySelectorAll('img.leaflet-tile-loaded').length > 0", timeout=20000
        )
        assert _TileStub.referers, "no tile was requested"
        assert set(_TileStub.referers) == {f"{site_origin}/"}  # the origin, never /find/
        policies = page.eval_on_selector_all("img.leaflet-tile", "els => els.map(e => e.referrerPolicy)")
        assert set(policies) == {"strict-origin-when-cross-origin"}
    finally:
        context.close()
        tiles.shutdown()
        site.shutdown()


# --- 2. One tap from the home page ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_one_tap_from_home_gives_the_nearest_open_place_first(browser, site_url, lang):
    prefix = "es/" if lang == "es" else ""
    context, page = phone(browser)
    page.goto(f"{site_url}/{prefix}")
    action = page.locator("#find-nearest")
    box = action.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], box  # on the first screen
    expect(action).to_have_text(
        "Find the nearest Safe Place" if lang == "en" else "Buscar el Safe Place más cercano"
    )
    action.tap()
    heading = page.locator("#list-heading")
    expect(heading).to_be_focused(timeout=15000)
    nearest = open_places_nearest_first(DOWNTOWN["latitude"], DOWNTOWN["longitude"])
    open_count = len(nearest)
    pattern = (
        rf"^{len(APPROVED)} places, nearest first, {open_count} open now$"
        if lang == "en"
        else rf"^{len(APPROVED)} lugares, los más cercanos primero, {open_count} abiertos ahora$"
    )
    expect(heading).to_have_text(re.compile(pattern))
    assert first_call_on_screen(page) == nearest[0]["id"]
    assert "locate=1" not in page.url  # Back and reload do not ask again
    context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_refused_location_from_home_puts_focus_in_the_zip_box(browser, site_url, lang):
    prefix = "es/" if lang == "es" else ""
    context, page = phone(browser, located=False)
    page.goto(f"{site_url}/{prefix}")
    page.locator("#find-nearest").tap()
    expect(page.locator("#zip")).to_be_focused(timeout=15000)
    message = page.locator("#find-error").inner_text()
    assert ("ZIP code" if lang == "en" else "código postal") in message
    assert "find-error" in page.get_attribute("#zip", "aria-describedby")  # announced with the box
    context.close()


# --- 3. Location and ZIP on the first screen; results focused --------------------------------


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_location_and_zip_are_on_the_first_screen_and_results_take_focus(browser, site_url, prefix):
    context, page = phone(browser)
    page.goto(f"{site_url}/{prefix}find/")
    page.wait_for_selector("html[data-find-ready]")
    for selector in ("#locate", "#zip", "#zip-go"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], selector
    intro = page.locator(".lead").bounding_box()
    assert page.locator("#zip").bounding_box()["y"] < intro["y"]  # above the explanation
    page.fill("#zip", "64106")
    page.press("#zip", "Enter")
    heading = page.locator("#list-heading")
    expect(heading).to_be_focused()
    box = heading.bounding_box()
    assert 0 <= box["y"] < PHONE["height"] / 2  # scrolled into view, not under the top bar
    bar = page.locator("#top-bar").bounding_box()
    assert box["y"] >= bar["y"] + bar["height"] - 1
    context.close()


# --- 4. Open places first, closed ones under their own heading -------------------------------


@pytest.mark.parametrize(
    "prefix,closed_now,always",
    [("", "Closed now", "Open 24 hours"), ("es/", "Cerrados ahora", "Abierto las 24 horas")],
)
def test_open_places_come_first_and_closed_ones_follow_quieter(browser, site_url, prefix, closed_now, always):
    context, page = phone(browser)
    page.goto(f"{site_url}/{prefix}find/")
    page.wait_for_selector("html[data-find-ready]")
    page.locator("#locate").tap()
    expect(page.locator("#list-heading")).to_be_focused(timeout=15000)
    open_ids = [r["id"] for r in open_places_nearest_first(DOWNTOWN["latitude"], DOWNTOWN["longitude"])]
    shown_open = page.eval_on_selector_all(
        "#participants > [data-id]:not([hidden])", "els => els.map(e => e.dataset.id)"
    )
    assert shown_open == open_ids
    closed = page.locator("#participants-closed > [data-id]:not([hidden])")
    expect(page.locator("#closed-heading")).to_have_text(closed_now)
    expect(page.locator("#closed-heading")).to_be_visible()
    assert closed.count() == len(APPROVED) - len(open_ids)
    # each card leads with distance and status
    lead = page.locator("#participants > [data-id] .place-lead").first.inner_text()
    assert re.fullmatch(rf"\d+[.,]\d (?:miles|millas) · {always}", lead), lead
    distances = [
        float(re.search(r"\d+[.,]\d", t).group().replace(",", "."))  # "0,4 millas", "under 0.1"
        for t in page.eval_on_selector_all(
            "#participants-closed .place-distance", "els => els.map(e => e.textContent)"
        )
    ]
    assert distances == sorted(distances)
    # quieter: no filled call button on a closed place
    colours = page.evaluate("""() => {
        const bg = s => getComputedStyle(document.querySelector(s)).backgroundColor;
        return {open: bg('#participants .action-call'), closed: bg('#participants-closed .action-call'),
                page: getComputedStyle(document.body).backgroundColor};
    }""")
    assert colours["open"] != colours["closed"] and colours["closed"] in (
        colours["page"],
        "rgb(255, 255, 255)",
    )
    # compact: two cards per phone screen
    heights = page.eval_on_selector_all(
        "#participants > [data-id]", "els => els.slice(0, 4).map(e => e.offsetHeight)"
    )
    assert max(heights) <= PHONE["height"] / 2, heights
    assert axe_violations(page, f"{prefix}find, results focused with closed-now heading") == []
    context.close()


def test_the_heading_says_what_the_filter_shows(browser, site_url):
    context, page = phone(browser)
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    heading = page.locator("#list-heading")
    expect(heading).to_have_text("All Safe Places")
    page.check("#open-now")
    open_count = len(open_places_nearest_first(0, 0))
    expect(heading).to_have_text(f"{open_count} places open now")
    page.fill("#zip", "64106")
    page.press("#zip", "Enter")
    expect(heading).to_have_text(f"{open_count} places open now, nearest first")
    context.close()


# --- 5. The header leaves the page its first screen ------------------------------------------
# (at 320 px on every page kind: test_public_site.py's reflow test; at 360 px below, on the
# phone of test_exit_and_call_911_stay_on_screen_while_scrolling)


def test_menu_button_on_a_phone_and_the_whole_menu_without_javascript(browser, site_url):
    context, page = phone(browser)
    page.goto(f"{site_url}/about/")
    nav = page.locator("#site-nav")
    expect(nav).to_be_hidden()
    button = page.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.tap()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Find a Safe Place")).to_be_visible()
    assert axe_violations(page, "about, menu open") == []
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    context.close()
    # without JavaScript: "Menu" is a link to the full menu at the foot of the page
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/about/")
    link = page.get_by_role("link", name="Menu")
    expect(link).to_have_attribute("href", "#all-pages")
    link.click()
    menu = page.locator("#all-pages")
    for name in ("Home", "Find a Safe Place", "Report", "Become a Safe Place", "Privacy"):
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    assert page.evaluate("location.hash") == "#all-pages"
    context.close()


# --- 6. Exit this page and Call 911 stay on screen -------------------------------------------


def test_exit_and_call_911_stay_on_screen_while_scrolling(browser, site_url):
    context, page = phone(browser)
    for url in ALL_PAGES:
        page.goto(f"{site_url}/{url}")
        heading_within_the_first_320px(page, url)  # (5. above, at 360 px)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(50)
        for selector in (".quick-exit-button", ".emergency-call"):
            box = page.locator(selector).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (url, selector)
    context.close()


def test_the_shift_hint_is_only_announced_where_a_keyboard_is_likely(browser, site_url):
    context, page = phone(browser)  # a touch phone
    page.goto(f"{site_url}/")
    assert page.locator(".exit-hint").get_attribute("hidden") is not None
    assert "Shift" not in page.get_by_role("link", name=re.compile("Exit this page")).evaluate(
        "a => [...a.childNodes].filter(n => !(n.hidden)).map(n => n.textContent).join('')"
    )
    context.close()
    context = browser.new_context(viewport={"width": 1200, "height": 800})  # mouse and keyboard
    page = context.new_page()
    page.goto(f"{site_url}/")
    assert page.locator(".exit-hint").get_attribute("hidden") is None
    expect(page.get_by_role("link", name=re.compile("Shift key 3 times"))).to_have_count(1)
    context.close()


def test_privacy_page_says_what_exit_does_and_does_not_do(built_site):
    for url, words in (
        (
            "privacy",
            (
                "stays on screen",
                "takes the place of the page you were on",
                "does <strong>not</strong> erase",
                "other pages of this site",
            ),
        ),
        (
            "es/privacy",
            (
                "sigue a la vista",
                "toma el lugar de la página",
                "<strong>no</strong> borra",
                "otras páginas de este sitio",
            ),
        ),
    ):
        text = " ".join((built_site / url / "index.html").read_text().split())
        for phrase in words:
            assert phrase in text, (url, phrase)


# --- 7. The decal ------------------------------------------------------------------------------


def test_home_shows_the_real_decal_and_the_header_icon_matches_it(built_site):
    decal = (built_site / "theme/img/safe-place-decal.svg").read_text()
    icon = (built_site / "theme/img/decal.svg").read_text()
    door = re.findall(r'<path d="([^"]+)"', decal)
    assert door and all(d in icon for d in door)  # the same door and heart
    for url, file in (("", "safe-place-decal.svg"), ("es/", "safe-place-decal-es.svg")):
        page = (built_site / url / "index.html").read_text()
        figure = page.split('<figure class="decal-figure">', 1)[1].split("</figure>", 1)[0]
        assert f'img/{file}"' in figure and 'alt="' in figure
        after = page.split("</figure>", 1)[1]
        assert after.lstrip().startswith("<h2") and (
            "this decal" in after[:200] or "esta calcomanía" in after[:200]
        )
    spanish = (built_site / "theme/img/safe-place-decal-es.svg").read_text()
    assert "El personal llamará al 911 por usted" in spanish and all(d in spanish for d in door)
    participate = (built_site / "es/participate/index.html").read_text()
    assert 'href="../../theme/img/safe-place-decal-es.svg" download' in participate


# --- 8. Small things a careful team would not ship -------------------------------------------


def test_links_name_the_place_and_focus_comes_back_after_the_map(browser, site_url):
    context, page = phone(browser)
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    first = next(r for r in sorted(APPROVED, key=lambda r: (r["name"].casefold(), r["id"])) if r["phone"])
    expect(page.get_by_role("link", name=f"Call {first['name']},")).to_have_count(1)
    card = page.locator(f"[data-id='{first['id']}']")
    button = card.get_by_role("button", name=f"Show on map – {first['name']}")
    button.click()
    page.locator(".leaflet-popup-content").wait_for(timeout=15000)
    expect(page.locator(".leaflet-popup :focus")).to_have_count(1)
    page.keyboard.press("Escape")  # closes the popup, as a keyboard user would
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(button).to_be_focused()
    # directions open the address, not bare coordinates
    address = f"{first['address']}, {first['city']}, {first['state']} {first['zip']}"
    href = card.get_by_role("link", name=re.compile("^Directions")).get_attribute("href")
    assert href.endswith("destination=" + quote(address, safe="!*'()")), href
    context.close()


def test_printing_find_keeps_phone_numbers(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/find/")
    page.emulate_media(media="print")
    call = page.locator(".place .action-call").first
    expect(call).to_be_visible()
    assert re.search(r"\(\d{3}\) \d{3}-\d{4}", call.inner_text())
    expect(page.locator(".place-actions a[href^='https://www.google']").first).to_be_hidden()
    context.close()


def test_find_form_wraps_at_200_percent_text_on_a_phone(browser, site_url):
    context, page = phone(browser)
    for url in ("find/", "es/find/"):
        page.goto(f"{site_url}/{url}")
        page.wait_for_selector("html[data-find-ready]")
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wide == 0, url
        for selector in ("#zip", "#zip-go", "#locate", "#q"):
            box = page.locator(selector).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (url, selector)
        # a checkbox's label stays beside it (its text wraps there), never alone on a line below
        check, label = (page.locator(s).bounding_box() for s in ("#open-now", "label[for=open-now]"))
        assert label["x"] > check["x"] + check["width"] and label["y"] < check["y"] + check["height"], url
    context.close()


@pytest.mark.parametrize("url", ["", "find/", "es/find/", "participate/"])
def test_dark_mode_for_night_use_is_accessible(browser, site_url, url):
    context, page = phone(browser, color_scheme="dark")
    page.goto(f"{site_url}/{url}")
    if "find" in url:
        page.wait_for_selector("html[data-find-ready]")
        page.locator("#locate").tap()
        expect(page.locator("#list-heading")).to_be_focused(timeout=15000)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
    assert sum(channels) < 3 * 64, background  # a dark page
    assert axe_violations(page, f"{url or 'home'}, dark") == []
    context.close()


# --- 9. Content a victim needs -----------------------------------------------------------------

OFFENSES = {
    "565.054": ("Assault in the third degree", "Agresión en tercer grado"),
    "565.056": ("Assault in the fourth degree", "Agresión en cuarto grado"),
    "565.090": ("Harassment in the first degree", "Acoso en primer grado"),
    "569.100.1(1)": ("Property damage in the first degree", "Daños a la propiedad en primer grado"),
    "569.090.1(1)": (
        "Tampering in the second degree",
        "Alteración indebida de la propiedad en segundo grado",
    ),
    "569.120.1(1)": ("Property damage in the second degree", "Daños a la propiedad en segundo grado"),
    "569.140": ("Trespass in the first degree", "Allanamiento en primer grado"),
    "571.030.1(1), (2), (3), (4), (6), (7), (8)": ("Unlawful use of weapons", "Uso ilegal de armas"),
    "574.050": ("Rioting", "Disturbios"),
}


def test_each_listed_offense_is_named_in_plain_words_beside_its_section(built_site):
    from html import unescape

    for url, index, label in (("hate-offenses", 0, "section"), ("es/hate-offenses", 1, "sección")):
        text = unescape((built_site / url / "index.html").read_text())
        items = re.findall(r"<li><strong>(.*?)</strong>(.*?)</li>", text, re.S)
        named = {re.search(rf"{label} ([^:]+):", rest).group(1): name for name, rest in items}
        assert named == {s: names[index] for s, names in OFFENSES.items()}, url
        assert "governs" in text or "Vale el texto oficial" in text
    spanish = unescape((built_site / "es/hate-offenses/index.html").read_text())
    assert '(<span lang="en">Assault in the third degree</span>)' in spanish  # legal term kept


def test_report_page_has_the_non_emergency_number_to_tap(browser, site_url):
    context, page = phone(browser)
    for url, name in (
        ("report/", "call KCPD at (816) 234-5111"),
        ("es/report/", "llame a KCPD al (816) 234-5111"),
    ):
        page.goto(f"{site_url}/{url}")
        link = page.locator("main").get_by_role("link", name=re.compile(re.escape(name)))
        expect(link).to_have_attribute("href", "tel:+18162345111")
        box = link.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], url  # on the first screen
    context.close()


# --- 10. The application form -----------------------------------------------------------------


def test_a_no_to_a_public_space_is_explained_on_its_own(browser, site_url):
    context, page = phone(browser)
    page.goto(f"{site_url}/participate/")
    page.check("#public_space-no")  # nothing else answered
    page.click("#apply-form button[type=submit]")
    panel = page.locator("#ineligible")
    expect(panel).to_be_focused()
    expect(panel).to_contain_text("cannot become a Safe Place yet")
    expect(page.locator("#ineligible-public_space")).to_be_visible()
    expect(page.locator("#ineligible-staff_on_site")).to_be_hidden()
    expect(page.locator("#error-summary")).to_be_hidden()
    assert axe_violations(page, "participate, ruled out") == []
    context.close()


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_without_a_form_service_the_application_can_be_copied(browser, site_url, prefix):
    context, page = phone(browser, permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}/{prefix}participate/")
    fill_application(page)
    url = page.url
    page.click("#apply-form button[type=submit]")
    panel = page.locator("#apply-done")
    expect(panel).to_be_focused()
    assert page.url == url  # no dead end: still here, with the text
    text = page.input_value("#apply-done-text")
    assert "Corner Books" in text and "pat@example.org" in text and "(816) 555-0142" in text
    expect(page.locator("#apply-done-address")).to_have_text("safeplace@example.org")
    mail = page.get_attribute("#apply-done-mail", "href")
    assert mail.startswith("mailto:safeplace@example.org?subject=") and quote("Corner Books") in mail
    page.click("#apply-done-copy")
    expect(page.locator("#apply-done-status")).not_to_be_empty()
    assert page.evaluate("navigator.clipboard.readText()") == text
    assert axe_violations(page, f"{prefix}participate, almost done") == []
    context.close()


# --- The new states are valid HTML too ---------------------------------------------------------


def test_new_states_pass_the_nu_html_checker(browser, site_url, tmp_path):
    """The DOM of each state scripts create (menu open, results focused under "Closed now",
    the application panels), checked like the built pages."""
    states = tmp_path / "states"
    states.mkdir()
    context, page = phone(browser)

    def keep(name):
        (states / f"{name}.html").write_text(
            "<!doctype html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8"
        )

    page.goto(f"{site_url}/about/")
    page.get_by_role("button", name="Menu").tap()
    keep("menu-open")
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    page.locator("#locate").tap()
    expect(page.locator("#closed-heading")).to_be_visible(timeout=15000)
    keep("results-closed-now")
    page.goto(f"{site_url}/participate/")
    page.check("#public_space-no")
    page.click("#apply-form button[type=submit]")
    keep("ruled-out")
    page.goto(f"{site_url}/es/participate/")
    fill_application(page)
    page.click("#apply-form button[type=submit]")
    expect(page.locator("#apply-done")).to_be_visible()
    keep("almost-done")
    context.close()
    result = nu_html_checker(states)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
