"""Another country's find page in a real browser (issue 21): an Eircode typed any way sorts the
places nearest first, distances in km, phones shown as written there and dialled in E.164.

The Irish agency of ``tests/another_agency.py``, built once for this module.
"""

from __future__ import annotations

import re

import pytest
from another_agency import CENTRES, PLACES, build_liffey_city
from playwright.sync_api import expect

from pipeline.register.geography import distance_km
from support import PageWatch

pytestmark = pytest.mark.browser

ADDRESSES = "els => els.map(e => [e.dataset.id, e.querySelector('.place-address').textContent.trim()])"
ITEMS = "#participants > [data-id]:not([hidden]), #participants-closed > [data-id]:not([hidden])"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, serve) -> str:
    return serve(build_liffey_city(tmp_path_factory.mktemp("liffey-browser")))


def test_an_eircode_typed_any_way_sorts_nearest_first_in_km(browser, site_url):
    context = browser.new_context(timezone_id="Europe/Dublin")
    page = context.new_page()
    page.watch = PageWatch(page)
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]", timeout=15000)
    box = page.locator("#zip")
    assert box.get_attribute("maxlength") is None and box.get_attribute("inputmode") == "text"
    page.fill("#zip", "d07a1b2")  # lower case, no space: read as D07 A1B2, centred on D07
    page.press("#zip", "Enter")
    expect(page.locator("#find-status")).to_contain_text("Eircode D07 A1B2")
    lat, lon = next((la, lo) for key, la, lo in CENTRES if key == "D07")
    by_distance = sorted(PLACES, key=lambda p: distance_km(lat, lon, float(p[4]), float(p[5])))
    shown = page.eval_on_selector_all(
        ITEMS, "els => els.map(e => [e.dataset.id, e.querySelector('.place-distance').textContent])"
    )
    assert {ident for ident, _ in shown} == {p[0] for p in PLACES}
    for ident, words in shown:
        place = next(p for p in PLACES if p[0] == ident)
        km = distance_km(lat, lon, float(place[4]), float(place[5]))
        value = float(re.fullmatch(r"(?:under )?(\d+\.\d) km · ", words).group(1))
        assert abs(value - max(km, 0.1)) <= 0.051, (ident, words, km)
    # every place has the same hours, so all are open or all closed: one list, nearest first
    assert [ident for ident, _ in shown] == [p[0] for p in by_distance]
    # addresses as ADDRESS_FORMAT writes them (no county): the script writes what the server did
    written = dict(page.eval_on_selector_all(ITEMS, ADDRESSES))
    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.goto(f"{site_url}/find/")
    served = dict(plain.eval_on_selector_all(ITEMS, ADDRESSES))
    plain.context.close()
    assert written == served and all(
        re.search(r", Dublin, D0\d [0-9A-Z]{4}$", t) for t in written.values()
    ), written
    call = page.locator('[data-id="IE-001"] a[href^="tel:"]')
    assert call.get_attribute("href") == "tel:+35315550101" and "(01) 555 0101" in call.inner_text()
    page.fill("#zip", "12345")
    page.click("#zip-go")
    expect(page.locator("#find-error")).to_contain_text("Eircode, for example D02 XE81")
    assert not page.watch.console_errors
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in page.watch.foreign)
    context.close()
