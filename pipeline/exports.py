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
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, indent=1) + "\n"


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


def to_places_json(participants: list[Participant], categories: list[str]) -> str:
    """The compact data the find page's scripts use: one row per place, fields named once.

    Shipped once and shared by the list enhancements and the map, so its size per participant is
    what each extra participant costs a visitor.
    """
    index = {c: i for i, c in enumerate(categories)}
    rows = [[p.id, p.name, index[p.category], p.full_address, p.phone, p.phone_e164,
             round(p.lat, 5), round(p.lon, 5), p.hours.compact(), p.website]
            for p in participants]
    payload = {
        "fields": ["id", "name", "category", "address", "phone", "tel", "lat", "lon", "hours",
                   "website"],
        "categories": categories,
        "places": rows,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def json_for_html(value) -> str:
    """JSON safe inside an HTML ``<script type="application/json">`` block (no ``</script>``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
