"""What the site publishes about opening hours is what the opening-hours library says, every day.

Each rule is compiled the way the build does it, encoded into ``places.json``, decoded again and
evaluated by the Python twin of the find page's JavaScript (``status_at`` / ``minutes_open``);
that answer is compared with the library itself for every day of a 400-day window, minute for
minute at every boundary. For rules with public holidays the library's truth is the same rule
with ``PH`` written as the holidays' own dates (the library's built-in calendar is empty), an
independent spelling the build does not use.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from hours_rules import (
    CALENDAR,
    NEW_YEAR,
    RULES,
    START,
    THANKSGIVING,
    compile_rule,
    library_days,
    library_truth,
    published,
)

from pipeline.find.exports import PlacesFile
from pipeline.hours.calendar import Calendar, HoursError, holiday_calendar, window_warning
from pipeline.hours.schedule import WEEK
from pipeline.hours.status import minutes_open, status_at
from pipeline.hours.words import describe, words_for
from pipeline.register.model import Participant


@pytest.mark.parametrize("rule", RULES)
def test_published_hours_agree_with_the_library_every_day_minute_for_minute(rule):
    schedule = published(compile_rule(rule))
    truth = library_truth(rule)
    expected = library_days(truth)
    for n in range(CALENDAR.days):
        on = START + timedelta(days=n)
        assert schedule.day(on) == expected[n], (rule, on)
        # at every boundary of the day (and either side of it) the twin says what the library does
        moments = {0, 1439} | {m + d for s, e in expected[n] for m in (s, e) for d in (-1, 0, 1)}
        for minute in sorted(m for m in moments if 0 <= m < 1440):
            moment = datetime.combine(on, time()) + timedelta(minutes=minute)
            left = minutes_open(schedule, moment)
            assert (left > 0) == truth.is_open(moment), (rule, moment)
            assert status_at(schedule, moment).open == truth.is_open(moment), (rule, moment)
            if left and left < WEEK:  # how long it stays open: to the library's next change
                end = datetime.combine(CALENDAR.end, time())
                change = min(truth.next_change(moment) or end, end)
                assert moment + timedelta(minutes=left) == change, (rule, moment)


def test_outside_the_window_nothing_is_claimed():
    overnight = published(compile_rule("Fr-Sa 22:00-02:00"))
    last = CALENDAR.end - timedelta(days=1)  # a Friday: open past the last day the site knows
    said = status_at(overnight, datetime.combine(last, time(23))).text
    # (that day is a public holiday in the test calendar: the words say the hours may differ)
    assert said == (
        "Open now"
        if last not in CALENDAR.holiday_dates
        else words_for("en")["holiday_unsure"].format(status="Open now")
    )
    schedule = published(compile_rule("24/7"))
    before = datetime.combine(START - timedelta(days=1), time(12))
    after = datetime.combine(CALENDAR.end, time(12))
    for moment in (before, after):
        assert minutes_open(schedule, moment) is None
        assert status_at(schedule, moment) == (False, False, "Call to check hours")
    assert status_at(None, datetime(2026, 12, 1, 12)).text == "Call to check hours"
    assert describe(None, "es") == ["Llame para confirmar el horario"]


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm))


TUESDAY = date(2026, 12, 1)
FIRST_MONDAY, SECOND_MONDAY = date(2026, 12, 7), date(2026, 12, 14)


@pytest.mark.parametrize(
    "rule, moment, english, spanish",
    [
        (
            "Mo-Fr 09:00-17:00; PH off",
            at(THANKSGIVING, 12),
            "Closed today (holiday) · opens tomorrow 9 a.m.",
            "Cerrado hoy (festivo) · abre mañana a las 9:00",
        ),
        (
            "Mo-Fr 09:00-17:00; PH off",
            at(NEW_YEAR, 12),
            "Closed today (holiday) · opens Monday 9 a.m.",
            "Cerrado hoy (festivo) · abre el lunes a las 9:00",
        ),
        (
            "24/7; PH off",
            at(THANKSGIVING, 12),
            "Closed today (holiday) · opens tomorrow 12 a.m.",
            "Cerrado hoy (festivo) · abre mañana a las 0:00",
        ),
        ("PH 10:00-14:00", at(THANKSGIVING, 12), "Open until 2 p.m.", "Abierto hasta las 14:00"),
        (
            "PH 10:00-14:00",
            at(THANKSGIVING, 8),
            "Closed · opens today 10 a.m.",
            "Cerrado · abre hoy a las 10:00",
        ),
        ("PH off", at(THANKSGIVING, 12), "Closed", "Cerrado"),
        (  # hours that say nothing about holidays (issue 23)
            "Mo-Fr 09:00-17:00",
            at(THANKSGIVING, 12),
            "Holiday today: hours may differ — call first (usual hours: Open until 5 p.m.)",
            "Festivo hoy: el horario puede cambiar — llame antes (horario habitual: Abierto hasta las 17:00)",
        ),
        ("Mo-Fr 09:00-17:00", at(TUESDAY, 16, 52), "Closes in 8 minutes", "Cierra en 8 minutos"),
        ("Mo-Fr 09:00-17:00", at(TUESDAY, 16, 59), "Closes in 1 minute", "Cierra en 1 minuto"),
        ("Mo-Fr 09:00-22:00", at(TUESDAY, 21, 52), "Closes in 8 minutes", "Cierra en 8 minutos"),
        ("Mo-Fr 09:00-17:00", at(TUESDAY, 12), "Open until 5 p.m.", "Abierto hasta las 17:00"),
        (
            "Mo-Fr 09:00-17:00",
            at(TUESDAY, 21, 52),
            "Closed · opens tomorrow 9 a.m.",
            "Cerrado · abre mañana a las 9:00",
        ),
        (
            "Tu-Fr 09:00-17:00",
            at(date(2026, 12, 5), 12),
            "Closed · opens Tuesday 9 a.m.",
            "Cerrado · abre el martes a las 9:00",
        ),
        ("24/7", at(TUESDAY, 12), "Open 24 hours", "Abierto las 24 horas"),
        ("Fr-Sa 22:00-02:00", at(date(2026, 12, 4), 23), "Open until 2 a.m.", "Abierto hasta las 2:00"),
        ("Mo-Su 13:00-01:00", at(TUESDAY, 22), "Open until 1 a.m.", "Abierto hasta la 1:00"),
        (
            "Mo-Fr 00:00-24:00",
            at(TUESDAY, 12),
            "Open until Friday midnight",
            "Abierto hasta el viernes a las 24:00",
        ),
        ("Mo[1] 10:00-12:00", at(FIRST_MONDAY, 10, 30), "Open until noon", "Abierto hasta las 12:00"),
        (
            "Mo[1] 10:00-12:00",
            at(SECOND_MONDAY, 10, 30),
            "Closed · opens Monday, January 4, 10 a.m.",
            "Cerrado · abre el lunes 4 de enero a las 10:00",
        ),
        (
            "Mo-Fr 08:00-17:00; Mo[1] off",
            at(FIRST_MONDAY, 10),
            "Closed · opens tomorrow 8 a.m.",
            "Cerrado · abre mañana a las 8:00",
        ),
        (
            "Mo-Fr 08:00-17:00; Mo[1] off",
            at(SECOND_MONDAY, 10),
            "Open until 5 p.m.",
            "Abierto hasta las 17:00",
        ),
        ("2026 Mo-Fr 09:00-17:00", at(date(2026, 12, 31), 18), "Closed", "Cerrado"),
    ],
)
def test_status_words_in_english_and_spanish(rule, moment, english, spanish):
    schedule = published(compile_rule(rule))
    assert status_at(schedule, moment, "en").text == english
    assert status_at(schedule, moment, "es").text == spanish


def test_the_week_in_words_lists_the_next_holidays_and_special_days():
    assert describe(compile_rule("Mo-Fr 09:00-17:00; PH off"), "en")[:4] == [
        "Monday to Friday: 9 a.m. to 5 p.m.",
        "Saturday and Sunday: closed",
        "Thursday, November 26 (holiday): closed",
        "Friday, December 25 (holiday): closed",
    ]
    assert describe(compile_rule("Mo[1] 10:00-12:00"), "es")[:2] == [
        "Sin horario habitual",
        "Lunes 7 de diciembre: 10:00 a 12:00",
    ]
    lines = describe(compile_rule("Mo-Fr 09:00-17:00; PH off"), "en")
    assert lines[-1].startswith("Different hours on ") and lines[-1].endswith("more days: call to check")
    assert describe(compile_rule("Mo-Fr 09:00-17:00"), "en") == [
        "Monday to Friday: 9 a.m. to 5 p.m.",
        "Saturday and Sunday: closed",
    ]


@pytest.mark.parametrize(
    "rule, advice",
    [
        ('Mo-Fr 09:00-17:00 || "by appointment"', "'||'"),
        ("Mo-Fr 09:00-17:00 || unknown", "'||'"),
        ('Mo-Fr 09:00-17:00; "call first"', "comment"),
        ("sunrise-sunset", "clock times"),
        ("Mo-Fr 09:00-dusk", "clock times"),
        ("09:00+", "when it closes"),
        ("Mo-Fr 18:00+", "when it closes"),
        ("Mo-Fr 09:00-17:00 unknown", "'unknown'"),
        ("SH off", "school holidays"),
        ("Mo-Fr 09:00-17:00; PH +1 day off", "holiday offsets"),
        ("PH Mo 10:00-12:00", "rule of their own"),
        ("Mo-Fr 9-5 maybe", "is not hours as the register writes them"),
    ],
)
def test_rules_that_cannot_be_shown_exactly_are_refused_with_what_to_write(rule, advice):
    with pytest.raises(HoursError) as caught:
        compile_rule(rule)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert advice in message and repr(rule) in message


def test_lower_and_upper_case_months_the_capitalised_one_is_accepted():
    compile_rule("Feb-Aug 10:00-12:00")  # accepted; its lower-case spelling is refused above


def test_the_holiday_calendar_is_one_setting():
    federal = {d for d, _ in holiday_calendar(date(2027, 1, 1), {"country": "US"}, 365).holidays}
    assert date(2027, 11, 25) in federal and date(2027, 7, 4) in federal
    assert date(2027, 7, 5) in federal  # observed (the 4th is a Sunday): offices close
    missouri = holiday_calendar(date(2027, 1, 1), {"country": "US", "subdiv": "MO"}, 365)
    assert date(2027, 5, 8) in missouri.holiday_dates - federal  # Truman Day
    extra = holiday_calendar(
        date(2027, 1, 1),
        {"country": "US", "extra": {"12-24": "Christmas Eve", "2027-06-01": "City anniversary"}},
        365,
    )
    assert {date(2027, 12, 24), date(2027, 6, 1)} <= extra.holiday_dates
    unobserved = holiday_calendar(date(2027, 1, 1), {"country": "US", "observed": False}, 365)
    assert date(2027, 7, 5) not in unobserved.holiday_dates
    with pytest.raises(HoursError, match="YYYY-MM-DD"):
        holiday_calendar(date(2027, 1, 1), {"country": "US", "extra": {"24 Dec": "x"}})
    # a holiday the configuration adds closes a "PH off" place that day, exactly
    schedule = published(compile_rule("Mo-Fr 09:00-17:00; PH off", extra), extra)
    assert schedule.day(date(2027, 6, 1)) == () and schedule.day(date(2027, 6, 2)) == ((540, 1020),)


def test_consecutive_holidays_with_an_overnight_rule_stay_exact():
    calendar = holiday_calendar(
        START, {"country": "US", "extra": {"12-24": "Christmas Eve", "12-26": "Boxing Day"}}
    )
    for rule in ("Mo-Su 18:00-30:00; PH off", "We-Sa 20:00-02:00; PH,Su off"):
        if "PH,Su" in rule:
            truth_rule = rule.replace("PH,Su off", "Su off; PH off")
        else:
            truth_rule = rule
        schedule = published(compile_rule(rule, calendar), calendar)
        expected = library_days(library_truth(truth_rule, calendar), calendar)
        assert [schedule.day(START + timedelta(days=n)) for n in range(calendar.days)] == expected, rule
    # A holiday's night running past the next day's own 02:00 is read two ways (the library stops
    # at 02:00 the day after, opening_hours.js at 03:00): refused, not published either way.
    with pytest.raises(HoursError, match="after midnight"):
        compile_rule("Mo-Su 20:00-02:00; PH 22:00-03:00", calendar)


def test_the_build_warns_before_the_published_window_runs_out():
    assert window_warning(Calendar(START, 400), START) is None
    warning = window_warning(Calendar(START, 45), START)
    assert warning and "2027-01-03" in warning and "\n" not in warning
    covered = Calendar(START, 400, (), covered_until=date(2026, 12, 31))
    assert "2026-12-31" in window_warning(covered, START)


def test_shared_schedules_keep_places_json_small():
    """30,000 places with a dozen rules: the exceptions are paid once per rule, not per place."""
    rules = ["Mo-Fr 09:00-17:00; PH off", "24/7", "Mo[1] 10:00-12:00", "Fr-Sa 22:00-02:00"]
    schedules = [compile_rule(r) for r in rules]
    places = [
        Participant(
            id=f"P{i}",
            name=f"Place {i}",
            category="Shop",
            address=f"{i} Main St",
            city="Kansas City",
            state="MO",
            zip="64111",
            lat=39.1,
            lon=-94.6,
            phone="",
            phone_e164="",
            hours=schedules[i % 4],
            website="",
            status="approved",
        )
        for i in range(30000)
    ]
    text = PlacesFile(places, ["Shop"], {}, CALENDAR).text(words=lambda s: describe(s, "en"))
    data = json.loads(text)
    assert len(data["schedules"]) == len(data["exceptions"]) == 4
    head = text[: text.index('"places":')]
    assert len(head) < 3000  # everything the window adds, for all 30,000 places
