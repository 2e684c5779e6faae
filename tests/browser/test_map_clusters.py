"""Clusters on a register above MAP_CLUSTER_ABOVE (issue 23 item 8, issue 27 item 2): the page
loads the cluster code only then, and each cluster says how many places it holds, to the eye and
to a screen reader ("12 places", "12 lugares"), never "button 12".

The session's test register is small (no clusters), so this module builds it once with
MAP_CLUSTER_ABOVE = 1.
"""

from __future__ import annotations

import functools
import re
import threading
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from support import QuietHandler, make_project, run_safeplace

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def clustered_url(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("clustered"), MAP_CLUSTER_ABOVE=1)
    out = project / "output"
    result = run_safeplace(
        "build", "--settings", str(project / "pelicanconf.py"), "--output", str(out), cwd=project
    )
    assert result.returncode == 0, result.stderr[-2000:]
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("lang, word", [("", "places"), ("es/", "lugares")])
def test_clusters_are_named_by_how_many_places_they_hold(browser, clustered_url, lang, word):
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # the map beside the list
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(clustered_url) else route.abort(),
    )
    page = context.new_page()
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(f"{clustered_url}/{lang}find/")
    page.wait_for_selector("html[data-map-ready]", timeout=15000)
    assert any("markercluster" in url for url in scripts), scripts  # loaded only above the cap
    page.evaluate("SafePlace.map.setZoom(8, { animate: false })")
    cluster = page.get_by_role("button", name=re.compile(rf"^\d+ {word}$")).first
    expect(cluster).to_be_visible()
    count = int(cluster.inner_text().split()[0])
    assert count >= 2 and cluster.get_attribute("tabindex") == "0"  # a keyboard stop, named
    context.close()
