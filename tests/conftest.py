"""Shared fixtures: real builds of the site, a real HTTP server on 127.0.0.1, real Chromium."""

from __future__ import annotations

import base64
import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The one third-party host the site may use; tests answer it locally and never reach it.
TILE_HOST = "tile.openstreetmap.org"
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
SAFEPLACE = Path(sys.executable).with_name("safeplace")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, label: str) -> list[str]:
    """axe-core's violations on the page as it is now (WCAG 2.0-2.2 A/AA and best practices)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [f"{label}: {v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
            for v in results.response["violations"]]


def run_safeplace(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the installed ``safeplace`` console script, as a coordinator would."""
    return subprocess.run([str(SAFEPLACE), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def settings_file(tmp_path: Path, name: str = "conf.py", **values) -> Path:
    """A settings file of the project's own settings with ``values`` changed."""
    lines = ["import sys", f"sys.path.insert(0, {str(ROOT)!r})", "from pelicanconf import *",
             f"PATH, THEME = {str(ROOT / 'content')!r}, {str(ROOT / 'theme')!r}"]
    lines += [f"{key} = {value!r}" for key, value in values.items()]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built from the sample register by the real CLI (one build per test session)."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = run_safeplace("build", "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def serve():
    """Start an HTTP server on 127.0.0.1 for a directory; returns its base URL."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site, serve) -> str:
    return serve(built_site)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing in CI is a failure, never a silent skip."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: scripts/install-test-deps must install it in CI")
        pytest.skip("chromium not installed (run scripts/install-test-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield chromium
        chromium.close()


class PageWatch:
    """Records what a page asked for and said, and blocks everything off 127.0.0.1."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
            return
        self.foreign.append(url)
        if urlsplit(url).hostname == TILE_HOST:
            route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)  # never fetched
        else:
            route.abort()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    context.close()


def fill_application(page, *, name="Corner Books", public_space="yes", hours=""):
    """Answer every question of the application form on /participate/ as an eligible owner."""
    page.fill("#organization_name", name)
    page.check("#organization_type-business")
    page.fill("#address", "1200 Main St")
    page.fill("#zip", "64105")
    page.check(f"#public_space-{public_space}")
    page.check("#staff_on_site-yes")
    if hours:
        page.fill("#hours", hours)
    page.fill("#applicant_name", "Pat Example")
    page.check("#applicant_role-owner")
    page.fill("#phone", "(816) 555-0142")
    page.fill("#email", "pat@example.org")
    for agreement in ("agree_call_911", "agree_let_stay", "agree_call_again", "agree_train_staff"):
        page.check(f"#{agreement}")


def next_sunday_3am_kc():
    """(local, UTC) datetimes of the next Sunday at 03:00 in Kansas City: a moment inside the
    window of days the site publishes hours for (from the day it is built)."""
    return next_moment_kc(weekday=6, hour=3)


def next_moment_kc(*, weekday: int, hour: int, minute: int = 0):
    """(local, UTC) datetimes of the next ``weekday`` (Monday 0) at ``hour:minute`` in Kansas
    City (:func:`benchmarks.bench.next_moment`)."""
    from datetime import timezone

    from benchmarks.bench import next_moment

    moment = next_moment("America/Chicago", weekday=weekday, hour=hour, minute=minute)
    return moment.replace(tzinfo=None), moment.astimezone(timezone.utc)


# A valid approved register row, and a complete eligible application (the form's CSV export),
# for tests to change one value at a time.
GOOD_ROW = {
    "id": "SP-9001", "name": "Corner Books", "category": "Shop", "address": "4700 Main St",
    "city": "Kansas City", "state": "MO", "zip": "64112", "lat": "39.0410", "lon": "-94.5850",
    "phone": "(816) 555-0150", "hours": "Mo-Sa 09:00-18:00", "website": "https://example.org/books",
    "status": "approved", "contact_name": "Pat Doe", "contact_email": "pat@example.org",
    "contact_phone": "816-555-0151", "notes": "", "applied_on": "2026-01-05",
    "approved_on": "2026-02-01", "trained_on": "2026-02-10",
}


def application(**changes) -> dict[str, str]:
    base = {
        "organization_name": "Gillham Park Bakery", "organization_type": "business",
        "address": "3900 Gillham Rd", "city": "Kansas City", "state": "MO", "zip": "64111",
        "public_space": "yes", "staff_on_site": "yes", "hours": "Mo-Sa 07:00-15:00",
        "applicant_name": "Robin Example", "applicant_role": "owner", "phone": "816-555-0177",
        "email": "robin@example.org", "agree_call_911": "yes", "agree_let_stay": "yes",
        "agree_call_again": "yes", "agree_train_staff": "yes",
    }
    return {**base, **changes}
