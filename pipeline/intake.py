"""``safeplace intake APPLICATIONS.csv``: add sign-up form applications to the register as pending.

The form (``/participate/``) posts these fields, and the form service's CSV export has them as its
header; :data:`FORM_FIELDS` is the contract both sides use. Each application is checked; new ones
are appended to the register as ``pending`` rows with fresh ids, never touching existing rows;
one already in the register (same name and address) is skipped as a duplicate.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import phonenumbers

from pipeline.hours import HoursError, parse_hours
from pipeline.register import COLUMNS, Problem, decode, read_register_bytes

FORM_FIELDS = (
    "organization_name", "organization_type", "address", "city", "state", "zip",
    "public_space", "staff_on_site", "hours", "applicant_name", "applicant_role", "phone",
    "email", "agree_call_911", "agree_let_stay", "agree_call_again", "agree_train_staff",
)
REQUIRED = ("organization_name", "organization_type", "address", "applicant_name",
            "applicant_role", "phone", "email")
AGREEMENTS = ("public_space", "staff_on_site", "agree_call_911", "agree_let_stay",
              "agree_call_again", "agree_train_staff")
TYPES = {"business": "", "social_service": "Social service organization",
         "government": "Government office"}
ROLES = ("manager", "owner")
YES = {"yes", "y", "true", "on", "1", "x", "sí", "si"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ID = re.compile(r"^(.*?)(\d+)$")


@dataclass
class IntakeResult:
    added: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (application row, name)
    problems: list[Problem] = field(default_factory=list)


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
    rows = list(csv.DictReader(io.StringIO(decode(read_register_bytes(path)))))
    return [{(k or "").strip().lower(): (v or "").strip() for k, v in r.items()} for r in rows]


def check_application(app: dict[str, str], file: str, row: int) -> list[Problem]:
    problems = []
    bad = lambda column, message: problems.append(Problem(file, row, column, message))
    for column in REQUIRED:
        if not app.get(column):
            bad(column, "required answer is empty")
    if app.get("organization_type") and app["organization_type"] not in TYPES:
        bad("organization_type", f"{app['organization_type']!r} is not one of {', '.join(TYPES)}")
    if app.get("applicant_role") and app["applicant_role"].lower() not in ROLES:
        bad("applicant_role", "only a manager or owner may apply")
    for column in AGREEMENTS:
        if app.get(column, "").lower() not in YES:
            bad(column, "must be agreed to (yes) to take part")
    if app.get("email") and not _EMAIL.match(app["email"]):
        bad("email", f"{app['email']!r} is not an e-mail address")
    if app.get("phone"):
        try:
            number = phonenumbers.parse(app["phone"], "US")
            valid = number.country_code == 1 and phonenumbers.is_valid_number(number)
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            bad("phone", f"{app['phone']!r} is not a valid North American phone number")
    if app.get("zip") and not re.fullmatch(r"\d{5}", app["zip"]):
        bad("zip", f"{app['zip']!r} is not a 5-digit ZIP code")
    return problems


def to_register_row(app: dict[str, str], ident: str, today: date, default_city: str,
                    default_state: str) -> dict[str, str]:
    """A pending register row; what vetting must still settle goes to ``notes``."""
    hours, notes = app.get("hours", ""), [f"Applied online ({app['applicant_role'].lower()})."]
    try:
        hours = parse_hours(hours).source if hours else ""
    except HoursError:
        notes.append(f"Hours as given: {hours}")
        hours = ""
    if app["organization_type"] == "business":
        notes.append("Choose a category.")
    row = dict.fromkeys(COLUMNS, "")
    row.update({
        "id": ident, "name": app["organization_name"], "category": TYPES[app["organization_type"]],
        "address": app["address"], "city": app.get("city") or default_city,
        "state": (app.get("state") or default_state).upper(), "zip": app.get("zip", ""),
        "hours": hours, "status": "pending", "contact_name": app["applicant_name"],
        "contact_email": app["email"], "contact_phone": app["phone"], "notes": " ".join(notes),
        "applied_on": today.isoformat(),
    })
    return row


def intake(applications: Path, register: Path, today: date, default_city: str = "",
           default_state: str = "") -> IntakeResult:
    """Append valid, new applications to ``register`` as pending rows; report the rest."""
    result = IntakeResult()
    raw = read_register_bytes(register)
    existing = read_csv(register)
    seen = {_key(r.get("name", ""), r.get("address", "")) for r in existing}
    ids = _next_ids([r.get("id", "") for r in existing])
    apps = read_csv(applications)
    if apps and (missing := [f for f in REQUIRED if f not in apps[0]]):
        result.problems += [Problem(str(applications), 1, f, "column is missing from the export")
                            for f in missing]
        return result
    new_rows = []
    for number, app in enumerate(apps, start=2):
        problems = check_application(app, str(applications), number)
        if problems:
            result.problems += problems
            continue
        key = _key(app["organization_name"], app["address"])
        if key in seen:
            result.duplicates.append((number, app["organization_name"]))
            continue
        seen.add(key)
        row = to_register_row(app, next(ids), today, default_city, default_state)
        new_rows.append(row)
        result.added.append((row["id"], row["name"]))
    if new_rows:
        newline = "\r\n" if b"\r\n" in raw else "\n"
        encoding = "cp1252" if _is_cp1252(raw) else "utf-8"
        header = next(csv.reader(io.StringIO(decode(raw))))
        columns = [h.strip().lower() for h in header]
        buffer = io.StringIO()
        if raw and not raw.endswith((b"\n", b"\r")):
            buffer.write(newline)
        csv.writer(buffer, lineterminator=newline).writerows(
            [[r.get(c, "") for c in columns] for r in new_rows])
        with register.open("ab") as handle:
            handle.write(buffer.getvalue().encode(encoding, errors="replace"))
    return result


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True
