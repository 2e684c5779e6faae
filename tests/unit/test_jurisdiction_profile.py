"""The jurisdiction profile's rules, in-process: postal codes, phones, dates, strings, publishing.

Each country's ways come from settings the test writes (US, Canada, Ireland); none from the
sample agency's ``pelicanconf.py``.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from pipeline.coordinators.publishing import approximate_boundary, sample_leftovers
from pipeline.profile import Profile, ProfileError, date_order, non_emergency_forms, profile_of, region_code
from pipeline.register.values import parse_day
from pipeline.settings import fill_defaults
from pipeline.site import wording

CANADA = Profile(
    country="CA",
    phone_region="CA",
    postcode_pattern=r"[A-Z]\d[A-Z] \d[A-Z]\d",
    postcode_space_after=3,
    postcode_name="postal code",
    postcode_example="K1P 1J1",
    centre_prefix=3,
    unit="km",
    date_order="iso",
)
IRELAND = Profile(
    country="IE",
    phone_region="IE",
    postcode_pattern=r"[A-Z0-9]{3} [A-Z0-9]{4}",
    postcode_space_after=3,
    postcode_name="Eircode",
    postcode_example="D02 XE81",
    has_region=False,
    unit="km",
    date_order="day-first",
)


def test_postal_codes_are_normalised_then_matched():
    assert CANADA.normal_postcode(" k1p1j1 ") == "K1P 1J1" and CANADA.postcode_ok("k1p 1j1")
    assert CANADA.centre_key("K1P1J1") == "K1P" and not CANADA.postcode_ok("K1P 1J")
    assert IRELAND.normal_postcode("d02xe81") == "D02 XE81" and IRELAND.postcode_ok("D02 XE81")
    us = Profile()
    assert (
        us.normal_postcode("64111") == "64111"
        and us.postcode_ok("64111")
        and us.centre_key("64111") == "64111"
    )
    assert not us.postcode_ok("6411") and not us.postcode_ok("64111-1234")
    assert us.postcode_problem("6411") == "'6411' is not a 5-digit ZIP code"
    assert CANADA.postcode_problem("12345") == "'12345' is not a postal code (like K1P 1J1)"


def test_phones_of_any_country_national_on_the_page_e164_to_dial():
    assert IRELAND.phone_forms("01 555 0101") == ("(01) 555 0101", "+35315550101")
    assert IRELAND.phone_forms("+353 1 555 0101") == ("(01) 555 0101", "+35315550101")
    assert CANADA.phone_forms("613-555-0150")[1] == "+16135550150"
    assert Profile().phone_forms("(816) 234-5111") == ("(816) 234-5111", "+18162345111")
    # a number of another country, written with +: valid, shown in international form
    assert Profile().phone_forms("+353 1 555 0101") == ("+353 1 555 0101", "+35315550101")
    assert IRELAND.phone_forms("555-0101") is None and Profile().phone_forms("555-0101") is None
    assert "North American" in Profile().phone_problem("1") and "IE" in IRELAND.phone_problem("1")


def test_slashed_dates_are_read_as_the_agency_says_or_refused():
    assert parse_day("10/03/2026", "day-first") == date(2026, 3, 10)
    assert parse_day("10/03/2026", "month-first") == date(2026, 10, 3)
    assert parse_day("2026-03-10", "iso") == date(2026, 3, 10)
    with pytest.raises(ValueError, match="day first or month first"):
        parse_day("10/03/2026", "iso")
    with pytest.raises(ValueError, match="no month 13"):
        parse_day("3/13/2026", "day-first")
    assert date_order({"COUNTRY": "US"}) == "month-first" and date_order({"COUNTRY": "IE"}) == "iso"
    assert date_order({"COUNTRY": "IE", "DATE_ORDER": "day-first"}) == "day-first"
    with pytest.raises(ProfileError):
        date_order({"DATE_ORDER": "whenever"})


def settings(**values) -> dict:
    base = {
        "AGENCY_NAME": "Liffey City Police Service",
        "AGENCY_SHORT": "LCPS",
        "JURISDICTION": "Dublin, Ireland",
        "EMERGENCY_NUMBER": "112",
        "NON_EMERGENCY_PHONE": "01 666 0000",
        "DEFAULT_LANG": "en",
        **values,
    }
    fill_defaults(base)
    return base


def test_the_profile_from_settings_and_the_old_name_of_region():
    assert region_code(settings(JURISDICTION_STATE="mo")) == "MO"
    assert region_code(settings(REGION="ON", JURISDICTION_STATE="MO")) == "ON"
    profile = profile_of(settings(COUNTRY="ie", PHONE_REGION="IE", DISTANCE_UNIT="km"))
    assert (profile.country, profile.date_order, profile.unit) == ("IE", "iso", "km")
    assert abs(profile.from_km(1.609344 * 2) - 2 * 1.609344) < 1e-9
    with pytest.raises(ProfileError):
        profile_of(settings(DISTANCE_UNIT="furlongs"))
    assert non_emergency_forms(settings(PHONE_REGION="IE")) == ("(01) 666 0000", "+35316660000")
    with pytest.raises(ProfileError, match="not NON_EMERGENCY_PHONE"):
        non_emergency_forms(settings(PHONE_REGION="IE", NON_EMERGENCY_E164="+35315550000"))


def test_strings_name_the_agency_from_settings_and_its_own_words_win(tmp_path):
    theme = {
        "call_911": "Call {emergency}",
        "find_danger": "If you are in danger, call {emergency}{emergency_also} first.",
        "js_zip_invalid": "Enter a {postcode_kind}, for example {postcode_example}.",
        "js_distance": "{d} {unit}",
        "js_near_zip": ", nearest first from {postcode_short} {zip}",
        "unit_km": "km",
        "emergency_also": " (or {numbers})",
        "postcode_digits": "{n}-digit {name}",
        "apply": {"state": "{Region_name}", "errors": {"zip": "Enter a {postcode_name}."}},
    }
    own = tmp_path / "en.json"
    own.write_text(json.dumps({"apply": {"errors": {"zip": "Enter an {postcode_name}."}}}), encoding="utf-8")
    site = settings(
        EMERGENCY_OTHER_NUMBERS=("999",),
        POSTCODE_NAME={"en": "Eircode"},
        POSTCODE_PATTERN=r"[A-Z0-9]{3} [A-Z0-9]{4}",
        POSTCODE_EXAMPLE="D02 XE81",
        DISTANCE_UNIT="km",
        STRINGS_FILES=(str(own),),
        SAFEPLACE_STRINGS={"en": {"apply.state": "County"}},
    )
    words = wording.agency_strings(theme, "en", site)
    assert words["call_911"] == "Call 112"
    assert words["find_danger"] == "If you are in danger, call 112 (or 999) first."
    assert words["js_zip_invalid"] == "Enter a Eircode, for example D02 XE81."
    assert words["js_distance"] == "{d} km" and words["js_near_zip"] == ", nearest first from Eircode {zip}"
    assert words["apply"] == {"state": "County", "errors": {"zip": "Enter an Eircode."}}
    us = wording.agency_strings(theme, "en", settings(EMERGENCY_NUMBER="911", REGION_NAME={"en": "state"}))
    assert (
        us["js_zip_invalid"] == "Enter a 5-digit ZIP code, for example 64111."
        and us["apply"]["state"] == "State"
    )
    assert us["js_near_zip"] == ", nearest first from ZIP {zip}"
    with pytest.raises(ProfileError, match="braces"):
        wording.agency_strings(theme, "en", settings(AGENCY_SHORT="{x}"))
    # a call button can never say another number than it dials
    with pytest.raises(ProfileError, match="call_911 .* dials 112"):
        wording.agency_strings(theme, "en", settings(SAFEPLACE_STRINGS={"en": {"call_911": "Call 999"}}))


def test_publishing_refuses_the_approximate_boundary_and_the_sample_agencys_names(tmp_path):
    boundary = tmp_path / "limits.geojson"
    feature = {"type": "Feature", "properties": {"approximate": True}, "geometry": None}
    boundary.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    assert "approximate" in approximate_boundary(settings(SAFEPLACE_BOUNDARY=str(boundary)))[0]
    feature["properties"] = {"approximate": False}
    boundary.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    assert approximate_boundary(settings(SAFEPLACE_BOUNDARY=str(boundary))) == []

    pages = tmp_path / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "about.md").write_text("Title: About\n\nRun by the KCPD since 2017.\n", encoding="utf-8")
    names = ("Sample City Police", "KCPD", "(555) 010-0000")
    found = sample_leftovers(
        settings(
            PATH=str(tmp_path / "content"), SAMPLE_AGENCY_NAMES=names, SITENAME="Safe Place (555) 010-0000"
        )
    )
    assert found == [
        "SITENAME still names the sample agency ('(555) 010-0000'): put your own in",
        f"{pages / 'about.md'}:3: still names the sample agency ('KCPD'): rewrite it",
    ]
    # the sample agency itself may name itself
    assert (
        sample_leftovers(
            settings(AGENCY_NAME=names[0], PATH=str(tmp_path / "content"), SAMPLE_AGENCY_NAMES=names)
        )
        == []
    )


def test_intake_and_import_read_the_jurisdictions_way():
    from pipeline.coordinators.intake import check_application, outside, to_register_row
    from pipeline.register.workbook import canonical
    from support import application

    ottawa = application(city="Ottawa", state="ON", zip="k1p1j1", phone="613-555-0150")
    assert check_application(ottawa, "apps.csv", 2, CANADA) == []
    assert [p.column for p in check_application(ottawa, "apps.csv", 2)] == ["zip"]  # not a US ZIP code
    assert outside(ottawa, "ON", ("Ottawa",), {"K1P": (45.42, -75.70)}, CANADA) is None
    away = outside({**ottawa, "zip": "M5V 2T6"}, "ON", ("Ottawa",), {"K1P": (45.42, -75.70)}, CANADA)
    assert away == ("Ottawa", "postal code M5V 2T6 is not one of the jurisdiction's")
    row = to_register_row(ottawa, "NEW-2", date(2026, 3, 1), "Ottawa", "ON", CANADA)
    assert (row["zip"], row["state"], row["contact_phone"]) == ("K1P 1J1", "ON", "(613) 555-0150")
    dublin = application(city="Dublin", state="", zip="d02xe81", phone="+353 1 555 0177")
    assert check_application(dublin, "apps.csv", 2, IRELAND) == []
    row = to_register_row(dublin, "NEW-3", date(2026, 3, 1), "Dublin", "", IRELAND)
    assert (row["zip"], row["state"], row["contact_phone"]) == ("D02 XE81", "", "(01) 555 0177")
    cells = [["id", "applied_on"], ["SP-1", "10/03/2026"]]
    assert canonical(cells, "day-first")[1] == [["SP-1", "2026-03-10"]]
    assert canonical(cells, "month-first")[1] == [["SP-1", "2026-10-03"]]
    assert canonical(cells, "iso")[1] == [["SP-1", "10/03/2026"]]  # left as typed: the check names it


def test_public_holidays_are_the_countrys_unless_the_agency_names_another():
    from pipeline.hours.calendar import calendar_for

    dublin = {
        "COUNTRY": "IE",
        "TIMEZONE": "Europe/Dublin",
        "HOURS_AS_OF": "2026-03-01",
        "HOURS_WINDOW_DAYS": 30,
    }
    assert date(2026, 3, 17) in {day for day, _ in calendar_for(dublin).holidays}  # St Patrick's Day
    named = {**dublin, "PUBLIC_HOLIDAYS": {"country": "US"}}
    assert date(2026, 3, 17) not in {day for day, _ in calendar_for(named).holidays}


def test_an_address_as_the_jurisdiction_writes_it():
    from pipeline.profile import full_address

    assert (
        full_address(settings(), "1 Main St", "Springfield", "MO", "65801")
        == "1 Main St, Springfield, MO 65801"
    )
    irish = settings(ADDRESS_HAS_REGION=False)
    assert (
        full_address(irish, "12 Quay Street", "Dublin", "ignored", "D02 XE81")
        == "12 Quay Street, Dublin D02 XE81"
    )
    ottawa = settings(ADDRESS_FORMAT="{address}, {city} {region} {postcode}")
    # the register's values as typed, whatever they hold
    assert (
        full_address(settings(), "9 Elm St ,", " Springfield", "MO", "65801")
        == "9 Elm St ,,  Springfield, MO 65801"
    )
    assert (
        full_address(ottawa, "111 Wellington St", "Ottawa", "ON", "K1A 0A9")
        == "111 Wellington St, Ottawa ON K1A 0A9"
    )
