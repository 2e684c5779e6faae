"""The Safe Place decal shown on the home page and offered for download, drawn from the settings.

A decal in a window promises one thing: staff will call the emergency number. So it must carry
the agency's own number and name in each of the site's languages, never the sample's. The build
draws it (``theme/img/<decal_file>`` for each language, ``decal_file`` from the strings): an open
door with a heart, SAFE PLACE, the promise (the ``decal_promise`` string, ``{emergency}`` filled
in) and the agency's name in that language (see :func:`agency_name`).

An agency with licensed artwork of its own points to it instead (``DECAL_ARTWORK``: language ->
an SVG or PNG file, relative to the settings file); that file is published as it is, and the
strings' ``decal_alt`` should then describe it.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pipeline.settings import setting

WIDTH = 520  # the room for a line of text inside the decal's border, in its 600-unit square
_ADVANCE = 0.62  # a bold sans-serif letter's average width, in em: enough for capitals too

_DOOR = (
    '<g transform="translate(60 44) scale(0.8)">'
    '<path d="M210 300 V120 a90 90 0 0 1 180 0 V300 Z" fill="#ffffff"/>'
    '<path d="M228 300 V124 a72 72 0 0 1 144 0 V300 Z" fill="#f0b323"/>'
    '<path d="M228 300 L170 330 V150 L228 124 Z" fill="#ffffff"/>'
    '<path d="M300 262 C262 234 244 210 244 188 c0-22 18-38 38-38 c8 0 14 4 18 10 c4-6 10-10 18-10 '
    'c20 0 38 16 38 38 c0 22-18 46-56 74 Z" fill="#1d3f72"/>'
    '<rect x="150" y="318" width="300" height="10" rx="5" fill="#ffffff"/>'
    "</g>"
)


class DecalArtError(ValueError):
    """DECAL_ARTWORK names a file that cannot be the decal."""


def fitted(text: str, largest: float) -> float:
    """The font size at which ``text`` fits on one line of the decal (at most ``largest``)."""
    return math.floor(min(largest, WIDTH / (_ADVANCE * max(len(text), 1))) * 10) / 10


def _lines(text: str, largest: float, smallest: float) -> list[str]:
    """``text`` on one line, or on two split at the space nearest its middle when one line
    would need letters smaller than ``smallest``."""
    if fitted(text, largest) >= smallest or " " not in text:
        return [text]
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]


def filled(text: str, settings: Mapping[str, Any]) -> str:
    """``{emergency}`` filled in (the strings may already have had it filled by the build)."""
    return text.replace("{emergency}", str(setting(settings, "EMERGENCY_NUMBER")))


def agency_name(strings: Mapping[str, Any], settings: Mapping[str, Any], lang: str) -> str:
    """The agency as the decal names it in ``lang``: the language's ``decal_agency`` string (a
    shorter name for the sticker), else its name in that language (``AGENCY_NAME_BY_LANG``), else
    ``AGENCY_NAME``: the same name the footer gives."""
    by_lang = setting(settings, "AGENCY_NAME_BY_LANG") or {}
    return str(strings.get("decal_agency") or by_lang.get(lang) or setting(settings, "AGENCY_NAME"))


def decal_svg(strings: Mapping[str, Any], settings: Mapping[str, Any], lang: str) -> str:
    """The decal in ``lang``: every text from the settings and the strings, escaped for XML."""
    promise = filled(str(strings.get("decal_promise") or "{emergency}"), settings)
    agency = agency_name(strings, settings, lang)
    description = filled(str(strings.get("decal_alt") or promise), settings)
    promise_lines = _lines(promise, 34, 18)
    agency_lines = _lines(agency, 22, 15)
    texts = ['<text x="300" y="402" font-size="68" letter-spacing="2">SAFE PLACE</text>']
    size = min(fitted(line, 34) for line in promise_lines)
    if len(promise_lines) == 1:
        texts.append(f'<text x="300" y="466" font-size="{size}" fill="#f0b323">{escape(promise)}</text>')
    else:
        for y, line in zip((450, 450 + size * 1.15), promise_lines):
            texts.append(f'<text x="300" y="{y:.0f}" font-size="{size}" fill="#f0b323">{escape(line)}</text>')
    size = min(fitted(line, 22) for line in agency_lines)
    top = 528 if len(agency_lines) == 1 else 514
    for n, line in enumerate(agency_lines):
        texts.append(f'<text x="300" y="{top + n * size * 1.2:.0f}" font-size="{size}">{escape(line)}</text>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600" width="600" height="600" '
        f'role="img" aria-labelledby="decal-title decal-desc" lang="{escape(lang)}">\n'
        '  <title id="decal-title">Safe Place</title>\n'
        f'  <desc id="decal-desc">{escape(description)} {escape(agency)}.</desc>\n'
        '  <rect x="10" y="10" width="580" height="580" rx="48" fill="#1d3f72"/>\n'
        '  <rect x="28" y="28" width="544" height="544" rx="34" fill="none" stroke="#ffffff" '
        'stroke-width="8"/>\n'
        "  <!-- an open doorway: the frame, the light falling out of it, the door swung open -->\n"
        f"  {_DOOR}\n"
        '  <g font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-weight="700" fill="#ffffff" '
        'text-anchor="middle">\n    ' + "\n    ".join(texts) + "\n  </g>\n</svg>\n"
    )


def artwork(settings: Mapping[str, Any]) -> dict[str, Path]:
    """The agency's own decal files by language (``DECAL_ARTWORK``), each checked to exist and
    be an SVG or PNG file; relative paths are relative to the settings file."""
    given = setting(settings, "DECAL_ARTWORK")
    if not isinstance(given, Mapping):
        raise DecalArtError("DECAL_ARTWORK must be a dict of language -> file (an SVG or PNG)")
    base = Path(str(settings.get("SAFEPLACE_SETTINGS") or "pelicanconf.py")).resolve().parent
    files = {}
    for lang, name in given.items():
        path = Path(str(name))
        path = path if path.is_absolute() else base / path
        if path.suffix.lower() not in (".svg", ".png") or not path.is_file():
            raise DecalArtError(f"DECAL_ARTWORK[{lang!r}] = {name!r} is not an SVG or PNG file")
        files[str(lang)] = path
    return files


def decal_names(pelican) -> None:
    """Check DECAL_ARTWORK before anything is built, and give each language whose artwork is a
    PNG a ``decal_file`` that says so (the home page and the download link use it)."""
    settings = pelican.settings
    every = settings.get("STRINGS", {})
    default = setting(settings, "DEFAULT_LANG")
    for lang, strings in every.items():
        # A language whose strings borrow another's file name (English fills gaps) gets its own.
        if lang != default and strings.get("decal_file") == every.get(default, {}).get("decal_file"):
            strings["decal_file"] = f"safe-place-decal-{lang}.svg"
    for lang, path in artwork(settings).items():
        strings = every.get(lang)
        if strings is not None and path.suffix.lower() != Path(strings["decal_file"]).suffix:
            strings["decal_file"] = Path(strings["decal_file"]).stem + path.suffix.lower()


def write_decals(generators) -> None:
    """Write the decal of every language into the output's ``<THEME_STATIC_DIR>/img/``."""
    if not generators:
        return
    settings = generators[0].settings
    folder = Path(generators[0].output_path) / setting(settings, "THEME_STATIC_DIR") / "img"
    folder.mkdir(parents=True, exist_ok=True)
    own = artwork(settings)
    for lang in setting(settings, "LANGUAGES"):
        strings = settings["STRINGS"][lang]
        target = folder / strings["decal_file"]
        if lang in own:
            shutil.copyfile(own[lang], target)
        else:
            target.write_text(decal_svg(strings, settings, lang), encoding="utf-8")
