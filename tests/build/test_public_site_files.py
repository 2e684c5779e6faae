"""A site the public can trust: accessible (axe, keyboard, zoom), valid, whole under any path
prefix, locked down (CSP, no third parties, no cookies), with a quick exit, published by CI."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import threading
from http.server import ThreadingHTTPServer
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen
from xml.etree import ElementTree

import pytest

from support import (
    ROOT,
    TILE_HOST,
    Links,
    QuietHandler,
    fixture_settings,
    html_pages,
    make_project,
    nu_html_checker,
    parse,
    run_safeplace,
)

EXIT_HOST = urlsplit(fixture_settings()["QUICK_EXIT_URL"]).hostname


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
            assert script.get("src") or script.get("type") in ("application/json", "application/ld+json"), (
                url,
                script,
            )
        assert doc.inline_styles == 0 and doc.style_blocks == 0, url
    headers = (built_site / "_headers").read_text()
    assert "frame-ancestors 'none'" in headers and "Referrer-Policy: no-referrer" in headers
    assert directives["script-src"] in headers


def test_folium_map_script_is_a_file_of_its_own(built_site):
    script = (built_site / "find" / "map.js").read_text()
    assert "L.map(" in script and "SafePlace.addPlaces" in script
    html = (built_site / "find" / "index.html").read_text()
    assert "L.map(" not in html and 'data-base="../">' in html and '"map_script":"find/map.js"' in html


# --- Accessible -------------------------------------------------------------------------------


def _focus_visible(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement, s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        const ring = s.boxShadow && s.boxShadow !== 'none';
        const box = el.getBoundingClientRect();
        return {id: el.id, tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 40),
                cls: el.className, visible: outline || ring, w: box.width, h: box.height};
    }""")


# --- Quick exit -------------------------------------------------------------------------------


def _neutral_site(route):
    route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><p>Weather</p>")


def test_every_page_has_the_exit_and_privacy_explains_history(built_site, pages):
    for url in pages:
        text = (built_site / url / "index.html").read_text()
        assert 'class="quick-exit-button"' in text and 'rel="nofollow noreferrer"' in text, url
    privacy = (built_site / "privacy" / "index.html").read_text()
    assert "Shift" in privacy and "does <strong>not</strong> erase your browsing history" in privacy


# --- Valid and whole --------------------------------------------------------------------------


def test_every_page_passes_the_nu_html_checker(built_site):
    result = nu_html_checker(built_site)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


class _PrefixHandler(QuietHandler):
    """Serves the site under /safe-place/, like a GitHub Pages project site; 404 elsewhere."""

    prefix = "/safe-place"

    def translate_path(self, path):
        if not path.startswith(self.prefix + "/"):
            return "/nonexistent-path-outside-the-prefix"
        return super().translate_path(path[len(self.prefix) :])


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
            # the find page's and the postcode pages' configs: paths relative to data-base
            base = re.search(r'id="(?:find|zip)-config" data-base="([^"]*)"', body.decode("utf-8"))
            refs += [
                base.group(1) + path
                for path in re.findall(r'"(?:data|map_script|static)":\s*"([^"]+)"', block)
            ]
        for ref in refs:
            target = urljoin(url, ref)
            if not target.startswith(origin):
                continue  # tel:, mailto:, the tile server, external sites
            base, _, fragment = target.partition("#")
            if fragment:
                anchors.append((url, base, fragment))
            queue.append(base)
    assert broken == []
    crawled = {u[len(prefixed_site) :] for u in documents}
    assert set(pages) <= crawled  # every page is reachable by links from the home page
    for source, base, fragment in anchors:
        assert fragment in documents[base].ids, f"{source} links to missing #{fragment} in {base}"


def test_sitemap_robots_descriptions_open_graph_and_favicon(built_site, pages):
    tree = ElementTree.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    base = locs[0].rstrip("/") if locs[0].count("/") == 3 else locs[0].rsplit("/", 2)[0]
    assert sorted(loc[len(base) + 1 :] for loc in locs) == sorted(pages)
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
    env = dict(
        os.environ, SAFEPLACE_SITEURL="https://example.github.io/safe-place", SAFEPLACE_ALLOW_PLACEHOLDERS="1"
    )
    out = tmp_path / "public"
    project = make_project(tmp_path / "project")
    shutil.copyfile(ROOT / "publishconf.py", project / "publishconf.py")
    result = run_safeplace(
        "build", "--settings", "publishconf.py", "--output", str(out), cwd=project, env=env, timeout=600
    )
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
    result = subprocess.run([actionlint, *map(str, files)], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    check = (workflows / "check.yml").read_text()
    publish = (workflows / "publish.yml").read_text()
    assert "pull_request" in check and "make validate" in check and "make test" in check
    assert "actions/upload-artifact" in check
    assert "branches: [main]" in publish and "make publish" in publish
    assert "actions/upload-pages-artifact" in publish and "actions/deploy-pages" in publish
    assert publish.index("make test") < publish.index("make publish")
