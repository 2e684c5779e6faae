"""``safeplace geocode``: fill missing ``lat``/``lon`` in the register from the address.

Uses geopy's Nominatim client (endpoint and user agent configurable in ``pelicanconf.py``, as the
OpenStreetMap usage policy asks), at most one request a second, with answers cached in
``data/geocode-cache.csv`` so an address is never looked up twice. The register is written back
with only the filled ``lat``/``lon`` cells changed: same encoding, same line endings, same columns.
An answer outside the jurisdiction's boundary (a street name shared with a suburb, say) is never
written: it is listed for the coordinator, since the register would refuse it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.coordinators.atomic import write_atomically
from pipeline.coordinators.csvtext import csv_rows
from pipeline.register.backup import keep_previous
from pipeline.register.encoding import decode, detect_encoding
from pipeline.register.problems import Problem, RegisterError

CACHE_COLUMNS = ("query", "lat", "lon")


@dataclass
class GeocodeResult:
    filled: list[tuple[int, str]]  # (spreadsheet row, id)
    not_found: list[tuple[int, str, str]]  # (row, id, query)
    looked_up: int  # requests actually sent
    # (row, id, query, lat, lon): found outside the boundary, not written
    outside: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    backup: Path | None = None  # the register as it was before the coordinates were written


def query_for(row: dict[str, str]) -> str:
    parts = [
        row.get("address", ""),
        row.get("city", ""),
        f"{row.get('state', '')} {row.get('zip', '')}".strip(),
    ]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def load_cache(path: Path) -> dict[str, tuple[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["query"]: (r["lat"], r["lon"]) for r in csv.DictReader(handle)}


def save_cache(path: Path, cache: dict[str, tuple[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CACHE_COLUMNS)
    for query in sorted(cache):
        writer.writerow([query, *cache[query]])
    write_atomically(path, buffer.getvalue().encode("utf-8"))


def no_connection(exc: BaseException) -> bool:
    """Whether ``exc`` means the service could not be reached at all (no network, refused,
    name not found, timed out), as opposed to an answer the service gave."""
    from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable

    if isinstance(exc, (GeocoderUnavailable, GeocoderTimedOut, ConnectionError, TimeoutError)):
        return True
    if isinstance(exc, GeocoderServiceError):
        text = str(exc)
        return any(
            sign in text
            for sign in ("Connection", "Max retries", "Name or service", "timed out", "Failed to establish")
        )
    return isinstance(exc, OSError)


def make_geocoder(endpoint: str, user_agent: str, min_delay: float, timeout: float = 10):
    """A rate-limited ``geocode(query)`` callable for a Nominatim-compatible endpoint."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
    geocoder = Nominatim(
        domain=parts.netloc + parts.path.rstrip("/"),
        scheme=parts.scheme,
        user_agent=user_agent,
        timeout=timeout,
    )
    return RateLimiter(
        geocoder.geocode,
        min_delay_seconds=min_delay,
        max_retries=1,
        error_wait_seconds=min_delay,
        swallow_exceptions=False,
    )


def geocode_register(
    register: Path, cache_path: Path, geocode, progress=None, boundary=None, country: str = "US"
) -> GeocodeResult:
    """Fill empty lat/lon cells; ``geocode`` is a callable query -> location (or None), asked
    for places in ``country`` (COUNTRY, ISO 3166-1 alpha-2) only.

    With a ``boundary``, an answer outside it is listed in ``outside`` and not written."""
    raw = register.read_bytes()
    encoding = detect_encoding(raw, str(register))
    newline = "\r\n" if b"\r\n" in raw else "\n"
    rows = csv_rows(decode(raw, str(register)), str(register))
    if not rows:  # an empty file: not a register (a save that went wrong?)
        raise RegisterError(
            [Problem(str(register), 1, "-", "this file is not a CSV register (empty or binary)")]
        )
    header = [h.strip().lower() for h in rows[0]]
    if "lat" not in header or "lon" not in header:
        raise RegisterError(
            [Problem(str(register), 1, "lat", "the header has no lat and lon columns to fill")]
        )
    lat_i, lon_i = header.index("lat"), header.index("lon")
    cache = load_cache(cache_path)
    todo = [
        (n, r)
        for n, r in enumerate(rows[1:], start=2)
        if any(c.strip() for c in r)
        and len(r) > max(lat_i, lon_i)
        and not r[lat_i].strip()
        and not r[lon_i].strip()
    ]
    result = GeocodeResult([], [], 0)
    for number, row in progress(todo) if progress else todo:
        record = dict(zip(header, (c.strip() for c in row)))
        query = query_for(record)
        if query not in cache:
            location = geocode(query, exactly_one=True, country_codes=country.lower())
            result.looked_up += 1
            cache[query] = (f"{location.latitude:.6f}", f"{location.longitude:.6f}") if location else ("", "")
            save_cache(cache_path, cache)  # keep what was paid for, even if interrupted
        lat, lon = cache[query]
        if (
            lat
            and lon
            and boundary is not None
            and not boundary.contains_points([float(lat)], [float(lon)])[0]
        ):
            result.outside.append((number, record.get("id", ""), query, lat, lon))
        elif lat and lon:
            row[lat_i], row[lon_i] = lat, lon
            result.filled.append((number, record.get("id", "")))
        else:
            result.not_found.append((number, record.get("id", ""), query))
    if result.filled:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=newline).writerows(rows)
        result.backup = keep_previous(register)
        write_atomically(register, buffer.getvalue().encode(encoding))
    return result
