"""The register as last published, read from git: what a new build is compared with.

The published commit is ``SAFEPLACE_BASE`` (the Publish workflow sets it to the live site's
commit), else what the pull request check and ``safeplace report`` compare with: the pull
request's base branch, ``origin/main``, ``main``, ``HEAD`` (:func:`gitfiles.register_at`). Two
things use it: the shrink guard, when there is no previous output to count, and the lost-letter
rule (``validate`` and ``build`` refuse a "?" where the published register has a letter).

No git, no commit, a register never committed or unreadable at that commit (a fresh agency, a
tarball): there is nothing to compare with, and nothing fails for it.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from pipeline.register.encoding import decode
from pipeline.register.problems import RegisterError
from pipeline.register.table import read_rows


def _published_text(register: Path) -> tuple[str, str | None]:
    """(revision, the register's text at it): ("", None) with no git history to read, (ref,
    None) when the register is not in that commit or cannot be decoded there."""
    from pipeline.coordinators.gitfiles import GitError, register_at

    try:
        ref, raw = register_at(os.environ.get("SAFEPLACE_BASE") or None, Path(register))
    except (GitError, OSError, ValueError):
        return "", None
    if raw is None:
        return ref, None
    try:
        return ref, decode(raw, str(register))
    except RegisterError:
        return ref, None


def approved_count(register: Path) -> tuple[int | None, str]:
    """(how many rows the published register marks approved, revision), or (None, ref or "")
    as :func:`_published_text`, or when it cannot be read as a register or has no status
    column. Read without pandas: the build asks it in its first second."""
    ref, text = _published_text(register)
    if text is None:
        return None, ref
    try:
        table = read_rows(Path(register), text, columns=("status",))
    except RegisterError:
        return None, ref
    if "status" not in table:
        return None, ref
    return sum(status.lower() == "approved" for status in table["status"]), ref


def published_rows(register: Path, ids=None) -> tuple[str, dict[str, dict[str, str]]]:
    """(revision, {id: {column: value as typed}}) of the published register (only the rows of
    ``ids``, when given); {} without one. Read with the csv module alone: a build asks this for
    a few rows of a register that may hold 30,000."""
    ref, text = _published_text(register)
    if text is None:
        return ref, {}
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: dict[str, dict[str, str]] = {}
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        if "id" not in header:
            return ref, {}
        at = header.index("id")
        for cells in reader:
            ident = cells[at].strip() if len(cells) > at else ""
            if ident and (ids is None or ident in ids) and ident not in rows:
                rows[ident] = {c: v.strip() for c, v in zip(header, cells)}
    except csv.Error:  # a broken published file: nothing to compare with
        return ref, {}
    return ref, rows
