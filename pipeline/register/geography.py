"""Where things are: the jurisdiction boundary and distances.

The boundary decides who may be published (a place outside the city limits is a data error, not
a map pin), so it is loaded once from the GeoJSON file named in ``pelicanconf.py`` and tested with
shapely's prepared geometry.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely import contains_xy, prepare
from shapely.geometry import shape
from shapely.ops import unary_union

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Boundary:
    """A jurisdiction's limits (any polygon geometry, holes allowed)."""

    name: str
    geometry: Any  # a shapely geometry

    @classmethod
    def load(cls, path: str | Path) -> Boundary:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = data["features"] if data.get("type") == "FeatureCollection" else [data]
        geometry = unary_union([shape(f["geometry"]) for f in features])
        prepare(geometry)
        name = (features[0].get("properties") or {}).get("name") or "the jurisdiction"
        return cls(name=name, geometry=geometry)

    def contains(self, lat: float, lon: float) -> bool:
        return bool(contains_xy(self.geometry, lon, lat))

    def contains_points(self, lats: list[float], lons: list[float]) -> list[bool]:
        """``contains`` for many points in one call (no Point objects: 30,000 rows add up)."""
        if not lats:
            return []
        return contains_xy(self.geometry, lons, lats).tolist()

    @property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((south, west), (north, east)), the order Leaflet's fitBounds takes."""
        west, south, east, north = self.geometry.bounds
        return (south, west), (north, east)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance; plenty for 'which Safe Place is nearest'."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def zip_centroids(boundary: Boundary, state: str, city: str | None = None) -> dict[str, tuple[float, float]]:
    """ZIP code centres for the jurisdiction, from the ``zipcodes`` package, at build time.

    A ZIP is the jurisdiction's when its centre lies inside the boundary or its postal city is
    the jurisdiction's city; only those are shipped to the page, so a visitor's ZIP never leaves
    the device to be looked up.
    """
    import zipcodes

    centres = {}
    for record in zipcodes.filter_by(state=state):
        if not record.get("active") or not record.get("lat") or not record.get("long"):
            continue
        lat, lon = float(record["lat"]), float(record["long"])
        if boundary.contains(lat, lon) or (city and record["city"].casefold() == city.casefold()):
            centres[record["zip_code"]] = (round(lat, 4), round(lon, 4))
    return dict(sorted(centres.items()))


def outside_zip_centres(
    inside: dict[str, tuple[float, float]], centre: tuple[float, float], near_km: float = 100.0
) -> dict[str, dict[str, list[float]]]:
    """Where a ZIP code outside the jurisdiction is, for the find page to sort by its centre.

    ``near``: every US ZIP code within ``near_km`` of the jurisdiction's ``centre`` that is not
    one of its own (``inside``), exactly; ``prefix``: for any other US ZIP code, the mean centre
    of the ZIP codes sharing its first three digits (a postal area, near enough for a visitor
    so far away). The page fetches this only when a ZIP code is not the jurisdiction's, so its
    weight never falls on the first visit.
    """
    import zipcodes

    near: dict[str, list[float]] = {}
    areas: dict[str, list[tuple[float, float]]] = {}
    # A place is at least as far as its difference in latitude along a meridian: a code more
    # than that (and a margin) away in latitude alone is not near, without working out the
    # whole distance (most of the country's 42,000 codes).
    beyond = math.degrees(near_km / EARTH_RADIUS_KM) * 1.01
    for record in zipcodes.list_all():
        if not record.get("lat") or not record.get("long"):
            continue
        code, lat, lon = record["zip_code"], float(record["lat"]), float(record["long"])
        areas.setdefault(code[:3], []).append((lat, lon))
        if abs(lat - centre[0]) > beyond or code in inside:
            continue
        if distance_km(lat, lon, *centre) <= near_km:
            near[code] = [round(lat, 3), round(lon, 3)]
    prefix = {
        area: [
            round(sum(p[0] for p in points) / len(points), 2),
            round(sum(p[1] for p in points) / len(points), 2),
        ]
        for area, points in sorted(areas.items())
    }
    return {"near": dict(sorted(near.items())), "prefix": prefix}


def postcode_centres(
    boundary: Boundary, source: str, region: str, city: str | None, key=None
) -> dict[str, tuple[float, float]]:
    """The jurisdiction's postal code centres (POSTCODE_CENTRES): from the US ``zipcodes``
    package for ``region`` (see :func:`zip_centroids`; none without a region), or from the CSV
    ``postcode,lat,lon`` the agency provides (every row: the agency chose them). ``key`` turns a
    code into what it is looked up by (normalised, perhaps cut to its first characters)."""
    if source == "zipcodes":
        return zip_centroids(boundary, region, city) if region else {}
    import csv

    centres: dict[str, tuple[float, float]] = {}
    with open(source, encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                code, lat, lon = row["postcode"].strip(), float(row["lat"]), float(row["lon"])
            except (KeyError, TypeError, ValueError, AttributeError):
                raise ValueError(
                    f"{source}, row {number}: write postcode,lat,lon (a code and two numbers)"
                ) from None
            if code:
                centres[key(code) if key else code] = (round(lat, 4), round(lon, 4))
    return dict(sorted(centres.items()))
