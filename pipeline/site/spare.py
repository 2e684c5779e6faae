"""The replaced site's place pages, kept for the next build to write into (issue 25).

A big register's site is mostly its place pages: tens of thousands of ``<id>/index.html``.
Creating a folder and a file for each costs the kernel more than anything the build computes,
and a rebuild used to pay twice: once to remove the replaced site's folders, once to create
the same folders again. So, above ``SAFEPLACE_SPARE_PAGES_ABOVE`` places, the site a swap
retires is kept beside the output as a *spare* (``.<name>-spare-<hex>``) holding only its
place-page folders and its marker. The next build moves those folders into its new site and
writes each page over the old one (the same file, rewritten from its first byte), creating
only the folders of new places and removing those of places that left.

What is taken from a spare is only what a build made and nobody changed since:

- the spare must hold the marker of the build that wrote it, which that build wrote after
  its last page: the marker's ``ctime`` (the kernel's clock, which no program can set back)
  is when its pages were all written. Without it the spare is removed, unused;
- a place's folder is taken only if it is a real folder (no symlink) named after a place of
  this build, unchanged since then (its ``ctime`` is not later than the marker's: a file
  added, removed or renamed inside changes it); anything else in the spare is removed;
- each page is then rewritten whole, as a regular file with one link and mode 0644
  (:meth:`pipeline.site.places.Folder.write_page`), so the new site holds the same bytes as a
  build into a new folder (the test compares them).

The spare costs a second copy of the place pages on disk between builds, which is why only big
registers keep one (and only where a file's ``ctime`` says when it last changed: not Windows).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from pipeline.site.placefolders import remove_entry

MARKER = ".safeplace-build"  # in every output a build makes (pipeline.site.build)
# Where a file's ctime is the time of its last change (POSIX); on Windows it is when the file
# was made, which proves nothing about what changed since: no spare there.
SUPPORTED = os.name == "posix"


def stamp_of(site: Path) -> int | None:
    """When ``site``'s place pages were all written: its marker's ``ctime`` (ns), or None
    when it has no marker a build wrote. (A time in the marker's text would make every build's
    output differ from the last: the site is the same bytes for the same register.)"""
    marker = site / MARKER
    try:
        found = os.lstat(marker)
        places = json.loads(marker.read_text(encoding="utf-8"))["places"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found.st_ctime_ns if stat.S_ISREG(found.st_mode) and isinstance(places, int) else None


def keep(old: Path, spare: Path, shaped: list[str]) -> bool:
    """Turn ``old`` (the site a swap just retired) into the spare ``spare``: renamed, then
    emptied of everything but its marker and its place-page folders (``shaped``: ``places``,
    ``es/places``). False (and ``old`` left for its caller to remove) when it has no stamp."""
    if stamp_of(old) is None:
        return False
    os.rename(old, spare)
    wanted = {Path(folder) for folder in shaped}
    chains = {parent for folder in wanted for parent in folder.parents} - {Path(".")}
    _prune(spare, Path("."), wanted, chains)
    return True


def _prune(root: Path, here: Path, wanted: set[Path], chains: set[Path]) -> None:
    """Remove under ``root/here`` everything that is not the marker, a wanted folder or a
    folder on the way to one."""
    with os.scandir(root / here) as entries:
        found = list(entries)
    for entry in found:
        name = here / entry.name
        real_dir = entry.is_dir(follow_symlinks=False)
        if name in wanted and real_dir:
            continue
        if name in chains and real_dir:
            _prune(root, name, wanted, chains)
            continue
        if here == Path(".") and entry.name == MARKER:
            continue
        remove_entry(entry.path, ignore_errors=True)


def adopt(spare: Path, staging: Path, folder: str, idents: set[str]) -> int:
    """Move the spare's ``folder`` (``places``) into ``staging`` after removing from it
    whatever this build cannot write into (see the module's docstring); how many place folders
    it brought. 0 when the spare has no such folder or no stamp."""
    before = stamp_of(spare)
    source = spare / folder
    try:
        if before is None or not stat.S_ISDIR(os.lstat(source).st_mode):
            return 0
    except OSError:
        return 0
    taken = 0
    with os.scandir(source) as entries:
        found = list(entries)
    for entry in found:
        try:
            fits = (
                entry.name in idents
                and entry.is_dir(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_ctime_ns <= before
            )
        except OSError:
            fits = False
        if fits:
            taken += 1
            continue
        try:
            remove_entry(entry.path)
        except OSError:
            return 0  # what cannot be removed must not reach the site: the spare goes unused
    destination = staging / folder
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.rename(source, destination)
    return taken
