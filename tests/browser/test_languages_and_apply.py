"""Spanish beside English (and any language after), the application form, participant materials."""

from __future__ import annotations

import csv
import html
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from playwright.sync_api import expect

from pipeline.coordinators.intake import FORM_FIELDS
from support import (
    FIXTURE_REGISTER,
    ROOT,
    Links,
    PageWatch,
    QuietLog,
    fill_application,
    next_sunday_3am_kc,
    run_safeplace,
    settings_file,
)

_, SUNDAY_3AM_KC = next_sunday_3am_kc()
STRINGS = ROOT / "theme" / "strings"


def keys(value, prefix=""):
    if isinstance(value, dict):
        return {k for key, v in value.items() for k in keys(v, f"{prefix}{key}.")} | {prefix}
    return {prefix}


@pytest.mark.browser
def test_spanish_find_page_speaks_spanish(browser, site_url):
    context = browser.new_context(timezone_id="America/Chicago")
    page = context.new_page()
    watch = PageWatch(page)
    # Sunday 03:00 in Kansas City, within the days the build publishes hours for (issue 14)
    page.clock.set_fixed_time(SUNDAY_3AM_KC)
    page.goto(f"{site_url}/es/find/")
    page.wait_for_selector("html[data-find-ready]")
    assert page.get_attribute("html", "lang") == "es"
    statuses = page.locator("#participants > [data-id]:not([hidden]) .place-status").all_inner_texts()
    assert statuses and all(s.startswith(("Abierto", "Cerrado")) for s in statuses), statuses[:5]
    page.fill("#zip", "00000")
    page.click("#zip-go")
    expect(page.locator("#find-error")).to_contain_text("00000")  # after the ZIP centres are asked
    assert (
        "código postal" in page.locator("#find-error").inner_text()
        and "We " not in page.locator("#find-error").inner_text()
    )
    assert watch.console_errors == []
    context.close()


# --- The application form ---------------------------------------------------------------------


def form_fields(path: Path) -> list[str]:
    doc = Links()
    names: list[str] = []
    doc.handle_starttag = lambda tag, attrs: (
        tag == "input" and dict(attrs).get("name") not in names and names.append(dict(attrs)["name"])
    )
    doc.feed(path.read_text(encoding="utf-8"))
    return names


@pytest.mark.browser
def test_missing_answers_get_an_error_summary_linking_to_each_field(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch(page)
    page.goto(f"{site_url}/participate/")
    page.fill("#organization_name", "Corner Books")
    page.fill("#zip", "641")
    page.click("#apply-form button[type=submit]")
    summary = page.locator("#error-summary")
    summary.wait_for()
    expect(summary).to_be_focused()
    links = summary.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "#organization_name" not in hrefs and "#organization_type-business" in hrefs
    assert "#public_space-yes" in hrefs and "#zip" in hrefs and "#agree_call_911" in hrefs
    # an unanswered yes/no question is a missing answer, not a reason to be turned away
    assert "Select yes or no: Does the place have a space open to the public?" in summary.inner_text()
    assert "you cannot take part" not in summary.inner_text()
    assert page.locator("#zip-error").is_visible() and page.get_attribute("#zip", "aria-invalid") == "true"
    assert "zip-error" in page.get_attribute("#zip", "aria-describedby")
    summary.locator("a[href='#zip']").click()
    assert page.evaluate("document.activeElement.id") == "zip"
    assert watch.console_errors == []
    context.close()


class _FormEndpoint(QuietLog, http.server.BaseHTTPRequestHandler):
    received: list[str] = []

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        _FormEndpoint.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<p>Thank you</p>")


@pytest.mark.browser
def test_an_application_sent_to_the_form_service_imports_with_intake(browser, serve, tmp_path):
    endpoint = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FormEndpoint)
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    action = f"http://127.0.0.1:{endpoint.server_address[1]}/applications"
    settings = settings_file(tmp_path, "formconf.py", SIGNUP_FORM_ACTION=action)
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(settings), "--output", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"form-action 'self' http://127.0.0.1:{endpoint.server_address[1]}" in html.unescape(
        (out / "participate" / "index.html").read_text()
    )
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{serve(out)}/participate/")
    fill_application(page, name='Tom & Jerry\'s "Best" Deli', hours="Mo-Fr 08:00-17:00")
    with page.expect_navigation():
        page.click("#apply-form button[type=submit]")
    assert "Thank you" in page.content()
    context.close()
    endpoint.shutdown()
    answers = dict(parse_qsl(_FormEndpoint.received[-1]))
    assert set(answers) == set(FORM_FIELDS)
    # what the form service exports as CSV is what `safeplace intake` appends as a pending row
    export = tmp_path / "applications.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FORM_FIELDS)
        writer.writeheader()
        writer.writerow(answers)
    register = tmp_path / "participants.csv"
    shutil.copy(FIXTURE_REGISTER, register)
    result = run_safeplace("intake", str(export), "--data", str(register))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = list(csv.DictReader(register.open(encoding="utf-8")))
    assert rows[-1]["name"] == 'Tom & Jerry\'s "Best" Deli' and rows[-1]["status"] == "pending"
    assert rows[-1]["hours"] == "Mo-Fr 08:00-17:00" and rows[-1]["contact_email"] == "pat@example.org"


# --- Materials --------------------------------------------------------------------------------


def _pdf_pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_staff_guide_prints_on_one_page_without_site_chrome(browser, site_url, paper):
    context = browser.new_context()
    page = context.new_page()
    for url in ("staff-guide/", "es/staff-guide/"):
        page.goto(f"{site_url}/{url}")
        text = page.locator("main").inner_text()
        assert "911" in text
        pdf = page.pdf(format=paper, prefer_css_page_size=False)
        assert _pdf_pages(pdf) == 1, (url, paper)
    page.emulate_media(media="print")
    for selector in (".site-header nav", ".quick-exit", ".skip-link", ".lang-switch"):
        assert not page.locator(selector).first.is_visible(), selector
    page.goto(f"{site_url}/find/")
    assert not page.locator(".find-map").is_visible()
    context.close()
