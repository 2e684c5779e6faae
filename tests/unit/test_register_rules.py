"""One reading of the register's rules from the settings, for the build and every command.

The settings, the boundary and the register are made here (a square jurisdiction in a made-up
state), never the agency's.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.cli import commands
from pipeline.register.checks import load_register
from pipeline.register.model import COLUMNS
from pipeline.register.problems import RegisterError
from pipeline.register.rules import jurisdiction_city, rules_from_settings
from pipeline.settings import MissingSetting

ROW = {
    "id": "T-1",
    "name": "Corner Books",
    "category": "Shop",
    "address": "1 Main St",
    "city": "Squareville",
    "state": "ZZ",
    "zip": "00001",
    "lat": "10.5",
    "lon": "20.5",
    "phone": "(212) 555-0150",
    "hours": "Mo-Sa 09:00-18:00",
    "website": "https://example.org/",
    "status": "approved",
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "notes": "",
    "applied_on": "2026-01-05",
    "approved_on": "2026-02-01",
    "trained_on": "2026-02-10",
}


@pytest.fixture
def site_settings(tmp_path: Path) -> dict:
    boundary = tmp_path / "square.geojson"
    boundary.write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {"name": "Squareville"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[20, 10], [21, 10], [21, 11], [20, 11], [20, 10]]],
                },
            }
        ),
        encoding="utf-8",
    )
    return {
        "SAFEPLACE_BOUNDARY": str(boundary),
        "SAFEPLACE_CATEGORIES": ["Shop", "Library"],
        "JURISDICTION": "Squareville, Zedland",
        "JURISDICTION_STATE": "ZZ",
        "SAFEPLACE_CONFIRMED_HOSTS": ["café.example"],
        "TIMEZONE": "UTC",
        "HOURS_AS_OF": "2026-06-01",
    }


def register(tmp_path: Path, **changes) -> Path:
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerow({**ROW, **changes})
    return path


def refusals(path: Path, rules: dict) -> list[str]:
    try:
        load_register(path, **rules)
    except RegisterError as exc:
        return [f"{p.column}: {p.message}" for p in exc.problems if not p.warning]
    return []


def test_the_settings_rules_accept_a_good_row(tmp_path, site_settings):
    assert refusals(register(tmp_path), rules_from_settings(site_settings)) == []


@pytest.mark.parametrize(
    "change, column",
    [
        ({"lat": "12.5"}, "lat"),  # outside the boundary
        ({"category": "Bakery"}, "category"),  # not one of the settings' categories
        ({"state": "QQ"}, "state"),  # not the jurisdiction's state
        ({"website": "https://caf\u00e9-other.example/"}, "website"),  # not a confirmed host
    ],
)
def test_each_rule_comes_from_the_settings(tmp_path, site_settings, change, column):
    found = refusals(register(tmp_path, **change), rules_from_settings(site_settings))
    assert [line.split(":")[0] for line in found] == [column]


def test_a_confirmed_host_is_accepted(tmp_path, site_settings):
    path = register(tmp_path, website="https://caf\u00e9.example/")
    assert refusals(path, rules_from_settings(site_settings)) == []


def test_without_a_state_neither_the_state_nor_zip_codes_are_checked(tmp_path, site_settings):
    del site_settings["JURISDICTION_STATE"]
    rules = rules_from_settings(site_settings)
    assert rules["state"] is None and rules["zip_codes"] is None
    assert refusals(register(tmp_path, state="QQ"), rules) == []


def test_the_build_passes_its_own_boundary_and_zip_codes(site_settings):
    sentinel = {"00001": (10.5, 20.5)}
    rules = rules_from_settings(site_settings, zip_codes=lambda: sentinel)
    assert rules["zip_codes"]() is sentinel
    assert rules["categories"] == ("Shop", "Library")
    assert rules["confirmed_hosts"] == ("café.example",)


def test_a_missing_setting_is_named(site_settings):
    del site_settings["SAFEPLACE_CATEGORIES"]
    with pytest.raises(MissingSetting, match="SAFEPLACE_CATEGORIES"):
        rules_from_settings(site_settings)


def test_the_commands_use_the_same_rules(tmp_path, site_settings):
    """``safeplace validate`` and the others refuse what the build refuses."""
    ours, theirs = rules_from_settings(site_settings), commands.rules(site_settings)
    assert {k: v for k, v in theirs.items() if k != "zip_codes"} == {
        k: v for k, v in ours.items() if k != "zip_codes"
    }
    path = register(tmp_path, category="Bakery")
    assert refusals(path, theirs) == refusals(path, ours) != []


def test_the_commands_answer_a_missing_setting_in_one_line(site_settings):
    del site_settings["SAFEPLACE_BOUNDARY"]
    with pytest.raises(commands.Refusal, match="the settings have no SAFEPLACE_BOUNDARY"):
        commands.rules(site_settings)


def test_the_jurisdictions_city_is_before_the_comma():
    assert jurisdiction_city({"JURISDICTION": " Squareville , Zedland"}) == "Squareville"
    assert jurisdiction_city({}) == ""
