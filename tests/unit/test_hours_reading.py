"""Hours mean what the coordinator meant, or the row is refused with the fix (issue 24).

Pure and in-process: each value is read for a fixed window (from 2026-11-20, US holidays), so
the answers do not depend on the day the suite runs.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.hours.calendar import HoursError, holiday_calendar
from pipeline.hours.schedule import ending, parse_hours
from pipeline.hours.spelling import canonical
from pipeline.hours.words import describe

CALENDAR = holiday_calendar(date(2026, 11, 20), {"country": "US"})


def read(value: str):
    return parse_hours(value, CALENDAR)


def refusal(value: str) -> str:
    with pytest.raises(HoursError) as caught:
        read(value)
    message = str(caught.value)
    assert "\n" not in message and value in message  # one line, naming the value as typed
    return message


def suggested(message: str) -> str:
    assert "did you mean `" in message, message
    return message.split("did you mean `")[1].split("`")[0]


# --- 1. two readers agree, or the row is refused ---------------------------------------------


@pytest.mark.parametrize(
    "value, meant",
    [
        ("Mo, We 09:00-17:00", "Mo,We 09:00-17:00"),
        ("Mo, Tu, We, Th, Fr 09:00-17:00", "Mo,Tu,We,Th,Fr 09:00-17:00"),
        ("Sa, Su 10:00-14:00", "Sa,Su 10:00-14:00"),
        ("Mo-Fr 09:00-17:00; PH, Su off", "Mo-Fr 09:00-17:00; PH,Su off"),
        ("Mo-Fr 10:00-16:00/01:30", "Mo-Fr 10:00-16:00"),
        ("Mo-Fr 10:00-16:00/1:30", "Mo-Fr 10:00-16:00"),
        ("Mo-Fr 09:00-17:00; Sa 10:00-14:00; Su, PH off", "Mo-Fr 09:00-17:00; Sa 10:00-14:00; Su,PH off"),
        ("week 30-40/11 Mo 10:00-12:00", "week 30 Mo 10:00-12:00"),
        # ", " inside a selector of dates, months, weeks or nth weekdays: the library starts a
        # new rule there, so the first date alone would be open 24 hours
        ("Mo-Fr 09:00-17:00; Dec 25, Jan 01 off", "Mo-Fr 09:00-17:00; Dec 25,Jan 01 off"),
        ("Dec 24, Dec 31 09:00-12:00", "Dec 24,Dec 31 09:00-12:00"),
        ("Jun, Aug Mo-Fr 09:00-17:00", "Jun,Aug Mo-Fr 09:00-17:00"),
        ("Mo[1], Mo[3] 09:00-12:00", "Mo[1],Mo[3] 09:00-12:00"),
        ("week 05, week 07 Mo 10:00-12:00", "week 05,07 Mo 10:00-12:00"),
        ("Mo-Fr 09:00-17:00; Nov Th[4], Fr[4] off", "Mo-Fr 09:00-17:00; Nov Th[4],Fr[4] off"),
        ("Mo-Fr, 09:00-17:00", "Mo-Fr 09:00-17:00"),
        ("Mo-Fr 09:00-17:00; Sa, 10:00-14:00", "Mo-Fr 09:00-17:00; Sa 10:00-14:00"),
        # PH and dates in one list: the library takes PH among weekdays only
        ("Mo-Fr 09:00-17:00; PH, Dec 24 off", "Mo-Fr 09:00-17:00; Dec 24 off; PH off"),
    ],
)
def test_a_value_the_library_reads_otherwise_is_refused_with_what_was_meant(value, meant):
    message = refusal(value)
    assert suggested(message) == meant
    read(meant)  # the suggestion itself is published as it reads


@pytest.mark.parametrize(
    "value, sunday_1am_open, monday_7am_open",
    [
        ("Su-Th 11:00-23:00; Fr,Sa 11:00-02:00", True, False),
        ("Mo-Su 11:00-23:00; Fr,Sa 11:00-02:00", True, False),
        ("Mo-Fr 22:00-06:00; Sa-Su 20:00-08:00", True, True),
    ],
)
def test_late_nights_cut_by_a_later_rule_are_refused_with_a_value_read_the_same_by_both(
    value, sunday_1am_open, monday_7am_open
):
    message = refusal(value)
    assert "after midnight" in message
    better = read(suggested(message))
    sunday, monday = date(2026, 11, 22), date(2026, 11, 23)
    assert any(s <= 60 < e for s, e in better.day(sunday)) == sunday_1am_open
    assert any(s <= 7 * 60 + 15 < e for s, e in better.day(monday)) == monday_7am_open


def test_a_list_of_dates_is_never_published_as_open_24_hours():
    message = refusal("Mo-Fr 09:00-17:00; Dec 25, Jan 01 off")
    assert "after midnight" not in message  # the value has no hours after midnight
    christmas = read(suggested(message)).day(date(2026, 12, 25))
    assert christmas == ()


@pytest.mark.parametrize(
    "value, meant, new_year_open_until",
    [
        (
            "Mo-Sa 11:00-23:00; Su 12:00-22:00; Dec 25 off; Dec 31 11:00-01:00",
            "Mo-Sa 11:00-23:00; Su 12:00-22:00; Dec 25 off; Dec 31 11:00-01:00, Jan 01 00:00-01:00",
            60,
        ),
        (
            "Fr-Sa 18:00-03:00; Dec 31 18:00-04:00",
            "Fr-Sa 18:00-03:00; Dec 31 18:00-04:00, Jan 01 00:00-04:00",
            240,
        ),
        (
            "Mo-Su 11:00-22:00; Oct 31 18:00-26:00",
            "Mo-Su 11:00-22:00; Oct 31 18:00-26:00, Nov 01 00:00-02:00",
            None,
        ),
    ],
)
def test_a_dated_late_night_cut_by_the_library_is_refused_with_a_value_that_keeps_it(
    value, meant, new_year_open_until
):
    message = refusal(value)
    assert "after midnight" in message and suggested(message) == meant
    schedule = read(meant)
    if new_year_open_until:
        assert schedule.day(date(2027, 1, 1))[0] == (0, new_year_open_until)
    else:
        assert schedule.day(date(2027, 11, 1))[0] == (0, 120)


@pytest.mark.parametrize(
    "value",
    [
        # a weekly late night after a seasonal rule: Saturday's hours after midnight on Sunday
        "Jun-Aug 17:00-24:00; Fr-Sa 10:00-14:00,16:00-01:00",
        # the first Monday's late night, with an additional rule before it
        "Su-Th 10:00-14:00,16:00-01:00, Dec 31 12:00-16:00,19:00-01:00; Mo[1] 20:00-02:00",
    ],
)
def test_late_nights_next_to_dated_rules_are_never_cut_silently(value):
    message = refusal(value)
    assert "after midnight" in message
    if "did you mean" in message:
        read(suggested(message))


def test_a_suggestion_never_moves_a_rule_in_front_of_one_that_overrode_it():
    # Thanksgiving is Nov Th[4] and a public holiday: "PH off", the last rule, closes it; a
    # suggestion with the weekly rules (PH off among them) written before "Nov Th[4] ..." would
    # open it. No such suggestion is made, and none offered is itself refused.
    value = "Su 20:00-04:00; Nov Th[4] 17:00-24:00; Mo-Sa 17:00-02:00; PH off"
    message = refusal(value)
    if "did you mean" in message:
        assert read(suggested(message)).day(date(2026, 11, 26)) == ()
    for value in (
        "Mo-Sa 17:00-02:00; Fr-Sa 20:00-04:00; Dec 24 20:00-02:00",
        "Tu-Sa 10:00-14:00,16:00-01:00; Fr-Sa 18:00-26:00; Jan-Mar Sa 17:00-24:00; Jun-Aug Fr-Sa 18:00-03:00",
    ):
        message = refusal(value)
        if "did you mean" in message:
            read(suggested(message))


@pytest.mark.parametrize(
    "value, meant, christmas",
    [
        ("PH off; Mo-Fr 09:00-17:00", "Mo-Fr 09:00-17:00; PH off", ()),
        ("PH off; Mo-Fr 09:00-17:00; Sa 10:00-14:00", "Mo-Fr 09:00-17:00; Sa 10:00-14:00; PH off", ()),
        ("Dec 25 off; Mo-Su 09:00-17:00", "Mo-Su 09:00-17:00; Dec 25 off", ()),
        ("PH 10:00-14:00; Mo-Fr 09:00-17:00", "Mo-Fr 09:00-17:00; PH 10:00-14:00", ((600, 840),)),
        ("PH,Su off; Mo-Sa 09:00-17:00", "Mo-Sa 09:00-17:00; PH,Su off", ()),
    ],
)
def test_an_exception_written_before_the_rules_that_override_it_is_refused_with_it_last(
    value, meant, christmas
):
    # both readers let the later weekly rule win: Christmas Day would be published open 9 to 5
    message = refusal(value)
    assert suggested(message) == meant
    assert read(meant).day(date(2026, 12, 25)) == christmas


@pytest.mark.parametrize(
    "value, meant",
    [
        ("Mo 09:00-17:00; Mo 18:00-20:00", "Mo 09:00-17:00,18:00-20:00"),
        ("Mo-Fr 09:00-17:00; Mo-Fr 18:00-20:00; PH off", "Mo-Fr 09:00-17:00,18:00-20:00; PH off"),
        ("Fr 20:00-02:00; Fr 10:00-14:00", "Fr 10:00-14:00,20:00-02:00"),
    ],
)
def test_two_rules_for_the_same_days_are_refused_with_one_rule_holding_both(value, meant):
    # both readers keep only the later rule's hours that day: the evening would be lost
    assert suggested(refusal(value)) == meant
    read(meant)


def test_a_rule_that_changes_nothing_is_refused_unless_it_says_what_the_others_say():
    message = refusal("Mo-Fr 09:00-17:00; Mo-Fr 12:00-13:00")  # a lunch break, meant as "off"
    assert "'Mo-Fr 09:00-17:00' changes nothing" in message and "did you mean" not in message
    for harmless in ("Su off; Mo-Sa 09:00-17:00", "Mo-Fr 09:00-17:00; Mo-Fr 09:00-17:00"):
        assert read(harmless).day(date(2026, 11, 22)) == ()  # Sunday closed, as written
    assert read("Jun-Aug 08:00-20:00; Su off").day(date(2027, 6, 6)) == ()  # Sundays off all year


def test_a_dated_late_night_a_later_rule_closes_is_published():
    schedule = read("Mo-Su 17:00-02:00; Dec 31 17:00-04:00; Jan 01 off")
    assert schedule.day(date(2027, 1, 1)) == ()


def test_an_additional_off_rule_closes_the_day_as_both_readers_read_it():
    assert read("Mo-Fr 09:00-17:00, We off").day(date(2026, 12, 2)) == ()
    assert read("Mo-Fr 09:00-17:00, PH off").day(date(2026, 12, 25)) == ()
    assert read("Mo-Fr 20:00-02:00, Sa off").day(date(2026, 12, 5)) == ()


def test_a_weekday_list_is_never_published_as_open_24_hours():
    for value in ("Mo, We 09:00-17:00", "Mo, Tu, We, Th, Fr 09:00-17:00"):
        with pytest.raises(HoursError):
            read(value)
    assert describe(read("Mo,We 09:00-17:00")) == [
        "Monday: 9 a.m. to 5 p.m.",
        "Tuesday: closed",
        "Wednesday: 9 a.m. to 5 p.m.",
        "Thursday to Sunday: closed",
    ]


@pytest.mark.parametrize(
    "value",
    [
        "Mo-Fr 09:00-17:00",
        "Mo-Su 22:00-06:00",
        "Fr-Sa 22:00-02:00; PH off",
        "Mo-Fr 09:00-17:00, Sa 10:00-12:00",
        "Mo-Th 11:00-23:00; Fr,Sa 11:00-02:00; Su 00:00-02:00,11:00-23:00",
        "Mo-Fr 08:00-12:00,13:00-17:00",
        "Mo-Sa 18:00-02:00; Su off",
        "We-Sa 20:00-02:00; PH,Su off",
        "Mo-Fr 09:00-17:00, 2027 Jan 04 10:00-12:00",
        "Mo-Fr 09:00-17:00, We off",
    ],
)
def test_values_both_readers_read_alike_are_published(value):
    assert read(value).source == value


# --- 2. unambiguous spellings, read and written canonically -----------------------------------


@pytest.mark.parametrize(
    "typed, written",
    [
        ("Mo - Fr 09:00-17:00", "Mo-Fr 09:00-17:00"),
        ("Mo-Fr 09:00 - 17:00", "Mo-Fr 09:00-17:00"),
        ("Mo - Fr: 9:00 - 17:00", "Mo-Fr 09:00-17:00"),
        ("Mo-Fr 24/7; Sa-Su 10:00-18:00", "Mo-Fr 00:00-24:00; Sa-Su 10:00-18:00"),
        ("Mo-Fr 09:00-17:00; Sa-Su: closed", "Mo-Fr 09:00-17:00; Sa-Su closed"),
        ("MO-FR 09:00-17:00; SA 10:00-14:00; SU,PH OFF", "Mo-Fr 09:00-17:00; Sa 10:00-14:00; Su,PH off"),
        ("Mo-Fr 09:00-17:00 ; PH off ;", "Mo-Fr 09:00-17:00; PH off"),
        ("Mo\u2013Fr 09:00\u201317:00", "Mo-Fr 09:00-17:00"),
        ("Mo\u2014Fr 09:00\u201417:00", "Mo-Fr 09:00-17:00"),
        ("Mo-Fr: 09:00-17:00", "Mo-Fr 09:00-17:00"),
        ("Mo-Fr: 09:00-17:00; Sa: 10:00-14:00", "Mo-Fr 09:00-17:00; Sa 10:00-14:00"),
        ("MO-FR 09:00-17:00", "Mo-Fr 09:00-17:00"),
        ("mo-fr 09:00-17:00; sa 10:00-14:00; ph OFF", "Mo-Fr 09:00-17:00; Sa 10:00-14:00; PH off"),
        ("Mo-Su 24/7", "24/7"),
        ("Mo-Fr 24/7", "Mo-Fr 00:00-24:00"),
        ("Mo-Fr 08:00-12:00 , 13:00-17:00", "Mo-Fr 08:00-12:00,13:00-17:00"),
        ("Mo ,We 09:00-17:00", "Mo,We 09:00-17:00"),
        ("Dec 24,31 09:00-12:00", "Dec 24,Dec 31 09:00-12:00"),
        ("Dec 24, 31 09:00-12:00", "Dec 24,Dec 31 09:00-12:00"),
        ("week 01,week 03 Mo 10:00-12:00", "week 01,03 Mo 10:00-12:00"),
        ("Mo-Fr 09:00-17:00;PH off", "Mo-Fr 09:00-17:00; PH off"),
        ("Mo-Fr 09:00-17:00; Sa,Su,PH off", "Mo-Fr 09:00-17:00; Sa,Su,PH off"),
        ("Mo-Fr 09:00-17:00; Su,PH off", "Mo-Fr 09:00-17:00; Su,PH off"),
        ("  Mo-Fr   09:00-17:00  ", "Mo-Fr 09:00-17:00"),
        ("Mo-Fr 09:00-17:00;; Sa 10:00-14:00", "Mo-Fr 09:00-17:00; Sa 10:00-14:00"),
        ("2026 Dec 01-Dec 31 Mo-Fr 09:00-17:00", "2026 Dec 01-31 Mo-Fr 09:00-17:00"),
        ("2027 Jan 15-Mar 31 Mo-Fr 09:00-17:00", "2027 Jan 15-2027 Mar 31 Mo-Fr 09:00-17:00"),
        ("Mo-Fr 09:00-17:00; 2026 Dec 24-Jan 02 off", "Mo-Fr 09:00-17:00; 2026 Dec 24-2027 Jan 02 off"),
    ],
)
def test_unambiguous_spellings_are_read_and_kept_canonically(typed, written):
    assert canonical(typed) == written
    schedule = read(typed)
    assert schedule.source == written
    assert read(written).key == schedule.key  # the same hours as the canonical spelling


def test_twenty_four_seven_on_some_days_is_open_all_day_on_those_days():
    schedule = read("Mo-Fr 24/7")
    assert schedule.week_day(0) == ((0, 24 * 60),) and schedule.week_day(5) == ()
    assert describe(read("Mo-Su 24/7"))[0] == "Open 24 hours, 7 days a week"


@pytest.mark.parametrize(
    "value, says, never_says",
    [
        ("Mo-Fr 9-5", "times need minutes", None),
        ("Mo-Fr 9am-5pm", "24-hour", None),
        ("Dec 24-26 closed today", None, "times need minutes"),
        ("week 1-3 sometimes", None, "times need minutes"),
        ("Jan 1-3 maybe", None, "times need minutes"),
        ("Mon-Fri 09:00-17:00", "two letters", "times need minutes"),
        ("Mo-Fr 9h-17h", "with a colon: 09:00-17:00", None),
        ("Mo-Fr 09h00-17h00", "with a colon", "times need minutes"),
        ("Mo-Fr 0900-1700", "not 0900-1700", "times need minutes"),
        ("24 hours", "'24/7'", "times need minutes"),
        ("Mo-Su 24h", "'24/7'", None),
        ("24x7", "'24/7'", None),
        ("by appointment", "'by appointment' is not hours", "times need minutes"),
        ("Mo-Fr 09:00-17:00 by appointment", "leave the hours empty", None),
        ("N/A", "'N/A' is not hours", None),
        ("-", "'-' is not hours", "times need minutes"),
        ("Mo-Fr 09:00-12:00 13:00-17:00", "with a comma: 09:00-12:00,13:00-17:00", "time alone"),
        ("Mo-Fr 09:00", "a time alone", "times need minutes"),
        ("Mo-Fr 09:00-17:00; Sa 10:00", "a time alone", None),
        ("Mo-Fr 09:00-17:00 Sa 10:00-14:00", "separate the rules with ';'", "time alone"),
        ("Mo-Fr 09:00-17:00 & Sa 10:00-14:00", "separate the rules with ';'", None),
        ("Mo-Fr 09:00-17:00; Su & PH off", "list days with a comma", None),
        ("Mo-Fr 09:00 to 17:00", "write a range with '-'", "time alone"),
        ("Mo-Fr 9:00 AM - 5:00 PM", "24-hour", "time alone"),
        ("Mo-Fr 09:00-17:00; easter -2 days off", "Easter offsets", None),
    ],
)
def test_messages_match_the_value(value, says, never_says):
    message = refusal(value)
    if says:
        assert says in message
    if never_says:
        assert never_says not in message


# --- 4. ended and ending rules ------------------------------------------------------------------


def test_a_rule_that_never_opens_in_the_window_is_an_error():
    error, warning = ending(read("2025 Mo-Fr 09:00-17:00"))
    assert error and "this place has no opening hours after 2025" in error and warning is None
    error, _ = ending(read("2020 Jan-Mar Mo-Fr 09:00-17:00"))
    assert "no opening hours after 2020" in error


def test_a_rule_that_never_opens_says_why_in_the_coordinators_terms():
    december = holiday_calendar(date(2026, 12, 7), {"country": "US"})

    def error(value: str) -> str:
        found, warning = ending(parse_hours(value, december))
        assert found and warning is None and value in found
        return found

    # ended this year: the day it ended (the year first, so "after 2026" holds too)
    assert "no opening hours after 2026-11-30" in error("2026 Jan-Nov Mo-Fr 09:00-17:00")
    assert "no opening hours after 2026-11-30" in error("2026 Nov 01-2026 Nov 30 Mo-Fr 09:00-17:00")
    assert "no opening hours after 2025" in error("2019-2025 Mo-Fr 09:00-17:00")
    assert "open only after 2028-01-10" in error("2029 Mo-Fr 09:00-17:00")  # not yet, not ended
    for never in ("Mo-Fr closed", "Jan 01 off", "PH off"):
        assert "never say the place is open" in error(never) and "after 20" not in error(never)
    # still to come within the window: no error
    assert ending(parse_hours("2026 Dec 07-2027 Feb 06 Mo-Fr 09:00-17:00", december)) == (None, None)
    assert (
        "last time on 2027-01-06"
        in ending(parse_hours("2026 Dec 07-2027 Jan 06 Mo-Fr 09:00-17:00", december))[1]
    )
    assert ending(parse_hours("Jan 01-Dec 20 Mo-Fr 09:00-17:00", december)) == (None, None)


def test_closed_all_the_time_is_written_as_closed():
    assert read("24/7 closed").source == "closed" and read("24/7 off").source == "off"
    assert ending(read("24/7 closed")) == (None, None)


def test_a_rule_that_stops_within_60_days_is_a_warning():
    error, warning = ending(read("2026 Mo-Fr 09:00-17:00"))
    assert error is None and warning and "opens for the last time on 2026-12-31" in warning
    assert ending(read("2026-2027 Mo-Fr 09:00-17:00")) == (None, None)  # stops months later
    assert ending(read("Mo-Fr 09:00-17:00")) == (None, None)
    assert ending(read("off")) == (None, None)  # written as closed: the site says so


def test_a_rule_that_runs_to_the_end_of_a_short_window_is_not_called_ending():
    short = holiday_calendar(date(2026, 11, 20), {"country": "US"}, days=45)
    assert ending(parse_hours("Mo-Fr 09:00-17:00", short)) == (None, None)
    last = date(2026, 11, 20) + timedelta(days=44)
    assert parse_hours("Mo-Su 09:00-17:00", short).day(last)


# --- 6. no cliff: each distinct value is read once per calendar, however many --------------------


def test_every_distinct_value_is_read_once_per_calendar_beyond_any_cache_size():

    calendar = holiday_calendar(date(2026, 11, 21), {"country": "US"}, days=30)
    values = [f"Mo-Fr 08:{m:02d}-{h}:00" for h in range(12, 24) for m in range(60)] * 1
    values += [f"Sa {h:02d}:{m:02d}-23:00" for h in range(10, 22) for m in range(60)]
    values += [f"Su {h:02d}:{m:02d}-23:30" for h in range(10, 22) for m in range(60)]
    values += [f"We {h:02d}:{m:02d}-23:45" for h in range(10, 22) for m in range(60)]
    values += [f"Th {h:02d}:{m:02d}-23:15" for h in range(10, 22) for m in range(60)]
    values += [f"Tu {h:02d}:{m:02d}-23:10" for h in range(10, 22) for m in range(60)]
    assert len(set(values)) > 4096
    first = [parse_hours(v, calendar) for v in values]
    again = [parse_hours(v, calendar) for v in values]
    assert all(a is b for a, b in zip(first, again))  # the same objects: nothing read twice


# --- 5. real minutes on daylight-saving nights ----------------------------------------------------


def test_closing_words_count_real_minutes_when_the_clocks_change():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from pipeline.hours.status import real_close, status_at

    chicago = ZoneInfo("America/Chicago")
    night = read("Fr-Sa 22:00-02:00")
    late = read("Sa 20:00-02:30")
    # back: 01:30 comes twice; from the first, 02:00 is 90 real minutes away
    assert real_close(datetime(2027, 11, 7, 1, 30), 30, chicago) == (90, datetime(2027, 11, 7, 2, 0))
    assert status_at(night, datetime(2027, 11, 7, 1, 30), tz=chicago).text == "Open until 2 a.m."
    assert status_at(night, datetime(2027, 11, 7, 1, 30, fold=1), tz=chicago).text == "Closes in 30 minutes"
    # forward: 02:30 does not exist; the close comes when the clocks jump to 03:00
    assert real_close(datetime(2027, 3, 14, 1, 45), 45, chicago) == (15, datetime(2027, 3, 14, 3, 0))
    assert status_at(late, datetime(2027, 3, 14, 1, 45), tz=chicago).text == "Closes in 15 minutes"
    assert status_at(late, datetime(2027, 3, 14, 1, 0), tz=chicago).text == "Open until 3 a.m."
    assert status_at(late, datetime(2027, 3, 14, 1, 0), "es", tz=chicago).text == "Abierto hasta las 3:00"
    # an ordinary night: the same as wall-clock minutes
    assert status_at(late, datetime(2027, 3, 21, 2, 10), tz=chicago).text == "Closes in 20 minutes"
    assert status_at(late, datetime(2027, 3, 20, 23, 0), tz=chicago).text == "Open until 2:30 a.m."
