"""Site-wide files and headers: languages, Content-Security-Policy, sitemap, robots, ``_headers``.

Kept apart from the find page so each stays small. Everything here is a pure function of the
settings and the list of page URLs, so builds stay byte-for-byte deterministic (no dates).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from pipeline.settings import setting

PREVIEW_URL = "http://127.0.0.1:8000"  # `make serve`; publishconf.py sets the real address


def languages(settings: dict) -> list[str]:
    """The site's languages, the default language first: those LANGUAGES names, or else one
    per strings file (the theme's and the agency's own, ``STRINGS_FILES``).

    Adding a language is adding ``theme/strings/<lang>.json`` (or an agency's own strings file)
    and ``content/pages/*.<lang>.md``, and naming it in LANGUAGES.
    """
    from pipeline.site.wording import strings_files

    default = setting(settings, "DEFAULT_LANG")
    theme = {p.stem for p in (Path(setting(settings, "THEME")) / "strings").glob("*.json")}
    found: list[str] = sorted(theme | set(strings_files(settings)))
    chosen = setting(settings, "LANGUAGES")  # the agency's choice among them, when it makes one
    if chosen:
        missing = [lang for lang in chosen if lang not in found]
        if missing:
            raise ValueError(
                f"LANGUAGES names {', '.join(missing)}, which has no strings file "
                "(theme/strings/<lang>.json or one of STRINGS_FILES)"
            )
        found = [str(lang) for lang in chosen]
    return [default] + [lang for lang in found if lang != default]


def lang_prefix(lang: str, settings: dict) -> str:
    """``""`` for the default language, ``"es/"`` for Spanish: where a language's pages live."""
    return "" if lang == setting(settings, "DEFAULT_LANG") else f"{lang}/"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}.", "*.")  # Leaflet's {s} subdomains
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


def content_security_policy(settings: dict, *, for_header: bool = False) -> str:
    """A strict policy: our own files only, images also from the tile server, no inline script.

    ``data:`` images are allowed for Leaflet, which blanks unloaded tiles with a 1-pixel GIF.

    Forms may go to the configured sign-up endpoint, or to ``mailto:`` when there is none.
    ``frame-ancestors`` is only honoured as a real header, so it is left out of the meta tag.
    """
    tiles = _origin(setting(settings, "MAP_TILES")["url"])
    action = setting(settings, "SIGNUP_FORM_ACTION")
    form = _origin(action) if action.startswith(("http://", "https://")) else "mailto:"
    policy = [
        "default-src 'self'",
        f"img-src 'self' data: {tiles}".strip(),
        "script-src 'self'",
        "style-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        f"form-action 'self' {form}".strip(),
    ]
    if for_header:
        policy.append("frame-ancestors 'none'")
    return "; ".join(policy)


def absolute_base(settings: dict) -> str:
    return (setting(settings, "SITE_ABSOLUTE_URL") or PREVIEW_URL).rstrip("/")


def sitemap(entries: list[dict], settings: dict) -> str:
    """``sitemap.xml`` with each page's other languages as ``xhtml:link`` alternates.

    ``entries``: ``{"url": "about/", "alternates": [(lang, url), ...]}``, sorted here by URL.
    """
    base = absolute_base(settings)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in sorted(entries, key=lambda e: e["url"]):
        loc = _text(base + "/" + entry["url"])
        lines.append(f"  <url><loc>{loc}</loc>")
        for lang, url in entry["alternates"]:
            href = _attribute(base + "/" + url)
            lines.append(f'    <xhtml:link rel="alternate" hreflang={_attribute(lang)} href={href}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


_PLAIN = re.compile(r"[^&<>\"'\n\r\t]*")


def _text(value: str) -> str:
    """``escape(value)``, at once for the usual address with nothing to escape."""
    return value if _PLAIN.fullmatch(value) else str(escape(value))


def _attribute(value: str) -> str:
    """``quoteattr(value)``, at once for the usual address with nothing to escape (a sitemap
    lists tens of thousands of place pages)."""
    return f'"{value}"' if _PLAIN.fullmatch(value) else quoteattr(value)


SITEMAP_LIMIT = 50_000  # addresses a sitemap file may list (sitemaps.org)


def sitemaps(entries: list[dict], settings: dict, limit: int = SITEMAP_LIMIT) -> dict[str, str]:
    """``sitemap.xml``, or, above ``limit`` addresses (a page per place in every language
    reaches it), ``sitemap-1.xml``, ``sitemap-2.xml``, ... and ``sitemap.xml`` as their index."""
    entries = sorted(entries, key=lambda e: e["url"])
    if len(entries) <= limit:
        return {"sitemap.xml": sitemap(entries, settings)}
    base = absolute_base(settings)
    files = {
        f"sitemap-{n // limit + 1}.xml": sitemap(entries[n : n + limit], settings)
        for n in range(0, len(entries), limit)
    }
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"  <sitemap><loc>{escape(base + '/' + name)}</loc></sitemap>" for name in files]
    lines.append("</sitemapindex>")
    return {**files, "sitemap.xml": "\n".join(lines) + "\n"}


def robots(settings: dict) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute_base(settings)}/sitemap.xml\n"


def headers_file(settings: dict) -> str:
    """``_headers`` for hosts that read it (Netlify, Cloudflare Pages): the same policy as real
    headers, plus what a meta tag cannot say."""
    return "\n".join(
        [
            "/*",
            f"  Content-Security-Policy: {content_security_policy(settings, for_header=True)}",
            "  Referrer-Policy: no-referrer",
            "  X-Content-Type-Options: nosniff",
            "  Permissions-Policy: geolocation=(self), camera=(), microphone=()",
            "",
        ]
    )
