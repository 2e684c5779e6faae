"""The checker: a register file in, typed and validated records out, or every problem named.

The register is edited by coordinators, often in Excel, so this is the gate between a
spreadsheet and the public site: it reads whatever encoding Excel saved
(:mod:`pipeline.register.encoding`, :mod:`pipeline.register.table`), checks every cell with the
rules of :mod:`~pipeline.register.text`, :mod:`~pipeline.register.values`,
:mod:`~pipeline.register.phones` and :mod:`~pipeline.register.web`, and either returns records
that are safe to publish (:mod:`pipeline.register.model`) or raises
:class:`~pipeline.register.problems.RegisterError` listing *every* problem as
``FILE:ROW: COLUMN: message`` (ROW is the spreadsheet row, the header being row 1).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.hours.calendar import Calendar, HoursError
from pipeline.hours.schedule import ending
from pipeline.profile import Profile
from pipeline.register.encoding import decode
from pipeline.register.geography import EARTH_RADIUS_KM, Boundary
from pipeline.register.hints import parse_hours_cell
from pipeline.register.model import (
    COLUMNS,
    PUBLIC_COLUMNS,
    REQUIRED_ALWAYS,
    REQUIRED_TO_PUBLISH,
    RETRAINING_AFTER,
    ROW_COLUMN,
    STATUSES,
    UNPUBLISHED,
    Entry,
    Participant,
    Register,
    Vetting,
)
from pipeline.register.problems import Problem, RegisterError, cut, readable, shown
from pipeline.register.table import read_register_bytes, read_table
from pipeline.register.text import (
    CONTROL_CHARACTER,
    FORMULA_PREFIXES,
    FORMULA_START,
    has_visible_letters,
    hidden_character,
    mixed_script_word,
    same_text_key,
)
from pipeline.register.values import VALID_ID, parse_coordinate, parse_day
from pipeline.register.web import NOT_PLAIN_WEB_LINE, ascii_hosts, web_address

ZIP_WARNING_KM = 10.0  # a place this far from its ZIP code's centre: the ZIP or the point is off
_ASCII_LETTER = re.compile(r"[A-Za-z0-9]")


def load_register(
    path: str | Path,
    boundary: Boundary | None = None,
    categories: tuple[str, ...] | None = None,
    today: date | None = None,
    state: str | None = None,
    raw: bytes | None = None,
    zip_codes: Mapping[str, tuple[float, float]] | Callable[[], Mapping] | None = None,
    confirmed_hosts: tuple[str, ...] = (),
    calendar: Calendar | None = None,
    profile: Profile | None = None,
    published: Callable[..., tuple[str, dict[str, dict[str, str]]]] | None = None,
) -> Register:
    """Read and validate the register; raise RegisterError naming every problem.

    ``raw``, when given, is the register's content and ``path`` only names it in messages (a
    workbook being imported, a register from an earlier commit). ``zip_codes`` are the
    jurisdiction's ZIP codes with their centres (or a function that gives them: called last, so
    the build can work them out at the same time); ``confirmed_hosts`` the web hosts with
    non-ASCII letters a coordinator has checked (``SAFEPLACE_CONFIRMED_HOSTS``); ``calendar``
    the days hours are published for (default: from today); ``published`` a function giving the
    last published register's rows of the ids it is given ((revision, {id: row as typed}), see
    coordinators/published.py), asked only when a "?" or U+FFFD could be a letter lost since;
    ``profile`` the jurisdiction's ways with phones, postal codes and dates (default: the US ways).
    """
    path = Path(path)
    if raw is None:
        raw = read_register_bytes(path)
    frame = read_table(path, decode(raw, str(path)))
    checker = Checker(str(path), boundary, categories, today or date.today(), state, profile or Profile())
    checker.zip_codes, checker.confirmed_hosts = zip_codes, confirmed_hosts
    checker.calendar, checker.published = calendar, published
    entries = checker.check(frame)
    if checker.errors:
        raise RegisterError(checker.errors + checker.warnings)
    return Register(path, entries, checker.warnings)


class Checker:
    """Collects every problem in one pass so a coordinator fixes them all at once.

    Each rule runs over a whole column and judges each *distinct* value once: a register repeats
    its statuses, categories, ZIP codes, hours, phone numbers and vetting days, and a column
    free of control characters is recognised in one search (as is a pure-ASCII column, free of
    hidden characters, and a column of plain web addresses). That keeps 30,000 rows well under a
    second. Problems are then listed in row order (within a row, in the order of the rules), as
    a coordinator reads the spreadsheet.
    """

    def __init__(self, file, boundary, categories, today, state, profile: Profile | None = None):
        self.file, self.boundary, self.categories = file, boundary, categories
        self.profile = profile or Profile()
        self.today, self.state = today, state
        self.zip_codes: Any = None  # a mapping, or a function that gives one
        self.confirmed_hosts: tuple[str, ...] = ()
        self.calendar: Calendar | None = None
        self.published: Callable[..., tuple[str, dict[str, dict[str, str]]]] | None = None
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.blocking: list[Problem] = []  # errors whatever the row's status (see classify)
        self.demoted: list[Problem] = []  # errors made warnings by classify, as first reported

    def error(self, row: int, column: str, message: str, always: bool = False) -> None:
        self.errors.append(Problem(self.file, row, column, readable(message)))
        if always:
            self.blocking.append(self.errors[-1])

    def warn(self, row: int, column: str, message: str) -> None:
        self.warnings.append(Problem(self.file, row, column, readable(message), warning=True))

    def check(self, frame: pd.DataFrame) -> list[Entry]:
        if not self.profile.has_region and "state" not in frame.columns:
            frame = frame.assign(state="")  # addresses here have no state or province
        missing = [c for c in COLUMNS if c not in frame.columns]
        for column in missing:
            self.error(1, column, "required column is missing from the header")
        for column in frame.columns:
            if column not in COLUMNS and column != ROW_COLUMN:
                self.warn(1, column, "unknown column: ignored and never published")
        if missing:
            return []
        self.rows = list(map(int, frame[ROW_COLUMN].tolist()))
        self.cols = cols = {c: frame[c].tolist() for c in COLUMNS}
        status = list(map(str.lower, cols["status"]))
        approved = [s == "approved" for s in status]

        # The rules, in the order a row's problems are listed.
        self.required(approved)
        self.invalid(
            "status",
            lambda v: v.lower() not in STATUSES,
            lambda v: f"{shown(v)} is not one of {', '.join(STATUSES)}",
        )
        self.invalid(
            "id",
            lambda v: not VALID_ID.match(v),
            lambda v: f"{shown(v)}: use only letters, digits, '-', '_' and '.'",
            clean=lambda values: all(map(VALID_ID.match, values)),
        )
        if self.categories is not None:
            self.invalid(
                "category",
                lambda v: v not in self.categories,
                lambda v: f"{shown(v)} is not a known category ({'; '.join(self.categories)})",
            )
        for column in PUBLIC_COLUMNS:
            self.invalid(
                column,
                CONTROL_CHARACTER.search,
                lambda v: "contains a line break or other control character",
                clean=lambda values: not CONTROL_CHARACTER.search("".join(values)),
            )
            self.invalid(
                column,
                hidden_character,
                lambda v: (
                    f"contains {hidden_character(v)}, which shows as nothing or "
                    "changes how text reads: type the value again without it"
                ),
                clean=lambda values: "".join(values).isascii(),
            )
        self.lost_letters()
        self.invalid(
            "name",
            lambda v: not has_visible_letters(v),
            lambda v: "has no letters or digits that show: a name must say which place it is",
            clean=lambda values: all(map(_ASCII_LETTER.search, values)),
        )
        for row, name in zip(self.rows, self.cols["name"]):
            if not name.isascii() and (word := mixed_script_word(name)):
                self.warn(
                    row,
                    "name",
                    f"{shown(word)} mixes letters of different alphabets "
                    "(a Cyrillic 'а' among Latin letters?): check the name",
                )
        for column in ("name", "address", "category", "city"):
            self.invalid(
                column,
                lambda v: v.startswith(FORMULA_PREFIXES),
                lambda v: "must not start with = + - or @ (spreadsheets run it as a formula)",
                clean=lambda values: not FORMULA_START.search("\n".join(values)),
            )
        profile = self.profile
        self.invalid(
            "zip",
            lambda v: not (v.isascii() and profile.postcode_ok(v)),
            lambda v: (
                f"{shown(v)} is not {profile.a_postcode_kind()}"
                + (
                    ""
                    if v.isascii()
                    else " (type the digits 0-9)"
                    if profile.postcode_example.isdigit()
                    else " (type it with plain digits and letters)"
                )
            ),
        )
        if self.state:
            self.invalid(
                "state",
                lambda v: v.upper() != self.state,
                lambda v: f"{shown(v)}: this register only covers {self.state}",
            )
        lats, lons = self.coordinates()
        phones = self.phones(approved)
        hours = self.parsed("hours", functools.partial(parse_hours_cell, calendar=self.calendar), HoursError)
        self.hours_as_read(hours)
        websites = self.websites()
        read_day = functools.partial(parse_day, order=profile.date_order)
        days = {c: self.parsed(c, read_day, ValueError) for c in ("applied_on", "approved_on", "trained_on")}
        self.dates(days)
        self.vetting(approved, days["trained_on"])
        self.duplicates()
        self.jurisdiction_zips(lats, lons)  # the build works the ZIP codes out meanwhile
        self.classify(status)  # last: sorts every rule's errors by whether the row is published
        self.errors.sort(key=lambda p: p.row)  # stable: rule order within a row
        self.warnings.sort(key=lambda p: p.row)
        self.name_places()
        return self.entries(status, lats, lons, phones, hours, days, websites)

    def lost_letters(self) -> None:
        """A "?" or U+FFFD where a letter was: a save in the wrong encoding (see garbled.py)."""
        from pipeline.register import garbled

        for columns, bad in (
            (garbled.WORD_COLUMNS, garbled.lost_letter),
            (garbled.NOTE_COLUMNS, garbled.lost_letter_in_text),
        ):
            for column in columns:
                self.invalid(column, bad, garbled.lost_letter_message, clean=garbled.clean_column)
        self.lost_since_published()

    def lost_since_published(self) -> None:
        """A "?" where the last published register had a letter in the same place (same id,
        same column): ``Phở`` -> ``Ph?`` even at the end of a value, which the rule above
        cannot tell from a question. Git is asked only when some cell has a "?" or U+FFFD."""
        from pipeline.register import garbled

        suspect = [c for c in COLUMNS if not garbled.clean_column(self.cols[c])]
        if self.published is None or not suspect:
            return
        ids = {
            ident
            for column in suspect
            for ident, value in zip(self.cols["id"], self.cols[column])
            if "?" in value or garbled.REPLACEMENT in value
        }
        ref, before = self.published(ids)
        if not before:
            return
        where = f" since the register published at {ref}" if ref else ""
        found = {(p.row, p.column) for p in self.errors}
        for column in suspect:
            for row, ident, value in zip(self.rows, self.cols["id"], self.cols[column]):
                old = before.get(ident, {}).get(column, "")
                if (row, column) not in found and garbled.replaced_letters(old, value):
                    self.errors.append(
                        Problem(
                            self.file, row, column, readable(garbled.replaced_message(old, value, where), 600)
                        )
                    )

    def name_places(self) -> None:
        """Each problem on a row names the place it holds (id and name), not just the row."""
        if not (self.errors or self.warnings):
            return
        places = {
            row: f"{ident} {cut(name)!r}" if name else ident
            for row, ident, name in zip(self.rows, self.cols["id"], self.cols["name"])
            if ident or name
        }
        self.errors = [replace(p, place=places.get(p.row, "")) for p in self.errors]
        self.warnings = [replace(p, place=places.get(p.row, "")) for p in self.warnings]

    def classify(self, status: list[str]) -> None:
        """Only what is published can block publishing.

        A problem on a row that is pending, suspended, withdrawn or declined becomes a warning
        (the row is not published, so an urgent suspension is not held up by an unfinished
        application). Still errors: the header, duplicate ids, rows with no or an unknown status
        (was "aproved" meant to be published?) and every problem on an approved row. Rules stay
        unaware of this: they report errors, and this one step sorts them."""
        held = {row: s for row, s in zip(self.rows, status) if s in UNPUBLISHED}
        if not held or not self.errors:
            return
        errors, always = [], {id(p) for p in self.blocking}
        for problem in self.errors:
            if problem.row in held and id(problem) not in always:
                self.demoted.append(problem)
                self.warnings.append(
                    replace(
                        problem,
                        warning=True,
                        message=(
                            f"{problem.message} (the row is {held[problem.row]}, so not published: "
                            "fix it before approving)"
                        ),
                    )
                )
            else:
                errors.append(problem)
        self.errors = errors

    def entries(self, status, lats, lons, phones, hours, days, websites) -> list[Entry]:
        """The typed records of the rows without errors, from the checked columns."""
        cols, rejected = self.cols, {p.row for p in self.errors}
        public = zip(
            self.rows,
            *(cols[c] for c in ("id", "name", "category", "address", "city", "state", "zip")),
            websites,
            lats,
            lons,
            phones,
            hours,
            status,
        )
        private = zip(
            *(cols[c] for c in ("contact_name", "contact_email", "contact_phone", "notes")),
            *(days[c] for c in ("applied_on", "approved_on", "trained_on")),
        )
        entries = []
        for (
            row,
            ident,
            name,
            category,
            address,
            city,
            state,
            zip_code,
            website,
            lat,
            lon,
            (phone, e164),
            schedule,
            row_status,
        ), vetting in zip(public, private):
            if row not in rejected:
                participant = Participant(
                    id=ident,
                    name=name,
                    category=category,
                    address=address,
                    city=city,
                    state=state.upper(),
                    zip=self.profile.normal_postcode(zip_code),
                    lat=lat,
                    lon=lon,
                    phone=phone,
                    phone_e164=e164,
                    hours=schedule,
                    website=website,
                    status=row_status,
                )
                entries.append(Entry(participant, Vetting(*vetting), row))
        return entries

    def invalid(self, column: str, bad, message, clean=None) -> None:
        """An error on every non-empty cell of ``column`` where ``bad(value)``.

        ``clean(values)``, when given, is a quick test that may clear the whole column at once
        (one search through the joined column, say): it must never be true of a column that
        holds a bad value."""
        values = self.cols[column]
        if clean is not None and clean(values):
            return
        failing = {v for v in set(values) if v and bad(v)}
        if failing:
            for row, value in zip(self.rows, values):
                if value in failing:
                    self.error(row, column, message(value))

    def parsed(self, column: str, parse, error: type[Exception]) -> list:
        """``parse(value)`` of every cell (None when empty); an error names each that fails."""
        results, failed = {}, False
        for value in set(self.cols[column]):
            if value:
                try:
                    results[value] = parse(value)
                except error as exc:
                    results[value], failed = exc, True
        out = list(map(results.get, self.cols[column]))
        if failed:
            for i, (row, result) in enumerate(zip(self.rows, out)):
                if isinstance(result, Exception):
                    self.error(row, column, str(result))
                    out[i] = None
        return out

    def hours_as_read(self, hours: list) -> None:
        """Say how each value was read when it was written another way ("read as
        `Mo-Fr 09:00-17:00`"); refuse hours that never open in the published window (on an
        approved row: it would be published as closed every day) and warn about hours that stop
        opening within 60 days (see :func:`pipeline.hours.schedule.ending`)."""
        judged: dict[int, tuple] = {}
        for row, value, schedule in zip(self.rows, self.cols["hours"], hours):
            if schedule is None:
                continue
            if schedule.source != value.strip():
                self.warn(row, "hours", f"read as `{schedule.source}` (safeplace import writes it so)")
            if id(schedule) not in judged:
                judged[id(schedule)] = ending(schedule)
            error, warning = judged[id(schedule)]
            if error:
                self.error(row, "hours", error)
            elif warning:
                self.warn(row, "hours", warning)

    def required(self, approved: list[bool]) -> None:
        # A pending application may still lack what vetting fills in (hours, coordinates...);
        # whatever is present is checked all the same.
        for column in REQUIRED_ALWAYS:
            if all(self.cols[column]):
                continue
            for row, value in zip(self.rows, self.cols[column]):
                if not value:
                    self.error(row, column, "required value is empty")
        for column in REQUIRED_TO_PUBLISH:
            if column == "state" and not self.profile.has_region:
                continue
            if all(self.cols[column]):
                continue
            for row, value, publish in zip(self.rows, self.cols[column], approved):
                if publish and not value:
                    self.error(row, column, "required before a participant can be approved")

    def coordinates(self) -> tuple[list, list]:
        lats = self.parsed("lat", functools.partial(parse_coordinate, limit=90), ValueError)
        lons = self.parsed("lon", functools.partial(parse_coordinate, limit=180), ValueError)
        if self.boundary:
            placed = (
                range(len(lats))
                if None not in lats and None not in lons
                else [
                    i for i, (lat, lon) in enumerate(zip(lats, lons)) if lat is not None and lon is not None
                ]
            )
            inside = self.boundary.contains_points([lats[i] for i in placed], [lons[i] for i in placed])
            (south, west), (north, east) = self.boundary.bounds
            for i, ok in zip(placed, inside):
                if not ok:
                    # The coordinate outside the boundary's extent is the wrong one.
                    column = "lon" if south <= lats[i] <= north and not west <= lons[i] <= east else "lat"
                    self.error(self.rows[i], column, f"{lats[i]}, {lons[i]} is outside {self.boundary.name}")
        self.swap_hints()
        return lats, lons

    def swap_hints(self) -> None:
        """ "swapped?" on a lat/lon error whose values fit the other way round (hints.py)."""
        from pipeline.register.hints import swapped

        spots = [k for k, p in enumerate(self.errors) if p.column in ("lat", "lon")]
        where = {row: i for i, row in enumerate(self.rows)} if spots else {}
        for k in spots:
            problem = self.errors[k]
            i = where[problem.row]
            if hint := swapped(self.cols["lat"][i], self.cols["lon"][i], self.boundary):
                self.errors[k] = replace(problem, message=readable(f"{problem.message}; {hint}", 400))

    def phones(self, approved: list[bool]) -> list[tuple[str, str]]:
        forms = {v: self.profile.phone_forms(v) for v in set(self.cols["phone"]) if v}
        out = []
        for row, text, publish in zip(self.rows, self.cols["phone"], approved):
            if not text:
                if publish:
                    self.warn(row, "phone", "no phone number: visitors cannot call ahead")
                out.append(("", ""))
            elif (form := forms[text]) is None:
                self.error(row, "phone", f"{shown(text)} is not a valid {self.profile.phone_kind()}")
                out.append(("", ""))
            else:
                out.append(form)
        return out

    def vetting(self, approved: list[bool], trained: list[date | None]) -> None:
        for column in ("approved_on", "trained_on"):
            for row, value, publish in zip(self.rows, self.cols[column], approved):
                if publish and not value:
                    self.error(row, column, "an approved participant needs this date")
        for row, day, publish in zip(self.rows, trained, approved):
            if publish and day and self.today - day > RETRAINING_AFTER:
                self.warn(row, "trained_on", f"staff last trained {day.isoformat()}: re-training is due")

    def websites(self) -> list[str]:
        """Each website as published (a confirmed non-ASCII host in punycode); errors for
        addresses that are not plainly an http(s) site of a real host."""
        confirmed = ascii_hosts(tuple(self.confirmed_hosts))
        values = set(self.cols["website"]) - {""}
        # One search through the column finds the addresses that are not plainly fine; only
        # those are taken apart.
        suspect = {v for v in values if "\n" in v}
        suspect |= {m.group(0) for m in NOT_PLAIN_WEB_LINE.finditer("\n".join(values - suspect))}
        suspect.discard("")  # no website at all is fine (an empty column matches as one empty line)
        checked = {v: web_address(v, confirmed) for v in suspect}
        out = []
        for row, value in zip(self.rows, self.cols["website"]):
            if value not in checked:
                out.append(value)
                continue
            problem, published = checked[value]
            if problem:
                self.error(row, "website", f"{shown(value)} {problem}")
            out.append(published)
        return out

    def dates(self, days: dict[str, list]) -> None:
        """Vetting dates that cannot be true: in the future, or approved before applying."""
        for column, values in days.items():
            for row, day in zip(self.rows, values):
                if day is not None and day > self.today:
                    self.error(row, column, f"{day.isoformat()} is in the future")
        for row, applied, approved in zip(self.rows, days["applied_on"], days["approved_on"]):
            if applied and approved and approved < applied:
                self.error(
                    row, "approved_on", f"{approved.isoformat()} is before applied_on ({applied.isoformat()})"
                )

    def jurisdiction_zips(self, lats, lons) -> None:
        """A ZIP code must be one of the jurisdiction's; far from the place's point, a warning."""
        zips = self.zip_codes() if callable(self.zip_codes) else self.zip_codes
        if not zips:
            return
        import numpy as np

        where = self.boundary.name if self.boundary else "the jurisdiction"
        placed = []  # (row, code, lat, lon, centre) of rows with a known ZIP and a point
        profile = self.profile
        for row, code, lat, lon in zip(self.rows, self.cols["zip"], lats, lons):
            centre = zips.get(profile.centre_key(code)) if code else None
            if centre is None:
                if code and code.isascii() and profile.postcode_ok(code):
                    self.error(row, "zip", f"{code} is not a {profile.postcode_name} of {where}")
            elif lat is not None and lon is not None:
                placed.append((row, code, lat, lon, centre))
        if not placed:
            return
        # Haversine for every row at once (as geography.distance_km does one by one).
        lat1, lon1 = np.radians([p[2] for p in placed]), np.radians([p[3] for p in placed])
        lat2, lon2 = np.radians([p[4][0] for p in placed]), np.radians([p[4][1] for p in placed])
        a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
        refused = {p.row for p in self.errors}  # a row refused already needs no warning
        for i in np.flatnonzero(km > ZIP_WARNING_KM).tolist():
            row, code, lat, lon, _ = placed[i]
            if row not in refused:
                self.warn(
                    row,
                    "zip",
                    f"{lat}, {lon} is {km[i]:.0f} km from the centre of "
                    f"{self.profile.short_postcode_name} {code}: check the "
                    f"{self.profile.postcode_name} and the coordinates",
                )

    def duplicates(self) -> None:
        ids = [i for i in self.cols["id"] if i]
        places = list(zip(map(same_text_key, self.cols["name"]), map(same_text_key, self.cols["address"])))
        if len(set(ids)) == len(ids) and len(set(places)) == len(places):
            return  # every id and every name-and-address is used once: nothing to look into
        seen_ids: dict[str, int] = {}
        seen_places: dict[tuple[str, str], tuple[int, str]] = {}
        for row, ident, name, address, place in zip(
            self.rows, self.cols["id"], self.cols["name"], self.cols["address"], places
        ):
            if ident:
                if ident in seen_ids:
                    self.error(
                        row,
                        "id",
                        f"duplicate id {shown(ident)}: also used on row {seen_ids[ident]}",
                        always=True,
                    )
                else:
                    seen_ids[ident] = row
            if name and address:
                if place in seen_places and seen_places[place][1] != ident:
                    other_row, other_id = seen_places[place]
                    self.error(
                        row,
                        "name",
                        f"same name and address as row {other_row} "
                        f"(id {other_id!r}): one participant listed twice",
                    )
                else:
                    seen_places.setdefault(place, (row, ident))
