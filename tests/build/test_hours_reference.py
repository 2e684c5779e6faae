"""Every value of the hours corpus is refused, or published so that the site and OpenStreetMap's
reference reader (opening_hours.js, npm ``opening_hours``) agree (issue 24, item 3).

For each value of ``tests/fixtures/hours-corpus.txt`` the site's reading (parse_hours, then the
schedule as ``places.json`` carries it to the find page, evaluated by the find page's Python twin
in :mod:`pipeline.hours.status`) and opening_hours.js's answer, from ``tests/js/reference.js``
run by Node, must agree on open/closed and on the next change, at more than 1,000 instants
across the 400-day window: every public holiday, both daylight-saving days in America/Chicago,
midnights, the window's last day, and instants spread over the rest. Public holidays are the
project's calendar for both readers: ``PH`` is written out as those dates for opening_hours.js.

Needs Node and ``npm ci`` in ``tests/js`` (``scripts/install-test-deps`` does both): the test
fails, never skips, without them.
"""

from __future__ import annotations

import bisect
import json
import random
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from conftest import ROOT
from pipeline.hours.calendar import HoursError, holiday_calendar
from pipeline.hours.schedule import DAY, WEEK, parse_hours
from pipeline.hours.spelling import DAY_CODES
from pipeline.hours.status import minutes_open

TZ = ZoneInfo("America/Chicago")
START = date(2026, 11, 20)
CALENDAR = holiday_calendar(START, {"country": "US"})
CORPUS = ROOT / "tests/fixtures/hours-corpus.txt"
READER = ROOT / "tests/js/reference.js"
SPRING, FALL = date(2027, 3, 14), date(2027, 11, 7)  # America/Chicago's DST days in the window


#: From the spring-forward day's midnight to 02:00 the day after, opening_hours.js counts a day as
#: 24 hours of real time and moves what follows by the lost hour (Saturday's ``22:00-02:00``
#: still open on Monday 00:00-01:00, Sunday's hours cut at midnight): not compared (docs/hours.md).
#: how far ahead the next change is compared: eight days (and half a minute, so that no change,
#: always on a whole minute, falls on the limit itself)
HORIZON = (8 * 24 * 60 + 0.5) * 60000
SPRING_NIGHT = (
    int(datetime.combine(SPRING, time(), TZ).timestamp() * 1000),
    int(datetime.combine(SPRING + timedelta(days=1), time(2), TZ).timestamp() * 1000),
)


def corpus() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line[1:] if line.startswith("|") else line for line in lines if line and not line.startswith("#")]


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def local(on: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(on, time(hour, minute), TZ)


def instants() -> list[int]:
    """Whole minutes (UTC), chosen where readers tend to differ, then spread over the window."""
    chosen: list[datetime] = []
    for on, _ in CALENDAR.holidays:  # each holiday, the night before and the morning after
        for d, h, m in (
            (on - timedelta(days=1), 23, 59),
            (on, 0, 0),
            (on, 0, 30),
            (on, 9, 30),
            (on, 12, 0),
            (on, 17, 0),
            (on, 23, 59),
            (on + timedelta(days=1), 1, 0),
        ):
            chosen.append(local(d, h, m))
    for day in (SPRING, FALL):  # every 15 real minutes through both DST nights
        first = local(day, 0, 0).astimezone(UTC)
        chosen += [first + timedelta(minutes=15 * k) for k in range(4 * 8)]
        chosen += [local(day, 12, 0), local(day, 23, 59)]
    rng = random.Random(24)
    days = [START + timedelta(days=n) for n in range(CALENDAR.days)]
    for on in rng.sample(days, 80):  # midnights
        chosen += [local(on, 0, 0), local(on, 0, 1), local(on, 23, 59)]
    last = CALENDAR.end - timedelta(days=1)
    chosen += [local(last, 0, 0), local(last, 12, 0), local(last, 23, 0), local(last, 23, 59)]
    end_of_window = local(CALENDAR.end, 0, 0)
    start, end = epoch_ms(local(START, 0, 0)), epoch_ms(end_of_window)
    chosen += [datetime.fromtimestamp(rng.randrange(start, end) // 60000 * 60, UTC) for _ in range(600)]
    return sorted({epoch_ms(m) for m in chosen if m < end_of_window})


def holidays_written_out(value: str) -> str:
    """``value`` with ``PH`` as the project's holiday dates, for a reader that knows other holidays:
    a rule naming PH among weekdays (``Sa,Su,PH off``) becomes the weekdays' rule and the dates' rule."""
    dates = ",".join(f"{d.year} {d:%b} {d.day:02d}" for d, _ in CALENDAR.holidays)
    out = []
    for separator, rule in re.findall(r"(^|; |, (?=[A-Z]))((?:(?!; |, [A-Z]).)+)", value):
        selector, _, rest = rule.partition(" ")
        parts = selector.split(",")
        if "PH" not in parts or not all(p == "PH" or p.split("-")[0] in DAY_CODES for p in parts):
            out.append(separator + rule)
            continue
        others = [p for p in parts if p != "PH"]
        rules = ([f"{','.join(others)} {rest}".strip()] if others else []) + [f"{dates} {rest}".strip()]
        out.append(separator + "; ".join(rules))
    return "".join(out)


_OPENINGS: dict[int, list[int]] = {}


def next_opening(schedule, moment: datetime) -> datetime | None:
    """The next wall-clock minute the place opens after ``moment`` (it is closed then), from
    the published days (minutes since the window's first midnight, each day's spans' starts)."""
    openings = _OPENINGS.get(id(schedule))
    if openings is None:
        openings = _OPENINGS[id(schedule)] = [
            n * DAY + start
            for n in range(CALENDAR.days)
            for start, _ in schedule.day(START + timedelta(days=n))
        ]
    now = (moment.date() - START).days * DAY + moment.hour * 60 + moment.minute
    k = bisect.bisect_right(openings, now)
    if k == len(openings):
        return None
    return datetime.combine(START, time()) + timedelta(minutes=openings[k])


def site_answer(schedule, ms: int) -> tuple[bool, int | None]:
    """(open, next change in epoch ms or None) as the find page works it out."""
    moment = datetime.fromtimestamp(ms / 1000, TZ).replace(tzinfo=None)
    left = minutes_open(schedule, moment)
    if left:
        if left >= WEEK:
            return True, None
        change = moment + timedelta(minutes=left)
        if change.date() >= CALENDAR.end:
            return True, None
    else:
        change = next_opening(schedule, moment)
        if change is None:
            return False, None
    aware = change.replace(tzinfo=TZ)
    if aware.astimezone(UTC).astimezone(TZ).replace(tzinfo=None) != change:
        aware = (change + timedelta(hours=1)).replace(tzinfo=TZ)  # 02:30 on the spring night is 03:30
    return bool(left), epoch_ms(aware) if epoch_ms(aware) < ms + HORIZON else None


def reference_answers(values: list[str], moments: list[int]):
    """Start opening_hours.js on ``values``; the returned function waits for its answers (the
    site's own answers are worked out meanwhile)."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node is not installed: run scripts/install-test-deps"
    assert (ROOT / "tests/js/node_modules/opening_hours").is_dir(), (
        "opening_hours.js is not installed: run scripts/install-test-deps (npm ci in tests/js)"
    )
    request = {
        "values": values,
        "instants": moments,
        "until": epoch_ms(local(CALENDAR.end, 0, 0)),
        "horizon": HORIZON,
    }
    process = subprocess.Popen(
        [node, str(READER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT / "tests/js",
        env={"TZ": "America/Chicago", "PATH": "/usr/bin:/bin"},
    )
    process.stdin.write(json.dumps(request))
    process.stdin.close()

    def answers() -> list:
        out, err = process.stdout.read(), process.stderr.read()
        assert process.wait(timeout=600) == 0, err
        return json.loads(out)

    return answers


def test_the_corpus_is_large_and_real():
    values = corpus()
    assert len(values) >= 500 and len(set(values)) == len(values)
    assert any(":" in v.split(" ")[0] for v in values) and any("\u2013" in v for v in values)


def test_every_corpus_value_is_refused_or_read_as_opening_hours_js_reads_it():
    values, moments = corpus(), instants()
    assert len(moments) >= 1000
    published = {}
    for value in values:
        try:
            published[value] = parse_hours(value, CALENDAR)
        except HoursError:
            continue
    assert len(published) >= 400, "the corpus tests too few published values"
    # opening_hours.js reads the value as typed (PH as the project's dates); where it refuses
    # a spelling the site accepts (a colon after the days), the value as published.
    typed = [
        v.strip() if not re.search(r"\bph\b", v, re.I) else holidays_written_out(s.source)
        for v, s in published.items()
    ]
    pending = reference_answers(typed, moments)
    ours_all = [[site_answer(schedule, ms) for ms in moments] for schedule in published.values()]
    first = pending()
    refused = [n for n, answers in enumerate(first) if isinstance(answers, dict)]
    schedules = list(published.values())
    again = reference_answers([holidays_written_out(schedules[n].source) for n in refused], moments)()
    first = [*first]
    for n, answers in zip(refused, again):
        first[n] = answers
    disagreements = []
    for n, (value, schedule) in enumerate(published.items()):
        answers = first[n]
        if isinstance(answers, dict):
            disagreements.append(f"{value!r}: opening_hours.js refuses it ({answers['error']})")
            continue
        mine = dict(zip(moments, ours_all[n]))
        for ms, (js_open, js_next, *failed) in zip(moments, answers):
            if failed:
                at = datetime.fromtimestamp(ms / 1000, TZ)
                if at.date() in (SPRING, FALL, SPRING + timedelta(days=1), FALL + timedelta(days=1)):
                    continue  # opening_hours.js's own failure on a DST night (docs/hours.md)
                disagreements.append(f"{value!r} at {at.isoformat()}: opening_hours.js fails: {failed[0]}")
                break
            ours = mine[ms]
            if SPRING_NIGHT[0] <= ms < SPRING_NIGHT[1]:
                continue  # opening_hours.js's own error on the spring-forward day (docs/hours.md)
            if any(t is not None and SPRING_NIGHT[0] <= t < SPRING_NIGHT[1] for t in (ours[1], js_next)):
                ours, js_next = (ours[0], None), None  # a change in that stretch: open/closed only
            if (
                js_next is not None
                and ours[1] is None
                and ours[0]
                and minutes_open(schedule, datetime.fromtimestamp(ms / 1000, TZ).replace(tzinfo=None)) >= WEEK
            ):
                js_next = None if js_next - ms >= WEEK * 60000 else js_next
            if (js_open, js_next) != ours:
                at = datetime.fromtimestamp(ms / 1000, TZ)
                shown = lambda t: None if t is None else datetime.fromtimestamp(t / 1000, TZ).isoformat()
                disagreements.append(
                    f"{value!r} at {at.isoformat()}: site {ours[0]}, next "
                    f"{shown(ours[1])}; opening_hours.js {js_open}, next {shown(js_next)}"
                )
                break
    assert not disagreements, f"{len(disagreements)} values:\n" + "\n".join(disagreements[:40])
