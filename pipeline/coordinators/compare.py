"""Two registers compared by what they mean, not by how they are written.

A register saved again by Excel or LibreOffice writes ``39.1003`` as ``39.100300``, a phone as
``555-010-1234`` instead of ``(555) 010-1234``, a date as ``2/4/2026``: the same place. Every
comparison a coordinator sees (``report``, ``import``, the pull request's summary) goes through
:func:`normal`, so a file saved again with the same meaning shows no change, and the one real
edit is not buried under reformatted cells.

A register with errors is still compared: :func:`view_of_bytes` keeps the rows that pass the
register's rules (what would be published once the errors are fixed), so a pull request with
one mistake still says what it changes for the public.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.register.checks import Checker
from pipeline.register.encoding import decode
from pipeline.register.garbled import replaced_letters
from pipeline.register.model import PRIVATE_COLUMNS, PUBLIC_COLUMNS, ROW_COLUMN, Register
from pipeline.register.phones import phone_forms
from pipeline.register.problems import RegisterError
from pipeline.register.table import read_table
from pipeline.register.values import parse_day

_PHONES = ("phone", "contact_phone")
_DATES = ("applied_on", "approved_on", "trained_on")


def normal(column: str, value: str) -> str:
    """``value`` as it means: coordinates to 6 decimals, phones as E.164, dates ISO, status and
    state in one case, spaces collapsed and letters composed (NFC). Unreadable values as typed."""
    text = " ".join(str(value).split())
    if not text:
        return ""
    if column in ("lat", "lon"):
        try:
            return f"{float(text):.6f}"
        except ValueError:
            return text
    if column in _PHONES:
        forms = phone_forms(text)
        return forms[1] if forms else text
    if column in _DATES:
        try:
            return parse_day(text).isoformat()
        except ValueError:
            return text
    if column == "status":
        return text.lower()
    if column == "state":
        return text.upper()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def normal_row(row: dict[str, str]) -> dict[str, str]:
    return {c: normal(c, v) for c, v in row.items()}


def differing(old: dict[str, str], new: dict[str, str], columns) -> list[str]:
    """The columns whose values mean something different in ``old`` and ``new``."""
    return [c for c in columns if normal(c, old.get(c, "")) != normal(c, new.get(c, ""))]


@dataclass
class View:
    """A register as the public sees it (published rows by id, every row's status), with the
    private columns and every row as typed, for coordinators."""

    published: dict[str, dict[str, str]]
    statuses: dict[str, str]
    private: dict[str, dict[str, str]] = field(default_factory=dict)
    typed: dict[str, dict[str, str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # id -> spreadsheet row


def _typed(frame) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    records = frame.to_dict("records")
    typed = {str(r.get("id", "")): {c: str(v) for c, v in r.items() if c != ROW_COLUMN} for r in records}
    rows = {str(r.get("id", "")): int(r[ROW_COLUMN]) for r in records}
    return typed, rows


def view_of(register: Register, frame=None) -> View:
    typed, rows = _typed(frame) if frame is not None else ({}, {})
    private = {ident: {c: normal(c, r.get(c, "")) for c in PRIVATE_COLUMNS} for ident, r in typed.items()}
    return View(
        {p.id: p.public_row() for p in register.published},
        {e.participant.id: e.participant.status for e in register.entries},
        private,
        typed,
        rows,
    )


def view_of_bytes(
    raw: bytes,
    name: str,
    today: date | None = None,
    boundary=None,
    categories=None,
    state=None,
    zip_codes=None,
    confirmed_hosts=(),
    calendar=None,
    profile=None,
) -> View:
    """The view of a register's bytes. Rows with errors are left out of what is published (they
    would not be); a file that cannot be read at all gives an empty view."""
    try:
        frame = read_table(Path(name), decode(raw, name))
    except RegisterError:
        return View({}, {})
    checker = Checker(name, boundary, categories, today or date.today(), state, profile)
    checker.zip_codes, checker.confirmed_hosts = zip_codes, confirmed_hosts
    checker.calendar = calendar
    entries = checker.check(frame)
    view = view_of(Register(Path(name), entries, checker.warnings), frame)
    # a row refused for errors still has a status (its change of status is worth saying)
    for ident, row in view.typed.items():
        view.statuses.setdefault(ident, normal("status", row.get("status", "")))
    return view


@dataclass
class Changes:
    added: list[tuple[dict[str, str], str]] = field(default_factory=list)  # (row, why)
    removed: list[tuple[dict[str, str], str]] = field(default_factory=list)  # (old row, why)
    changed: list[tuple[dict[str, str], list[tuple[str, str, str]]]] = field(default_factory=list)
    baseline: str = ""  # the revision compared with; "" when there was none
    private: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (id, name, columns)
    garbled: list[tuple[str, str, str, str]] = field(default_factory=list)  # (id, column, old, new)
    touched: set[str] = field(default_factory=set)  # ids of rows added or edited in any column

    @property
    def count(self) -> str:
        return f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"


def compare(new: View, old: View | None, baseline: str = "") -> Changes:
    """What changes for the public from ``old`` to ``new``, with the reason for each; and for
    coordinators, private columns changed and letters lost to an encoding."""
    if old is None:
        return Changes(
            added=[(new.published[k], "new") for k in sorted(new.published)], touched=set(new.typed)
        )
    changes = Changes(baseline=baseline)
    for ident in sorted(new.published.keys() | old.published.keys()):
        if ident not in old.published:
            before = old.statuses.get(ident)
            why = f"status {before} → approved" if before else "new row"
            changes.added.append((new.published[ident], why))
        elif ident not in new.published:
            after = new.statuses.get(ident)
            why = f"status approved → {after}" if after else "row deleted"
            changes.removed.append((old.published[ident], why))
        else:
            then, now = old.published[ident], new.published[ident]
            values = [(c, then.get(c, ""), now.get(c, "")) for c in differing(then, now, PUBLIC_COLUMNS)]
            if values:
                changes.changed.append((now, values))
    for ident in sorted(new.typed):
        typed_now, typed_then = new.typed[ident], old.typed.get(ident)
        if typed_then is None:
            changes.touched.add(ident)
            continue
        if differing(typed_then, typed_now, typed_now.keys() | typed_then.keys()):
            changes.touched.add(ident)
        columns = [
            c
            for c in PRIVATE_COLUMNS
            if new.private.get(ident, {}).get(c, "") != old.private.get(ident, {}).get(c, "")
        ]
        if columns:
            changes.private.append((ident, typed_now.get("name", ""), columns))
        for column, value in typed_now.items():
            if replaced_letters(typed_then.get(column, ""), value):
                changes.garbled.append((ident, column, typed_then[column], value))
    return changes
