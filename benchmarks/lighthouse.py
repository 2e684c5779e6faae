"""``make bench``'s Lighthouse: Google's own audit (the npm package pinned in
``benchmarks/package.json``, installed by ``scripts/install-bench-deps``) of the built site's
pages, mobile preset (Lighthouse's default: a Moto G Power class phone, slow 4G simulated,
4x CPU slowdown), headless in Debian's Chromium.

The site is served on 127.0.0.1 compressed as a host would send it (gzip,
:class:`benchmarks.slowphone._GzipHandler`). The map tile server is a third party and this
machine may be offline, so its requests are blocked (``--blocked-url-patterns``): the map's
tiles never count towards the score, as they load after the page is usable. Lighthouse talks
to nothing else: every other request is to 127.0.0.1.

Target (issue 23): performance >= 95 on /, /find/ and /es/find/.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.slowphone import CHROMIUM, _GzipHandler

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
PAGES = ("", "find/", "es/find/")
# The audits whose numbers the table shows (Lighthouse's ids), with how to print each.
METRICS = {
    "first-contentful-paint": "FCP ms",
    "largest-contentful-paint": "LCP ms",
    "total-blocking-time": "TBT ms",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI ms",
}


def summary(report: dict) -> dict:
    """From Lighthouse's JSON report (``--output=json``): the performance score (0-100), the
    metrics of :data:`METRICS` (their numeric values), and the failing opportunities' titles
    (what to fix), so that the bench prints what the report says and nothing it does not."""
    score = report["categories"]["performance"]["score"]
    audits = report["audits"]
    figures = {key: audits[key].get("numericValue") for key in METRICS if key in audits}
    weak = [
        audits[ref["id"]]["title"]
        for ref in report["categories"]["performance"]["auditRefs"]
        if ref.get("weight", 0) == 0
        and audits.get(ref["id"], {}).get("score") is not None
        and audits[ref["id"]]["score"] < 0.9
        and audits[ref["id"]].get("scoreDisplayMode") in ("numeric", "binary", "metricSavings")
    ]
    return {
        "score": None if score is None else round(score * 100),
        "metrics": figures,
        "weak": weak,
        "lcp_element": _lcp_element(audits),
    }


def _lcp_element(audits: dict) -> str:
    """The LCP element's selector, as Lighthouse names it (what to look at when LCP is slow):
    Lighthouse 13 puts it in the LCP breakdown insight, older ones in its own audit."""
    for key in ("lcp-breakdown-insight", "largest-contentful-paint-element"):
        stack = [audits.get(key, {}).get("details") or {}]
        while stack:
            item = stack.pop()
            if item.get("type") == "node" or "node" in item:
                node = item.get("node", item)
                return node.get("selector") or node.get("snippet", "")
            stack.extend(reversed(item.get("items", [])))
    return ""


def tile_pattern(tile_url: str) -> str:
    """The ``--blocked-url-patterns`` value that blocks the tile server: its host (without a
    ``{s}.`` subdomain placeholder), any path."""
    host = urlsplit(tile_url).netloc.replace("{s}.", "")
    return f"*{host}/*"


def audit(site: Path, path: str = "", *, tile_url: str = "", timeout_s: float = 240) -> dict:
    """Run Lighthouse once on ``path`` of the built ``site`` and return :func:`summary` of it."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run scripts/install-bench-deps")
    _GzipHandler.cache = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{path}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "report.json"
            command = [
                str(LIGHTHOUSE),
                url,
                "--only-categories=performance",
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ]
            if tile_url:
                command.append(f"--blocked-url-patterns={tile_pattern(tile_url)}")
            env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
            subprocess.run(command, check=True, env=env, timeout=timeout_s, capture_output=True)
            return summary(json.loads(out.read_text(encoding="utf-8")))
    finally:
        server.shutdown()
        server.server_close()


def audits(
    site: Path, *, tile_url: str = "", pages: tuple[str, ...] = PAGES, runs: int = 1
) -> list[tuple[str, dict]]:
    """Each of ``pages`` audited ``runs`` times; the run with the median score is kept
    (Lighthouse's own advice for a noisy machine). Lighthouse simulates the phone's network and
    CPU from one fast load (its default "simulate" throttling), so one run is steady enough."""
    rows = []
    for path in pages:
        results = sorted(
            (audit(site, path, tile_url=tile_url) for _ in range(runs)), key=lambda r: r["score"] or 0
        )
        rows.append((path, results[len(results) // 2]))
    return rows


def audit_line(register: str, path: str, result: dict) -> str:
    """One row of the Lighthouse table (Markdown, as the bench's other tables)."""
    cells = []
    for key, label in METRICS.items():
        value = result["metrics"].get(key)
        cells.append("-" if value is None else f"{value:.3f}" if label == "CLS" else f"{value:,.0f}")
    element = f"`{result['lcp_element']}`" if result["lcp_element"] else "-"
    return f"| {register} | /{path} | {result['score']} | " + " | ".join(cells) + f" | {element} |"


def print_audits(rows: list[tuple[str, str, dict]]) -> None:
    """The Lighthouse table: (register, page, :func:`summary`) rows; target performance >= 95."""
    print(
        "\n| register | page | Lighthouse performance | " + " | ".join(METRICS.values()) + " | LCP element |"
    )
    print("|---|---|---|" + "---|" * len(METRICS) + "---|")
    for register, path, result in rows:
        print(audit_line(register, path, result))
    for register, path, result in rows:
        if result["weak"]:
            print(f"Lighthouse suggests for {register} /{path}: " + "; ".join(result["weak"]))
    low = [f"{register} /{path}" for register, path, result in rows if (result["score"] or 0) < 95]
    print(
        "Lighthouse (npm, benchmarks/package.json), mobile preset, Debian's Chromium headless, "
        "the site served gzip on 127.0.0.1, map tiles blocked. Target performance >= 95: "
        + ("met." if not low else "missed on " + ", ".join(low) + ".")
    )


if __name__ == "__main__":  # python -m benchmarks.lighthouse SITE: audit an already built site
    import sys

    from pelican.settings import read_settings

    tiles = read_settings(str(HERE.parent / "pelicanconf.py"))["MAP_TILES"]["url"]
    print_audits([("site", path, result) for path, result in audits(Path(sys.argv[1]), tile_url=tiles)])
