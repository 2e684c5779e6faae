"""``/find/zip/<code>/`` in every language: "nearest to me" without JavaScript.

The find page's script sorts by a visitor's position or postal code. Without it (a script
blocked, an old phone, a failed download) the home page's "Find the nearest Safe Place" still
has to lead to the nearest places, so the build writes, for every postal code of the
jurisdiction it knows a centre for, a small server-rendered page of the places nearest that
centre, each with its distance and week; ``/find/`` links to them in a compact list.
"""

from __future__ import annotations

from pipeline.find.nearest import KM_PER_MILE, Nearest

ZIP_DIR = "zip"


def slug(code: str) -> str:
    """A postal code in a page's address: its spaces left out (``K1P 1J1`` -> ``K1P1J1``)."""
    return code.replace(" ", "")


def zip_page_urls(find_url: str, zips: dict) -> list[tuple[str, str]]:
    """(code, URL) of every postal code page under ``find_url`` (e.g. ``es/find/``), in order."""
    return [(code, f"{find_url}{ZIP_DIR}/{slug(code)}/") for code in sorted(zips)]


def sitemap_entries(find_urls: dict[str, str], zips: dict) -> list[dict]:
    """The postal code pages for the sitemap: each in every language, with its alternates."""
    entries = []
    for code in sorted(zips):
        alternates = [(lang, f"{url}{ZIP_DIR}/{slug(code)}/") for lang, url in find_urls.items()]
        entries += [{"url": url, "alternates": alternates} for _, url in alternates]
    return entries


def nearest_by_zip(
    participants, zips: dict, count: int, unit: str = "mi"
) -> dict[str, list[tuple[int, float]]]:
    """For each postal code, its ``count`` nearest places as (index, distance in ``unit``, mi
    or km), nearest first: worked out once and shared by every language."""
    per_unit = KM_PER_MILE if unit == "mi" else 1.0
    nearest = Nearest([p.lat for p in participants], [p.lon for p in participants])
    return {
        code: [(i, km / per_unit) for i, km in nearest.first(lat, lon, count)]
        for code, (lat, lon) in zips.items()
    }


def distance_words(distance: float, strings: dict) -> str:
    """ "0.3 miles · " (or "0.5 km · ") as the page's script writes it ("0,3 millas": the
    language's ``decimal_mark``); under a tenth, "under 0.1 miles". The strings already name
    the site's unit (DISTANCE_UNIT)."""
    mark = strings.get("decimal_mark", ".")
    if distance < 0.05:
        return strings.get("js_distance_near", "{d}").format(d="0.1".replace(".", mark)) + " · "
    return strings["js_distance"].format(d=f"{distance:.1f}".replace(".", mark)) + " · "
