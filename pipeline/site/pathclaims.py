"""No page takes another's place.

A page's ``Save_as`` (or ``URL``) can name any path of the site: ``Save_as: find/index.html``
would replace the find page, ``participate/index.html`` the application form, and Pelican
writes the page over them without a word (a page with ``Save_as`` may overwrite). So once the
pages are read, every page's path is compared with the paths the site itself makes (the find
page and its data in every language, each place's page, ``data/``, the theme's files, the saved copy's worker,
``robots.txt``, ``_headers``, ``sitemap.xml``) and with every other page's; a clash stops the
build naming both. Paths are compared as a web server would serve them: ``find/`` is
``find/index.html``, a leading ``/`` or ``./`` changes nothing, nor does letter case (some
hosts ignore it).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from pipeline.settings import setting
from pipeline.site import offline, sitefiles
from pipeline.site.build import MARKER
from pipeline.site.pagecheck import UnsafePageError

_PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


class PathClashError(UnsafePageError):
    """Pages that would replace a file of the site or another page; one line per clash."""

    summary = "page path clash(es)"


def served(path: str) -> str:
    """A path of the site as a server finds its file: ``find/`` -> ``find/index.html``."""
    text = str(path).replace("\\", "/").strip()
    folder = text == "" or text.endswith("/")
    text = posixpath.normpath("/" + text).lstrip("/")
    if folder or text in ("", "."):
        text = posixpath.join(text, "index.html") if text not in ("", ".") else "index.html"
    return text.lower()


def site_paths(settings: dict) -> tuple[dict[str, str], dict[str, str]]:
    """(folders, files) the site writes itself, each with what it is, for the message."""
    languages = setting(settings, "LANGUAGES") or [setting(settings, "DEFAULT_LANG")]
    prefixes = [sitefiles.lang_prefix(lang, settings) for lang in languages]
    folders = {f"{prefix}find/".lower(): f"the find page ({prefix}find/)" for prefix in prefixes}
    from pipeline.site.placefolders import PLACES_SLUG

    for lang in languages:
        prefix = sitefiles.lang_prefix(lang, settings)
        folders[f"{prefix}{PLACES_SLUG}/".lower()] = f"the places' pages ({prefix}{PLACES_SLUG}/)"
    folders["data/"] = "the public data files (data/)"
    static = setting(settings, "THEME_STATIC_DIR")
    folders[f"{static}/".lower()] = f"the theme's files ({static}/)"
    files = {
        name.lower(): f"the site's {name}"
        for name in ("robots.txt", "_headers", "sitemap.xml", offline.WORKER, offline.MANIFEST, MARKER)
    }
    return folders, files


def _claims(page) -> list[tuple[str, str]]:
    """(served path, as written) of the page's save_as and url."""
    out: list[tuple[str, str]] = []
    for label, value in (("Save_as", getattr(page, "save_as", None)), ("URL", getattr(page, "url", None))):
        if value is None or "//" in str(value):
            continue  # another site's address replaces nothing here
        path = served(value)
        if all(path != p for p, _ in out):
            out.append((path, f"{label} {value!r}"))
    return out


def check_paths(generator) -> None:
    """``page_generator_finalized``: stop the build if a page's path is one the site makes or
    another page's, naming both."""
    folders, files = site_paths(generator.settings)
    taken: dict[str, tuple[Path, str]] = {}
    problems = []
    for attribute in _PAGE_LISTS:
        for page in getattr(generator, attribute, []):
            source = Path(page.source_path)
            for path, written in _claims(page):
                what = files.get(path) or next(
                    (name for folder, name in folders.items() if path.startswith(folder)), None
                )
                if what:
                    problems.append(
                        f"{source}: its {written} would replace {what}: choose another Save_as/URL"
                    )
                elif path in taken and taken[path][0] != source:
                    other, other_written = taken[path]
                    problems.append(
                        f"{source}: its {written} would replace the page {other} "
                        f"({other_written}): give one of them another "
                        f"Save_as/URL or slug"
                    )
                else:
                    taken.setdefault(path, (source, written))
    if problems:
        raise PathClashError(problems)
