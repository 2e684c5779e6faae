"""The map that helps, the saved copy made reachable, the words and a page that stands still
(issue 23, items 4, 6, 8 and 9), in real Chromium on a 360×740 phone, on the session's build of
the test agency.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from benchmarks.slowphone import page_vitals
from support import next_moment_kc, next_sunday_3am_kc
from support import own_server as serve_own

pytestmark = pytest.mark.browser

DOWNTOWN = {"latitude": 39.0997, "longitude": -94.5786}
SUNDAY_3AM_KC = next_sunday_3am_kc()[1]
TUESDAY_1645_KC = next_moment_kc(weekday=1, hour=16, minute=45)[1]  # weekday hours end at 17:00
SHOWN = ".places > [data-id]:not([hidden])"

# Every text a live region (role=status/alert, aria-live) ever holds, from the first moment.
LIVE_LOG = """
window.__spoken = [];
new MutationObserver((records) => {
  records.forEach((r) => {
    const region = (r.target.nodeType === 1 ? r.target : r.target.parentElement)
      .closest('[role=status],[role=alert],[aria-live]');
    if (!region || region.hidden) return;
    const text = region.textContent.trim();
    if (text && window.__spoken[window.__spoken.length - 1] !== text) window.__spoken.push(text);
  });
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def _phone(browser, *, at=None, geolocation=DOWNTOWN, **options):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        timezone_id="America/Chicago",
        geolocation=geolocation,
        permissions=["geolocation"],
        **options,
    )
    page = context.new_page()
    page.clock.set_fixed_time(at or SUNDAY_3AM_KC)
    return context, page


def _blank_tiles(context, site_url):
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(site_url) else route.abort()
    )


def test_the_map_shows_where_you_are_the_nearest_places_and_what_each_marker_means(browser, site_url):
    context, page = _phone(browser, at=TUESDAY_1645_KC)
    _blank_tiles(context, site_url)
    page.add_init_script(LIVE_LOG)
    page.goto(f"{site_url}/find/?locate=1")
    expect(page.locator("#list-heading")).to_be_focused(timeout=20000)
    page.wait_for_timeout(300)
    # one announcement: the sorted list, never the one the page started from
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and "nearest first from your location" in spoken[0], spoken
    page.locator(".find-map").scroll_into_view_if_needed()
    page.wait_for_selector("html[data-map-origin]", timeout=20000)
    here = page.locator(".sp-here")
    expect(here).to_be_visible()
    expect(here).to_have_attribute("aria-label", "You are here")
    # the view holds the visitor and the nearest places listed
    nearest = page.eval_on_selector_all(SHOWN, "els => els.slice(0, 5).map(e => e.dataset.id)")
    inside = page.evaluate(
        """([ids, here]) => { const b = SafePlace.map.getBounds();
           return [b.contains([here.latitude, here.longitude]),
                   ...ids.map(id => b.contains([SafePlace.byId[id].lat, SafePlace.byId[id].lon]))]; }""",
        [nearest, DOWNTOWN],
    )
    assert all(inside) and len(inside) == 6, inside
    fitted = page.evaluate(
        """([ids, here]) => { const points = [[here.latitude, here.longitude],
             ...ids.map(id => [SafePlace.byId[id].lat, SafePlace.byId[id].lon])];
           const map = SafePlace.map;
           return [map.getZoom(), Math.min(16, map.getBoundsZoom(L.latLngBounds(points), false, L.point(64, 64)))]; }""",
        [nearest, DOWNTOWN],
    )
    assert fitted[0] == fitted[1], fitted  # as close as holds them all, not the city's view
    # markers differ in symbol and shape, not only colour, and say their status in words
    looks = page.evaluate(
        """() => { const seen = {}, box = SafePlace.map.getContainer();
           Object.values(SafePlace.markers).forEach((marker) => {
             const icon = marker.options.icon.options, probe = document.createElement('div');
             probe.className = 'leaflet-marker-icon ' + icon.className;
             probe.innerHTML = icon.html;
             box.appendChild(probe);
             const look = icon.className.split(' ')[1], style = getComputedStyle(probe);
             seen[look] = [probe.querySelector('.sp-symbol').textContent, style.borderRadius,
                           probe.textContent, getComputedStyle(probe, '::before').transform];
             probe.remove(); });
           return seen; }"""
    )
    assert set(looks) == {"is-open", "is-closing", "is-closed"}, looks
    assert looks["is-open"][0] == "\u2713" and looks["is-closed"][0] == "\u00d7"
    assert looks["is-open"][1] == "50%" and looks["is-closed"][1] != "50%"  # a circle, a square
    assert "Open" in looks["is-open"][2] and "Closed" in looks["is-closed"][2]
    assert looks["is-closing"][0] == "!" and looks["is-closing"][3] != "none"  # a diamond, "!"
    assert "Closes in" in looks["is-closing"][2]
    # clusters (a register above MAP_CLUSTER_ABOVE) are named by how many places they hold
    page.evaluate("SafePlace.map.setZoom(9, { animate: false })")
    if page.evaluate("JSON.parse(document.getElementById('find-config').textContent).cluster"):
        expect(page.locator(".marker-cluster").first).to_be_visible()
        expect(page.get_by_role("button", name=re.compile(r"^\d+ places$")).first).to_be_visible()
    # every target in a popup is at least 24×24 px (WCAG 2.2, 2.5.8)
    first = page.locator(SHOWN).first
    first.get_by_role("button", name="Show on map").click()
    page.wait_for_selector(".leaflet-popup-content .popup-name")
    sizes = page.eval_on_selector_all(
        ".leaflet-popup a, .leaflet-popup button",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height]; })",
    )
    assert sizes and all(w >= 24 and h >= 24 for _, w, h in sizes), sizes
    context.close()


def test_distances_never_read_zero_and_spanish_names_the_agency_and_any_zip(browser, site_url, built_site):
    data = json.loads((built_site / "find/places.json").read_text(encoding="utf-8"))
    fields = {name: i for i, name in enumerate(data["fields"])}
    row = data["places"][0]
    at_place = {"latitude": row[fields["lat"]], "longitude": row[fields["lon"]]}
    context, page = _phone(browser, geolocation=at_place)
    _blank_tiles(context, site_url)
    page.goto(f"{site_url}/find/?locate=1")
    expect(page.locator("#list-heading")).to_be_focused(timeout=20000)
    texts = page.eval_on_selector_all(".place-distance", "els => els.map(e => e.textContent)")
    assert "under 0.1 miles · " in texts and not any("0.0" in t for t in texts), texts
    # Spanish: the agency's name in Spanish; a ZIP code of elsewhere sorts from its centre
    page.goto(f"{site_url}/es/find/")
    page.wait_for_selector("html[data-find-ready]")
    expect(page.locator(".site-footer")).to_contain_text("Departamento de Policía de Kansas City, Missouri")
    page.fill("#zip", "66101")  # Kansas City, Kansas: across the state line
    page.press("#zip", "Enter")
    expect(page.locator("#list-heading")).to_be_focused(timeout=20000)
    expect(page.locator("#find-status")).to_contain_text("66101, que está fuera de la zona")
    assert page.inner_text("#find-error") == ""
    miles = [
        float(re.match(r"(?:a menos de )?([\d,]+) millas", t).group(1).replace(",", "."))
        for t in page.eval_on_selector_all(
            "#participants > [data-id]:not([hidden]) .place-distance", "els => els.map(e => e.textContent)"
        )
    ]
    assert miles and miles == sorted(miles) and miles[0] > 0.5, miles  # open places, nearest first
    page.fill("#zip", "00000")  # no US ZIP code
    page.press("#zip", "Enter")
    expect(page.locator("#find-error")).to_contain_text("00000")
    context.close()


@pytest.fixture
def own_server(built_site):
    """The site on a server of this test's own, to switch off (no signal)."""
    with serve_own(built_site) as server:
        yield server


def test_the_saved_copy_is_offered_early_and_says_what_it_is_offline(browser, own_server):
    url = f"http://127.0.0.1:{own_server.server_address[1]}"
    context, page = _phone(browser)
    page.goto(f"{url}/")
    link = page.locator(".home-offline a")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_selector("html[data-find-ready]")
    save = page.locator("#save-offline")
    assert save.bounding_box()["y"] < 3 * 740  # on the first screens, not below the map
    save.click()
    expect(page.locator("#offline-status")).to_have_text(re.compile("^Saved"), timeout=20000)
    context.set_offline(True)
    own_server.shutdown()
    own_server.server_close()
    page.goto(f"{url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    expect(page.locator("#saved-notice")).to_contain_text("This list was saved on")
    # the map's area says it needs a connection; "Show on map" takes the visitor there
    page.locator(".find-map").scroll_into_view_if_needed()
    note = page.locator(".map-unavailable")
    expect(note).to_have_text("The map needs a connection. The list works without one.")
    page.locator(SHOWN).first.get_by_role("button", name="Show on map").click()
    expect(note).to_be_focused()
    # the list still answers
    page.locator("#locate").click()
    expect(page.locator("#find-status")).to_contain_text("nearest first from your location")
    # every saved page says it is the saved copy
    for path in ("", "about/", "es/about/"):
        page.goto(f"{url}/{path}")
        expect(page.locator("#saved-notice")).to_be_visible()
        expect(page.locator("#saved-notice")).to_contain_text(
            "No signal" if "es/" not in path else "Sin señal"
        )
    context.close()


@pytest.mark.parametrize(
    "path, locate, slow", [("find/", True, True), ("find/", False, False), ("es/find/", True, False)]
)
def test_the_find_page_stands_still_while_it_loads(browser, built_site, path, locate, slow):
    # CLS is a layout property (how far things move), not a time: asserted here; the times
    # belong to `make bench`
    figures = page_vitals(built_site, path, locate=locate, slow=slow, browser=browser, at=SUNDAY_3AM_KC)
    assert figures["cls"] <= 0.05, figures
