"""``make bench``'s phone on a poor connection: bytes and seconds to the first nearest result,
to the answer of a search by name, and from "Show on map" to the place's popup.

The built site is served on 127.0.0.1 compressed as a host would send it (gzip), to Debian's
Chromium with the network held to 400 kbit/s each way and 400 ms round trips (Chrome DevTools'
network conditions), on a 360×740 phone whose position is granted downtown. The clock starts
when /find/?locate=1 is requested (the home page's "Find the nearest Safe Place") and stops when
the results heading has focus with the places sorted nearest first; the bytes are what crossed
the wire until then (map tiles are refused: the map loads later, if at all). For a search the
clock starts when the name is typed into a find page already shown, and stops when the place
is the first result; for the map, from tapping "Show on map" on the nearest place until its
popup is open.

``at`` fixes the phone's clock: the bench uses Sunday 03:00 in the city, when fewest places are
open and a split register (:mod:`pipeline.find.cells`) has to fetch the most cells.
:func:`single_file` makes the same site start from the whole ``places.json``, as it did before
the split, for the bench to compare in the same run.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import re
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

KBIT = 1000 / 8  # bytes per second in one kbit/s
CONDITIONS = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * KBIT,
    "uploadThroughput": 400 * KBIT,
}
UNTHROTTLED = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
DOWNTOWN = {"latitude": 39.0997, "longitude": -94.5786}
CHROMIUM = "/usr/bin/chromium"


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for clients that accept it (as static hosts do)."""

    cache: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802 - the http.server API
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = self.cache.get(str(path))
        if body is None:
            body = self.cache[str(path)] = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def single_file(site: Path, copy: Path) -> Path:
    """A copy of ``site`` whose find pages load the whole ``places.json`` (no index, no cells)."""
    shutil.copytree(site, copy)
    for page in copy.rglob("find/index.html"):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r'("data":"(?:[a-z]{2}/)?find/)index\.json"', r'\1places.json"', text)
        # the data the page preloads, and no code for the pieces
        text = re.sub(r'(<link rel="preload" href="[^"]*find/)index\.json"', r'\1places.json"', text)
        page.write_text(
            re.sub(r'<link rel="modulepreload" href="[^"]*/find/pieces\.js">\n', "", text), encoding="utf-8"
        )
    return copy


def first_nearest_result(
    site: Path, timeout_s: float = 120, browser=None, at=None, network: dict | None = None
) -> tuple[int, float]:
    """(bytes over the wire, seconds) until the first location-sorted result on a slow phone.

    ``browser``: a Playwright Chromium already running (a test's); by default one is started.
    ``at``: the phone's clock (a datetime), else the real time. ``network``: other conditions
    than the slow phone's (``UNTHROTTLED`` for a test that counts bytes only)."""
    return _on_phone(site, browser, timeout_s, at, "find/?locate=1", None, NEAREST_SHOWN, network=network)


def first_search_result(
    site: Path, name: str, place_id: str, timeout_s: float = 120, browser=None, at=None
) -> tuple[int, float]:
    """(bytes over the wire, seconds) from typing ``name`` into the search box of /find/ (loaded
    already) until the place ``place_id`` is the first result."""

    def search(page):
        page.fill("#q", name)

    done = (
        "() => { const first = document.querySelector('.places > [data-id]:not([hidden])');"
        f" return first && first.dataset.id === {json.dumps(place_id)}; }}"
    )
    return _on_phone(site, browser, timeout_s, at, "find/", search, done)


def map_popup_after_nearest(site: Path, timeout_s: float = 120, browser=None, at=None) -> tuple[int, float]:
    """(bytes over the wire, seconds) from tapping "Show on map" on the nearest place (once the
    first nearest result is there) until its popup is open on the map."""

    def show(page):
        page.locator(".places > [data-id]:not([hidden])").first.get_by_role(
            "button", name="Show on map"
        ).click()

    done = "() => !!document.querySelector('.leaflet-popup-content .popup-name')"
    return _on_phone(site, browser, timeout_s, at, "find/?locate=1", show, done, ready=NEAREST_SHOWN)


# The results heading has focus and the first place shown has its distance.
NEAREST_SHOWN = (
    "() => { const d = document.querySelector('.places > [data-id]:not([hidden])"
    " .place-distance'); return document.activeElement"
    " && document.activeElement.id === 'list-heading' && d && d.textContent !== ''; }"
)


def _on_phone(site, browser, timeout_s, at, path, act, done, ready=None, network=None) -> tuple[int, float]:
    if browser is not None:
        return _measure(site, browser, timeout_s, at, path, act, done, ready, network)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            return _measure(site, chromium, timeout_s, at, path, act, done, ready, network)
        finally:
            chromium.close()


@contextlib.contextmanager
def _phone_page(site: Path, browser, at, network: dict | None, init_script: str | None = None):
    """``(page, cdp, root URL)``: the phone (360x740, touch, downtown position) on ``site``
    served gzip-compressed on 127.0.0.1, every other host refused, the cache off, the clock at
    ``at`` (when given), the network held to ``network`` (unthrottled when None)."""
    _GzipHandler.cache = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        geolocation=DOWNTOWN,
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        if at is not None:
            page.clock.set_fixed_time(at)
        if init_script:
            page.add_init_script(init_script)
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("http://127.0.0.1:") else route.abort()
            ),
        )
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if network:
            cdp.send("Network.emulateNetworkConditions", network)
        yield page, cdp, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def _measure(
    site: Path,
    browser,
    timeout_s: float,
    at,
    path: str,
    act,
    done: str,
    ready: str | None = None,
    network: dict | None = None,
) -> tuple[int, float]:
    """Open ``path`` on the slow phone; with ``act``, wait until the find page is ready (and
    ``ready``, a JS predicate, holds) and start the clock when ``act(page)`` begins; stop it
    when ``done`` (a JS predicate) holds."""
    with _phone_page(site, browser, at, network or CONDITIONS) as (page, cdp, root):
        url = f"{root}{path}"
        # Bytes are counted for the downloads DevTools saw finish while the clock ran (what is
        # fetched after, e.g. a big register's hours in words, is not); its time stamps are on
        # the browser's monotonic clock, tied to wall time by each request.
        finished: list[tuple[float, float]] = []
        offsets: list[float] = []
        cdp.on("Network.requestWillBeSent", lambda e: offsets.append(e["wallTime"] - e["timestamp"]))
        cdp.on("Network.loadingFinished", lambda e: finished.append((e["timestamp"], e["encodedDataLength"])))
        if act is None:
            start, started_at = time.perf_counter(), time.time()
            page.goto(url, wait_until="commit")
        else:
            page.goto(url)
            page.wait_for_selector("html[data-find-ready]", timeout=timeout_s * 1000)
            if ready:
                page.wait_for_function(ready, timeout=timeout_s * 1000, polling=50)
            page.wait_for_timeout(500)  # what the page fetched by itself is counted before the clock
            start, started_at = time.perf_counter(), time.time()
            act(page)
        page.wait_for_function(done, timeout=timeout_s * 1000, polling=50)
        elapsed, seen_at = time.perf_counter() - start, time.time()
        page.wait_for_timeout(500)  # DevTools reports a finished download a moment after the page has it
        since, until = started_at - min(offsets), seen_at - min(offsets)
        sent = sum(size for stamp, size in finished if since <= stamp <= until)
        return int(sent), elapsed


# Collected in the page from its first moment (Playwright's init script): layout shifts not
# caused by input (CLS, one session window as Chromium's web-vitals count it: shifts less than
# 1 s apart, at most 5 s), first and largest contentful paint, and long tasks (TBT: the part of
# each task after FCP beyond 50 ms).
_VITALS_SCRIPT = """
(() => {
  const v = window.__vitals = { shifts: [], fcp: null, lcp: null, tasks: [], sources: [] };
  const watch = (type, use) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(use)).observe({ type, buffered: true });
    }
    catch (e) {}
  };
  watch('layout-shift', (e) => {
    if (e.hadRecentInput) return;
    v.shifts.push([e.startTime, e.value]);
    (e.sources || []).forEach((s) => {
      const n = s.node, r0 = s.previousRect, r1 = s.currentRect;
      const name = n && n.nodeType === 1 ? n.tagName + (n.id ? '#' + n.id : '') +
        (typeof n.className === 'string' && n.className ? '.' + n.className.split(' ').join('.') : '')
        : n ? n.nodeName : '?';
      v.sources.push([e.value, name + ' y' + Math.round(r0.y) + '>' + Math.round(r1.y) +
        ' h' + Math.round(r0.height) + '>' + Math.round(r1.height) + ' @' + Math.round(e.startTime)]);
    });
  });
  watch('paint', (e) => { if (e.name === 'first-contentful-paint') v.fcp = e.startTime; });
  watch('largest-contentful-paint', (e) => { v.lcp = e.startTime; });
  watch('longtask', (e) => { v.tasks.push([e.startTime, e.duration]); });
})();
"""

_VITALS_READ = """() => {
  const v = window.__vitals;
  let cls = 0, window_ = 0, first = -1, last = -1;
  v.shifts.forEach(([t, value]) => {
    if (first < 0 || t - last > 1000 || t - first > 5000) { first = t; window_ = 0; }
    window_ += value; last = t; cls = Math.max(cls, window_);
  });
  const fcp = v.fcp || 0;
  const tbt = v.tasks.reduce((sum, [t, d]) => {
    const end = t + d, from = Math.max(t, fcp);
    return sum + Math.max(0, end - from - 50);
  }, 0);
  return { cls, fcp: v.fcp, lcp: v.lcp, tbt, sources: v.sources };
}"""


def page_vitals(
    site: Path,
    path: str = "find/",
    *,
    locate: bool = False,
    slow: bool = True,
    browser=None,
    at=None,
    timeout_s: float = 120,
    settle_ms: int = 1500,
) -> dict:
    """CLS, FCP, LCP and TBT (ms) of ``path`` on the 360×740 phone, as Lighthouse counts them
    (from the Performance API in Chromium): ``slow`` on the slow connection, else at full speed;
    ``locate``: opened as the home page's "Find the nearest Safe Place" does (?locate=1, the
    position granted) and measured until the nearest places are shown and have settled.
    ``sources``: what moved (element, shift), to find what to fix."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                return page_vitals(
                    site,
                    path,
                    locate=locate,
                    slow=slow,
                    browser=chromium,
                    at=at,
                    timeout_s=timeout_s,
                    settle_ms=settle_ms,
                )
            finally:
                chromium.close()
    with _phone_page(site, browser, at, CONDITIONS if slow else None, _VITALS_SCRIPT) as (page, _, root):
        url = f"{root}{path}" + ("?locate=1" if locate else "")
        page.goto(url)
        page.wait_for_selector("html[data-find-ready]", timeout=timeout_s * 1000)
        if locate:
            page.wait_for_function(NEAREST_SHOWN, timeout=timeout_s * 1000, polling=50)
        page.wait_for_timeout(settle_ms)
        return page.evaluate(_VITALS_READ)
