"""Single cells read as values: ids, coordinates and vetting dates (postal codes: pipeline.profile).

Each parser raises ValueError with the message a coordinator reads next to the cell.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from pipeline.register.problems import cut, shown

# An id: a letter or digit, then letters, digits, '.', '_' or '-' (at most 40 in all).
VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SLASHED_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")  # as Excel saves a date cell as text


def parse_coordinate(text: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{shown(text)} is not a number") from None
    if not -limit <= value <= limit or value != value:
        raise ValueError(f"{cut(text)} is out of range (-{limit} to {limit})")
    return round(value, 6)


def parse_day(text: str, order: str = "month-first") -> date:
    """``YYYY-MM-DD``, or a date with slashes as the jurisdiction's Excel saves date cells, as a
    date. ``order`` (the setting DATE_ORDER) says how slashes are read: ``month-first``
    (``M/D/YYYY``, US), ``day-first`` (``D/M/YYYY``), or ``iso``: refused, since 10/03/2026 is
    10 March in Dublin and October 3 in a US city, and a guess would publish the wrong day."""
    slashed = None
    if (iso := _DATE.match(text)) is not None:
        year, month, day = map(int, iso.groups())
    elif (slashed := _SLASHED_DATE.match(text)) is not None and order != "iso":
        first, second, year = map(int, slashed.groups())
        month, day = (first, second) if order == "month-first" else (second, first)
        year += 2000 if year < 100 else 0  # Excel for Mac writes 2/4/26
    elif slashed is not None:
        raise ValueError(
            f"{shown(text)} could be read day first or month first: write the date as "
            "YYYY-MM-DD, e.g. 2026-02-04 (or set DATE_ORDER to how your spreadsheets write dates)"
        )
    else:
        also = {
            "month-first": " (M/D/YYYY, as US Excel saves dates, is read too)",
            "day-first": " (D/M/YYYY, day first, is read too)",
        }.get(order, "")
        raise ValueError(f"{shown(text)} is not a date: write YYYY-MM-DD, e.g. 2026-02-04{also}")
    if not 1 <= month <= 12:
        which = order.replace("-", " ")
        reading = f" (dates with / are read {which}, as this site's settings say)" if slashed else ""
        if slashed and order == "month-first":
            reading = " (dates with / are read month first, as US Excel writes them)"
        raise ValueError(f"{shown(text)} is not a date: there is no month {month}{reading}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        which = f"{calendar.month_name[month]} {year}" if month == 2 else calendar.month_name[month]
        raise ValueError(f"{shown(text)} is not a date: {which} has {days} days")
    return date(year, month, day)
