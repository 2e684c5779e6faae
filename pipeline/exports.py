"""Public data files: what the site publishes about participants, and nothing more.

Every export is built from :class:`pipeline.register.Participant` (public columns only), written
deterministically (same register -> same bytes) and escaped for the context it lands in.
"""

from __future__ import annotations

import csv
import io
import json

from pipeline.register import FORMULA_PREFIXES, PUBLIC_COLUMNS, Participant

_NUMERIC = {"lat", "lon", "zip"}


def to_geojson(participants: list[Participant]) -> str:
    """A FeatureCollection, one Point feature per participant, public columns as properties."""
    features = []
    for p in participants:
        properties = {k: v for k, v in p.public_row().items() if k not in ("lat", "lon")}
        properties["phone_e164"] = p.phone_e164
        features.append({
            "type": "Feature",
            "id": p.id,
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": properties,
        })
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    return text.replace('},{"type":"Feature"', '},\n{"type":"Feature"') + "\n"  # a line each


def neutralise_formula(value: str) -> str:
    """OWASP CSV-injection defence: a text cell a spreadsheet would run as a formula gets a quote.

    Numbers (``-94.58``) stay numbers, so the export still opens as data.
    """
    if value.startswith(FORMULA_PREFIXES):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def to_csv(participants: list[Participant]) -> str:
    """The public columns as CSV (RFC 4180 quoting, formula cells neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PUBLIC_COLUMNS)
    for p in participants:
        row = p.public_row()
        writer.writerow([neutralise_formula(row[c]) if c not in _NUMERIC else row[c]
                         for c in PUBLIC_COLUMNS])
    return buffer.getvalue()


def to_places_json(participants: list[Participant], categories: list[str], *,
                   words, zips: dict[str, tuple[float, float]] | None = None,
                   labels: list[str] | None = None) -> str:
    """The compact data the find page's scripts use, shipped once for the list and the map.

    Repeated values are stored once and referenced by index (categories, cities, weekly
    schedules with their words), so what each extra participant costs a visitor is about one
    short row. ``words(schedule)`` gives a schedule's week in words for the page's language, and
    ``labels`` the categories' names in that language (default: as in the register).
    """
    category_index = {c: i for i, c in enumerate(categories)}
    cities: dict[str, int] = {}
    schedules: dict[tuple, int] = {}
    rows = []
    for p in participants:
        city = cities.setdefault(f"{p.city}, {p.state}", len(cities))
        schedule = schedules.setdefault(p.hours.intervals, len(schedules))
        rows.append([p.id, p.name, category_index[p.category], p.address, city, p.zip,
                     p.phone_e164, round(p.lat, 5), round(p.lon, 5), schedule, p.website])
    by_index = sorted(schedules, key=schedules.get)
    payload = {
        "fields": ["id", "name", "category", "address", "city", "zip", "tel", "lat", "lon",
                   "schedule", "website"],
        "categories": labels or categories,
        "cities": sorted(cities, key=cities.get),
        "schedules": [[list(i) for i in intervals] for intervals in by_index],
        "words": [words(intervals) for intervals in by_index],
        "places": rows,
        "zips": {z: list(c) for z, c in (zips or {}).items()},
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def json_for_html(value) -> str:
    """JSON safe inside an HTML ``<script type="application/json">`` block (no ``</script>``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
