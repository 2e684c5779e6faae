"""The register as last published, read from git: what a new build is compared with.

The published commit is ``SAFEPLACE_BASE`` (the Publish workflow sets it to the live site's
commit), else what the pull request check and ``safeplace report`` compare with: the pull
request's base branch, ``origin/main``, ``main``, ``HEAD`` (:func:`report.register_at`). Two
things use it: the shrink guard, when there is no previous output to count, and the lost-letter
rule (``validate`` and ``build`` refuse a "?" where the published register has a letter).

No git, no commit, a register never committed or unreadable at that commit (a fresh agency, a
tarball): there is nothing to compare with, and nothing fails for it.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.register.encoding import decode
from pipeline.register.model import ROW_COLUMN
from pipeline.register.problems import RegisterError
from pipeline.register.table import read_table


def published_register(register: Path):
    """(revision, the register's table at it): ("", None) with no git history to read, (ref, None)
    when the register is not in that commit or cannot be read there."""
    from pipeline.coordinators.report import GitError, register_at

    try:
        ref, raw = register_at(os.environ.get("SAFEPLACE_BASE") or None, Path(register))
    except (GitError, OSError, ValueError):
        return "", None
    if raw is None:
        return ref, None
    try:
        return ref, read_table(Path(register), decode(raw, str(register)))
    except RegisterError:
        return ref, None


def published_rows(register: Path) -> tuple[str, dict[str, dict[str, str]]]:
    """(revision, {id: {column: value as typed}}) of the published register; {} without one."""
    ref, frame = published_register(register)
    if frame is None or "id" not in frame.columns:
        return ref, {}
    rows: dict[str, dict[str, str]] = {}
    for record in frame.to_dict("records"):
        rows.setdefault(str(record["id"]), {str(c): str(v) for c, v in record.items() if c != ROW_COLUMN})
    return ref, rows
