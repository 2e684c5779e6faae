"""A fictional Irish agency (Liffey City), for the tests that prove another country adopts the
site by settings alone (issue 21): Eircodes whose routing key is the centre, +353 phones, 112
with 999 also named, km, day-first dates, and a register without a state column at all.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from support import GOOD_ROW, run_safeplace, settings_file

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


def build_liffey_city(folder: Path) -> Path:
    """Writes the agency's settings, register, boundary, postcode centres and pages into
    ``folder``, builds the site and returns its output folder."""
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
        AGENCY_NAME_BY_LANG={},  # the test agency's Spanish name is not this agency's
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
        ADDRESS_FORMAT="{address}, {city}, {postcode}",  # the Eircode apart, as An Post writes it
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
