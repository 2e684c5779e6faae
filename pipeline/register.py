"""Load the participant register (``data/participants.csv``) into typed, validated records.

The register is edited by coordinators, often in Excel, so this module is the gate between a
spreadsheet and the public site: it reads whatever encoding Excel saved, checks every cell, and
either returns records that are safe to publish or raises :class:`RegisterError` listing *every*
problem as ``FILE:ROW: COLUMN: message`` (ROW is the spreadsheet row, the header being row 1).

Public and private data are split here, once: :class:`Participant` carries only the public
columns, so nothing downstream can publish a contact, note or vetting date by accident.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import phonenumbers

from pipeline.geography import Boundary
from pipeline.hours import HoursError, WeeklySchedule, parse_hours

PUBLIC_COLUMNS = (
    "id", "name", "category", "address", "city", "state", "zip",
    "lat", "lon", "phone", "hours", "website", "status",
)
PRIVATE_COLUMNS = (
    "contact_name", "contact_email", "contact_phone", "notes",
    "applied_on", "approved_on", "trained_on",
)
COLUMNS = PUBLIC_COLUMNS + PRIVATE_COLUMNS
STATUSES = ("approved", "pending", "suspended", "withdrawn")
RETRAINING_AFTER = timedelta(days=365)
REQUIRED_ALWAYS = ("id", "name", "address", "status")
REQUIRED_TO_PUBLISH = ("category", "city", "state", "zip", "lat", "lon", "hours")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ROW = "__row__"  # spreadsheet row number, carried through pandas
_ZIP = re.compile(r"^\d{5}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# OWASP CSV injection: spreadsheet programs run a cell starting with these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Problem:
    """One finding about one cell, printed the way editors and CI logs link to it."""

    file: str
    row: int
    column: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.row}: {self.column}: {kind}{self.message}"


class RegisterError(Exception):
    """The register cannot be published; ``problems`` names every error found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Participant:
    """A place as the public sees it: public columns only, already normalised."""

    id: str
    name: str
    category: str
    address: str
    city: str
    state: str
    zip: str
    lat: float | None  # None only on rows not yet approved
    lon: float | None
    phone: str  # readable national form, "" when none
    phone_e164: str  # for tel: links, "" when none
    hours: WeeklySchedule | None  # None only on rows not yet approved
    website: str
    status: str

    @property
    def full_address(self) -> str:
        return f"{self.address}, {self.city}, {self.state} {self.zip}"

    def public_row(self) -> dict[str, str]:
        """The public columns as text, in register order (for exports)."""
        return {
            "id": self.id, "name": self.name, "category": self.category,
            "address": self.address, "city": self.city, "state": self.state,
            "zip": self.zip, "lat": "" if self.lat is None else f"{self.lat:.6f}",
            "lon": "" if self.lon is None else f"{self.lon:.6f}",
            "phone": self.phone, "hours": self.hours.source if self.hours else "",
            "website": self.website,
            "status": self.status,
        }


@dataclass(frozen=True)
class Vetting:
    """The private side of a row: who vouched, when trained. Never published."""

    contact_name: str
    contact_email: str
    contact_phone: str
    notes: str
    applied_on: date | None
    approved_on: date | None
    trained_on: date | None


@dataclass(frozen=True)
class Entry:
    participant: Participant
    vetting: Vetting
    row: int


@dataclass
class Register:
    path: Path
    entries: list[Entry]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def published(self) -> list[Participant]:
        """Approved participants only, in a stable, human order (name, then id)."""
        approved = [e.participant for e in self.entries if e.participant.status == "approved"]
        return sorted(approved, key=lambda p: (p.name.casefold(), p.id))


@functools.lru_cache(maxsize=65536)
def phone_forms(text: str) -> tuple[str, str] | None:
    """(readable, E.164) for a valid North American number, else None. Cached: branches of one
    organisation often share a number, and a large register repeats many."""
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 1 or not phonenumbers.is_valid_number(number):
        return None
    return (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def decode(raw: bytes) -> str:
    """Text from the bytes Excel and editors write: UTF-8 (with or without BOM) or Windows-1252."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_table(path: Path, text: str | None = None) -> pd.DataFrame:
    """The register as a table of stripped strings; RegisterError names rows that don't fit.

    The csv module splits the text (so a stray comma is reported on its own spreadsheet row);
    pandas holds the table.
    """
    if text is None:
        text = decode(path.read_bytes())
    name = str(path)
    if "\x00" in text or not text.strip():
        raise RegisterError([Problem(name, 1, "-", "this file is not a CSV register (empty or binary)")])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise RegisterError([Problem(name, 1, "-", f"this file is not a readable CSV: {exc}")]) from None
    header = [cell.strip().lower() for cell in rows[0]]
    problems = []
    if len(set(header)) != len(header) or "" in header:
        problems.append(Problem(name, 1, "-", "the header has empty or repeated column names"))
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if len(cells) != len(header):
            problems.append(Problem(name, number, "-", f"{len(cells)} cells but the header has "
                                    f"{len(header)} (a comma inside an unquoted value?)"))
            continue
        records.append([cell.strip() for cell in cells] + [str(number)])
    if problems:
        raise RegisterError(problems)
    return pd.DataFrame(records, columns=header + [_ROW], dtype=str)


def load_register(path: str | Path, boundary: Boundary | None = None,
                  categories: tuple[str, ...] | None = None, today: date | None = None,
                  state: str | None = None) -> Register:
    """Read and validate the register; raise RegisterError naming every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RegisterError([Problem(str(path), 0, "-", f"cannot read the register: {exc.strerror}")]) from None
    frame = read_table(path, decode(raw))
    checker = _Checker(str(path), boundary, categories, today or date.today(), state)
    entries = checker.check(frame)
    if checker.errors:
        raise RegisterError(checker.errors + checker.warnings)
    return Register(path, entries, checker.warnings)


@functools.lru_cache(maxsize=4096)
def iso_date(text: str) -> date | None:
    """``YYYY-MM-DD`` as a date, else None (cached: a register repeats its vetting days)."""
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class _Checker:
    """Collects every problem in one pass so a coordinator fixes them all at once."""

    def __init__(self, file, boundary, categories, today, state):
        self.file, self.boundary, self.categories = file, boundary, categories
        self.today, self.state = today, state
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(Problem(self.file, row, column, message))

    def warn(self, row: int, column: str, message: str) -> None:
        self.warnings.append(Problem(self.file, row, column, message, warning=True))

    def check(self, frame: pd.DataFrame) -> list[Entry]:
        missing = [c for c in COLUMNS if c not in frame.columns]
        for column in missing:
            self.error(1, column, "required column is missing from the header")
        for column in frame.columns:
            if column not in COLUMNS and column != _ROW:
                self.warn(1, column, "unknown column: ignored and never published")
        if missing:
            return []
        entries, seen_ids, seen_places = [], {}, {}
        names = list(frame.columns)
        for values in zip(*(frame[c].tolist() for c in names)):
            record = dict(zip(names, values))
            row = int(record[_ROW])
            entry = self.check_row(row, record)
            ident = record["id"]
            if ident:
                if ident in seen_ids:
                    self.error(row, "id", f"duplicate id {ident!r}: also used on row {seen_ids[ident]}")
                else:
                    seen_ids[ident] = row
            place = (record["name"].casefold(), record["address"].casefold())
            if record["name"] and record["address"]:
                if place in seen_places and seen_places[place][1] != ident:
                    other_row, other_id = seen_places[place]
                    self.error(row, "name", f"same name and address as row {other_row} "
                                            f"(id {other_id!r}): one participant listed twice")
                else:
                    seen_places.setdefault(place, (row, ident))
            if entry is not None:
                entries.append(entry)
        return entries

    def check_row(self, row: int, r: dict[str, str]) -> Entry | None:
        before = len(self.errors)
        status = r["status"].lower()
        # A pending application may still lack what vetting fills in (hours, coordinates...);
        # whatever is present is checked all the same.
        required = REQUIRED_ALWAYS + (REQUIRED_TO_PUBLISH if status == "approved" else ())
        for column in required:
            if not r[column]:
                self.error(row, column, "required value is empty" if column in REQUIRED_ALWAYS
                           else "required before a participant can be approved")
        if r["status"] and status not in STATUSES:
            self.error(row, "status", f"{r['status']!r} is not one of {', '.join(STATUSES)}")
        if r["id"] and not _ID.match(r["id"]):
            self.error(row, "id", f"{r['id']!r}: use only letters, digits, '-', '_' and '.'")
        if r["category"] and self.categories is not None and r["category"] not in self.categories:
            self.error(row, "category", f"{r['category']!r} is not a known category "
                                         f"({'; '.join(self.categories)})")
        for column in PUBLIC_COLUMNS:
            if _CONTROL.search(r[column]):
                self.error(row, column, "contains a line break or other control character")
        for column in ("name", "address", "category", "city"):
            if r[column].startswith(FORMULA_PREFIXES):
                self.error(row, column, "must not start with = + - or @ (spreadsheets run it as a formula)")
        if r["zip"] and not _ZIP.match(r["zip"]):
            self.error(row, "zip", f"{r['zip']!r} is not a 5-digit ZIP code")
        if r["state"] and self.state and r["state"].upper() != self.state:
            self.error(row, "state", f"{r['state']!r}: this register only covers {self.state}")
        lat, lon = self.coordinate(row, "lat", r["lat"], 90), self.coordinate(row, "lon", r["lon"], 180)
        if lat is not None and lon is not None and self.boundary and not self.boundary.contains(lat, lon):
            self.error(row, "lat", f"{lat}, {lon} is outside {self.boundary.name}")
        phone, e164 = self.phone(row, r["phone"], "phone")
        if not r["phone"] and status == "approved":
            self.warn(row, "phone", "no phone number: visitors cannot call ahead")
        hours = None
        if r["hours"]:
            try:
                hours = parse_hours(r["hours"])
            except HoursError as exc:
                self.error(row, "hours", str(exc))
        website = r["website"]
        if website:
            parts = urlsplit(website)
            if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in website):
                self.error(row, "website", f"{website!r} is not an http:// or https:// address")
        vetting = self.vetting(row, r, status)
        if len(self.errors) > before:
            return None
        participant = Participant(
            id=r["id"], name=r["name"], category=r["category"], address=r["address"],
            city=r["city"], state=r["state"].upper(), zip=r["zip"], lat=lat, lon=lon,
            phone=phone, phone_e164=e164, hours=hours, website=website, status=status,
        )
        return Entry(participant, vetting, row)

    def coordinate(self, row: int, column: str, text: str, limit: float) -> float | None:
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            self.error(row, column, f"{text!r} is not a number")
            return None
        if not -limit <= value <= limit or value != value:
            self.error(row, column, f"{text} is out of range (-{limit} to {limit})")
            return None
        return round(value, 6)

    def phone(self, row: int, text: str, column: str) -> tuple[str, str]:
        if not text:
            return "", ""
        forms = phone_forms(text)
        if forms is None:
            self.error(row, column, f"{text!r} is not a valid North American phone number")
            return "", ""
        return forms

    def day(self, row: int, column: str, text: str) -> date | None:
        if not text:
            return None
        day = iso_date(text)
        if day is None:
            self.error(row, column, f"{text!r} is not a date written YYYY-MM-DD")
        return day

    def vetting(self, row: int, r: dict[str, str], status: str) -> Vetting:
        days = {c: self.day(row, c, r[c]) for c in ("applied_on", "approved_on", "trained_on")}
        if status == "approved":
            for column in ("approved_on", "trained_on"):
                if not r[column]:
                    self.error(row, column, "an approved participant needs this date")
        trained = days["trained_on"]
        if status == "approved" and trained and self.today - trained > RETRAINING_AFTER:
            self.warn(row, "trained_on", f"staff last trained {trained.isoformat()}: re-training is due")
        return Vetting(r["contact_name"], r["contact_email"], r["contact_phone"], r["notes"],
                       days["applied_on"], days["approved_on"], trained)
