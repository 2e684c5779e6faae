"""Issue 22, point 4: LibreOffice is a first-class tool.

One test runs LibreOffice itself (Debian's libreoffice-calc-nogui, installed by
scripts/install-test-deps; headless convert): the template saved as LibreOffice's own format and
as an old .xls. The others write files as LibreOffice's "Text CSV" writes them.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from coordinator_project import csv_text, place, project

from conftest import run_safeplace

LIBREOFFICE_FIX = "File > Save a Copy > Text CSV, Character set: Unicode (UTF-8)"


def soffice() -> str:
    found = shutil.which("soffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed: scripts/install-test-deps must install it in CI")
        pytest.skip("LibreOffice not installed (run scripts/install-test-deps)")
    return found


def convert(program: str, source, fmt: str, tmp_path):
    out = tmp_path / fmt.split(":")[0]
    out.mkdir()
    subprocess.run(
        [
            program,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    (found,) = out.iterdir()
    return found


def test_a_template_saved_by_libreoffice_imports_byte_for_byte_and_xls_is_named(tmp_path):
    program = soffice()
    register, settings = project(
        tmp_path,
        [
            place(1, name="Café Phở Saigon"),
            place(2, status="pending", lat="", lon="", notes="two\nlines"),
            place(3, phone="", hours=""),
        ],
    )
    before = register.read_bytes()
    workbook = tmp_path / "register.xlsx"
    assert run_safeplace("template", str(workbook), "--settings", str(settings)).returncode == 0
    ods = convert(program, workbook, "ods", tmp_path)
    assert ods.read_bytes()[30:84] == b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
    result = run_safeplace("import", str(ods), "--settings", str(settings))
    assert result.returncode == 0, result.stderr
    assert f"{register}: unchanged" in result.stdout
    assert register.read_bytes() == before
    # what the template was made from survives LibreOffice: a row added since is not lost
    with register.open("a", encoding="utf-8") as handle:
        handle.write(csv_text([place(4, status="pending")]).split("\n", 1)[1])
    stopped = run_safeplace("import", str(ods), "--settings", str(settings))
    assert stopped.returncode == 1
    assert (
        "would remove SP-0004 'Place 4': added to the register after the workbook was made" in stopped.stderr
    )

    xls = convert(program, workbook, "xls", tmp_path)
    refused = run_safeplace("import", str(xls), "--settings", str(settings))
    assert refused.returncode == 1
    assert "this file is an old Excel 97-2003 workbook (.xls)" in refused.stderr
    assert (
        'LibreOffice: File > Save As > "Excel 2007-365 (.xlsx)" or "ODF Spreadsheet (.ods)"' in refused.stderr
    )


def test_a_libreoffice_semicolon_csv_with_every_text_cell_quoted_is_recognised(tmp_path):
    rows = [place(1), place(2)]
    register, settings = project(tmp_path, rows)
    before = register.read_bytes()
    # LibreOffice's Text CSV with field delimiter ";" and "Quote all text cells"
    header = list(rows[0])
    lines = [";".join(f'"{c}"' for c in header)]
    for row in rows:
        lines.append(";".join(row[c] if c in ("lat", "lon") else f'"{row[c]}"' for c in header))
    semicolons = tmp_path / "saved.csv"
    semicolons.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_safeplace("validate", "--data", str(semicolons), "--settings", str(settings))
    assert result.returncode == 1
    assert f"{semicolons}:1: -: this file is separated by semicolons, not commas" in result.stderr
    assert "quote" not in result.stderr.split("separated by")[0]
    assert "LibreOffice's field delimiter" in result.stderr
    imported = run_safeplace("import", str(semicolons), "--settings", str(settings))
    assert imported.returncode == 0, imported.stderr
    assert register.read_bytes() == before


def test_every_refusal_that_names_excel_also_names_libreoffice(tmp_path):
    register, settings = project(tmp_path, [place(1)])
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes(register.read_text(encoding="utf-8").encode("utf-16"))
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(csv_text([place(1, name="Café Phở")]).encode("utf-8") + "Crêpe".encode("cp1252"))
    for path in (utf16, mixed):
        result = run_safeplace("validate", "--data", str(path), "--settings", str(settings))
        assert result.returncode == 1
        assert "Excel" in result.stderr and LIBREOFFICE_FIX in result.stderr, result.stderr
