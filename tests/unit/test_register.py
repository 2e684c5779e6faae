"""Loading and validating the register: every problem named by file, row and column."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from pipeline.register.checks import load_register
from pipeline.register.encoding import decode
from pipeline.register.geography import Boundary
from pipeline.register.model import COLUMNS
from pipeline.register.problems import RegisterError
from support import FIXTURE_BOUNDARY, GOOD_ROW

ROOT = Path(__file__).resolve().parent.parent
BOUNDARY = Boundary.load(FIXTURE_BOUNDARY)
TODAY = date(2026, 11, 24)

GOOD = GOOD_ROW


def write(tmp_path: Path, rows: list[dict], columns=COLUMNS, encoding="utf-8", newline="\n") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator=newline, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "register.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def row(**changes) -> dict:
    return {**GOOD, **changes}


def load(path: Path):
    return load_register(path, boundary=BOUNDARY, categories=("Shop", "Library"), today=TODAY, state="MO")


def problems(path: Path) -> list[str]:
    with pytest.raises(RegisterError) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


def test_a_good_row_becomes_a_typed_public_record(tmp_path):
    register = load(write(tmp_path, [row()]))
    (place,) = register.published
    assert place.name == "Corner Books" and place.lat == pytest.approx(39.041)
    assert place.phone == "(816) 555-0150" and place.phone_e164 == "+18165550150"
    assert place.hours.is_open(0, 10 * 60) and not place.hours.is_open(6, 10 * 60)
    assert not hasattr(place, "contact_email")  # private columns are not on the public record
    assert register.entries[0].vetting.contact_email == "pat@example.org"


def test_only_approved_rows_are_published(tmp_path):
    rows = [
        row(),
        row(id="SP-2", name="B", status="pending", approved_on="", trained_on=""),
        row(id="SP-3", name="C", status="withdrawn"),
        row(id="SP-4", name="D", status="suspended"),
    ]
    register = load(write(tmp_path, rows))
    assert [p.id for p in register.published] == ["SP-9001"]
    assert len(register.entries) == 4


def test_every_problem_is_reported_at_once_with_row_and_column(tmp_path):
    rows = [
        row(),
        row(id="SP-2", name="Two", lat="north", status="aproved"),
        row(id="SP-3", name="Three", lon="-200", zip="6411", website="javascript:alert(1)"),
    ]
    path = write(tmp_path, rows)
    found = problems(path)
    assert f"{path}:3: lat: 'north' is not a number" in found
    assert any(p.startswith(f"{path}:3: status: 'aproved' is not one of") for p in found)
    assert f"{path}:4: lon: -200 is out of range (-180 to 180)" in found
    assert f"{path}:4: zip: '6411' is not a 5-digit ZIP code" in found
    assert any(p.startswith(f"{path}:4: website:") for p in found)


def test_missing_column_is_named(tmp_path):
    columns = [c for c in COLUMNS if c != "hours"]
    path = write(tmp_path, [row()], columns=columns)
    assert problems(path) == [f"{path}:1: hours: required column is missing from the header"]


def test_duplicate_ids_name_both_rows(tmp_path):
    path = write(tmp_path, [row(), row(name="Other", address="1 Main St")])
    assert f"{path}:3: id: duplicate id 'SP-9001': also used on row 2" in problems(path)


def test_points_outside_the_jurisdiction_are_errors(tmp_path):
    overland_park = row(lat="38.9822", lon="-94.6708")
    st_louis = row(id="SP-2", name="Arch Cafe", lat="38.6270", lon="-90.1994")
    path = write(tmp_path, [overland_park, st_louis])
    found = problems(path)
    assert any(p.startswith(f"{path}:2: lat: 38.9822, -94.6708 is outside") for p in found)
    assert any(p.startswith(f"{path}:3: lat: 38.627, -90.1994 is outside") for p in found)


def test_bad_phone_hours_and_dates(tmp_path):
    # issue 13: 02/01/2026 is how US Excel saves a date, so it is read (as February 1)
    path = write(tmp_path, [row(phone="555-0101", hours="Mo-Fr 9-5 maybe", approved_on="2026/02/01")])
    found = problems(path)
    assert f"{path}:2: phone: '555-0101' is not a valid North American phone number" in found
    assert any(p.startswith(f"{path}:2: hours:") for p in found)
    assert any(
        p.startswith(f"{path}:2: approved_on: '2026/02/01' is not a date: write YYYY-MM-DD") for p in found
    )


def test_approved_needs_vetting_dates_and_old_training_warns(tmp_path):
    path = write(tmp_path, [row(trained_on="")])
    assert f"{path}:2: trained_on: an approved participant needs this date" in problems(path)
    register = load(write(tmp_path, [row(trained_on="2025-06-01", phone="")]))
    warnings = [str(w) for w in register.warnings]
    assert any("trained_on: warning: staff last trained 2025-06-01" in w for w in warnings)
    assert any("phone: warning: no phone number" in w for w in warnings)


@pytest.mark.parametrize("encoding,newline", [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("cp1252", "\r\n")])
def test_excel_encodings_are_read_and_text_stays_text(tmp_path, encoding, newline):
    path = write(tmp_path, [row(name="  Café Olé  ")], encoding=encoding, newline=newline)
    (place,) = load(path).published
    assert place.name == "Café Olé"


def test_garbage_bytes_give_one_clear_error(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    found = problems(path)
    assert len(found) == 1 and "not a CSV register" in found[0]


def test_decode_prefers_utf8_and_falls_back_to_windows_1252():
    assert decode("Olé".encode()) == "Olé"
    assert decode("Olé".encode("cp1252")) == "Olé"
    assert decode("\ufeffid\r\n".encode("utf-8")) == "id\n"


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"id": "SP 1/2"}, ["id: 'SP 1/2': use only letters, digits, '-', '_' and '.'"]),
        ({"id": ""}, ["id: required value is empty"]),
        (
            {"name": '=HYPERLINK("x")'},
            ["name: must not start with = + - or @ (spreadsheets run it as a formula)"],
        ),
        (
            {"address": "@SUM(A1)"},
            ["address: must not start with = + - or @ (spreadsheets run it as a formula)"],
        ),
        ({"name": "Books\u2028& More"}, ["name: contains a line break or other control character"]),
        ({"category": "Bakery"}, ["category: 'Bakery' is not a known category (Shop; Library)"]),
        ({"state": "KS"}, ["state: 'KS': this register only covers MO"]),
        ({"zip": "6411"}, ["zip: '6411' is not a 5-digit ZIP code"]),
        # issue 14: a place may be published without hours (the site says "Call to check hours")
        ({"lat": "", "hours": ""}, ["lat: required before a participant can be approved"]),
        ({"lat": "nan"}, ["lat: nan is out of range (-90 to 90)"]),
        ({"website": "http://[broken"}, ["website: 'http://[broken' is not an http:// or https:// address"]),
        (
            {"website": "https://exa mple.org"},
            ["website: 'https://exa mple.org' is not an http:// or https:// address"],
        ),
        (
            {"website": "ftp://example.org"},
            ["website: 'ftp://example.org' is not an http:// or https:// address"],
        ),
        ({"approved_on": ""}, ["approved_on: an approved participant needs this date"]),
        ({"applied_on": "2026-02-30"}, ["applied_on: '2026-02-30' is not a date: February 2026 has 28 days"]),
    ],
)
def test_each_rule_names_its_row_and_column(tmp_path, changes, expected):
    path = write(tmp_path, [row(id="SP-1", name="First", address="1 Oak St"), row(**changes)])
    assert problems(path) == [f"{path}:3: {message}" for message in expected]


def test_problems_come_in_row_order_and_rule_order_within_a_row(tmp_path):
    rows = [
        row(id="SP-1", name="A", zip="641", status="aproved"),
        row(id="SP-2", name="B", lat="north", phone="12"),
        row(id="SP-1", name="C", address="2 Oak St", website="mailto:x@example.org"),
    ]
    path = write(tmp_path, rows)
    assert [p.split(": ")[0:2] for p in problems(path)] == [
        [f"{path}:2", "status"],
        [f"{path}:2", "zip"],
        [f"{path}:3", "lat"],
        [f"{path}:3", "phone"],
        [f"{path}:4", "website"],
        [f"{path}:4", "id"],
    ]


def test_blank_lines_and_rows_of_blank_cells_are_skipped_but_rows_keep_their_numbers(tmp_path):
    path = write(
        tmp_path, [row(id="SP-1", name="A"), {c: "" for c in COLUMNS}, row(id="SP-2", name="B", zip="1")]
    )
    text = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*text[:2], "", *text[2:]]) + "\n", encoding="utf-8")
    assert problems(path) == [f"{path}:5: zip: '1' is not a 5-digit ZIP code"]
