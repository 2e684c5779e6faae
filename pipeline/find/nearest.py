"""The places nearest a point, worked out at build time for the pages that need no JavaScript.

Without JavaScript the find page cannot sort by a visitor's position, so the build writes one
small page per postal code of the jurisdiction (``/find/zip/<code>/``), listing the places
nearest that code's centre. Distances are great-circle distances, as the page's own script
computes them (:func:`pipeline.register.geography.distance_km`), on arrays so that a
30,000-place register costs milliseconds per code.
"""

from __future__ import annotations

import numpy as np

from pipeline.register.geography import EARTH_RADIUS_KM

KM_PER_MILE = 1.609344


class Nearest:
    """Distances from any point to every place of a register, nearest first."""

    def __init__(self, lats: list[float], lons: list[float]):
        self._lat = np.radians(np.asarray(lats, dtype=float))
        self._lon = np.radians(np.asarray(lons, dtype=float))

    def km_from(self, lat: float, lon: float) -> np.ndarray:
        """The haversine distance in km from (lat, lon) to each place, in register order."""
        lat0, lon0 = np.radians(lat), np.radians(lon)
        a = (
            np.sin((self._lat - lat0) / 2) ** 2
            + np.cos(lat0) * np.cos(self._lat) * np.sin((self._lon - lon0) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))

    def first(self, lat: float, lon: float, count: int) -> list[tuple[int, float]]:
        """The ``count`` nearest places as (index, km), nearest first; ties keep register order."""
        km = self.km_from(lat, lon)
        count = min(count, len(km))
        if count <= 0:  # no places, or none asked for
            return []
        # Only the places no farther than the count-th nearest can be among the first (ties at
        # that distance included): sorted alone, they give the same order as the whole sorted.
        limit = np.partition(km, count - 1)[count - 1]
        near = np.flatnonzero(km <= limit)
        order = near[np.lexsort((near, km[near]))][:count]
        return [(int(i), float(km[i])) for i in order]


def ranked(ranks: list[int], miles: list[float] | None = None, *, open_only: bool = False) -> list[int]:
    """The find page's order (``matching`` in ``theme/static/js/find/order.js``), as indexes
    into the places: by rank (:func:`pipeline.hours.status.rank_of`: open for the next half
    hour, open on a holiday the hours say nothing about, closing soon, closed), then nearest
    first when ``miles`` are given, then the register's order. Without distances and without
    ``open_only`` the register's order alone; ``open_only`` keeps the open places, those
    closing soon included (ranked after). The golden file of ``tests/unit/test_find_js.py``
    holds the two to the same order."""
    from pipeline.hours.status import CLOSED

    kept = [i for i, rank in enumerate(ranks) if not open_only or rank < CLOSED]
    if miles is not None:
        return sorted(kept, key=lambda i: (ranks[i], miles[i], i))
    if open_only:
        return sorted(kept, key=lambda i: (ranks[i], i))
    return kept
