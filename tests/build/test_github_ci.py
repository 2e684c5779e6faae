"""GitHub meets the coordinator on the web; publishing cannot go out half-configured (issue 13).

`safeplace validate` is run for real with the variables GitHub Actions sets, in a git repository
made here with a base branch and a pull request's change, and what it prints (workflow commands)
and writes (the step summary) is read back.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support import FIXTURE_REGISTER, ROOT, default_project, git, make_project, run_safeplace, write_register

REGISTER = FIXTURE_REGISTER


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def pull_request(tmp_path):
    """A checkout as actions/checkout leaves it: main with the register, a branch that edits it."""
    repo = tmp_path / "checkout"
    (repo / "data").mkdir(parents=True)
    shutil.copyfile(REGISTER, repo / "data" / "participants.csv")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the published register")
    git(repo, "checkout", "-q", "-b", "coordinator-edit")
    return repo


def run_in_actions(repo: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, str]:
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
    result = run_safeplace(
        "validate",
        "--data",
        str(repo / "data" / "participants.csv"),
        cwd=default_project(),
        env=env,
        timeout=300,
    )
    return result, summary.read_text(encoding="utf-8")


def test_every_problem_is_annotated_on_its_line_and_summarised(pull_request, tmp_path):
    register = pull_request / "data" / "participants.csv"
    rows = rows_of(register)
    approved = next(i for i, r in enumerate(rows) if r["status"] == "approved")
    pending = next(i for i, r in enumerate(rows) if r["status"] == "pending")
    rows[approved]["zip"] = "64%0A"  # a value that must not become a second command line
    rows[pending]["hours"] = "9am-5pm"
    write_register(register, rows, lineterminator="\n")
    result, summary = run_in_actions(pull_request, tmp_path)
    assert result.returncode == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    printed = [line for line in result.stderr.splitlines() if line.startswith(f"{register}:")]
    assert len(commands) == len(printed) >= 2  # every problem, each on its line
    # errors come first (the problem lines do too), then the warnings
    # the title names the place (id and name) as well as the column (issue 22)
    assert commands[0].startswith(
        f"::error file=data/participants.csv,line={approved + 2},title=zip ({rows[approved]['id']} "
    )
    assert commands[0].endswith("::'64%250A' is not a 5-digit ZIP code")
    commands = [re.sub(r",title=(\w+) \([^:]*\)::", r",title=\1::", c) for c in commands]
    assert (
        f"::warning file=data/participants.csv,line={pending + 2},title=hours::'9am-5pm' is not "
        "hours as the register writes them (times are 24-hour with minutes: 17:00, not 5pm): write "
        "days and 24-hour times, e.g. 'Mo-Fr 09:00-17:00; Sa 10:00-14:00' or '24/7' (the row is "
        "pending, so not published: fix it before approving)"
    ) in commands[1:]
    assert "## Safe Place register: `data/participants.csv`" in summary
    assert "**1 error(s): the register cannot be published.**" in summary
    assert f"{len(commands) - 1} warning(s): they do not stop publishing." in summary
    assert " | zip | '64%0A' is not a 5\\-digit ZIP code |" in summary
    assert f"| {approved + 2} | {rows[approved]['id'].replace('-', chr(92) + '-')} " in summary


def test_the_summary_says_what_the_pull_request_changes_for_the_public(pull_request, tmp_path):
    register = pull_request / "data" / "participants.csv"
    rows = rows_of(register)
    by_id = {r["id"]: r for r in rows}
    by_id["SP-0002"]["phone"] = "816-555-0199"
    by_id["SP-0003"]["status"] = "withdrawn"
    by_id["SP-0041"].update(
        status="approved",
        approved_on="2026-11-01",
        trained_on="2026-11-02",
        name="Lakeside <img src=x onerror=alert(1)> [Pets](https://evil.example)",
    )
    deleted = rows.pop(rows.index(by_id["SP-0005"]))
    write_register(register, rows, lineterminator="\n")
    result, summary = run_in_actions(pull_request, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "**Valid**: 39 approved, 2 pending, 1 suspended, 3 withdrawn; **39** will be published." in summary
    assert "### What this changes for the public (against `main`)" in summary
    assert "**1 added, 2 removed, 1 changed**" in summary
    assert (
        "| changed | SP\\-0002 | River Market Grocery Co\\-op | phone: \\(816\\) 555\\-0102 → "
        "\\(816\\) 555\\-0199 |"
    ) in summary
    assert "| removed | SP\\-0003 | Baltimore Avenue Reading Room | status approved → withdrawn |" in summary
    assert f"| removed | SP\\-0005 | {deleted['name'].replace('-', chr(92) + '-')} | row deleted |" in summary
    assert (
        "| added | SP\\-0041 | Lakeside &lt;img src=x onerror=alert\\(1\\)&gt; \\[Pets\\]\\(https://evil\\.example\\)"
        " | status pending → approved |" in summary
    )
    assert "<img" not in summary and "](https" not in summary
    # warnings are annotated too, on their lines
    assert any(
        line.startswith("::warning file=data/participants.csv,line=") for line in result.stdout.splitlines()
    )


def test_outside_github_nothing_of_this_is_printed(pull_request, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    result = run_safeplace(
        "validate",
        "--data",
        str(pull_request / "data" / "participants.csv"),
        cwd=default_project(),
        env=env,
        timeout=300,
    )
    assert result.returncode == 0 and "::" not in result.stdout + result.stderr


def test_the_check_workflow_uses_it_and_uploads_a_preview_only_when_a_site_was_built():
    check = (ROOT / ".github" / "workflows" / "check.yml").read_text()
    assert "fetch-depth: 0" in check  # the base branch, for the summary's comparison
    upload = check[check.index("name: Upload the built site for review") :]
    assert "if: always() && hashFiles('output/index.html') != ''" in upload.split("uses:")[0]
    assert check.index("make validate") < check.index("make html") < check.index("upload-artifact")


# --- publishing -------------------------------------------------------------------------------


def publish_project(folder: Path) -> Path:
    """The test project with the repository's ``publishconf.py`` beside its ``pelicanconf.py``
    (the test agency's placeholder settings: example.org, SAMPLE_DATA = True)."""
    make_project(folder)
    shutil.copyfile(ROOT / "publishconf.py", folder / "publishconf.py")
    return folder


def test_make_publish_builds_with_publishconf():
    recipe = (ROOT / "Makefile").read_text().split("\npublish:", 1)[1].split("\n\n")[0]
    assert "safeplace build --settings publishconf.py" in recipe


def test_publish_refuses_placeholder_settings_each_named_in_one_line(tmp_path):
    project = publish_project(tmp_path / "project")
    env = {
        k: v for k, v in os.environ.items() if k not in ("SAFEPLACE_SITEURL", "SAFEPLACE_ALLOW_PLACEHOLDERS")
    }
    out = tmp_path / "site"
    result = run_safeplace(
        "build", "--settings", "publishconf.py", "--output", str(out), cwd=project, env=env, timeout=300
    )
    assert result.returncode != 0 and not out.exists()
    lines = [line for line in result.stderr.splitlines() if line.startswith("publishconf.py: ")]
    assert lines == [
        "publishconf.py: no site address: set SAFEPLACE_SITEURL to the address the site is published "
        "at (e.g. https://safeplace.police.example)",
        "publishconf.py: APPLY_EMAIL = 'safeplace@example.org' is a placeholder (example.org): put the "
        "real address in pelicanconf.py (or SAFEPLACE_SITEURL for the site address)",
        "publishconf.py: SAMPLE_DATA = True: the site would show the fictional sample register; set "
        "SAMPLE_DATA = False in pelicanconf.py once data/participants.csv is the real register",
        f'publishconf.py: SAFEPLACE_BOUNDARY: {project / "data" / "boundary.geojson"} is marked "approximate": '
        "true; put the official limits of the jurisdiction there (docs/adopting.md)",
    ]
    assert "SAFEPLACE_ALLOW_PLACEHOLDERS=1" in result.stderr and "Traceback" not in result.stderr
    env["SAFEPLACE_SITEURL"] = "https://safeplace.example.org"
    result = run_safeplace(
        "build", "--settings", "publishconf.py", "--output", str(out), cwd=project, env=env, timeout=300
    )
    assert result.returncode == 1 and not out.exists()
    assert "publishconf.py: SITEURL = 'https://safeplace.example.org' is a placeholder" in result.stderr


def test_a_fully_configured_production_site_has_no_placeholders(tmp_path, monkeypatch):
    import sys

    from pipeline.coordinators.publishing import placeholders
    from pipeline.site.build import read_settings

    project = publish_project(tmp_path / "project")
    official = tmp_path / "official-limits.geojson"  # the same outline, no longer "approximate"
    official.write_text(
        (project / "data" / "boundary.geojson")
        .read_text(encoding="utf-8")
        .replace('"approximate": true', '"approximate": false'),
        encoding="utf-8",
    )
    settings = tmp_path / "realconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(project)!r})\nfrom publishconf import *\n"
        "SAMPLE_DATA = False\nAPPLY_EMAIL = 'safeplace@kcpd.org'\n"
        f"SAFEPLACE_BOUNDARY = {str(official)!r}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SAFEPLACE_SITEURL", "https://safeplace.kcpd.org")
    monkeypatch.chdir(project)
    for module in ("publishconf", "pelicanconf"):  # this project's, not one imported before
        monkeypatch.delitem(sys.modules, module, raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    assert placeholders(read_settings(settings)) == []
