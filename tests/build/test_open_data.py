"""HSDS 3.0 export, a page per place, 404.html: one real build of a register made here.

The package is checked by ``frictionless validate`` (the tool the specification's own CI runs),
against the table schemas our ``datapackage.json`` carries; the tests also hold those schemas to
what they must say, and the rows to what the register means (ids, hours, privacy, escaping).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from conftest import GOOD_ROW, run_safeplace, settings_file

SITE = "https://safe-place.city.gov"
HOSTILE = 'Tom "Best" </script><b>, Jerry\'s & Co'
PRIVATE = (
    "Secret Contact Person",
    "private.person@hidden.example",
    "(816) 555-0199",
    "Note only coordinators see",
)
APPROVED = {
    "SP-1": {"name": HOSTILE, "hours": "Mo-Sa 09:00-18:00"},
    "SP-2": {"name": "Monthly Library", "hours": "Mo-Fr 09:00-17:00; Mo[1] off", "address": "4701 Main St"},
    "SP-3": {"name": "Night Diner", "hours": "Fr,Sa 20:00-02:00", "address": "4702 Main St", "phone": ""},
    "SP-4": {
        "name": "Holiday Office",
        "hours": "Mo-Fr 08:00-16:00; PH off",
        "address": "4703 Main St",
        "website": "",
    },
    "SP-5": {"name": "No Hours Shop", "hours": "", "address": "4704 Main St"},
}
HIDDEN = {
    "SP-8": {"name": "Withdrawn Hidden Bakery", "status": "withdrawn", "address": "4708 Main St"},
    "SP-9": {"name": "Pending Hidden Garage", "status": "pending", "address": "4709 Main St"},
}


def register_file(path: Path) -> Path:
    rows = []
    for ident, changes in {**APPROVED, **HIDDEN}.items():
        rows.append(
            {
                **GOOD_ROW,
                "id": ident,
                "contact_name": PRIVATE[0],
                "contact_email": PRIVATE[1],
                "contact_phone": PRIVATE[2],
                "notes": PRIVATE[3],
                **changes,
            }
        )
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(GOOD_ROW))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("open-data")
    conf = settings_file(tmp, SITE_ABSOLUTE_URL=SITE, HOURS_AS_OF="2027-01-04", SAMPLE_DATA=False)
    out = tmp / "output"
    result = run_safeplace(
        "build",
        "--settings",
        str(conf),
        "--data",
        str(register_file(tmp / "register.csv")),
        "--output",
        str(out),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def table(site: Path, name: str) -> list[dict]:
    with (site / "data" / "hsds" / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def frictionless(site: Path) -> dict:
    """``frictionless validate`` on the built package: its report, after asserting it is valid."""
    tool = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(tool), "validate", "--json", str(site / "data" / "hsds" / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:4000]
    assert result.returncode == 0
    return report


def test_frictionless_finds_the_package_valid(site):
    names = {task["name"] for task in frictionless(site)["tasks"]}
    assert names == {
        "organization",
        "service",
        "location",
        "service_at_location",
        "address",
        "phone",
        "schedule",
    }


def test_the_sample_register_and_a_3000_place_register_make_valid_packages(built_site, tmp_path):
    from benchmarks.bench import synthetic_register

    report = frictionless(built_site)
    rows = {task["name"]: task["stats"]["rows"] for task in report["tasks"]}
    assert rows["location"] == len(list((built_site / "places").iterdir()))
    register = tmp_path / "register.csv"
    synthetic_register(3000, register)
    out = tmp_path / "output"
    conf = settings_file(tmp_path, SITE_ABSOLUTE_URL=SITE)
    result = run_safeplace("build", "--settings", str(conf), "--data", str(register), "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {task["name"]: task["stats"]["rows"] for task in frictionless(out)["tasks"]}
    assert rows["location"] == len(list((out / "places").iterdir())) > 2500


def test_the_schemas_say_what_hsds_3_says(site):
    package = json.loads((site / "data" / "hsds" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    schedule = {f["name"]: f for f in resources["schedule"]["schema"]["fields"]}
    assert schedule["freq"]["constraints"]["enum"] == ["WEEKLY", "MONTHLY"]
    assert schedule["opens_at"]["type"] == "time" and schedule["timezone"]["type"] == "number"
    location = {f["name"]: f for f in resources["location"]["schema"]["fields"]}
    assert location["location_type"]["constraints"] == {
        "required": True,
        "unique": False,
        "enum": ["physical", "postal", "virtual"],
    }
    service = {f["name"]: f for f in resources["service"]["schema"]["fields"]}
    assert service["status"]["constraints"]["required"] is True
    for resource in package["resources"]:
        with (site / "data" / "hsds" / resource["path"]).open(encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert header == [field["name"] for field in resource["schema"]["fields"]], resource["name"]


def test_ids_are_stable_uuids_and_the_register_id_is_kept(site):
    space = uuid.uuid5(uuid.NAMESPACE_URL, SITE)
    locations = table(site, "locations.csv")
    assert sorted(row["external_identifier"] for row in locations) == sorted(APPROVED)
    for row in locations:
        assert row["id"] == str(uuid.uuid5(space, f"location\x1f{row['external_identifier']}"))
        assert row["url"] == f"{SITE}/places/{row['external_identifier']}/"
    addresses = {row["location_id"]: row for row in table(site, "addresses.csv")}
    assert all(addresses[row["id"]]["postal_code"] == GOOD_ROW["zip"] for row in locations)
    services = table(site, "services.csv")
    assert len(services) == 1 and services[0]["status"] == "active"
    assert len(table(site, "service_at_location.csv")) == len(APPROVED)
    phones = [row["number"] for row in table(site, "phones.csv")]
    assert "+18165550150" in phones and all(p.startswith("+") for p in phones)


def rows_of(site: Path, ident: str) -> list[dict]:
    space = uuid.uuid5(uuid.NAMESPACE_URL, SITE)
    location = str(uuid.uuid5(space, f"location\x1f{ident}"))
    return [row for row in table(site, "schedules.csv") if row["location_id"] == location]


def test_the_week_is_weekly_rows_with_the_offset_of_each_stretch(site):
    rows = [r for r in rows_of(site, "SP-1") if r["freq"] == "WEEKLY" and r["opens_at"]]
    winter = [r for r in rows if r["valid_from"] == "2027-01-04"]
    assert [(r["byday"], r["opens_at"], r["closes_at"], r["timezone"]) for r in winter] == [
        ("MO,TU,WE,TH,FR,SA", "09:00:00-06:00", "18:00:00-06:00", "-6")
    ]
    assert winter[0]["valid_to"] == "2027-03-13"  # clocks go forward on Sunday 14 March 2027
    summer = [r for r in rows if r["valid_from"] == "2027-03-14"]
    assert summer[0]["opens_at"] == "09:00:00-05:00" and summer[0]["timezone"] == "-5"


def test_a_span_past_midnight_is_split_at_midnight(site):
    rows = {
        (r["byday"], r["opens_at"], r["closes_at"])
        for r in rows_of(site, "SP-3")
        if r["valid_from"] == "2027-01-04"
    }
    assert rows == {
        ("FR,SA", "20:00:00-06:00", "23:59:59-06:00"),
        ("SA,SU", "00:00:00-06:00", "02:00:00-06:00"),
    }


def test_a_first_monday_rule_is_monthly_rows(site):
    rows = [r for r in rows_of(site, "SP-2") if r["valid_from"] == "2027-01-04"]
    weekly = [r for r in rows if r["freq"] == "WEEKLY"]
    monthly = [r for r in rows if r["freq"] == "MONTHLY"]
    assert [(r["byday"], r["opens_at"]) for r in weekly] == [("TU,WE,TH,FR", "09:00:00-06:00")]
    assert [(r["byday"], r["opens_at"], r["closes_at"]) for r in monthly] == [
        ("2MO,3MO,4MO,5MO", "09:00:00-06:00", "17:00:00-06:00")
    ]


def test_holidays_are_dated_rows_and_the_description_says_where_to_look(site):
    rows = rows_of(site, "SP-4")
    closed = [r for r in rows if r["valid_from"] == "2027-01-18"]  # Martin Luther King Jr. Day
    assert len(closed) == 1 and closed[0]["valid_to"] == "2027-01-18"
    assert not closed[0]["opens_at"] and closed[0]["byday"] == "MO"
    assert "Closed" in closed[0]["description"]
    regular = [r for r in rows if r["description"].startswith("Regular hours")]
    assert regular and all("holiday hours" in r["description"] for r in regular)
    assert rows_of(site, "SP-5") == []  # no hours: no schedule at all


def test_hostile_text_is_quoted_in_csv_and_read_back_the_same(site):
    names = {row["external_identifier"]: row["name"] for row in table(site, "locations.csv")}
    assert names["SP-1"] == HOSTILE
    from pipeline.find.hsds import table_csv

    text = table_csv("location", [{"id": "x", "name": "=1+2", "latitude": "-94.5"}])
    assert next(csv.DictReader(io.StringIO(text))) | {} == {
        **{k: "" for k in next(csv.reader(io.StringIO(text)))},
        "id": "x",
        "name": "'=1+2",
        "latitude": "-94.5",
    }  # a formula neutralised, a number kept


def everything(site: Path) -> str:
    parts = [p.read_text(encoding="utf-8") for p in (site / "data" / "hsds").iterdir()]
    parts += [p.read_text(encoding="utf-8") for p in (site / "places").rglob("*.html")]
    parts += [p.read_text(encoding="utf-8") for p in (site / "es" / "places").rglob("*.html")]
    parts += [(site / name).read_text(encoding="utf-8") for name in ("sitemap.xml", "404.html")]
    return "\n".join(parts)


def test_nothing_private_and_no_unapproved_place_is_published(site):
    text = everything(site)
    for value in (
        *PRIVATE,
        "Withdrawn Hidden Bakery",
        "Pending Hidden Garage",
        "4708 Main St",
        "places/SP-8/",
        "places/SP-9/",
    ):
        assert value not in text
    assert not (site / "places" / "SP-8").exists() and not (site / "es" / "places" / "SP-9").exists()


def test_a_page_per_place_in_every_language(site):
    for ident in APPROVED:
        for prefix, words in (("", "This decal belongs to"), ("es/", "Esta calcomanía es de")):
            html = (site / f"{prefix}places/{ident}/index.html").read_text(encoding="utf-8")
            assert words in html and "(816) 234-5111" in html
            assert f'href="../../{prefix}find/' in html.replace("../../../", "../../")
    html = (site / "places/SP-2/index.html").read_text(encoding="utf-8")
    assert "Monthly Library" in html and "4701 Main St" in html and 'href="tel:+18165550150"' in html
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for ident in APPROVED:
        assert f"<loc>{SITE}/places/{ident}/</loc>" in sitemap
        assert f"<loc>{SITE}/es/places/{ident}/</loc>" in sitemap
    find = (site / "find" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../places/SP-2/">Monthly Library</a>' in find
    assert '<a href="../../es/places/SP-2/">' in (site / "es/find/index.html").read_text(encoding="utf-8")


def test_json_ld_is_data_that_cannot_close_its_script(site):
    html = (site / "places/SP-1/index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and "\\u003c/script" in block
    data = json.loads(block)
    assert data["@type"] == "LocalBusiness" and data["name"] == HOSTILE
    assert data["url"] == f"{SITE}/places/SP-1/" and data["telephone"] == "+18165550150"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 39.041, "longitude": -94.585}
    assert data["address"]["postalCode"] == GOOD_ROW["zip"]
    week = [s for s in data["openingHoursSpecification"] if "validFrom" not in s]
    assert {s["dayOfWeek"].rsplit("/", 1)[1] for s in week} == {
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    }
    assert all((s["opens"], s["closes"]) == ("09:00", "18:00") for s in week)
    assert "</script><b>" not in html and "&lt;/script&gt;&lt;b&gt;" in html


def test_the_404_page_says_it_is_not_a_current_safe_place_in_every_language(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "This is not a current Safe Place" in html and "Este no es un Safe Place actual" in html
    assert 'href="tel:+18162345111"' in html
    assert 'href="https://safe-place.city.gov/find/"' in html  # absolute: served at any depth
    for changes in APPROVED.values():
        assert changes["name"] not in html
