"""A page publishes nothing from outside ``content/``.

Pelican copies whatever ``{attach}`` or ``{static}`` names into the site, even
``{attach}../../data/participants.csv`` (the whole register, every contact and note), a file
reached through a symlink in ``content/``, or ``/etc/passwd``; ``{filename}`` and plain relative
links name files the same way. So, before anything is copied:

- every ``{attach}``, ``{static}``, ``{filename}`` link and plain relative link in a page must
  name a file inside the content folder, resolved with symlinks followed; any other target
  stops the build naming the page, its line and the link (:func:`check_links`, once the pages
  are read);
- every file Pelican is about to copy (linked or from ``STATIC_PATHS``) must lie inside the
  content folder, symlinks followed, outside any ``.git`` folder, and not be the register, the
  settings file or anything in the register's folder; and it must land inside the output
  folder (:func:`check_static_files`, before the static files are written).
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.settings import setting
from pipeline.site.pagecheck import UnsafePageError, start_tags

_PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)
_LINK_ATTRIBUTES = ("href", "src", "poster", "data", "cite", "formaction", "action", "srcset")
_PELICAN_LINK = re.compile(r"^[{|](?P<what>[a-z]+)[|}](?P<path>.*)$", re.S)


class PageLinkError(UnsafePageError):
    """Links that would publish a file from outside ``content/``; one line per link."""

    summary = "link(s) to files outside content/"


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: treat as outside
        return Path("/")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _targets(html: str) -> list[tuple[str, str, str]]:
    """(kind, path, raw value) of every link that names a file: Pelican's ``{attach}`` and
    kin, and plain relative links (no scheme, host or leading ``/``)."""
    found = []
    for _tag, attrs in start_tags(html):
        for name, value in attrs.items():
            if name not in _LINK_ATTRIBUTES or not value:
                continue
            values = (
                [part.strip().split(" ")[0] for part in value.split(",")]
                if name == "srcset"
                else [value.strip()]
            )
            for link in values:
                match = _PELICAN_LINK.match(link)
                if match:
                    found.append((match["what"], urlsplit(match["path"]).path, link))
                    continue
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                    continue
                found.append(("link", parts.path, link))
    return found


def _line_of(source: Path, text: str) -> str:
    try:
        whole = source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    at = whole.find(text)
    return f":{whole.count(chr(10), 0, at) + 1}" if at >= 0 else ""


def check_links(generator) -> None:
    """``page_generator_finalized``: every file-naming link of every page stays inside the
    content folder (symlinks followed), or the build stops naming page, line and link."""
    content = _resolved(Path(generator.path))
    problems = []
    for attribute in _PAGE_LISTS:
        for page in getattr(generator, attribute, []):
            source = Path(page.source_path)
            for what, path, raw in _targets(getattr(page, "_content", "") or ""):
                if what not in ("attach", "static", "filename", "link"):
                    continue  # {category}, {tag}, {index}, {author}: not files
                path = unquote(path)
                base = content if path.startswith("/") and what != "link" else source.parent
                target = _resolved(base / path.lstrip("/"))
                if not _inside(target, content):
                    shown = raw if len(raw) <= 80 else raw[:79] + "\u2026"
                    problems.append(
                        f"{source}{_line_of(source, raw)}: the link {shown!r} names "
                        f"{target}, outside the content folder {content}: a page "
                        f"may only link to files inside it"
                    )
    if problems:
        raise PageLinkError(problems)


def _private(settings: dict) -> list[tuple[str, Path]]:
    named = []
    register = setting(settings, "SAFEPLACE_DATA")
    named.append(("the register", _resolved(Path(register))))
    named.append(("the register's folder", _resolved(Path(register).parent)))
    if settings.get("SAFEPLACE_SETTINGS"):
        named.append(("the settings", _resolved(Path(settings["SAFEPLACE_SETTINGS"]))))
    return named


def check_static_files(generator) -> None:
    """``static_generator_finalized``: every file about to be copied lies inside the content
    folder (symlinks followed), is none of the private files, and lands inside the output."""
    settings = generator.settings
    content = _resolved(Path(generator.path))
    private = _private(settings)
    problems = []
    for static in getattr(generator, "staticfiles", []):
        source = Path(static.source_path)
        if not source.is_absolute():
            source = Path(generator.path) / source
        real = _resolved(source)
        why = None
        if not _inside(real, content):
            why = f"it is {real}, outside the content folder {content}"
        elif ".git" in real.relative_to(content).parts or ".git" in source.parts:
            why = "it is inside a .git folder"
        else:
            for label, path in private:
                if _inside(real, path):
                    why = f"it is {label} ({path})"
                    break
        # Read without marking the file's location as used: an {attach} link moves it later.
        planned = str(static.get_url_setting("save_as"))
        save_as = posixpath.normpath(planned.replace(os.sep, "/"))
        if why is None and (save_as.startswith(("../", "/")) or save_as in ("..", ".")):
            why = f"it would be written to {planned}, outside the output folder"
        if why:
            problems.append(f"{source}: not copied into the site: {why}")
    if problems:
        raise PageLinkError(problems)
