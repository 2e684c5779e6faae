"""The register file as a table: its bytes (with a size guard), then rows and columns.

The csv module splits the text, so a stray comma or an unclosed quote is reported on its own
spreadsheet row; pandas holds the table for the column-wise checks.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.register.encoding import SAVE_AS_UTF8, decode
from pipeline.register.model import ROW_COLUMN
from pipeline.register.problems import Problem, RegisterError
from pipeline.register.values import VALID_ID

if TYPE_CHECKING:
    import pandas as pd


def read_table(path: Path, text: str | None = None) -> pd.DataFrame:
    """The register as a table of stripped strings; RegisterError names rows that don't fit.

    The csv module splits the text (so a stray comma is reported on its own spreadsheet row);
    pandas holds the table, with each row's spreadsheet row number in :data:`ROW_COLUMN`.
    """
    table = read_rows(path, text)
    import pandas as pd  # here: what reads rows only (the build's first second) needs none

    return pd.DataFrame(table, columns=list(table))


def read_rows(path: Path, text: str | None = None, columns: tuple[str, ...] | None = None) -> dict[str, list]:
    """:func:`read_table`'s columns as lists (``{column: [stripped cell, ...]}``, the row
    numbers last in :data:`ROW_COLUMN`), without pandas; only ``columns`` (those of them the
    header has), when given: the rows are read and checked alike, only fewer cells kept."""
    if text is None:
        text = decode(path.read_bytes(), str(path))
    name = str(path)
    if "\x00" in text or not text.strip():
        raise RegisterError([Problem(name, 1, "-", "this file is not a CSV register (empty or binary)")])
    from pipeline.register.dialect import separator

    if (sign := separator(text)) != ",":
        what = "semicolons" if sign == ";" else "tabs"
        raise RegisterError(
            [
                Problem(
                    name,
                    1,
                    "-",
                    (
                        f"this file is separated by {what}, not commas (Excel saves it so where the decimal "
                        'mark is a comma, or as "Text (Tab delimited)"; LibreOffice when its Text CSV '
                        "field delimiter is not a comma): run `safeplace import` on it, or set Excel's list "
                        'separator to a comma (File > Options > Advanced: untick "Use system separators", '
                        'decimal separator ".") or LibreOffice\'s field delimiter to ",", and ' + SAVE_AS_UTF8
                    ),
                )
            ]
        )
    rows, reader = [], csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for cells in reader:
            rows.append(cells)
    except csv.Error as exc:
        row = len(rows) + 1  # the row whose record the quote broke (csv reads a record at a time)
        message = (
            'a quote (") opens in this row and is never closed where its cell ends: put the '
            'whole cell in quotes and double each quote inside it (""), or remove the quote'
        )
        if "field limit" in str(exc):  # csv's own limit: no cell of a register needs more
            message = (
                f"a cell in this row holds more than {csv.field_size_limit():,} characters, "
                "more than any register needs (a paste gone wrong, or a quote never closed): "
                "shorten it"
            )
        raise RegisterError([Problem(name, row, "-", message)]) from None
    header = [cell.strip().lower() for cell in rows[0]]
    problems = []
    if len(set(header)) != len(header) or "" in header:
        problems.append(Problem(name, 1, "-", "the header has empty or repeated column names"))
    width, records, numbers = len(header), [], []
    for number, cells in enumerate(rows[1:], start=2):
        if not (cells and cells[0].strip()) and not "".join(cells).strip():
            continue  # blank line
        if len(cells) != width:
            problems.append(
                Problem(
                    name,
                    number,
                    "-",
                    f"{len(cells)} cells but the header has {width} (a comma inside an unquoted value?)",
                )
            )
            continue
        records.append(cells)
        numbers.append(number)
    if problems:
        raise RegisterError(problems)
    if columns is None:
        cells_by_column = zip(*records) if records else ([] for _ in header)
        table: dict[str, list] = {c: list(map(str.strip, cells)) for c, cells in zip(header, cells_by_column)}
    else:
        table = {c: [cells[i].strip() for cells in records] for i, c in enumerate(header) if c in columns}
    table[ROW_COLUMN] = numbers
    return table


MAX_REGISTER_BYTES = 256 * 1024 * 1024  # a register is a few MB; more is not a register


def read_register_bytes(path: Path) -> bytes:
    """The register file's bytes; RegisterError for a folder, a device such as /dev/zero, or
    a file far too big to be a register."""

    def refuse(message: str) -> RegisterError:
        return RegisterError([Problem(str(path), 0, "-", message)])

    try:  # opened without blocking, so a named pipe cannot hang the build
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise refuse("this is not a file (a folder or a device?): name the register CSV")
            raw = handle.read(MAX_REGISTER_BYTES + 1)
    except IsADirectoryError:
        raise refuse("this is a folder: name the register CSV") from None
    except OSError as exc:
        raise refuse(f"cannot read the register: {exc.strerror or exc}") from None
    if len(raw) > MAX_REGISTER_BYTES:
        raise refuse(f"this file is over {MAX_REGISTER_BYTES // 2**20} MB: not a register")
    return raw


def approved_ids(path: Path) -> list[str]:
    """The ids of the rows marked approved, as written and before any check (what the build
    makes the place-page folders for while the register is checked; a register that fails its
    checks publishes nothing anyway). Empty when the file cannot be read as a table.

    Read as :func:`read_rows` reads it, without pandas: the folders are made in a process of
    their own from the build's first second. A hint, not a verdict: a folder made for a row the
    checks do not publish is removed, a page whose folder was not made makes it."""
    try:
        table = read_rows(path, decode(read_register_bytes(path), str(path)), columns=("id", "status"))
    except RegisterError:
        return []
    if "id" not in table or "status" not in table:
        return []
    return [
        ident
        for ident, status in zip(table["id"], table["status"])
        if status.lower() == "approved" and VALID_ID.fullmatch(ident)
    ]
