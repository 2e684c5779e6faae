"""``safeplace decals``: a printable decal per approved place, whose QR code opens its page.

A decal is a sticker anyone can copy, and a place that leaves the program keeps its sticker. So
each decal carries a QR code of its place's own page (``/places/<id>/``) and, under it, a short
code (the register id) to type in: the page says whose decal it is ("This decal belongs to ...,
if you see it anywhere else, tell us"), and a place no longer approved has no page, so the
address answers "This is not a current Safe Place" (``404.html``).

The address must be the published site's: a decal printed with a preview or placeholder address
would send a frightened visitor nowhere, so it is refused. The files go to one folder: a decal
per place (``<id>.svg``), and print pages for US Letter and A4 paper (four decals a sheet, at
actual size). The folder is ours alone: one that holds anything we did not write is refused, and
decals of places no longer approved are removed from it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from pipeline.register.checks import Participant
from pipeline.settings import setting
from pipeline.site.decal_art import agency_name
from pipeline.site.placefolders import page_path

MARKER = ".safeplace-decals"  # lists the files a run wrote: the only ones a later run may replace
_PLACEHOLDER_HOST = re.compile(
    r"(^|\.)(example\.(org|com|net)|localhost|test|example|invalid|local)$|^127\.|^0\.0\.0\.0$|^\[?::1\]?$",
    re.I,
)
DECAL_MM = (90, 120)  # width, height: four to a Letter or A4 sheet


class DecalError(Exception):
    """Why no decals were written, in one line for the coordinator."""


def site_address(settings: dict) -> str:
    """The published site's address, or DecalError while it is missing or a placeholder."""
    base = (setting(settings, "SITE_ABSOLUTE_URL") or "").strip().rstrip("/")
    if not base:
        raise DecalError(
            "decals need the published site's address: set SAFEPLACE_SITEURL and use "
            "--settings publishconf.py (or set SITE_ABSOLUTE_URL in the settings)"
        )
    parts = urlsplit(base)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise DecalError(
            f"SITE_ABSOLUTE_URL = {base!r} is not a web address: write it as "
            "https://safeplace.your-agency.gov"
        )
    if _PLACEHOLDER_HOST.search(parts.hostname):
        raise DecalError(
            f"SITE_ABSOLUTE_URL = {base!r} is a placeholder or a preview address: a "
            "decal must open the published site; set SAFEPLACE_SITEURL to it"
        )
    return base


def qr_path(matrix, quiet: int = 4) -> tuple[str, int]:
    """An SVG path drawing the QR matrix's dark modules (one unit each), and the side of the
    square with its quiet zone, in units."""
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + quiet} {y + quiet}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return "".join(runs), len(matrix) + 2 * quiet


def decal_svg(p: Participant, url: str, strings: list[dict], site_name: str, agency: str = "") -> str:
    """One decal: the program's name and the agency's (from the settings), the QR code of
    ``url``, the short code and ``url`` under it, the place's name (so the coordinator hands
    the right decal to the right door) and "scan to check" in every language of the site, as
    many as there are. Every text is escaped for XML."""
    import segno

    qr = segno.make_qr(url, error="m")
    path, side = qr_path(qr.matrix)
    width, height = DECAL_MM
    size = 62  # mm: the QR code's square, quiet zone included
    x, y = (width - size) / 2, 22
    first = y + size + 24
    step = min(5.0, (height - 3 - first) / max(len(strings) - 1, 1))  # every language fits
    scans = "".join(
        f'<text x="{width / 2}" y="{first + step * n:.1f}" font-size="{min(3.6, step * 0.8):.1f}" '
        f'lang="{escape(t["lang"])}">{escape(t["decal_scan"])}</text>'
        for n, t in enumerate(strings)
    )
    agency_size = round(min(3.6, (width - 8) / (0.6 * max(len(agency), 1))), 2)
    agency_line = (
        f'<text x="{width / 2}" y="19.5" font-size="{agency_size}">{escape(agency)}</text>' if agency else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t">'
        f'<title id="t">{escape(site_name)}: {escape(p.name)} ({escape(p.id)})</title>'
        f'<rect width="{width}" height="{height}" rx="4" fill="#fff" stroke="#1d1d6b" stroke-width="1.5"/>'
        f'<g font-family="Arial, Helvetica, sans-serif" text-anchor="middle" fill="#111">'
        f'<text x="{width / 2}" y="{14 if agency else 16}" font-size="9" font-weight="700">Safe Place</text>'
        f"{agency_line}"
        f'<svg x="{x}" y="{y}" width="{size}" height="{size}" viewBox="0 0 {side} {side}" '
        f'shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>'
        f'<text x="{width / 2}" y="{y + size + 7}" font-size="7" font-weight="700" '
        f'class="decal-code">{escape(p.id)}</text>'
        f'<text x="{width / 2}" y="{y + size + 12}" font-size="3.2">{escape(url)}</text>'
        f'<text x="{width / 2}" y="{y + size + 17}" font-size="3.6">{escape(p.name)}</text>'
        f"{scans}</g></svg>\n"
    )


def print_page(files: list[str], paper: str, strings: dict, lang: str) -> str:
    """A page to print the decals at actual size, four a sheet, on ``paper`` (letter or A4)."""
    width, height = DECAL_MM
    quote = {'"': "&quot;"}
    items = "\n".join(
        f'<img src="{escape(name, quote)}" alt="{escape(name.removesuffix(".svg"), quote)}" '
        f'width="{width * 4}" height="{height * 4}">'
        for name in files
    )
    title = escape(strings["decal_print_title"])
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} ({paper})</title>\n<style>\n"
        f"@page {{ size: {paper}; margin: 10mm; }}\n"
        f"body {{ margin: 0; font-family: Arial, Helvetica, sans-serif; }}\n"
        f".sheet {{ display: grid; grid-template-columns: repeat(2, {width}mm); gap: 4mm; }}\n"
        f".sheet img {{ width: {width}mm; height: {height}mm; break-inside: avoid; }}\n"
        f"@media print {{ .note {{ display: none; }} }}\n"
        f'</style>\n</head>\n<body>\n<h1 class="note">{title}</h1>\n'
        f'<p class="note">{escape(strings["decal_print_note"])}</p>\n'
        f'<div class="sheet">\n{items}\n</div>\n</body>\n</html>\n'
    )


def write_decals(
    participants: list[Participant], settings: dict, out: Path, strings: dict[str, dict]
) -> list[Path]:
    """Write every approved place's decal and the print pages into ``out``; return the files."""
    base = site_address(settings)
    default = setting(settings, "DEFAULT_LANG")
    _check_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    marker = out / MARKER
    before = set(marker.read_text(encoding="utf-8").split()) if marker.exists() else set()
    languages = [default] + [lang for lang in strings if lang != default]
    texts = [{"lang": lang, **strings[lang]} for lang in languages]
    agency = agency_name(strings[default], settings, default)
    names = []
    for p in participants:
        name = f"{p.id}.svg"
        url = f"{base}/{page_path(p.id, default, settings)}"
        svg = decal_svg(p, url, texts, setting(settings, "SITENAME"), agency)
        (out / name).write_text(svg, encoding="utf-8")
        names.append(name)
    for paper, file in (("letter", "print-letter.html"), ("A4", "print-a4.html")):
        (out / file).write_text(print_page(names, paper, strings[default], default), encoding="utf-8")
        names.append(file)
    for stale in sorted(before - set(names)):
        if "/" not in stale and (out / stale).is_file():
            (out / stale).unlink()  # a decal of a place no longer approved: ours to remove
    marker.write_text("\n".join(names) + "\n", encoding="utf-8")
    return [out / name for name in names]


def _check_folder(out: Path) -> None:
    """``out`` must be new, empty, or a folder this command wrote (it holds only its files)."""
    if out.exists() and not out.is_dir():
        raise DecalError(f"{out} is a file, not a folder: name a folder for the decals with --out")
    if not out.exists():
        return
    present = {p.name for p in out.iterdir()}
    if not present:
        return
    marker = out / MARKER
    ours = set(marker.read_text(encoding="utf-8").split()) if marker.is_file() else set()
    foreign = sorted(present - ours - {MARKER})
    if not marker.is_file() or foreign:
        shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
        raise DecalError(
            f"{out} holds files safeplace decals did not write ({shown}): name a new "
            "or empty folder with --out, so nothing of yours is replaced"
        )
