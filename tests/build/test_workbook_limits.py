"""Workbooks are read within stated limits, from the visible sheet with the register's header,
named as it is read (issue 26, item 6)."""

from __future__ import annotations

import time

from openpyxl import Workbook

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.register.model import COLUMNS


def sheet_rows(ws, rows):
    ws.append(COLUMNS)
    for row in rows:
        ws.append([row[c] for c in COLUMNS])


def test_the_visible_sheet_with_the_register_header_is_read_and_named(tmp_path):
    """A hidden first sheet (an old copy) and a visible "Read me" in front of the register: the
    register's sheet is read, and import says which, and what it did not read."""
    book = Workbook()
    hidden = book.active
    hidden.title = "Old copy"
    sheet_rows(hidden, [dict(GOOD_ROW, name="Hidden Old Name")])
    hidden.sheet_state = "hidden"
    notes = book.create_sheet("Read me")
    notes.append(["Edit the Register sheet, then run safeplace import."])
    shown = book.create_sheet("Register")
    sheet_rows(shown, [GOOD_ROW])
    source = tmp_path / "register.xlsx"
    book.save(source)
    target = tmp_path / "participants.csv"
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(target))
    result = run_safeplace("import", str(source), "--to", str(target), "--settings", str(conf))
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "Corner Books" in text and "Hidden Old Name" not in text
    assert (
        f"{source}: read the sheet 'Register' (the first visible sheet with the register's "
        "header (id, name, status); not read: 'Read me'; hidden, not read: 'Old copy')"
    ) in result.stdout.splitlines()


def test_a_stray_cell_far_away_is_refused_in_one_line_quickly(tmp_path):
    book = Workbook()
    sheet_rows(book.active, [GOOD_ROW])
    book.active["XFD1048576"] = "x"
    source = tmp_path / "register.xlsx"
    book.save(source)
    assert source.stat().st_size < 20_000
    target = tmp_path / "participants.csv"
    conf = settings_file(tmp_path, SAFEPLACE_DATA=str(target))
    started = time.monotonic()
    result = run_safeplace("import", str(source), "--to", str(target), "--settings", str(conf))
    assert time.monotonic() - started < 30
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        f"{source}:1: -: the sheet 'Sheet' reaches cell XFD1048576: a register has at most "
        "100,000 rows and 64 columns"
    ) in result.stderr
    assert not target.exists()
