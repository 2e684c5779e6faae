"""Load the participant register (``data/participants.csv``) into typed, validated records.

The register is edited by coordinators, often in Excel, so this module is the gate between a
spreadsheet and the public site: it reads whatever encoding Excel saved, checks every cell, and
either returns records that are safe to publish or raises :class:`RegisterError` listing *every*
problem as ``FILE:ROW: COLUMN: message`` (ROW is the spreadsheet row, the header being row 1).

Public and private data are split here, once: :class:`Participant` carries only the public
columns, so nothing downstream can publish a contact, note or vetting date by accident.
"""

from __future__ import annotations

import calendar
import csv
import functools
import io
import re
from dataclasses import dataclass, field, replace
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
STATUSES = ("approved", "pending", "suspended", "withdrawn", "declined")
# Rows with these statuses are never published, so a problem on one of them is a warning: it must
# not hold up an urgent suspension or the rest of the register (see _Checker.classify).
UNPUBLISHED = frozenset(STATUSES) - {"approved"}
RETRAINING_AFTER = timedelta(days=365)
REQUIRED_ALWAYS = ("id", "name", "address", "status")
REQUIRED_TO_PUBLISH = ("category", "city", "state", "zip", "lat", "lon")  # no hours: "Call to check hours"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ROW = "__row__"  # spreadsheet row number, carried through pandas
_ZIP = re.compile(r"^\d{5}$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")  # as US Excel saves a date cell
_FORMULA_START = re.compile("^[=+@\t\r-]", re.M)  # FORMULA_PREFIXES at the start of a line
_SPACE = re.compile(r"\s")  # the characters str.isspace() finds
# An address urlsplit() certainly reads as http(s) with a host: a fast path for the common case.
_PLAIN_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#]\S*)?")
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
    hours: WeeklySchedule | None  # None when the register gives none ("Call to check hours")
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


def phone_forms(text: str) -> tuple[str, str] | None:
    """(readable, E.164) for a valid North American number, else None."""
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 1 or not phonenumbers.is_valid_number(number):
        return None
    return (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


SAVE_AS_UTF8 = ('in Excel choose File > Save As (Windows) or File > Save As... > File Format (Mac) '
                '"CSV UTF-8 (Comma delimited) (.csv)", then save again')
# Characters Windows-1252 has but a register almost never holds next to a letter; each is what a
# Mac Roman accented letter becomes when read as Windows-1252 ("Café" -> "CafŽ", "Müller" -> "MŸller").
_MAC_ROMAN_SIGNS = frozenset("ƒ†‡ˆ‰Š‹ŒŽ˜š›œžŸ")
# A valid multi-byte UTF-8 sequence: in a file that is not UTF-8 throughout, proof of a mix.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# UTF-8 read as Windows-1252 and saved again as UTF-8 ("CafÃ©", "Tomâ€™s"): garbled for good.
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|â€[™œ“”˜¦¢]")


def _line_of(raw: bytes, offset: int) -> int:
    """The line (1-based) holding byte ``offset``, whatever the line endings."""
    return raw.count(b"\n" if b"\n" in raw else b"\r", 0, offset) + 1


def _refuse(name: str, row: int, message: str) -> RegisterError:
    return RegisterError([Problem(name, row, "-", message)])


def detect_encoding(raw: bytes, name: str = "the register") -> str:
    """The encoding Excel or an editor saved ``raw`` in: ``utf-8-sig``, ``utf-8`` or ``cp1252``.

    Anything else is refused, never guessed: a guess publishes garbled names. UTF-16 ("Unicode
    Text"), a workbook renamed to .csv, a file that mixes UTF-8 with another encoding, and Mac
    Roman ("CSV (Macintosh)") each get a RegisterError naming what the file is, the first row
    concerned and the Excel steps that fix it. Telling Mac Roman from Windows-1252: both are one
    byte a character, but Mac Roman puts its accented letters at 0x80-0x9F, where Windows-1252
    has rare signs (Ž, Ÿ, ‡...) or nothing at all; those signs beside a letter, or a capital
    accented letter inside a lowercase word ("TomÕs"), are what Mac Roman text looks like.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw):
        raise _refuse(name, 1, 'this file is UTF-16 (Excel\'s "Unicode Text"), not a CSV register: ' + SAVE_AS_UTF8)
    if raw.startswith(b"PK\x03\x04"):
        raise _refuse(name, 1, "this file is an Excel workbook (.xlsx) renamed to .csv: run "
                      "`safeplace import` on it (it writes the register), or " + SAVE_AS_UTF8)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(name, 1, "this file is an old Excel workbook (.xls) renamed to .csv: " + SAVE_AS_UTF8)
    if b"\x00" in raw:
        raise _refuse(name, 1, "this file is not a CSV register (empty or binary)")
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        row = _line_of(raw, exc.start)
        if encoding == "utf-8-sig" or _UTF8_SEQUENCE.search(raw):
            raise _refuse(name, row, "this file mixes encodings (UTF-8, but this row is not): its "
                          "accented letters would be published garbled; " + SAVE_AS_UTF8) from None
        # bytes Windows-1252 does not use (Mac Roman's è, ç...) become U+FFFD: a clue like the others
        text = raw.decode("cp1252", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        if (clue := _mac_roman_clue(text)) is not None:
            line, sample = clue
            raise _refuse(name, line, f"{sample!r}: " + _MAC_ROMAN + SAVE_AS_UTF8)
        return "cp1252"
    if (garbled := _MOJIBAKE.search(text)) is not None:
        start = garbled.start()
        sample = _word_at(text, start)
        raise _refuse(name, text.count("\n", 0, start) + 1,
                      f"{sample!r}: text garbled by an earlier save in the wrong encoding; "
                      "retype the accented letters, then " + SAVE_AS_UTF8)
    return encoding


def _utf16_without_bom(raw: bytes) -> bool:
    """Text where every other byte is zero: UTF-16 without its byte order mark."""
    head = raw[:4000]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    return len(head) > 3 and max(odd, even) > len(head) * 0.4 and min(odd, even) < len(head) * 0.02


_MAC_ROMAN = 'this file looks saved as "CSV (Macintosh)" (Mac Roman): its accented letters would be published garbled; '


def _mac_roman_clue(text: str) -> tuple[int, str] | None:
    """(line, a few characters) where Windows-1252 text looks like Mac Roman, else None."""
    for match in re.finditer(r"[^\x00-\x7f]", text):
        i, char = match.start(), match.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        suspicious = (
            char == "\ufffd"
            or (char in _MAC_ROMAN_SIGNS and before.islower())  # "CafŽ", "DŸsseldorf" read wrongly
            or (char in _MAC_ROMAN_SIGNS and not char.isalpha() and (before.isalpha() or after.isalpha()))
            or (char.isupper() and (before.islower() or (before.isalpha() and after.islower())))  # "TomÕs"
            or (char in "–—" and before.islower() and after.islower())  # "Espa–a" (not "Mo–Fr")
        )
        if suspicious:
            return text.count("\n", 0, i) + 1, _word_at(text, i)
    return None


def _word_at(text: str, i: int) -> str:
    """The word around ``text[i]`` (within its cell), to show the coordinator what is garbled."""
    stops = ' ,;"\n\t'
    start, end = i, i + 1
    while start > 0 and text[start - 1] not in stops and i - start < 20:
        start -= 1
    while end < len(text) and text[end] not in stops and end - i < 20:
        end += 1
    return text[start:end]


def decode(raw: bytes, name: str = "the register") -> str:
    """Text from the bytes Excel and editors write: UTF-8 (with or without BOM) or Windows-1252.

    Anything else raises RegisterError (see :func:`detect_encoding`). Line endings become newlines.
    """
    text = raw.decode(detect_encoding(raw, name))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_table(path: Path, text: str | None = None) -> pd.DataFrame:
    """The register as a table of stripped strings; RegisterError names rows that don't fit.

    The csv module splits the text (so a stray comma is reported on its own spreadsheet row);
    pandas holds the table, with each row's spreadsheet row number in ``__row__``.
    """
    if text is None:
        text = decode(path.read_bytes(), str(path))
    name = str(path)
    if "\x00" in text or not text.strip():
        raise RegisterError([Problem(name, 1, "-", "this file is not a CSV register (empty or binary)")])
    rows, reader = [], csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for cells in reader:
            rows.append(cells)
    except csv.Error:
        row = len(rows) + 1  # the row whose record the quote broke (csv reads a record at a time)
        message = ('a quote (") opens in this row and is never closed where its cell ends: put the '
                   'whole cell in quotes and double each quote inside it (""), or remove the quote')
        raise RegisterError([Problem(name, row, "-", message)]) from None
    first = rows[0][0] if len(rows[0]) == 1 else ""
    for sign, what in ((";", "semicolons"), ("\t", "tabs")):
        if sign in first and "," not in first:
            raise RegisterError([Problem(name, 1, "-", (
                f"this file is separated by {what}, not commas (Excel saves it so where the decimal "
                "mark is a comma, or as \"Text (Tab delimited)\"): run `safeplace import` on it, or "
                "set Excel's list separator to a comma (File > Options > Advanced: untick \"Use "
                "system separators\", decimal separator \".\") and " + SAVE_AS_UTF8))])
    header = [cell.strip().lower() for cell in rows[0]]
    problems = []
    if len(set(header)) != len(header) or "" in header:
        problems.append(Problem(name, 1, "-", "the header has empty or repeated column names"))
    width, records, numbers = len(header), [], []
    for number, cells in enumerate(rows[1:], start=2):
        if not (cells and cells[0].strip()) and not "".join(cells).strip():
            continue  # blank line
        if len(cells) != width:
            problems.append(Problem(name, number, "-", f"{len(cells)} cells but the header has "
                                    f"{width} (a comma inside an unquoted value?)"))
            continue
        records.append(cells)
        numbers.append(number)
    if problems:
        raise RegisterError(problems)
    columns = zip(*records) if records else ([] for _ in header)
    table = {c: list(map(str.strip, cells)) for c, cells in zip(header, columns)}
    table[_ROW] = numbers
    return pd.DataFrame(table, columns=header + [_ROW])


def load_register(path: str | Path, boundary: Boundary | None = None,
                  categories: tuple[str, ...] | None = None, today: date | None = None,
                  state: str | None = None, raw: bytes | None = None) -> Register:
    """Read and validate the register; raise RegisterError naming every problem.

    ``raw``, when given, is the register's content and ``path`` only names it in messages (a
    workbook being imported, a register from an earlier commit)."""
    path = Path(path)
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise RegisterError([Problem(str(path), 0, "-", f"cannot read the register: {exc.strerror}")]) from None
    frame = read_table(path, decode(raw, str(path)))
    checker = _Checker(str(path), boundary, categories, today or date.today(), state)
    entries = checker.check(frame)
    if checker.errors:
        raise RegisterError(checker.errors + checker.warnings)
    return Register(path, entries, checker.warnings)


class _Checker:
    """Collects every problem in one pass so a coordinator fixes them all at once.

    Each rule runs over a whole column and judges each *distinct* value once: a register repeats
    its statuses, categories, ZIP codes, hours, phone numbers and vetting days, and a column
    free of control characters is recognised in one search. That keeps 30,000 rows well under a
    second. Problems are then listed in row order (within a row, in the order of the rules), as
    a coordinator reads the spreadsheet.
    """

    def __init__(self, file, boundary, categories, today, state):
        self.file, self.boundary, self.categories = file, boundary, categories
        self.today, self.state = today, state
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.blocking: list[Problem] = []  # errors whatever the row's status (see classify)
        self.demoted: list[Problem] = []  # errors made warnings by classify, as first reported

    def error(self, row: int, column: str, message: str, always: bool = False) -> None:
        self.errors.append(Problem(self.file, row, column, message))
        if always:
            self.blocking.append(self.errors[-1])

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
        self.rows = list(map(int, frame[_ROW].tolist()))
        self.cols = cols = {c: frame[c].tolist() for c in COLUMNS}
        status = list(map(str.lower, cols["status"]))
        approved = [s == "approved" for s in status]

        # The rules, in the order a row's problems are listed.
        self.required(approved)
        self.invalid("status", lambda v: v.lower() not in STATUSES,
                     lambda v: f"{v!r} is not one of {', '.join(STATUSES)}")
        self.invalid("id", lambda v: not _ID.match(v),
                     lambda v: f"{v!r}: use only letters, digits, '-', '_' and '.'",
                     clean=lambda values: all(map(_ID.match, values)))
        if self.categories is not None:
            self.invalid("category", lambda v: v not in self.categories,
                         lambda v: f"{v!r} is not a known category ({'; '.join(self.categories)})")
        for column in PUBLIC_COLUMNS:
            self.invalid(column, _CONTROL.search,
                         lambda v: "contains a line break or other control character",
                         clean=lambda values: not _CONTROL.search("".join(values)))
        for column in ("name", "address", "category", "city"):
            self.invalid(column, lambda v: v.startswith(FORMULA_PREFIXES),
                         lambda v: "must not start with = + - or @ (spreadsheets run it as a formula)",
                         clean=lambda values: not _FORMULA_START.search("\n".join(values)))
        self.invalid("zip", lambda v: not _ZIP.match(v), lambda v: f"{v!r} is not a 5-digit ZIP code")
        if self.state:
            self.invalid("state", lambda v: v.upper() != self.state,
                         lambda v: f"{v!r}: this register only covers {self.state}")
        lats, lons = self.coordinates()
        phones = self.phones(approved)
        hours = self.parsed("hours", parse_hours, HoursError)
        self.invalid("website", lambda v: not is_web_address(v),
                     lambda v: f"{v!r} is not an http:// or https:// address")
        days = {c: self.parsed(c, _day, ValueError) for c in ("applied_on", "approved_on", "trained_on")}
        self.vetting(approved, days["trained_on"])
        self.duplicates()
        self.classify(status)
        self.errors.sort(key=lambda p: p.row)  # stable: rule order within a row
        self.warnings.sort(key=lambda p: p.row)
        return self.entries(status, lats, lons, phones, hours, days)

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
                self.warnings.append(replace(problem, warning=True, message=(
                    f"{problem.message} (the row is {held[problem.row]}, so not published: "
                    "fix it before approving)")))
            else:
                errors.append(problem)
        self.errors = errors

    def entries(self, status, lats, lons, phones, hours, days) -> list[Entry]:
        """The typed records of the rows without errors, from the checked columns."""
        cols, rejected = self.cols, {p.row for p in self.errors}
        public = zip(self.rows, *(cols[c] for c in ("id", "name", "category", "address", "city",
                                                     "state", "zip", "website")),
                     lats, lons, phones, hours, status)
        private = zip(*(cols[c] for c in ("contact_name", "contact_email", "contact_phone", "notes")),
                      *(days[c] for c in ("applied_on", "approved_on", "trained_on")))
        entries = []
        for (row, ident, name, category, address, city, state, zip_code, website, lat, lon,
             (phone, e164), schedule, row_status), vetting in zip(public, private):
            if row not in rejected:
                participant = Participant(
                    id=ident, name=name, category=category, address=address, city=city,
                    state=state.upper(), zip=zip_code, lat=lat, lon=lon, phone=phone,
                    phone_e164=e164, hours=schedule, website=website, status=row_status)
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
            if all(self.cols[column]):
                continue
            for row, value, publish in zip(self.rows, self.cols[column], approved):
                if publish and not value:
                    self.error(row, column, "required before a participant can be approved")

    def coordinates(self) -> tuple[list, list]:
        lats = self.parsed("lat", functools.partial(_coordinate, limit=90), ValueError)
        lons = self.parsed("lon", functools.partial(_coordinate, limit=180), ValueError)
        if self.boundary:
            placed = (range(len(lats)) if None not in lats and None not in lons else
                      [i for i, (lat, lon) in enumerate(zip(lats, lons))
                       if lat is not None and lon is not None])
            inside = self.boundary.contains_points([lats[i] for i in placed],
                                                   [lons[i] for i in placed])
            for i, ok in zip(placed, inside):
                if not ok:
                    self.error(self.rows[i], "lat", f"{lats[i]}, {lons[i]} is outside {self.boundary.name}")
        return lats, lons

    def phones(self, approved: list[bool]) -> list[tuple[str, str]]:
        forms = {v: phone_forms(v) for v in set(self.cols["phone"]) if v}
        out = []
        for row, text, publish in zip(self.rows, self.cols["phone"], approved):
            if not text:
                if publish:
                    self.warn(row, "phone", "no phone number: visitors cannot call ahead")
                out.append(("", ""))
            elif forms[text] is None:
                self.error(row, "phone", f"{text!r} is not a valid North American phone number")
                out.append(("", ""))
            else:
                out.append(forms[text])
        return out

    def vetting(self, approved: list[bool], trained: list[date | None]) -> None:
        for column in ("approved_on", "trained_on"):
            for row, value, publish in zip(self.rows, self.cols[column], approved):
                if publish and not value:
                    self.error(row, column, "an approved participant needs this date")
        for row, day, publish in zip(self.rows, trained, approved):
            if publish and day and self.today - day > RETRAINING_AFTER:
                self.warn(row, "trained_on", f"staff last trained {day.isoformat()}: re-training is due")

    def duplicates(self) -> None:
        ids = [i for i in self.cols["id"] if i]
        places = list(zip(map(str.casefold, self.cols["name"]), map(str.casefold, self.cols["address"])))
        if len(set(ids)) == len(ids) and len(set(places)) == len(places):
            return  # every id and every name-and-address is used once: nothing to look into
        seen_ids, seen_places = {}, {}
        for row, ident, name, address in zip(self.rows, self.cols["id"], self.cols["name"],
                                             self.cols["address"]):
            if ident:
                if ident in seen_ids:
                    self.error(row, "id", f"duplicate id {ident!r}: also used on row {seen_ids[ident]}",
                               always=True)
                else:
                    seen_ids[ident] = row
            if name and address:
                place = (name.casefold(), address.casefold())
                if place in seen_places and seen_places[place][1] != ident:
                    other_row, other_id = seen_places[place]
                    self.error(row, "name", f"same name and address as row {other_row} "
                                            f"(id {other_id!r}): one participant listed twice")
                else:
                    seen_places.setdefault(place, (row, ident))


def _coordinate(text: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not -limit <= value <= limit or value != value:
        raise ValueError(f"{text} is out of range (-{limit} to {limit})")
    return round(value, 6)


def _day(text: str) -> date:
    """``YYYY-MM-DD``, or ``M/D/YYYY`` and ``M/D/YY`` as US Excel saves date cells, as a date."""
    us = None
    if (iso := _DATE.match(text)) is not None:
        year, month, day = map(int, iso.groups())
    elif (us := _US_DATE.match(text)) is not None:
        month, day, year = map(int, us.groups())
        year += 2000 if year < 100 else 0  # Excel for Mac writes 2/4/26
    else:
        raise ValueError(f"{text!r} is not a date: write YYYY-MM-DD, e.g. 2026-02-04 "
                         "(M/D/YYYY, as US Excel saves dates, is read too)")
    if not 1 <= month <= 12:
        order = " (dates with / are read month first, as US Excel writes them)" if us else ""
        raise ValueError(f"{text!r} is not a date: there is no month {month}{order}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        which = f"{calendar.month_name[month]} {year}" if month == 2 else calendar.month_name[month]
        raise ValueError(f"{text!r} is not a date: {which} has {days} days")
    return date(year, month, day)


def is_web_address(text: str) -> bool:
    """An absolute http:// or https:// address with a host and no spaces."""
    if _PLAIN_WEB_ADDRESS.fullmatch(text):  # most addresses: no need to take them apart
        return True
    if _SPACE.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. a broken IPv6 host, "http://[x"
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
