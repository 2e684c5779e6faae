"""LANGUAGES: the agency chooses its site's languages among the strings it has (the theme's and
its own); the default language comes first; a language without strings is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.site.sitefiles import languages

THEME = Path(__file__).resolve().parents[2] / "theme"


def test_the_agency_chooses_its_languages_default_first():
    assert languages({"THEME": str(THEME), "DEFAULT_LANG": "en", "LANGUAGES": ("fr", "en")}) == ["en", "fr"]
    assert languages({"THEME": str(THEME), "DEFAULT_LANG": "fr", "LANGUAGES": ("en", "fr")}) == ["fr", "en"]
    assert languages({"THEME": str(THEME), "DEFAULT_LANG": "en", "LANGUAGES": ("en",)}) == ["en"]
    # Left out: every language the theme has strings for.
    assert set(languages({"THEME": str(THEME), "DEFAULT_LANG": "en"})) >= {"en", "es", "fr"}


def test_a_language_without_strings_is_refused_by_name():
    with pytest.raises(ValueError, match="LANGUAGES names ga"):
        languages({"THEME": str(THEME), "DEFAULT_LANG": "en", "LANGUAGES": ("en", "ga")})
