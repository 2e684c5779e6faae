"""Holidays and closing time on the find page (issue 23, items 2 and 3), the Python side: what a
place says on a public holiday its hours say nothing about, the holiday's name in each language,
the rank that orders the list, what places.json publishes for the page, and what coordinators
are told. The page's JavaScript is held to the same answers by tests/unit/test_find_js.py."""

from __future__ import annotations

import json
from datetime import date, datetime

from pipeline.coordinators.github import summary
from pipeline.find.exports import PlacesFile
from pipeline.find.nearest import ranked
from pipeline.hours.calendar import holiday_calendar, holiday_names
from pipeline.hours.schedule import parse_hours
from pipeline.hours.status import (
    CLOSED,
    CLOSING_SOON,
    HOLIDAY_UNSURE,
    OPEN,
    holiday_unsure,
    rank_at,
    says_holidays,
    status_at,
)
from pipeline.hours.words import words_for
from pipeline.register.model import Participant

CALENDAR = holiday_calendar(date(2026, 11, 20), {"country": "US", "subdiv": "MO"})
THANKSGIVING_NOON = datetime(2026, 11, 26, 12, 0)
TUESDAY = date(2026, 11, 24)


def hours(rule: str):
    return parse_hours(rule, CALENDAR)


def test_on_a_holiday_hours_that_say_nothing_about_it_may_differ_call_first():
    silent = hours("Mo-Fr 09:00-17:00")
    status = status_at(silent, THANKSGIVING_NOON)
    assert status.open and not status.closing_soon
    assert status.text == "Holiday today: hours may differ — call first (usual hours: Open until 5 p.m.)"
    spanish = status_at(silent, THANKSGIVING_NOON, "es").text
    assert spanish.startswith("Festivo hoy: el horario puede cambiar — llame antes")
    assert "Abierto hasta las 17:00" in spanish
    # the day before is no holiday: the usual words
    assert status_at(silent, datetime(2026, 11, 25, 12)).text == "Open until 5 p.m."


def test_hours_that_say_what_happens_on_holidays_are_believed():
    for rule in ("Mo-Fr 09:00-17:00; PH off", "Mo-Fr 08:00-22:00; PH 10:00-14:00", "24/7"):
        schedule = hours(rule)
        assert says_holidays(schedule), rule
        assert not holiday_unsure(schedule, THANKSGIVING_NOON.date()), rule
        assert "may differ" not in status_at(schedule, THANKSGIVING_NOON).text, rule
    assert status_at(hours("Mo-Fr 09:00-17:00; PH off"), THANKSGIVING_NOON).text.startswith("Closed today")
    assert not says_holidays(None) and not holiday_unsure(None, THANKSGIVING_NOON.date())
    # a 24/7 place with one dated exception says nothing about the other holidays
    assert not says_holidays(hours("Mo-Su 00:00-24:00; Dec 25 off"))


def test_ranks_open_for_half_an_hour_then_unsure_holiday_then_closing_soon_then_closed():
    office = hours("Mo-Fr 09:00-17:00")
    late = hours("Mo-Su 08:00-22:00; PH 08:00-22:00")
    assert rank_at(late, THANKSGIVING_NOON) == OPEN
    assert rank_at(office, THANKSGIVING_NOON) == HOLIDAY_UNSURE
    assert rank_at(office, datetime.combine(TUESDAY, datetime.min.time()).replace(hour=16, minute=45)) == (
        CLOSING_SOON
    )
    assert rank_at(office, datetime(2026, 11, 24, 16, 29)) == OPEN  # 31 minutes left
    assert rank_at(office, datetime(2026, 11, 24, 16, 30)) == CLOSING_SOON  # 30 minutes left
    assert rank_at(office, datetime(2026, 11, 24, 21, 52)) == CLOSED
    assert rank_at(late, datetime(2026, 11, 24, 21, 52)) == CLOSING_SOON
    assert rank_at(hours("24/7"), datetime(2026, 11, 24, 21, 52)) == OPEN
    assert rank_at(None, THANKSGIVING_NOON) == CLOSED


def test_the_order_by_rank_then_distance_and_open_now_only_keeps_places_closing_soon():
    ranks = [CLOSING_SOON, OPEN, CLOSED, HOLIDAY_UNSURE, OPEN]
    miles = [0.1, 2.0, 0.05, 0.3, 1.0]
    assert ranked(ranks, miles) == [4, 1, 3, 0, 2]
    assert ranked(ranks, miles, open_only=True) == [4, 1, 3, 0]
    assert ranked(ranks, open_only=True) == [1, 4, 3, 0]
    assert ranked(ranks) == [0, 1, 2, 3, 4]  # by name: the register's order


def test_holiday_names_in_each_language():
    english = holiday_names(CALENDAR, "en", words_for("en"))
    assert english[0] == "Thanksgiving Day" and CALENDAR.holiday_on(THANKSGIVING_NOON.date()) == english[0]
    spanish = dict(zip((d for d, _ in CALENDAR.holidays), holiday_names(CALENDAR, "es", words_for("es"))))
    assert spanish[date(2026, 11, 26)] == "Día de Acción de Gracias"
    assert spanish[date(2026, 12, 25)] == "Navidad"
    assert spanish[date(2027, 7, 5)] == "Día de la Independencia (observado)"
    assert spanish[date(2027, 5, 8)] == "Día de Truman"  # the state's own (subdiv MO)
    # a name the words do not know stays in English; a theme's words may add it
    extra = holiday_calendar(date(2026, 11, 20), {"country": "US", "extra": {"12-01": "Founders' Day"}})
    assert "Founders' Day" in holiday_names(extra, "es", words_for("es"))
    assert "Día de la Fundación" in holiday_names(
        extra, "es", words_for({**words_for("es"), "holiday_names": {"Founders' Day": "Día de la Fundación"}})
    )
    # where the holidays package has the language itself, its names are used
    mexico = holiday_calendar(date(2026, 11, 20), {"country": "MX"})
    assert "Navidad" in holiday_names(mexico, "es", words_for("es"))


def test_places_json_publishes_the_holidays_their_names_and_which_hours_say_what_holidays_do():
    rules = ["Mo-Fr 09:00-17:00", "Mo-Fr 09:00-17:00; PH off", "24/7"]
    participants = [
        Participant(
            id=f"SP-{n}",
            name=f"Place {n}",
            category="Shop",
            address="1 Main St",
            city="Town",
            state="MO",
            zip="64105",
            phone="(816) 555-0100",
            phone_e164="+18165550100",
            lat=39.1,
            lon=-94.5,
            hours=hours(rule),
            website="",
            status="approved",
        )
        for n, rule in enumerate(rules)
    ]
    places = PlacesFile(participants, ["Shop"], {}, CALENDAR)
    names = holiday_names(CALENDAR, "es", words_for("es"))
    data = json.loads(places.text(words=lambda s: [], holiday_names=names))
    assert data["calendar"]["holidays"][0] == CALENDAR.offset(date(2026, 11, 26))
    assert data["holiday_names"][0] == "Día de Acción de Gracias"
    assert len(data["holiday_names"]) == len(data["calendar"]["holidays"])
    by_rule = {rules[n]: data["holiday_known"][row[9]] for n, row in enumerate(data["places"])}
    assert by_rule == {"Mo-Fr 09:00-17:00": 0, "Mo-Fr 09:00-17:00; PH off": 1, "24/7": 1}
    english = json.loads(places.text(words=lambda s: []))
    assert english["holiday_names"][0] == "Thanksgiving Day"


def test_the_pull_request_summary_counts_hours_without_a_holiday_rule():
    text = summary("data/participants.csv", [], {"approved": 40}, 40, no_holiday_rule=39)
    assert "39 of 40 published place(s) have hours with no public holiday rule (PH)" in text
    assert "PH" not in summary("data/participants.csv", [], {"approved": 40}, 40, no_holiday_rule=0)
