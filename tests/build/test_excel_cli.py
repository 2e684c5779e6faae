"""The register as Excel, Mac Excel and LibreOffice save it, and as an Excel workbook (issue 13).

Every file here is made the way those programs write it: the sample register's own rows with
US dates (M/D/YYYY, M/D/YY), coordinates without their trailing zeros, Windows-1252, CRLF; the
dialects Excel offers that the register refuses (UTF-16 "Unicode Text", semicolons, Mac Roman,
a workbook renamed to .csv) are refused with the steps that fix them, and `safeplace import`
turns them into the register. Workbooks are made with openpyxl, with real date and number cells.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
from excel_files import (
    DATES,
    REGISTER,
    SAVE_AS,
    excel_cells,
    load,
    problems,
    records,
    sample_rows,
    write_csv,
)

from pipeline.register.model import COLUMNS, PRIVATE_COLUMNS, STATUSES
from support import fixture_settings, run_safeplace

EXPECTED = records(load(REGISTER))


def test_validate_accepts_the_register_as_excel_saves_it(tmp_path):
    """One run of the command; every program's dialect is held in-process (tests/unit/test_excel.py)."""
    rows = [excel_cells(r) for r in sample_rows()]
    path = write_csv(tmp_path / "participants.csv", rows, "cp1252", "\r\n")
    result = run_safeplace("validate", "--data", str(path))
    assert result.returncode == 0, result.stderr
    approved = sum(r["status"] == "approved" for r in sample_rows())
    assert f"{approved} will be published" in result.stdout


def test_excel_csv_imports_as_the_canonical_register(tmp_path):
    rows = [excel_cells(r) for r in sample_rows()]
    source = write_csv(tmp_path / "edited.csv", rows, "cp1252", "\r\n")
    target = tmp_path / "participants.csv"
    shutil.copyfile(REGISTER, target)
    result = run_safeplace("import", str(source), "--to", str(target))
    assert result.returncode == 0, result.stderr
    written = target.read_bytes()
    assert b"\r\n" not in written and not written.startswith(b"\xef\xbb\xbf")
    back = list(csv.DictReader(io.StringIO(written.decode("utf-8"))))
    assert [r["applied_on"] for r in back] == [r["applied_on"] for r in sample_rows()]  # ISO again
    assert back[0]["category"] == "Restaurant or café"
    # Excel shortened coordinates and rewrote dates, but nothing means anything else: no change
    # is listed (issue 22: comparisons are between normalised values)
    assert "changed " not in result.stdout
    assert "(private)" not in result.stdout


# --- files the register refuses, with the steps that fix them ---------------------------------


def test_a_utf8_file_with_one_windows_1252_row_is_refused_naming_the_row(tmp_path):
    rows = sample_rows()
    rows[4]["name"] = "Café Olé"
    good = write_csv(tmp_path / "good.csv", rows, "utf-8", "\n").read_bytes()
    lines = good.split(b"\n")
    lines[5] = lines[5].decode("utf-8").encode("cp1252")  # one row saved by another program
    path = tmp_path / "participants.csv"
    path.write_bytes(b"\n".join(lines))
    (found,) = problems(path)
    assert found.startswith(f"{path}:6: -: this file mixes encodings")
    assert SAVE_AS in found
    result = run_safeplace("build", "--data", str(path), "--output", str(tmp_path / "out"))
    assert result.returncode == 1 and not (tmp_path / "out").exists()  # never published garbled


def unicode_text(path: Path) -> Path:
    """Excel's "Unicode Text": UTF-16 little-endian with a BOM, tab-separated, CRLF."""
    return write_csv(path, sample_rows(), "utf-16", "\r\n", delimiter="\t")


def semicolons(path: Path) -> Path:
    """Excel where the decimal mark is a comma: semicolon-separated, decimal commas."""
    rows = [excel_cells(r) for r in sample_rows()]
    for r in rows:
        r["lat"], r["lon"] = r["lat"].replace(".", ","), r["lon"].replace(".", ",")
    return write_csv(path, rows, "cp1252", "\r\n", delimiter=";")


def workbook_renamed(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for r in sample_rows():
        sheet.append([r[c] for c in COLUMNS])
    book.save(path)
    return path


def test_validate_names_what_excel_saved_instead_in_one_line(tmp_path):
    """One run of the command; each dialect's answer is held in-process (tests/unit/test_excel.py)."""
    path = unicode_text(tmp_path / "participants.csv")
    result = run_safeplace("validate", "--data", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f'{path}:1: -: this file is UTF-16 (Excel\'s "Unicode Text")'), (
        result.stderr
    )
    assert SAVE_AS in result.stderr and "Traceback" not in result.stderr


def test_import_reads_a_semicolon_file_with_decimal_commas(tmp_path):
    source = semicolons(tmp_path / "edited.csv")
    target = tmp_path / "participants.csv"
    result = run_safeplace("import", str(source), "--to", str(target))
    assert result.returncode == 0, result.stderr
    back = {r["id"]: r for r in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))}
    assert (back["SP-0001"]["lat"], back["SP-0001"]["lon"]) == ("39.1003", "-94.5832")
    assert back["SP-0001"]["approved_on"] == "2026-03-04"
    assert records(load(target)) == EXPECTED


def test_import_reads_unicode_text_and_a_renamed_workbook(tmp_path):
    for make in (unicode_text, workbook_renamed):
        source = make(tmp_path / f"{make.__name__}.csv")
        target = tmp_path / f"{make.__name__}-register.csv"
        result = run_safeplace("import", str(source), "--to", str(target))
        assert result.returncode == 0, result.stderr
        assert target.read_bytes() == REGISTER.read_bytes(), make.__name__


# --- Excel workbooks ----------------------------------------------------------------------------


def edited_workbook(path: Path, changes=None) -> Path:
    """A workbook as a coordinator keeps it: date cells, number cells, text where Excel keeps text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for r in sample_rows():
        cells = []
        for c in COLUMNS:
            value = r[c]
            if c in DATES and value:
                value = datetime.fromisoformat(value)  # a real date cell
            elif c in ("lat", "lon", "zip") and value:
                value = float(value) if c != "zip" else int(value)  # a real number cell
            cells.append(value or None)
        sheet.append(cells)
    for (row, column), value in (changes or {}).items():
        sheet.cell(row=row, column=COLUMNS.index(column) + 1, value=value)
    book.save(path)
    return path


def test_import_reads_a_workbook_with_real_date_and_number_cells(tmp_path):
    source = edited_workbook(tmp_path / "register.xlsx", {(2, "phone"): "816-555-0190"})
    assert isinstance(openpyxl.load_workbook(source).active["R2"].value, datetime)
    target = tmp_path / "participants.csv"
    shutil.copyfile(REGISTER, target)
    result = run_safeplace("import", str(source), "--to", str(target))
    assert result.returncode == 0, result.stderr
    back = {r["id"]: r for r in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))}
    original = {r["id"]: r for r in sample_rows()}
    assert back["SP-0001"]["phone"] == "816-555-0190" and back["SP-0001"]["applied_on"] == "2026-02-04"
    assert back["SP-0001"]["zip"] == "64105" and back["SP-0001"]["lat"] == "39.1003"
    assert list(back) == list(original)
    changed = [line for line in result.stdout.splitlines() if line.startswith("changed SP-0001 ")]
    assert changed and changed[0].endswith(": phone: '816-555-0101' → '816-555-0190'")
    assert run_safeplace("validate", "--data", str(target)).returncode == 0


def test_import_writes_nothing_when_the_workbook_has_errors_and_names_workbook_rows(tmp_path):
    source = edited_workbook(
        tmp_path / "register.xlsx",
        {
            (5, "zip"): "6410",  # an approved row: an error
            (12, "hours"): "Monday to Friday 9am-5pm",  # an approved row: an error
        },
    )
    target = tmp_path / "participants.csv"
    shutil.copyfile(REGISTER, target)
    before = target.read_bytes()
    result = run_safeplace("import", str(source), "--to", str(target))
    assert result.returncode == 1
    assert f"{source}:5: zip: '6410' is not a 5-digit ZIP code" in result.stderr
    assert (
        f"{source}:12: hours: 'Monday to Friday 9am-5pm' is not hours as the register writes them "
        "(times are 24-hour with minutes: 17:00, not 5pm; days are two letters: Mo Tu We Th Fr Sa Su)"
        in result.stderr
    )
    assert f"nothing was written to {target}" in result.stderr
    assert target.read_bytes() == before


def test_template_then_import_gives_back_the_register_byte_for_byte(tmp_path):
    book = tmp_path / "register.xlsx"
    result = run_safeplace("template", str(book))
    assert result.returncode == 0, result.stderr
    target = tmp_path / "participants.csv"
    result = run_safeplace("import", str(book), "--to", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == REGISTER.read_bytes()


def test_the_template_is_made_for_editing(tmp_path):
    book_path = tmp_path / "register.xlsx"
    assert run_safeplace("template", str(book_path)).returncode == 0
    book = openpyxl.load_workbook(book_path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == list(COLUMNS)
    assert sheet.freeze_panes == "A2"
    letter = {c: openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(header)}
    # real date cells shown yyyy-mm-dd
    approved = sheet[f"{letter['approved_on']}2"]
    assert approved.is_date and approved.number_format == "yyyy-mm-dd"
    assert approved.value.date() == date(2026, 3, 4)
    # ZIP codes and coordinates stay text, exactly as typed
    assert sheet[f"{letter['lat']}5"].value == "39.0920" and sheet[f"{letter['zip']}2"].data_type == "s"
    # drop-down lists: status from the register's statuses, category from the configuration
    validations = {str(v.sqref).split(":")[0][:-1]: v for v in sheet.data_validations.dataValidation}
    status = validations[letter["status"]]
    assert status.type == "list" and status.formula1 == f'"{",".join(STATUSES)}"'
    category = validations[letter["category"]]
    lists = book["Lists"]
    assert category.formula1.startswith("Lists!$A$1")
    assert [c.value for c in lists["A"]] == list(fixture_settings()["SAFEPLACE_CATEGORIES"])
    assert lists.sheet_state == "hidden"
    # a note on every column; private ones marked
    for cell in sheet[1]:
        assert cell.comment is not None and cell.comment.text
        assert ("PRIVATE" in cell.comment.text) == (cell.value in PRIVATE_COLUMNS)
    assert sheet[f"{letter['notes']}1"].fill.fgColor.rgb != sheet[f"{letter['name']}1"].fill.fgColor.rgb


def test_the_template_never_writes_a_formula(tmp_path):
    rows = sample_rows()
    rows[0]["notes"] = '=HYPERLINK("http://evil.example/","x")'  # a private column: not checked
    register = write_csv(tmp_path / "participants.csv", rows, "utf-8", "\n")
    book_path = tmp_path / "register.xlsx"
    assert run_safeplace("template", str(book_path), "--data", str(register)).returncode == 0
    cell = openpyxl.load_workbook(book_path).worksheets[0]["Q2"]
    assert cell.value == '=HYPERLINK("http://evil.example/","x")' and cell.data_type == "s"
