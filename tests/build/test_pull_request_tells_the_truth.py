"""Issue 22, point 3: the pull request tells the truth.

`safeplace validate` runs for real with the variables GitHub Actions sets, in a git history made
here (main with the published register, a branch with the pull request's change); the workflow
commands it prints are read back and each annotation's line is checked against the file itself.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from coordinator_project import csv_text, place, project

from support import git, run_safeplace

OLD_TRAINING = {"trained_on": "2024-01-10", "approved_on": "2024-01-05", "applied_on": "2024-01-02"}


def pull_request(tmp_path: Path, published: list[dict], proposed: list[dict] | str):
    """A checkout as actions/checkout leaves it: main with ``published``, a branch with ``proposed``."""
    register, settings = project(tmp_path, published)
    repo = register.parent.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "the published register")
    git(repo, "checkout", "-q", "-b", "coordinator-edit")
    text = proposed if isinstance(proposed, str) else csv_text(proposed)
    register.write_bytes(text.encode("utf-8"))
    git(repo, "commit", "-q", "-am", "the coordinator's edit")
    return register, settings, repo


def run_in_actions(register: Path, settings: Path, repo: Path, tmp_path: Path):
    summary = tmp_path / "step_summary.md"
    summary.write_text("", encoding="utf-8")
    env = dict(
        os.environ,
        GITHUB_ACTIONS="true",
        CI="true",
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_WORKSPACE=str(repo),
        GITHUB_BASE_REF="main",
    )
    env.pop("SAFEPLACE_BASE", None)
    result = run_safeplace("validate", "--settings", str(settings), cwd=repo, env=env, timeout=300)
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    return result, commands, summary.read_text(encoding="utf-8")


def annotated(commands: list[str]) -> list[tuple[str, int, str, str]]:
    """(kind, file line, title, message) of each annotation with a line."""
    out = []
    for command in commands:
        match = re.fullmatch(r"::(error|warning) file=([^,]+),line=(\d+),title=([^:]*)::(.*)", command)
        if match:
            out.append((match[1], int(match[3]), match[4], match[5]))
    return out


def test_annotations_land_on_the_line_where_the_record_starts(tmp_path):
    rows = [place(n) for n in range(1, 6)]
    proposed = [dict(r) for r in rows]
    proposed[0]["notes"] = "Owner asked us to call first.\nSecond line of the note."
    proposed[1]["notes"] = "Three\nline\nnote"
    proposed[3]["hours"] = "9am-5pm"  # SP-0004, spreadsheet row 5
    register, settings, repo = pull_request(tmp_path, rows, proposed)
    result, commands, summary = run_in_actions(register, settings, repo, tmp_path)
    assert result.returncode == 1
    lines = register.read_text(encoding="utf-8").split("\n")
    ((kind, line, title, message),) = annotated(commands)
    assert (kind, title) == ("error", "hours (SP-0004 'Place 4')")  # the place, not just the row
    assert lines[line - 1].startswith("SP-0004,Place 4,")  # row 5 of the sheet is line 8 of the file
    assert line == 8
    assert "SP\\-0004" in summary or "| 5 |" in summary


def test_errors_first_then_warnings_on_changed_rows_never_more_than_github_shows(tmp_path):
    rows = [place(n, **OLD_TRAINING) for n in range(1, 15)]  # 14 re-training reminders
    proposed = [dict(r) for r in rows]
    proposed += [place(n, zip="ABCDE") for n in range(30, 42)]  # twelve new rows with an error
    proposed.append(place(20, name="New Place", status="pending", hours="9am-5pm", lat="", lon=""))
    proposed.append(place(21, name="Renamed Later"))  # a valid new row
    register, settings, repo = pull_request(tmp_path, rows, proposed)
    result, commands, summary = run_in_actions(register, settings, repo, tmp_path)
    assert result.returncode == 1
    errors = [c for c in commands if c.startswith("::error")]
    warnings = [c for c in commands if c.startswith("::warning")]
    assert commands == errors + warnings  # errors first
    assert len(errors) == 10 and len(warnings) == 10  # GitHub shows 10 of each per step
    assert errors[-1] == (
        "::error title=3 more::3 more error(s) in the summary of this run (Checks "
        "tab, Summary): GitHub shows only 10 here"
    )
    # the new row's warning comes before the unchanged rows' re-training reminders
    kind, line, title, message = annotated(warnings)[0]
    assert title == "hours (SP-0020 'New Place')" and "9am-5pm" in message
    assert register.read_text(encoding="utf-8").split("\n")[line - 1].startswith("SP-0020,New Place,")
    assert warnings[-1].startswith("::warning title=")
    total_warnings = int(re.search(r"(\d+) warning\(s\)", summary)[1])
    assert warnings[-1].startswith(f"::warning title={total_warnings - 9} more::")
    # the summary still lists every problem, and still says what changes for the public
    assert summary.count("| ABCDE is not") == 0 and summary.count("'ABCDE' is not a 5\\-digit ZIP code") == 12
    assert "### What this changes for the public (against `main`)" in summary
    assert "Counting only the rows without errors" in summary
    # the valid new row is counted; the rows with errors would not be published
    assert "**1 added, 0 removed, 0 changed**" in summary
    assert "| added | SP\\-0021 | Renamed Later | new row |" in summary


def test_a_register_saved_again_with_the_same_meaning_shows_no_change(tmp_path):
    rows = [place(1, lat="39.1003", phone="816-555-0101"), place(2, status="pending")]
    proposed = [dict(r) for r in rows]
    proposed[0].update(lat="39.100300", phone="(816) 555-0101", applied_on="1/5/2026")
    proposed[0]["contact_phone"] = "+1 816 555 0151"  # the same number, written another way
    proposed[1]["contact_name"] = "Someone Else"  # a private change: listed, never published
    register, settings, repo = pull_request(tmp_path, rows, proposed)
    result, commands, summary = run_in_actions(register, settings, repo, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "**0 added, 0 removed, 0 changed**" in summary
    assert "### Private columns changed (for coordinators; never published): 1" in summary
    assert "| SP\\-0002 | Place 2 | contact\\_name |" in summary
    assert "Someone Else" not in summary
    report = run_safeplace(
        "report",
        "--settings",
        str(settings),
        "--against",
        "HEAD~1",
        "--html",
        str(tmp_path / "r.html"),
        cwd=repo,
        timeout=300,
    )
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Changes for the public against HEAD~1: 0 added, 0 removed, 0 changed" in page
    assert "<td>SP-0002</td><td>Place 2</td><td>contact_name</td>" in page
    assert "Someone Else" not in page.split("Private columns changed")[1]


def test_a_row_never_published_is_not_reported_as_removed(tmp_path):
    # an approved row the old register refused (a bad ZIP) was never published
    rows = [place(1), place(2, zip="ABCDE")]
    proposed = [dict(rows[0]), dict(rows[1], zip="64112", status="pending")]
    register, settings, repo = pull_request(tmp_path, rows, proposed)
    result, commands, summary = run_in_actions(register, settings, repo, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "**0 added, 0 removed, 0 changed**" in summary


def test_letters_that_became_question_marks_in_the_pull_request_are_errors(tmp_path):
    rows = [place(1), place(2, name="Café Phở")]
    proposed = [dict(rows[0]), dict(rows[1], name="Café Ph?")]  # as a Windows-1252 save writes it
    register, settings, repo = pull_request(tmp_path, rows, proposed)
    result, commands, summary = run_in_actions(register, settings, repo, tmp_path)
    assert result.returncode == 1
    ((kind, line, title, message),) = annotated(commands)
    assert (kind, line, title) == ("error", 3, "name (SP-0002 'Café Ph?')")
    assert message.startswith("'Café Phở' became 'Café Ph?': letters lost")
    assert "File > Save a Copy > Text CSV, Character set: Unicode (UTF-8)" in message
    assert "**1 error(s): the register cannot be published.**" in summary
