"""`make publish` refuses a copy of the sample that is not yet the agency's own (issue 21, item 5).

An agency that copied the project and changed its name, but not the sample's approximate
boundary, nor the pages and settings that still name the sample agency: the production build
stops before building anything, naming each leftover by setting, or by file and line.
"""

from __future__ import annotations

import os
import shutil

from support import FIXTURE_CONTENT, ROOT, make_project, run_safeplace


def test_a_copy_still_naming_the_sample_agency_is_not_published(tmp_path):
    project = make_project(
        tmp_path / "project",
        AGENCY_NAME="Liffey City Police Service",
        AGENCY_SHORT="LCPS",
        SAMPLE_DATA=False,
        APPLY_EMAIL="safeplace@liffey.ie",
    )
    shutil.copyfile(ROOT / "publishconf.py", project / "publishconf.py")
    env = {k: v for k, v in os.environ.items() if k != "SAFEPLACE_ALLOW_PLACEHOLDERS"}
    env["SAFEPLACE_SITEURL"] = "https://safeplace.liffey.ie"
    out = tmp_path / "site"
    result = run_safeplace(
        "build", "--settings", "publishconf.py", "--output", str(out), cwd=project, env=env, timeout=300
    )
    assert result.returncode == 1 and not out.exists(), result.stdout + result.stderr
    lines = [line.removeprefix("publishconf.py: ") for line in result.stderr.splitlines()]
    assert any(line.startswith("SAFEPLACE_BOUNDARY: ") and "approximate" in line for line in lines)
    assert "JURISDICTION still names the sample agency ('Kansas City, Missouri'): put your own in" in lines
    assert "NON_EMERGENCY_PHONE still names the sample agency ('(816) 234-5111'): put your own in" in lines
    home = FIXTURE_CONTENT / "pages" / "home.md"
    number = next(
        n
        for n, text in enumerate(home.read_text(encoding="utf-8").splitlines(), 1)
        if "Kansas City, Missouri" in text
    )
    assert f"{home}:{number}: still names the sample agency ('Kansas City, Missouri'): rewrite it" in lines
    assert "SAFEPLACE_STAGING = True" in result.stderr and "Traceback" not in result.stderr
