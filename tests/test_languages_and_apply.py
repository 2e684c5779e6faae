"""Spanish beside English (and any language after), the application form, participant materials."""

from __future__ import annotations

import csv
import html
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import parse_qsl
from xml.etree import ElementTree

import pytest

from conftest import ROOT, PageWatch, fill_application, run_safeplace, settings_file
from pipeline.coordinators.intake import FORM_FIELDS
from test_find_features import SUNDAY_3AM_KC
from test_public_site import Links, html_pages, parse

STRINGS = ROOT / "theme" / "strings"


def keys(value, prefix=""):
    if isinstance(value, dict):
        return {k for key, v in value.items() for k in keys(v, f"{prefix}{key}.")} | {prefix}
    return {prefix}


def test_every_strings_file_has_every_key_and_placeholder():
    english = json.loads((STRINGS / "en.json").read_text(encoding="utf-8"))
    for path in STRINGS.glob("*.json"):
        other = json.loads(path.read_text(encoding="utf-8"))
        assert keys(other) >= keys(english) - {"categories."}, path.name
        for key, text in english.items():
            if isinstance(text, str):
                for name in ("{n}", "{zip}", "{citation}", "{motives}", "{label}", "{d}"):
                    assert (name in text) == (name in other[key]), (path.name, key, name)


def test_every_page_exists_in_both_languages_with_hreflang_and_a_switcher(built_site):
    pages = html_pages(built_site)
    english = [p for p in pages if not p.startswith("es/")]
    spanish = {p for p in pages if p.startswith("es/")}
    assert spanish == {f"es/{p}" for p in english}
    for en_url in english:
        es_url = f"es/{en_url}"
        en, es = built_site / en_url / "index.html", built_site / es_url / "index.html"
        assert '<html lang="en">' in en.read_text() and '<html lang="es">' in es.read_text()
        for path, own, other, lang in ((en, en_url, es_url, "es"), (es, es_url, en_url, "en")):
            doc = parse(path)
            alternates = {link["hreflang"]: link["href"] for link in doc.links
                          if link.get("rel") == "alternate"}
            assert set(alternates) == {"en", "es"}, path
            # the switcher leads to the same page in the other language
            target = (path.parent / alternates[lang]).resolve()
            assert target == (built_site / other).resolve(), (path, alternates)
            text = path.read_text()
            assert f'hreflang="{lang}" lang="{lang}"' in text, path
    spanish_law = (built_site / "es" / "hate-offenses" / "index.html").read_text()
    for number in ("557.035", "565.054", "565.090", "569.100.1(1)", "569.090.1(1)", "574.050"):
        assert number in spanish_law
    assert "inglés" in spanish_law  # the note that the English text governs


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
    assert "00000" in page.locator("#find-error").inner_text()
    assert "ZIP" in page.locator("#find-error").inner_text() and "We " not in page.locator("#find-error").inner_text()
    assert watch.console_errors == []
    context.close()


def test_a_third_language_is_content_and_a_strings_file(tmp_path):
    """Adding French: copy a strings file and one page; no template or code changes."""
    theme, content = tmp_path / "theme", tmp_path / "content"
    shutil.copytree(ROOT / "theme", theme)
    shutil.copytree(ROOT / "content", content)
    french = json.loads((STRINGS / "en.json").read_text(encoding="utf-8"))
    french.update(lang_name="Français", locale="fr_FR", nav_find="Trouver un Safe Place")
    (theme / "strings" / "fr.json").write_text(json.dumps(french), encoding="utf-8")
    about = (content / "pages" / "about.md").read_text(encoding="utf-8")
    (content / "pages" / "about.fr.md").write_text(
        about.replace("Title: How Safe Place works", "Title: Comment fonctionne Safe Place\nLang: fr"),
        encoding="utf-8")
    settings = settings_file(tmp_path, "frconf.py", THEME=str(theme), PATH=str(content))
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(settings), "--output", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / "fr" / "about" / "index.html").read_text()
    assert '<html lang="fr">' in page and "Comment fonctionne Safe Place" in page
    assert "Trouver un Safe Place" in (out / "fr" / "find" / "index.html").read_text()
    assert 'hreflang="fr"' in (out / "about" / "index.html").read_text()


# --- The application form ---------------------------------------------------------------------

def form_fields(path: Path) -> list[str]:
    doc = Links()
    names: list[str] = []
    doc.handle_starttag = lambda tag, attrs: (tag == "input" and dict(attrs).get("name") not in names
                                              and names.append(dict(attrs)["name"]))
    doc.feed(path.read_text(encoding="utf-8"))
    return names


def test_form_fields_are_what_intake_reads_and_work_without_javascript(built_site):
    for url in ("participate", "es/participate"):
        page = built_site / url / "index.html"
        assert sorted(form_fields(page)) == sorted(FORM_FIELDS), url
        text = page.read_text()
        # no endpoint configured: an e-mail to the coordinator with the answers filled in
        assert 'action="mailto:safeplace@example.org?subject=' in text and 'enctype="text/plain"' in text
        assert text.count(" required") >= 14  # the browser checks answers when JS is off
        assert "novalidate" not in text


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
    assert page.evaluate("document.activeElement.id") == "error-summary"
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


class _FormEndpoint(http.server.BaseHTTPRequestHandler):
    received: list[str] = []

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        _FormEndpoint.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<p>Thank you</p>")

    def log_message(self, *args):
        pass


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
        (out / "participate" / "index.html").read_text())
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{serve(out)}/participate/")
    fill_application(page, name="Tom & Jerry's \"Best\" Deli", hours="Mo-Fr 08:00-17:00")
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
    shutil.copy(ROOT / "data" / "participants.csv", register)
    result = run_safeplace("intake", str(export), "--data", str(register))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = list(csv.DictReader(register.open(encoding="utf-8")))
    assert rows[-1]["name"] == "Tom & Jerry's \"Best\" Deli" and rows[-1]["status"] == "pending"
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


def test_staff_guide_says_what_staff_must_never_do(built_site):
    guide = (built_site / "staff-guide" / "index.html").read_text().lower()
    assert "against their will" in guide and "suspect" in guide and "911" in guide


def test_decal_is_our_own_svg_and_downloadable(built_site):
    decal = built_site / "theme" / "img" / "safe-place-decal.svg"
    root = ElementTree.parse(decal).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
    text = decal.read_text()
    assert "SAFE PLACE" in text and "href" not in text and "url(" not in text  # self-contained
    for url in ("participate", "es/participate"):
        page = (built_site / url / "index.html").read_text()
        assert 'href="../theme/img/safe-place-decal.svg" download' in page.replace("../../", "../")
