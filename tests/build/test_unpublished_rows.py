"""Only what is published can block publishing (issue 13, item 4)."""

from __future__ import annotations

import csv
import io

from pipeline.register.model import STATUSES
from support import FIXTURE_REGISTER, run_safeplace, write_register

REGISTER = FIXTURE_REGISTER


def sample_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(REGISTER.read_text(encoding="utf-8"))))


def test_declined_is_a_status():
    assert "declined" in STATUSES


def test_a_bad_pending_row_does_not_hold_up_an_urgent_suspension(tmp_path):
    rows = sample_rows()
    by_id = {r["id"]: r for r in rows}
    by_id["SP-0001"]["status"] = "suspended"  # the urgent change
    pending = next(r for r in rows if r["status"] == "pending")
    pending.update(zip="6410", hours="weekdays 9 to 5", phone="555", lat="38.9822", lon="-94.6708")
    rows.append(
        dict(
            by_id["SP-0002"],
            id="SP-0900",
            name="Refused Diner",
            address="9 Elm St",
            status="declined",
            website="javascript:alert(1)",
            notes="Outside the program.",
        )
    )
    register = write_register(tmp_path / "participants.csv", rows, lineterminator="\n")
    row = rows.index(pending) + 2
    result = run_safeplace("validate", "--data", str(register))
    assert result.returncode == 0, result.stderr
    assert (
        f"{register}:{row}: zip: warning: '6410' is not a 5-digit ZIP code (the row is pending, "
        "so not published: fix it before approving)" in result.stderr
    )
    assert f"{register}:{row}: lat: warning: 38.9822, -94.6708 is outside" in result.stderr
    assert f"{register}:{len(rows) + 1}: website: warning: 'javascript:alert(1)'" in result.stderr
    assert "1 declined" in result.stdout and "39 will be published" in result.stdout
    # a real build goes through, without the suspended place
    out = tmp_path / "out"
    result = run_safeplace("build", "--data", str(register), "--output", str(out))
    assert result.returncode == 0, result.stderr
    published = (out / "data" / "participants.csv").read_text(encoding="utf-8")
    assert "SP-0001" not in published and "SP-0002" in published and "Refused Diner" not in published
    # and the report lists the row's problems with what the application still lacks
    report = run_safeplace("report", "--data", str(register), "--html", str(tmp_path / "report.html"))
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "is not a 5-digit ZIP code (the row is pending" in page
    assert f"<td>{pending['id']}</td>" in page and "problem(s) to fix" in page


def test_what_still_blocks(tmp_path):
    rows = sample_rows()
    approved = next(i for i, r in enumerate(rows) if r["status"] == "approved")
    pending = next(i for i, r in enumerate(rows) if r["status"] == "pending")
    rows[approved]["zip"] = "641"  # any problem on an approved row
    rows[pending]["id"] = rows[approved]["id"]  # a duplicate id, even on a pending row
    rows[pending + 1]["status"] = "aproved"  # unknown status: was it meant to be published?
    register = write_register(tmp_path / "participants.csv", rows, lineterminator="\n")
    result = run_safeplace("validate", "--data", str(register))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    # each line also names the place the row holds (issue 22): "... [SP-0001 'Name']"
    assert any(
        line.startswith(f"{register}:{approved + 2}: zip: '641' is not a 5-digit ZIP code  [")
        for line in errors
    )
    assert any(line.startswith(f"{register}:{pending + 2}: id: duplicate id") for line in errors)
    assert any(
        line.startswith(f"{register}:{pending + 3}: status: 'aproved' is not one of") for line in errors
    )
    assert errors[-1] == "3 error(s): the register cannot be published."
