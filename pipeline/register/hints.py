"""The likely cause behind a refused value, in a coordinator's words.

Two mistakes a spreadsheet makes easy: latitude and longitude typed in each other's column (the
values are plausible, just swapped), and a cell the spreadsheet turned into a date ("24/7" read by
a day-first LibreOffice as 24 July; "1-5" as 5 January). The plain rule ("out of range", "times
need minutes") is true but sends the coordinator the wrong way; these say what happened.
"""

from __future__ import annotations

import re

from pipeline.hours.calendar import HoursError
from pipeline.hours.schedule import parse_hours

# What a date cell looks like once saved as text: 2026-07-24, 24/07/2026, 7/24/26, 24.07.26,
# "24-Jul", "Jul-24" (Excel's short forms).
_DATE_LIKE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?: \d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}-(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:-\d{2,4})?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*-\d{1,4}",
    re.I,
)


def looks_like_date(text: str) -> bool:
    return _DATE_LIKE.fullmatch(text.strip()) is not None


def turned_into_date(column: str, text: str) -> str:
    """The message for a value a spreadsheet turned into a date."""
    example = "24/7" if column == "hours" else "the value"
    return (
        f"{text!r} looks like a date: the spreadsheet turned what was typed ({example}?) into "
        "a date. Type it again with the cell formatted as Text (Excel: Format Cells > Text; "
        "LibreOffice: Format > Cells > Text), or start it with an apostrophe (')"
    )


def parse_hours_cell(text: str, **options):
    """:func:`parse_hours`, saying so when the cell is a date the spreadsheet made."""
    if looks_like_date(text):
        raise HoursError(turned_into_date("hours", text))
    return parse_hours(text, **options)


def swapped(lat_text: str, lon_text: str, boundary=None) -> str | None:
    """A hint when lat and lon fit (their ranges, and the boundary if any) only the other way
    round, else None."""
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        return None
    if not (-90 <= lon <= 90 and -180 <= lat <= 180):
        return None  # swapped, they would not fit either
    if boundary is not None:
        if not boundary.contains_points([lon], [lat])[0]:
            return None
        where = f"inside {boundary.name}"
    else:
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return None
        where = "in range"
    return (
        f"swapped? the other way round (lat {lon_text}, lon {lat_text}) it is {where}: "
        "put the latitude in lat and the longitude in lon"
    )
