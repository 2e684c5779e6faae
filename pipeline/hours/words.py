"""Opening hours in words: a schedule's week and dated exceptions as lines a visitor reads.

The words themselves live with the site's other strings, in the ``"hours"`` entry of
``theme/strings/<lang>.json`` (English fills any gap); the find page gets the same entry, so a
new language means one strings file. A theme's own strings (the plugin passes them as a dict)
override these.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from pipeline.hours.schedule import DAY, WEEK, WeeklySchedule

#: where the hours words are kept when no theme gives its own (the project's theme)
STRINGS_FOLDER = Path(__file__).resolve().parents[2] / "theme" / "strings"


@lru_cache(maxsize=16)
def _stored(lang: str) -> dict:
    path = STRINGS_FOLDER / f"{lang}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("hours", {})


def words_for(lang: str | dict) -> dict:
    """The hours words for a language code, or ``lang`` itself when it is already a words dict
    (a theme's strings file may carry an ``"hours"`` entry for a language not listed here)."""
    if isinstance(lang, dict):
        return {**_stored("en"), **lang}
    return {**_stored("en"), **_stored(lang)}


def clock(minute: int, lang: str | dict, end: bool = False) -> str:
    words = words_for(lang)
    if words["clock"] == "24h" and end and minute == DAY:
        return "24:00"
    minute %= DAY
    hour, mins = divmod(minute, 60)
    if words["clock"] == "24h":
        return f"{hour}:{mins:02d}"
    if minute == 0:
        return "midnight"
    if minute == 12 * 60:
        return "noon"
    suffix = "a.m." if hour < 12 else "p.m."
    hour12 = hour % 12 or 12
    return f"{hour12} {suffix}" if mins == 0 else f"{hour12}:{mins:02d} {suffix}"


def at(minute: int, words: dict, end: bool = False) -> str:
    """A time in a sentence: '5 p.m.' in English, 'las 17:00' / 'la 1:00' in Spanish. An
    opening at 00:00 is '12 a.m.' ("opens tomorrow midnight" would leave the day in doubt)."""
    text = "12 a.m." if not end and minute == 0 and words["clock"] == "12h" else clock(minute, words, end)
    return (words["at_one"] if text.startswith("1:") else words["at"]).format(time=text)


def long_date(on: date, words: dict) -> str:
    """'December 1, 2026' / '1 de diciembre de 2026'."""
    return words["long_date"].format(month=words["months"][on.month - 1], n=on.day, year=on.year)


def day_and_date(on: date, words: dict) -> str:
    return words["date"].format(
        day=words["days"][on.weekday()], month=words["months"][on.month - 1], n=on.day
    )


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
    return words["and"].join(
        words["span"].format(start=clock(s, lang), end=clock(e, lang, end=True)) for s, e in spans
    )


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
        label = day_and_date(on, words) + (words["holiday_label"] if holiday else "")
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
