"""A file as a git revision holds it: what the register was when it was last published.

Light to import (``subprocess`` only): a build asks it in its first second, for the published
register's count of places, before the rest of the program has loaded.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(Exception):
    """The revision or the register in it cannot be read (one line, for the coordinator)."""


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git is not available: {exc}") from None


def default_base(repo: Path) -> str:
    """The pull request's base branch on GitHub, else ``origin/main`` or ``main``, else HEAD."""
    candidates = []
    if os.environ.get("GITHUB_BASE_REF"):
        candidates.append(f"origin/{os.environ['GITHUB_BASE_REF']}")
    candidates += ["origin/main", "main", "HEAD"]
    for ref in candidates:
        if _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0:
            return ref
    raise GitError("no commit to compare with: this register is not in a git repository with commits")


def register_at(ref: str | None, register: Path) -> tuple[str, bytes | None]:
    """(revision, the register's bytes at it); bytes None when the file did not exist there."""
    folder = register.resolve().parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise GitError(f"{register} is not in a git repository: nothing to compare with")
    repo = Path(top.stdout.decode().strip())
    ref = ref or default_base(repo)
    if _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise GitError(f"{ref!r} is not a branch, tag or commit of this repository")
    relative = register.resolve().relative_to(repo.resolve()).as_posix()
    shown = _git(repo, "show", f"{ref}:{relative}")
    return ref, (shown.stdout if shown.returncode == 0 else None)
