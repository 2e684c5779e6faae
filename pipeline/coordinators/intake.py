"""``safeplace intake APPLICATIONS.csv``: add sign-up form applications to the register as pending.

The form (``/participate/``) posts these fields, and the form service's CSV export has them as its
header; :data:`FORM_FIELDS` is the contract both sides use. Each application is checked; new ones
are appended to the register as ``pending`` rows with fresh ids, never touching existing rows;
one already in the register (same name and address) is skipped as a duplicate.

The export is written by the public, so intake must never make the register invalid, nor carry a
formula into it: line breaks and runs of spaces become one space; a value that would start a
formula (``=``, ``+``, ``-``, ``@``) or holds a control character is refused, private columns
included; an applicant outside the jurisdiction (another state, or a ZIP code of another state)
is listed for the coordinator, not appended; and every new row is checked with the register's own
rules before it is written. A Windows-1252 register that cannot hold a new name ("Phở") is
saved again as UTF-8 rather than losing letters.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pipeline.coordinators.atomic import write_atomically
from pipeline.coordinators.csvtext import csv_records, csv_rows
from pipeline.hours.calendar import HoursError
from pipeline.hours.schedule import parse_hours
from pipeline.profile import Profile
from pipeline.register.backup import keep_previous
from pipeline.register.checks import Checker
from pipeline.register.encoding import decode, detect_encoding
from pipeline.register.model import COLUMNS
from pipeline.register.problems import Problem, RegisterError
from pipeline.register.table import read_register_bytes, read_table
from pipeline.register.text import CONTROL_CHARACTER, FORMULA_PREFIXES, hidden_character

FORM_FIELDS = (
    "organization_name",
    "organization_type",
    "address",
    "city",
    "state",
    "zip",
    "public_space",
    "staff_on_site",
    "hours",
    "applicant_name",
    "applicant_role",
    "phone",
    "email",
    "agree_call_911",
    "agree_let_stay",
    "agree_call_again",
    "agree_train_staff",
)
REQUIRED = (
    "organization_name",
    "organization_type",
    "address",
    "applicant_name",
    "applicant_role",
    "phone",
    "email",
)
AGREEMENTS = (
    "public_space",
    "staff_on_site",
    "agree_call_911",
    "agree_let_stay",
    "agree_call_again",
    "agree_train_staff",
)
TYPES = {"business": "", "social_service": "Social service organization", "government": "Government office"}
ROLES = ("manager", "owner")
YES = {"yes", "y", "true", "on", "1", "x", "sí", "si"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ID = re.compile(r"^(.*?)(\d+)$")
# The register's column for each form field, where the names differ (to name problems by field).
FIELD_OF = {
    "name": "organization_name",
    "category": "organization_type",
    "contact_name": "applicant_name",
    "contact_email": "email",
    "contact_phone": "phone",
}


@dataclass
class IntakeResult:
    added: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (application row, name)
    problems: list[Problem] = field(default_factory=list)
    out_of_area: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row, name, city, why)
    converted: str = ""  # a name that made a Windows-1252 register be saved as UTF-8
    backup: Path | None = None  # the register as it was before rows were added
    likely: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row, name, other id, why)
    new_ids: dict[int, str] = field(default_factory=dict)  # application row -> id given


def _key(name: str, address: str) -> tuple[str, str]:
    squash = lambda s: " ".join(s.casefold().replace(".", " ").replace(",", " ").split())
    return squash(name), squash(address)


def _next_ids(existing: list[str]):
    """Ids continuing the register's own pattern (``SP-0042`` -> ``SP-0043``)."""
    prefix, width, highest = "SP-", 4, 0
    for ident in existing:
        match = _ID.match(ident)
        if match:
            number = int(match.group(2))
            if number >= highest:
                prefix, width, highest = match.group(1), len(match.group(2)), number
    taken = set(existing)
    while True:
        highest += 1
        candidate = f"{prefix}{highest:0{width}d}"
        if candidate not in taken:
            yield candidate


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV as dicts; each value on one line, runs of white space made one space."""
    rows = csv_records(decode(read_register_bytes(path), str(path)), str(path))
    return [
        {(k or "").strip().lower(): " ".join(v.split()) if isinstance(v, str) else "" for k, v in r.items()}
        for r in rows
    ]


def unsafe_values(app: dict[str, str], file: str, row: int) -> list[Problem]:
    """Answers that would run as a formula in a spreadsheet, or hold control characters.

    The phone is exempt from the formula rule: it is rewritten in its national form ("+1 555..."
    becomes "(555) ..."), so what is written never starts with a formula sign."""
    problems = []
    for column, value in app.items():
        if CONTROL_CHARACTER.search(value):
            problems.append(Problem(file, row, column, "contains a control character: not added"))
        elif hidden := hidden_character(value):
            problems.append(
                Problem(
                    file,
                    row,
                    column,
                    f"contains {hidden}, which shows as nothing "
                    "or changes how text reads: not added (check it by hand)",
                )
            )
        elif value.startswith(FORMULA_PREFIXES) and column != "phone":
            problems.append(
                Problem(
                    file,
                    row,
                    column,
                    f"{value[:40]!r} starts with {value[0]!r}: a "
                    "spreadsheet would run it as a formula; not added (check it by hand)",
                )
            )
    return problems


def _place_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def outside(
    app: dict[str, str],
    state: str,
    cities: tuple[str, ...] = (),
    zip_codes=None,
    profile: Profile | None = None,
) -> tuple[str, str] | None:
    """(the applicant's city, why) when the applicant is outside the jurisdiction, else None.

    Outside: another state; a ZIP code of another state, or not one of the jurisdiction's
    (``zip_codes``); a city that is not the jurisdiction's (``cities``: its name and the other
    names it goes by, SAFEPLACE_CITY_NAMES). A suburb shares the state and often the ZIP's postal
    name, so the city the applicant gave counts too."""
    profile = profile or Profile()
    city = app.get("city", "").strip()
    given = app.get("state", "").strip().upper() if profile.has_region else ""
    code = profile.normal_postcode(app.get("zip", ""))
    known = code.isascii() and profile.postcode_ok(code)
    postal = []
    if known and profile.country == "US":  # the US package knows every ZIP code's state
        import zipcodes

        postal = zipcodes.matching(code)
    where = city or (postal[0]["city"] if postal else "") or given
    if state and given and given != state.upper():
        return where, f"state {given}"
    if state and postal and postal[0]["state"] != state.upper():
        return postal[0][
            "city"
        ], f"{profile.short_postcode_name} {code} is in {postal[0]['city']}, {postal[0]['state']}"
    if zip_codes and known and profile.centre_key(code) not in zip_codes:
        return where, f"{profile.short_postcode_name} {code} is not one of the jurisdiction's"
    if city and cities and _place_key(city) not in {_place_key(c) for c in cities if c}:
        return city, f"the city given is {city}"
    return None


def check_application(
    app: dict[str, str], file: str, row: int, profile: Profile | None = None
) -> list[Problem]:
    profile = profile or Profile()
    problems = []
    bad = lambda column, message: problems.append(Problem(file, row, column, message))
    for column in REQUIRED:
        if not app.get(column):
            bad(column, "required answer is empty")
    if app.get("organization_type") and app["organization_type"].lower() not in TYPES:
        bad("organization_type", f"{app['organization_type']!r} is not one of {', '.join(TYPES)}")
    if app.get("applicant_role") and app["applicant_role"].lower() not in ROLES:
        bad("applicant_role", "only a manager or owner may apply")
    for column in AGREEMENTS:
        if app.get(column, "").lower() not in YES:
            bad(column, "must be agreed to (yes) to take part")
    if app.get("email") and not _EMAIL.match(app["email"]):
        bad("email", f"{app['email']!r} is not an e-mail address")
    if app.get("phone") and profile.phone_forms(app["phone"]) is None:
        bad("phone", profile.phone_problem(app["phone"]))
    if app.get("zip") and not (app["zip"].isascii() and profile.postcode_ok(app["zip"])):
        bad("zip", profile.postcode_problem(app["zip"]))
    return problems


def to_register_row(
    app: dict[str, str],
    ident: str,
    today: date,
    default_city: str,
    default_state: str,
    profile: Profile | None = None,
) -> dict[str, str]:
    """A pending register row; what vetting must still settle goes to ``notes``."""
    hours, notes = app.get("hours", ""), [f"Applied online ({app['applicant_role'].lower()})."]
    try:
        hours = parse_hours(hours).source if hours else ""
    except HoursError:
        notes.append(f"Hours as given: {hours}")
        hours = ""
    kind = app["organization_type"].lower()
    if kind == "business":
        notes.append("Choose a category.")
    row = dict.fromkeys(COLUMNS, "")
    profile = profile or Profile()
    forms = profile.phone_forms(app["phone"])
    phone = forms[0] if forms else app["phone"]
    row.update(
        {
            "id": ident,
            "name": app["organization_name"],
            "category": TYPES[kind],
            "address": app["address"],
            "city": app.get("city") or default_city,
            "state": (app.get("state") or default_state).upper() if profile.has_region else "",
            "zip": profile.normal_postcode(app.get("zip", "")),
            "hours": hours,
            "status": "pending",
            "contact_name": app["applicant_name"],
            "contact_email": app["email"],
            "contact_phone": phone,
            "notes": " ".join(notes),
            "applied_on": today.isoformat(),
        }
    )
    return row


def register_rules(
    rows: list[dict[str, str]],
    numbers: list[int],
    file: str,
    today: date,
    boundary=None,
    categories=None,
    state=None,
    zip_codes=None,
    confirmed_hosts=(),
    calendar=None,
    profile: Profile | None = None,
) -> list[Problem]:
    """The register's own rules on new rows, every problem named by its application row."""
    if not rows:
        return []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([[r[c] for c in COLUMNS] for r in rows])
    checker = Checker(file, boundary, categories, today, state, profile)
    checker.zip_codes, checker.confirmed_hosts = zip_codes, confirmed_hosts
    checker.calendar = calendar
    checker.check(read_table(Path(file), buffer.getvalue()))
    return [
        Problem(
            file,
            numbers[p.row - 2],
            FIELD_OF.get(p.column, p.column),
            f"{p.message} (the register's rule): not added",
        )
        for p in checker.errors + checker.demoted
    ]


def intake(
    applications: Path,
    register: Path,
    today: date,
    default_city: str = "",
    default_state: str = "",
    boundary=None,
    categories=None,
    state=None,
    zip_codes=None,
    confirmed_hosts=(),
    calendar=None,
    city_names: tuple[str, ...] = (),
    column_map: dict[str, str] | None = None,
    profile: Profile | None = None,
) -> IntakeResult:
    """Append valid, new applications to ``register`` as pending rows; report the rest.

    ``city_names``: the names the jurisdiction's city goes by (besides ``default_city``);
    ``column_map``: the export's question texts -> form fields (SAFEPLACE_INTAKE_COLUMNS)."""
    result = IntakeResult()
    if callable(zip_codes):
        zip_codes = zip_codes()
    cities = tuple(c for c in (default_city.strip(), *city_names) if c)
    raw = read_register_bytes(register)
    encoding = detect_encoding(raw, str(register))
    for path, content, what in (
        (register, raw, "a CSV register"),
        (applications, read_register_bytes(applications), "a CSV export of applications"),
    ):
        if not content.strip():  # a save or a download that went wrong
            raise RegisterError([Problem(str(path), 1, "-", f"this file is empty: not {what}")])
    existing = read_csv(register)
    seen = {_key(r.get("name", ""), r.get("address", "")) for r in existing}
    ids = _next_ids([r.get("id", "") for r in existing])
    apps = mapped(read_csv(applications), column_map or {})
    headers = list(apps[0]) if apps else []
    if apps and (missing := [f for f in REQUIRED if f not in apps[0]]):
        unknown = [h for h in headers if h not in FORM_FIELDS]
        result.problems.append(
            Problem(
                str(applications),
                1,
                "-",
                (
                    f"the export has no column for {', '.join(missing)}"
                    + (f"; its columns are {', '.join(repr(h) for h in unknown[:12])}" if unknown else "")
                    + ". If these are the form's questions, map them in pelicanconf.py, e.g. "
                    f"SAFEPLACE_INTAKE_COLUMNS = {{{(unknown or ['Name of your business'])[0]!r}: "
                    f"{missing[0]!r}, ...}} (one entry for each field: {', '.join(FORM_FIELDS)})"
                ),
            )
        )
        return result
    candidates, numbers = [], []
    for number, app in enumerate(apps, start=2):
        problems = unsafe_values(app, str(applications), number)
        problems = problems or check_application(app, str(applications), number, profile)
        if problems:
            result.problems += problems
            continue
        if away := outside(app, state or default_state, cities, zip_codes, profile):
            result.out_of_area.append((number, app["organization_name"], *away))
            continue
        key = _key(app["organization_name"], app["address"])
        if key in seen:
            result.duplicates.append((number, app["organization_name"]))
            continue
        seen.add(key)
        row = to_register_row(app, f"NEW-{number}", today, default_city, default_state, profile)
        if similar := likely_duplicate(app, existing):
            other_id, other_name, why = similar
            row["notes"] += (
                f" Possible duplicate of {other_id} {other_name!r} ({why}): check before approving."
            )
            result.likely.append((number, app["organization_name"], other_id, f"{other_name!r}, {why}"))
        candidates.append(row)
        numbers.append(number)
    refused = register_rules(
        candidates,
        numbers,
        str(applications),
        today,
        boundary,
        categories,
        state,
        zip_codes,
        confirmed_hosts,
        calendar,
        profile,
    )
    result.problems += refused
    new_rows = []
    for row, number in zip(candidates, numbers):
        if number not in {p.row for p in refused}:
            row["id"] = next(ids)
            new_rows.append(row)
            result.added.append((row["id"], row["name"]))
            result.new_ids[number] = row["id"]
    result.likely = [item for item in result.likely if item[0] in result.new_ids]
    names = {number: app.get("organization_name", "") for number, app in enumerate(apps, start=2)}
    result.problems = sorted(
        (replace(p, place=repr(names[p.row])) if names.get(p.row) else p for p in result.problems),
        key=lambda p: p.row,
    )
    if new_rows:
        newline = "\r\n" if b"\r\n" in raw else "\n"
        header = csv_rows(decode(raw, str(register)), str(register))[0]
        columns = [h.strip().lower() for h in header]
        buffer = io.StringIO()
        if raw and not raw.endswith((b"\n", b"\r")):
            buffer.write(newline)
        csv.writer(buffer, lineterminator=newline).writerows(
            [[r.get(c, "") for c in columns] for r in new_rows]
        )
        text = buffer.getvalue()
        lost = [r["name"] for r in new_rows if not _fits_cp1252("".join(r.values()))]
        result.backup = keep_previous(register)
        if encoding == "cp1252" and lost:  # keep every letter: the whole register becomes UTF-8
            result.converted = lost[0]
            write_atomically(register, raw.decode("cp1252").encode("utf-8-sig") + text.encode("utf-8"))
            return result
        # The whole register again, not an append: a full disk must not leave half a row.
        write_atomically(register, raw + text.encode("utf-8" if encoding == "utf-8-sig" else encoding))
    return result


_SAME_WORDS = {
    "coop": "co op",
    "co-op": "co op",
    "&": "and",
    "st": "street",
    "ave": "avenue",
    "blvd": "boulevard",
    "rd": "road",
    "dr": "drive",
}


def _loose(text: str) -> str:
    """A name or address compared loosely: case, punctuation and "Co-op/Coop", "St/Street"..."""
    words = re.sub(r"[^\w&\s-]", " ", text.casefold()).split()
    joined = " ".join(_SAME_WORDS.get(w, w) for w in words)
    return " ".join(joined.replace("-", " ").split())


def likely_duplicate(app: dict[str, str], rows: list[dict[str, str]]) -> tuple[str, str, str] | None:
    """(id, name, why) of a register row that is likely the same place: the same address
    (loosely), or a name that differs only by case, punctuation or words like Co-op/Coop."""
    name, address = _loose(app["organization_name"]), _loose(app["address"])
    for row in rows:
        if address and _loose(row.get("address", "")) == address:
            return row.get("id", ""), row.get("name", ""), "same address"
        if name and _loose(row.get("name", "")).replace(" ", "") == name.replace(" ", ""):
            return row.get("id", ""), row.get("name", ""), "nearly the same name"
    return None


def mapped(apps: list[dict[str, str]], column_map: dict[str, str]) -> list[dict[str, str]]:
    """The applications with question-text headers renamed to form fields (column_map; headers
    compared without case, spaces or punctuation at the ends)."""
    if not column_map:
        return apps
    key = lambda text: " ".join(str(text).casefold().strip(" ?:*").split())
    names = {key(question): field_name for question, field_name in column_map.items()}
    return [{names.get(key(k), k): v for k, v in app.items()} for app in apps]


def _fits_cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False
