"""An urgent register change goes live in minutes (issue 20, item 2).

On a push to main where everything that differs from the live site's commit is under data/ or
content/, the Publish workflow does not wait for the browser suite: ``scripts/publish-scope``
decides that from git, and
``scripts/check-built-site`` then reads the built site against the register before it is
deployed. Both are run here for real: publish-scope in a git repository made here, the site
check on a site built by the real CLI from a register written here.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import GOOD_ROW, ROOT, run_safeplace
from support import git

PUBLISH_SCOPE = ROOT / "scripts" / "publish-scope"
CHECK_BUILT_SITE = ROOT / "scripts" / "check-built-site"


def commit(repo: Path, files: dict[str, str | None]) -> str:
    """Write (or, for None, delete) the files, commit, and return the new commit's id."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "change")
    return git(repo, "rev-parse", "HEAD")


def scope(repo: Path, before: str, after: str) -> str:
    result = subprocess.run(
        [str(PUBLISH_SCOPE), before, after], cwd=repo, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def repo(tmp_path) -> tuple[Path, str]:
    """A main branch with code, a register and a page; returns it and its head commit."""
    repo = tmp_path / "checkout"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    first = commit(
        repo,
        {
            "pipeline/build.py": "print('build')\n",
            "data/participants.csv": "id\n",
            "content/pages/about.md": "Title: About\n",
            "Makefile": "html:\n",
        },
    )
    return repo, first


def test_a_push_that_changes_only_the_register_or_pages_skips_the_browser_suite(repo):
    repo, before = repo
    register = commit(repo, {"data/participants.csv": "id\nSP-0001\n"})
    assert scope(repo, before, register) == "register"
    page = commit(repo, {"content/pages/about.md": "Title: About us\n", "data/boundary.geojson": "{}\n"})
    assert scope(repo, register, page) == "register"
    assert scope(repo, before, page) == "register"  # a push of several commits: all of them count


def test_any_other_change_or_any_doubt_runs_everything(repo):
    repo, before = repo
    code = commit(repo, {"data/participants.csv": "id\nSP-0002\n", "pipeline/build.py": "print(1)\n"})
    assert scope(repo, before, code) == "everything"  # the register and code together
    build = commit(repo, {"Makefile": "html:\n\ttrue\n"})
    assert scope(repo, code, build) == "everything"
    # a file moved from the code into data/ changes the code: both names count
    moved = commit(repo, {"pipeline/build.py": None, "data/build.py": "print(1)\n"})
    assert scope(repo, build, moved) == "everything"
    nothing = commit(repo, {})
    assert scope(repo, moved, nothing) == "everything"  # no change at all: nothing to be sure of
    assert scope(repo, "", nothing) == "everything"  # the weekly rebuild, a manual run
    assert scope(repo, "0" * 40, nothing) == "everything"  # the first push of a branch
    assert scope(repo, "1" * 40, nothing) == "everything"  # a force push: BEFORE is not here


def write_register(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GOOD_ROW), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def check_site(output: Path, register: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHECK_BUILT_SITE), str(output), str(register)], capture_output=True, text=True, timeout=120
    )


def test_the_built_site_is_checked_against_the_register_before_it_is_deployed(tmp_path):
    rows = [
        dict(GOOD_ROW),
        dict(
            GOOD_ROW,
            id="SP-9002",
            name="Phở Corner",
            address="4710 Main St",
            lat="39.0420",
            contact_name="Lê Thị Hoa",
            contact_email="hoa@example.org",
        ),
        dict(
            GOOD_ROW,
            id="SP-9003",
            name="Night Pharmacy",
            address="4720 Main St",
            lat="39.0430",
            contact_name="Sam Roe",
            contact_email="sam.roe@example.org",
        ),
        dict(
            GOOD_ROW,
            id="SP-9004",
            name="New Bakery",
            address="4730 Main St",
            lat="39.0440",
            status="pending",
            approved_on="",
            trained_on="",
            contact_email="new@example.org",
        ),
    ]
    register = tmp_path / "participants.csv"
    write_register(register, rows)
    output = tmp_path / "output"
    built = run_safeplace("build", "--data", str(register), "--output", str(output))
    assert built.returncode == 0, built.stderr[-3000:]

    result = check_site(output, register)
    assert result.returncode == 0, result.stderr
    assert "lists the register's approved places and nothing private" in result.stdout

    # The register says something the built site does not: a suspension, an approval.
    rows[2]["status"], rows[3]["status"] = "suspended", "approved"
    changed = tmp_path / "changed.csv"
    write_register(changed, rows)
    result = check_site(output, changed)
    assert result.returncode == 1
    assert (
        f"{output}/data/participants.csv: SP-9003 is published but not approved in {changed}" in result.stderr
    )
    assert (
        f"{output}/data/participants.csv: SP-9004 is approved in {changed} but not published" in result.stderr
    )
    assert "2 problem(s): the site is not deployed" in result.stderr

    # A private value in any file of the site, a missing page: each named.
    broken = tmp_path / "broken"
    shutil.copytree(output, broken)
    about = broken / "about" / "index.html"
    about.write_text(about.read_text(encoding="utf-8") + "<!-- hoa@example.org -->", encoding="utf-8")
    result = check_site(broken, register)
    assert result.returncode == 1
    assert f"{about}: holds a value of the register's private column contact_email" in result.stderr
    (broken / "es" / "find" / "index.html").unlink()
    result = check_site(broken, register)
    assert result.returncode == 1 and f"{broken}/es/find/index.html: missing or empty" in result.stderr


def test_the_publish_workflow_waits_for_the_tests_unless_only_the_register_or_pages_changed():
    publish = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in publish  # the live site's commit may be several commits back
    assert "actions: read" in publish  # to ask for the last successful run
    step = publish[publish.index("id: scope") : publish.index("name: Validate the register")]
    # the base is the commit of the last successful publish, asked only on a push
    assert "actions/workflows/publish.yml/runs?branch=main&status=success&per_page=1" in step
    assert 'if [ "$GITHUB_EVENT_NAME" = push ]' in step and '|| published=""' in step
    assert 'scripts/publish-scope "$published" "$GITHUB_SHA"' in step
    tests = publish.index("run: make test")
    assert (
        "if: steps.scope.outputs.scope != 'register'" in publish[publish.rindex("- name:", 0, tests) : tests]
    )
    assert publish.index("id: scope") < publish.index("make validate") < tests < publish.index("make publish")
    check = publish.index("scripts/check-built-site output data/participants.csv")
    assert publish.index("make publish") < check < publish.index("actions/upload-pages-artifact")
    assert "if:" not in publish[publish.rindex("- name:", 0, check) : check]  # always checked
    actionlint = shutil.which("actionlint") or str(ROOT / ".venv" / "bin" / "actionlint")
    result = subprocess.run(
        [actionlint, str(ROOT / ".github" / "workflows" / "publish.yml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
