"""The three example agencies in ``examples/`` (issue 21) each build with no code change, and
each site is wholly its own: no other agency's names, numbers, postal codes or law anywhere in
it; every emergency link dials the number its label names; the find page accepts the agency's
postal codes and its postal code pages sort by distance, in the agency's unit.

One build per example (a module-scoped fixture per example), then cheap checks on its files.
The examples are the repository's own (settings, register, boundary, pages): these tests prove
that what docs/adopting.md promises an adopting agency is true.
"""

from __future__ import annotations

import csv
import json
import math
import re
import runpy
from pathlib import Path

import pytest

from conftest import ROOT, run_safeplace

EXAMPLES = ROOT / "examples"

# What would show that another agency's site leaked into this one.
MARKS = {
    "kansas-city": [
        r"Kansas City",
        r"Missouri",
        r"\bKCPD\b",
        r"\(816\)|\b816[-. ]\d{3}[-. ]\d{4}|\+1816",
        r"RSMo|557\.035|revisor\.mo\.gov",
        r"(?<![.\d])\b641\d\d\b(?![.\d])",
        r"ZIP code",
    ],
    "canada-en-fr": [
        r"Bytown",
        r"\b613[-. ]555|\+1613555",
        r"\bK[12][A-Z] ?\d[A-Z]\d\b",
        r"Criminal Code|Code criminel|C-46|718\.2",
    ],
    "ireland": [
        r"Liffeyside",
        r"Garda",
        r"Eircode",
        r"\+353|tel:\+3531",
        r"Hate Offences|irishstatutebook",
        r"\bD0\d ?[0-9AC-FHKNPRTV-Y]{4}\b",
        r"tel:112\b|tel:999\b",
    ],
}
# Each example's emergency numbers; any other is another country's.
EMERGENCY = {"kansas-city": {"911"}, "canada-en-fr": {"911"}, "ireland": {"112", "999"}}
NOT_OURS_911 = re.compile(r"(?<![\w.,/-])911(?![\w.,/-])")  # the number in words, not inside data
UNIT = {"kansas-city": "mi", "canada-en-fr": "km", "ireland": "km"}
TEXT_SUFFIXES = {".html", ".json", ".js", ".xml", ".txt", ".csv", ".svg", ".geojson", ".webmanifest", ""}


def settings_of(name: str) -> dict:
    return runpy.run_path(str(EXAMPLES / name / "pelicanconf.py"))


def approved(name: str) -> list[dict]:
    with open(settings_of(name)["SAFEPLACE_DATA"], newline="", encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if row["status"] == "approved"]


@pytest.fixture(scope="module", params=sorted(MARKS))
def example(request, tmp_path_factory):
    """(name, built site): each example built once, exactly as docs/adopting.md says."""
    name = request.param
    out = tmp_path_factory.mktemp(name) / "output"
    conf = EXAMPLES / name / "pelicanconf.py"
    result = run_safeplace("build", "--settings", str(conf), "--output", str(out))
    assert result.returncode == 0, f"{name}: {result.stderr[-3000:]}"
    return name, out


def text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES and "vendor" not in path.parts:
            yield path, path.read_text(encoding="utf-8", errors="replace")


def html_pages(site: Path):
    return [(p, t) for p, t in text_files(site) if p.suffix == ".html"]


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_no_other_agency_anywhere_in_the_output(example):
    name, site = example
    found = []
    for path, text in text_files(site):
        for other, marks in MARKS.items():
            if other == name:
                continue
            for mark in marks:
                hit = re.search(mark, text)
                if hit:
                    start = max(hit.start() - 40, 0)
                    found.append(
                        f"{path.relative_to(site)}: {other} {hit.group(0)!r} in …{text[start : hit.end() + 40]!r}"
                    )
        if "911" not in EMERGENCY[name]:
            hit = NOT_OURS_911.search(plain(text) if path.suffix == ".html" else text)
            if hit:
                found.append(f"{path.relative_to(site)}: 911 in a country where it is not the number")
    assert not found, f"{len(found)} leak(s):\n" + "\n".join(found[:40])


def test_the_site_names_its_own_agency_and_cites_its_own_law(example):
    name, site = example
    settings = settings_of(name)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert settings["AGENCY_NAME"] in home
    law = plain((site / "hate-offenses" / "index.html").read_text(encoding="utf-8"))
    citation = settings["LAW"]["citation"]
    citation = citation if isinstance(citation, str) else citation["en"]
    assert citation in law
    for group in settings["LAW"]["groups"]:
        for section in group["sections"]:
            assert section["number"] in law


def test_every_emergency_link_dials_the_number_its_label_names(example):
    name, site = example
    ours = EMERGENCY[name]
    every = {"911", "112", "999"}
    links = 0
    wrong = []
    for path, text in html_pages(site):
        for attributes, inner in re.findall(r'<a\b([^>]*\bhref="tel:[^"]*"[^>]*)>(.*?)</a>', text, re.S):
            dialled = re.search(r'href="tel:([^"]*)"', attributes).group(1)
            label = plain(inner) + " " + " ".join(re.findall(r'aria-label="([^"]*)"', attributes))
            named = set(re.findall(r"(?<!\d)(911|112|999)(?!\d)", label))
            if dialled in every:
                links += 1
                if dialled not in ours or named != {dialled}:
                    wrong.append(f"{path.relative_to(site)}: tel:{dialled} labelled {label.strip()!r}")
            elif named:
                wrong.append(f"{path.relative_to(site)}: tel:{dialled} labelled {label.strip()!r}")
    assert links, "no emergency call link at all"
    assert not wrong, "\n".join(wrong[:20])


def test_the_find_page_accepts_the_agencys_postcodes(example):
    name, site = example
    settings = settings_of(name)
    for page in [
        site / "find" / "index.html",
        *(site / lang / "find" / "index.html" for lang in ("es", "fr")),
    ]:
        if not page.exists():
            continue
        box = re.search(r'<input[^>]*\bid="zip"[^>]*>', page.read_text(encoding="utf-8")).group(0)
        pattern = re.search(r'pattern="([^"]*)"', box)
        maxlength = re.search(r'maxlength="(\d+)"', box)
        for row in approved(name):
            code = row["zip"]
            if pattern:
                assert re.fullmatch(pattern.group(1).replace("&amp;", "&"), code), (page, code, box)
            if maxlength:
                assert len(code) <= int(maxlength.group(1)), (page, code, box)
            if re.search(r"[A-Za-z]", code):
                assert 'inputmode="numeric"' not in box, box
        example_code = settings.get("POSTCODE_EXAMPLE", "64111")
        assert example_code in page.read_text(encoding="utf-8")  # the hint's example is the agency's


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_postcode_pages_sort_by_distance_in_the_agencys_unit(example):
    name, site = example
    settings = settings_of(name)
    rows = {row["id"]: row for row in approved(name)}
    pages = sorted(p for p in (site / "find" / "zip").iterdir() if (p / "index.html").exists())
    assert pages, "no postal code pages"
    codes = {p.name for p in pages}
    prefix = int(settings.get("POSTCODE_CENTRE_PREFIX", 0) or 0)
    for row in rows.values():
        key = row["zip"][:prefix] if prefix else row["zip"]
        assert key.replace(" ", "") in {c.replace(" ", "") for c in codes}, (key, sorted(codes))
    centres = {}
    if settings.get("POSTCODE_CENTRES", "zipcodes") != "zipcodes":
        with open(settings["POSTCODE_CENTRES"], newline="", encoding="utf-8") as f:
            centres = {r["postcode"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)}
        assert codes <= set(centres), sorted(codes - set(centres))
    unit = UNIT[name]
    words = r"km" if unit == "km" else r"mi(?:les)?"
    for page in pages:
        html = (page / "index.html").read_text(encoding="utf-8")
        distances = re.findall(r'class="place-distance">([^<]*)<', html)
        ids = re.findall(r'<li class="place" id="place-([^"]+)"', html)
        assert distances and len(distances) == len(ids)
        numbers = []
        for text in distances:
            match = re.search(rf"(\d+(?:[.,]\d+)?) {words}\b", text)
            assert match, f"{page.name}: {text!r} is not in {unit}"
            numbers.append(float(match.group(1).replace(",", ".")))
        assert numbers == sorted(numbers), page.name
        if page.name in centres:  # the first place is the nearest to the code's centre
            centre = centres[page.name]
            nearest = min(rows, key=lambda i: _km(centre, (float(rows[i]["lat"]), float(rows[i]["lon"]))))
            first = _km(centre, (float(rows[ids[0]]["lat"]), float(rows[ids[0]]["lon"])))
            best = _km(centre, (float(rows[nearest]["lat"]), float(rows[nearest]["lon"])))
            assert first <= best + 0.01, (page.name, ids[0], nearest)


def test_the_find_pages_script_speaks_the_agencys_unit(example):
    name, site = example
    page = (site / "find" / "index.html").read_text(encoding="utf-8")
    config = json.loads(
        re.search(r'<script type="application/json" id="find-config"[^>]*>(.*?)</script>', page, re.S).group(
            1
        )
    )
    distance = config["t"]["distance"]
    if UNIT[name] == "km":
        assert "km" in distance and "mile" not in distance, distance
    else:
        assert "mile" in distance or "mi" in distance.split(), distance


def test_each_language_is_the_agencys_choice_with_its_own_decal(example):
    name, site = example
    languages = settings_of(name)["LANGUAGES"]
    for lang in ("es", "fr"):
        assert (site / lang / "index.html").exists() == (lang in languages), lang
    for lang in languages:
        home = (site / ("" if lang == "en" else lang) / "index.html").read_text(encoding="utf-8")
        decal = re.search(r'<figure class="decal-figure">.*?src="[^"]*/img/([^"]+)"', home, re.S).group(1)
        svg = (site / "theme" / "img" / decal).read_text(encoding="utf-8")
        assert settings_of(name)["EMERGENCY_NUMBER"] in svg and f'lang="{lang}"' in svg
