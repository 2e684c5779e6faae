"""HSDS 3.0 export, a page per place, 404.html: one real build of a register made here.

The package is checked by ``frictionless validate`` (the tool the specification's own CI runs),
against the table schemas our ``datapackage.json`` carries; the tests also hold those schemas to
what they must say, and the rows to what the register means (ids, hours, privacy, escaping).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
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


def frictionless(site: Path, descriptor: str = "data/hsds/datapackage.json") -> dict:
    """``frictionless validate`` on the built package: its report, after asserting it is valid."""
    tool = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(tool), "validate", "--json", str(site / descriptor)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:4000]
    assert result.returncode == 0
    return report


PUBLISHED = {
    "organization",
    "program",
    "service",
    "service_at_location",
    "location",
    "phone",
    "contact",
    "address",
    "schedule",
}


def test_frictionless_finds_the_package_valid(site):
    names = {task["name"] for task in frictionless(site)["tasks"]}
    assert names == PUBLISHED
    assert table(site, "programs.csv") == [] and table(site, "contacts.csv") == []  # header only


def test_the_sample_register_and_a_3000_place_register_make_valid_packages(built_site, tmp_path):
    from benchmarks.bench import synthetic_register

    report = frictionless(built_site)
    rows = {task["name"]: task["stats"].get("rows", 0) for task in report["tasks"]}
    assert rows["location"] == len(list((built_site / "places").iterdir()))
    register = tmp_path / "register.csv"
    synthetic_register(3000, register)
    out = tmp_path / "output"
    conf = settings_file(tmp_path, SITE_ABSOLUTE_URL=SITE)
    result = run_safeplace("build", "--settings", str(conf), "--data", str(register), "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {task["name"]: task["stats"].get("rows", 0) for task in frictionless(out)["tasks"]}
    assert rows["location"] == len(list((out / "places").iterdir())) > 2500


def schema_rules(package: dict) -> dict:
    """What a data package says of its tables, and nothing else (no titles, descriptions or
    examples): per table its file, key, columns in order (name, type, format, required, unique,
    enumeration) and foreign keys."""
    rules = {}
    for resource in package["resources"]:
        schema = resource["schema"]
        rules[resource["name"]] = {
            "path": resource["path"],
            "primaryKey": schema.get("primaryKey"),
            "fields": [
                [
                    f["name"],
                    f["type"],
                    f.get("format"),
                    bool(f.get("constraints", {}).get("required")),
                    bool(f.get("constraints", {}).get("unique")),
                    f.get("constraints", {}).get("enum"),
                ]
                for f in schema["fields"]
            ],
            "foreignKeys": sorted(
                [k["fields"], k["reference"]["resource"], k["reference"]["fields"]]
                for k in schema.get("foreignKeys", [])
            ),
        }
    return rules


def rules_digest(package: dict) -> str:
    return hashlib.sha256(json.dumps(schema_rules(package), sort_keys=True).encode()).hexdigest()


# schema_rules() of the specification's own datapackage.json (Open Referral, HSDS 3.0.0: tag v3.0
# of openreferral/specification) kept to the tables we publish. The 3.1 development line gives
# the same digest: it changes none of these tables. With a copy of the specification at hand,
# HSDS_SPEC_DATAPACKAGE=path/to/datapackage.json runs the checks below against it directly.
HSDS_3_0_RULES = "50a849358f98076c8814d8a9ae1e5dbe2ef4bfbba0c396ea2ef158f5ca0fb5fc"


def test_the_schemas_are_the_specifications_own(site):
    package = json.loads((site / "data" / "hsds" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and package["version"] == "3.0.0"
    assert rules_digest(package) == HSDS_3_0_RULES, "the tables differ from HSDS 3.0's table schemas"
    rules = schema_rules(package)
    assert set(rules) == PUBLISHED
    for name, rule in rules.items():
        with (site / "data" / "hsds" / rule["path"]).open(encoding="utf-8") as f:
            assert next(csv.reader(f)) == [field[0] for field in rule["fields"]], name
        assert rule["primaryKey"] == "id" and rule["fields"][0] == ["id", "string", "uuid", True, True, None]
        # every reference is to a table we publish, from a column of UUIDs
        assert {target for _, target, _ in rule["foreignKeys"]} <= PUBLISHED
        uuids = {f[0] for f in rule["fields"] if f[2] == "uuid"}
        assert {column for column, _, _ in rule["foreignKeys"]} <= uuids
    required = {name: {f[0] for f in rule["fields"] if f[3]} for name, rule in rules.items()}
    assert required == {
        "organization": {"id", "name", "description"},
        "program": {"id", "organization_id", "name", "description"},
        "service": {"id", "organization_id", "name", "status"},
        "service_at_location": {"id", "service_id", "location_id"},
        "location": {"id", "location_type"},
        "phone": {"id", "number"},
        "contact": {"id"},
        "address": {"id", "address_1", "city", "state_province", "postal_code", "country", "address_type"},
        "schedule": {"id"},
    }
    enums = {(name, f[0]): f[5] for name, rule in rules.items() for f in rule["fields"] if f[5]}
    kinds = ["physical", "postal", "virtual"]
    assert enums == {
        ("service", "status"): ["active", "inactive", "defunct", "temporarily closed"],
        ("location", "location_type"): kinds,
        ("address", "address_type"): kinds,
        ("schedule", "wkst"): ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
        ("schedule", "freq"): ["WEEKLY", "MONTHLY"],
    }
    schedule = {f[0]: f[1] for f in rules["schedule"]["fields"] if f[1] != "string"}
    assert schedule == {
        "valid_from": "date",
        "valid_to": "date",
        "dtstart": "date",
        "timezone": "number",
        "until": "date",
        "count": "number",
        "interval": "number",
        "opens_at": "time",
        "closes_at": "time",
    }


def test_the_rows_mean_what_the_specification_says(site):
    """What the specification asks in words, which a Table Schema cannot check: times with their
    UTC offset and the offset in ``timezone``, RFC 5545 weekdays (an occurrence number only in a
    MONTHLY rule), phone types from RFC 6350, two-letter countries, coordinates on the Earth."""
    schedules = table(site, "schedules.csv")
    places = {row["id"] for row in table(site, "service_at_location.csv")}
    assert schedules and all(row["service_at_location_id"] in places for row in schedules)
    assert not any(row["service_id"] for row in schedules)  # a place's hours, not the service's
    for row in schedules:
        assert row["valid_from"] <= row["valid_to"] and row["wkst"] == "MO"
        day = r"(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)" if row["freq"] == "MONTHLY" else r"(MO|TU|WE|TH|FR|SA|SU)"
        assert all(re.fullmatch(day, part) for part in row["byday"].split(",")), row
        for column in ("opens_at", "closes_at"):
            if row[column]:
                found = re.fullmatch(r"\d\d:\d\d:\d\d([+-])(\d\d):(\d\d)", row[column])
                assert found, row
                sign = -1 if found.group(1) == "-" else 1
                hours = int(found.group(2)) + int(found.group(3)) / 60
                assert float(row["timezone"]) == sign * hours, row
    for row in table(site, "phones.csv"):
        assert row["type"] in {"text", "voice", "fax", "cell", "video", "pager", "textphone"}
        assert re.fullmatch(r"\+[1-9]\d{6,14}", row["number"])
    assert all(re.fullmatch(r"[A-Z]{2}", row["country"]) for row in table(site, "addresses.csv"))
    for row in table(site, "locations.csv"):
        assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180


def spec_package() -> dict:
    path = os.environ.get("HSDS_SPEC_DATAPACKAGE")
    if not path:
        pytest.skip("HSDS_SPEC_DATAPACKAGE (the specification's datapackage.json) not given")
    return json.loads(Path(path).read_text(encoding="utf-8"))


def test_the_package_is_valid_by_the_specifications_own_datapackage(site, tmp_path):
    """The specification's way of checking part of a package (its examples' make_datapackages):
    its own descriptor, kept to the files present and the keys among them; and ours with the
    specification's schemas in place of our own."""
    spec = spec_package()
    assert rules_digest({"resources": [r for r in spec["resources"] if r["name"] in PUBLISHED]}) == (
        HSDS_3_0_RULES
    )
    folder = site / "data" / "hsds"
    for way in ("the specification's, kept to our files", "ours, with the specification's schemas"):
        check = tmp_path / way.split(",")[0].split()[-1]
        check.mkdir()
        for csv_file in folder.glob("*.csv"):
            (check / csv_file.name).write_bytes(csv_file.read_bytes())
        if way.startswith("ours"):
            package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
            schemas = {r["name"]: r["schema"] for r in spec["resources"]}
            for resource in package["resources"]:
                resource["schema"] = schemas[resource["name"]]
        else:
            package = json.loads(json.dumps(spec))
            package["resources"] = [r for r in package["resources"] if (check / r["path"]).exists()]
            for resource in package["resources"]:
                keys = [
                    k
                    for k in resource["schema"].get("foreignKeys", [])
                    if k["reference"]["resource"] in PUBLISHED
                ]
                resource["schema"]["foreignKeys"] = keys
        (check / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
        names = {task["name"] for task in frictionless(check, "datapackage.json")["tasks"]}
        assert names == PUBLISHED, way


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
    assert all((s["opens"], s["closes"]) == ("09:00:00", "18:00:00") for s in week)
    assert "</script><b>" not in html and "&lt;/script&gt;&lt;b&gt;" in html


def test_the_404_page_says_it_is_not_a_current_safe_place_in_every_language(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "This is not a current Safe Place" in html and "Este no es un Safe Place actual" in html
    assert 'href="tel:+18162345111"' in html
    assert 'href="https://safe-place.city.gov/find/"' in html  # absolute: served at any depth
    for changes in APPROVED.values():
        assert changes["name"] not in html
