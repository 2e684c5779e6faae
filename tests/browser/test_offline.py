"""The saved copy for use without signal (issue 16, item 1), in real Chromium.

Only a visitor who presses the button gets a service worker; offline, both languages' find
pages still find the nearest open place by location and by ZIP, say they are a saved copy, and
"Remove saved copy" leaves nothing behind.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import re
import threading
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from support import FIXTURE_REGISTER, QuietHandler, next_sunday_3am_kc
from support import own_server as serve_own

pytestmark = pytest.mark.browser

DOWNTOWN = {"latitude": 39.0997, "longitude": -94.5786}
SUNDAY_3AM_KC = next_sunday_3am_kc()[1]


def _traces(page) -> dict:
    return page.evaluate("""async () => ({
        workers: (await navigator.serviceWorker.getRegistrations()).length,
        caches: (await caches.keys()).filter(n => n.startsWith('safeplace-')).length })""")


def test_visitors_who_did_not_ask_get_no_service_worker(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    for url in ("", "find/", "es/find/", "about/"):
        page.goto(f"{site_url}/{url}")
        page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert _traces(page) == {"workers": 0, "caches": 0}
    expect(page.locator("#save-offline")).to_have_count(0)  # about/ has no button
    page.goto(f"{site_url}/find/")
    expect(page.locator("#save-offline")).to_have_text("Save this list for use without signal")
    expect(page.locator("#offline-explain")).to_contain_text("Remove saved copy")
    context.close()


@pytest.fixture
def own_server(built_site):
    """The site on a server of this test's own, which the test can switch off (no signal)."""
    with serve_own(built_site) as server:
        yield server


def test_saved_list_works_without_signal_in_both_languages(browser, own_server, built_site):
    site_url = f"http://127.0.0.1:{own_server.server_address[1]}"
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        timezone_id="America/Chicago",
        geolocation=DOWNTOWN,
        permissions=["geolocation"],
    )
    page = context.new_page()
    logs = []
    page.on("console", lambda m: logs.append(m.text))
    page.clock.set_fixed_time(SUNDAY_3AM_KC)
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    page.click("#save-offline")
    expect(page.locator("#offline-status")).to_have_text(re.compile("^Saved"), timeout=20000)
    expect(page.locator("#remove-offline")).to_be_visible()
    # installable: Chromium itself finds nothing missing (manifest, icons, worker)
    cdp = context.new_cdp_session(page)
    errors = [e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    assert [e for e in errors if e != "in-incognito"] == []  # a test context is always private
    worker = (built_site / "sw.js").read_text()
    files = json.loads(re.search(r"var OFFLINE = (\{.*\});", worker).group(1))["files"]
    assert {"find/", "es/find/", "find/places.json", "es/find/places.json", "report/"} <= set(files)
    # no signal: the device goes offline and the site cannot be reached at all (Chromium's
    # offline switch alone reaches a page and its worker a moment apart)
    context.set_offline(True)
    own_server.shutdown()
    own_server.server_close()
    for prefix, word in (("", "This list was saved on"), ("es/", "Esta lista se guardó el")):
        page.goto(f"{site_url}/{prefix}find/")
        page.wait_for_selector("html[data-find-ready]")
        expect(page.locator("#saved-notice")).to_contain_text(word)
        # by ZIP, then by location: the nearest open place first, call links intact
        page.fill("#zip", "64106")
        page.press("#zip", "Enter")
        expect(page.locator("#list-heading")).to_be_focused()
        first = page.locator("#participants > [data-id]:not([hidden])").first
        assert first.locator("a[href^='tel:+1']").count() == 1
        page.locator("#locate").click()
        expect(page.locator("#find-status")).to_contain_text(
            "nearest first" if not prefix else "más cercanos"
        )
        page.fill("#q", "library" if not prefix else "biblioteca")
        page.wait_for_timeout(400)
        assert page.locator(".places > [data-id]:not([hidden])").count() >= 1
    page.goto(f"{site_url}/report/")
    expect(page.locator("h1")).to_have_text("Report a hate crime")
    # quick exit still hides the site at once without signal
    page.locator(".quick-exit-button").click()
    page.wait_for_url(lambda url: not url.startswith(site_url), timeout=10000)
    context.set_offline(False)
    again = ThreadingHTTPServer(
        ("127.0.0.1", own_server.server_address[1]),
        functools.partial(QuietHandler, directory=str(built_site)),
    )
    threading.Thread(target=again.serve_forever, daemon=True).start()
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    expect(page.locator("#remove-offline")).to_be_visible()
    page.click("#remove-offline")
    expect(page.locator("#offline-status")).to_contain_text("removed")
    assert not [line for line in logs if "Safe Place offline" in line], logs
    assert _traces(page) == {"workers": 0, "caches": 0}
    context.close()
    again.shutdown()
    again.server_close()


def test_each_build_names_its_own_cache(tmp_path, built_site):
    from support import run_safeplace

    # the session's build of the test register is the first build; one changed name, the second
    first = re.search(r'"cache": "(safeplace-[0-9a-f]+)"', (built_site / "sw.js").read_text()).group(1)
    out = tmp_path / "out"
    register = tmp_path / "participants.csv"
    text = (FIXTURE_REGISTER).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    next(r for r in rows if r["status"] == "approved")["name"] += " (Downtown)"
    with register.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert run_safeplace("build", "--data", str(register), "--output", str(out)).returncode == 0
    second = re.search(r'"cache": "(safeplace-[0-9a-f]+)"', (out / "sw.js").read_text()).group(1)
    assert first != second
    manifest = json.loads((out / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "find/" and manifest["display"] == "standalone"
    csp = html.unescape((out / "find/index.html").read_text())
    assert "worker-src 'self'" in csp and 'rel="manifest"' in csp
