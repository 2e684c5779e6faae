"""'Open now': what the find page says about a place at a moment, the Python twin of the page's
``statusOf`` (``theme/static/js/find/hours.js``); the tests hold the two to the same answers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import NamedTuple

from pipeline.hours.schedule import DAY, SOON, WEEK, WeeklySchedule
from pipeline.hours.words import at, day_and_date, words_for


class Status(NamedTuple):
    open: bool
    closing_soon: bool
    text: str


_PH = re.compile(r"\bPH\b")

#: How the find page ranks places (issue 23): open for at least the next ``SOON`` minutes,
#: open on a holiday their hours say nothing about (they may not be), closing within ``SOON``
#: minutes, closed (or no hours). Within a rank: nearest first, then the register's order.
OPEN, HOLIDAY_UNSURE, CLOSING_SOON, CLOSED = range(4)


def says_holidays(schedule: WeeklySchedule | None) -> bool:
    """Whether a place's hours say what it does on public holidays: a ``PH`` rule, or open
    24/7 (every hour of every day, holidays included). Published per schedule
    (``holiday_known`` in places.json) so the find page knows too."""
    if schedule is None:
        return False
    return bool(_PH.search(schedule.source)) or schedule.always_open


def holiday_unsure(schedule: WeeklySchedule | None, day: date) -> bool:
    """``day`` is a public holiday and the place's hours say nothing about holidays: the find
    page says "Holiday today: hours may differ — call first"."""
    if schedule is None or schedule.calendar is None or says_holidays(schedule):
        return False
    return day in schedule.calendar.holiday_dates


def rank_of(status: Status, unsure: bool) -> int:
    """The rank (:data:`OPEN` ... :data:`CLOSED`) of a place with ``status`` now; ``unsure``: see
    :func:`holiday_unsure`. The find page's ``rankOf`` ranks the same."""
    if not status.open:
        return CLOSED
    if status.closing_soon:
        return CLOSING_SOON
    return HOLIDAY_UNSURE if unsure else OPEN


def rank_at(schedule: WeeklySchedule | None, moment: datetime, tz: tzinfo | None = None) -> int:
    """The rank of a place at ``moment`` (local wall time, as :func:`status_at` takes it)."""
    status = status_at(schedule, moment, "en", tz)
    day = (moment.astimezone(tz or moment.tzinfo) if moment.tzinfo else moment).date()
    return rank_of(status, holiday_unsure(schedule, day))


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


def _wall(instant: datetime, tz: tzinfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def real_close(moment: datetime, left: int, tz: tzinfo) -> tuple[int, datetime]:
    """(real minutes from ``moment`` to the close ``left`` wall-clock minutes later, the wall
    time the clocks show then): the same unless the clocks change in between. On the night the
    clocks go back, "open until 2 a.m." at 1:30 (the first time) is 90 minutes away; on the night
    they go forward a close at 2:30, a time that does not exist, comes when the clocks jump to
    3:00. ``moment`` is the wall time (its ``fold`` says which 1:30 on the night they go back).
    The find page's ``realClose`` works it out the same way."""
    wall_now = moment.replace(second=0, microsecond=0, tzinfo=None)
    now = wall_now.replace(tzinfo=tz).astimezone(UTC)
    target = wall_now + timedelta(minutes=left)
    guess = now + timedelta(minutes=left)
    for _ in range(3):  # the clocks went back: the wall time comes later
        shown = _wall(guess, tz)
        if shown >= target:
            break
        guess += target - shown
    minute = timedelta(minutes=1)
    while _wall(guess - minute, tz) >= target:  # they went forward: the first minute past it
        guess -= minute
    return int((guess - now) / minute), _wall(guess, tz)


def minutes_open(schedule: WeeklySchedule | None, moment: datetime) -> int | None:
    """How many more minutes a place stays open from ``moment`` (local wall time); 0 when it is
    closed, None when not known (no hours, or outside the window). At most a week is counted."""
    return _open_run(schedule, moment)[0]


def status_at(
    schedule: WeeklySchedule | None, moment: datetime, lang: str | dict = "en", tz: tzinfo | None = None
) -> Status:
    """What the find page says about a place at ``moment`` (local wall time; aware, or naive
    with ``fold`` for the repeated hour). With the site's time zone ``tz`` the minutes to a close
    are real minutes, and the time shown is the one the clocks will show (see :func:`real_close`).
    On a public holiday its hours say nothing about, the words say so first (the hours may
    differ: call first), then what the hours usually say."""
    words = words_for(lang)
    if moment.tzinfo is not None:
        tz = tz or moment.tzinfo
        moment = _wall(moment, tz).replace(fold=moment.astimezone(tz).fold)
    status = _usual_status(schedule, moment, words, tz)
    if holiday_unsure(schedule, moment.date()):
        return status._replace(text=words["holiday_unsure"].format(status=status.text))
    return status


def _usual_status(
    schedule: WeeklySchedule | None, moment: datetime, words: dict, tz: tzinfo | None
) -> Status:
    """:func:`status_at` as the hours say, ``moment`` a naive wall time."""
    left, known = _open_run(schedule, moment)
    if left is None:
        return Status(False, False, words["no_hours"])
    today, minute = moment.date(), moment.hour * 60 + moment.minute
    if left >= WEEK:
        return Status(True, False, words["open_always"])
    if not known:  # open to the end of what the site knows (its last day)
        return Status(True, False, words["open_now"])
    if left > 0:
        end = minute + left
        if tz is not None:
            left, closes = real_close(moment, left, tz)
            end = (closes.date() - today).days * DAY + closes.hour * 60 + closes.minute
        if left <= SOON:
            return Status(
                True, True, words["closes_in_1"] if left == 1 else words["closes_in"].format(n=left)
            )
        day, minute_of_day = divmod(end, DAY)
        if minute_of_day == 0:  # a close at midnight belongs to the day before
            day, minute_of_day = day - 1, DAY
        if left < DAY:
            return Status(True, False, words["open_until"].format(time=at(minute_of_day, words, end=True)))
        name = words["days"][(today.weekday() + day) % 7]
        return Status(
            True, False, words["open_until_day"].format(day=name, time=at(minute_of_day, words, end=True))
        )
    assert schedule is not None  # a place without hours was answered above ("Call to check hours")
    spans = schedule.day(today) or ()
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
    opening = at(found, words)
    if k == 0:
        when = words["today_at"].format(time=opening)
    elif k == 1:
        when = words["tomorrow_at"].format(time=opening)
    elif k < 7:
        when = words["day_at"].format(day=words["days"][(today.weekday() + k) % 7], time=opening)
    else:
        when = words["date_at"].format(date=day_and_date(today + timedelta(days=k), words), time=opening)
    return Status(False, False, (words["holiday_opens"] if holiday else words["opens"]).format(when=when))
