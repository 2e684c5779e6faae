"""The decal the site shows and offers for download is drawn from the settings
(pipeline/site/decal_art.py): the agency's name and emergency number in each language, never the
sample's; long names fit; every text escaped."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.site.decal_art import _ADVANCE, WIDTH, decal_svg

THEME = Path(__file__).resolve().parents[2] / "theme"
SVG = "{http://www.w3.org/2000/svg}"


def strings(lang: str) -> dict:
    english = json.loads((THEME / "strings" / "en.json").read_text(encoding="utf-8"))
    return {**english, **json.loads((THEME / "strings" / f"{lang}.json").read_text(encoding="utf-8"))}


def texts(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


def test_the_decal_carries_the_agencys_number_and_name_in_each_language():
    settings = {"AGENCY_NAME": "Service de police de Bytown", "EMERGENCY_NUMBER": "112"}
    french = decal_svg(strings("fr"), settings, "fr")
    words = ["".join(t.itertext()) for t in texts(french)]
    assert words == ["SAFE PLACE", "Le personnel appellera le 112 pour vous", "Service de police de Bytown"]
    root = ET.fromstring(french)
    assert root.get("lang") == "fr" and root.get("role") == "img"
    assert "112" in root.find(f"{SVG}desc").text and "911" not in french
    english = decal_svg({**strings("en"), "decal_agency": "Garda Síochána"}, settings, "en")
    assert "Staff will call 112 for you" in english and "Garda Síochána" in english
    for other in ("Kansas", "Missouri", "KCPD"):
        assert other not in french + english


def test_a_long_name_is_split_and_every_line_fits_inside_the_border():
    settings = {
        "AGENCY_NAME": "Metropolitan Police Department of the Consolidated City and County of Eastbrook",
        "EMERGENCY_NUMBER": "911",
    }
    svg = decal_svg(strings("es"), settings, "es")
    lines = texts(svg)
    agency = [t for t in lines if float(t.get("y")) > 500]
    assert len(agency) == 2
    assert " ".join(t.text for t in agency) == settings["AGENCY_NAME"]
    for t in lines[1:]:
        assert len(t.text) * float(t.get("font-size")) * _ADVANCE <= WIDTH + 1
        assert float(t.get("font-size")) >= 12  # still readable from the street


def test_every_text_is_escaped():
    settings = {"AGENCY_NAME": 'Police </text><script>alert(1)</script> & "Co"', "EMERGENCY_NUMBER": "<b>"}
    svg = decal_svg(strings("en"), settings, "en")
    root = ET.fromstring(svg)  # well-formed, whatever the name
    assert root.find(f".//{SVG}script") is None and "<script>" not in svg
    assert settings["AGENCY_NAME"] in ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _site_settings(tmp_path, **more) -> dict:
    """What the build's settings hold once the strings are read (Pelican's own object aside)."""
    return {
        "SAFEPLACE_SETTINGS": str(tmp_path / "pelicanconf.py"),
        "DEFAULT_LANG": "en",
        "THEME_STATIC_DIR": "theme",
        "AGENCY_NAME": "Bytown Police Service",
        "EMERGENCY_NUMBER": "911",
        "LANGUAGES": ["en", "fr", "ga"],
        # an agency's own language whose strings borrow English's file name (English fills gaps)
        "STRINGS": {"en": strings("en"), "fr": strings("fr"), "ga": strings("en")},
        **more,
    }


def test_licensed_artwork_is_published_as_given_and_every_language_has_its_own_file(tmp_path):
    from types import SimpleNamespace

    from pipeline.site.decal_art import decal_names, write_decals

    art = tmp_path / "art"
    art.mkdir()
    (art / "decal-fr.png").write_bytes(b"\x89PNG licensed artwork")
    settings = _site_settings(tmp_path, DECAL_ARTWORK={"fr": "art/decal-fr.png"})
    decal_names(SimpleNamespace(settings=settings))
    names = {lang: settings["STRINGS"][lang]["decal_file"] for lang in settings["LANGUAGES"]}
    assert names == {
        "en": "safe-place-decal.svg",
        "fr": "safe-place-decal-fr.png",
        "ga": "safe-place-decal-ga.svg",
    }
    out = tmp_path / "out"
    write_decals([SimpleNamespace(settings=settings, output_path=str(out))])
    img = out / "theme" / "img"
    assert (img / "safe-place-decal-fr.png").read_bytes() == b"\x89PNG licensed artwork"
    assert "Staff will call 911 for you" in (img / "safe-place-decal.svg").read_text(encoding="utf-8")
    assert 'lang="ga"' in (img / "safe-place-decal-ga.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize("given", ["art/missing.svg", "art/decal.pdf", {"fr": 3}])
def test_artwork_that_cannot_be_the_decal_is_refused_naming_it(tmp_path, given):
    from types import SimpleNamespace

    from pipeline.site.decal_art import DecalArtError, decal_names

    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "decal.pdf").write_bytes(b"%PDF")
    artwork = given if isinstance(given, dict) else {"fr": given}
    with pytest.raises(DecalArtError, match="DECAL_ARTWORK"):
        decal_names(SimpleNamespace(settings=_site_settings(tmp_path, DECAL_ARTWORK=artwork)))
