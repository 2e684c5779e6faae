"""Above ``PLACE_PAGES_TRANSLATED_UP_TO`` places, a page per place in the default language only
(issue 25: a huge register's build within 2x): every place keeps the page its decal's QR code
names, every list links to a page that is there, and nothing names a page that is not.

One real build of three places with the cap at two (the same code a 30,000-place register runs).
"""

from __future__ import annotations

import re

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.site.placefolders import page_languages
from support import write_register

SITE = "https://safe-place.city.gov"
PLACES = {
    "SP-1": {"name": "First Books", "address": "4700 Main St"},
    "SP-2": {"name": "Second Diner", "address": "4702 Main St"},
    "SP-3": {"name": "Third Library", "address": "4704 Main St"},
}


def test_page_languages_follow_the_cap():
    settings = {"LANGUAGES": ["en", "es"], "DEFAULT_LANG": "en", "PLACE_PAGES_TRANSLATED_UP_TO": 2}
    assert page_languages(2, settings) == ["en", "es"]
    assert page_languages(3, settings) == ["en"]


def test_above_the_cap_every_place_has_its_default_language_page_and_only_that(tmp_path):
    register = write_register(
        tmp_path / "register.csv", [{**GOOD_ROW, "id": ident, **changes} for ident, changes in PLACES.items()]
    )
    conf = settings_file(tmp_path, SITE_ABSOLUTE_URL=SITE, PLACE_PAGES_TRANSLATED_UP_TO=2)
    site = tmp_path / "output"
    result = run_safeplace("build", "--settings", str(conf), "--data", str(register), "--output", str(site))
    assert result.returncode == 0, result.stdout + result.stderr  # the link check passed too
    assert not (site / "es/places").exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for ident, changes in PLACES.items():
        page = (site / f"places/{ident}/index.html").read_text(encoding="utf-8")
        assert changes["name"] in page and "This decal belongs to" in page
        assert "es/places/" not in page  # no language switch to a page that is not there
        assert f"<loc>{SITE}/places/{ident}/</loc>" in sitemap
    assert "/es/places/" not in sitemap
    # the Spanish list links each place to the default language's page, which is there
    es_find = (site / "es/find/index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(\.\./\.\./places/SP-\d/)"', es_find)
    assert sorted(set(links)) == [f"../../places/{ident}/" for ident in PLACES]
    config = re.search(r'id="find-config"[^>]*>(.*?)</script>', es_find, re.S)
    assert config and '"places":"places/"' in config.group(1)  # the cards find.js draws
