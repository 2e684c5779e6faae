"""Hours through the coordinator's commands (issue 24): ``validate`` says how a value was read,
``import`` writes the canonical spelling, the build publishes it, refuses what two readers read
differently and what never opens, with the fix; a register of this test's own making."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import GOOD_ROW, run_safeplace, settings_file

AS_OF = "2026-11-20"


def write_register(path: Path, hours: list[str], status: str = "approved") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GOOD_ROW))
        writer.writeheader()
        for n, value in enumerate(hours):
            writer.writerow(
                {
                    **GOOD_ROW,
                    "id": f"SP-91{n:02d}",
                    "name": f"Place {n}",
                    "address": f"{4700 + n} Main St",
                    "hours": value,
                    "status": status,
                }
            )
    return path


def test_validate_and_import_read_unambiguous_spellings_canonically(tmp_path):
    settings = settings_file(tmp_path, HOURS_AS_OF=AS_OF)
    typed = [
        "Mo - Fr 09:00 \u2013 17:00",
        "MO-FR: 08:00-12:00 , 13:00-17:00",
        "Mo-Su 24/7",
        "Mo-Fr 24/7; PH off",
        "Sa-Su 10:00-14:00",
        "mo-fr 9:00-17:00;; SA 10:00-14:00",
    ]
    source = write_register(tmp_path / "typed.csv", typed)
    result = run_safeplace("validate", "--settings", str(settings), "--data", str(source))
    assert result.returncode == 0, result.stdout + result.stderr
    said = result.stdout + result.stderr
    assert "typed.csv:2: hours: warning: read as `Mo-Fr 09:00-17:00`" in said
    assert "typed.csv:3: hours: warning: read as `Mo-Fr 08:00-12:00,13:00-17:00`" in said
    assert "typed.csv:4: hours: warning: read as `24/7`" in said
    assert "typed.csv:5: hours: warning: read as `Mo-Fr 00:00-24:00; PH off`" in said
    assert "typed.csv:6" not in said  # already canonical: nothing to say
    assert "typed.csv:7: hours: warning: read as `Mo-Fr 09:00-17:00; Sa 10:00-14:00`" in said

    target = tmp_path / "register.csv"
    result = run_safeplace("import", str(source), "--to", str(target), "--settings", str(settings))
    assert result.returncode == 0, result.stdout + result.stderr
    written = [row["hours"] for row in csv.DictReader(target.open(encoding="utf-8"))]
    assert written == [
        "Mo-Fr 09:00-17:00",
        "Mo-Fr 08:00-12:00,13:00-17:00",
        "24/7",
        "Mo-Fr 00:00-24:00; PH off",
        "Sa-Su 10:00-14:00",
        "Mo-Fr 09:00-17:00; Sa 10:00-14:00",
    ]

    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(settings), "--data", str(source), "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads((out / "find/places.json").read_text(encoding="utf-8"))
    words = {row[0]: data["words"][row[data["fields"].index("schedule")]] for row in data["places"]}
    assert words["SP-9100"][:2] == ["Monday to Friday: 9 a.m. to 5 p.m.", "Saturday and Sunday: closed"]
    assert words["SP-9102"] == ["Open 24 hours, 7 days a week"]
    opendata = (out / "data/participants.csv").read_text(encoding="utf-8")  # the value as read
    assert "Mo-Fr 08:00-12:00,13:00-17:00" in opendata and "MO-FR:" not in opendata


def test_the_build_refuses_two_readings_and_ended_hours_with_the_fix(tmp_path):
    settings = settings_file(tmp_path, HOURS_AS_OF=AS_OF)
    source = write_register(
        tmp_path / "register.csv",
        [
            "Mo, We 09:00-17:00",
            "Su-Th 11:00-23:00; Fr,Sa 11:00-02:00",
            "2025 Mo-Fr 09:00-17:00",
            "Mo-Fr 09:00-17:00",
        ],
    )
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(settings), "--data", str(source), "--output", str(out))
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert (
        "register.csv:2: hours: 'Mo, We 09:00-17:00' is read differently by different apps: "
        "did you mean `Mo,We 09:00-17:00`?" in said
    )
    assert "register.csv:3: hours: 'Su-Th 11:00-23:00; Fr,Sa 11:00-02:00': the hours after midnight" in said
    assert (
        "register.csv:4: hours: '2025 Mo-Fr 09:00-17:00': this place has no opening hours after 2025" in said
    )
    assert "register.csv:5" not in said
    assert not (out / "find/places.json").exists()  # nothing published

    pending = write_register(tmp_path / "pending.csv", ["2025 Mo-Fr 09:00-17:00"], status="pending")
    result = run_safeplace("validate", "--settings", str(settings), "--data", str(pending))
    assert result.returncode == 0, result.stdout + result.stderr  # not published: a warning
    assert "no opening hours after 2025" in result.stdout + result.stderr
