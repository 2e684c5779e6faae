"""What a register is: its columns, statuses and the typed records a valid one becomes.

Public and private data are split here, once: :class:`Participant` carries only the public
columns, so nothing downstream can publish a contact, note or vetting date by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pipeline.hours.schedule import WeeklySchedule
from pipeline.register.problems import Problem

PUBLIC_COLUMNS = (
    "id",
    "name",
    "category",
    "address",
    "city",
    "state",
    "zip",
    "lat",
    "lon",
    "phone",
    "hours",
    "website",
    "status",
)
PRIVATE_COLUMNS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
    "applied_on",
    "approved_on",
    "trained_on",
)
COLUMNS = PUBLIC_COLUMNS + PRIVATE_COLUMNS
STATUSES = ("approved", "pending", "suspended", "withdrawn", "declined")
# Rows with these statuses are never published, so a problem on one of them is a warning: it must
# not hold up an urgent suspension or the rest of the register (see Checker.classify).
UNPUBLISHED = frozenset(STATUSES) - {"approved"}
RETRAINING_AFTER = timedelta(days=365)
REQUIRED_ALWAYS = ("id", "name", "address", "status")
REQUIRED_TO_PUBLISH = ("category", "city", "state", "zip", "lat", "lon")  # no hours: "Call to check hours"
# The spreadsheet row number of each record, carried through pandas (no header can be NUL).
ROW_COLUMN = "\x00row"


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
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "address": self.address,
            "city": self.city,
            "state": self.state,
            "zip": self.zip,
            "lat": "" if self.lat is None else f"{self.lat:.6f}",
            "lon": "" if self.lon is None else f"{self.lon:.6f}",
            "phone": self.phone,
            "hours": self.hours.source if self.hours else "",
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
