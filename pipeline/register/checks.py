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
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Mapping

import idna
import pandas as pd
import phonenumbers

from pipeline.register.geography import EARTH_RADIUS_KM, Boundary
from pipeline.hours.schedule import HoursError, WeeklySchedule, parse_hours

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
_ROW = "\x00row"  # spreadsheet row number, carried through pandas (no header can be NUL)
ROW_COLUMN = _ROW  # the name other modules use for it
_ZIP = re.compile(r"[0-9]{5}")  # ASCII digits only: not Arabic-Indic or full-width ones
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")  # as US Excel saves a date cell
_FORMULA_START = re.compile("^[=+@\t\r-]", re.M)  # FORMULA_PREFIXES at the start of a line
_SPACE = re.compile(r"\s")  # the characters str.isspace() finds
# Characters that show as nothing, reorder text or hide text (bidi controls and isolates,
# zero-width characters, soft hyphens, tag characters: Unicode's "format" category Cf), plus
# letters and symbols that render blank (Hangul fillers, the blank Braille pattern), the
# combining grapheme joiner and variation selectors. Private-use and unassigned code points
# show as nothing or as a box. None of them belongs in a name, address or link.
_BLANK = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
                   + "".join(map(chr, range(0xFE00, 0xFE10))))
_HIDDEN_CATEGORIES = frozenset(("Cf", "Co", "Cn", "Cs"))
# Scripts whose letters imitate each other (a Cyrillic "а" in a Latin word); a word that
# mixes two of them is worth a second look.
_LOOKALIKE_SCRIPTS = frozenset(("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC",
                                "GEORGIAN"))
SHOWN = 80  # characters of a value repeated in a message; longer ones are cut
ZIP_WARNING_KM = 10.0  # a place this far from its ZIP code's centre: the ZIP or the point is off
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


def shown(value: str) -> str:
    """A value as a message repeats it: quoted, and cut to a readable length."""
    return repr(value if len(value) <= SHOWN else value[:SHOWN - 1] + "\u2026")


def cut(value: str) -> str:
    """A value cut to a readable length, unquoted."""
    return value if len(value) <= SHOWN else value[:SHOWN - 1] + "\u2026"


# Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt), and U+16FE4
# (a filler that shows as nothing): all hidden, but for the joiners a script or emoji needs.
_IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
              (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
              (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
              (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x16FE4, 0x16FE4), (0x1BCA0, 0x1BCA3),
              (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
# Scripts whose words need a zero-width (non-)joiner between letters: Persian's
# "کافه‌نادری", a Devanagari conjunct written with ZWJ after the virama.
_JOINING_SCRIPTS = frozenset(("ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "DEVANAGARI", "BENGALI",
                              "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA",
                              "MALAYALAM", "SINHALA", "KHMER", "MYANMAR", "TIBETAN"))
_ZWNJ, _ZWJ, _VS16, _KEYCAP = "\u200c", "\u200d", "\ufe0f", "\u20e3"


def _ignorable(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _IGNORABLE)


def _emoji(char: str) -> bool:
    return unicodedata.category(char) == "So" or 0x1F3FB <= ord(char) <= 0x1F3FF


def _needed(text: str, i: int) -> bool:
    """Whether the joiner or VS16 at ``text[i]`` is part of the word (a script's joiner
    between two of its letters, an emoji sequence, ``❤️``), not hidden text."""
    char = text[i]
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if char == _VS16:
        return bool(before) and (_emoji(before) or (before in "#*0123456789"
                                                    and after == _KEYCAP))
    if not before or not after:
        return False
    if char == _ZWJ and (_emoji(before) or before == _VS16) and _emoji(after):
        return True
    scripts = {unicodedata.name(c, "").split(" ")[0] for c in (before, after)}
    letters = all(unicodedata.category(c)[0] in "LM" for c in (before, after))
    return letters and len(scripts) == 1 and scripts <= _JOINING_SCRIPTS


def hidden_character(text: str) -> str | None:
    """The first character of ``text`` that shows as nothing or hides text, named: format
    and unassigned characters, every default-ignorable code point (variation selectors
    included), except a ZWJ/ZWNJ/VS16 the script or emoji sequence needs."""
    if text.isascii():
        return None
    for i, char in enumerate(text):
        if char in _BLANK or _ignorable(char) or \
                unicodedata.category(char) in _HIDDEN_CATEGORIES:
            if char in (_ZWNJ, _ZWJ, _VS16) and _needed(text, i):
                continue
            name = unicodedata.name(char, "an unassigned or private character")
            return f"U+{ord(char):04X} {name}"
    return None


def has_visible_letters(text: str) -> bool:
    """Whether a name has at least one letter or digit that shows."""
    return any(unicodedata.category(c)[0] in "LN" and c not in _BLANK for c in text)


def mixed_script_word(text: str) -> str | None:
    """The first word mixing letters of lookalike scripts (Latin with Cyrillic, say)."""
    if text.isascii():
        return None
    for word in text.split():
        scripts = set()
        for char in word:
            if unicodedata.category(char)[0] == "L":
                script = unicodedata.name(char, "").split(" ", 1)[0]
                if script in _LOOKALIKE_SCRIPTS:
                    scripts.add(script)
        if len(scripts) > 1:
            return word
    return None


def same_text_key(text: str) -> str:
    """What two names or addresses are compared by: composed the same way (NFKC), spaces
    collapsed, case folded."""
    if text.isascii() and "  " not in text:
        return text.casefold()
    return unicodedata.normalize("NFKC", " ".join(text.split())).casefold()


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
    pandas holds the table, with each row's spreadsheet row number in :data:`ROW_COLUMN`.
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


MAX_REGISTER_BYTES = 256 * 1024 * 1024  # a register is a few MB; more is not a register


def read_register_bytes(path: Path) -> bytes:
    """The register file's bytes; RegisterError for a folder, a device such as /dev/zero, or
    a file far too big to be a register."""
    def refuse(message: str) -> RegisterError:
        return RegisterError([Problem(str(path), 0, "-", message)])

    try:  # opened without blocking, so a named pipe cannot hang the build
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise refuse("this is not a file (a folder or a device?): name the register CSV")
            raw = handle.read(MAX_REGISTER_BYTES + 1)
    except IsADirectoryError:
        raise refuse("this is a folder: name the register CSV") from None
    except OSError as exc:
        raise refuse(f"cannot read the register: {exc.strerror or exc}") from None
    if len(raw) > MAX_REGISTER_BYTES:
        raise refuse(f"this file is over {MAX_REGISTER_BYTES // 2**20} MB: not a register")
    return raw


def load_register(path: str | Path, boundary: Boundary | None = None,
                  categories: tuple[str, ...] | None = None, today: date | None = None,
                  state: str | None = None, raw: bytes | None = None,
                  zip_codes: Mapping[str, tuple[float, float]] | Callable[[], Mapping] | None = None,
                  confirmed_hosts: tuple[str, ...] = ()) -> Register:
    """Read and validate the register; raise RegisterError naming every problem.

    ``raw``, when given, is the register's content and ``path`` only names it in messages (a
    workbook being imported, a register from an earlier commit). ``zip_codes`` are the
    jurisdiction's ZIP codes with their centres (or a function that gives them: called last, so
    the build can work them out at the same time); ``confirmed_hosts`` the web hosts with
    non-ASCII letters a coordinator has checked (``SAFEPLACE_CONFIRMED_HOSTS``).
    """
    path = Path(path)
    if raw is None:
        raw = read_register_bytes(path)
    frame = read_table(path, decode(raw, str(path)))
    checker = _Checker(str(path), boundary, categories, today or date.today(), state)
    checker.zip_codes, checker.confirmed_hosts = zip_codes, confirmed_hosts
    entries = checker.check(frame)
    if checker.errors:
        raise RegisterError(checker.errors + checker.warnings)
    return Register(path, entries, checker.warnings)


class _Checker:
    """Collects every problem in one pass so a coordinator fixes them all at once.

    Each rule runs over a whole column and judges each *distinct* value once: a register repeats
    its statuses, categories, ZIP codes, hours, phone numbers and vetting days, and a column
    free of control characters is recognised in one search (as is a pure-ASCII column, free of
    hidden characters, and a column of plain web addresses). That keeps 30,000 rows well under a
    second. Problems are then listed in row order (within a row, in the order of the rules), as
    a coordinator reads the spreadsheet.
    """

    def __init__(self, file, boundary, categories, today, state):
        self.file, self.boundary, self.categories = file, boundary, categories
        self.today, self.state = today, state
        self.zip_codes, self.confirmed_hosts = None, ()
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.blocking: list[Problem] = []  # errors whatever the row's status (see classify)
        self.demoted: list[Problem] = []  # errors made warnings by classify, as first reported

    def error(self, row: int, column: str, message: str, always: bool = False) -> None:
        self.errors.append(Problem(self.file, row, column, _readable(message)))
        if always:
            self.blocking.append(self.errors[-1])

    def warn(self, row: int, column: str, message: str) -> None:
        self.warnings.append(Problem(self.file, row, column, _readable(message), warning=True))

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
                     lambda v: f"{shown(v)} is not one of {', '.join(STATUSES)}")
        self.invalid("id", lambda v: not _ID.match(v),
                     lambda v: f"{shown(v)}: use only letters, digits, '-', '_' and '.'",
                     clean=lambda values: all(map(_ID.match, values)))
        if self.categories is not None:
            self.invalid("category", lambda v: v not in self.categories,
                         lambda v: f"{shown(v)} is not a known category ({'; '.join(self.categories)})")
        for column in PUBLIC_COLUMNS:
            self.invalid(column, _CONTROL.search,
                         lambda v: "contains a line break or other control character",
                         clean=lambda values: not _CONTROL.search("".join(values)))
            self.invalid(column, hidden_character,
                         lambda v: f"contains {hidden_character(v)}, which shows as nothing or "
                                   "changes how text reads: type the value again without it",
                         clean=lambda values: "".join(values).isascii())
        self.invalid("name", lambda v: not has_visible_letters(v),
                     lambda v: "has no letters or digits that show: a name must say which place it is",
                     clean=lambda values: all(map(_ASCII_LETTER.search, values)))
        for row, name in zip(self.rows, self.cols["name"]):
            if not name.isascii() and (word := mixed_script_word(name)):
                self.warn(row, "name", f"{shown(word)} mixes letters of different alphabets "
                                       "(a Cyrillic 'а' among Latin letters?): check the name")
        for column in ("name", "address", "category", "city"):
            self.invalid(column, lambda v: v.startswith(FORMULA_PREFIXES),
                         lambda v: "must not start with = + - or @ (spreadsheets run it as a formula)",
                         clean=lambda values: not _FORMULA_START.search("\n".join(values)))
        self.invalid("zip", lambda v: not _ZIP.fullmatch(v),
                     lambda v: f"{shown(v)} is not a 5-digit ZIP code"
                               + ("" if v.isascii() else " (type the digits 0-9)"))
        if self.state:
            self.invalid("state", lambda v: v.upper() != self.state,
                         lambda v: f"{shown(v)}: this register only covers {self.state}")
        lats, lons = self.coordinates()
        phones = self.phones(approved)
        hours = self.parsed("hours", parse_hours, HoursError)
        websites = self.websites()
        days = {c: self.parsed(c, _day, ValueError) for c in ("applied_on", "approved_on", "trained_on")}
        self.dates(days)
        self.vetting(approved, days["trained_on"])
        self.duplicates()
        self.jurisdiction_zips(lats, lons)  # the build works the ZIP codes out meanwhile
        self.classify(status)  # last: sorts every rule's errors by whether the row is published
        self.errors.sort(key=lambda p: p.row)  # stable: rule order within a row
        self.warnings.sort(key=lambda p: p.row)
        return self.entries(status, lats, lons, phones, hours, days, websites)

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

    def entries(self, status, lats, lons, phones, hours, days, websites) -> list[Entry]:
        """The typed records of the rows without errors, from the checked columns."""
        cols, rejected = self.cols, {p.row for p in self.errors}
        public = zip(self.rows, *(cols[c] for c in ("id", "name", "category", "address", "city",
                                                     "state", "zip")), websites,
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
            (south, west), (north, east) = self.boundary.bounds
            for i, ok in zip(placed, inside):
                if not ok:
                    # The coordinate outside the boundary's extent is the wrong one.
                    column = "lon" if south <= lats[i] <= north and not west <= lons[i] <= east else "lat"
                    self.error(self.rows[i], column, f"{lats[i]}, {lons[i]} is outside {self.boundary.name}")
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
                self.error(row, "phone", f"{shown(text)} is not a valid North American phone number")
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

    def websites(self) -> list[str]:
        """Each website as published (a confirmed non-ASCII host in punycode); errors for
        addresses that are not plainly an http(s) site of a real host."""
        confirmed = _confirmed(tuple(self.confirmed_hosts))
        values = set(self.cols["website"]) - {""}
        # One search through the column finds the addresses that are not plainly fine; only
        # those are taken apart.
        suspect = {v for v in values if "\n" in v}
        suspect |= {m.group(0) for m in _NOT_PLAIN_WEB_LINE.finditer("\n".join(values - suspect))}
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
                self.error(row, "approved_on", f"{approved.isoformat()} is before applied_on "
                                               f"({applied.isoformat()})")

    def jurisdiction_zips(self, lats, lons) -> None:
        """A ZIP code must be one of the jurisdiction's; far from the place's point, a warning."""
        zips = self.zip_codes() if callable(self.zip_codes) else self.zip_codes
        if not zips:
            return
        import numpy as np

        where = self.boundary.name if self.boundary else "the jurisdiction"
        placed = []  # (row, code, lat, lon, centre) of rows with a known ZIP and a point
        for row, code, lat, lon in zip(self.rows, self.cols["zip"], lats, lons):
            centre = zips.get(code)
            if centre is None:
                if code and _ZIP.fullmatch(code):
                    self.error(row, "zip", f"{code} is not a ZIP code of {where}")
            elif lat is not None and lon is not None:
                placed.append((row, code, lat, lon, centre))
        if not placed:
            return
        # Haversine for every row at once (as geography.distance_km does one by one).
        lat1, lon1 = np.radians([p[2] for p in placed]), np.radians([p[3] for p in placed])
        lat2, lon2 = np.radians([p[4][0] for p in placed]), np.radians([p[4][1] for p in placed])
        a = (np.sin((lat2 - lat1) / 2) ** 2
             + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
        refused = {p.row for p in self.errors}  # a row refused already needs no warning
        for i in np.flatnonzero(km > ZIP_WARNING_KM).tolist():
            row, code, lat, lon, _ = placed[i]
            if row not in refused:
                self.warn(row, "zip", f"{lat}, {lon} is {km[i]:.0f} km from the centre of "
                                      f"ZIP {code}: check the ZIP code and the coordinates")

    def duplicates(self) -> None:
        ids = [i for i in self.cols["id"] if i]
        places = list(zip(map(same_text_key, self.cols["name"]),
                          map(same_text_key, self.cols["address"])))
        if len(set(ids)) == len(ids) and len(set(places)) == len(places):
            return  # every id and every name-and-address is used once: nothing to look into
        seen_ids, seen_places = {}, {}
        for row, ident, name, address, place in zip(self.rows, self.cols["id"], self.cols["name"],
                                                    self.cols["address"], places):
            if ident:
                if ident in seen_ids:
                    self.error(row, "id", f"duplicate id {shown(ident)}: also used on row {seen_ids[ident]}",
                               always=True)
                else:
                    seen_ids[ident] = row
            if name and address:
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
        raise ValueError(f"{shown(text)} is not a number") from None
    if not -limit <= value <= limit or value != value:
        raise ValueError(f"{cut(text)} is out of range (-{limit} to {limit})")
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
        raise ValueError(f"{shown(text)} is not a date: write YYYY-MM-DD, e.g. 2026-02-04 "
                         "(M/D/YYYY, as US Excel saves dates, is read too)")
    if not 1 <= month <= 12:
        order = " (dates with / are read month first, as US Excel writes them)" if us else ""
        raise ValueError(f"{shown(text)} is not a date: there is no month {month}{order}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        which = f"{calendar.month_name[month]} {year}" if month == 2 else calendar.month_name[month]
        raise ValueError(f"{shown(text)} is not a date: {which} has {days} days")
    return date(year, month, day)


def is_web_address(text: str) -> bool:
    """A plain http:// or https:// address of a public host (see :func:`web_address`)."""
    return web_address(text)[0] is None


def _readable(message: str, limit: int = 300) -> str:
    """A message cut to a readable length (values in it are cut already; this is the guard)."""
    return message if len(message) <= limit else message[:limit - 1] + "\u2026"


_ASCII_LETTER = re.compile(r"[A-Za-z0-9]")
# A line that is not an address every rule of web_address() passes at once: http(s), a host
# of LDH labels ending in a letters-only top-level label (not localhost), no port, no user,
# no backslash. Lines that do not match this are checked one by one.
_NOT_PLAIN_WEB_LINE = re.compile(
    r"^(?!https?://(?=[^/?#\n]{1,253}(?:[/?#]|$))(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?!localhost(?:[/?#]|$))[a-z]{2,63}(?:[/?#][^\s\\]*)?$).*$", re.M | re.I)
_WEB = re.compile(r"(?i)(https?)://([^/?#]*)(.*)", re.S)
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LABEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


@functools.lru_cache(maxsize=64)
def _confirmed(hosts: tuple[str, ...]) -> frozenset[str]:
    """The confirmed hosts, in their ASCII (punycode) form."""
    out = set()
    for host in hosts:
        try:
            out.add(idna.encode(host.strip().rstrip("."), uts46=True).decode("ascii"))
        except (idna.IDNAError, UnicodeError):
            continue
    return frozenset(out)


# Names that reach this computer or a home network, never a public website: reserved and
# local-network suffixes, and services whose names resolve to the address written in them.
_LOCAL_SUFFIXES = ("localdomain", "local", "internal", "home.arpa", "test", "invalid", "lan",
                   "intranet", "corp", "private", "localhost")
_ADDRESS_IN_NAME = ("nip.io", "sslip.io", "xip.io", "traefik.me", "localtest.me", "lvh.me",
                    "vcap.me", "fuf.me", "lacolhost.com", "localhost.direct")
_DASHED_ADDRESS = re.compile(r"(?:^|[.-])\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}(?:$|[.-])")
_DOTTED_ADDRESS = re.compile(r"(?:^|\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\.")


def _private_host(host: str) -> str | None:
    """Why a host name reaches this computer or a private network (``localhost.localdomain``,
    ``127.0.0.1.nip.io``), or None."""
    if any(host == suffix or host.endswith(f".{suffix}") for suffix in _LOCAL_SUFFIXES):
        return "points at this computer or a local network, not a public website"
    if any(host == service or host.endswith(f".{service}") for service in _ADDRESS_IN_NAME) \
            or _DOTTED_ADDRESS.search(host) or _DASHED_ADDRESS.search(host):
        return ("names an IP address inside a host name (it can point at this computer): "
                "give the site's own name, e.g. https://example.org/")
    return None


@functools.lru_cache(maxsize=4096)
def _host_problem(host: str) -> str | None:
    """Why an ASCII host is not a plain public web host, or None."""
    if host.rstrip(".") in ("localhost",) or host.rstrip(".").endswith(".localhost"):
        return "points at this computer (localhost), not a public website"
    private = _private_host(host.rstrip(".").lower())
    if private:
        return private
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"has an invalid host name ({shown(host)})"
    if re.fullmatch(r"(0x[0-9a-f]*|[0-9]+)", labels[-1]):
        return "uses a numeric (IP) address: give the site's name, e.g. https://example.org/"
    if len(labels) < 2 or not _TOP_LABEL.fullmatch(labels[-1]):
        return f"has no public host name ({shown(host)}; example.org, say)"
    return None


def web_address(text: str, confirmed: frozenset[str] = frozenset()) -> tuple[str | None, str]:
    """(problem or None, the address as published) for a website cell.

    A website is ``http(s)://host[:port]/anything``: no user name or password before the host
    (``https://kcpd.org@evil.example/`` goes to evil.example), no backslash (browsers read it
    as a slash), no IP address or ``localhost``, a real host name and a port of 1-65535. A host
    with non-ASCII letters (``kcрd.org`` with a Cyrillic р) is refused unless it is listed in
    ``confirmed``; a confirmed one is published in its ASCII (punycode) form, which is what the
    browser will show.
    """
    if _SPACE.search(text):
        return "is not an http:// or https:// address", text
    if "\\" in text:
        return "contains a backslash, which browsers read as '/': use '/'", text
    parts = _WEB.fullmatch(text)
    if not parts:
        return "is not an http:// or https:// address", text
    scheme, authority, rest = parts.groups()
    if "@" in authority:
        return ("has a user name before the host ('...@'): browsers go to the host after the "
                "'@'; give the plain address"), text
    if authority.startswith("["):
        if not re.fullmatch(r"\[[0-9A-Fa-f:.]+\](?::[0-9]*)?", authority):
            return "is not an http:// or https:// address", text
        return "uses a numeric (IP) address: give the site's name, e.g. https://example.org/", text
    host, colon, port = authority.partition(":")
    if colon and not (port.isascii() and port.isdigit() and 0 < int(port) <= 65535):
        return f"has an invalid port ({shown(port)}; 1-65535)", text
    if not host:
        return "has no host name", text
    published = text
    if not host.isascii():
        try:
            ascii_host = idna.encode(host.rstrip("."), uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            return f"has an invalid host name ({shown(host)})", text
        if ascii_host not in confirmed:
            return (f"has letters outside A-Z in its host {shown(host)} (it may imitate another "
                    f"site's address; it is {ascii_host}): if it is right, add it to "
                    "SAFEPLACE_CONFIRMED_HOSTS in pelicanconf.py"), text
        host = ascii_host
        published = f"{scheme}://{host}{colon}{port}{rest}"
    problem = _host_problem(host.lower())
    return problem, published
