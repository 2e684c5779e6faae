"""Another country by settings alone (issue 21): a fictional Irish agency builds the site.

One real build with settings, a register, a boundary, postcode centres and pages this test
writes: Eircodes (their routing key is the centre), +353 phones, 112 with 999 also named, km,
day-first dates, addresses without a state (the register has no state column at all). The
output must carry nothing of the US sample (Kansas City, its numbers, 911, miles), and every
emergency link's label must name the number its ``tel:`` dials.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from another_agency import build_liffey_city

SAMPLE = re.compile(r"Kansas City|Missouri|KCPD|\(816\)|\b911\b|\bmiles?\b|\bZIP\b|\b641\d\d\b")
TEL_LINK = re.compile(r'<a\b[^>]*href="tel:([^"]*)"[^>]*>(.*?)</a>', re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_liffey_city(tmp_path_factory.mktemp("liffey"))


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
    assert "12 Quay Street, Dublin, D02 XE81" in find and "3 Dock Road, Dublin, D01 F5P2" in find
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
