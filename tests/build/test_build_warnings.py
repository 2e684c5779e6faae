"""The build prints the register's warnings exactly as ``validate`` does (issue 27, item 1)."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.register.model import COLUMNS


def write_register(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    return path


def rows_with_warnings() -> list[dict[str, str]]:
    """One approved place, and unpublished rows whose problems are only warnings."""
    return [
        GOOD_ROW,
        dict(
            GOOD_ROW,
            id="SP-9002",
            name="Pending Typo Shop",
            phone="555-01",
            hours="Mo-Fr 9 to 5",
            status="pending",
            approved_on="",
            trained_on="",
        ),
        dict(GOOD_ROW, id="SP-9003", name="Far Away Cafe", zip="6410", status="suspended"),
        dict(GOOD_ROW, id="SP-9004", name="Declined Diner", website="javascript:alert(1)", status="declined"),
    ]


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


def test_build_prints_the_same_warnings_as_validate(tmp_path):
    register = write_register(tmp_path / "register.csv", rows_with_warnings())
    conf = settings_file(tmp_path)
    checked = run_safeplace("validate", "--settings", str(conf), "--data", str(register))
    assert checked.returncode == 0, checked.stderr
    expected = warning_lines(checked.stderr)
    assert len(expected) >= 4, checked.stderr  # phone, hours, zip, website
    assert all(line.startswith(f"{register}:") for line in expected)
    rows = {line.split(":")[1] for line in expected}
    assert rows == {"3", "4", "5"}

    built = run_safeplace(
        "build", "--settings", str(conf), "--data", str(register), "--output", str(tmp_path / "out")
    )
    assert built.returncode == 0, built.stderr  # warnings never fail the build
    assert warning_lines(built.stderr) == expected
    assert "with 1 published Safe Place(s)" in built.stdout


def test_a_register_named_relatively_is_named_the_same_by_both(tmp_path):
    write_register(tmp_path / "register.csv", rows_with_warnings())
    conf = settings_file(tmp_path)
    checked = run_safeplace("validate", "--settings", str(conf), "--data", "register.csv", cwd=tmp_path)
    built = run_safeplace(
        "build", "--settings", str(conf), "--data", "register.csv", "--output", "out", cwd=tmp_path
    )
    assert checked.returncode == 0 and built.returncode == 0, built.stderr
    lines = warning_lines(checked.stderr)
    assert lines and all(line.startswith("register.csv:") for line in lines)
    assert warning_lines(built.stderr) == lines


def test_the_settings_register_is_named_as_validate_names_it(tmp_path):
    register = write_register(tmp_path / "register.csv", rows_with_warnings())
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
    checked = run_safeplace("validate", "--settings", str(conf))
    built = run_safeplace("build", "--settings", str(conf), "--output", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    assert warning_lines(built.stderr) == warning_lines(checked.stderr) != []


def test_a_missing_locale_is_named_in_one_line_and_does_not_stop_the_build(tmp_path):
    """``LANG=de_DE.UTF-8`` on a machine without it (issue 26, item 6)."""
    import os
    import subprocess

    from conftest import SAFEPLACE

    register = write_register(tmp_path / "register.csv", [GOOD_ROW])
    conf = settings_file(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env["LANG"] = "xx_NOWHERE.UTF-8"
    result = subprocess.run(
        [
            str(SAFEPLACE),
            "build",
            "--settings",
            str(conf),
            "--data",
            str(register),
            "--output",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "note: this system has no locale xx_NOWHERE.UTF-8; building with the default one"
    ]
