"""The find page in real headless Chromium, served over real HTTP on 127.0.0.1."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from support import FIXTURE_REGISTER, TILE_HOST

pytestmark = pytest.mark.browser


def approved_count() -> int:
    frame = pd.read_csv(FIXTURE_REGISTER, dtype=str, keep_default_na=False)
    return int((frame.status == "approved").sum())


def test_find_page_lists_every_place_and_draws_the_map(page, site_url):
    page.goto(f"{site_url}/find/")
    items = page.locator("#participants > [data-id]")
    assert items.count() == approved_count()
    page.wait_for_selector("html[data-map-ready]", timeout=15000)
    assert int(page.get_attribute("html", "data-map-ready")) == approved_count()
    # a small register (MAP_CLUSTER_ABOVE): every marker on its own, no cluster
    drawn = page.locator(".leaflet-marker-pane .leaflet-marker-icon")
    assert drawn.count() == approved_count()
    assert page.locator(".marker-cluster").count() == 0
    assert page.watch.console_errors == []
    hosts = {re.sub(r"^https?://([^/]+)/.*$", r"\1", u) for u in page.watch.foreign}
    assert hosts <= {TILE_HOST}, hosts
    assert any(TILE_HOST in u for u in page.watch.foreign)  # tiles were asked for (answered locally)


def test_list_and_map_stay_in_step(page, site_url):
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-map-ready]", timeout=15000)
    first = page.locator("#participants > [data-id]").first
    name = first.locator(".place-name").inner_text()
    first.get_by_role("button", name="Show on map").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10000)
    assert name in popup.inner_text()
    # Focus is in the popup, on its first link; Tab and Enter follow its link to the list as a
    # keyboard user would. (A click can land where the popup was a moment before: Leaflet pans
    # the map to show a popup, and a click that misses closes it.)
    expect(popup.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Tab")
    expect(popup.get_by_role("link", name="Details in the list")).to_be_focused()
    page.keyboard.press("Enter")
    # the list is brought up to date first (a promise), then the place takes focus
    expect(page.locator(f"#participants > [data-id='{first.get_attribute('data-id')}']")).to_be_focused()


def test_markup_in_names_is_shown_as_text_in_popups(page, site_url):
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-map-ready]", timeout=15000)
    item = page.locator("#participants > [data-id]", has_text="Ben's Grill <Westport>")
    assert item.count() == 1
    item.get_by_role("button", name="Show on map").click()
    popup = page.locator(".leaflet-popup-content .popup-name")
    popup.wait_for(timeout=10000)
    assert popup.inner_text() == "Ben's Grill <Westport>"
    assert page.locator(".leaflet-popup-content westport").count() == 0


def test_list_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/find/")
    items = page.locator("#participants > [data-id]")
    assert items.count() == approved_count()
    first = items.first
    assert first.locator("a[href^='tel:+1']").count() == 1 or first.locator(".place-name").count() == 1
    assert first.get_by_role("link", name=re.compile("Directions")).count() == 1
    context.close()
