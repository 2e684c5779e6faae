"""Another country by settings alone (issue 21): a fictional Irish agency builds the site.

One real build with settings, a register, a boundary, postcode centres and pages this test
writes: Eircodes (their routing key is the centre), +353 phones, 112 with 999 also named, km,
day-first dates, addresses without a state (the register has no state column at all). The
output must carry nothing of the US sample (Kansas City, its numbers, 911, miles), and every
emergency link's label must name the number its ``tel:`` dials.
"""

from __future__ import annotations

import csv
import json
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import GOOD_ROW, run_safeplace, settings_file

PLACES = [  # id, name, address, Eircode (as a coordinator might type it), lat, lon, phone
    ("IE-001", "Liffey Books", "12 Quay Street", "d02 xe81", "53.3455", "-6.2620", "01 555 0101"),
    ("IE-002", "Docklands Pharmacy", "3 Dock Road", "D01F5P2", "53.3510", "-6.2480", "+353 1 555 0102"),
    ("IE-003", "Phibsborough Library", "40 North Circular Road", "D07 A1B2", "53.3600", "-6.2730", ""),
]
CENTRES = [("D01", 53.3520, -6.2500), ("D02", 53.3400, -6.2550), ("D07", 53.3590, -6.2780)]
BOUNDARY = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Liffey City"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[-6.40, 53.29], [-6.10, 53.29], [-6.10, 53.42], [-6.40, 53.42], [-6.40, 53.29]]
                ],
            },
        }
    ],
}
PAGES = {
    "home.md": "Title: Safe Place\nSlug: home\nSave_as: index.html\nURL:\nNav_title: Home\nNav_order: 1\n"
    "Template: home\n\nA place with the decal lets you stay until the Gardaí arrive.\n",
    "report.md": "Title: Report a hate crime\nSlug: report\nNav_title: Report\nNav_order: 4\n"
    "Template: report\n\nCall 112 or 999 at once.\n",
    "participate.md": "Title: Become a Safe Place\nSlug: participate\nNav_title: Take part\n"
    "Nav_order: 6\nTemplate: participate\n\nAny business may apply.\n",
}
SAMPLE = re.compile(r"Kansas City|Missouri|KCPD|\(816\)|\b911\b|\bmiles?\b|\bZIP\b|\b641\d\d\b")
TEL_LINK = re.compile(r'<a\b[^>]*href="tel:([^"]*)"[^>]*>(.*?)</a>', re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("liffey")
    register = folder / "register.csv"
    columns = [c for c in GOOD_ROW if c != "state"]  # addresses here have no state or province
    with register.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for ident, name, address, code, lat, lon, phone in PLACES:
            row = {**GOOD_ROW, "id": ident, "name": name, "address": address, "city": "Dublin"}
            row.update(zip=code, lat=lat, lon=lon, phone=phone, contact_phone="087 555 0199")
            row.update(applied_on="10/03/2026", approved_on="2/4/2026", trained_on="15/04/2026")  # day first
            row.update(website="")
            writer.writerow({c: row[c] for c in columns})
    (folder / "boundary.geojson").write_text(json.dumps(BOUNDARY), encoding="utf-8")
    with (folder / "routing-keys.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("postcode", "lat", "lon"), *CENTRES])
    pages = folder / "content" / "pages"
    pages.mkdir(parents=True)
    for name, text in PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    settings = settings_file(
        folder,
        SITENAME="Safe Place Liffey City",
        AGENCY_NAME="Liffey City Police Service",
        AGENCY_SHORT="LCPS",
        AUTHOR="Liffey City Police Service",
        JURISDICTION="Dublin, Ireland",
        JURISDICTION_STATE="",
        SITE_DESCRIPTION="Where staff will call 112 for a victim of a hate crime in Liffey City.",
        TIMEZONE="Europe/Dublin",
        PUBLIC_HOLIDAYS={"country": "IE"},
        EMERGENCY_NUMBER="112",
        EMERGENCY_OTHER_NUMBERS=("999",),
        NON_EMERGENCY_PHONE="01 666 0000",
        NON_EMERGENCY_E164=None,
        COUNTRY="IE",
        PHONE_REGION="IE",
        POSTCODE_NAME={"en": "Eircode", "es": "Eircode"},
        POSTCODE_PATTERN=r"[A-Z0-9]{3} [A-Z0-9]{4}",
        POSTCODE_EXAMPLE="D02 XE81",
        POSTCODE_SPACE_AFTER=3,
        POSTCODE_CENTRES=str(folder / "routing-keys.csv"),
        POSTCODE_CENTRE_PREFIX=3,
        ADDRESS_HAS_REGION=False,
        ADDRESS_FORMAT="{address}, {city} {postcode}",
        DISTANCE_UNIT="km",
        DATE_ORDER="day-first",
        SAFEPLACE_DATA=str(register),
        SAFEPLACE_BOUNDARY=str(folder / "boundary.geojson"),
        SAFEPLACE_CITY_NAMES=(),
        MAP_CENTER=(53.35, -6.26),
        QUICK_EXIT_URL="https://www.met.ie/",
        PATH=str(folder / "content"),
        LAW={
            "citation": "Criminal Justice (Hate Offences) Act 2024",
            "url": "https://www.irishstatutebook.ie/eli/2024/act/41/enacted/en/html",
            "publisher": {"en": "the Irish Statute Book"},
            "intro": {"en": "Under the {citation}, hatred makes a crime more serious:"},
            "groups": [
                {
                    "sections": [
                        {
                            "number": "8",
                            "legal": "Hatred as aggravating factor in sentencing",
                            "plain": {"en": "the court treats hatred as a reason for a heavier sentence."},
                        }
                    ]
                }
            ],
        },
        SAMPLE_AGENCY_NAMES=(),
    )
    out = folder / "out"
    result = run_safeplace("build", "--settings", str(settings), "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 published" in result.stdout, result.stdout
    return out


def texts(site: Path) -> dict[Path, str]:
    """Every page and data file the site's own code and words made (Leaflet's files aside)."""
    return {
        path: path.read_text(encoding="utf-8")
        for path in site.rglob("*")
        if path.suffix in (".html", ".json", ".geojson", ".csv", ".xml", ".txt", ".webmanifest")
        and "vendor" not in path.parts
    }


def test_nothing_of_the_sample_and_every_call_button_dials_what_it_says(site):
    pages = texts(site)
    assert len([p for p in pages if p.suffix == ".html"]) > 10
    leftovers = [
        f"{p.relative_to(site)}: {m.group(0)!r}" for p, t in pages.items() for m in SAMPLE.finditer(t)
    ]
    assert not leftovers, leftovers
    emergency_links = 0
    for path, text in pages.items():
        for number, label in TEL_LINK.findall(text):
            label = unescape(re.sub(r"<[^>]+>", "", label))
            if number in ("112", "999"):
                emergency_links += 1
                assert re.findall(r"\d+", label) == [number], (path, number, label)
    assert emergency_links >= 10
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:112"' in home and "Call 112" in home and 'href="tel:+35316660000"' in home
    assert "(01) 666 0000" in home  # the non-emergency line in national form
    find = (site / "find" / "index.html").read_text(encoding="utf-8")
    assert "call 112 (or 999) first" in find


def test_eircodes_phones_and_kilometres(site):
    find = (site / "find" / "index.html").read_text(encoding="utf-8")
    box = re.search(r'<input id="zip"[^>]*>', find).group(0)
    assert "maxlength" not in box and 'inputmode="text"' in box
    assert "Eircode" in find and "D02 XE81" in find
    # the register's Eircodes as written there ("d02 xe81" -> "D02 XE81"), phones in national form
    assert "12 Quay Street, Dublin D02 XE81" in find and "3 Dock Road, Dublin D01 F5P2" in find
    assert 'href="tel:+35315550101"' in find and "(01) 555 0101" in find
    places = json.loads((site / "find" / "places.json").read_text(encoding="utf-8"))
    assert set(places["zips"]) == {"D01", "D02", "D07"}
    page = (site / "find" / "zip" / "D02" / "index.html").read_text(encoding="utf-8")
    distances = re.findall(r'place-distance">([^<]*)<', page)
    assert distances and all(re.fullmatch(r"(?:\d+\.\d|under 0\.1) km · ", d) for d in distances), distances
    config = json.loads(unescape(re.search(r'id="find-config"[^>]*>(.*?)</script>', find, re.S).group(1)))
    assert config["unit"] == "km" and config["postcode"] == {
        "pattern": "[A-Z0-9]{3} [A-Z0-9]{4}",
        "space": 3,
        "prefix": 3,
    }
    apply = (site / "participate" / "index.html").read_text(encoding="utf-8")
    assert 'id="state"' not in apply and 'name="zip"' in apply
