"""The coordinator's commands, run as the real console script: geocode, intake, report."""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from pipeline.coordinators.intake import FORM_FIELDS
from support import (
    FIXTURE_REGISTER,
    QuietLog,
    application,
    fixture_settings,
    git,
    run_safeplace,
    settings_file,
)

REGISTER = FIXTURE_REGISTER


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


# --- geocode -------------------------------------------------------------------------------


class StubNominatim(QuietLog, BaseHTTPRequestHandler):
    """A stand-in for the external geocoding API: answers /search like Nominatim does."""

    answers: dict[str, tuple[float, float]] = {}
    calls: list[tuple[float, str, str]] = []

    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        q = query.get("q", [""])[0]
        type(self).calls.append((time.monotonic(), q, self.headers.get("User-Agent", "")))
        hit = next((v for k, v in self.answers.items() if q.startswith(k)), None)
        body = (
            []
            if hit is None
            else [
                {"lat": str(hit[0]), "lon": str(hit[1]), "display_name": q, "place_id": 1, "importance": 0.5}
            ]
        )
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def nominatim():
    StubNominatim.calls = []
    StubNominatim.answers = {"5900 Troost Ave": (39.0195, -94.5722), "77 Nowhere Ln": None}
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubNominatim)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def register_with_missing_coordinates(tmp_path: Path, encoding="utf-8", newline="\r\n") -> Path:
    rows = read_rows(REGISTER)
    extra = dict(
        rows[0],
        id="SP-0900",
        name="Lost Address Shop",
        address="77 Nowhere Ln",
        lat="",
        lon="",
        status="pending",
        approved_on="",
        trained_on="",
    )
    rows.append(extra)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "participants.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_geocode_fills_missing_coordinates_politely_and_caches(tmp_path, nominatim):
    register = register_with_missing_coordinates(tmp_path, encoding="cp1252")
    before = read_rows_cp1252(register)
    cache = tmp_path / "geocode-cache.csv"
    # the test agency's settings wait 0 s (their geocoder is always a stub): here, the default's 1 s
    polite = settings_file(tmp_path, GEOCODER={**fixture_settings()["GEOCODER"], "min_delay_seconds": 1.0})
    result = run_safeplace(
        "geocode",
        "--settings",
        str(polite),
        "--data",
        str(register),
        "--endpoint",
        nominatim,
        "--user-agent",
        "safeplace-test",
        "--cache",
        str(cache),
    )
    # one address has no match: reported with its row, exit 1, the rest still filled
    assert result.returncode == 1, result.stderr
    assert "no match for '77 Nowhere Ln, Kansas City, MO 64105'" in result.stderr
    after = read_rows_cp1252(register)
    filled = next(r for r in after if r["address"] == "5900 Troost Ave")
    assert (filled["lat"], filled["lon"]) == ("39.019500", "-94.572200")
    # nothing else changed: every other cell, the encoding (cp1252) and the CRLF line endings
    for old, new in zip(before, after):
        changed = {k for k in old if old[k] != new[k]}
        assert changed <= ({"lat", "lon"} if old["address"] == "5900 Troost Ave" else set())
    assert register.read_bytes().count(b"\r\n") == len(after) + 1
    # polite: identified, and at most one request a second
    assert [c[2] for c in StubNominatim.calls] == ["safeplace-test"] * 2
    gaps = [b[0] - a[0] for a, b in zip(StubNominatim.calls, StubNominatim.calls[1:])]
    assert all(gap >= 0.95 for gap in gaps), gaps
    # a second run asks the service nothing: both answers (hit and miss) are cached
    StubNominatim.calls = []
    again = run_safeplace("geocode", "--data", str(register), "--endpoint", nominatim, "--cache", str(cache))
    assert StubNominatim.calls == []
    assert "0 looked up" in again.stdout
    assert '"5900 Troost Ave, Kansas City, MO 64110",39.019500,-94.572200' in cache.read_text()


def read_rows_cp1252(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("cp1252"))))


def test_geocode_reports_a_service_that_is_down(tmp_path):
    register = register_with_missing_coordinates(tmp_path)
    before = register.read_bytes()
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
    assert (
        "geocode: no connection to the geocoding service (http://127.0.0.1:9); nothing was changed"
        in result.stderr
    )
    assert register.read_bytes() == before


# --- intake --------------------------------------------------------------------------------


def test_intake_appends_new_applications_as_pending(tmp_path):
    register = tmp_path / "participants.csv"
    shutil.copyfile(REGISTER, register)
    original = register.read_bytes()
    existing = read_rows(REGISTER)
    apps = [
        application(),
        application(organization_name="Plaza Booksellers", address="4750 Broadway Blvd"),  # in register
        application(organization_name="Nobody's Home", applicant_role="employee", agree_let_stay=""),
        application(
            organization_name="Westside Family Services",
            organization_type="social_service",
            address="2000 Summit St",
            hours="weekdays 9 to 5",
        ),
        application(),  # the same application twice in one export
    ]
    path = tmp_path / "applications.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FORM_FIELDS)
        writer.writeheader()
        writer.writerows(apps)
    result = run_safeplace("intake", str(path), "--data", str(register))
    assert result.returncode == 1  # one application had problems
    assert f"{path}:4: applicant_role: only a manager or owner may apply" in result.stderr
    assert f"{path}:4: agree_let_stay: must be agreed to (yes) to take part" in result.stderr
    assert "'Plaza Booksellers' is already in the register: skipped" in result.stdout
    assert register.read_bytes().startswith(original)  # existing rows untouched
    rows = read_rows(register)
    added = rows[len(existing) :]
    assert [(r["id"], r["name"], r["status"]) for r in added] == [
        ("SP-0047", "Gillham Park Bakery", "pending"),
        ("SP-0048", "Westside Family Services", "pending"),
    ]
    assert added[0]["hours"] == "Mo-Sa 07:00-15:00" and added[0]["contact_email"] == "robin@example.org"
    assert added[1]["hours"] == "" and "Hours as given: weekdays 9 to 5" in added[1]["notes"]
    assert added[1]["category"] == "Social service organization"
    assert run_safeplace("validate", "--data", str(register)).returncode == 0
    # running the same export again adds nothing
    again = run_safeplace("intake", str(path), "--data", str(register))
    assert "0 added" in again.stdout
    assert len(read_rows(register)) == len(rows)


# --- report --------------------------------------------------------------------------------


def test_report_shows_status_retraining_and_changes_against_the_committed_register(tmp_path):
    # issue 13: the report compares with the register at a git revision, not with output/
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    register = repo / "data" / "participants.csv"
    shutil.copyfile(REGISTER, register)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "published register")
    rows = read_rows(REGISTER)
    by_id = {r["id"]: r for r in rows}
    by_id["SP-0002"]["phone"] = "816-555-0199"  # changed
    by_id["SP-0003"]["status"] = "withdrawn"  # removed from the site
    by_id["SP-0041"].update(
        status="approved", approved_on="2026-11-01", trained_on="2026-11-02", name="Lakeside <Pet> Supply"
    )  # added
    with register.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    html = tmp_path / "reports" / "report.html"
    result = run_safeplace("report", "--data", str(register), "--html", str(html))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "against main: 1 added, 1 removed, 1 changed" in out
    assert "Re-training due (2)" in out
    # issue 23: how many published places' hours say nothing about public holidays
    published = [r for r in rows if r["status"] == "approved"]
    silent = [r for r in published if r["hours"] not in ("", "24/7") and "PH" not in r["hours"]]
    assert silent, "the test register has hours without a PH rule"
    holidays = f"Hours with no public holiday rule (PH): {len(silent)} of {len(published)}"
    assert holidays in out
    page = html.read_text("utf-8")
    assert holidays in page and silent[0]["id"] in page
    assert "Lakeside &lt;Pet&gt; Supply" in page and "<Pet>" not in page
    assert "phone: (816) 555-0102 → (816) 555-0199" in page
    assert "status approved → withdrawn" in page and "status pending → approved" in page
