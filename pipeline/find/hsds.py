"""Open data in Open Referral's HSDS 3.0 (``/data/hsds/``), the format 211 lines exchange.

A tabular data package: CSV tables described by ``datapackage.json``. The program is one
``organization`` (the agency) with one ``service`` (Safe Place); every approved place is a
``location`` (with its ``address``, ``phone``, ``service_at_location`` and ``schedule`` rows).
Every table the specification names is published (the ones the program does not fill with their
header row only), each with all of its columns in its order, so a directory can check the folder
against the specification's own ``datapackage.json`` unchanged; ours repeats those table schemas
(names, types, formats, required, unique, enumerations, foreign keys) from
:mod:`pipeline.find.hsds_tables`.

Ids are UUIDs, the same for the same place in every build (:func:`uuid5` of the register id in
a namespace made from the site's address), and the register id is the location's
``external_identifier``. Only :class:`~pipeline.register.checks.Participant` values are used:
public columns of approved rows, nothing else.

Hours (docs/open-data.md): the regular week as ``WEEKLY`` rows, a weekday that changes by its
week of the month (``Mo[1]``) as ``MONTHLY`` rows (``byday=1MO``), and every other day that
differs from them (holidays, dated rules) as rows valid for those dates only. HSDS gives a time
zone as a UTC offset, so every row holds for one stretch of days with the same offset
(``valid_from``..``valid_to``, split where daylight saving time starts or ends) and its times
carry that offset (``09:00:00-05:00``).
"""

from __future__ import annotations

import calendar as month_calendar
import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from pipeline.find.csvtext import NEWLINE, RowTemplate, csv_cell, csv_line
from pipeline.find.exports import neutralise_formula
from pipeline.find.hsds_tables import REFERENCES, TABLES
from pipeline.find.listing import fill
from pipeline.hours.schedule import DAY, WEEKDAY_CODES, Calendar, WeeklySchedule
from pipeline.register.checks import Participant
from pipeline.register.text import FORMULA_PREFIXES
from pipeline.settings import setting

HSDS_DIR = "data/hsds"


def table_schema(table: str) -> dict:
    """The Table Schema of one HSDS table, as ``datapackage.json`` carries it."""
    fields = []
    for column in TABLES[table][1]:
        field: dict = {"name": column.name, "type": column.type}
        if column.fmt:
            field["format"] = column.fmt
        constraints: dict = {"required": column.required, "unique": column.unique}
        if column.enum:
            constraints["enum"] = list(column.enum)
        field["constraints"] = constraints
        fields.append(field)
    schema: dict = {"primaryKey": "id", "fields": fields}
    if table in REFERENCES:
        schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": target, "fields": "id"}}
            for column, target in REFERENCES[table].items()
        ]
    return schema


def datapackage(settings: dict) -> dict:
    """``datapackage.json``: what the package is and every table's schema. ``version`` and
    ``homepage`` are the specification's (3.0.0, Open Referral's documentation), as in its own
    descriptor, so an importer can tell which HSDS the folder follows."""
    return {
        "name": "safe_place_hsds",
        "title": f"{setting(settings, 'SITENAME')}: HSDS 3.0",
        "description": (
            "The Safe Place program's places in Open Referral's Human Services Data "
            "Specification (HSDS) 3.0. Only approved places; rebuilt with the site."
        ),
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "homepage": "https://docs.openreferral.org/en/latest/",
        "resources": [
            {
                "name": table,
                "path": path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": table_schema(table),
            }
            for table, (path, _) in TABLES.items()
        ],
    }


# --- ids ---------------------------------------------------------------------------------------


def namespace(settings: dict) -> uuid.UUID:
    """The site's UUID namespace: from its published address (or its name while it has none),
    so two agencies' places never share an id and a place keeps its id from build to build."""
    site = (setting(settings, "SITE_ABSOLUTE_URL") or setting(settings, "SITEURL") or "").rstrip("/")
    return uuid.uuid5(uuid.NAMESPACE_URL, site or f"safeplace:{setting(settings, 'SITENAME')}")


class Ids:
    """Stable UUIDs: ``Ids(settings).of("location", "SP-0001")``."""

    def __init__(self, settings: dict):
        self.space = namespace(settings)
        self._prefix = self.space.bytes

    def of(self, kind: str, *parts: str) -> str:
        """``str(uuid.uuid5(namespace, kind + US + part + ...))``, written out: a big register
        makes hundreds of thousands and the ``uuid`` module's objects cost most of the time."""
        return self.of_key(("\x1f".join((kind, *parts))).encode())

    def of_key(self, key: bytes) -> str:
        """:meth:`of` for the parts already joined and encoded."""
        return self.of_keys((key,))[0]

    def of_keys(self, keys: Iterable[bytes]) -> list[str]:
        """:meth:`of_key` of each key, at once: the SHA-1's first 16 bytes in hex, with the
        version (5) and the RFC 4122 variant written in, by numpy for all keys in one array
        (a build's hundreds of thousands)."""
        prefix, sha1 = self._prefix, hashlib.sha1
        digests = b"".join(sha1(prefix + key).digest() for key in keys)
        raw = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 20)[:, :16].copy()
        raw[:, 6] = (raw[:, 6] & 0x0F) | 0x50  # version 5
        raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # the RFC 4122 variant
        digits = np.frombuffer(raw.tobytes().hex().encode("ascii"), dtype=np.uint8).reshape(-1, 32)
        text = np.full((len(raw), 36), ord("-"), dtype=np.uint8)
        text[:, _HEX_AT] = digits
        whole = text.tobytes().decode("ascii")
        return [whole[n : n + 36] for n in range(0, len(whole), 36)]


# Where the 32 hex digits stand in a UUID's 36 characters (the dashes at 8, 13, 18 and 23).
_HEX_AT = [n for n in range(36) if n not in (8, 13, 18, 23)]


# --- time zones --------------------------------------------------------------------------------


def offset_periods(zone: str, first: date, end: date) -> list[tuple[date, date, timedelta]]:
    """The stretches of days from ``first`` to before ``end`` with one UTC offset:
    ``(first day, last day, offset)``. A day counts with the offset at its noon, so the day the
    clocks change belongs to the new offset (docs/open-data.md: the hours before 02:00 that
    night)."""
    tz = ZoneInfo(zone)
    periods: list[list] = []
    day = first
    while day < end:
        offset = datetime.combine(day, time(12), tz).utcoffset()
        if periods and periods[-1][2] == offset:
            periods[-1][1] = day
        else:
            periods.append([day, day, offset])
        day += timedelta(days=1)
    return [tuple(p) for p in periods]


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _hours(offset: timedelta) -> str:
    value = offset.total_seconds() / 3600
    return str(int(value)) if value == int(value) else str(value)


def clock(minute: int, offset: timedelta, closing: bool = False) -> str:
    """``09:00:00-05:00``. HSDS times stop at 23:59:59: a day open to midnight closes then."""
    if closing and minute >= DAY:
        return f"23:59:59{_offset_text(offset)}"
    return f"{minute // 60:02d}:{minute % 60:02d}:00{_offset_text(offset)}"


# --- one schedule as HSDS rules ----------------------------------------------------------------


def _ordinal(on: date) -> int:
    return (on.day - 1) // 7 + 1


def _ordinal_from_end(on: date) -> int:
    last = month_calendar.monthrange(on.year, on.month)[1]
    return -((last - on.day) // 7 + 1)


MIN_MONTHLY_WINDOW = 90  # days: fewer cannot show a monthly pattern, only dates


def _monthly(schedule: WeeklySchedule, calendar: Calendar, weekday: int):
    """``{ordinal: spans}`` when ``weekday``'s hours depend only on its week of the month
    (``Mo[1]``; ordinals 1..5, or -1..-5 from the month's end), else None. Public holidays are
    left out of the judgement (they stay dated exceptions)."""
    if calendar.days < MIN_MONTHLY_WINDOW:
        return None
    regular = schedule.week_day(weekday)
    same_window = schedule.calendar is not None and (schedule.calendar.start, schedule.calendar.days) == (
        calendar.start,
        calendar.days,
    )
    # the usual case, at once: no day of this weekday differs from the week but holidays (a
    # register of thousands of distinct values asks this seven times for each)
    if same_window and not any(
        on.weekday() == weekday and not holiday and spans != regular
        for on, spans, holiday in schedule.exceptions
    ):
        return None
    first = calendar.start + timedelta(days=(weekday - calendar.start.weekday()) % 7)
    days = [first + timedelta(days=n) for n in range(0, (calendar.end - first).days, 7)]
    days = [d for d in days if not schedule.is_holiday_exception(d)]
    if not days or all(schedule.day(d) == regular for d in days):
        return None
    for ordinal in (_ordinal, _ordinal_from_end):
        seen: dict[int, set] = {}
        for d in days:
            seen.setdefault(ordinal(d), set()).add(schedule.day(d))
        if all(len(spans) == 1 for spans in seen.values()):
            found = {k: next(iter(spans)) for k, spans in seen.items()}
            ordinals = sorted(found, key=abs)
            # every week of the month the pattern names must have been seen at least twice
            if all(sum(1 for d in days if ordinal(d) == k) >= 2 for k in ordinals if found[k]):
                return found
    return None


class Rules:
    """A schedule as HSDS rules, independent of which place has it (worked out once per
    distinct schedule): ``weekly`` ``{spans: [weekday, ...]}``, ``monthly``
    ``{(start, end): ["1MO", ...]}`` and ``dated``, runs of days that differ from both:
    ``(first day, last day, spans, weekdays, holiday names)``."""

    def __init__(self, schedule: WeeklySchedule, calendar: Calendar):
        self.weekly: dict[tuple[int, int], list[int]] = {}
        self.monthly: dict[tuple[int, int], list[str]] = {}
        monthly_days: dict[int, dict] = {}
        for weekday in range(7):
            pattern = _monthly(schedule, calendar, weekday)
            if pattern is not None:
                monthly_days[weekday] = pattern
                for ordinal, spans in sorted(pattern.items(), key=lambda kv: (kv[0] < 0, abs(kv[0]))):
                    for span in spans:
                        self.monthly.setdefault(span, []).append(f"{ordinal}{WEEKDAY_CODES[weekday].upper()}")
            else:
                for span in schedule.week_day(weekday):
                    self.weekly.setdefault(span, []).append(weekday)
        names = dict(calendar.holidays)
        dated: list[tuple] = []
        for on, spans, holiday in schedule.exceptions:
            pattern = monthly_days.get(on.weekday())
            if pattern is not None and not holiday:
                key = _ordinal(on) if any(k > 0 for k in pattern) else _ordinal_from_end(on)
                if pattern.get(key) == spans:
                    continue
            name = names.get(on, "") if holiday else ""
            last = dated[-1] if dated else None
            if last and last[1] + timedelta(days=1) == on and last[2] == spans:
                dated[-1] = (last[0], on, spans, last[3] | {on.weekday()}, last[4] | ({name} - {""}))
            else:
                dated.append((on, on, spans, {on.weekday()}, {name} - {""}))
        self.dated = dated


# --- the package ---------------------------------------------------------------------------------


def _codes(weekdays) -> str:
    return ",".join(WEEKDAY_CODES[d].upper() for d in sorted(weekdays))


class Words:
    """The package's words, in the site's default language, from its strings file."""

    def __init__(self, strings: dict):
        self.t = strings

    def __call__(self, key: str, **values) -> str:
        return self.t[key].format(**values)


def build(
    participants: list[Participant], settings: dict, calendar: Calendar, strings: dict, page_url=None
) -> dict[str, str]:
    """The package's files (path under the site -> text): ``datapackage.json`` and the tables.

    ``page_url(participant)`` gives a place's absolute page address (None while the site has
    no absolute address: the columns stay empty)."""
    ids = Ids(settings)
    words = Words(strings)
    base = (setting(settings, "SITE_ABSOLUTE_URL") or "").rstrip("/")
    zone = setting(settings, "TIMEZONE") or "UTC"
    country = str(setting(settings, "COUNTRY")).upper()
    organization = ids.of("organization")
    service = ids.of("service")
    tables = {table: _Table(table) for table in TABLES}
    tables["organization"].add(
        {
            "id": organization,
            "name": setting(settings, "AGENCY_NAME"),
            "alternate_name": setting(settings, "AGENCY_SHORT"),
            "description": words("hsds_organization_description", site=setting(settings, "SITENAME")),
            "website": f"{base}/" if base else "",
        }
    )
    tables["service"].add(
        {
            "id": service,
            "organization_id": organization,
            "name": words("hsds_service_name"),
            "description": words("hsds_service_description", emergency=setting(settings, "EMERGENCY_NUMBER")),
            "url": f"{base}/" if base else "",
            "status": "active",
            "eligibility_description": words("hsds_service_eligibility"),
            "fees_description": words("hsds_service_fees"),
        }
    )
    if setting(settings, "NON_EMERGENCY_E164"):
        tables["phone"].add(
            {
                "id": ids.of("phone", "organization"),
                "organization_id": organization,
                "number": setting(settings, "NON_EMERGENCY_E164"),
                "type": "voice",
                "description": words(
                    "hsds_phone_nonemergency", emergency=setting(settings, "EMERGENCY_NUMBER")
                ),
            }
        )
    # One writer per kind of row, each given the cells of the columns it names, in that order.
    location_row = tables["location"].writer(
        (
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "description",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        )
    )
    address_row = tables["address"].writer(
        (
            "id",
            "location_id",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        )
    )
    here_row = tables["service_at_location"].writer(("id", "service_id", "location_id", "description"))
    phone_row = tables["phone"].writer(("id", "location_id", "service_at_location_id", "number", "type"))
    schedules = tables["schedule"].lines
    periods = offset_periods(zone, calendar.start, calendar.end)
    blocks: dict[tuple, _ScheduleBlock] = {}  # a schedule's rows, the same for every place with it
    register_name = words("hsds_external_identifier_type", site=setting(settings, "SITENAME"))
    described: dict[str, str] = {}  # a category's location description
    # Every place's ids at once (its location, service at location, address, phone and
    # schedule rows): a big register's hundreds of thousands of UUIDs in one call.
    keys: list[bytes] = []
    for p in participants:
        key = p.id.encode()
        keys += (b"location\x1f" + key, b"service_at_location\x1f" + key, b"address\x1f" + key)
        if p.phone_e164:
            keys.append(b"phone\x1f" + key)
        if p.hours is not None:
            block = blocks.get(p.hours.key)
            if block is None:
                rows = schedule_rows(Rules(p.hours, calendar), periods, words, zone)
                block = blocks[p.hours.key] = _ScheduleBlock(tables["schedule"].columns, rows)
            head = b"schedule\x1f" + key + b"\x1f"
            keys += (head + tail for tail in block.keys)
    uuids = iter(ids.of_keys(keys))
    for p in participants:
        location, here, address = next(uuids), next(uuids), next(uuids)
        url = (page_url(p) if page_url else "") or ""
        description = described.get(p.category)
        if description is None:
            description = described[p.category] = words("hsds_location_description", category=p.category)
        location_row(
            location,
            "physical",
            url,
            organization,
            p.name,
            description,
            f"{p.lat:.6f}",
            f"{p.lon:.6f}",
            p.id,
            register_name,
        )
        address_row(address, location, p.address, p.city, p.state, p.zip, country, "physical")
        here_row(here, service, location, words("hsds_service_at_location", name=p.name))
        if p.phone_e164:
            phone_row(next(uuids), location, here, p.phone_e164, "voice")
        if p.hours is None:
            continue
        # the place's hours, not the service's: a directory that lists a service's schedules
        # (by service_id) would show every place's week under Safe Place
        block = blocks[p.hours.key]
        schedules.append(block.of_place([next(uuids) for _ in block.keys], location, here, url))
    files = {f"{HSDS_DIR}/{path}": tables[table].text() for table, (path, _) in TABLES.items()}
    files[f"{HSDS_DIR}/datapackage.json"] = (
        json.dumps(datapackage(settings), ensure_ascii=False, indent=1) + "\n"
    )
    return files


class _ScheduleBlock:
    """One schedule's rows as every place that has it writes them: each row's other cells
    written (as CSV) once, only the place's ids and link left to fill in. A 30,000-place
    register makes hundreds of thousands of schedule rows out of a few schedules; a place's
    rows are then one fill-in (:func:`pipeline.find.listing.fill`) and a hash per row."""

    # the place's cells, filled with the values after the rows' own ids (one per row)
    PLACE = ("location_id", "service_at_location_id", "schedule_link")
    KEY = ("valid_from", "valid_to", "freq", "byday", "opens_at", "closes_at")

    def __init__(self, columns: list[str], rows: list[dict]):
        unknown = {c for row in rows for c in row} - set(columns)
        if unknown:  # a column HSDS does not have: a bug, never published
            raise ValueError(f"schedule: not an HSDS column: {sorted(unknown)}")
        if FREE_TEXT["schedule"]:  # its cells are written as they are, never neutralised
            raise ValueError("schedule: register text in cells not neutralised")
        # The rows' text as a form: what every place writes alike, and between two literals a
        # field, the index of its value in (row ids..., location, service at location, link).
        literals: list[str] = []
        fields: list[int] = []
        written: list[str] = []
        for n, row in enumerate(rows):
            for k, column in enumerate(columns):
                if k:
                    written.append(",")
                if column == "id":
                    field = n
                elif column in self.PLACE:
                    field = len(rows) + self.PLACE.index(column)
                else:
                    written.append(csv_cell(str(row.get(column, ""))))
                    continue
                literals.append("".join(written))
                written = []
                fields.append(field)
            written.append(NEWLINE)
        literals.append("".join(written))
        self.form = (tuple(literals), tuple(fields))
        # a row's id: Ids.of("schedule", place id, *KEY values), its tail joined once
        self.keys = ["\x1f".join(row.get(k, "") for k in self.KEY).encode() for row in rows]

    def of_place(self, row_ids: list[str], location: str, here: str, link: str) -> str:
        """The place's schedule lines (``row_ids``: each row's UUID, made from :attr:`keys`).
        Ids are UUIDs (no quoting), the link is quoted if it must."""
        return fill(self.form, (*row_ids, location, here, csv_cell(link)))


def schedule_rows(rules: Rules, periods, words: Words, zone: str) -> list[dict]:
    """The schedule rows of one schedule (without the place's ids and link), each valid for one
    stretch of days with one UTC offset."""
    rows = []
    common = {"wkst": "MO"}
    regular = words("hsds_schedule_regular")
    for first, last, offset in periods:
        stretch = {
            "valid_from": first.isoformat(),
            "valid_to": last.isoformat(),
            "timezone": _hours(offset),
            **common,
            "notes": words("hsds_schedule_notes", zone=zone),
        }
        for (start, end), weekdays in sorted(rules.weekly.items(), key=lambda kv: (kv[1], kv[0])):
            rows.append(
                {
                    **stretch,
                    "freq": "WEEKLY",
                    "byday": _codes(weekdays),
                    "opens_at": clock(start, offset),
                    "closes_at": clock(end, offset, True),
                    "description": regular,
                }
            )
        for (start, end), days in sorted(rules.monthly.items()):
            rows.append(
                {
                    **stretch,
                    "freq": "MONTHLY",
                    "byday": ",".join(days),
                    "opens_at": clock(start, offset),
                    "closes_at": clock(end, offset, True),
                    "description": words("hsds_schedule_monthly"),
                }
            )
    for first, last, spans, weekdays, holidays in rules.dated:
        for p_first, p_last, offset in periods:
            a, b = max(first, p_first), min(last, p_last)
            if a > b:
                continue
            present = {
                d
                for d in weekdays
                if any((a + timedelta(days=k)).weekday() == d for k in range((b - a).days + 1))
            }
            label = ", ".join(sorted(holidays))
            stretch = {
                "valid_from": a.isoformat(),
                "valid_to": b.isoformat(),
                "timezone": _hours(offset),
                **common,
                "freq": "WEEKLY",
                "byday": _codes(present),
                "notes": words("hsds_schedule_dated_notes"),
            }
            if not spans:
                rows.append(
                    {
                        **stretch,
                        "description": (
                            words("hsds_schedule_closed_holiday", holiday=label)
                            if label
                            else words("hsds_schedule_closed")
                        ),
                    }
                )
            for start, end in spans:
                rows.append(
                    {
                        **stretch,
                        "opens_at": clock(start, offset),
                        "closes_at": clock(end, offset, True),
                        "description": (
                            words("hsds_schedule_holiday", holiday=label)
                            if label
                            else words("hsds_schedule_dated")
                        ),
                    }
                )
    return rows


# Columns holding text from the register or the settings: a cell a spreadsheet would run as a
# formula is neutralised there. Every other column holds ids, numbers, dates, times and our words.
FREE_TEXT = {
    "organization": ("name", "alternate_name", "description"),
    "service": ("name", "description"),
    "location": ("name", "description", "external_identifier_type"),
    "service_at_location": ("description",),
    "address": ("address_1", "city", "state_province", "postal_code", "country"),
    "phone": ("description",),
    "schedule": (),
}


class _Table:
    """One HSDS table's CSV lines as they are made: every column in the specification's order,
    RFC 4180 quoting (:mod:`pipeline.find.csvtext`), register text that a spreadsheet would run
    as a formula neutralised (``FREE_TEXT``)."""

    def __init__(self, table: str):
        self.name = table
        self.columns = [column.name for column in TABLES[table][1]]
        self.lines = [csv_line(self.columns)]

    def writer(self, filled: tuple[str, ...]):
        """``write(*values)``: adds a row from the values of ``filled``'s columns (in that
        order), the table's other columns empty."""
        line = RowTemplate(self.columns, filled).line  # refuses a column HSDS does not have
        append = self.lines.append
        free = [i for i, c in enumerate(filled) if c in FREE_TEXT.get(self.name, ())]

        def write(*values: str) -> None:
            if free:
                cells = list(values)
                for i in free:
                    if cells[i].startswith(FORMULA_PREFIXES):
                        cells[i] = neutralise_formula(cells[i])
                append(line(cells))
            else:
                append(line(values))

        return write

    def add(self, row: dict) -> None:
        """A row given as a dict of columns."""
        self.writer(tuple(row))(*row.values())

    def text(self) -> str:
        return "".join(self.lines)


def table_csv(table: str, rows: list[dict]) -> str:
    """One table as CSV (:class:`_Table`), from rows given as dicts of columns."""
    written = _Table(table)
    for row in rows:
        written.add(row)
    return written.text()
