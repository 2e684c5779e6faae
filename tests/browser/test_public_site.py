"""A site the public can trust: accessible (axe, keyboard, zoom), valid, whole under any path
prefix, locked down (CSP, no third parties, no cookies), with a quick exit, published by CI."""

from __future__ import annotations

import functools
import re
import threading
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from support import (
    TILE_HOST,
    PageWatch,
    QuietHandler,
    axe_violations,
    fixture_settings,
    heading_within_the_first_320px,
    page_kinds,
)

EXIT_HOST = urlsplit(fixture_settings()["QUICK_EXIT_URL"]).hostname


@pytest.fixture(scope="module")
def pages(built_site) -> list[str]:
    """One page of each template in each language (``page_kinds``): the 80 place pages and 144
    postal code pages come from one template each, so the browser loads one of each, not all;
    tests/build/test_public_site_files.py reads every page in-process."""
    found = page_kinds(built_site)
    assert {"", "find/", "about/", "participate/", "privacy/", "es/", "es/find/"} <= set(found)
    assert any(p.startswith("places/") for p in found) and any(p.startswith("es/find/zip/") for p in found)
    return found


@pytest.fixture(scope="module")
def visits(browser, site_url, pages) -> dict:
    """Every page kind visited once, in one context, and checked while it is open: its cookies
    (none), then axe; then the states a visitor reaches, axe again. What the page asked for is
    recorded throughout (``PageWatch``). The two tests below read what it found: one visit of
    each page serves both, where two passes loaded every page twice."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    watch = PageWatch(page)
    cookies, problems = [], []
    for url in pages:
        page.goto(f"{site_url}/{url}")
        if url.endswith("find/"):
            page.wait_for_selector("html[data-find-ready]")
            page.locator(".find-map").scroll_into_view_if_needed()
            page.wait_for_selector("html[data-map-ready]", timeout=20000)
        problems += axe_violations(page, url)
        # a late request is caught on its own page (often idle already while axe ran)
        page.wait_for_load_state("networkidle")
        if page.evaluate("document.cookie") != "":
            cookies.append(url)
    # the states a visitor reaches: a popup open on the map, the form's error summary, a phone
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    page.locator("#participants > [data-id]").first.get_by_role(
        "button", name=re.compile("map", re.I)
    ).click()
    page.locator(".leaflet-popup-content").wait_for()
    page.wait_for_timeout(500)  # let the popup finish fading in before contrast is measured
    problems += axe_violations(page, "find/ (popup)")
    page.check("#open-now")
    page.wait_for_timeout(500)  # a popup of a place now filtered out fades away
    problems += axe_violations(page, "find/ (open now)")
    page.goto(f"{site_url}/participate/")
    page.locator("#apply-form button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    problems += axe_violations(page, "participate/ (errors)")
    page.set_viewport_size({"width": 360, "height": 740})
    for url in ("", "find/"):
        page.goto(f"{site_url}/{url}")
        problems += axe_violations(page, f"{url} (phone)")
    found = {
        "cookies": cookies,
        "context cookies": context.cookies(),
        "foreign hosts": {urlsplit(u).hostname for u in watch.foreign},
        "console errors": [e for e in watch.console_errors if "Failed to load resource" not in e],
        "axe": problems,
    }
    context.close()
    return found


# --- Locked down ------------------------------------------------------------------------------


@pytest.mark.browser
def test_no_page_contacts_a_third_party_or_sets_a_cookie(visits):
    assert visits["cookies"] == [] and visits["context cookies"] == []
    assert visits["foreign hosts"] <= {TILE_HOST}, visits["foreign hosts"]
    assert TILE_HOST in visits["foreign hosts"]  # the map really asked for tiles, and only tiles
    assert visits["console errors"] == []


# --- Accessible -------------------------------------------------------------------------------


@pytest.mark.browser
def test_axe_finds_no_violations_on_any_page(visits):
    assert visits["axe"] == []


def _focus_visible(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement, s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        const ring = s.boxShadow && s.boxShadow !== 'none';
        const box = el.getBoundingClientRect();
        return {id: el.id, tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 40),
                cls: el.className, visible: outline || ring, w: box.width, h: box.height};
    }""")


@pytest.mark.browser
def test_keyboard_alone_reaches_everything_on_find(browser, site_url):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    PageWatch(page)
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    page.keyboard.press("Tab")
    first = _focus_visible(page)
    assert "skip-link" in first["cls"] and first["visible"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = _focus_visible(page)
        assert focus["visible"], focus  # every stop shows where focus is
        assert focus["w"] >= 24 and focus["h"] >= 24 or focus["tag"] == "A", focus
        seen.append(focus)
    ids = {f["id"] for f in seen}
    assert {"q", "zip", "zip-go", "locate", "open-now"} <= ids
    texts = [f["text"] for f in seen]
    assert any(t.startswith("Call") for t in texts) and any(t.startswith("Directions") for t in texts)
    # the list works without the map: filter and open-now by keyboard only
    shown = page.locator("#participants > [data-id]:not([hidden])")
    everything = shown.count()
    page.focus("#q")
    page.keyboard.type("library")
    expect(shown).not_to_have_count(everything)
    assert 0 < shown.count() < 10
    page.focus("#open-now")
    page.keyboard.press("Space")
    assert page.is_checked("#open-now")
    # map controls, once the map is there, have names for screen readers
    page.locator(".find-map").scroll_into_view_if_needed()
    page.wait_for_selector("html[data-map-ready]", timeout=20000)
    names = page.evaluate("""() => [...document.querySelectorAll('.leaflet-control a, .leaflet-control button')]
        .map(a => a.getAttribute('aria-label') || a.getAttribute('title') || a.textContent.trim())""")
    assert names and all(names), names
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "width,text",
    [(1280, "200%"), (320, "100%"), (360, "200%")],
    ids=["text-200", "reflow-320", "phone-text-200"],
)
def test_text_at_200_percent_and_a_narrow_screen_lose_nothing(browser, site_url, pages, width, text):
    """WCAG 1.4.4 (text resized to 200%) and 1.4.10 (reflow at 320 CSS px): no sideways
    scrolling, nothing cut off; at 320 px every page's heading on the first screen."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    PageWatch(page)
    for url in pages:
        page.goto(f"{site_url}/{url}")
        page.evaluate(f"document.documentElement.style.fontSize = '{text}'")
        overflow = page.evaluate("""() => {
            const wide = document.documentElement.scrollWidth - document.documentElement.clientWidth;
            const clipped = [...document.querySelectorAll('main p, main li, main h1, main h2, main a, main label')]
              .filter(el => el.offsetParent && !el.closest('.visually-hidden, .leaflet-container') && el.scrollWidth > el.clientWidth + 1
                            && getComputedStyle(el).overflow === 'hidden').length;
            return {wide, clipped};
        }""")
        assert overflow == {"wide": 0, "clipped": 0}, url
        if width == 320:  # a phone's first screen shows where the page starts
            heading_within_the_first_320px(page, url)
    context.close()


@pytest.mark.browser
def test_reduced_motion_is_honoured(browser, site_url):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    PageWatch(page)
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    page.locator(".find-map").scroll_into_view_if_needed()
    page.wait_for_selector("html[data-map-ready]", timeout=20000)
    assert page.evaluate("SafePlace.map.options.zoomAnimation") is False
    duration = page.evaluate("getComputedStyle(document.querySelector('.button')).transitionDuration")
    assert all(float(d.rstrip("s")) < 0.01 for d in duration.split(","))
    context.close()


# --- Quick exit -------------------------------------------------------------------------------


def _neutral_site(route):
    route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><p>Weather</p>")


@pytest.mark.browser
@pytest.mark.parametrize("how", ["button", "shift"])
def test_quick_exit_replaces_the_page(browser, site_url, pages, how):
    context = browser.new_context()
    page = context.new_page()
    context.route(f"https://{EXIT_HOST}/**", _neutral_site)
    page.goto("about:blank")
    page.goto(f"{site_url}/report/")
    button = page.locator(".quick-exit-button")
    assert button.get_attribute("rel") == "nofollow noreferrer"
    assert button.is_visible()
    if how == "button":
        button.click()
    else:
        page.wait_for_load_state("load")
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(f"https://{EXIT_HOST}/**")
    page.go_back()  # location.replace: Back leads away from the site, not back to it
    assert not page.url.startswith(site_url)
    context.close()


# --- Valid and whole --------------------------------------------------------------------------


class _PrefixHandler(QuietHandler):
    """Serves the site under /safe-place/, like a GitHub Pages project site; 404 elsewhere."""

    prefix = "/safe-place"

    def translate_path(self, path):
        if not path.startswith(self.prefix + "/"):
            return "/nonexistent-path-outside-the-prefix"
        return super().translate_path(path[len(self.prefix) :])


@pytest.fixture(scope="module")
def prefixed_site(built_site):
    handler = functools.partial(_PrefixHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/safe-place/"
    server.shutdown()


@pytest.mark.browser
def test_find_page_works_under_a_path_prefix(browser, prefixed_site):
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch(page)
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(f"{prefixed_site}find/")
    page.wait_for_selector("html[data-find-ready]")
    page.locator(".find-map").scroll_into_view_if_needed()
    page.wait_for_selector("html[data-map-ready]", timeout=20000)
    assert failed == [] and watch.console_errors == []
    context.close()


# --- Published by CI --------------------------------------------------------------------------
