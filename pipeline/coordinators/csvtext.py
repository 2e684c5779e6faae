"""CSV text read into rows, or one line saying why not.

Python's csv module stops at a cell over 131,072 characters (``field larger than field
limit``) or at a quote never closed; a coordinator gets that as one line naming the file and
the row, never a traceback. The limit itself stays: no cell of a register needs more.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from pipeline.register.problems import Problem, RegisterError

CELL_LIMIT = csv.field_size_limit()  # 131,072 characters


def csv_rows(text: str, name: str, **options) -> list[list[str]]:
    """Every row of ``text``; RegisterError (file, row) when a cell is too long or broken."""
    reader = csv.reader(io.StringIO(text, newline=""), **options)
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        raise RegisterError(
            [
                Problem(
                    name,
                    reader.line_num or len(rows) + 1,
                    "-",
                    (
                        f"cannot be read as CSV ({exc}): a cell holds more than {CELL_LIMIT:,} "
                        "characters, or a quote is never closed"
                    ),
                )
            ]
        ) from None
    return rows


def csv_records(text: str, name: str) -> list[dict[Any, Any]]:
    """``csv.DictReader``'s records from :func:`csv_rows` (missing cells are None)."""
    rows = csv_rows(text, name)
    if not rows:
        return []
    header, out = rows[0], []
    for row in rows[1:]:
        record: dict[Any, Any] = dict(zip(header, row))
        for key in header[len(row) :]:
            record[key] = None
        if len(row) > len(header):
            record[None] = row[len(header) :]
        out.append(record)
    return out
