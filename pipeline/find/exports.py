"""Public data files: what the site publishes about participants, and nothing more.

Every export is built from :class:`pipeline.register.model.Participant` (public columns only), written
deterministically (same register -> same bytes) and escaped for the context it lands in.
"""

from __future__ import annotations

import json

from pipeline.find.csvtext import csv_line
from pipeline.hours.calendar import Calendar, default_calendar
from pipeline.hours.schedule import WeeklySchedule
from pipeline.hours.status import says_holidays
from pipeline.register.model import PUBLIC_COLUMNS, Participant
from pipeline.register.text import FORMULA_PREFIXES

_NUMERIC = {"lat", "lon", "zip"}


#: compact JSON, as every data file of the site is written
COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

# Written between values encoded together (a string of one NUL, "\u0000" in JSON): no value
# holds it as a whole string (the register refuses control characters), and a JSON string's
# own quotes are escaped, so it stands only where it was put.
_BETWEEN = ',"\\u0000",'


def encode_each(values: list) -> list[str]:
    """``[COMPACT_JSON.encode(v) for v in values]``, by one call of the encoder: a big
    register's tens of thousands of rows and features, each encoded on its own, spent most of
    their time starting the encoder (the same text: ``tests/unit/test_open_data_units.py``)."""
    if not values:
        return []
    mixed: list = []
    for value in values:
        mixed += (value, "\x00")
    texts = COMPACT_JSON.encode(mixed)[1 : -len(_BETWEEN)].split(_BETWEEN)
    if len(texts) != len(values):  # a value that held the marker after all: one by one
        return [COMPACT_JSON.encode(value) for value in values]
    return texts


def public_rows(participants: list[Participant]) -> list[dict[str, str]]:
    """Each participant's public columns as text (:meth:`Participant.public_row`), made once for
    both exports."""
    return [p.public_row() for p in participants]


def to_geojson(participants: list[Participant], rows: list[dict[str, str]] | None = None) -> str:
    """A FeatureCollection, one Point feature per participant (a line each), public columns as
    properties (``rows``: their :func:`public_rows`, when already made)."""
    features = []
    for p, row in zip(participants, rows if rows is not None else public_rows(participants)):
        properties = dict(row)
        del properties["lat"], properties["lon"]  # they are the geometry
        properties["phone_e164"] = p.phone_e164
        features.append(
            {
                "type": "Feature",
                "id": p.id,
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": properties,
            }
        )
    return '{"type":"FeatureCollection","features":[' + ",\n".join(encode_each(features)) + "]}\n"


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


def to_csv(participants: list[Participant], rows: list[dict[str, str]] | None = None) -> str:
    """The public columns as CSV (RFC 4180 quoting, formula cells neutralised; ``rows``: the
    participants' :func:`public_rows`, when already made)."""
    lines = [csv_line(PUBLIC_COLUMNS)]
    for row in rows if rows is not None else public_rows(participants):
        cells = [row[c] if c in _NUMERIC else neutralise_formula(row[c]) for c in PUBLIC_COLUMNS]
        lines.append(csv_line(cells))  # as csv.writer writes it (pipeline/find/csvtext.py)
    return "".join(lines)


class PlacesFile:
    """The compact data the find page's scripts use (``places.json``), shipped once for the list
    and the map.

    Repeated values are stored once and referenced by index (categories, cities, schedules with
    their words), so what each extra participant costs a visitor is about one short row. A
    schedule is its regular week (minutes since Monday 00:00) and, in ``exceptions``, the days
    of the window that differ from it as runs ``[first day, how many days, that day's open
    minutes]`` (days counted from ``calendar.from``); ``calendar.holidays`` lists the public
    holidays the same way, ``holiday_names`` their names in the file's language, and
    ``holiday_known`` says of each schedule whether its hours say what it does on a holiday
    (a ``PH`` rule, or 24/7): on a holiday the others read "hours may differ — call first".
    A place with no hours has ``null`` for its schedule. The rows are the same in every
    language and are encoded once; :meth:`text` adds what a language changes: the category
    names and each schedule in words.
    """

    FIELDS = (
        "id",
        "name",
        "category",
        "address",
        "city",
        "zip",
        "tel",
        "lat",
        "lon",
        "schedule",
        "website",
        "phone",  # as shown (national form): the page's script cannot format every country's
    )

    def __init__(
        self,
        participants: list[Participant],
        categories: list[str],
        zips: dict[str, tuple[float, float]] | None = None,
        calendar: Calendar | None = None,
    ):
        category_index = {c: i for i, c in enumerate(categories)}
        cities: dict[tuple[str, str], int] = {}
        schedules: dict[tuple, int] = {}
        first: dict[tuple, WeeklySchedule] = {}
        rows = []
        for p in participants:
            city = cities.setdefault((p.city, p.state), len(cities))
            if p.hours is None:
                schedule = None
            else:
                schedule = schedules.setdefault(p.hours.key, len(schedules))
                first.setdefault(p.hours.key, p.hours)
            rows.append(
                [
                    p.id,
                    p.name,
                    category_index[p.category],
                    p.address,
                    city,
                    p.zip,
                    p.phone_e164,
                    round(p.lat or 0.0, 5),  # published places always have both
                    round(p.lon or 0.0, 5),
                    schedule,
                    p.website,
                    p.phone,
                ]
            )
        self.categories = list(categories)
        self.calendar = calendar or default_calendar()
        #: the distinct schedules, in the order rows refer to them
        self.schedules = [first[key] for key in sorted(schedules, key=schedules.__getitem__)]
        #: (city, region) of every row's ``city`` index: the page writes the address with them
        #: as ADDRESS_FORMAT says
        self.localities = sorted(cities, key=cities.__getitem__)
        #: "City, ST" of every row's ``city`` index (what search reads)
        self.cities = [f"{c}, {s}" if s else c for c, s in self.localities]
        #: one row per participant, in the register's (name) order, as FIELDS says
        self.rows = rows
        #: each row as JSON (the cells and name-order files of a split register reuse them)
        self.row_texts = encode_each(rows)
        self._rows = f"[{','.join(self.row_texts)}]"
        self._zips = COMPACT_JSON.encode({z: list(c) for z, c in (zips or {}).items()})
        self._shared = COMPACT_JSON.encode(
            {
                "calendar": {
                    "from": self.calendar.start.isoformat(),
                    "days": self.calendar.days,
                    "holidays": [self.calendar.offset(d) for d, _ in self.calendar.holidays],
                },
                "schedules": [s.compact() for s in self.schedules],
                "exceptions": [exception_runs(s, self.calendar) for s in self.schedules],
                "holiday_known": [int(says_holidays(s)) for s in self.schedules],
            }
        )

    def head(
        self, *, words, labels: list[str] | None = None, fields=FIELDS, holiday_names: list[str] | None = None
    ) -> str:
        """What every file the find page starts from holds (``places.json``, and the index of
        :mod:`pipeline.find.cells`): the tables rows refer to, in one language, as a JSON object
        still open at its end. ``words=None`` leaves the schedules in words out;
        ``holiday_names`` are the names of ``calendar.holidays`` in this language (default: the
        calendar's own, in English)."""
        tables = {
            "fields": list(fields),
            "categories": labels or self.categories,
            "cities": [c for c, _ in self.localities],
            "regions": [s for _, s in self.localities],
            "holiday_names": holiday_names or [name for _, name in self.calendar.holidays],
        }
        if words is not None:
            tables["words"] = self.words(words)
        head = COMPACT_JSON.encode(tables)
        return f'{head[:-1]},{self._shared[1:-1]},"zips":{self._zips}'

    def words(self, words) -> list:
        """Each schedule in words, in the order rows refer to them."""
        return [words(schedule) for schedule in self.schedules]

    def text(self, *, words, labels: list[str] | None = None, holiday_names: list[str] | None = None) -> str:
        """``places.json`` in one language: ``words(schedule)`` gives a schedule in words,
        ``labels`` the categories' names (default: as in the register), ``holiday_names`` the
        public holidays' (see :meth:`head`)."""
        head = self.head(words=words, labels=labels, holiday_names=holiday_names)
        return f'{head},"places":{self._rows}}}\n'


def exception_runs(schedule: WeeklySchedule, calendar: Calendar) -> list[list]:
    """The schedule's exceptions as runs of consecutive days with the same hours:
    ``[first day (from calendar.start), number of days, [[start, end], ...]]``."""
    runs: list[list] = []
    for on, spans, _ in schedule.exceptions:
        day = calendar.offset(on)
        if runs and runs[-1][0] + runs[-1][1] == day and runs[-1][2] == spans:
            runs[-1][1] += 1
        else:
            runs.append([day, 1, spans])
    return [[day, count, [list(s) for s in spans]] for day, count, spans in runs]


def json_for_html(value) -> str:
    """JSON safe inside an HTML ``<script type="application/json">`` block (no ``</script>``)."""
    text = COMPACT_JSON.encode(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
