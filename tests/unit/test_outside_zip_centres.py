"""Where a ZIP code outside the jurisdiction is (``find/zips.json``): ``near`` holds exactly
the US codes within the distance of the centre, measured one by one, whatever the centre; the
latitude shortcut (a code too far north or south is not measured) never drops one."""

from __future__ import annotations

import pytest
import zipcodes

from pipeline.register.geography import distance_km, outside_zip_centres


@pytest.mark.parametrize(
    "centre", [(39.0997, -94.5786), (47.61, -122.33), (25.77, -80.19), (64.84, -147.72), (21.31, -157.86)]
)
@pytest.mark.parametrize("near_km", [1.0, 37.5, 100.0, 800.0])
def test_near_holds_every_code_within_the_distance_and_no_other(centre, near_km):
    inside = {"64106": (39.1, -94.58)}
    expected = {}
    for record in zipcodes.list_all():
        if not record.get("lat") or not record.get("long") or record["zip_code"] in inside:
            continue
        lat, lon = float(record["lat"]), float(record["long"])
        if distance_km(lat, lon, *centre) <= near_km:
            expected[record["zip_code"]] = [round(lat, 3), round(lon, 3)]
    found = outside_zip_centres(inside, centre, near_km)
    assert found["near"] == dict(sorted(expected.items()))
    assert "64106" not in found["near"]
    assert found["prefix"]["641"]  # every postal area has its mean centre
