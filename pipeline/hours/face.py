"""The second reader: what a plain weekly value says on its face, to hold the library to it.

opening-hours-py (the library the site publishes from) and opening_hours.js (the reader
OpenStreetMap's editors and apps use) read a few spellings differently, and a coordinator means
the reading the value shows on its face, which is opening_hours.js's:

- ``Mo, We 09:00-17:00``: a list of weekdays; the library takes ``", "`` after a weekday as a new
  rule (``Mo`` alone: Monday, open 24 hours).
- ``Su-Th 11:00-23:00; Fr,Sa 11:00-02:00``: Saturday night runs to Sunday 02:00; the library
  drops the hours after midnight when the next day has a rule of its own.
- ``week 30-40/11``: a step longer than its range means week 30 only; the library reads every week.
- ``Mo-Fr 10:00-16:00/01:30``: points in time every 90 minutes, not opening hours.

:func:`disagreement` reads the plain weekly values (weekdays, ``PH``, times, ``off``) the way
their face says, day by day over the published window, and compares with the library's days.
A value outside that plain subset has no face reading here; the spellings above that reach
beyond it are caught by pattern. The build refuses a disagreement with a value both readers read
the same, ready to paste (:func:`suggestion`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from pipeline.hours.spelling import DAY_CODES

DAY = 24 * 60
_DAY_RE = "|".join(DAY_CODES)
_ONE_DAY = rf"(?:(?:{_DAY_RE})(?:-(?:{_DAY_RE}))?|PH)"
SELECTOR = re.compile(rf"^{_ONE_DAY}(?:,{_ONE_DAY})*$")
_SPAN = re.compile(r"^([0-2]\d):([0-5]\d)-([0-4]\d):([0-5]\d)$")
#: ``, `` between two weekdays (or PH): the library starts a new rule there
_SPLIT_LIST = re.compile(rf"(?<=\b(?:{_DAY_RE}|PH)), +(?=(?:{_DAY_RE}|PH)\b)")
_WEEK_STEP = re.compile(r"\bweek ?(\d{1,2})-(\d{1,2})/(\d{1,2})")
_POINTS = re.compile(r"(\d{1,2}:\d\d-\d{1,2}:\d\d)/\d{1,2}(?::\d\d)?")


class Rule:
    """One rule of a plain value: the weekdays (0-6) and whether ``PH`` is among them, the open
    spans of a day (minutes from its 00:00, ends may pass midnight), additional (``, ``) or not."""

    def __init__(self, weekdays: frozenset[int], holiday: bool, spans: tuple, additional: bool):
        self.weekdays, self.holiday, self.spans, self.additional = weekdays, holiday, spans, additional

    def matches(self, on: date, holidays: frozenset[date]) -> bool:
        return on.weekday() in self.weekdays or (self.holiday and on in holidays)

    def own(self) -> list[tuple[int, int]]:
        return [(s, min(e, DAY)) for s, e in self.spans]

    def spill(self) -> list[tuple[int, int]]:
        return [(0, e - DAY) for s, e in self.spans if e > DAY]


def weekdays_of(selector: str) -> tuple[frozenset[int], bool]:
    days: set[int] = set()
    holiday = False
    for part in selector.split(","):
        if part == "PH":
            holiday = True
            continue
        first, _, last = part.partition("-")
        a, b = DAY_CODES.index(first), DAY_CODES.index(last or first)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(days), holiday


def spans_of(times: str) -> tuple | None:
    if times in ("off", "closed"):
        return ()
    if times in ("", "24/7"):
        return ((0, DAY),)
    spans = []
    for part in times.split(","):
        m = _SPAN.match(part)
        if not m:
            return None
        start = int(m[1]) * 60 + int(m[2])
        end = int(m[3]) * 60 + int(m[4])
        if start >= DAY or end > 2 * DAY:
            return None
        if end <= start:
            end += DAY  # past midnight
        spans.append((start, end))
    return tuple(spans)


def plain_rules(value: str) -> list[Rule] | None:
    """The rules of a plain weekly value, or None when it holds anything else."""
    rules = []
    for separator, text in split_rules(value):
        selector, _, times = text.partition(" ")
        if not SELECTOR.match(selector):
            selector, times = "", text  # no days: every day
        spans = spans_of(times.strip())
        if spans is None:
            return None
        weekdays, holiday = weekdays_of(selector) if selector else (frozenset(range(7)), False)
        rules.append(Rule(weekdays, holiday, spans, separator == ","))
    return rules


def plain_part(value: str) -> tuple[str, str, bool] | None:
    """(the plain weekly rules of a value that also has others, those others as written after
    them (``; Dec 25 off``), whether all the weekly rules come first), or None.

    ``Mo-Sa 09:00-17:00; Su 22:00-06:00; Dec 25 off``: the dated rule changes a few days only,
    so the weekly rules alone must already be read alike by both readers. Only when they come
    first can they be rewritten in front of the others: a later rule overrides an earlier one."""
    plain: list[tuple[str, str]] = []
    other: list[tuple[str, str]] = []
    order: list[bool] = []
    for separator, text in split_rules(value):
        is_plain = plain_rules(text) is not None
        (plain if is_plain else other).append((separator, text))
        order.append(is_plain)
    if not plain or not other or plain[0][0] == ",":
        return None
    joined = "".join((f"{sep} " if i else "") + text for i, (sep, text) in enumerate(plain))
    first = order.index(False)
    return joined, "".join(f"{sep} {text}" for sep, text in other), not any(order[first:])


def split_rules(value: str) -> list[tuple[str, str]]:
    out, separator = [], ";"
    for piece in re.split(r"(; |, (?=[A-Z]))", value):
        if piece in ("; ", ", "):
            separator = piece[0]
        elif piece.strip():
            out.append((separator, piece.strip()))
    return out


def face_day(rules: list[Rule], on: date, holidays: frozenset[date]) -> tuple[tuple[int, int], ...]:
    """``on``'s open spans as the value says (opening_hours.js's reading): the last rule that
    names the day overrides those before it, hours after midnight included; the hours after
    midnight of a later rule (from the day before) stay."""
    before = on - timedelta(days=1)
    last = max((i for i, r in enumerate(rules) if not r.additional and r.matches(on, holidays)), default=0)
    spans: list[tuple[int, int]] = []
    for rule in rules[last:]:
        if rule.additional and not rule.spans and rule.matches(on, holidays):
            spans = []  # ``Mo-Fr 20:00-02:00, Sa off``: Saturday closed, the night before's hours too
            continue
        if rule.matches(on, holidays):
            spans += rule.own()
        if rule.matches(before, holidays):
            spans += rule.spill()
    return _merge(spans)


def _merge(spans) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


#: what ends a rule's selector: a time, or a state (``off``, ``24/7``...)
NOT_SELECTOR = re.compile(r"\d{1,2}:\d\d|\b(?:off|closed|open|unknown)\b|24/7|\"")
_TIME_FIRST = re.compile(r"^\d{1,2}:\d\d")


def _selector_lists(value: str) -> str:
    """``, `` inside a rule's selector joined as the list it is (``Dec 25, Jan 01 off``:
    ``Dec 25,Jan 01 off``; ``Mo-Fr, 09:00-17:00``: ``Mo-Fr 09:00-17:00``): the library takes
    ``, `` as a new rule, so ``Dec 25`` alone would be open 24 hours. After a time or a state it
    is the additional rule both readers read (``Mo-Fr 09:00-17:00, Sa 10:00-14:00``)."""
    rules = []
    for rule in value.split("; "):
        pieces = rule.split(", ")
        out = pieces[0]
        for piece in pieces[1:]:
            if NOT_SELECTOR.search(out.rsplit(", ", 1)[-1]):
                out += ", " + piece
            else:
                out += (" " if _TIME_FIRST.match(piece) else ",") + piece
        rules.append(_holidays_apart(out))
    return "; ".join(rules)


def _holidays_apart(rule: str) -> str:
    """``PH,Dec 24 off`` as ``Dec 24 off; PH off``: the library takes ``PH`` in a list of
    weekdays only."""
    state = NOT_SELECTOR.search(rule)
    if ", " in rule or state is None:
        return rule
    parts = rule[: state.start()].strip().split(",")
    if "PH" not in parts or all(SELECTOR.match(p) for p in parts):
        return rule
    rest = rule[state.start() :]
    return f"{','.join(p for p in parts if p != 'PH')} {rest}; PH {rest}"


def pattern_suggestion(value: str) -> str | None:
    """The value as meant, for the spellings the library reads otherwise whatever the days."""
    if _SPLIT_LIST.search(value):
        return _selector_lists(_SPLIT_LIST.sub(",", value))
    listed = _selector_lists(value)
    if listed != value:
        return listed
    for m in _WEEK_STEP.finditer(value):
        first, last, step = map(int, m.groups())
        if step > last - first:
            return value.replace(m.group(), f"week {first:02d}")
    if _POINTS.search(value):
        return _POINTS.sub(r"\1", value)
    return None


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def write_week(
    week: list[tuple[tuple[int, int], ...]], overnight: bool, apart: frozenset[int] = frozenset()
) -> str:
    """A regular week (each weekday's spans within its own day) as a value: runs of weekdays
    with the same hours, in the library's and the page's one reading. With ``overnight``, hours
    after midnight are written with the day before (``Fr 11:00-02:00``), except into or out of
    the weekdays ``apart``, whose hours are all written on their own day (``Su 00:00-02:00,...``)."""
    days = [list(d) for d in week]
    if overnight:
        for n in range(7):
            after = days[(n + 1) % 7]
            if (
                n not in apart
                and (n + 1) % 7 not in apart
                and days[n]
                and days[n][-1][1] == DAY
                and after
                and after[0][0] == 0
                and after[0][1] < DAY
                and days[n][-1][0] > 0
            ):
                days[n][-1] = (days[n][-1][0], DAY + after[0][1])
                after.pop(0)
    groups: dict[tuple, list[int]] = {}
    for n, day_spans in enumerate(days):
        groups.setdefault(tuple(day_spans), []).append(n)
    rules = []
    for spans, weekdays in groups.items():
        if not spans:
            continue
        times = ",".join(f"{_clock(s)}-{_clock(e % DAY if e > DAY else e)}" for s, e in spans)
        rules.append((weekdays[0], f"{_day_list(weekdays)} {times}"))
    if not rules:
        return "off"
    return "; ".join(text for _, text in sorted(rules))


def write_day(weekday: int, spans) -> str:
    """One weekday's hours as a rule of its own, within the day (``Su 00:00-02:00,11:00-23:00``)."""
    times = ",".join(f"{_clock(s)}-{_clock(e)}" for s, e in spans) or "off"
    return f"{DAY_CODES[weekday]} {times}"


def _day_list(weekdays: list[int]) -> str:
    parts, run = [], [weekdays[0]]
    for d in weekdays[1:] + [None]:
        if d is not None and d == run[-1] + 1:
            run.append(d)
            continue
        if len(run) >= 3:
            parts.append(f"{DAY_CODES[run[0]]}-{DAY_CODES[run[-1]]}")
        else:
            parts.extend(DAY_CODES[x] for x in run)
        if d is not None:
            run = [d]
    text = ",".join(parts)
    return "Mo-Su" if text == "Mo-Su" else text
