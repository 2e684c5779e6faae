"""The nearest places to a point (pipeline/find/nearest.py): the postal code pages list them
without JavaScript. ``first`` sorts only the places that can be among the nearest; it must give
exactly the order of the whole register sorted by distance, ties in register order."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.find.nearest import Nearest

# A handful of spots, so that many places stand at the same distance (ties).
SPOTS = [(39.1, -94.6), (39.2, -94.5), (39.1, -94.6), (38.9, -94.7), (39.0, -94.55)]


def whole_sort(nearest: Nearest, lat: float, lon: float, count: int) -> list[tuple[int, float]]:
    """The definition: every place sorted by distance, then register order."""
    km = nearest.km_from(lat, lon)
    order = sorted(range(len(km)), key=lambda i: (km[i], i))[:count]
    return [(i, float(km[i])) for i in order]


@settings(max_examples=200, deadline=None)
@given(
    places=st.lists(st.sampled_from(SPOTS), max_size=60),
    origin=st.sampled_from(SPOTS),
    count=st.integers(min_value=0, max_value=70),
)
def test_first_is_the_whole_register_sorted(places, origin, count):
    nearest = Nearest([lat for lat, _ in places], [lon for _, lon in places])
    assert nearest.first(*origin, count) == whole_sort(nearest, *origin, count)


def test_ties_at_the_last_place_kept_in_register_order():
    # Ten places at one spot, the origin elsewhere: the three first are the first three rows.
    nearest = Nearest([39.2] * 10, [-94.5] * 10)
    assert [i for i, _ in nearest.first(39.1, -94.6, 3)] == [0, 1, 2]


def test_a_big_register():
    rng = np.random.default_rng(7)
    lats = list(np.round(rng.uniform(38.8, 39.4, 5000), 3))
    lons = list(np.round(rng.uniform(-94.8, -94.3, 5000), 3))
    nearest = Nearest(lats, lons)
    for lat, lon in SPOTS:
        assert nearest.first(lat, lon, 50) == whole_sort(nearest, lat, lon, 50)
