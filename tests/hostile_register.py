"""A register of hostile rows, one value changed at a time, written and read as the loader reads it."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from pipeline.register.checks import load_register
from pipeline.register.geography import Boundary, zip_centroids
from pipeline.register.model import COLUMNS
from pipeline.register.problems import RegisterError
from support import FIXTURE_BOUNDARY, GOOD_ROW

BOUNDARY = Boundary.load(FIXTURE_BOUNDARY)
ZIPS = zip_centroids(BOUNDARY, "MO", "Kansas City")
TODAY = date(2026, 11, 24)
GOOD = GOOD_ROW


def write(tmp_path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "register.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def row(**changes) -> dict:
    return {**GOOD, **changes}


def load(path: Path, confirmed=()):
    return load_register(
        path,
        boundary=BOUNDARY,
        categories=("Shop",),
        today=TODAY,
        state="MO",
        zip_codes=ZIPS,
        confirmed_hosts=confirmed,
    )


def problems(path: Path, confirmed=()) -> list[str]:
    with pytest.raises(RegisterError) as caught:
        load(path, confirmed)
    return [str(p) for p in caught.value.problems]


# --- text that hides, reorders or imitates ---------------------------------------------------
