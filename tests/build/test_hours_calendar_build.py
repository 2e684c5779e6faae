"""What the site publishes about opening hours is what the opening-hours library says, every day.

Each rule is compiled the way the build does it, encoded into ``places.json``, decoded again and
evaluated by the Python twin of the find page's JavaScript (``status_at`` / ``minutes_open``);
that answer is compared with the library itself for every day of a 400-day window, minute for
minute at every boundary. For rules with public holidays the library's truth is the same rule
with ``PH`` written as the holidays' own dates (the library's built-in calendar is empty), an
independent spelling the build does not use.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm))


TUESDAY = date(2026, 12, 1)
FIRST_MONDAY, SECOND_MONDAY = date(2026, 12, 7), date(2026, 12, 14)


def test_a_real_build_warns_and_publishes_places_without_hours(tmp_path):
    """The CLI build: a short window and a rule that stops opening are warned about; a place
    with no hours is published with "Call to check hours"."""
    import csv

    from support import GOOD_ROW, run_safeplace, settings_file

    rows = [
        {**GOOD_ROW, "id": f"SP-900{n}", "name": f"Place {n}", "address": f"{4700 + n} Main St"}
        for n in range(3)
    ]
    rows[0]["hours"], rows[1]["hours"] = "2026 Nov Mo-Fr 09:00-17:00", ""
    register = tmp_path / "register.csv"
    with register.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    settings = settings_file(tmp_path, HOURS_AS_OF="2026-11-20", HOURS_WINDOW_DAYS=45)
    result = run_safeplace(
        "build", "--settings", str(settings), "--data", str(register), "--output", str(tmp_path / "out")
    )
    assert result.returncode == 0, result.stderr
    said = " ".join(re.sub(r"\S+\.py:\d+", " ", result.stdout + result.stderr).split())  # rich's log columns
    assert "opening hours are published only until 2027-01-03" in said
    assert (
        "register.csv:2: hours: warning: '2026 Nov Mo-Fr 09:00-17:00' opens for the last time on 2026-11-30"
        in said
    )
    data = json.loads((tmp_path / "out/find/places.json").read_text(encoding="utf-8"))
    row = next(r for r in data["places"] if r[0] == rows[1]["id"])
    assert row[data["fields"].index("schedule")] is None
    assert data["calendar"] == {
        "from": "2026-11-20",
        "days": 45,
        "holidays": [6, 35, 42],
    }  # 26 Nov, 25 Dec, 1 Jan
    page = (tmp_path / "out/find/index.html").read_text(encoding="utf-8")
    assert "Call to check hours" in page and "Hours as of November 20, 2026." in page
