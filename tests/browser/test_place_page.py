"""A place's own page in real Chromium: English and Spanish, with and without JavaScript.

A real build (the CLI, the build date fixed to 2026-11-20) served on 127.0.0.1; the browser's
clock is fixed, in another time zone than the place's. "Open now" on the page must be what the
build's Python twin (``status_at``) says; without JavaScript the page still gives the week, the
special days, the call and directions links and the decal check. axe finds nothing.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import GOOD_ROW, PageWatch, axe_violations, run_safeplace, settings_file
from pipeline.hours.calendar import holiday_calendar
from pipeline.hours.schedule import parse_hours
from pipeline.hours.status import status_at

pytestmark = pytest.mark.browser

KC = ZoneInfo("America/Chicago")
AS_OF = date(2026, 11, 20)
RULE = "Mo-Fr 09:00-17:00; PH off"
MOMENTS = {
    "tuesday-noon": datetime(2026, 12, 1, 12, 0),
    "tuesday-night": datetime(2026, 12, 1, 21, 52),
    "thanksgiving-noon": datetime(2026, 11, 26, 12, 0),
}


@pytest.fixture(scope="module")
def place_site(tmp_path_factory, serve) -> str:
    tmp = tmp_path_factory.mktemp("place-page")
    register = tmp / "register.csv"
    rows = [
        {**GOOD_ROW, "id": "P-1", "name": 'Corner "Books" & <Maps>', "hours": RULE},
        {
            **GOOD_ROW,
            "id": "P-2",
            "name": "Always Open Diner",
            "hours": "24/7",
            "address": "4701 Main St",
            "website": "",
        },
    ]
    with register.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(GOOD_ROW))
        writer.writeheader()
        writer.writerows(rows)
    conf = settings_file(tmp, HOURS_AS_OF=AS_OF.isoformat())
    out = tmp / "output"
    result = run_safeplace("build", "--settings", str(conf), "--data", str(register), "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return serve(out)


def open_place(browser, url, ident, *, lang="en", at=None, javascript=True):
    context = browser.new_context(
        java_script_enabled=javascript, timezone_id="Asia/Tokyo", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.watch = PageWatch(page)
    if at is not None:
        page.clock.set_fixed_time(at.replace(tzinfo=KC).astimezone(UTC))
    page.goto(f"{url}/{'es/' if lang == 'es' else ''}places/{ident}/")
    return context, page


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("moment", list(MOMENTS), ids=list(MOMENTS))
def test_open_now_is_what_the_rules_mean(browser, place_site, moment, lang):
    expected = status_at(parse_hours(RULE, holiday_calendar(AS_OF, {"country": "US"})), MOMENTS[moment], lang)
    words = {"en": ("Open now", "Closed"), "es": ("Abierto ahora", "Cerrado")}[lang]
    context, page = open_place(browser, place_site, "P-1", lang=lang, at=MOMENTS[moment])
    try:
        status = page.locator("#place-status")
        status.wait_for(state="visible", timeout=10000)
        assert status.inner_text() == (words[0] if expected.open else words[1])
        assert page.watch.console_errors == [] and page.watch.foreign == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_page_is_whole_without_javascript_and_axe_finds_nothing(browser, place_site, lang):
    context, page = open_place(browser, place_site, "P-1", lang=lang, javascript=False)
    try:
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").inner_text() == 'Corner "Books" & <Maps>'
        assert page.locator("#place-status").is_hidden()
        week = page.locator(".place-week li").all_inner_texts()
        assert week[0] == (
            "Monday to Friday: 9 a.m. to 5 p.m." if lang == "en" else "De lunes a viernes: 9:00 a 17:00"
        )
        assert any(
            ("thursday, november 26" if lang == "en" else "jueves 26 de noviembre") in line.lower()
            for line in week
        )
        assert page.locator('a[href="tel:+18165550150"]').count() == 1
        assert page.locator('a[href="tel:+18162345111"]').count() >= 2  # the decal check, the footer
        decal = page.locator(".place-decal").inner_text()
        assert 'Corner "Books" & <Maps>, 4700 Main St' in decal
        page.locator("a.action-list-map").click()
        page.wait_for_url(f"**/{'es/' if lang == 'es' else ''}find/#place-P-1")
        assert page.locator("#place-P-1").count() == 1
    finally:
        context.close()
    context, page = open_place(browser, place_site, "P-2", lang=lang)
    try:
        page.locator("#place-status").wait_for(state="visible", timeout=10000)
        assert axe_violations(page, f"{lang} place page") == []
    finally:
        context.close()


def test_the_list_card_links_to_the_page_with_and_without_javascript(browser, place_site):
    for javascript in (False, True):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{place_site}/es/find/")
        page.locator("#place-P-2 .place-name a").click()
        page.wait_for_url("**/es/places/P-2/")
        assert page.locator("h1").inner_text() == "Always Open Diner"
        context.close()


def test_an_old_decal_address_answers_not_a_current_safe_place(browser, place_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{place_site}/404.html")
    assert page.locator("h1").inner_text() == "This is not a current Safe Place"
    assert page.locator('section[lang="es"] h2').inner_text() == "Este no es un Safe Place actual"
    assert axe_violations(page, "404") == []
    context.close()
