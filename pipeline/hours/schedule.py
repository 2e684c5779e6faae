"""Opening hours: OpenStreetMap ``opening_hours`` text -> what the site says, day by day.

The register's ``hours`` column uses the OSM syntax (``Mo-Fr 08:00-17:00; PH off``, ``24/7``),
parsed by the maintained opening-hours-py library. The library's answer for *real dates* is the
truth: at build time each value is evaluated for every day of a window (:class:`Calendar`, from
the build date, 400 days by default) and published as a regular week plus the dated exceptions
(public holidays, ``Mo[1]``-style weeks, year and month ranges): only the days that differ from
the regular week are listed, so a plain weekly rule costs nothing extra.

Public holidays come from the ``holidays`` package (the library's own calendar is empty in its
Python build). The library is still the one judge of what ``PH`` means: for a day near a
holiday the rule is evaluated with ``PH`` replaced by that day's weekday, which matches exactly
the holidays among the few days an overnight span can reach (they all fall on different
weekdays), so ``PH off``, ``PH 10:00-14:00`` or ``Mo-Fr 09:00-17:00; PH,Su off`` mean what the
library says they mean. Rules that cannot be shown exactly (comments, ``||`` fallbacks,
sunrise/sunset, ``+`` open ends, ``unknown``, school holidays) are refused with a plain message.

All words live in :data:`STRINGS`, one entry per language (JSON-serialisable, also shipped to
the page), so a new language means adding one entry. :func:`status_at` is the Python twin of
``statusOf`` in ``theme/static/js/find.js``; the tests hold the two to the same answers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

import opening_hours

WEEK = 7 * 24 * 60
DAY = 24 * 60
WINDOW_DAYS = 400  # how far ahead the site knows every day's hours (docs/coordinators.md: "Opening hours")
SOON = 30  # minutes: "Closes in 8 minutes", and "open now only" leaves such places out
WEEKDAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_SPILL_DAYS = 2  # an OSM time runs to 48:00 at most: a day's rule reaches the next day only

# What cannot be shown exactly, and what to write instead (checked before the library parses).
_REFUSED = (
    (re.compile(r"\|\|"), "a fallback rule ('||') can't be shown exactly: write the hours alone, "
                          "e.g. 'Mo-Fr 09:00-17:00', or leave the hours empty"),
    (re.compile(r'"'), "comments in quotes can't be shown on the map: remove the comment and "
                       "write only the hours, e.g. 'Mo-Fr 09:00-17:00'"),
    (re.compile(r"\b(sunrise|sunset|dawn|dusk)\b", re.I),
     "sun times change every day: write clock times, e.g. 'Mo-Fr 07:00-19:00'"),
    (re.compile(r"\d\s*\+|\+\s*(;|,|$)"),
     "an open end ('+') can't be shown: write when it closes, e.g. '18:00-23:00'"),
    (re.compile(r"\bunknown\b", re.I),
     "'unknown' hours can't be shown: write the hours, or leave the hours empty"),
    (re.compile(r"\bSH\b"), "school holidays (SH) are not known to the site: write the dates, "
                            "e.g. 'Jun-Aug Mo-Fr 09:00-12:00'"),
    (re.compile(r"\bPH\s*[+-]"), "holiday offsets ('PH +1 day') can't be shown: write the date, "
                                 "e.g. 'Dec 26 off'"),
)

STRINGS = {
    "en": {
        "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "short_days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "months": ["January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December"],
        "date": "{day}, {month} {n}", "long_date": "{month} {n}, {year}",
        "range": "{first} to {last}", "pair": "{first} and {last}", "and": " and ",
        "every_day": "Every day",
        "span": "{start} to {end}", "closed": "closed", "all_day": "open 24 hours",
        "always": "Open 24 hours, 7 days a week", "never": "No regular opening hours",
        "holiday_label": " (holiday)",
        "more_days": "Different hours on {n} more days: call to check",
        "no_hours": "Call to check hours",
        "open_until": "Open until {time}", "open_until_day": "Open until {day} {time}",
        "closes_in": "Closes in {n} minutes", "closes_in_1": "Closes in 1 minute",
        "open_always": "Open 24 hours", "closed_now": "Closed", "open_now": "Open now",
        "opens": "Closed · opens {when}",
        "holiday": "Closed today (holiday)", "holiday_opens": "Closed today (holiday) · opens {when}",
        "today_at": "today {time}", "tomorrow_at": "tomorrow {time}", "day_at": "{day} {time}",
        "date_at": "{date}, {time}",
        "at": "{time}", "at_one": "{time}",
        "clock": "12h",
    },
    "es": {
        "days": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
        "short_days": ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
        "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                   "septiembre", "octubre", "noviembre", "diciembre"],
        "date": "{day} {n} de {month}", "long_date": "{n} de {month} de {year}",
        "range": "De {first} a {last}", "pair": "{first} y {last}", "and": " y ",
        "every_day": "Todos los días",
        "span": "{start} a {end}", "closed": "cerrado", "all_day": "abierto las 24 horas",
        "always": "Abierto las 24 horas, los 7 días de la semana",
        "never": "Sin horario habitual",
        "holiday_label": " (festivo)",
        "more_days": "Horario distinto otros {n} días: llame para confirmar",
        "no_hours": "Llame para confirmar el horario",
        "open_until": "Abierto hasta {time}", "open_until_day": "Abierto hasta el {day} a {time}",
        "closes_in": "Cierra en {n} minutos", "closes_in_1": "Cierra en 1 minuto",
        "open_always": "Abierto las 24 horas", "closed_now": "Cerrado", "open_now": "Abierto ahora",
        "opens": "Cerrado · abre {when}",
        "holiday": "Cerrado hoy (festivo)", "holiday_opens": "Cerrado hoy (festivo) · abre {when}",
        "today_at": "hoy a {time}", "tomorrow_at": "mañana a {time}", "day_at": "el {day} a {time}",
        "date_at": "el {date} a {time}",
        "at": "las {time}", "at_one": "la {time}",
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


# --- the calendar: which days are published, which are public holidays --------------------------

@dataclass(frozen=True)
class Calendar:
    """The days the site publishes (``start`` and the ``days`` after it) and the public holidays
    among them (date -> name)."""

    start: date
    days: int = WINDOW_DAYS
    holidays: tuple[tuple[date, str], ...] = ()
    covered_until: date | None = None  # the last day the holiday source vouches for

    @property
    def end(self) -> date:
        """The first day *after* the window."""
        return self.start + timedelta(days=self.days)

    @property
    def holiday_dates(self) -> frozenset[date]:
        return frozenset(d for d, _ in self.holidays)

    def offset(self, day: date) -> int:
        return (day - self.start).days


def holiday_calendar(start: date, settings: dict | None = None, days: int = WINDOW_DAYS) -> Calendar:
    """The window from ``start`` with the public holidays of ``PUBLIC_HOLIDAYS`` (see
    ``pelicanconf.py``): the ``holidays`` package's calendar for ``country`` (and ``subdiv``,
    a state or province), plus ``extra`` dates ("YYYY-MM-DD", or "MM-DD" for every year)."""
    import holidays

    settings = settings or {"country": "US"}
    end = start + timedelta(days=days)
    years = list(range(start.year, end.year + 1))
    try:
        found = holidays.country_holidays(settings.get("country", "US"), subdiv=settings.get("subdiv"),
                                          years=years, observed=settings.get("observed", True))
    except NotImplementedError as exc:
        raise HoursError(f"PUBLIC_HOLIDAYS: {exc}") from None
    dates: dict[date, str] = {d: str(n) for d, n in found.items() if start <= d < end}
    for key, name in (settings.get("extra") or {}).items():
        key = str(key)
        try:
            if len(key) == 5:  # MM-DD, every year
                for year in years:
                    d = date.fromisoformat(f"{year}-{key}")
                    if start <= d < end:
                        dates.setdefault(d, str(name))
            else:
                d = date.fromisoformat(key)
                if start <= d < end:
                    dates.setdefault(d, str(name))
        except ValueError:
            raise HoursError(f"PUBLIC_HOLIDAYS extra {key!r}: write YYYY-MM-DD or MM-DD") from None
    last_year = getattr(found, "end_year", None) or end.year
    return Calendar(start, days, tuple(sorted(dates.items())), date(last_year, 12, 31))


def calendar_for(settings: dict) -> Calendar:
    """The calendar ``pelicanconf.py`` asks for: from ``HOURS_AS_OF`` (default: today in
    ``TIMEZONE``), ``HOURS_WINDOW_DAYS`` days, the holidays of ``PUBLIC_HOLIDAYS``."""
    from zoneinfo import ZoneInfo

    from pipeline.settings import setting

    as_of = setting(settings, "HOURS_AS_OF")
    start = (date.fromisoformat(str(as_of)) if as_of
             else datetime.now(ZoneInfo(setting(settings, "TIMEZONE"))).date())
    return holiday_calendar(start, setting(settings, "PUBLIC_HOLIDAYS"),
                            int(setting(settings, "HOURS_WINDOW_DAYS")))


WARN_BEFORE = timedelta(days=60)


def window_warning(calendar: Calendar, today: date) -> str | None:
    """A plain warning when what the site knows about hours runs out within 60 days of
    ``today`` (the window, or the holiday calendar's coverage)."""
    ends = min(calendar.end, (calendar.covered_until or calendar.end) + timedelta(days=1))
    if ends - today < WARN_BEFORE:
        return (f"opening hours are published only until {ends - timedelta(days=1)}: rebuild the "
                "site (the publish workflow runs every week) before then")
    return None


_calendar: Calendar | None = None


def use_calendar(calendar: Calendar) -> None:
    """Evaluate every rule from now on for ``calendar`` (the plugin sets it before the register
    is read, so :func:`parse_hours` keeps its one-argument interface)."""
    global _calendar
    _calendar = calendar


def current_calendar() -> Calendar:
    global _calendar
    if _calendar is None:  # a tool used without the plugin: today in Kansas City, US holidays
        from zoneinfo import ZoneInfo

        _calendar = holiday_calendar(datetime.now(ZoneInfo("America/Chicago")).date())
    return _calendar


# --- one rule, evaluated for every day of the window -------------------------------------------

Spans = tuple[tuple[int, int], ...]  # open minutes of one day, half-open, sorted, merged


@dataclass(frozen=True)
class WeeklySchedule:
    """What a rule means over the window: the regular week (``intervals``, minutes since Monday
    00:00, half-open, sorted, merged) and ``exceptions``, the days that differ from it:
    ``(date, that day's open spans, whether it is a public holiday)``."""

    intervals: Spans
    source: str
    exceptions: tuple[tuple[date, Spans, bool], ...] = ()
    calendar: Calendar | None = field(default=None, compare=False, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_date", {when: (spans, holiday)
                                              for when, spans, holiday in self.exceptions})

    @property
    def key(self) -> tuple:
        """What two places must share to share a published schedule."""
        return (self.intervals, self.exceptions)

    @property
    def always_open(self) -> bool:
        return self.intervals == ((0, WEEK),) and not self.exceptions

    def is_open(self, weekday: int, minute: int) -> bool:
        """Open at ``minute`` of ``weekday`` in the regular week (exceptions aside)."""
        t = weekday * DAY + minute
        return any(start <= t < end for start, end in self.intervals)

    def week_day(self, weekday: int) -> Spans:
        lo, hi = weekday * DAY, (weekday + 1) * DAY
        return tuple((max(s, lo) - lo, min(e, hi) - lo) for s, e in self.intervals
                     if s < hi and e > lo)

    def day(self, on: date) -> Spans | None:
        """The open spans of ``on``; None outside the published window (not known)."""
        calendar = self.calendar
        if calendar is None or not calendar.start <= on < calendar.end:
            return None
        found = self._by_date.get(on)
        return found[0] if found is not None else self.week_day(on.weekday())

    def is_holiday_exception(self, on: date) -> bool:
        return self._by_date.get(on, ((), False))[1]

    def compact(self) -> list[list[int]]:
        return [list(i) for i in self.intervals]


def _merge(spans) -> Spans:
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


_OPEN, _UNKNOWN = opening_hours.State.OPEN, opening_hours.State.UNKNOWN


@lru_cache(maxsize=8192)
def _library(text: str):
    return opening_hours.OpeningHours(text)


def _open_days(parsed, first: date, count: int, source: str) -> list[list[tuple[int, int]]]:
    """The library's open spans for ``count`` days from ``first``, day by day."""
    origin = datetime.combine(first, time())
    stop = origin + timedelta(days=count)
    days: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    minute = timedelta(minutes=1)
    for start, end, state, comment in parsed.intervals(origin, stop):
        if comment:
            raise HoursError(f"{source!r}: comments can't be shown: write only the hours")
        if state != _OPEN:
            if state == _UNKNOWN:
                raise HoursError(f"{source!r}: part of these hours is 'unknown': write the "
                                 "hours, or leave the hours empty")
            continue
        a = max(0, (start - origin) // minute)
        b = min(count * DAY, (min(end, stop) - origin) // minute)
        while a < b:
            n = a // DAY
            piece_end = min(b, (n + 1) * DAY)
            days[n].append((a - n * DAY, piece_end - n * DAY))
            a = piece_end
    return days


def _with_holidays(source: str, on: date, holidays: frozenset[date]) -> Spans | None:
    """``on``'s spans with ``PH`` standing for the holidays an overnight span can reach from.

    Those days (``on`` and the two before) fall on different weekdays, so writing ``PH`` as the
    list of the holidays' weekdays makes the library match exactly them."""
    near = [on - timedelta(days=k) for k in range(_SPILL_DAYS, -1, -1)]
    codes = [WEEKDAY_CODES[d.weekday()] for d in near if d in holidays]
    if not codes:
        return None
    text = re.sub(r"\bPH\b", ",".join(codes), source)
    try:
        parsed = _library(text)
    except Exception:
        raise HoursError(f"{source!r}: write public holidays as a rule of their own, e.g. "
                         "'Mo-Fr 09:00-17:00; PH off' or 'PH 10:00-14:00'") from None
    return _merge(_open_days(parsed, on, 1, source)[0])


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
def _compile(source: str, calendar: Calendar) -> WeeklySchedule:
    for pattern, advice in _REFUSED:
        if pattern.search(source):
            raise HoursError(f"{source!r}: {advice}")
    try:
        parsed = _library(source)
    except Exception:  # the library raises its own ParserError/SyntaxError, in its grammar's words
        raise HoursError(f"{source!r} is not hours as the register writes them{_hint(source)}: "
                         f"write days and 24-hour times, e.g. {EXAMPLE_HOURS}") from None
    if parsed.warnings:
        raise HoursError(f"{source!r}: {parsed.warnings[0]} (write e.g. 'Feb-Aug', 'Mo-Fr')")
    days = [_merge(d) for d in _open_days(parsed, calendar.start, calendar.days, source)]
    holidays = calendar.holiday_dates
    if holidays and re.search(r"\bPH\b", source):
        near = {h + timedelta(days=k) for h in holidays for k in range(_SPILL_DAYS + 1)}
        for on in sorted(d for d in near if calendar.start <= d < calendar.end):
            days[calendar.offset(on)] = _with_holidays(source, on, holidays)
    # The regular week: each weekday's most common hours in the window (first seen wins a tie).
    by_weekday: list[Counter] = [Counter() for _ in range(7)]
    for n, spans in enumerate(days):
        by_weekday[(calendar.start + timedelta(days=n)).weekday()][spans] += 1
    regular = [c.most_common(1)[0][0] if c else () for c in by_weekday]
    week = _merge((w * DAY + s, w * DAY + e) for w in range(7) for s, e in regular[w])
    exceptions = []
    for n, spans in enumerate(days):
        on = calendar.start + timedelta(days=n)
        if spans != regular[on.weekday()]:
            exceptions.append((on, spans, on in holidays))
    return WeeklySchedule(week, source, tuple(exceptions), calendar)


def parse_hours(text: str) -> WeeklySchedule:
    """Evaluate OSM opening_hours text for the current :class:`Calendar`, or raise HoursError."""
    source = (text or "").strip()
    if not source:
        raise HoursError("hours are empty: use OpenStreetMap syntax such as 'Mo-Fr 09:00-17:00' or '24/7'")
    return _compile(source, current_calendar())


def last_open_day(schedule: WeeklySchedule) -> date | None:
    """The last day of the window on which the place opens (None: never)."""
    calendar = schedule.calendar
    for n in range(calendar.days - 1, -1, -1):
        on = calendar.start + timedelta(days=n)
        if schedule.day(on):
            return on
    return None


# --- words ---------------------------------------------------------------------------------------

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


def _at(minute: int, words: dict, end: bool = False) -> str:
    """A time in a sentence: '5 p.m.' in English, 'las 17:00' / 'la 1:00' in Spanish. An
    opening at 00:00 is '12 a.m.' ("opens tomorrow midnight" would leave the day in doubt)."""
    text = "12 a.m." if not end and minute == 0 and words["clock"] == "12h" else _clock(minute, words, end)
    return (words["at_one"] if text.startswith("1:") else words["at"]).format(time=text)


def long_date(on: date, words: dict) -> str:
    """'December 1, 2026' / '1 de diciembre de 2026'."""
    return words["long_date"].format(month=words["months"][on.month - 1], n=on.day, year=on.year)


def _date(on: date, words: dict) -> str:
    return words["date"].format(day=words["days"][on.weekday()], month=words["months"][on.month - 1],
                                n=on.day)


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


def _upper_first(text: str) -> str:
    return text[0].upper() + text[1:]


MAX_EXCEPTION_LINES = 4  # the next few dated exceptions in words; the rest as a count


def describe(schedule: WeeklySchedule | None, lang: str | dict = "en") -> list[str]:
    """The regular week in words (one line per run of days with the same hours), then the next
    days that differ from it (holidays, special weeks), then how many more there are."""
    words = words_for(lang)
    if schedule is None:
        return [words["no_hours"]]
    if schedule.intervals == ((0, WEEK),):
        lines = [words["always"]]
    elif not schedule.intervals:
        lines = [words["never"]]
    else:
        lines = _describe_week(schedule, words, lang)
    shown = schedule.exceptions[:MAX_EXCEPTION_LINES]
    for on, spans, holiday in shown:
        label = _date(on, words) + (words["holiday_label"] if holiday else "")
        lines.append(f"{_upper_first(label)}: {_describe_day(spans, words, lang)}")
    rest = len(schedule.exceptions) - len(shown)
    if rest:
        lines.append(words["more_days"].format(n=rest))
    return lines


def _describe_week(schedule, words, lang) -> list[str]:
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
        lines.append(f"{_upper_first(label)}: {_describe_day(days[day], words, lang)}")
        day = last + 1
    return lines


# --- "open now": the Python twin of find.js's statusOf -----------------------------------------

class Status(NamedTuple):
    open: bool
    closing_soon: bool
    text: str


def _open_run(schedule, moment: datetime) -> tuple[int | None, bool]:
    """(minutes the place stays open from ``moment``, whether that close is known: False when
    the run reaches the end of the window)."""
    if schedule is None or schedule.day(moment.date()) is None:
        return None, True
    today, minute = moment.date(), moment.hour * 60 + moment.minute
    spans = schedule.day(today)
    current = next(((s, e) for s, e in spans if s <= minute < e), None)
    if current is None:
        return 0, True
    end, k = current[1], 0
    while end == (k + 1) * DAY and end - minute < WEEK:
        following = schedule.day(today + timedelta(days=k + 1))
        if following is None:
            return end - minute, False
        if not following or following[0][0] != 0:
            break
        k += 1
        end = k * DAY + following[0][1]
    return min(end - minute, WEEK), True


def minutes_open(schedule: WeeklySchedule | None, moment: datetime) -> int | None:
    """How many more minutes a place stays open from ``moment`` (local wall time); 0 when it is
    closed, None when not known (no hours, or outside the window). At most a week is counted."""
    return _open_run(schedule, moment)[0]


def status_at(schedule: WeeklySchedule | None, moment: datetime, lang: str | dict = "en") -> Status:
    """What the find page says about a place at ``moment`` (naive local wall time)."""
    words = words_for(lang)
    left, known = _open_run(schedule, moment)
    if left is None:
        return Status(False, False, words["no_hours"])
    today, minute = moment.date(), moment.hour * 60 + moment.minute
    if left >= WEEK:
        return Status(True, False, words["open_always"])
    if not known:  # open to the end of what the site knows (its last day)
        return Status(True, False, words["open_now"])
    if left > 0:
        if left <= SOON:
            return Status(True, True, words["closes_in_1"] if left == 1
                          else words["closes_in"].format(n=left))
        end = minute + left
        day, at = divmod(end, DAY)
        if at == 0:  # a close at midnight belongs to the day before
            day, at = day - 1, DAY
        if left < DAY:
            return Status(True, False, words["open_until"].format(time=_at(at, words, end=True)))
        name = words["days"][(today.weekday() + day) % 7]
        return Status(True, False, words["open_until_day"].format(day=name, time=_at(at, words, end=True)))
    spans = schedule.day(today)
    holiday = schedule.is_holiday_exception(today) and not any(e > minute for _, e in spans)
    k, found = 0, None
    while found is None:
        on = today + timedelta(days=k)
        day_spans = schedule.day(on)
        if day_spans is None:
            break
        found = next((s for s, _ in day_spans if k > 0 or s > minute), None)
        if found is None:
            k += 1
    if found is None:
        return Status(False, False, words["holiday"] if holiday else words["closed_now"])
    at = _at(found, words)
    if k == 0:
        when = words["today_at"].format(time=at)
    elif k == 1:
        when = words["tomorrow_at"].format(time=at)
    elif k < 7:
        when = words["day_at"].format(day=words["days"][(today.weekday() + k) % 7], time=at)
    else:
        when = words["date_at"].format(date=_date(today + timedelta(days=k), words), time=at)
    return Status(False, False, (words["holiday_opens"] if holiday else words["opens"]).format(when=when))
