"""Pages are checked as a browser reads them: nothing in a page may take visitors elsewhere or
run code, whatever the theme did not put there itself.

Content authors are trusted, but a snippet pasted into a page (an embed code, a redirect a
web host suggested) must not become part of a site victims rely on: ``<meta http-equiv=
"refresh">`` sends every visitor to another site and the Content-Security-Policy cannot stop
it; ``<base>`` redirects every relative link; ``<iframe>``, ``<object>``, ``<embed>`` load
another site into the page; ``<form>`` posts what visitors type elsewhere; ``<script>``, an
event-handler attribute (``onclick``) or a ``javascript:`` URL runs code.

A browser, not a simple tag scanner, decides what is an element: ``<svg><style><meta …>``,
``<!--><meta …> -->`` and ``<style>x</style x><meta …>`` are all a real ``<meta>`` to it. So
every page is checked *as published* (after Markdown and the templates) with an HTML5 parser
(html5lib, the WHATWG algorithm, foreign content and comments included), twice when the page
holds ``<noscript>`` (a browser with and without scripting reads it differently). What the
theme itself puts into a page (its scripts, the application form, the security policy) is
found by rendering the same template for a page with its text, title and summary left out
(once per template and language); only what the page adds is refused. The build stops naming
the page's file (and the line in it, where the source shows one).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import partial
from pathlib import Path
from typing import NamedTuple

import html5lib
import html5lib.constants
from html5lib import _tokenizer

from pipeline.site import parallel

# Elements that navigate, load another site, post elsewhere or run code, by local name in
# any namespace (an SVG <script> runs too).
# (<frame>/<frameset> in a page's body are dropped by the parser, as by a browser.)
REFUSED_TAGS = ("meta", "base", "iframe", "object", "embed", "form", "script")
# Characters a browser drops from a URL before reading its scheme.
_URL_NOISE = re.compile(r"[\t\n\r]")
_LEADING = "".join(chr(c) for c in range(0x21))  # C0 controls and space, stripped at the ends
_CODE_SCHEMES = ("javascript:", "vbscript:")


class UnsafePageError(ValueError):
    """Pages hold raw HTML the site refuses; ``problems`` has one line per file and finding."""

    summary = "refused HTML element(s)"

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class Finding(NamedTuple):
    """One dangerous thing in a parsed page: ``what`` for the message, ``where`` a pattern to
    find its line in the source, ``key`` what makes it this one (to tell it from the theme's)."""

    what: str
    where: str
    key: tuple


def runs_code(value: str) -> bool:
    """Whether a URL value is read by a browser as ``javascript:`` (or ``vbscript:``)."""
    url = _URL_NOISE.sub("", value).strip(_LEADING).lower()
    return url.startswith(_CODE_SCHEMES)


def _element_key(tag: str, attrs: dict, text: str) -> tuple:
    items = dict(attrs)
    if (
        tag == "meta"
        and not items.get("http-equiv")
        and any(k in items for k in ("name", "property", "itemprop"))
        and items.get("name", "").lower() != "referrer"
    ):
        items.pop("content", None)  # the page's description or title: the theme's own meta
    return (tag, tuple(sorted(items.items())), text)


def _findings_in(tags: list[tuple[str, dict]]) -> list[Finding]:
    found = []
    for tag, attrs in tags:
        if tag in REFUSED_TAGS:
            found.append(
                Finding(f"raw HTML <{tag}>", rf"<\s*{tag}\b", ("element", *_element_key(tag, attrs, "")))
            )
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(
                    Finding(f"an event handler ({name}=)", rf"\b{name}\s*=", ("handler", tag, name, value))
                )
            elif any(runs_code(part) for part in (value, *value.split(";"))):
                found.append(
                    Finding(f"a javascript: URL ({name}=)", r"script\s*:", ("code-url", tag, name, value))
                )
    return found


class _TagsSeen(_tokenizer.HTMLTokenizer):
    """The tokenizer, noting every start tag it hands the tree builder (name, attributes)."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == _START_TAG:
                self.parser.tags_seen.append(
                    (
                        token["name"].rsplit(":", 1)[-1],
                        {str(k).rsplit(":", 1)[-1].lower(): v for k, v in token["data"].items()},
                    )
                )
            yield token


class _Parser(html5lib.HTMLParser):
    """html5lib's parser, keeping every start tag the page's text makes, in order.

    The tags, not just the elements of the finished tree: the tree builder drops some a
    browser keeps (Chromium's ``<select>`` now holds any element, where html5lib, written
    to the older rules, drops them); every element of the tree comes from one of these tags,
    so checking the tags checks at least what any browser builds. The tokenizer's own states
    (``<style>`` text, comments, CDATA in SVG) are the browser's, set by the tree builder."""

    def mainLoop(self):
        self.tags_seen: list[tuple[str, dict]] = []
        self.tokenizer.__class__ = _TagsSeen
        super().mainLoop()


_START_TAG = html5lib.constants.tokenTypes["StartTag"]
_PARSER = _Parser(namespaceHTMLElements=False)


def start_tags(html: str, scripting: bool = False) -> list[tuple[str, dict]]:
    """Every start tag a browser's tokenizer makes of ``html``: (name, attributes), names
    without a namespace prefix, in order."""
    _PARSER.parse(html, scripting=scripting)
    return _PARSER.tags_seen


def findings(html: str) -> Counter:
    """Every dangerous thing a browser may find in ``html``, counted (scripting on and off)."""
    counted = Counter(_findings_in(start_tags(html, scripting=False)))
    if "noscript" in html.lower():
        counted |= Counter(_findings_in(start_tags(html, scripting=True)))
    return counted


def added(page_html: str, theme: str | Counter) -> list[Finding]:
    """What ``page_html`` holds beyond what the theme alone puts there (``theme``: its HTML, or
    its :func:`findings`), in the order first found, one per kind."""
    extra = findings(page_html) - (theme if isinstance(theme, Counter) else findings(theme))
    seen, out = set(), []
    for finding in extra:
        if finding.what not in seen:
            seen.add(finding.what)
            out.append(finding)
    return out


def refused_tags(html: str) -> list[str]:
    """The refused elements a fragment holds as a browser parses it, in order of appearance
    (a fragment has no theme: everything found is refused)."""
    return list(
        dict.fromkeys(f.what[len("raw HTML <") : -1] for f in findings(html) if f.key[0] == "element")
    )


class _WithoutText:
    """The page as the template sees it, minus everything its author wrote: its content,
    title and summary (the theme's elements remain; the page's are gone)."""

    content = ""
    title = ""
    summary = ""

    def __init__(self, page):
        self._page = page

    def __getattr__(self, name):
        return getattr(self._page, name)


def _line_of(source: Path, pattern: str) -> str:
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    match = re.search(pattern, text, re.I)
    return f":{text.count(chr(10), 0, match.start()) + 1}" if match else ""


class PageChecker:
    """Connected to Pelican's signals by the plugin: each page the pages generator writes is
    noted, and once they are all written they are read back as published and compared with
    their template alone, in a part of their own (:mod:`pipeline.site.parallel`: the HTML5
    parser takes a core for a third of a second while the build goes on); the build stops,
    every problem named, before the site is swapped in (``finalized``)."""

    def __init__(self):
        self.generator = None
        self._written: list[tuple[str, dict]] = []  # (path, context) of each page written
        self._verdict = None  # the check under way: problems, when done

    def reset(self, *_args, **_kwargs):
        """``initialized``: a new build starts with no pages and no check (``serve`` builds
        again; a check a failed build left running is stopped)."""
        if self._verdict is not None:
            self._verdict.cancel()
        self.generator, self._written, self._verdict = None, [], None

    def writing(self, generator, content=None):
        """``page_generator_write_page``: the generator whose templates render the pages."""
        self.generator = generator

    def written(self, path, context=None):
        """``content_written``: note a page the pages generator just wrote."""
        page = (context or {}).get("page")
        if page is None or self.generator is None or not str(path).endswith((".html", ".htm")):
            return
        self._written.append((str(path), context))

    def finished(self, generator, writer=None):
        """``page_writer_finalized``: check the pages written, beside the rest of the build."""
        written, self._written = self._written, []
        if written and self.generator is not None:
            self._verdict = parallel.start(partial(problems_in, self.generator, written))

    def verdict(self, *_args, **_kwargs):
        """``finalized``: stop the build if any page added a refused thing."""
        pending, self._verdict, self.generator = self._verdict, None, None
        problems = pending.result() if pending is not None else []
        if problems:
            raise UnsafePageError(problems)


def problems_in(generator, written: list[tuple[str, dict]]) -> list[str]:
    """What the pages ``written`` (path, context) add that their template does not put there
    itself, a line each naming the page's source file and line. The theme's own elements are
    found once per template and language, from the page rendered without its text."""
    theme: dict[tuple, Counter] = {}
    problems = []
    for path, context in written:
        page = context["page"]
        key = (page.template, getattr(page, "lang", ""))
        if key not in theme:  # the theme's own elements do not depend on the page
            template = generator.get_template(page.template)
            theme[key] = findings(template.render({**context, "page": _WithoutText(page)}))
        page_html = Path(path).read_text(encoding="utf-8")
        source = Path(page.source_path)
        for finding in added(page_html, theme[key]):
            problems.append(
                f"{source}{_line_of(source, finding.where)}: {finding.what} is "
                f"not allowed in a page (it can send visitors elsewhere or run "
                f"code)"
            )
    return problems


CHECKER = PageChecker()  # one per process: blinker keeps only weak references to receivers


def connect(signals) -> None:
    """Check every page Pelican writes (called from the plugin's ``register``)."""
    signals.initialized.connect(CHECKER.reset)
    signals.page_generator_write_page.connect(CHECKER.writing)
    signals.content_written.connect(CHECKER.written)
    signals.page_writer_finalized.connect(CHECKER.finished)
    signals.finalized.connect(CHECKER.verdict)
