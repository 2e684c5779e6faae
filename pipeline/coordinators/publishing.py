"""``make publish`` refuses a half-configured site: placeholder settings are named, one a line.

A development build may show the fictional sample register and example.org addresses; the
published site must not. :func:`placeholders` lists what is still a placeholder in the settings
of a production build (``SAFEPLACE_PUBLISH = True``, set by ``publishconf.py``); the build stops
unless the override is explicit (``SAFEPLACE_ALLOW_PLACEHOLDERS=1``, or ``--allow-placeholders``),
e.g. for a staging copy.
"""

from __future__ import annotations

import re

from pipeline.settings import setting

_EXAMPLE = re.compile(r"\bexample\.(?:org|com|net)\b", re.I)
OVERRIDE = "SAFEPLACE_ALLOW_PLACEHOLDERS"


def placeholders(settings: dict) -> list[str]:
    """One line per placeholder setting, saying where to change it."""
    found = []
    if not setting(settings, "SITE_ABSOLUTE_URL").strip():
        found.append(
            "no site address: set SAFEPLACE_SITEURL to the address the site is published at "
            "(e.g. https://safeplace.kcpd.org)"
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
    return found
