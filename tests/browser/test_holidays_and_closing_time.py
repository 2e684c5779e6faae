"""Holidays and closing time on the find page (issue 23, items 2 and 3), in real Chromium.

One build of a register the test writes (five places near one point, hours with and without a
holiday rule), served on 127.0.0.1; the browser's clock is fixed in America/Chicago at
Thanksgiving 2026 (noon) and on a Tuesday at 16:45 and 21:52, and the visitor sorts by their
position, in English and Spanish. What each place says is what the build's Python twin says
(``status_at``); the order is the one the issue asks for, written out here. A ZIP code's page
(server-rendered by distance) ranks its places the same way at the visit: the Python order.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.find.nearest import KM_PER_MILE, Nearest, ranked
from pipeline.hours.calendar import holiday_calendar
from pipeline.hours.schedule import parse_hours
from pipeline.hours.status import rank_at, status_at

pytestmark = pytest.mark.browser

KC = ZoneInfo("America/Chicago")
AS_OF = date(2026, 11, 23)
HERE = {"latitude": 39.0997, "longitude": -94.5786}
PLACES = {  # id: (name, hours, lat), nearest first from HERE
    "SP-B": ("Union Café", "Mo-Su 09:00-17:00; PH off", "39.1000"),
    "SP-A": ("Harbor Books", "Mo-Su 08:00-22:00", "39.1010"),
    "SP-E": ("Corner Pharmacy", "Mo-Fr 09:00-17:00", "39.1020"),
    "SP-D": ("Summit Library", "Mo-Fr 10:00-18:00; PH 10:00-14:00", "39.1030"),
    "SP-C": ("Night Owl Diner", "24/7", "39.1040"),
}
THANKSGIVING = datetime(2026, 11, 26, 12, 0)
# (moment, the order nearest first, the places left by "open now only")
CASES = [
    # known to be open (D until 2 p.m., C 24/7), then hours that say nothing about the holiday
    # (A, E: "hours may differ"), then closed for the holiday (B)
    (THANKSGIVING, ["SP-D", "SP-C", "SP-A", "SP-E", "SP-B"], ["SP-D", "SP-C", "SP-A", "SP-E"]),
    # open for the next half hour (A, D, C), then closing in 15 minutes (B, E)
    (datetime(2026, 11, 24, 16, 45), ["SP-A", "SP-D", "SP-C", "SP-B", "SP-E"], None),
    # the 24-hour place before the one closing in 8 minutes, however near; then the closed ones
    (datetime(2026, 11, 24, 21, 52), ["SP-C", "SP-A", "SP-B", "SP-E", "SP-D"], ["SP-C", "SP-A"]),
]
WORDS = {
    "en": {
        "heading": "Today is Thanksgiving Day",
        "unsure": "Holiday today: hours may differ — call first",
        "soon": "Closes in 8 minutes",
    },
    "es": {
        "heading": "Hoy es Día de Acción de Gracias",
        "unsure": "Festivo hoy: el horario puede cambiar — llame antes",
        "soon": "Cierra en 8 minutos",
    },
}
ORDER = """() => [...document.querySelectorAll(
    '#participants > [data-id]:not([hidden]), #participants-closed > [data-id]:not([hidden])')]
    .map(e => [e.dataset.id, e.querySelector('.place-status').textContent])"""


@pytest.fixture(scope="module")
def holiday_site(tmp_path_factory, serve) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("holidays")
    register = folder / "register.csv"
    with register.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GOOD_ROW))
        writer.writeheader()
        for n, (ident, (name, hours, lat)) in enumerate(PLACES.items()):
            writer.writerow(
                {
                    **GOOD_ROW,
                    "id": ident,
                    "name": name,
                    "hours": hours,
                    "lat": lat,
                    "lon": str(HERE["longitude"]),
                    "zip": "64105",
                    "address": f"{200 + n} Main St",
                    "phone": f"(816) 555-01{70 + n}",
                }
            )
    settings = settings_file(folder, SAFEPLACE_DATA=str(register), HOURS_AS_OF=AS_OF.isoformat())
    result = run_safeplace("build", "--settings", str(settings), "--output", str(folder / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    return serve(folder / "out"), folder / "out"


def phone_at(browser, moment: datetime):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        timezone_id="America/Chicago",
        geolocation=HERE,
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.clock.set_fixed_time(moment.replace(tzinfo=KC).astimezone(UTC))
    return context, page


def located_list(browser, site: str, lang: str, moment: datetime, open_only: bool = False):
    """(id, status words) of every place the list shows, in order, sorted by the visitor's
    position at ``moment`` (local time), and the results heading; with ``open_only``, then
    what the list keeps once "Open now only" is ticked, on the same page."""
    context, page = phone_at(browser, moment)
    page.goto(f"{site}/{'' if lang == 'en' else lang + '/'}find/")
    page.wait_for_selector("html[data-find-ready]", timeout=20000)
    page.locator("#locate").click()
    expect(page.locator("#list-heading")).to_be_focused(timeout=20000)
    shown, heading = page.evaluate(ORDER), page.locator("#list-heading").inner_text()
    kept = None
    if open_only:
        page.locator("#open-now").check()
        page.wait_for_function(
            "() => document.querySelectorAll('#participants-closed > [data-id]:not([hidden])').length === 0"
        )
        kept = page.evaluate(ORDER)
    context.close()
    return shown, heading, kept


def zip_list(browser, site: str, lang: str, moment: datetime, code: str):
    """(id, status words) of the places of /find/zip/<code>/ at ``moment``, and its heading."""
    context, page = phone_at(browser, moment)
    page.goto(f"{site}/{'' if lang == 'en' else lang + '/'}find/zip/{code}/")
    page.wait_for_function(  # a function, not a string: the site's CSP refuses eval()
        "() => document.querySelectorAll('.places > li .place-status:not([hidden])').length === "
        "document.querySelectorAll('.places > li').length"
    )
    shown = page.evaluate(
        """() => [...document.querySelectorAll('.places > li')]
        .map(e => [e.dataset.id, e.querySelector('.place-status').textContent])"""
    )
    heading = page.locator("#list-heading").inner_text()
    context.close()
    return shown, heading


@pytest.mark.parametrize("lang", ["en", "es"])
def test_holidays_and_closing_time_in_the_order_words_and_heading(browser, holiday_site, lang):
    holiday_site, out = holiday_site
    calendar = holiday_calendar(AS_OF, {"country": "US"})  # the test agency's PUBLIC_HOLIDAYS
    words = WORDS[lang]
    for moment, order, open_only in CASES:
        shown, heading, kept = located_list(browser, holiday_site, lang, moment, open_only=bool(open_only))
        assert [ident for ident, _ in shown] == order, (moment, shown)
        for ident, text in shown:  # the words are the build's Python twin's
            assert text == status_at(parse_hours(PLACES[ident][1], calendar), moment, lang).text, ident
        said = dict(shown)
        if moment == THANKSGIVING:
            assert words["heading"] in heading
            assert said["SP-A"].startswith(words["unsure"]) and said["SP-E"].startswith(words["unsure"])
            assert not any(words["unsure"] in said[i] for i in ("SP-B", "SP-C", "SP-D"))
        else:
            assert words["heading"] not in heading
        if moment.hour == 21:
            assert said["SP-A"] == words["soon"]
        if open_only:  # "open now only" keeps the place closing soon, after the others
            assert [ident for ident, _ in kept] == open_only
    # Without a position, a ZIP code's page (server-rendered nearest its centre) ranks its
    # places the same way at the visit: the Python order (pipeline.find.nearest.ranked)
    code, centre = next(iter(json.loads((out / "find" / "places.json").read_text("utf-8"))["zips"].items()))
    ids = list(PLACES)
    near = Nearest([float(PLACES[i][2]) for i in ids], [HERE["longitude"]] * len(ids))
    miles = [km / KM_PER_MILE for km in near.km_from(*centre)]
    for moment, _, _ in CASES:
        ranks = [rank_at(parse_hours(PLACES[i][1], calendar), moment) for i in ids]
        shown, heading = zip_list(browser, holiday_site, lang, moment, code)
        assert [ident for ident, _ in shown] == [ids[n] for n in ranked(ranks, miles)], (moment, shown)
        for ident, text in shown:
            assert text == status_at(parse_hours(PLACES[ident][1], calendar), moment, lang).text, ident
        assert (words["heading"] in heading) == (moment == THANKSGIVING), heading
