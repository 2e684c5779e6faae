"""Where the place pages live and the folders that hold them: ``<places root>/<id>/index.html``
for each approved place, made with as few system calls as a tree of tens of thousands allows.

Kept apart from the pages themselves (:mod:`pipeline.site.places`) and light to import: the
build makes the folders of a big register in a process of its own from its first second, while
the rest of the program is still loading (:func:`pipeline.site.build._start_place_folders`).
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from pipeline.settings import setting
from pipeline.site.sitefiles import lang_prefix

PLACES_SLUG = "places"


def page_path(ident: str, lang: str, settings: dict) -> str:
    """``places/SP-0001/`` (``es/places/SP-0001/``): a place's page, from the site's root. The
    register's ids are letters, digits, ``.``, ``_`` and ``-`` only, so they are safe in a path."""
    return f"{places_root(lang, settings)}{ident}/"


def places_root(lang: str, settings: dict) -> str:
    """``places/`` (``es/places/``): where a language's place pages live."""
    return f"{lang_prefix(lang, settings)}{PLACES_SLUG}/"


def page_languages(count: int, settings: dict) -> list[str]:
    """The languages that have a page per place: every one up to
    ``PLACE_PAGES_TRANSLATED_UP_TO`` places, above only the default language. That page is
    the one a decal's QR code names, so every approved place keeps its proof at the door; a
    huge register's build writes half the files (issue 25: the build within 2x)."""
    default = setting(settings, "DEFAULT_LANG")
    if count <= int(setting(settings, "PLACE_PAGES_TRANSLATED_UP_TO")):
        return list(setting(settings, "LANGUAGES"))
    return [default]


def page_language(lang: str, count: int, settings: dict) -> str:
    """The language of the place pages a ``lang`` list links to (its own when it has them)."""
    return lang if lang in page_languages(count, settings) else setting(settings, "DEFAULT_LANG")


def make_folders(output: Path, settings: dict, idents: list[str]) -> dict[str, list[str]]:
    """Make ``<places root>/<id>/`` in ``output`` for each of ``idents`` (the ids of the rows
    marked approved, before any check), in every language that will have place pages: the
    folders are most of a big register's cost to the kernel, and made while the register is
    checked they take a core that would otherwise wait. ``{root: the ids made}``; the pages
    are written into them later (:meth:`Folder.write_page`)."""
    previous = os.umask(0o022)
    made: dict[str, list[str]] = {}
    try:
        for lang in page_languages(len(idents), settings):
            root = places_root(lang, settings).rstrip("/")
            folder = Folder(output / root)
            try:
                made[root] = [ident for ident in idents if folder.make(ident)]
            finally:
                folder.close()
    finally:
        os.umask(previous)
    return made


def remove_unused_folders(
    output: Path, made: dict[str, list[str]], roots: set[str], idents: set[str]
) -> None:
    """Remove the folders :func:`make_folders` made that no page will fill: those of ids not
    published (``idents``) and whole roots of languages without place pages (``roots``), so
    that no empty folder is published."""
    for root, made_ids in made.items():
        if root not in roots:
            shutil.rmtree(output / root, ignore_errors=True)
            continue
        for ident in made_ids:
            if ident not in idents:
                os.rmdir(output / root / ident)


def readable_folders(settings: dict) -> list[str]:
    """The folders of place pages (``places``, ``es/places``), written folders 0755 and files
    0644 whatever the umask (:meth:`PlacePages.write`)."""
    return [places_root(lang, settings).rstrip("/") for lang in setting(settings, "LANGUAGES")]


class Folder:
    """A language's folder of place pages, held open: each page is written as ``<id>/index.html``
    relative to it (``mkdir`` and ``open`` with ``dir_fd``), so the kernel walks two names per
    page instead of the whole path (tens of thousands of pages: issue 25). Ids are letters,
    digits, ``.``, ``_`` and ``-`` and start with a letter or digit: never ``..``."""

    def __init__(self, path: Path, empty: set[str] | frozenset[str] = frozenset()):
        """``empty``: ids whose folder this build has just made (:func:`make_folders`), so
        their page is new: written without trying to make the folder again or looking for a
        page that cannot be there (two system calls and an exception a page saved)."""
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.empty = empty
        self.fd = (
            os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            if {os.mkdir, os.open} <= os.supports_dir_fd
            else None  # Windows: whole paths
        )

    def make(self, ident: str) -> bool:
        """Make the folder ``<id>/``; False when it is there already."""
        where = {"dir_fd": self.fd} if self.fd is not None else {}
        base = "" if self.fd is not None else f"{self.path}{os.sep}"
        try:
            os.mkdir(f"{base}{ident}", **where)
        except FileExistsError:
            return False
        return True

    def write_page(self, ident: str, data: bytes) -> None:
        """Write ``<id>/index.html``: ``data``, the page in UTF-8."""
        where = {"dir_fd": self.fd} if self.fd is not None else {}
        base = "" if self.fd is not None else f"{self.path}{os.sep}"
        name = f"{base}{ident}/index.html"
        try:
            if ident in self.empty:  # a new page in a folder made for it
                fd = os.open(name, _NEW_PAGE | os.O_EXCL, 0o644, **where)
            elif self.make(ident):
                fd = os.open(name, _NEW_PAGE, 0o644, **where)
            else:  # made beforehand (make_folders) or taken from the spare
                self._rewrite(name, data, where)
                return
        except FileExistsError:  # something in a folder thought empty: written over as any
            self._rewrite(name, data, where)
            return
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)

    @staticmethod
    def _rewrite(name: str, data: bytes, where: dict) -> None:
        """Write a page into a folder that is there already (made beforehand, or taken from the
        spare): over the page found, from its first byte, then cut to length (no truncation
        first: freeing the file's blocks and taking them again costs the kernel three times the
        writing). Only a regular file with one link is written over; anything else there (a
        hard link to another file, a symlink, a folder, a pipe) is removed, never followed or
        written through, and the page is a new file. Mode 0644, as a new page's."""
        try:
            fd = os.open(name, _PAGE | getattr(os, "O_NONBLOCK", 0), 0o644, **where)
        except OSError:  # a symlink (O_NOFOLLOW), a folder, a pipe without a reader
            fd = -1
        try:
            found = os.fstat(fd) if fd >= 0 else None
            if found is None or not stat.S_ISREG(found.st_mode) or found.st_nlink != 1:
                if fd >= 0:
                    os.close(fd)
                    fd = -1
                remove_entry(name, where)
                fd = os.open(name, _NEW_PAGE | os.O_EXCL, 0o644, **where)
                found = os.fstat(fd)
            _write_all(fd, data)
            if found.st_size > len(data):
                os.ftruncate(fd, len(data))
            if stat.S_IMODE(found.st_mode) != 0o644 and hasattr(os, "fchmod"):
                os.fchmod(fd, 0o644)
        finally:
            if fd >= 0:
                os.close(fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)


_PAGE = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_NEW_PAGE = _PAGE | os.O_TRUNC


def remove_entry(name: str, where: dict | None = None, ignore_errors: bool = False) -> None:
    """Remove what is at ``name`` (relative to ``where``'s ``dir_fd``, if given): a folder by
    ``shutil.rmtree`` (``ignore_errors`` as it takes it), anything else (a symlink too, never
    followed) unlinked."""
    where = where or {}
    try:
        os.unlink(name, **where)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):  # a folder (PermissionError: macOS, BSD)
        if not stat.S_ISDIR(os.stat(name, follow_symlinks=False, **where).st_mode):
            raise
        shutil.rmtree(name, ignore_errors=ignore_errors, **where)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
