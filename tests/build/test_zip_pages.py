"""Without JavaScript, "nearest" still works: a page per postal code (issue 23, item 5).

A real build of a register the test writes; the expected order comes from the postal code's
centre in the ``zipcodes`` package and the project's distance function, never from the page.
"""

from __future__ import annotations

import csv
import re
from html import unescape

import pytest
import zipcodes

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.register.geography import distance_km

PLACES = [  # id, name, lat, lon, zip: spread over the city, one with no phone
    ("SP-0201", "North Harbor Books", "39.1700", "-94.5700", "64116"),
    ("SP-0202", "Union Station Café", "39.0850", "-94.5860", "64108"),
    ("SP-0203", "Plaza Library <b>", "39.0420", "-94.5920", "64111"),
    ("SP-0204", "Swope Clinic", "39.0050", "-94.5300", "64132"),
    ("SP-0205", "River Market Grocery", "39.1100", "-94.5830", "64106"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zip-pages")
    register = folder / "register.csv"
    with register.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GOOD_ROW))
        writer.writeheader()
        for ident, name, lat, lon, code in PLACES:
            writer.writerow(
                {
                    **GOOD_ROW,
                    "id": ident,
                    "name": name,
                    "lat": lat,
                    "lon": lon,
                    "zip": code,
                    "phone": "" if ident == "SP-0204" else GOOD_ROW["phone"],
                }
            )
    settings = settings_file(folder, SAFEPLACE_DATA=str(register), FIND_WINDOW=3)
    out = folder / "out"
    result = run_safeplace("build", "--settings", str(settings), "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def names_and_miles(html: str) -> list[tuple[str, float]]:
    items = re.findall(
        r'<h3 class="place-name"><a href="[^"]*/places/[^"]+/">(.*?)</a></h3>\s*<p class="place-lead"><span class="place-distance">(.*?)</span>',
        html,
        re.S,
    )
    return [(unescape(name), float(re.search(r"[\d.]+", distance).group())) for name, distance in items]


def test_every_postal_code_page_lists_the_nearest_places_with_distances(site):
    codes = sorted(p.name for p in (site / "find" / "zip").iterdir())
    assert {"64106", "64108", "64111"} <= set(codes)
    for code in codes:
        centre = zipcodes.matching(code)[0]
        lat, lon = float(centre["lat"]), float(centre["long"])
        expected = sorted(PLACES, key=lambda p: distance_km(lat, lon, float(p[2]), float(p[3])))[:3]
        for prefix in ("", "es/"):
            html = (site / prefix / "find" / "zip" / code / "index.html").read_text(encoding="utf-8")
            shown = names_and_miles(html)
            assert [name for name, _ in shown] == [p[1] for p in expected], (prefix, code)
            for (name, miles), place in zip(shown, expected):
                km = distance_km(lat, lon, float(place[2]), float(place[3]))
                assert abs(miles - max(km / 1.609344, 0.1)) <= 0.051, (code, name, miles)
            # the list is whole without scripts; the one script only ranks it at the visit
            scripts = re.findall(r"<script[^>]*>", html.split("</header>")[1])
            up = "../" * (3 + prefix.count("/"))
            assert scripts == [
                f'<script type="application/json" id="zip-config" data-base="{up}">',
                f'<script type="module" src="{up}theme/js/find/zip.js">',
            ], (code, scripts)
            assert "Plaza Library <b>" not in html  # escaped, like every value from data
            assert f'hreflang="{"es" if not prefix else "en"}"' in html  # the other language


def test_the_find_page_links_every_postal_code_page_in_each_language(site):
    codes = sorted(p.name for p in (site / "find" / "zip").iterdir())
    for prefix in ("", "es/"):
        html = (site / prefix / "find" / "index.html").read_text(encoding="utf-8")
        linked = re.findall(r'<li><a href="[./]*/?(?:es/)?find/zip/(\d{5})/">\1</a></li>', html)
        assert linked == codes, prefix
        assert 'class="zip-pages"' in html


def test_words_say_miles_in_each_language(site):
    en = (site / "find" / "zip" / "64106" / "index.html").read_text(encoding="utf-8")
    es = (site / "es" / "find" / "zip" / "64106" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'place-distance">\d+\.\d miles · <', en)
    assert re.search(r'place-distance">\d+\.\d millas · <', es)
    assert "código postal 64106" in es and "ZIP code 64106" in en
