"""Single cells read as values: ids, ZIP codes, coordinates and vetting dates.

Each parser raises ValueError with the message a coordinator reads next to the cell.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from pipeline.register.problems import cut, shown

# An id: a letter or digit, then letters, digits, '.', '_' or '-' (at most 40 in all).
VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
ZIP_CODE = re.compile(r"[0-9]{5}")  # ASCII digits only: not Arabic-Indic or full-width ones
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")  # as US Excel saves a date cell


def parse_coordinate(text: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{shown(text)} is not a number") from None
    if not -limit <= value <= limit or value != value:
        raise ValueError(f"{cut(text)} is out of range (-{limit} to {limit})")
    return round(value, 6)


def parse_day(text: str) -> date:
    """``YYYY-MM-DD``, or ``M/D/YYYY`` and ``M/D/YY`` as US Excel saves date cells, as a date."""
    us = None
    if (iso := _DATE.match(text)) is not None:
        year, month, day = map(int, iso.groups())
    elif (us := _US_DATE.match(text)) is not None:
        month, day, year = map(int, us.groups())
        year += 2000 if year < 100 else 0  # Excel for Mac writes 2/4/26
    else:
        raise ValueError(
            f"{shown(text)} is not a date: write YYYY-MM-DD, e.g. 2026-02-04 "
            "(M/D/YYYY, as US Excel saves dates, is read too)"
        )
    if not 1 <= month <= 12:
        order = " (dates with / are read month first, as US Excel writes them)" if us else ""
        raise ValueError(f"{shown(text)} is not a date: there is no month {month}{order}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        which = f"{calendar.month_name[month]} {year}" if month == 2 else calendar.month_name[month]
        raise ValueError(f"{shown(text)} is not a date: {which} has {days} days")
    return date(year, month, day)
