"""The habits of a maintained project (issue 20, items 6 and 7): a version that moves and is
printed, a changelog that has it, lint configured and run in CI, and documentation whose links
lead somewhere.
"""

from __future__ import annotations

import re
import subprocess
import tomllib

from conftest import ROOT, SAFEPLACE

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
DOCS = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_safeplace_prints_the_version_the_changelog_describes():
    result = subprocess.run([str(SAFEPLACE), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == f"safeplace {VERSION}"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(VERSION)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)


def test_lint_is_configured_run_by_make_lint_in_ci_and_before_commits_without_network():
    assert {"E", "F", "W", "I", "B", "UP"} <= set(PYPROJECT["tool"]["ruff"]["lint"]["select"])
    assert PYPROJECT["tool"]["mypy"]["files"] == ["pipeline"]
    extras = " ".join(PYPROJECT["project"]["optional-dependencies"]["test"])
    assert all(tool in extras for tool in ("ruff", "mypy", "pre-commit"))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile[makefile.index("\nlint:") :].split("\n\n")[0]
    assert "ruff check" in lint and "ruff format --check" in lint and "mypy" in lint
    check = (ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8")
    assert "run: make lint" in check[check.index("  lint:") : check.index("  check:")]
    hooks = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert re.findall(r"^\s*- repo: (\S+)", hooks, re.M) == ["local"]  # nothing to download
    assert {"ruff", "ruff-format", "mypy"} <= set(re.findall(r"^\s*- id: (\S+)", hooks, re.M))
    result = subprocess.run(
        [str(SAFEPLACE.with_name("pre-commit")), "validate-config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def test_the_readme_is_short_and_every_link_in_the_docs_leads_somewhere():
    assert (ROOT / "README.md").stat().st_size <= 12 * 1024
    for name in ("coordinators", "adopting", "architecture", "performance", "testing", "open-data"):
        assert f"(docs/{name}.md" in (ROOT / "README.md").read_text(encoding="utf-8"), name
    broken = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])/(work|home|tmp|root|Users)/", text), doc  # no machine paths
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            path, _, fragment = target.partition("#")
            linked = (doc.parent / path).resolve() if path else doc
            if not linked.exists():
                broken.append(f"{doc.name}: {target}")
            elif fragment:
                headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
                if fragment not in {anchor(h) for h in headings}:
                    broken.append(f"{doc.name}: {target}")
    assert broken == []
