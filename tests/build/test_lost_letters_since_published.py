"""Issue 22, point 1: a plain local `validate` and `build` refuse a "?" where the published
register had a letter.

"Café Phở" saved by Excel's "CSV (Comma delimited)" (Windows-1252) becomes "Café Ph?": the "?"
ends the value, so only the last published register (git, as the pull request check finds it)
can tell it from a question. A project in tmp_path is committed on main, then saved in
Windows-1252; without git (a fresh agency, a tarball) the same file is checked without error.
"""

from __future__ import annotations

import shutil

from conftest import fixture_rows, make_project, run_safeplace
from support import git

EXCEL_FIX = "CSV UTF-8 (Comma delimited)"
LIBREOFFICE_FIX = "File > Save a Copy > Text CSV, Character set: Unicode (UTF-8)"


def test_validate_and_build_refuse_letters_lost_since_the_published_register(tmp_path):
    rows = fixture_rows()
    approved = next(i for i, r in enumerate(rows) if r["status"] == "approved")
    pending = next(i for i, r in enumerate(rows) if r["status"] == "pending")
    rows[approved]["name"] = "Café Phở"
    rows[pending]["name"] = "Bánh Mì Huế"
    project = make_project(tmp_path / "agency", rows)
    register = project / "data" / "participants.csv"
    # a tarball of the same project: no git history to compare with, and no error for it
    tarball = tmp_path / "tarball"
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "the published register")

    # Excel's "CSV (Comma delimited)": what Windows-1252 cannot hold becomes "?"
    register.write_bytes(register.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    assert b",Caf\xe9 Ph?," in register.read_bytes()  # the "?" ends its cell

    shutil.copytree(project, tarball, ignore=shutil.ignore_patterns(".git"))
    settings = str(project / "pelicanconf.py")

    lost = (
        f"{register}:{approved + 2}: name: 'Café Phở' became 'Café Ph?' since the register "
        "published at main: letters lost to a save in an encoding that cannot hold them"
    )
    checked = run_safeplace("validate", "--settings", settings, cwd=project)
    assert checked.returncode == 1, checked.stderr
    (line,) = [x for x in checked.stderr.splitlines() if x.startswith(lost)]
    assert EXCEL_FIX in line and LIBREOFFICE_FIX in line
    # a pending row is not published: a warning, which holds nothing up
    assert f"{register}:{pending + 2}: name: warning: 'Bánh Mì Huế' became 'Bánh Mì Hu?'" in checked.stderr
    assert "1 error(s)" in checked.stderr

    built = run_safeplace("build", "--settings", settings, cwd=project)
    assert built.returncode == 1
    assert [x for x in built.stderr.splitlines() if x.startswith(lost)] == [line]
    assert "1 error(s) in the register" in built.stderr
    assert not (project / "output").exists()

    # no git history: nothing to compare with, so the file is valid ("Ph?" could be a question)
    copy = str(tarball / "data" / "participants.csv")
    alone = run_safeplace("validate", "--settings", settings, "--data", copy, cwd=tarball)
    assert alone.returncode == 0, alone.stderr
    assert "Traceback" not in alone.stderr
