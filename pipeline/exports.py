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


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_geojson(participants: list[Participant]) -> str:
    """A FeatureCollection, one Point feature per participant (a line each), public columns as
    properties."""
    features = []
    for p in participants:
        properties = p.public_row()
        del properties["lat"], properties["lon"]  # they are the geometry
        properties["phone_e164"] = p.phone_e164
        features.append(_ENCODER.encode({
            "type": "Feature",
            "id": p.id,
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": properties,
        }))
    return '{"type":"FeatureCollection","features":[' + ",\n".join(features) + "]}\n"


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


class PlacesFile:
    """The compact data the find page's scripts use (``places.json``), shipped once for the list
    and the map.

    Repeated values are stored once and referenced by index (categories, cities, weekly
    schedules with their words), so what each extra participant costs a visitor is about one
    short row. The rows are the same in every language and are encoded once; :meth:`text` adds
    what a language changes: the category names and each week in words.
    """

    FIELDS = ("id", "name", "category", "address", "city", "zip", "tel", "lat", "lon",
              "schedule", "website")

    def __init__(self, participants: list[Participant], categories: list[str],
                 zips: dict[str, tuple[float, float]] | None = None):
        category_index = {c: i for i, c in enumerate(categories)}
        cities: dict[str, int] = {}
        schedules: dict[tuple, int] = {}
        rows = []
        for p in participants:
            city = cities.setdefault(f"{p.city}, {p.state}", len(cities))
            schedule = schedules.setdefault(p.hours.intervals, len(schedules))
            rows.append([p.id, p.name, category_index[p.category], p.address, city, p.zip,
                         p.phone_e164, round(p.lat, 5), round(p.lon, 5), schedule, p.website])
        self.categories = list(categories)
        #: the distinct weekly schedules, in the order rows refer to them
        self.schedules = sorted(schedules, key=schedules.get)
        self._cities = sorted(cities, key=cities.get)
        self._rows = _ENCODER.encode(rows)
        self._zips = _ENCODER.encode({z: list(c) for z, c in (zips or {}).items()})

    def text(self, *, words, labels: list[str] | None = None) -> str:
        """``places.json`` in one language: ``words(schedule)`` gives a schedule's week in words,
        ``labels`` the categories' names (default: as in the register)."""
        head = _ENCODER.encode({
            "fields": list(self.FIELDS),
            "categories": labels or self.categories,
            "cities": self._cities,
            "schedules": [[list(i) for i in intervals] for intervals in self.schedules],
            "words": [words(intervals) for intervals in self.schedules],
        })
        return f'{head[:-1]},"places":{self._rows},"zips":{self._zips}}}\n'


def json_for_html(value) -> str:
    """JSON safe inside an HTML ``<script type="application/json">`` block (no ``</script>``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
