"""The shrink guard compares with what is published (issue 26, item 4): with no previous
output (a fresh CI runner, Netlify) the count comes from the register at the last published
commit in git, the same machinery as ``report --against``."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.register.model import COLUMNS
from support import git


def write(path: Path, pending_from: int, total: int = 10) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for n in range(total):
            writer.writerow(
                dict(
                    GOOD_ROW,
                    id=f"SP-{9100 + n}",
                    name=f"Corner Books {n}",
                    address=f"{4700 + 2 * n} Main St",
                    status="approved" if n < pending_from else "pending",
                )
            )


def repository(tmp_path: Path) -> tuple[Path, Path, str]:
    """A git history of the test's own: 10 places published at the first commit."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    register = repo / "data" / "participants.csv"
    write(register, pending_from=10)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "published")
    return repo, register, git(repo, "rev-parse", "HEAD")


def test_a_fresh_build_compares_with_the_register_last_published(tmp_path):
    repo, register, published = repository(tmp_path)
    write(register, pending_from=1)  # 9 of 10 set to pending by mistake
    git(repo, "commit", "-q", "-am", "oops")
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
    out = tmp_path / "fresh-runner" / "output"
    env_base = os.environ.get("SAFEPLACE_BASE")
    os.environ["SAFEPLACE_BASE"] = published  # what the Publish workflow passes
    try:
        result = run_safeplace("build", "--settings", str(conf), "--output", str(out))
    finally:
        if env_base is None:
            del os.environ["SAFEPLACE_BASE"]
        else:
            os.environ["SAFEPLACE_BASE"] = env_base
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"the site would list 1 place(s) where the register at {published} lists 10 (under 50%)"
    ) in result.stderr
    assert not out.exists()


def test_without_a_base_it_compares_with_main_and_allow_shrink_still_works(tmp_path):
    repo, register, _ = repository(tmp_path)
    git(repo, "checkout", "-q", "-b", "change")
    write(register, pending_from=2)
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k not in ("SAFEPLACE_BASE", "GITHUB_BASE_REF")}
    run = lambda *extra: run_safeplace(  # noqa: E731
        "build", "--settings", str(conf), "--output", str(out), *extra, env=env
    )
    stopped = run()
    assert stopped.returncode == 1
    assert "where the register at main lists 10" in stopped.stderr
    allowed = run("--allow-shrink")
    assert allowed.returncode == 0, allowed.stderr
    assert "with 2 published Safe Place(s)" in allowed.stdout


def test_a_register_outside_git_builds_as_before(tmp_path):
    register = tmp_path / "participants.csv"
    write(register, pending_from=3)
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(register))
    result = run_safeplace("build", "--settings", str(conf), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
