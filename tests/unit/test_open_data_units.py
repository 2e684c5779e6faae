"""Pure parts of the open data: time-zone stretches, HSDS clock times, sitemaps in pieces,
decal addresses and QR paths, schema.org hours."""

from __future__ import annotations

import re
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.coordinators.decals import DecalError, qr_path, site_address
from pipeline.find.exports import COMPACT_JSON, encode_each
from pipeline.find.hsds import TABLES, clock, offset_periods, table_schema
from pipeline.hours.calendar import holiday_calendar
from pipeline.hours.schedule import parse_hours
from pipeline.register.model import Participant
from pipeline.site.places import json_ld, json_ld_many, opening_hours_specification
from pipeline.site.sitefiles import sitemaps


def test_offset_stretches_follow_daylight_saving_time_in_each_zone():
    chicago = offset_periods("America/Chicago", date(2027, 1, 1), date(2028, 1, 1))
    assert [(a.isoformat(), b.isoformat(), o / timedelta(hours=1)) for a, b, o in chicago] == [
        ("2027-01-01", "2027-03-13", -6),
        ("2027-03-14", "2027-11-06", -5),
        ("2027-11-07", "2027-12-31", -6),
    ]
    assert len(offset_periods("America/Phoenix", date(2027, 1, 1), date(2028, 1, 1))) == 1
    kolkata = offset_periods("Asia/Kolkata", date(2027, 1, 1), date(2027, 1, 2))
    assert clock(9 * 60, kolkata[0][2]) == "09:00:00+05:30"


def test_clock_times_carry_the_offset_and_midnight_closes_at_23_59_59():
    offset = timedelta(hours=-5)
    assert clock(0, offset) == "00:00:00-05:00"
    assert clock(17 * 60 + 30, offset, True) == "17:30:00-05:00"
    assert clock(24 * 60, offset, True) == "23:59:59-05:00"


def test_every_table_schema_has_a_uuid_primary_key_and_enums_where_hsds_has_them():
    for name in TABLES:
        schema = table_schema(name)
        assert schema["primaryKey"] == "id"
        assert schema["fields"][0] == {
            "name": "id",
            "type": "string",
            "format": "uuid",
            "constraints": {"required": True, "unique": True},
        }
    address = {f["name"]: f for f in table_schema("address")["fields"]}
    assert [k for k, f in address.items() if f["constraints"]["required"]] == [
        "id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ]


def test_a_big_site_gets_a_sitemap_index():
    settings = {"SITE_ABSOLUTE_URL": "https://safe-place.city.gov"}
    entries = [{"url": f"places/P-{n}/", "alternates": []} for n in range(5)]
    assert list(sitemaps(entries, settings)) == ["sitemap.xml"]
    files = sitemaps(entries, settings, limit=2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ElementTree.fromstring(files["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert [e.text for e in index.findall("s:sitemap/s:loc", ns)] == [
        f"https://safe-place.city.gov/sitemap-{n}.xml" for n in (1, 2, 3)
    ]
    listed = [
        loc
        for name in files
        if name != "sitemap.xml"
        for loc in re.findall(r"<loc>([^<]+)</loc>", files[name])
    ]
    assert sorted(listed) == sorted(f"https://safe-place.city.gov/places/P-{n}/" for n in range(5))


@pytest.mark.parametrize(
    "address",
    [
        "",
        "  ",
        "https://example.org",
        "https://kc.example.com/sp",
        "http://localhost:8000",
        "http://127.0.0.1:8000",
        "https://safeplace.test",
        "ftp://safe-place.city.gov",
        "safe-place.city.gov",
    ],
)
def test_a_decal_refuses_a_missing_or_placeholder_address(address):
    with pytest.raises(DecalError):
        site_address({"SITE_ABSOLUTE_URL": address})


def test_a_decal_takes_the_published_address():
    assert (
        site_address({"SITE_ABSOLUTE_URL": "https://safe-place.city.gov/"}) == "https://safe-place.city.gov"
    )


def test_qr_path_draws_each_dark_run_once():
    matrix = [bytearray([1, 1, 0]), bytearray([0, 0, 0]), bytearray([1, 0, 1])]
    path, side = qr_path(matrix, quiet=1)
    assert side == 3 + 2
    assert path == "M1 1h2v1h-2zM1 3h1v1h-1zM3 3h1v1h-1z"


def test_schema_org_hours_split_at_midnight_and_dated_closures():
    calendar = holiday_calendar(date(2026, 11, 20), {"country": "US"})
    found = opening_hours_specification(parse_hours("Fr 20:00-02:00; PH off", calendar))
    week = [
        (s["dayOfWeek"].rsplit("/", 1)[1], s["opens"], s["closes"]) for s in found if "validFrom" not in s
    ]
    assert week == [("Friday", "20:00:00", "23:59:59"), ("Saturday", "00:00:00", "02:00:00")]
    christmas = [s for s in found if s.get("validFrom") == "2026-12-25"]  # a Friday holiday
    assert [(s["validThrough"], s["opens"], s["closes"]) for s in christmas] == [
        ("2026-12-25", "00:00:00", "00:00:00")
    ]  # schema.org's "closed all day"


def tricky_place(n: int, tricky: list[str], **fields) -> Participant:
    """The ``n``-th of a few participants whose name, address and city are taken in turn from
    ``tricky`` (``fields``: other columns to set; the rest plain)."""
    values = {
        "id": f"SP-{n}",
        "name": tricky[n] or "Name",
        "category": "Shop",
        "address": tricky[(n + 1) % len(tricky)] or "1 Main St",
        "city": tricky[(n + 2) % len(tricky)],
        "state": "MO",
        "zip": "64105",
        "phone": "",
        "phone_e164": "+18165550100" if n % 2 else "",
        "lat": 39.1 + n / 3,
        "lon": -94.5 - n / 7,
        "hours": None,
        "website": "",
        "status": "approved",
    }
    return Participant(**{**values, **fields})


@pytest.mark.parametrize("site", ["", "https://safe-place.example.org/"])
def test_json_ld_made_at_once_is_the_json_ld_made_one_by_one(site):
    import json

    calendar = holiday_calendar(date(2026, 11, 20), {"country": "US"})
    tricky = ['A "B" </script><!--', "back\\slash\\", '","', "Café ü \u2028 &amp; <b>", "", "{x}"]
    participants = [
        tricky_place(
            n,
            tricky,
            state=tricky[(n + 3) % len(tricky)],
            hours=parse_hours("Mo-Fr 09:00-17:00; PH off", calendar) if n % 3 else None,
        )
        for n in range(len(tricky))
    ]
    settings = {"SITE_ABSOLUTE_URL": site, "DEFAULT_LANG": "en", "LANGUAGES": ["en", "es"]}
    weeks = [json.dumps(opening_hours_specification(p.hours), separators=(",", ":")) for p in participants]
    weeks = [w.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") for w in weeks]
    url = (lambda p: f"{site.rstrip('/')}/places/{p.id}/") if site else (lambda p: None)
    one_by_one = [json_ld(p, settings, url(p), "US", w) for p, w in zip(participants, weeks)]
    assert json_ld_many(participants, settings, "US", weeks) == one_by_one
    for p, text in zip(participants, one_by_one):
        assert "<" not in text and ">" not in text  # nothing can close the script
        data = json.loads(text)
        assert (data["name"], data["address"]["addressLocality"]) == (p.name, p.city)
        assert ("url" in data) == bool(site) and ("telephone" in data) == bool(p.phone_e164)


def test_ids_are_the_uuid5_of_the_register_id_in_the_site_namespace():
    import uuid

    from pipeline.find.hsds import Ids

    ids = Ids({"SITE_ABSOLUTE_URL": "https://safe-place.city.gov/"})
    space = uuid.uuid5(uuid.NAMESPACE_URL, "https://safe-place.city.gov")
    for parts in (
        ("location", "SP-1"),
        ("schedule", "SP-1", "2027-01-04", "", "WEEKLY"),
        ("organization",),
        ("address", "Café-ü"),
    ):
        assert ids.of(*parts) == str(uuid.uuid5(space, "\x1f".join(parts)))
    assert Ids({"SITENAME": "A"}).of("service") != Ids({"SITENAME": "B"}).of("service")
    keys = [b"location\x1fSP-1", b"schedule\x1fSP-1\x1f2027-01-04\x1f\x1fWEEKLY", "address\x1fCafé".encode()]
    assert ids.of_keys(keys) == [str(uuid.uuid5(space, key.decode())) for key in keys]  # a place's, at once


def test_a_column_hsds_does_not_have_is_never_written():
    from pipeline.find.hsds import table_csv

    with pytest.raises(ValueError):
        table_csv("location", [{"id": "x", "contact_email": "private@example.org"}])


# Text that looks like the marker encode_each writes between values, or like JSON's own
# punctuation, beside ordinary and hostile text.
TRICKY_TEXT = st.sampled_from(
    ['","', ',"\\u0000",', "\\u0000", '"\x00"', "\x00", "],[", "</script>", "Caf\u00e9 \u2013 24/7", ""]
) | st.text(max_size=12)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | TRICKY_TEXT
    | st.just([])
    | st.just({}),
    lambda inner: (
        st.lists(inner, min_size=1, max_size=4) | st.dictionaries(TRICKY_TEXT, inner, min_size=1, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON_VALUES, max_size=8))
def test_encode_each_is_each_value_encoded_on_its_own(values):
    """The rows of places.json, its cells and the GeoJSON features are encoded by one call of
    the encoder and cut apart: the same text as one call per value, whatever the values hold
    (a value that is the marker itself falls back to one call per value)."""
    assert encode_each(values) == [COMPACT_JSON.encode(v) for v in values]


def test_encode_each_with_the_marker_as_a_value():
    values = [["a", "\x00", 1], "\x00", {"k": "\x00"}]
    assert encode_each(values) == [COMPACT_JSON.encode(v) for v in values]


def test_csv_and_geojson_exports_are_the_modules_own_text():
    """participants.csv is csv.writer's text (formula cells neutralised) and participants.geojson
    one feature a line as json encodes each, however the values read."""
    import csv
    import io
    import json

    from pipeline.find.exports import neutralise_formula, public_rows, to_csv, to_geojson
    from pipeline.register.model import PUBLIC_COLUMNS

    tricky = [
        "=HYPERLINK(1)",
        "+1 816",
        "-94.5",
        "@home",
        'A "B", C',
        "two\nlines",
        "Café \u2013 ü",
        "",
        "\x00",
    ]
    participants = [
        tricky_place(n, tricky, phone=tricky[(n + 3) % len(tricky)], website=tricky[(n + 4) % len(tricky)])
        for n in range(len(tricky))
    ]
    rows = public_rows(participants)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PUBLIC_COLUMNS)
    for row in rows:
        writer.writerow(
            [row[c] if c in ("lat", "lon", "zip") else neutralise_formula(row[c]) for c in PUBLIC_COLUMNS]
        )
    assert to_csv(participants, rows) == buffer.getvalue()
    assert to_csv(participants) == buffer.getvalue()

    geojson = to_geojson(participants)
    features = geojson.removeprefix('{"type":"FeatureCollection","features":[').removesuffix("]}\n")
    for line, p, row in zip(features.split(",\n"), participants, rows, strict=True):
        properties = {k: v for k, v in row.items() if k not in ("lat", "lon")} | {"phone_e164": p.phone_e164}
        feature = {
            "type": "Feature",
            "id": p.id,
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
        }
        assert line == json.dumps(
            {**feature, "properties": properties}, ensure_ascii=False, separators=(",", ":")
        )
    assert json.loads(geojson)["features"][0]["properties"]["name"] == tricky[0]
