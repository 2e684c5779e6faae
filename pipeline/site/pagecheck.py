"""Raw HTML in the Markdown pages that could take visitors elsewhere or run code is refused.

Content authors are trusted, but a snippet pasted into a page (an embed code, a redirect a
web host suggested) must not become part of a site victims rely on: ``<meta http-equiv=
"refresh">`` sends every visitor to another site and the Content-Security-Policy cannot stop
it; ``<base>`` redirects every relative link; ``<iframe>``, ``<object>``, ``<embed>`` load
another site into the page; ``<form>`` posts what visitors type elsewhere; ``<script>`` runs
code. The site's own form and scripts come from the theme's templates, never from a page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

REFUSED_TAGS = ("meta", "base", "iframe", "object", "embed", "form", "script")


class UnsafePageError(ValueError):
    """Pages hold raw HTML the site refuses; ``problems`` has one line per file and tag."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in REFUSED_TAGS and tag not in self.found:
            self.found.append(tag)

    handle_startendtag = handle_starttag


def refused_tags(html: str) -> list[str]:
    """The refused elements the rendered page holds, in the order they first appear."""
    if "<" not in html:
        return []
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.found


def _line_of(source: Path, tag: str) -> str:
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    match = re.search(rf"<\s*{tag}\b", text, re.I)
    return f":{text.count(chr(10), 0, match.start()) + 1}" if match else ""


def check_pages(generator) -> None:
    """Stop the build if any page (translations and hidden pages included) holds a refused
    element: ``FILE:LINE: raw HTML <tag> is not allowed in a page``."""
    problems = []
    for attribute in ("pages", "translations", "hidden_pages", "hidden_translations",
                      "draft_pages", "draft_translations"):
        for page in getattr(generator, attribute, []):
            for tag in refused_tags(getattr(page, "_content", "") or ""):
                source = Path(page.source_path)
                problems.append(f"{source}{_line_of(source, tag)}: raw HTML <{tag}> is not "
                                f"allowed in a page (it can send visitors elsewhere or run code)")
    if problems:
        raise UnsafePageError(problems)
