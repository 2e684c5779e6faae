"""Opening hours: OpenStreetMap ``opening_hours`` text -> the open spans of every published day.

The register's ``hours`` column uses the OSM syntax (``Mo-Fr 08:00-17:00; PH off``, ``24/7``),
parsed by the maintained opening-hours-py library. The library's answer for *real dates* is the
truth: at build time each value is evaluated for every day of a window (a
:class:`~pipeline.hours.calendar.Calendar`, passed in: from the build date, 400 days by default)
and published as a regular week plus the dated exceptions (public holidays, ``Mo[1]``-style
weeks, year and month ranges): only the days that differ from the regular week are listed, so a
plain weekly rule costs nothing extra.

Public holidays come from the ``holidays`` package (the library's own calendar is empty in its
Python build). The library is still the one judge of what ``PH`` means: for a day near a
holiday the rule is evaluated with ``PH`` replaced by that day's weekday, which matches exactly
the holidays among the few days an overnight span can reach (they all fall on different
weekdays), so ``PH off``, ``PH 10:00-14:00`` or ``Mo-Fr 09:00-17:00; PH,Su off`` mean what the
library says they mean. Rules that cannot be shown exactly (comments, ``||`` fallbacks,
sunrise/sunset, ``+`` open ends, ``unknown``, school holidays) are refused with a plain message.

Words are in :mod:`pipeline.hours.words`, "open now" in :mod:`pipeline.hours.status`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import opening_hours

from pipeline.hours import face
from pipeline.hours.calendar import WARN_BEFORE, Calendar, HoursError, default_calendar
from pipeline.hours.spelling import canonical

WEEK = 7 * 24 * 60
DAY = 24 * 60
SOON = 30  # minutes: "Closes in 8 minutes"; such places rank after those open longer
WEEKDAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
# The longest hours value read: OpenStreetMap allows 255 characters for a tag; twice that holds
# a week, its holidays and seasons. A longer value (a paste, a hostile cell) is refused before
# it is read, so it costs nothing, on any row.
MAX_HOURS_LENGTH = 500
_SPILL_DAYS = 2  # an OSM time runs to 48:00 at most: a day's rule reaches the next day only

# What cannot be shown exactly, and what to write instead (checked before the library parses).
_REFUSED = (
    (
        re.compile(r"\|\|"),
        "a fallback rule ('||') can't be shown exactly: write the hours alone, "
        "e.g. 'Mo-Fr 09:00-17:00', or leave the hours empty",
    ),
    (
        re.compile(r'"'),
        "comments in quotes can't be shown on the map: remove the comment and "
        "write only the hours, e.g. 'Mo-Fr 09:00-17:00'",
    ),
    (
        re.compile(r"\b(sunrise|sunset|dawn|dusk)\b", re.I),
        "sun times change every day: write clock times, e.g. 'Mo-Fr 07:00-19:00'",
    ),
    (
        re.compile(r"\d\s*\+|\+\s*(;|,|$)"),
        "an open end ('+') can't be shown: write when it closes, e.g. '18:00-23:00'",
    ),
    (
        re.compile(r"\bunknown\b", re.I),
        "'unknown' hours can't be shown: write the hours, or leave the hours empty",
    ),
    (
        re.compile(r"\bSH\b"),
        "school holidays (SH) are not known to the site: write the dates, e.g. 'Jun-Aug Mo-Fr 09:00-12:00'",
    ),
    (
        re.compile(r"\beaster\s*[+-]", re.I),
        "Easter offsets ('easter -2 days') can't be shown: write the date, e.g. '2027 Mar 26 off'",
    ),
    (
        re.compile(r"\bPH\s*[+-]"),
        "holiday offsets ('PH +1 day') can't be shown: write the date, e.g. 'Dec 26 off'",
    ),
)

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
        object.__setattr__(
            self, "_by_date", {when: (spans, holiday) for when, spans, holiday in self.exceptions}
        )

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
        return tuple((max(s, lo) - lo, min(e, hi) - lo) for s, e in self.intervals if s < hi and e > lo)

    def day(self, on: date) -> Spans | None:
        """The open spans of ``on``; None outside the published window (not known)."""
        calendar = self.calendar
        if calendar is None or not calendar.start <= on < calendar.end:
            return None
        found = self.by_date.get(on)
        return found[0] if found is not None else self.week_day(on.weekday())

    @property
    def by_date(self) -> dict[date, tuple[Spans, bool]]:
        return self.__dict__["_by_date"]

    def is_holiday_exception(self, on: date) -> bool:
        return self.by_date.get(on, ((), False))[1]

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
                raise HoursError(
                    f"{source!r}: part of these hours is 'unknown': write the hours, or leave the hours empty"
                )
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
        raise HoursError(
            f"{source!r}: write public holidays as a rule of their own, e.g. "
            "'Mo-Fr 09:00-17:00; PH off' or 'PH 10:00-14:00'"
        ) from None
    return _merge(_open_days(parsed, on, 1, source)[0])


EXAMPLE_HOURS = "'Mo-Fr 09:00-17:00; Sa 10:00-14:00' or '24/7'"
_DAY_CODE = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)"
_TWO_LETTERS = "days are two letters: Mo Tu We Th Fr Sa Su"
_HINTS = (
    (re.compile(r"\d\s*(am|pm|a\.m\.|p\.m\.)", re.I), "times are 24-hour with minutes: 17:00, not 5pm"),
    (
        re.compile(
            r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day)?s?\b"
            r"|\b(weekdays?|weekends?|daily)\b",
            re.I,
        ),
        _TWO_LETTERS,
    ),
    (re.compile(r"\d\.\d\d"), "write times with a colon: 09:00"),
    (re.compile(r"\d[hH](\d\d)?\b"), "write hours and minutes with a colon: 09:00-17:00, not 9h-17h"),
    (
        re.compile(r"(?<![\d:])(?!19|20)[0-2]\d[0-5]\d\s*-\s*[0-2]\d[0-5]\d(?![\d:])"),
        "write times with a colon: 09:00-17:00, not 0900-1700",
    ),
    (
        re.compile(r"\b24\s*(h|hrs?|hours?)\b|\b24\s*x\s*7\b|24/7/365", re.I),
        "open day and night is written '24/7', or 'Mo-Fr 00:00-24:00' for some days",
    ),
    (
        re.compile(r"\d:\d\d-\d{1,2}:\d\d \d{1,2}:\d\d-"),
        "separate the times of one day with a comma: 09:00-12:00,13:00-17:00",
    ),
    (
        re.compile(rf"\d:\d\d\s*(?:[&/.|]|\band\b|\n)?\s*{_DAY_CODE}\b"),
        "separate the rules with ';': 'Mo-Fr 09:00-17:00; Sa 10:00-14:00'",
    ),
    (re.compile(rf"{_DAY_CODE}\s*(?:&|\+|\band\b)\s*{_DAY_CODE}\b"), "list days with a comma: Sa,Su"),
    (re.compile(r"\bto\b|\bthru\b|\buntil\b", re.I), "write a range with '-': Mo-Fr, 09:00-17:00"),
    (
        re.compile(
            r"(?<![-\d:])\d{1,2}:\d\d(?!\s*(?:-|to\b|until\b|thru\b|[ap]\.?m)|\d|[:/+])"
            r"(?<!-\d\d:\d\d)(?<!-\d:\d\d)(?<!- \d\d:\d\d)(?<!- \d:\d\d)"
            r"(?<!(?:to|ru) \d\d:\d\d)(?<!til \d\d:\d\d)",
            re.I,
        ),
        "a time alone is not hours: write when it opens and when it closes, e.g. 10:00-14:00",
    ),
)
#: ``9-5``: hours without minutes, unless the numbers are days of a month, weeks or nth weekdays
_BARE_HOURS = re.compile(r"(?<![:.\d\[hH])(\d{1,2})\s*-\s*\d{1,2}(?![:.\d\]hH])")
_NOT_HOURS_BEFORE = re.compile(r"(\b(week|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|\d{4})\s*$", re.I)
#: the words a value of hours may hold (others: a note, another language, a placeholder)
_HOURS_WORDS = re.compile(
    r"^(mo|tu|we|th|fr|sa|su|ph|sh|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|off|closed|open"
    r"|week|unknown|easter|days?|sunrise|sunset|dawn|dusk|am|pm|a|p|m|h|hrs?|hours?|x|to|thru|until|and"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|mondays?|tuesdays?|wednesdays?|thursdays?"
    r"|fridays?|saturdays?|sundays?|weekdays?|weekends?|daily)$",
    re.I,
)


def _hint(source: str) -> str:
    """What is most likely wrong, in words (the parser's own message is its grammar), saying
    only what the value holds (no "times need minutes" for the days of a month)."""
    found = [hint for pattern, hint in _HINTS if pattern.search(source)]
    if _TWO_LETTERS in found:  # ``Monday to Friday``: the days' hint says it
        found = [hint for hint in found if not hint.startswith("write a range")]
    if any(not _NOT_HOURS_BEFORE.search(source[: m.start()]) for m in _BARE_HOURS.finditer(source)):
        found.insert(1 if found and "24-hour" in found[0] else 0, "times need minutes: 09:00-17:00, not 9-5")
    others = list(
        dict.fromkeys(w for w in re.findall(r"[^\W\d_]+(?:/[^\W\d_]+)*", source) if not _HOURS_WORDS.match(w))
    )
    if not re.search(r"[^\W_]", source):  # ``-``, ``?``, ``...``: a placeholder
        others = [source.strip()]
    if others:
        words = " ".join(others)
        found.append(
            f"'{words}' is not hours: write only days and times, or leave the hours empty "
            "(the site then says 'Call to check hours')"
            if re.search(r"\d", source)
            else f"'{words}' is not hours: write the days and times, e.g. 'Mo-Fr 09:00-17:00', or leave the "
            "hours empty (the site then says 'Call to check hours')"
        )
    return f" ({'; '.join(found)})" if found else ""


@lru_cache(maxsize=8)
def _weekdays(calendar: Calendar) -> tuple[int, ...]:
    """The weekday of each day of the window."""
    return tuple((calendar.start + timedelta(days=n)).weekday() for n in range(calendar.days))


@lru_cache(maxsize=8)
def _day_kinds(calendar: Calendar) -> tuple[tuple[int, bool, bool], ...]:
    """Each day of the window as a plain weekly value sees it: (weekday, a holiday, the day
    before a holiday)."""
    holidays = calendar.holiday_dates
    return tuple(
        (on.weekday(), on in holidays, on - timedelta(days=1) in holidays)
        for on in (calendar.start + timedelta(days=n) for n in range(calendar.days))
    )


def _library_days(text: str, calendar: Calendar, source: str) -> list[Spans]:
    """The library's open spans of every day of ``calendar``, ``PH`` as the calendar's holidays.

    A plain weekly value (weekdays and times only, see :mod:`pipeline.hours.face`) repeats every
    week, so the library is asked for one week (after one more, for the hours after midnight)
    and that week repeated: a register of thousands of distinct values builds in seconds."""
    try:
        parsed = _library(text)
    except Exception:  # the library raises its own ParserError/SyntaxError, in its grammar's words
        raise HoursError(
            f"{source!r} is not hours as the register writes them{_hint(source)}: "
            f"write days and 24-hour times, e.g. {EXAMPLE_HOURS}"
        ) from None
    if parsed.warnings:
        raise HoursError(f"{source!r}: {parsed.warnings[0]} (write e.g. 'Feb-Aug', 'Mo-Fr')")
    plain = face.plain_rules(text) is not None
    if plain:
        before = calendar.start - timedelta(days=7)
        fortnight = [_merge(d) for d in _open_days(parsed, before, 14, source)][7:]
        week = {(calendar.start + timedelta(days=n)).weekday(): fortnight[n] for n in range(7)}
        days = [week[w] for w in _weekdays(calendar)]
    else:
        days = [_merge(d) for d in _open_days(parsed, calendar.start, calendar.days, source)]
    holidays = calendar.holiday_dates
    if holidays and re.search(r"\bPH\b", text):
        near = {h + timedelta(days=k) for h in holidays for k in range(_SPILL_DAYS + 1)}
        seen: dict[tuple, Spans] = {}  # a plain weekly value: the same weekday and holidays, the same day
        for on in sorted(d for d in near if calendar.start <= d < calendar.end):
            kind = (on.weekday(), *(on - timedelta(days=k) in holidays for k in range(_SPILL_DAYS + 1)))
            if not plain or kind not in seen:
                seen[kind] = _with_holidays(text, on, holidays) or ()
            days[calendar.offset(on)] = seen[kind]
    return days


def _face_days(value: str, calendar: Calendar) -> list[Spans] | None:
    """What a plain weekly value says on its face, day by day (None: not a plain value).

    A day's reading depends only on its weekday and whether it and the day before are
    holidays, so each of those few cases is worked out once."""
    rules = face.plain_rules(value)
    if rules is None:
        return None
    holidays = calendar.holiday_dates
    if not any(rule.holiday for rule in rules):  # no PH: the weekday alone decides
        week = {}
        for n, weekday in enumerate(_weekdays(calendar)[:7]):
            week[weekday] = face.face_day(rules, calendar.start + timedelta(days=n), holidays)
        return [week[w] for w in _weekdays(calendar)]
    kinds, first = _kinds_and_first_days(calendar)
    seen = {kind: face.face_day(rules, on, holidays) for kind, on in first.items()}
    return [seen[kind] for kind in kinds]


@lru_cache(maxsize=8)
def _kinds_and_first_days(calendar: Calendar) -> tuple[tuple, dict]:
    kinds = _day_kinds(calendar)
    first: dict[tuple, date] = {}
    for n, kind in enumerate(kinds):
        first.setdefault(kind, calendar.start + timedelta(days=n))
    return kinds, first


def _agreeing(face_days: list[Spans], calendar: Calendar, value: str) -> str | None:
    """A value both readers read as ``face_days``: the regular week written out, overnight hours
    with the day they start if the library keeps them so, else on the day they fall on."""
    by_weekday: list[Counter] = [Counter() for _ in range(7)]
    for n, spans in enumerate(face_days):
        by_weekday[(calendar.start + timedelta(days=n)).weekday()][spans] += 1
    week = [c.most_common(1)[0][0] if c else () for c in by_weekday]
    holiday_rules = [r for r in value.split("; ") if r.startswith("PH ")]

    def agrees(candidate: str) -> list[Spans] | None:
        try:
            read = _library_days(candidate, calendar, candidate)
        except HoursError:
            return None
        return read if read == face_days and _face_days(candidate, calendar) == face_days else read

    weekdays = _weekdays(calendar)
    overnight = "; ".join([face.write_week(week, True)] + holiday_rules)
    read = agrees(overnight)
    if read == face_days:
        return overnight
    if read is not None:  # the overnight form, with the days the library cuts written out
        cut = sorted(
            {
                (calendar.start + timedelta(days=n)).weekday()
                for n, (a, b) in enumerate(zip(read, face_days))
                if a != b
            }
        )
        apart = set(cut)
        for _ in range(7):  # the days the library cuts written on their own, until it cuts none
            candidate = "; ".join([face.write_week(week, True, frozenset(apart))] + holiday_rules)
            got = agrees(candidate)
            if got == face_days:
                return candidate
            more = {weekdays[n] for n, (a, b) in enumerate(zip(got or (), face_days)) if a != b}
            if got is None or more <= apart:
                break
            apart |= more
        repaired = "; ".join([overnight] + [face.write_day(w, week[w]) for w in cut])
        if agrees(repaired) == face_days:
            return repaired
    explicit = "; ".join([face.write_week(week, False)] + holiday_rules)
    return explicit if agrees(explicit) == face_days else None


#: compiled values per calendar: every distinct value of the register is read once per build
#: however many there are (a bounded cache made a build over its size read every value twice)
_COMPILED: dict[Calendar, dict[str, WeeklySchedule | HoursError]] = {}


def _compile(source: str, calendar: Calendar) -> WeeklySchedule:
    known = _COMPILED.get(calendar)
    if known is None:
        if len(_COMPILED) >= 2:  # a long ``serve``: keep today's and one other
            _COMPILED.pop(next(iter(_COMPILED)))
        known = _COMPILED[calendar] = {}
    found = known.get(source)
    if found is None:
        try:
            found = _read(source, calendar)
        except HoursError as exc:
            found = exc
        known[source] = found
    if isinstance(found, HoursError):
        raise HoursError(str(found))
    return found


_SPAN_TIMES = re.compile(r"\b(\d\d):(\d\d)-(\d\d):(\d\d)\b")


def _why(value: str) -> str:
    """Why the two readers differ, for a refusal: hours past midnight, or (``Mo-Fr 09:00-17:00,
    We off``) the rules themselves."""
    if any((c, d) <= (a, b) or (c, d) > ("24", "00") for a, b, c, d in _SPAN_TIMES.findall(value)):
        return ": the hours after midnight would be cut by a later rule on some days"
    return " is read differently by different apps"


def _dated_cut(value: str, days: list[Spans], calendar: Calendar) -> dict[int, Spans] | None:
    """The days (by offset in the window) on which the library drops hours after midnight that
    a value with dated rules says (``Mo-Sa 11:00-23:00; Dec 31 11:00-01:00``: New Year's Day
    00:00-01:00), with those hours; None when there are none. As opening_hours.js reads it: a
    rule's hours after midnight stay on the next day unless a later rule names that day."""
    split = face.split_rules(value)
    rules = [text for _, text in split]
    additional = [separator == "," for separator, _ in split]
    selectors, spills, closes = [], [], []
    for rule in rules:
        state = face.NOT_SELECTOR.search(rule)
        selectors.append(rule[: state.start()].strip() if state else rule)
        times = rule[state.start() :] if state else ""
        closes.append(times in ("off", "closed"))
        spill = []
        for a, b, c, d in _SPAN_TIMES.findall(times):
            start, end = int(a) * 60 + int(b), int(c) * 60 + int(d)
            if (end <= start and end > 0) or end > DAY:  # ``12:00-00:00`` ends at midnight
                spill.append((0, end if end <= start else end - DAY))
        spills.append(tuple(spill))
    if not any(spills):
        return None
    matches = []
    for selector in selectors:
        if not selector:
            matches.append([True] * calendar.days)
            continue
        if face.SELECTOR.match(selector) and "PH" not in selector:  # weekdays: no need to ask
            weekdays = face.weekdays_of(selector)[0]
            matches.append([w in weekdays for w in _weekdays(calendar)])
            continue
        try:
            matches.append([bool(d) for d in _library_days(f"{selector} 00:00-24:00", calendar, value)])
        except HoursError:
            return None
    cut: dict[int, Spans] = {}
    for n in range(1, calendar.days):
        last = max((i for i, m in enumerate(matches) if m[n] and not additional[i]), default=0)
        if any(additional[i] and closes[i] and matches[i][n] for i in range(last, len(rules))):
            continue  # ``, Sa off``: the day closed, the night before's hours too
        said = [s for i in range(last, len(rules)) if matches[i][n - 1] for s in spills[i]]
        missing = [(s, e) for s, e in said if not any(a <= s and e <= b for a, b in days[n])]
        if _merge(missing):
            cut[n] = _merge(missing)
    return cut or None


def _refuse_dated_cut(source: str, value: str, days: list[Spans], calendar: Calendar, settle: bool) -> None:
    """Refuse hours after midnight the library would drop (:func:`_dated_cut`), with the value
    that keeps them: the value and those hours as rules of their own (``, Jan 01 00:00-01:00``)."""
    cut = _dated_cut(value, days, calendar)
    if cut is None:
        return
    meant = list(days)
    for n, spans in cut.items():
        meant[n] = _merge(days[n] + spans)
    first = calendar.start + timedelta(days=min(cut))
    advice = None
    for form in ("%b %d", "%Y %b %d"):  # every year (``Jan 01``), else the dates of the window
        added = dict.fromkeys(
            f", {calendar.start + timedelta(days=n):{form}} {_clock(s)}-{_clock(e)}"
            for n, spans in cut.items()
            for s, e in spans
        )
        candidate = value + "".join(added)
        try:
            if len(added) <= 4 and _library_days(candidate, calendar, candidate) == meant:
                if settle:
                    _read(candidate, calendar, settle=False)
                advice = f"did you mean `{candidate}`?"
                break
        except HoursError:
            pass
    if advice is None:
        s, e = cut[min(cut)][0]
        advice = (
            "write the hours after midnight as rules of their own after ', ', "
            f"e.g. ', {first:%Y %b %d} {_clock(s)}-{_clock(e)}'"
        )
    raise HoursError(
        f"{source!r}: the hours after midnight would be cut by a later rule on {first}: {advice}"
    )


def _refuse_dead_rule(
    source: str,
    value: str,
    days: list[Spans],
    face_days: list[Spans] | None,
    calendar: Calendar,
    settle: bool,
) -> None:
    """Refuse a rule the rules after it override where it was meant to apply: one that changes
    nothing (``PH off; Mo-Fr 09:00-17:00``, ``Dec 25 off; Mo-Su 09:00-17:00``: both readers open on
    Christmas Day, a later rule wins), or a holiday rule before weekly rules only, which then win
    on weekday holidays (``PH 10:00-14:00; Mo-Fr 09:00-17:00``). Such an exception written first
    was meant to be one: the value with it last is offered. A rule that changes nothing because
    it says what the others say anyway (``Su off; Mo-Sa 09:00-17:00``) is published."""
    split = face.split_rules(value)
    if sum(separator == ";" for separator, _ in split) < 2:
        return

    def reading(text: str) -> list[Spans] | None:
        try:
            return (
                _face_days(text, calendar) if face_days is not None else _library_days(text, calendar, source)
            )
        except HoursError:
            return None

    for i, (separator, rule) in enumerate(split[:-1]):
        if separator != ";" or not any(sep == ";" for sep, _ in split[i + 1 :]):
            continue
        if sum(text == rule for _, text in split) > 1:
            continue  # written twice: the same either way
        rest = [(sep, text) for k, (sep, text) in enumerate(split) if k != i]
        if rest[0][0] == ",":
            continue
        without = "".join((f"{sep} " if k else "") + text for k, (sep, text) in enumerate(rest))
        state = face.NOT_SELECTOR.search(rule)
        selector = rule[: state.start()].strip() if state else rule
        holiday = "PH" in selector.split(",")
        dead = reading(without) == days if face_days is None else reading(without) == face_days
        weekly_after = all(face.plain_rules(t) is not None and "PH" not in t for _, t in split[i + 1 :])
        same_later = any(
            sep == ";" and face.NOT_SELECTOR.split(t, maxsplit=1)[0].strip() == selector
            for sep, t in split[i + 1 :]
        )
        if not dead and not (holiday and weekly_after) and not same_later:
            continue
        later_selectors = [(face.NOT_SELECTOR.split(t, maxsplit=1)[0].strip()) for _, t in split[i + 1 :]]
        if not holiday and all(sel == "PH" for sel in later_selectors):
            continue  # ``Mo,We off; PH 10:00-14:00``: only holidays differ, as the holiday rule says
        moved = f"{without}; {rule}"
        if reading(moved) in (days, face_days):
            continue  # it says what the others say anyway
        exception = holiday or not face.SELECTOR.match(selector or "Mo") or rule.endswith((" off", " closed"))
        said = (
            f"'{rule}' changes nothing: the rules after it override it on every day it names"
            if dead
            else f"'{rule}' is overridden by a later rule for the same days"
            if same_later
            else f"'{rule}' is overridden on the holidays that fall on the days of the rules after it"
        )
        if exception:
            advice = _advice(moved, calendar, settle)
            if advice.startswith("did you mean"):
                raise HoursError(f"{source!r}: {said} (exceptions go last): {advice}")
        both = _both_spans(split, i, selector, rule[len(selector) :].strip())
        if both is not None:  # ``Mo 09:00-17:00; Mo 18:00-20:00``: two spans of one day
            advice = _advice(both, calendar, settle)
            if advice.startswith("did you mean"):
                raise HoursError(f"{source!r}: {said} (two spans of a day go in one rule): {advice}")
        raise HoursError(
            f"{source!r}: {said}: write each day's hours once, exceptions (holidays, dates) last"
        )


def _both_spans(split: list[tuple[str, str]], i: int, selector: str, times: str) -> str | None:
    """The value with rule ``i`` and the next rule of the same days as one rule holding both
    rules' spans (``Mo 09:00-17:00,18:00-20:00``), when those spans do not overlap; else None."""
    mine = face.spans_of(times)
    for j in range(i + 1, len(split)):
        separator, text = split[j]
        if separator != ";" or not text.startswith(f"{selector} "):
            continue
        theirs = face.spans_of(text[len(selector) :].strip())
        if not mine or not theirs or len(_merge(mine + theirs)) != len(mine) + len(theirs):
            return None
        order = sorted(mine + theirs)
        joined = ",".join(f"{_clock(a)}-{_clock(b % DAY if b > DAY else b)}" for a, b in order)
        rules = [(sep, t) for k, (sep, t) in enumerate(split) if k != i]
        rules[j - 1] = (separator, f"{selector} {joined}")
        return "".join((f"{sep} " if k else "") + t for k, (sep, t) in enumerate(rules))
    return None


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _advice(better: str | None, calendar: Calendar, settle: bool) -> str:
    """ "did you mean `better`?", when ``better`` is itself published as it reads (a value
    rewritten for one difference may show another: then that one's fix, once)."""
    fallback = "write the hours after midnight on the day they fall on, e.g. 'Sa 00:00-02:00'"
    if not better:
        return fallback
    if not settle:
        return f"did you mean `{better}`?"
    for _ in range(2):
        try:
            _read(better, calendar, settle=False)
            return f"did you mean `{better}`?"
        except HoursError as refused:
            said = str(refused)
            if "did you mean `" not in said:
                return fallback
            better = said.split("did you mean `")[1].split("`")[0]
    return fallback


def _read(source: str, calendar: Calendar, settle: bool = True) -> WeeklySchedule:
    for pattern, advice in _REFUSED:
        if pattern.search(source):
            raise HoursError(f"{source!r}: {advice}")
    value = canonical(source)
    meant = face.pattern_suggestion(value)
    if meant is not None:
        meant = canonical(meant)
        meant_days = _face_days(meant, calendar)
        if meant_days is not None:
            try:
                if _library_days(meant, calendar, meant) != meant_days:
                    meant = _agreeing(meant_days, calendar, meant) or meant
            except HoursError:
                pass
        problem = None
        for _ in range(3 if settle else 0):  # the value as meant may hold another difference
            try:
                _read(meant, calendar, settle=False)
                problem = None
                break
            except HoursError as refused:
                said = str(refused)
                problem = said[len(repr(meant)) :].lstrip(": ") if said.startswith(repr(meant)) else said
                if "did you mean `" not in said:
                    break
                meant = said.split("did you mean `")[1].split("`")[0]
        if problem:  # ``Mo, We 18:30-13:30; ...``: the list fixed, something else is wrong still
            problem = re.sub(
                r": did you mean `[^`]*`\?$", ": write each day's hours once, exceptions last", problem
            )
            raise HoursError(
                f"{source!r} is read differently by different apps: as meant it is `{meant}`, "
                f"which is refused too: {problem}"
            )
        raise HoursError(f"{source!r} is read differently by different apps: did you mean `{meant}`?")
    days = _library_days(value, calendar, source)
    face_days = _face_days(value, calendar)
    if face_days is None and (part := face.plain_part(value)) is not None:
        weekly, others, first = part  # the weekly rules of a value with dated ones, read on their own
        weekly_days = _face_days(weekly, calendar)
        if weekly_days is not None and weekly_days != _library_days(weekly, calendar, source):
            better = _agreeing(weekly_days, calendar, weekly) if first else None
            raise HoursError(
                f"{source!r}{_why(weekly)}: {_advice(better and better + others, calendar, settle)}"
            )
    if face_days is not None and face_days != days:
        better = _agreeing(face_days, calendar, value)
        raise HoursError(f"{source!r}{_why(value)}: {_advice(better, calendar, settle)}")
    if face_days is None:
        _refuse_dated_cut(source, value, days, calendar, settle)
    _refuse_dead_rule(source, value, days, face_days, calendar, settle)
    holidays = calendar.holiday_dates
    # The regular week: each weekday's most common hours in the window (first seen wins a tie).
    weekdays = _weekdays(calendar)
    counts = Counter(zip(weekdays, days))  # in the order first seen: that one wins a tie
    best: dict[int, tuple[int, Spans]] = {}
    for (weekday, spans), count in counts.items():
        if weekday not in best or count > best[weekday][0]:
            best[weekday] = (count, spans)
    regular = [best[w][1] if w in best else () for w in range(7)]
    week = _merge((w * DAY + s, w * DAY + e) for w in range(7) for s, e in regular[w])
    differ = [n for n, (weekday, spans) in enumerate(zip(weekdays, days)) if spans != regular[weekday]]
    exceptions = []
    for n in differ:
        on = calendar.start + timedelta(days=n)
        exceptions.append((on, days[n], on in holidays))
    return WeeklySchedule(week, value, tuple(exceptions), calendar)


def parse_hours(text: str, calendar: Calendar | None = None) -> WeeklySchedule:
    """Evaluate OSM opening_hours text for every day of ``calendar`` (default: from today, see
    :func:`~pipeline.hours.calendar.default_calendar`), or raise HoursError. The schedule's
    ``source`` is the value in its canonical spelling (:mod:`pipeline.hours.spelling`)."""
    source = (text or "").strip()
    if not source:
        raise HoursError("hours are empty: use OpenStreetMap syntax such as 'Mo-Fr 09:00-17:00' or '24/7'")
    if len(source) > MAX_HOURS_LENGTH:
        raise HoursError(too_long(source))
    return _compile(source, calendar or default_calendar())


def too_long(source: str) -> str:
    """One line for an hours value over :data:`MAX_HOURS_LENGTH` characters."""
    return (
        f"hours are {len(source):,} characters long (starting {source[:30]!r}): at most "
        f"{MAX_HOURS_LENGTH} are read; write the usual week and the exceptions that matter, "
        "such as 'Mo-Fr 09:00-17:00; Sa 10:00-14:00; PH off'"
    )


def ending(schedule: WeeklySchedule) -> tuple[str | None, str | None]:
    """(error, warning) for hours that have ended or end soon: a value that never opens in the
    window is an error ("this place has no opening hours after 2025": it would be published as
    closed every day), one whose last opening is within 60 days of the window's first day (and
    not near its end) a warning."""
    calendar = schedule.calendar
    assert calendar is not None, "a schedule read by parse_hours knows its calendar"
    if re.fullmatch(r"(off|closed)(; PH (off|closed))?", schedule.source):
        return None, None  # written as never open: the site says so
    last = last_open_day(schedule)
    if last is None:
        return _never_open(schedule.source, calendar), None
    if last < calendar.end - timedelta(days=7) and last - calendar.start < WARN_BEFORE:
        return None, (f"{schedule.source!r} opens for the last time on {last}: update the hours")
    return None, None


_LOOK_BACK = 2 * 366  # days before the window searched for a value's last opening


def _never_open(source: str, calendar: Calendar) -> str:
    """Why a value that never opens in the window is refused, in the coordinator's terms: it
    ended (``2025 Mo-Fr 09:00-17:00``: "no opening hours after 2025"; ``2026 Jan-Nov ...`` in
    December: "after 2026-11-30"), it starts after the window, or it never says open at all."""
    fix = "write its hours now, or leave the hours empty ('Call to check hours')"
    parsed = _library(source)
    before = calendar.start - timedelta(days=_LOOK_BACK)
    past = _open_days(parsed, before, _LOOK_BACK, source)
    opened = [n for n, spans in enumerate(past) if spans]
    if opened:
        last = before + timedelta(days=opened[-1])
        after = str(last.year) if last.year < calendar.start.year else last.isoformat()
        return f"{source!r}: this place has no opening hours after {after}: {fix}"
    years = [int(y) for y in re.findall(r"\b(\d{4})\b", source) if int(y) < calendar.start.year]
    if years:  # ended long ago
        return f"{source!r}: this place has no opening hours after {max(years)}: {fix}"
    if any(_open_days(parsed, calendar.end, 366 * 4, source)):
        return f"{source!r}: these hours open only after {calendar.end - timedelta(days=1)}: {fix}"
    return (
        f"{source!r}: these hours never say the place is open: write its hours, e.g. "
        f"{EXAMPLE_HOURS}, 'off' if it is closed, or leave the hours empty ('Call to check hours')"
    )


def last_open_day(schedule: WeeklySchedule) -> date | None:
    """The last day of the window on which the place opens (None: never)."""
    calendar = schedule.calendar
    assert calendar is not None, "a schedule read by parse_hours knows its calendar"
    for n in range(calendar.days - 1, -1, -1):
        on = calendar.start + timedelta(days=n)
        if schedule.day(on):
            return on
    return None
