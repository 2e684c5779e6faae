"""The register as Excel, Mac Excel and LibreOffice save it, and as an Excel workbook (issue 13).

Every file here is made the way those programs write it: the sample register's own rows with
US dates (M/D/YYYY, M/D/YY), coordinates without their trailing zeros, Windows-1252, CRLF; the
dialects Excel offers that the register refuses (UTF-16 "Unicode Text", semicolons, Mac Roman,
a workbook renamed to .csv) are refused with the steps that fix them, and `safeplace import`
turns them into the register. Workbooks are made with openpyxl, with real date and number cells.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
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

from pipeline.register.model import COLUMNS

EXPECTED = records(load(REGISTER))


def test_a_date_that_does_not_exist_says_why(tmp_path):
    rows = sample_rows()
    rows[0]["approved_on"] = "11/31/2026"
    rows[1]["trained_on"] = "2/29/2026"
    rows[2]["applied_on"] = "13/1/2026"
    path = write_csv(tmp_path / "participants.csv", rows, "utf-8", "\n")
    found = problems(path)
    assert f"{path}:2: approved_on: '11/31/2026' is not a date: November has 30 days" in found
    assert f"{path}:3: trained_on: '2/29/2026' is not a date: February 2026 has 28 days" in found
    assert any(
        p.startswith(f"{path}:4: applied_on: '13/1/2026' is not a date: there is no month 13") for p in found
    )


# --- files the register refuses, with the steps that fix them ---------------------------------


def test_a_mac_roman_file_is_refused_naming_the_first_garbled_row(tmp_path):
    rows = sample_rows()
    rows[6]["name"] = "Crème Brûlée Café"
    path = write_csv(tmp_path / "participants.csv", rows, "mac_roman", "\r")  # CSV (Macintosh)
    (found,) = problems(path)
    # the first accented letter is the category on row 2, "Restaurant or café"
    assert found.startswith(f"{path}:2: -: 'cafŽ': this file looks saved as \"CSV (Macintosh)\" (Mac Roman)")
    assert SAVE_AS in found


def test_pure_windows_1252_with_its_punctuation_stays_accepted(tmp_path):
    rows = sample_rows()
    rows[0]["name"] = "Tom’s “Best” Deli – Crème Brûlée, Ñandú & Œuvre"
    rows[1]["name"] = "MÜLLER’S SÃO PAULO GRILL"
    rows[2]["notes"] = "Open Mo–Fr, 9–5 — ask for Renée"  # dashes between words, as typed in Word
    path = write_csv(tmp_path / "participants.csv", rows, "cp1252", "\r\n")
    names = {p.id: p.name for p in load(path).published}
    assert names["SP-0001"] == "Tom’s “Best” Deli – Crème Brûlée, Ñandú & Œuvre"
    assert names["SP-0002"] == "MÜLLER’S SÃO PAULO GRILL"


def test_text_garbled_by_an_earlier_save_is_refused(tmp_path):
    rows = sample_rows()
    rows[2]["name"] = "CafÃ© Olé"
    path = write_csv(tmp_path / "participants.csv", rows, "utf-8", "\n")
    (found,) = problems(path)
    assert found.startswith(f"{path}:4: -: ") and "'CafÃ©" in found and "garbled" in found


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


def test_an_open_quote_names_its_row(tmp_path):
    text = REGISTER.read_text(encoding="utf-8").split("\n")
    text[7] = text[7].replace("SP-0007,", 'SP-0007,"', 1)
    path = tmp_path / "participants.csv"
    path.write_text("\n".join(text), encoding="utf-8")
    (found,) = problems(path)
    assert found.startswith(f'{path}:8: -: a quote (") opens in this row and is never closed')


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


@pytest.mark.parametrize(
    "program, encoding, newline, years, pad, quoting",
    [
        ("US Excel, CSV (Comma delimited)", "cp1252", "\r\n", 4, False, csv.QUOTE_MINIMAL),
        ("US Excel, CSV UTF-8", "utf-8-sig", "\r\n", 4, False, csv.QUOTE_MINIMAL),
        ("Excel for Mac, CSV UTF-8", "utf-8-sig", "\r\n", 2, False, csv.QUOTE_MINIMAL),
        ("LibreOffice Calc, US locale", "utf-8", "\n", 2, True, csv.QUOTE_NONNUMERIC),
    ],
)
def test_the_register_as_excel_and_libreoffice_save_it_means_the_same(
    tmp_path, program, encoding, newline, years, pad, quoting
):
    rows = [excel_cells(r, years, pad) for r in sample_rows()]
    path = write_csv(tmp_path / "participants.csv", rows, encoding, newline, quoting=quoting)
    assert b"2026-" not in path.read_bytes()  # every date is in Excel's US form
    assert records(load(path)) == EXPECTED, program


@pytest.mark.parametrize(
    "make, says",
    [
        (unicode_text, 'this file is UTF-16 (Excel\'s "Unicode Text")'),
        (semicolons, "this file is separated by semicolons, not commas"),
        (workbook_renamed, "this file is an Excel workbook (.xlsx) renamed to .csv: run `safeplace import`"),
    ],
)
def test_what_excel_can_save_instead_is_named_with_the_steps_to_fix_it(tmp_path, make, says):
    path = make(tmp_path / "participants.csv")
    (found, *_) = problems(path)
    assert found.startswith(f"{path}:1: -: {says}"), found
    assert SAVE_AS in found
