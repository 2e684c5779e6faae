"""Issue 22, point 6: every message speaks to a coordinator (the real `safeplace` command on a
register made here)."""

from __future__ import annotations

from coordinator_project import place, project

from conftest import run_safeplace


def test_messages_name_the_place_and_the_likely_cause(tmp_path):
    register, settings = project(
        tmp_path,
        [
            place(1),
            place(2, name="Swapped Point", lat="-94.5800", lon="39.1000"),
            place(3, name="Date Hours", hours="24/07/2026"),
        ],
    )
    result = run_safeplace("validate", "--settings", str(settings))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    (swapped,) = [line for line in lines if line.startswith(f"{register}:3: lat: ")]
    assert (
        "-94.5800 is out of range (-90 to 90); swapped? the other way round (lat 39.1000, lon "
        "-94.5800) it is inside Test City" in swapped
    )
    assert swapped.endswith("[SP-0002 'Swapped Point']")  # the place, not just the row
    (dated,) = [line for line in lines if line.startswith(f"{register}:4: hours: ")]
    assert (
        "'24/07/2026' looks like a date: the spreadsheet turned what was typed (24/7?) into a date" in dated
    )
    assert "LibreOffice: Format > Cells > Text" in dated and "minutes" not in dated
    assert dated.endswith("[SP-0003 'Date Hours']")
    assert lines[-1] == "2 error(s): the register cannot be published."


def test_build_and_validate_count_problems_the_same_way(tmp_path):
    register, settings = project(
        tmp_path,
        [
            place(1, zip="ABCDE"),
            place(2, trained_on="2024-01-01", approved_on="2024-01-01", applied_on="2024-01-01"),
        ],
    )
    validated = run_safeplace("validate", "--settings", str(settings))
    built = run_safeplace("build", "--settings", str(settings), "--output", str(tmp_path / "out"))
    assert validated.returncode == built.returncode == 1
    assert "1 error(s): the register cannot be published." in validated.stderr
    assert "Build stopped: 1 error(s) in the register: it cannot be published." in built.stderr
    # the same problem lines, each naming its place
    problems = lambda out: [line for line in out.splitlines() if line.startswith(f"{register}:")]
    assert problems(validated.stderr) == problems(built.stderr)
    assert any(
        line.endswith("[SP-0002 'Place 2']") and "re-training is due" in line
        for line in problems(built.stderr)
    )
