"""A small project made by a test: its own register, boundary and settings (issue 22 tests).

Nothing here depends on the sample register or the default agency's boundary: the boundary is a
square drawn around the rows' own points, the categories are the test's.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import GOOD_ROW, settings_file

COLUMNS = list(GOOD_ROW)
CATEGORIES = ("Shop", "Restaurant or café", "Library", "Social service organization")


def place(number: int, **changes) -> dict[str, str]:
    """An approved row near GOOD_ROW's point, with its own id, name, address and phone."""
    row = dict(
        GOOD_ROW,
        id=f"SP-{number:04d}",
        name=f"Place {number}",
        address=f"{4700 + number} Main St",
        phone=f"(816) 555-{1000 + number:04d}",
        lat=f"{39.0410 + number / 10000:.4f}",
    )
    row.update(changes)
    return row


def csv_text(rows: list[dict[str, str]], columns=None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_register(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_text(rows).encode(encoding, errors="replace"))
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def project(tmp_path: Path, rows: list[dict[str, str]]) -> tuple[Path, Path]:
    """(register, settings) of a project in ``tmp_path/project``."""
    root = tmp_path / "project"
    register = write_register(root / "data" / "participants.csv", rows)
    boundary = root / "data" / "boundary.geojson"
    south, north, west, east = 38.95, 39.15, -94.70, -94.45
    boundary.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "Test City"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [
                                [[west, south], [east, south], [east, north], [west, north], [west, south]]
                            ],
                        },
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    settings = settings_file(
        root,
        SAFEPLACE_DATA=str(register),
        SAFEPLACE_BOUNDARY=str(boundary),
        SAFEPLACE_CATEGORIES=CATEGORIES,
        JURISDICTION="Kansas City, Missouri",
        JURISDICTION_STATE="MO",
    )
    return register, settings
