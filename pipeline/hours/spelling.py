"""Unambiguous spellings of opening hours, written the one way the register keeps them.

Coordinators type hours the way they see them on doors and websites: ``Mo - Fr 09:00 – 17:00``,
``MO-FR``, ``Mo-Fr: 09:00-17:00``, ``Mo-Su 24/7``, ``Dec 24, 31``. Each of these has exactly one
meaning, so it is read as the canonical OpenStreetMap spelling (``Mo-Fr 09:00-17:00``) and that
is what ``validate`` shows ("read as ..."), what ``import`` writes and what the site shows.

Nothing here guesses: a spelling that could mean two things (``Mo, We 09:00-17:00``, which the
library reads as two rules) is left as it is, for :mod:`pipeline.hours.face` to refuse with the
reading the coordinator probably meant.
"""

from __future__ import annotations

import re

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WORDS = {
    **{d.lower(): d for d in DAY_CODES},
    **{m.lower(): m for m in MONTHS},
    "ph": "PH",
    "sh": "SH",
    "off": "off",
    "closed": "closed",
    "open": "open",
    "week": "week",
    "unknown": "unknown",
    "day": "day",
    "days": "days",
}
_DAYS = "|".join(DAY_CODES) + "|PH"
_MONTH = "|".join(MONTHS)

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_LETTERS = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_AROUND_DASH = re.compile(r" ?- ?")
#: a colon after the days: ``Mo-Fr: 09:00-17:00``, ``Sa : 10:00-14:00``, ``PH: off``
_DAYS_COLON = re.compile(rf"((?:{_DAYS})(?:\[[^\]]*\])?) ?: ?(?=\d|off\b|closed\b|24/7)")
#: a comma between numbers (times, days of a month, weeks), with spaces: ``12:00 , 13:00``; after
#: a time only another time (``17:00, 2027 Jan 04 10:00-12:00`` is an additional rule)
_DIGIT_COMMA = re.compile(r"(?<=\d)(?<!\d\d:\d\d) ?, ?(?=\d)|(?<=\d\d:\d\d) ?, ?(?=\d{1,2}:)")
#: an hour of one digit: ``9:00`` is ``09:00``
_ONE_DIGIT_HOUR = re.compile(r"(?<![\d:/])(\d:\d\d)(?!\d)")
#: a space before a comma, never a rule separator: ``Mo ,We``
_SPACE_COMMA = re.compile(r" ,")
#: ``Dec 24,31``: the library wants the month again (``Dec 24,Dec 31``)
_MONTH_DAYS = re.compile(rf"\b({_MONTH}) (\d{{1,2}})((?:,\d{{1,2}}(?![\d:]))+)")
#: ``2026 Dec 01-Dec 31``: a dated range within a year, the second date's year left out (which
#: opening_hours.js refuses): ``2026 Dec 01-31``, ``2027 Jan 15-2027 Mar 31``,
#: ``2026 Dec 24-2027 Jan 02``
_YEAR_RANGE = re.compile(rf"\b(\d{{4}}) ({_MONTH}) (\d\d)-({_MONTH}) (\d\d)\b")
#: ``week 01,week 03``: one ``week`` for the list
_WEEK_AGAIN = re.compile(r"(?<=\d),week ?(?=\d)")
#: days, then ``24/7``: open all day on those days
_DAYS_ALWAYS = re.compile(rf"^((?:{_DAYS})(?:-(?:{_DAYS}))?(?:,(?:{_DAYS})(?:-(?:{_DAYS}))?)*) 24/7$")


def canonical(text: str) -> str:
    """``text`` in the register's one spelling (unchanged when it already is, or when it is not
    hours at all: the library's refusal then names the value as the coordinator typed it)."""
    value = _SPACES.sub(" ", _DASHES.sub("-", text)).strip()
    value = _LETTERS.sub(lambda m: _WORDS.get(m.group().lower(), m.group()), value)
    value = _AROUND_DASH.sub("-", value)
    value = _DAYS_COLON.sub(r"\1 ", value)
    value = _ONE_DIGIT_HOUR.sub(r"0\1", value)
    value = _DIGIT_COMMA.sub(",", value)
    value = _SPACE_COMMA.sub(",", value)
    value = _MONTH_DAYS.sub(
        lambda m: (
            m.group(1) + " " + m.group(2) + "".join(f",{m.group(1)} {d}" for d in m.group(3).split(",")[1:])
        ),
        value,
    )
    value = _WEEK_AGAIN.sub(",", value)
    value = _YEAR_RANGE.sub(_year_range, value)
    value = re.sub(r"(?: ?; ?)+", "; ", value).strip("; ")  # ``;;``: one rule ends, one begins
    return "; ".join(map(_always, value.split("; ")))


def _year_range(m: re.Match) -> str:
    year, first, day, last, last_day = m.groups()
    if first == last:
        return f"{year} {first} {day}-{last_day}"
    if MONTHS.index(last) > MONTHS.index(first):
        return f"{year} {first} {day}-{year} {last} {last_day}"
    # ``Dec 24-Jan 02``: into the next year, as the library reads it
    return f"{year} {first} {day}-{int(year) + 1} {last} {last_day}"


def _always(rule: str) -> str:
    """``Mo-Su 24/7`` is ``24/7``; ``Mo-Fr 24/7`` is open all day on those days; ``24/7 closed``
    is ``closed``."""
    if rule in ("24/7 off", "24/7 closed"):  # closed all the time: what "off" says
        return rule.split()[1]
    always = _DAYS_ALWAYS.match(rule)
    if not always:
        return rule
    return "24/7" if always.group(1) == "Mo-Su" else f"{always.group(1)} 00:00-24:00"
