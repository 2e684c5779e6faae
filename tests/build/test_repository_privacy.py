"""The publish workflow refuses to deploy from a public repository while the register holds
private values (they are committed with it, readable by anyone there)."""

from __future__ import annotations

import csv

from pipeline.register.model import PRIVATE_COLUMNS
from support import FIXTURE_REGISTER, ROOT, run_safeplace, write_register

SAMPLE = list(csv.DictReader((FIXTURE_REGISTER).open(encoding="utf-8")))


def test_a_public_repository_with_private_values_is_refused_in_one_line(tmp_path):
    rows = [{**r, **{c: "" for c in PRIVATE_COLUMNS}} for r in SAMPLE]
    rows[3]["notes"] = "called back on Tuesday"
    register = write_register(tmp_path / "register.csv", rows)
    for visibility in ("public", "internal"):
        result = run_safeplace("publish-check", "--visibility", visibility, "--data", str(register))
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"Not publishing: {register}: the repository is {visibility} and the register holds "
            "private values that anyone can read there: notes (1). Make the repository private "
            "(see docs/coordinators.md) or empty those columns before publishing."
        ]
    private = run_safeplace("publish-check", "--visibility", "private", "--data", str(register))
    assert private.returncode == 0, private.stderr


def test_a_register_without_private_values_may_be_published_from_anywhere(tmp_path):
    register = write_register(
        tmp_path / "register.csv", [{**r, **{c: "" for c in PRIVATE_COLUMNS}} for r in SAMPLE]
    )
    result = run_safeplace("publish-check", "--visibility", "public", "--data", str(register))
    assert result.returncode == 0, result.stderr
    assert "may be published from a public repository" in result.stdout


def test_the_sample_register_is_refused_from_a_public_repository():
    result = run_safeplace("publish-check", "--visibility", "public")
    assert result.returncode == 1
    assert "contact_email (" in result.stderr and "Traceback" not in result.stderr
    assert run_safeplace("publish-check").returncode == 2  # the visibility must be given


def test_the_publish_workflow_checks_before_it_deploys():
    publish = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    step = publish.index("safeplace publish-check")
    assert 'publish-check --visibility "$REPOSITORY_VISIBILITY"' in publish
    assert "REPOSITORY_VISIBILITY: ${{ github.event.repository.visibility }}" in publish
    assert publish.index("make validate") < step < publish.index("make publish")
    assert step < publish.index("actions/upload-pages-artifact") < publish.index("actions/deploy-pages")
