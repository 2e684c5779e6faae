"""Shared fixtures: a real build of the test site, a real HTTP server on 127.0.0.1, real Chromium.

Helpers (paths, the register writer, GOOD_ROW, run_safeplace, settings_file...) live in
``tests/support.py``; they are imported here too so ``from conftest import X`` keeps working.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from support import (  # noqa: F401  (re-exported for tests that import them from conftest)
    AXE_TAGS,
    BLANK_TILE,
    CHROMIUM,
    FIXTURE_BOUNDARY,
    FIXTURE_CONTENT,
    FIXTURE_REGISTER,
    FIXTURE_SETTINGS,
    FIXTURES,
    GOOD_ROW,
    ROOT,
    SAFEPLACE,
    TILE_HOST,
    PageWatch,
    QuietHandler,
    application,
    approved_rows,
    axe_violations,
    default_project,
    fill_application,
    fixture_rows,
    fixture_settings,
    make_project,
    next_moment_kc,
    next_sunday_3am_kc,
    run_safeplace,
    settings_file,
    write_register,
)

# The suite is a gate: the same examples on every run, so a red run names a change, not a dice
# roll. HYPOTHESIS_PROFILE=explore draws new examples (run it locally to hunt; add what it finds
# as an @example).
hypothesis_settings.register_profile("gate", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))

_QuietHandler = QuietHandler  # the old name, for tests written against it


TIER_ORDER = ("tests/browser/", "tests/build/", "tests/unit/")


def pytest_collection_modifyitems(config, items):
    """Every test under ``tests/browser/`` is a browser test (``-m "not browser"`` leaves them out).

    The slowest tier runs first: `make test` hands whole files to its workers in this order
    (``--dist loadfile --no-loadscope-reorder``), so the many small unit files fill in at the end
    and no worker is left alone with a long browser file while the other waits."""
    for item in items:
        if item.get_closest_marker("browser") is None and "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
    tier = lambda item: next((n for n, t in enumerate(TIER_ORDER) if t in item.nodeid), len(TIER_ORDER))
    items.sort(key=tier)  # stable: the order within each tier is unchanged


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The test site built from the test register by the real CLI (one build per worker)."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = run_safeplace("build", "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def serve():
    """Start an HTTP server on 127.0.0.1 for a directory; returns its base URL."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(directory))
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
            pytest.fail(f"{CHROMIUM} is not installed: scripts/install-test-deps must install it in CI")
        pytest.skip(f"{CHROMIUM} is not installed (run scripts/install-test-deps)")
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
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    context.close()
