"""Opening-hours rules held to the opening-hours library: a window with Thanksgiving 2026 and New Year's Day 2027, the rules, and the library's own day-by-day reading."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta

import opening_hours

from pipeline.find.exports import PlacesFile
from pipeline.hours.calendar import Calendar, holiday_calendar
from pipeline.hours.schedule import WeeklySchedule, parse_hours
from pipeline.register.model import Participant

START = date(2026, 11, 20)  # a window that holds Thanksgiving 2026 and New Year's Day 2027
CALENDAR = holiday_calendar(START, {"country": "US"})
THANKSGIVING, NEW_YEAR = date(2026, 11, 26), date(2027, 1, 1)

RULES = [
    "PH off",
    "Mo-Fr 09:00-17:00; PH off",
    "PH 10:00-14:00",
    "Mo-Fr 08:00-18:00; PH 10:00-14:00",
    "Mo[1] 10:00-12:00",
    "Mo-Fr 08:00-17:00; Mo[1] off",
    "Mo[-1] 10:00-12:00",
    "Tu[2] 09:00-11:30",
    "2026 Mo-Fr 09:00-17:00",
    "2027 Mo-Fr 09:00-17:00",
    "Feb-Aug 10:00-12:00",
    "Mo-Sa 10:00-18:00; Dec 24 off",
    "Dec 24 10:00-14:00",
    "Fr-Sa 22:00-02:00",
    "Fr-Sa 22:00-02:00; PH off",
    "24/7",
    "24/7; PH off",
    "Mo-Fr 09:00-17:00, Sa 10:00-12:00",
    "Mo-Su 06:00-23:00",
    "Mo-Fr 07:30-18:00; Sa 08:00-12:00; Jul-Aug Sa off",
    "Su 20:00-26:00",
    "Mo-Fr 10:00-18:00; Jun-Aug Mo-Fr 10:00-22:00",  # (written the other way round: refused, issue 24)
]


def compile_rule(text: str, calendar: Calendar = CALENDAR) -> WeeklySchedule:
    return parse_hours(text, calendar)


def published(schedule: WeeklySchedule, calendar: Calendar = CALENDAR) -> WeeklySchedule:
    """The schedule as the page gets it: through places.json and back."""
    place = Participant(
        id="P",
        name="P",
        category="Shop",
        address="1 Main St",
        city="Kansas City",
        state="MO",
        zip="64111",
        lat=39.1,
        lon=-94.6,
        phone="",
        phone_e164="",
        hours=schedule,
        website="",
        status="approved",
    )
    data = json.loads(PlacesFile([place], ["Shop"], {}, calendar).text(words=lambda s: []))
    assert data["calendar"]["from"] == calendar.start.isoformat()
    assert data["calendar"]["days"] == calendar.days
    week = tuple(tuple(span) for span in data["schedules"][0])
    exceptions = []
    for first, count, spans in data["exceptions"][0]:
        for n in range(count):
            on = calendar.start + timedelta(days=first + n)
            exceptions.append((on, tuple(tuple(s) for s in spans), on in calendar.holiday_dates))
    return WeeklySchedule(week, schedule.source, tuple(exceptions), calendar)


def library_truth(text: str, calendar: Calendar = CALENDAR):
    """The library, with PH spelled as the holidays' dates (its own calendar knows none)."""
    dates = ",".join(f"{d.year} {d:%b} {d.day:02d}" for d, _ in calendar.holidays)
    return opening_hours.OpeningHours(re.sub(r"\bPH\b", dates, text))


def library_days(truth, calendar: Calendar = CALENDAR) -> list[tuple]:
    origin = datetime.combine(calendar.start, time())
    days: list[list] = [[] for _ in range(calendar.days)]
    for start, end, state, _ in truth.intervals(origin, origin + timedelta(days=calendar.days)):
        if str(state).rsplit(".", 1)[-1].upper() == "OPEN":
            a = int((start - origin).total_seconds() // 60)
            b = int((end - origin).total_seconds() // 60)
            while a < b:
                n = a // 1440
                piece = min(b, (n + 1) * 1440)
                days[n].append((a - n * 1440, piece - n * 1440))
                a = piece
    return [tuple(d) for d in days]
