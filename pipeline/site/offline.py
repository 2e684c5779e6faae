"""The saved copy for use without signal: ``sw.js`` and ``manifest.webmanifest`` at the site root.

A visitor who presses "Save this list for use without signal" on /find/ registers the service
worker (``theme/offline/sw.js``); no one else gets one. It must sit at the site's root to cover
every page (a worker's scope is its folder), so the build writes it there once everything else
is written, with what it stores filled in: the find page in every language with its data, the
program pages, the CSS, scripts and images. The cache is named after a hash of those files, so
each build that changes them has its own, and the old one is dropped on the next online visit.

A register split into cells (:mod:`pipeline.find.cells`) is stored whole up to
``OFFLINE_ALL_UP_TO`` places. Above that the copy holds the index, and the page asks the worker
to keep the cells nearest the visitor (about that many places); a new build's worker keeps
those cells again when it replaces the old copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path

from pipeline.find import cells as findcells
from pipeline.settings import setting

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
_LIST_PAGE = re.compile(r"(^|/)find/\d+/index\.html$")  # /find/2/...: the script replaces them
_ASSETS = ("css", "js", "img")  # under the theme's static folder; the map's vendor files stay out


def stores_all_up_to(settings: dict) -> int:
    """How many places the saved copy holds whole (``OFFLINE_ALL_UP_TO``); above, the cells
    near the visitor."""
    return int(setting(settings, "OFFLINE_ALL_UP_TO"))


def stores_everything(output: Path, settings: dict) -> bool:
    """Whether the saved copy holds every place (not only the cells near the visitor)."""
    index = output / "find" / "index.json"
    if not index.is_file():
        return True  # one places.json per language: small
    return json.loads(index.read_text(encoding="utf-8"))["total"] <= stores_all_up_to(settings)


def _pages(output: Path, skip: set[str]) -> list[Path]:
    """Every ``index.html`` under ``output``, not looking inside the folders ``skip`` names
    (relative, ``es/places``): a big register's tens of thousands of place pages are never
    walked."""
    found = []
    for folder, dirs, files in os.walk(output):
        relative = Path(folder).relative_to(output).as_posix()
        dirs[:] = [d for d in dirs if (d if relative == "." else f"{relative}/{d}") not in skip]
        if "index.html" in files:
            found.append(Path(folder) / "index.html")
    return sorted(found)


def _language_roots(output: Path) -> list[str]:
    """Where each language's pages live (``""``, ``"es/"``): the root and every top folder
    with a find page of its own."""
    return [""] + sorted(f"{d.name}/" for d in output.iterdir() if d.is_dir() and (d / "find").is_dir())


def _find_files(output: Path, names: list[str]) -> list[str]:
    """The find data files ``names`` of every language that are there (``es/find/words.json``)."""
    found = []
    for root in _language_roots(output):
        found += [f"{root}find/{name}" for name in names if (output / f"{root}find/{name}").is_file()]
    return found


def saved_files(output: Path, settings: dict) -> list[str]:
    """What the saved copy holds, as URLs relative to the site root ("" is the home page).

    The place pages are in it only while the find data is one file (a split register's
    thousands of place pages are not for a phone to store)."""
    from pipeline.site.placefolders import PLACES_SLUG

    split = (output / "find" / "index.json").is_file()
    skip = {f"{root}{PLACES_SLUG}" for root in _language_roots(output)} if split else set()
    names = []
    for page in _pages(output, skip):
        relative = page.relative_to(output).as_posix()
        if not _LIST_PAGE.search(relative):
            names.append(relative[: -len("index.html")])
    whole = stores_everything(output, settings)
    data = ["index.json", "words.json", "zips.json"] + (["places.json"] if whole else [])
    names += sorted(name for name in _find_files(output, data))
    if whole:
        names += sorted(
            p.relative_to(output).as_posix() for p in (output / findcells.CELLS_DIR).glob("*.json")
        )
    static = output / setting(settings, "THEME_STATIC_DIR")
    for folder in _ASSETS:
        names += sorted(p.relative_to(output).as_posix() for p in (static / folder).rglob("*") if p.is_file())
    names.append(MANIFEST)
    return names


def manifest(settings: dict) -> str:
    """The web app manifest: the find page, installable, with the decal as its icon."""
    img = f"{setting(settings, 'THEME_STATIC_DIR')}/img"
    return (
        json.dumps(
            {
                "name": setting(settings, "SITENAME"),
                "short_name": setting(settings, "SITE_SHORT_NAME"),
                "start_url": "find/",
                "scope": "./",
                "display": "standalone",
                "lang": setting(settings, "DEFAULT_LANG"),
                "background_color": "#ffffff",
                "theme_color": "#0b3a66",
                "icons": [
                    {"src": f"{img}/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
                    {"src": f"{img}/icon-192.png", "sizes": "192x192", "type": "image/png"},
                    {"src": f"{img}/icon-512.png", "sizes": "512x512", "type": "image/png"},
                ],
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )


def write_offline_files(output: Path, settings: dict, built: date | None = None) -> str:
    """Write the manifest and the worker into ``output``; return the cache name."""
    (output / MANIFEST).write_text(manifest(settings), encoding="utf-8")
    files = saved_files(output, settings)
    digest = hashlib.sha256()
    # Every data file counts, kept on request or not: cells kept near a visitor are fetched
    # again only when the cache's name changes.
    data = {
        p.relative_to(output).as_posix()
        for p in [
            *(output / findcells.CELLS_DIR).glob("*.json"),
            *(output / name for name in _find_files(output, ["places.json"])),
        ]
    }
    for name in files + sorted(data - set(files)):
        path = output / name / "index.html" if name == "" or name.endswith("/") else output / name
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    cache = f"safeplace-{digest.hexdigest()[:16]}"
    config = {
        "cache": cache,
        "built": (built or date.today()).isoformat(),
        "files": files,
        "cells": f"{findcells.CELLS_DIR}/",
    }
    source = (Path(setting(settings, "THEME")) / "offline" / WORKER).read_text(encoding="utf-8")
    marker = "var OFFLINE = SAFEPLACE_OFFLINE;"
    if marker not in source:
        raise ValueError(f"theme/offline/{WORKER} must contain {marker!r}")
    worker = source.replace(marker, f"var OFFLINE = {json.dumps(config, ensure_ascii=False)};", 1)
    (output / WORKER).write_text(worker, encoding="utf-8")
    return cache
