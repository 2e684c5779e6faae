"""Opening hours: OpenStreetMap ``opening_hours`` text -> a weekly schedule, words, "open now".

The register's ``hours`` column uses the OSM syntax (``Mo-Fr 08:00-17:00; Sa 10:00-14:00``,
``24/7``), parsed by the maintained opening-hours-py library. At build time each value is compiled
into a plain weekly schedule (minutes since Monday 00:00), which is what the find page checks
against the jurisdiction's clock; rules that change from week to week (months, holidays, sunrise)
can't be shown that way and are refused with a clear message.

All words live in :data:`STRINGS`, one entry per language (JSON-serialisable, also shipped to
the page), so a new language means adding one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import opening_hours

WEEK = 7 * 24 * 60
DAY = 24 * 60
# Two ordinary weeks (no US federal holidays), Monday first; a weekly rule gives both the same.
_REFERENCE_WEEKS = (datetime(2026, 2, 2), datetime(2026, 8, 3))
_VARYING = re.compile(r"\b(PH|SH|easter|sunrise|sunset|dawn|dusk|week)\b", re.IGNORECASE)

STRINGS = {
    "en": {
        "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "short_days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "range": "{first} to {last}", "pair": "{first} and {last}", "and": " and ",
        "every_day": "Every day",
        "span": "{start} to {end}", "closed": "closed", "all_day": "open 24 hours",
        "always": "Open 24 hours, 7 days a week", "never": "No regular opening hours",
        "open_now": "Open now", "open_always": "Open 24 hours", "closed_now": "Closed",
        "opens": "Closed · opens {when}", "today": "today", "tomorrow": "tomorrow",
        "clock": "12h",
    },
    "es": {
        "days": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
        "short_days": ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
        "range": "De {first} a {last}", "pair": "{first} y {last}", "and": " y ",
        "every_day": "Todos los días",
        "span": "{start} a {end}", "closed": "cerrado", "all_day": "abierto las 24 horas",
        "always": "Abierto las 24 horas, los 7 días de la semana",
        "never": "Sin horario habitual",
        "open_now": "Abierto ahora", "open_always": "Abierto las 24 horas", "closed_now": "Cerrado",
        "opens": "Cerrado · abre {when}", "today": "hoy", "tomorrow": "mañana",
        "clock": "24h",
    },
}


def words_for(lang: str | dict) -> dict:
    """The hours words for a language code, or ``lang`` itself when it is already a words dict
    (a theme's strings file may carry an ``"hours"`` entry for a language not listed here)."""
    if isinstance(lang, dict):
        return {**STRINGS["en"], **lang}
    return STRINGS.get(lang, STRINGS["en"])


class HoursError(ValueError):
    """Invalid or unsupported opening_hours text; ``str()`` is one line for a coordinator."""


@dataclass(frozen=True)
class WeeklySchedule:
    """Open intervals in minutes since Monday 00:00, half-open, sorted, merged, within the week."""

    intervals: tuple[tuple[int, int], ...]
    source: str

    @property
    def always_open(self) -> bool:
        return self.intervals == ((0, WEEK),)

    def is_open(self, weekday: int, minute: int) -> bool:
        t = weekday * DAY + minute
        return any(start <= t < end for start, end in self.intervals)

    def next_opening(self, weekday: int, minute: int) -> tuple[int, int] | None:
        """(weekday, minute of day) when a closed place next opens; None if it never does."""
        if not self.intervals or self.always_open:
            return None
        t = weekday * DAY + minute
        starts = [s for s, _ in self.intervals if not (s == 0 and self.intervals[-1][1] == WEEK)]
        later = [s for s in starts if s > t]
        start = min(later) if later else min(starts)
        return divmod(start, DAY)

    def compact(self) -> list[list[int]]:
        return [list(i) for i in self.intervals]


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def _week_of(parsed, monday: datetime) -> tuple[tuple[int, int], ...]:
    spans = []
    for start, end, state, comment in parsed.intervals(monday, monday + timedelta(days=7)):
        name = str(state).rsplit(".", 1)[-1].upper()
        if name == "UNKNOWN" or comment:
            raise HoursError("unclear hours (unknown state or comment): write plain weekly hours")
        if name == "OPEN":
            spans.append((int((start - monday).total_seconds() // 60),
                          int((min(end, monday + timedelta(days=7)) - monday).total_seconds() // 60)))
    return _merge(spans)


EXAMPLE_HOURS = "'Mo-Fr 09:00-17:00; Sa 10:00-14:00' or '24/7'"
_HINTS = (
    (re.compile(r"\d\s*(am|pm|a\.m\.|p\.m\.)", re.I), "times are 24-hour with minutes: 17:00, not 5pm"),
    (re.compile(r"(?<![:.\d])\d{1,2}\s*-\s*\d{1,2}(?![:.\d])"), "times need minutes: 09:00-17:00, not 9-5"),
    (re.compile(r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day)?s?\b|\b(weekdays?|weekends?|daily)\b", re.I),
     "days are two letters: Mo Tu We Th Fr Sa Su"),
    (re.compile(r"\d\.\d\d"), "write times with a colon: 09:00"),
)


def _hint(source: str) -> str:
    """What is most likely wrong, in words (the parser's own message is its grammar)."""
    found = [hint for pattern, hint in _HINTS if pattern.search(source)]
    return f" ({'; '.join(found)})" if found else ""


@lru_cache(maxsize=4096)
def parse_hours(text: str) -> WeeklySchedule:
    """Compile OSM opening_hours text into a weekly schedule, or raise HoursError."""
    source = (text or "").strip()
    if not source:
        raise HoursError("hours are empty: use OpenStreetMap syntax such as 'Mo-Fr 09:00-17:00' or '24/7'")
    if _VARYING.search(source) or re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", source):
        raise HoursError(f"{source!r}: only weekly hours are supported (no months, holidays or sun times)")
    try:
        parsed = opening_hours.OpeningHours(source)
    except Exception:  # the library raises its own ParserError/SyntaxError, in its grammar's words
        raise HoursError(f"{source!r} is not hours as the register writes them{_hint(source)}: "
                         f"write days and 24-hour times, e.g. {EXAMPLE_HOURS}") from None
    weeks = {_week_of(parsed, monday) for monday in _REFERENCE_WEEKS}
    if len(weeks) != 1:
        raise HoursError(f"{source!r}: only weekly hours are supported (they change during the year)")
    return WeeklySchedule(weeks.pop(), source)


def _clock(minute: int, lang: str | dict, end: bool = False) -> str:
    if words_for(lang)["clock"] == "24h" and end and minute == DAY:
        return "24:00"
    minute %= DAY
    hour, mins = divmod(minute, 60)
    if words_for(lang)["clock"] == "24h":
        return f"{hour}:{mins:02d}"
    if minute == 0:
        return "midnight"
    if minute == 12 * 60:
        return "noon"
    suffix = "a.m." if hour < 12 else "p.m."
    hour12 = hour % 12 or 12
    return f"{hour12} {suffix}" if mins == 0 else f"{hour12}:{mins:02d} {suffix}"


def _day_openings(schedule: WeeklySchedule) -> list[tuple[tuple[int, int], ...]]:
    """For each weekday, the spans that *start* that day (minutes from that day's 00:00).

    A span running past midnight stays with the day it opens; one that wraps from Sunday into
    Monday is joined back together.
    """
    spans = list(schedule.intervals)
    if len(spans) > 1 and spans[0][0] == 0 and spans[-1][1] == WEEK:
        spans = [(spans[-1][0], WEEK + spans[0][1])] + spans[1:-1]
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for start, end in spans:
        s = start
        while s < end:
            day, midnight = s // DAY, (s // DAY + 1) * DAY
            if end <= midnight or (s % DAY and end - midnight < DAY):
                chunk_end = end  # within the day, or an overnight that stays with its day
            else:
                chunk_end = midnight  # the day is open to midnight and beyond
            days[day % 7].append((s - day * DAY, chunk_end - day * DAY))
            s = chunk_end
    return [tuple(d) for d in days]


def _describe_day(spans, words, lang) -> str:
    if not spans:
        return words["closed"]
    if spans == ((0, DAY),):
        return words["all_day"]
    return words["and"].join(words["span"].format(start=_clock(s, lang), end=_clock(e, lang, end=True))
                             for s, e in spans)


def describe(schedule: WeeklySchedule, lang: str | dict = "en") -> list[str]:
    """The week in words: one line per run of consecutive days with the same hours."""
    words = words_for(lang)
    if schedule.always_open:
        return [words["always"]]
    if not schedule.intervals:
        return [words["never"]]
    days = _day_openings(schedule)
    lines, day = [], 0
    while day < 7:
        last = day
        while last + 1 < 7 and days[last + 1] == days[day]:
            last += 1
        names = words["days"]
        if day == 0 and last == 6:
            label = words["every_day"]
        elif last == day:
            label = names[day]
        elif last == day + 1:
            label = words["pair"].format(first=names[day], last=names[last])
        else:
            label = words["range"].format(first=names[day], last=names[last])
        label = label[0].upper() + label[1:]
        lines.append(f"{label}: {_describe_day(days[day], words, lang)}")
        day = last + 1
    return lines


def status_text(schedule: WeeklySchedule, weekday: int, minute: int, lang: str | dict = "en") -> str:
    """'Open now', 'Open 24 hours' or 'Closed · opens tomorrow 8:00' for a moment in the week."""
    words = words_for(lang)
    if schedule.always_open:
        return words["open_always"]
    if schedule.is_open(weekday, minute):
        return words["open_now"]
    following = schedule.next_opening(weekday, minute)
    if following is None:
        return words["closed_now"]
    day, at = following
    if day == weekday and at > minute:
        when = words["today"]
    elif day == (weekday + 1) % 7:
        when = words["tomorrow"]
    else:
        when = words["short_days"][day]
    return words["opens"].format(when=f"{when} {at // 60}:{at % 60:02d}")
