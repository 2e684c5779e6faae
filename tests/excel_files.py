"""Registers as Excel and LibreOffice save them: the sample's rows as spreadsheet cells, a CSV writer with their dialects and encodings, and the loader's reading of a file."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from pipeline.register.checks import load_register
from pipeline.register.geography import Boundary
from pipeline.register.model import COLUMNS
from pipeline.register.problems import RegisterError
from support import FIXTURE_BOUNDARY, FIXTURE_REGISTER

REGISTER = FIXTURE_REGISTER
BOUNDARY = Boundary.load(FIXTURE_BOUNDARY)
DATES = ("applied_on", "approved_on", "trained_on")
SAVE_AS = '"CSV UTF-8 (Comma delimited) (.csv)"'


def sample_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(REGISTER.read_text(encoding="utf-8"))))


def excel_cells(row: dict[str, str], year_digits: int = 4, pad: bool = False) -> dict[str, str]:
    """A row as Excel shows and saves it: dates M/D/YYYY (or M/D/YY), numbers without trailing 0s."""
    out = dict(row)
    for column in DATES:
        if row[column]:
            day = date.fromisoformat(row[column])
            year = day.year if year_digits == 4 else day.year % 100
            out[column] = (
                f"{day.month:02d}/{day.day:02d}/{year:02d}" if pad else f"{day.month}/{day.day}/{year}"
            )
    for column in ("lat", "lon"):
        if row[column]:
            out[column] = repr(float(row[column]))  # 39.0920 -> 39.092
    return out


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    encoding: str,
    newline: str,
    delimiter: str = ",",
    quoting=csv.QUOTE_MINIMAL,
) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=COLUMNS, lineterminator=newline, delimiter=delimiter, quoting=quoting
    )
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def load(path: Path):
    return load_register(path, boundary=BOUNDARY, state="MO", today=date(2026, 11, 24))


def problems(path: Path) -> list[str]:
    with pytest.raises(RegisterError) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


def records(register) -> list:
    return [(e.participant, e.vetting) for e in register.entries]
