"""A place's address as ADDRESS_FORMAT writes it (issue 21): the server-rendered pages
(pipeline/profile.py full_address) and the find page's script (find/search.js fullAddress, the
same cases in tests/unit/js/search.test.mjs) write the same text."""

from __future__ import annotations

import pytest

from pipeline.profile import address_format, full_address

CASES = [
    (
        "{address}, {city}, {region} {postcode}",
        "1 Main St",
        "Kansas City",
        "MO",
        "64106",
        "1 Main St, Kansas City, MO 64106",
    ),
    (
        "{address}, {city}, {region} {postcode}",
        "3 Quay St",
        "Dublin",
        "",
        "D02 XE81",
        "3 Quay St, Dublin D02 XE81",
    ),
    ("{address}, {postcode} {city}", "Hauptstr. 5", "Berlin", "", "10115", "Hauptstr. 5, 10115 Berlin"),
    (
        "{address}, {city} {region}  {postcode}",
        "9 Rue Rideau",
        "Ottawa",
        "ON",
        "K1N 9C3",
        "9 Rue Rideau, Ottawa ON  K1N 9C3",
    ),
    (
        "{address}, {city}, {region} {postcode}",
        "{city} Lane",
        "A{region}B",
        "",
        "$&1",
        "{city} Lane, A{region}B $&1",
    ),
]


@pytest.mark.parametrize("form, address, city, region, postcode, want", CASES)
def test_full_address_follows_the_format_and_keeps_values_as_typed(
    form, address, city, region, postcode, want
):
    settings = {"ADDRESS_FORMAT": form, "ADDRESS_HAS_REGION": True}
    assert full_address(settings, address, city, region, postcode) == want


def test_a_site_without_regions_gives_the_page_a_format_without_one():
    settings = {"ADDRESS_FORMAT": "{address}, {city}, {region} {postcode}", "ADDRESS_HAS_REGION": False}
    assert address_format(settings) == "{address}, {city} {postcode}"
    assert (
        full_address(settings, "3 Quay St", "Dublin", "CO. DUBLIN", "D02 XE81")
        == "3 Quay St, Dublin D02 XE81"
    )
