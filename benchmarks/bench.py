"""``make bench``: build time and page weight of /find/ for large registers, against naive Folium.

For N = 300, 3,000, 5,000 and 30,000 synthetic participants (random points inside the jurisdiction
boundary, a fixed seed) it builds the real site with the real CLI and measures, in the same run:

* build time of the whole process (``safeplace build``),
* bytes of ``/find/`` and of everything it loads, raw and gzip, and the number of requests
  (map tiles excluded; the lazily loaded map assets included),
* the naive Folium baseline for the same N: one ``folium.Marker`` with a ``Popup`` per participant,
  default (CDN) assets, saved to one HTML file,
* on a slow phone (:mod:`benchmarks.slowphone`: Chromium at 400 kbit/s with 400 ms round trips,
  gzip as a host sends it, its clock at Sunday 03:00 in the city, when fewest places are open):
  bytes and seconds from tapping "Find the nearest Safe Place" to the first location-sorted
  result (targets: at most 150 KB and 6 s at every size), for the site as built (above
  ``FIND_SPLIT_ABOVE`` places: an index and the cells nearby, :mod:`pipeline.find.cells`) and,
  side by side, for the same site starting from the whole ``places.json`` (one file, as before);
  and, as built, from typing a place's name into the page already shown to that place as the
  first result (a split register fetches search shards and the cells they point to); and, both
  ways, from "Show on map" on the nearest place to its popup on the map;
* Lighthouse-style figures (:func:`benchmarks.slowphone.page_vitals`): CLS, FCP, LCP and TBT of
  /find/ and /es/find/, with and without location, on the slow phone and at full speed
  (target: CLS <= 0.05 everywhere);
* Google's Lighthouse itself (:mod:`benchmarks.lighthouse`, mobile preset): the performance
  score, FCP, LCP, TBT, CLS and Speed Index of /, /find/ and /es/find/ of the sample site and of
  /find/ and /es/find/ at each size (target: performance >= 95);
* the 30,000-place build again with 5,000 distinct hours values (``BENCH_DISTINCT``) instead of
  nine, against the 30,000-place build (target: within 2x; each distinct value is read once);
* the 30,000-place build against the same build by release 0.2.0, before place pages and open
  data (:mod:`benchmarks.baseline`; target: within 2x).

Each build is timed ``BENCH_REPEAT`` times (default 3) and the median shown: a shared machine's
timings wander. It prints a table; nothing here is asserted. Run: ``make bench``
(``BENCH_SIZES=300,3000`` to pick sizes).
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

from benchmarks import baseline
from benchmarks.lighthouse import audits, print_audits
from benchmarks.slowphone import (
    first_nearest_result,
    first_search_result,
    map_popup_after_nearest,
    page_vitals,
    single_file,
)
from pipeline.register.model import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
HOURS = [
    "24/7",
    "Mo-Fr 08:00-17:00",
    "Mo-Sa 09:00-21:00; Su 11:00-18:00",
    "Mo-Su 06:00-23:00",
    "Tu-Su 11:00-14:00,17:00-22:00",
    "Mo-Th 09:00-20:00; Fr,Sa 09:00-17:30; Su 13:00-17:00",
    "Mo-Fr 07:30-18:00; Sa 08:00-12:00",
    "Fr,Sa 18:00-02:00",
    "Mo-Su 10:00-22:00",
]
CATEGORIES = [
    "Restaurant or café",
    "Shop",
    "Grocery or pharmacy",
    "Hotel",
    "Library",
    "Community center",
    "Social service organization",
    "Government office",
    "Health clinic",
    "Fuel station or convenience store",
]
STREETS = [
    "Main St",
    "Troost Ave",
    "Broadway Blvd",
    "Prospect Ave",
    "Wornall Rd",
    "Oak St",
    "Grand Blvd",
    "Independence Ave",
    "N Oak Trfy",
    "Blue Ridge Blvd",
    "Holmes Rd",
]
KINDS = ["Shop", "Cafe", "Center", "Market", "Clinic"]
WORDS = [
    "Corner",
    "Harbor",
    "Maple",
    "Union",
    "Summit",
    "River",
    "Prairie",
    "Union",
    "Jazz",
    "Fountain",
    "Parkway",
    "Crossroads",
    "Northland",
    "Market",
    "Station",
    "Garden",
]


def distinct_hours(count: int, seed: int = 24) -> list[str]:
    """``count`` different plausible hours values (opening and closing minutes vary, some with
    a Saturday, a late night or public holidays), as a big register of real places has."""
    rng, found = random.Random(seed), set()
    while len(found) < count:
        days = rng.choice(["Mo-Fr", "Mo-Sa", "Tu-Sa", "Mo-Th", "Mo-Su", "We-Su"])
        opens = f"{rng.randint(5, 11):02d}:{rng.choice(['00', '15', '30', '45'])}"
        closes = f"{rng.randint(14, 23):02d}:{rng.choice(['00', '10', '30', '45'])}"
        value = f"{days} {opens}-{closes}"
        extra = rng.random()
        if extra < 0.3:
            value += f"; Su {rng.randint(9, 12):02d}:00-{rng.randint(15, 18):02d}:00"
        elif extra < 0.45:  # a late weekend: weekdays otherwise (no rule of its own after midnight)
            value = f"Mo-Th {opens}-{closes}; Fr,Sa {rng.randint(17, 20):02d}:00-0{rng.randint(1, 3)}:00"
        if rng.random() < 0.3:
            value += "; PH off"
        found.add(value)
    return sorted(found)


def synthetic_register(n: int, path: Path, seed: int = 2015, hours: list[str] | None = None) -> None:
    """N plausible rows inside the boundary (about 9 in 10 approved), their hours drawn from
    ``hours`` (default: nine common values)."""
    from pipeline.register.geography import Boundary, zip_centroids

    boundary = Boundary.load(ROOT / "data" / "boundary.geojson")
    (south, west), (north, east) = boundary.bounds
    centres = list(zip_centroids(boundary, "MO", "Kansas City").items())

    def nearest_zip(lat: float, lon: float) -> str:  # a ZIP code of the city, as a real row has
        return min(centres, key=lambda c: (c[1][0] - lat) ** 2 + (c[1][1] - lon) ** 2)[0]

    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for i in range(1, n + 1):
            while True:
                lat, lon = round(rng.uniform(south, north), 5), round(rng.uniform(west, east), 5)
                if boundary.contains(lat, lon):
                    break
            approved = rng.random() < 0.9
            writer.writerow(
                {
                    "id": f"SP-{i:05d}",
                    "name": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)} {i}",
                    "category": rng.choice(CATEGORIES),
                    "address": f"{rng.randint(100, 14999)} {rng.choice(STREETS)}",
                    "city": "Kansas City",
                    "state": "MO",
                    "zip": nearest_zip(lat, lon) if rng.randint(1, 99) else "",
                    "lat": f"{lat:.5f}",
                    "lon": f"{lon:.5f}",
                    "phone": f"(816) 555-01{rng.randint(0, 99):02d}",
                    "hours": rng.choice(hours or HOURS),
                    "website": f"https://example.org/place-{i}" if rng.random() < 0.5 else "",
                    "status": "approved" if approved else "pending",
                    "contact_name": "Sample Contact",
                    "contact_email": "contact@example.org",
                    "contact_phone": "",
                    "notes": "",
                    "applied_on": "2026-01-05",
                    "approved_on": "2026-02-01" if approved else "",
                    "trained_on": "2026-02-10" if approved else "",
                }
            )


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(site: Path, page: str = "find/index.html") -> tuple[int, int, int]:
    """(raw bytes, gzip bytes, requests) for a page and everything it loads (tiles excluded).

    As a browser would: the files the HTML names (modulepreload links included), what CSS
    names, the ES modules a script imports, and what the find page's config makes it load; a
    module loaded with ``import()`` counts only on a split register's page (the find page
    imports the code for the pieces only there)."""
    from pipeline.site.modules import imports

    seen, queue, split = set(), [page], False
    while queue:
        name = queue.pop()
        if name in seen or not (site / name).is_file():
            continue
        seen.add(name)
        text = (site / name).read_text(encoding="utf-8", errors="replace")
        base = "http://site/" + name
        refs = []
        if name.endswith(".html"):
            refs += [
                ref
                for tag, ref in re.findall(r'(<(?:script|link|img)[^>]+(?:src|href)="([^"]+)")', text)
                if 'rel="alternate"' not in tag and 'rel="canonical"' not in tag
            ]
            config = re.search(
                r'<script type="application/json" id="find-config" '
                r'data-base="([^"]*)">(.*?)</script>',
                text,
                re.S,
            )
            if config:  # what find.js loads: the data, and the map when it is shown
                root, cfg = config.group(1), json.loads(config.group(2))
                refs += [root + cfg["data"], root + cfg["map_script"]]
                split = split or cfg["data"].endswith("index.json")
                if cfg["data"].endswith("index.json"):  # a split register: the weeks in
                    folder = root + cfg["data"][: -len("index.json")]  # words, and all for the map
                    refs += [folder + "words.json", folder + "places.json"]
                refs += [root + cfg["static"] + a for a in cfg["map"]["js"] + cfg["map"]["css"]]
        elif name.endswith(".js"):  # an ES module's imports (a classic script has none)
            static, later = imports(text)
            refs += static + (later if split else [])
        elif name.endswith(".css"):
            refs += [
                r
                for r in re.findall(r'url\(["\']?([^"\')]+)["\']?\)', text)
                if "marker-icon" not in r and "layers" not in r and not r.startswith("#")
            ]
        for ref in refs:
            url = urljoin(base, ref)
            if url.startswith("http://site/"):
                queue.append(url[len("http://site/") :].split("#")[0].split("?")[0])
    data = [(site / n).read_bytes() for n in sorted(seen)]
    return sum(map(len, data)), sum(_gz(d) for d in data), len(data)


def naive_folium(n: int, register: Path, out: Path) -> tuple[float, int, int]:
    """Time and size of the naive approach: one Marker with a Popup per approved participant."""
    code = (
        "import csv, sys, folium\n"
        "rows = [r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))\n"
        "        if r['status'] == 'approved']\n"
        "m = folium.Map(location=[39.0997, -94.5786], zoom_start=11)\n"
        "for r in rows:\n"
        "    folium.Marker([float(r['lat']), float(r['lon'])], popup=folium.Popup(r['name']),"
        " tooltip=r['name']).add_to(m)\n"
        "m.save(sys.argv[2])\n"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(register), str(out)], check=True)
    elapsed = time.perf_counter() - start
    data = out.read_bytes()
    return elapsed, len(data), _gz(data)


def next_moment(timezone: str, *, weekday: int, hour: int, minute: int = 0):
    """The next ``weekday`` (Monday 0) at ``hour:minute`` in the city (an aware datetime), at
    least a day away: inside the window of days a site built today publishes hours for, and the
    same moment however late in the day it is asked."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone)
    today = datetime.now(zone).date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return datetime.combine(day, time(hour, minute)).replace(tzinfo=zone)


def sunday_3am(timezone: str):
    """The next Sunday, 03:00 in the city: the fewest places are open."""
    return next_moment(timezone, weekday=6, hour=3)


def slow_phone(site: Path, copy: Path, at) -> tuple[tuple[int, float], ...]:
    """On the slow phone, (bytes, seconds) each: the first nearest result as built and from one
    places.json; then, as built, a search for the last place in name order (in no list the page
    starts from; one places.json has every place before any search, so it has nothing to show);
    then "Show on map" on the nearest place until its popup is open, as built and from one file."""
    data = json.loads((site / "find/places.json").read_text(encoding="utf-8"))
    last = dict(zip(data["fields"], data["places"][-1]))
    whole = single_file(site, copy)
    return (
        first_nearest_result(site, at=at),
        first_nearest_result(whole, at=at),
        first_search_result(site, last["name"], last["id"], at=at),
        map_popup_after_nearest(site, at=at),
        map_popup_after_nearest(whole, at=at),
    )


VITALS_PAGES = ("find/", "es/find/")


def vitals(site: Path, at) -> list[tuple[str, str, str, dict]]:
    """Lighthouse-style figures for /find/ and /es/find/, with and without location, on the
    slow phone and at full speed: (page, location, network, {cls, fcp, lcp, tbt})."""
    rows = []
    for path in VITALS_PAGES:
        for locate in (False, True):
            for slow in (True, False):
                figures = page_vitals(site, path, locate=locate, slow=slow, at=at)
                rows.append((path, "located" if locate else "-", "slow" if slow else "full", figures))
    return rows


def print_vitals(table: list[tuple[str, list]]) -> None:
    """The CLS, FCP, LCP and TBT table (target: CLS <= 0.05 everywhere)."""
    print("\n| register | page | location | network | CLS | FCP ms | LCP ms | TBT ms |")
    print("|---|---|---|---|---|---|---|---|")
    worst, movers = 0.0, []
    for name, rows in table:
        for path, located, network, v in rows:
            worst = max(worst, v["cls"])
            if v["cls"] > 0.05:
                movers.append(f"{name} /{path} {located} {network}: {v['sources'][:4]}")
            print(
                f"| {name} | /{path} | {located} | {network} | {v['cls']:.3f} | {v['fcp'] or 0:,.0f} | "
                f"{v['lcp'] or 0:,.0f} | {v['tbt']:,.0f} |"
            )
    for line in movers:
        print("Moved:", line)
    print(
        f"Worst CLS: {worst:.3f} (target <= 0.05). FCP, LCP and TBT from the Performance API in "
        "Chromium on the 360x740 phone; TBT counts long tasks after FCP until the page settles."
    )


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _distinct_hours_row(sizes, repeat, safeplace, tmp) -> tuple[float, int] | None:
    """The 30,000-place build with 5,000 distinct hours values (``BENCH_DISTINCT``): median
    seconds, and the number of values; None when 30,000 is not among the sizes."""
    if 30000 not in sizes:
        return None
    values = distinct_hours(int(os.environ.get("BENCH_DISTINCT", "5000")))
    register = tmp / "register-30000-distinct.csv"
    synthetic_register(30000, register, hours=values)
    times = []
    for k in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(
            [
                str(safeplace),
                "build",
                "--data",
                str(register),
                "--output",
                str(tmp / f"site-30000-distinct-{k}"),
            ],
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - start)
        if result.returncode:
            raise SystemExit(result.stderr[-2000:])
    return _median(times), len(values)


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "300,3000,5000,30000").split(",")]
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    safeplace = Path(sys.executable).with_name("safeplace")
    rows = []
    vitals_table = []
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    at = sunday_3am(settings["TIMEZONE"])
    tile_url = settings["MAP_TILES"]["url"]
    lighthouse_rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sample = tmp / "sample"
        subprocess.run([str(safeplace), "build", "--output", str(sample)], check=True, capture_output=True)
        raw, gz, requests = page_weight(sample)
        vitals_table.append(("sample", vitals(sample, at)))
        lighthouse_rows += [("sample", *row) for row in audits(sample, tile_url=tile_url)]
        rows.append(
            (
                "sample",
                "-",
                raw,
                gz,
                requests,
                None,
                None,
                None,
                slow_phone(sample, tmp / "sample-single", at),
            )
        )
        for n in sizes:
            register = tmp / f"register-{n}.csv"
            synthetic_register(n, register)
            times = []
            for k in range(repeat):
                # a folder of its own each time, nothing deleted until the end, and the builds
                # before it on disk first (benchmarks.baseline)
                out = tmp / f"site-{n}-{k}"
                os.sync()
                start = time.perf_counter()
                result = subprocess.run(
                    [str(safeplace), "build", "--data", str(register), "--output", str(out)],
                    capture_output=True,
                    text=True,
                )
                times.append(time.perf_counter() - start)
                if result.returncode:
                    print(result.stderr[-2000:], file=sys.stderr)
                    return 1
            raw, gz, requests = page_weight(out)
            vitals_table.append((f"{n:,}", vitals(out, at)))
            lighthouse_rows += [
                (f"{n:,}", *row) for row in audits(out, tile_url=tile_url, pages=("find/", "es/find/"))
            ]
            # The naive map of 30,000 markers takes about 20 s: measured once.
            naive = [
                naive_folium(n, register, tmp / f"naive-{n}.html") for _ in range(repeat if n < 30000 else 1)
            ]
            rows.append(
                (
                    f"{n:,}",
                    _median(times),
                    raw,
                    gz,
                    requests,
                    _median([t for t, _, _ in naive]),
                    naive[0][1],
                    naive[0][2],
                    slow_phone(out, tmp / f"single-{n}", at),
                )
            )
        distinct = _distinct_hours_row(sizes, repeat, safeplace, tmp)
        compared = baseline.compare(ROOT, tmp / "register-30000.csv", tmp, repeat) if 30000 in sizes else None
    per = [(r[0], r[3]) for r in rows if r[0] != "sample"]
    header = (
        "register",
        "build s",
        "find raw KB",
        "find gzip KB",
        "requests",
        "naive Folium s",
        "naive HTML KB",
        "naive gzip KB",
        "slow phone: KB to nearest",
        "slow phone: s to nearest",
        "one file: KB to nearest",
        "one file: s to nearest",
        "slow phone: KB to a name",
        "slow phone: s to a name",
        "slow phone: KB to map popup",
        "slow phone: s to map popup",
        "one file: KB to map popup",
        "one file: s to map popup",
    )
    print(f"Median of {repeat} runs of each build (naive Folium for 30,000: one run).\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, secs, raw, gz, req, n_secs, n_raw, n_gz, phone in rows:
        naive = (
            ("-", "-", "-")
            if n_secs is None
            else (f"{n_secs:.1f}", f"{n_raw / 1024:,.0f}", f"{n_gz / 1024:,.0f}")
        )
        built = secs if isinstance(secs, str) else f"{secs:.1f}"
        print(
            f"| {name} | {built} | {raw / 1024:,.1f} | {gz / 1024:,.1f} | {req} | "
            + " | ".join(naive)
            + "".join(f" | {sent / 1024:,.1f} | {seconds:.1f}" for sent, seconds in phone)
            + " |"
        )
    print("\nNaive Folium also loads 13 files from 4 CDN hosts (~300 KB gzip), not counted above.")
    print(
        f'Slow phone: its clock at {at:%A %H:%M} in the city; "one file" is the same site '
        'starting from the whole places.json; "a name": typing the last place\'s name in '
        'name order into the page already shown, until it is the first result; "map popup": '
        'from "Show on map" on the nearest place to its popup.'
    )
    slow = [(r[0], *r[8][0]) for r in rows]
    worst_kb, worst_s = max(b for _, b, _ in slow) / 1024, max(t for _, _, t in slow)
    print(
        f"Slow phone, worst size: {worst_kb:,.0f} KB and {worst_s:.1f} s to the first nearest "
        f"result (targets: <= 150 KB and <= 6 s at every size)."
    )
    if len(per) >= 2:
        (n1, g1), (n2, g2) = per[0], per[-1]
        count = lambda label: int(label.replace(",", ""))
        # Only approved rows (about 9 in 10) are shipped.
        extra = (g2 - g1) / ((count(n2) - count(n1)) * 0.9)
        print(f"Cost per extra published participant: {extra:.1f} bytes gzip (target <= 60).")
    print_vitals(vitals_table)
    print_audits(lighthouse_rows)
    by_size = {r[0]: r for r in rows}
    if distinct is not None and "30,000" in by_size:
        secs, values = distinct
        ratio = secs / by_size["30,000"][1]
        print(
            f"\n| register | distinct hours values | build s | x the 30,000 build with {len(HOURS)} values |"
        )
        print("|---|---|---|---|")
        print(f"| 30,000 | {values:,} | {secs:.1f} | {ratio:.2f} |")
        print(f"Target: within 2x of the build with {len(HOURS)} values (no cliff as values grow).")
    baseline.print_comparison(compared, "30,000")
    if "30,000" in by_size and "3,000" in by_size:
        ours, naive = by_size["30,000"][1], by_size["3,000"][5]
        verdict = "faster" if ours < naive else "NOT faster"
        print(
            f"30,000 places built in {ours:.2f} s; naive Folium drew 3,000 markers in "
            f"{naive:.2f} s: {verdict} (target: faster)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
