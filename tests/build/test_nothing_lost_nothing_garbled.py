"""Issue 22, points 1 and 2: nothing garbled is published, nothing is lost without a yes.

Every test makes its own register, boundary and settings (coordinator_project.py) and runs the
real `safeplace` command as a coordinator would.
"""

from __future__ import annotations

from coordinator_project import csv_text, place, project, read_rows, write_register
from openpyxl import load_workbook

from conftest import ROOT, application, run_safeplace
from support import git

UTF8_FIX = "CSV UTF-8 (Comma delimited)"
LIBREOFFICE_FIX = "File > Save a Copy > Text CSV, Character set: Unicode (UTF-8)"


# --- 1. Nothing garbled is published ----------------------------------------------------------


def test_a_letter_lost_to_a_windows_1252_save_is_an_error_with_both_programs_fixes(tmp_path):
    rows = [
        place(1),
        place(2, name="Café Phở Saigon"),
        place(3, name="Why Not?"),
        place(4, notes="Open Sundays? Ask the owner"),
    ]
    register, settings = project(tmp_path, rows)
    # what Excel's "CSV (Comma delimited)" writes: the letter it cannot encode becomes "?"
    write_register(register, rows, encoding="cp1252")
    assert "Café Ph? Saigon".encode("cp1252") in register.read_bytes()
    result = run_safeplace("validate", "--settings", str(settings))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if ": name: " in line]
    assert len(lines) == 1, result.stderr  # "Why Not?" ends its name: a question, not a lost letter
    assert lines[0].startswith(f"{register}:3: name: 'Café Ph? Saigon' has '?' where a letter was")
    assert UTF8_FIX in lines[0] and LIBREOFFICE_FIX in lines[0]
    assert "notes" not in result.stderr  # a question in a note is a question


def test_a_replacement_character_anywhere_and_a_pending_row_only_warns(tmp_path):
    rows = [place(1, address="12\ufffd Main St"), place(2, name="Nguy?n Bakery", status="pending")]
    register, settings = project(tmp_path, rows)
    result = run_safeplace("validate", "--settings", str(settings))
    assert result.returncode == 1
    assert (
        f"{register}:2: address: '12\ufffd Main St' has \ufffd (U+FFFD) where a letter was" in result.stderr
    )
    assert (
        f"{register}:3: name: warning: 'Nguy?n Bakery' has '?' where a letter was" in result.stderr
    )  # not published, so it does not hold up the rest


def test_import_refuses_letters_that_became_question_marks_since_the_register(tmp_path):
    rows = [place(1), place(2, name="Café Phở")]
    register, settings = project(tmp_path, rows)
    before = register.read_bytes()
    edited = tmp_path / "edited.csv"
    edited.write_bytes(csv_text(rows).encode("cp1252", errors="replace"))  # "Café Ph?" at the end
    result = run_safeplace("import", str(edited), "--settings", str(settings))
    assert result.returncode == 1
    assert (
        f"{edited}:3: name: 'Café Phở' became 'Café Ph?' (SP-0002): letters lost to a save in "
        "an encoding that cannot hold them"
    ) in result.stderr
    assert LIBREOFFICE_FIX in result.stderr
    assert register.read_bytes() == before


def test_the_report_shows_the_lost_letters_old_and_new(tmp_path):
    rows = [place(1), place(2, name="Café Phở")]
    register, settings = project(tmp_path, rows)
    repo = register.parent.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "register")
    write_register(register, rows, encoding="cp1252")
    result = run_safeplace(
        "report",
        "--settings",
        str(settings),
        "--against",
        "main",
        "--html",
        str(tmp_path / "report.html"),
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    assert "Letters lost to an encoding" in result.stdout
    assert "Café Phở" in result.stdout and "Café Ph?" in result.stdout
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<td>SP-0002</td><td>name</td><td>Café Phở</td><td>Café Ph?</td>" in page


# --- 2. Nothing lost without a yes ------------------------------------------------------------


def _edit_workbook(path, changes: dict[tuple[int, str], str]) -> None:
    """Type values into cells of the workbook's first sheet, as a coordinator would in Excel."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for (row, column), value in changes.items():
        sheet.cell(row=row, column=header.index(column) + 1, value=value)
    book.save(path)


def test_import_of_a_stale_workbook_stops_before_removing_applications_added_since(tmp_path):
    register, settings = project(tmp_path, [place(1), place(2)])
    workbook = tmp_path / "stale.xlsx"
    assert run_safeplace("template", str(workbook), "--settings", str(settings)).returncode == 0
    applications = tmp_path / "export.csv"
    applications.write_text(
        csv_text(
            [application(), application(organization_name="Union Hill Deli", address="3000 Main St")],
            list(application()),
        ),
        encoding="utf-8",
    )
    added = run_safeplace("intake", str(applications), "--settings", str(settings))
    assert added.returncode == 0, added.stdout + added.stderr
    assert len(read_rows(register)) == 4
    before, backup = register.read_bytes(), register.parent / ".participants.csv.bak"
    kept_by_intake = backup.read_bytes()
    _edit_workbook(workbook, {(2, "hours"): "Mo-Fr 10:00-18:00"})

    result = run_safeplace("import", str(workbook), "--settings", str(settings))
    assert result.returncode == 1
    assert (
        f"{register}: would remove SP-0003 'Gillham Park Bakery': added to the register after "
        "the workbook was made (by intake?)"
    ) in result.stderr
    assert f"{register}: would remove SP-0004 'Union Hill Deli'" in result.stderr
    assert "run again with --remove" in result.stderr
    assert register.read_bytes() == before  # nothing written
    assert backup.read_bytes() == kept_by_intake

    result = run_safeplace("import", str(workbook), "--settings", str(settings), "--remove")
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in read_rows(register)] == ["SP-0001", "SP-0002"]
    assert "removed SP-0003 'Gillham Park Bakery'" in result.stdout
    # the register before the import is kept, and the coordinator is told where
    assert (register.parent / ".participants.csv.bak").read_bytes() == before
    assert f"the previous register is kept in {register.parent / '.participants.csv.bak'}" in result.stdout


def test_import_stops_before_overwriting_a_row_changed_in_the_register_since(tmp_path):
    register, settings = project(tmp_path, [place(1), place(2), place(3)])
    workbook = tmp_path / "register.xlsx"
    assert run_safeplace("template", str(workbook), "--settings", str(settings)).returncode == 0
    rows = read_rows(register)
    rows[1]["phone"] = "(816) 555-0199"  # another coordinator's edit, committed meanwhile
    write_register(register, rows)
    _edit_workbook(workbook, {(4, "hours"): "24/7"})  # this coordinator's edit, in the workbook
    before = register.read_bytes()
    result = run_safeplace("import", str(workbook), "--settings", str(settings))
    assert result.returncode == 1
    assert (
        f"{register}: would overwrite SP-0002 'Place 2': changed in the register after the "
        "workbook was made (phone)"
    ) in result.stderr
    assert "SP-0003" not in result.stderr and "SP-0001" not in result.stderr
    assert "--overwrite" in result.stderr and register.read_bytes() == before

    result = run_safeplace("import", str(workbook), "--settings", str(settings), "--overwrite")
    assert result.returncode == 0, result.stderr
    assert [r["phone"] for r in read_rows(register)][1] == "(816) 555-1002"
    assert read_rows(register)[2]["hours"] == "24/7"


def test_a_workbook_saved_again_with_the_same_meaning_imports_with_its_one_edit(tmp_path):
    register, settings = project(tmp_path, [place(1), place(2)])
    rows = read_rows(register)
    rows[0]["lat"] = "39.041100"  # written differently, meaning the same
    rows[1]["phone"] = "816-555-1002"
    write_register(register, rows)
    workbook = tmp_path / "register.xlsx"
    assert run_safeplace("template", str(workbook), "--settings", str(settings)).returncode == 0
    _edit_workbook(workbook, {(3, "hours"): "Mo-Fr 08:00-12:00", (2, "lat"): "39.0411"})
    result = run_safeplace("import", str(workbook), "--settings", str(settings))
    assert result.returncode == 0, result.stderr
    changed = [line for line in result.stdout.splitlines() if line.startswith("changed")]
    assert changed == ["changed SP-0002 'Place 2': hours: 'Mo-Sa 09:00-18:00' → 'Mo-Fr 08:00-12:00'"]


def test_template_never_replaces_a_workbook_without_force(tmp_path):
    register, settings = project(tmp_path, [place(1)])
    workbook = tmp_path / "register.xlsx"
    workbook.write_bytes(b"edits not yet imported")
    result = run_safeplace("template", str(workbook), "--settings", str(settings))
    assert result.returncode == 1
    assert f"{workbook} already exists (it may hold edits not yet imported)" in result.stderr
    assert "--force" in result.stderr
    assert workbook.read_bytes() == b"edits not yet imported"
    result = run_safeplace("template", str(workbook), "--settings", str(settings), "--force")
    assert result.returncode == 0, result.stderr
    book = load_workbook(workbook)
    assert book["Made from"].sheet_state == "hidden"
    assert [c.value for c in book["Made from"][1]] == ["id", "fingerprint"]
    assert book["Made from"]["A2"].value == "SP-0001"


def test_intake_and_geocode_keep_the_previous_register(tmp_path):
    register, settings = project(tmp_path, [place(1)])
    before = register.read_bytes()
    applications = tmp_path / "export.csv"
    applications.write_text(csv_text([application()], list(application())), encoding="utf-8")
    result = run_safeplace("intake", str(applications), "--settings", str(settings))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (register.parent / ".participants.csv.bak").read_bytes() == before
    assert "the previous register is kept in" in result.stdout
    # the backup is never committed
    assert "data/.*.bak" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
