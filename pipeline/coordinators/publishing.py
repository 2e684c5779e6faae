"""``make publish`` refuses a half-configured site: placeholder settings are named, one a line.

A development build may show the fictional sample register, example.org addresses, the sample's
approximate boundary and, in an agency's copy, the sample agency's names in its pages; the
published site must not. :func:`placeholders` lists what is still a placeholder in the settings
of a production build (``SAFEPLACE_PUBLISH = True``, set by ``publishconf.py``); the build stops
unless the override is explicit (``SAFEPLACE_STAGING = True`` in the settings,
``SAFEPLACE_ALLOW_PLACEHOLDERS=1``, or ``--allow-placeholders``), e.g. for a staging copy.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.settings import setting

_EXAMPLE = re.compile(r"\bexample\.(?:org|com|net)\b", re.I)
OVERRIDE = "SAFEPLACE_ALLOW_PLACEHOLDERS"


def placeholders(settings: dict) -> list[str]:
    """One line per placeholder setting, saying where to change it."""
    found = []
    if not setting(settings, "SITE_ABSOLUTE_URL").strip():
        found.append(
            "no site address: set SAFEPLACE_SITEURL to the address the site is published at "
            "(e.g. https://safeplace.police.example)"
        )
    for key in sorted(settings):
        value = settings[key]
        if key.isupper() and isinstance(value, str) and _EXAMPLE.search(value):
            found.append(
                f"{key} = {value!r} is a placeholder (example.org): put the real address in "
                "pelicanconf.py (or SAFEPLACE_SITEURL for the site address)"
            )
    if setting(settings, "SAMPLE_DATA"):
        found.append(
            "SAMPLE_DATA = True: the site would show the fictional sample register; set "
            "SAMPLE_DATA = False in pelicanconf.py once data/participants.csv is the real register"
        )
    found += approximate_boundary(settings)
    found += sample_leftovers(settings)
    return found


def approximate_boundary(settings: dict) -> list[str]:
    """The boundary file while it is marked ``"approximate": true`` (the sample's hand-drawn
    outline): every place is checked against it, so the official limits must replace it."""
    path = Path(str(setting(settings, "SAFEPLACE_BOUNDARY")))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # the build names a missing or broken boundary itself
    parts = [data] + (data.get("features") or [] if isinstance(data, dict) else [])
    for part in parts:
        properties = part.get("properties") if isinstance(part, dict) else None
        if (isinstance(part, dict) and part.get("approximate") is True) or (
            isinstance(properties, dict) and properties.get("approximate") is True
        ):
            return [
                f'SAFEPLACE_BOUNDARY: {path} is marked "approximate": true; put the official '
                "limits of the jurisdiction there (docs/adopting.md)"
            ]
    return []


_PAGE_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".rst", ".txt", ".json"}


def sample_leftovers(settings: dict) -> list[str]:
    """Where the sample agency's names and numbers (SAMPLE_AGENCY_NAMES) are still in an agency's
    own site: its settings, its content pages and its own strings, one line for each, by file
    and line. Nothing while the agency *is* the sample agency (its AGENCY_NAME is the first)."""
    names = [str(n) for n in setting(settings, "SAMPLE_AGENCY_NAMES") if str(n)]
    if not names or setting(settings, "AGENCY_NAME") == names[0]:
        return []
    pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    found = []
    for key in sorted(settings):
        value = settings[key]
        if not key.isupper() or key == "SAMPLE_AGENCY_NAMES" or key.startswith("_"):
            continue
        text = (
            json.dumps(value, ensure_ascii=False, default=str)
            if isinstance(value, (dict, list, tuple))
            else value
        )
        if isinstance(text, str) and (hit := pattern.search(text)):
            found.append(f"{key} still names the sample agency ({hit.group(0)!r}): put your own in")
    files: list[Path] = []
    content = Path(str(setting(settings, "PATH")))
    if content.is_dir():
        files += sorted(p for p in content.rglob("*") if p.is_file() and p.suffix.lower() in _PAGE_SUFFIXES)
    files += [Path(str(name)) for name in setting(settings, "STRINGS_FILES")]
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            if hit := pattern.search(line):
                found.append(f"{path}:{number}: still names the sample agency ({hit.group(0)!r}): rewrite it")
    return found
