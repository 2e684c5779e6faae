"""Every page has a stated size, checked before Markdown reads it.

Python-Markdown's time grows far faster than a page's length for some text: 15 KB of
``[](`` takes it about 25 seconds, 40 KB of ``[`` over a minute, and every build (each
``safeplace serve`` rebuild) pays it again. A real page is a few kilobytes with a few dozen
links; so a page may hold at most ``SAFEPLACE_PAGE_BYTES`` bytes (100,000) and
``SAFEPLACE_PAGE_BRACKETS`` square brackets (1,000), and one that holds more stops the build
in one line per page, before any Markdown runs.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.settings import setting
from pipeline.site.pagecheck import UnsafePageError


class PageLimitError(UnsafePageError):
    """Pages over the size limits; one line per page."""

    summary = "page(s) over the size limits"


def check_sizes(generator) -> None:
    """``page_generator_init``: every page file within the limits, before any is read."""
    settings = generator.settings
    most_bytes = int(setting(settings, "SAFEPLACE_PAGE_BYTES"))
    most_brackets = int(setting(settings, "SAFEPLACE_PAGE_BRACKETS"))
    problems = []
    for name in generator.get_files(
        setting(settings, "PAGE_PATHS"), exclude=setting(settings, "PAGE_EXCLUDES")
    ):
        path = Path(generator.path) / name
        try:
            size = os.path.getsize(path)
            if size > most_bytes:
                problems.append(
                    f"{path}: the page is {size:,} bytes; a page may hold at most "
                    f"{most_bytes:,} (SAFEPLACE_PAGE_BYTES): split it into pages"
                )
                continue
            brackets = path.read_bytes().count(b"[")
        except OSError as exc:
            problems.append(f"{path}: cannot read the page: {exc.strerror or exc}")
            continue
        if brackets > most_brackets:
            problems.append(
                f"{path}: the page holds {brackets:,} square brackets; a page may "
                f"hold at most {most_brackets:,} (SAFEPLACE_PAGE_BRACKETS), which "
                f"is hundreds of links"
            )
    if problems:
        raise PageLimitError(problems)
