"""Integration: the real CLI builds the whole site from the sample register and program pages."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.register.model import PRIVATE_COLUMNS, PUBLIC_COLUMNS
from support import FIXTURE_REGISTER, run_safeplace, settings_file

ENGLISH = [
    "",
    "about/",
    "hate-offenses/",
    "report/",
    "requirements/",
    "participate/",
    "find/",
    "privacy/",
    "staff-guide/",
]
PAGES = ENGLISH + [f"es/{url}" for url in ENGLISH]
REGISTER = FIXTURE_REGISTER


def register_frame() -> pd.DataFrame:
    return pd.read_csv(REGISTER, dtype=str, keep_default_na=False)


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def all_text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix not in (".png", ".ico", ".woff2"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_built_with_911_skip_link_and_navigation(built_site, url):
    page = html(built_site, url)
    spanish = url.startswith("es/")
    assert f'<html lang="{"es" if spanish else "en"}">' in page
    assert 'href="tel:911"' in page and ("Llame al 911" if spanish else "Call 911") in page
    assert re.search(r'<a class="skip-link" href="#main">', page)
    assert 'id="main"' in page
    nav = page.split(
        f'<nav id="site-nav" class="site-nav" aria-label="{"Principal" if spanish else "Main"}">', 1
    )[1].split("</nav>", 1)[0]
    prefix = "es/" if spanish else ""
    for target in ["", "find/", "about/", "hate-offenses/", "report/", "requirements/", "participate/"]:
        assert re.search(r'href="[./]*/' + re.escape(prefix + target) + '"', nav), (url, target)
    assert ("Datos de muestra" if spanish else "Sample data") in page  # SAMPLE_DATA is on


def test_pretty_urls_and_no_blog_leftovers(built_site):
    names = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    zip_pages = {n for n in names if re.fullmatch(r"(es/)?find/zip/\d{5}/index\.html", n)}
    assert zip_pages  # "nearest" without JavaScript: a page per postal code (test_zip_pages.py)
    places = {n for n in names if re.fullmatch(r"(es/)?places/[^/]+/index\.html", n)}
    assert names - zip_pages - places == {f"{u}index.html" for u in PAGES} | {"404.html"}
    approved = register_frame().query("status == 'approved'").id
    assert places == {f"{lang}places/{ident}/index.html" for ident in approved for lang in ("", "es/")}


def test_find_lists_exactly_the_approved_participants(built_site):
    frame = register_frame()
    approved = frame[frame.status == "approved"]
    page = html(built_site, "find/")
    listed = re.findall(r'<li class="place" id="place-[^"]+" data-id="([^"]+)"', page)
    assert sorted(listed) == sorted(approved.id)
    assert len(approved) >= 30
    # every approved phone becomes a tel: link in E.164
    assert page.count('href="tel:+1') == (approved.phone != "").sum() + page.count('href="tel:+18162345111"')


def test_non_approved_and_private_values_never_reach_output(built_site):
    frame = register_frame()
    hidden = frame[frame.status != "approved"]
    assert len(hidden) >= 3
    secrets = set()
    for column in PRIVATE_COLUMNS:
        secrets |= {v for v in frame[column] if len(v) >= 6 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)}
    secrets |= {v for v in hidden.name}
    assert secrets
    for path, text in all_text_files(built_site):
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked into {path}"


def test_exports_hold_public_columns_of_approved_rows_only(built_site):
    frame = register_frame()
    approved = frame[frame.status == "approved"]
    rows = list(csv.DictReader(io.StringIO((built_site / "data/participants.csv").read_text("utf-8"))))
    assert tuple(rows[0].keys()) == PUBLIC_COLUMNS
    assert sorted(r["id"] for r in rows) == sorted(approved.id)
    geo = json.loads((built_site / "data/participants.geojson").read_text("utf-8"))
    assert geo["type"] == "FeatureCollection"
    assert sorted(f["id"] for f in geo["features"]) == sorted(approved.id)
    for feature in geo["features"]:
        assert not set(feature["properties"]) & set(PRIVATE_COLUMNS)
        lon, lat = feature["geometry"]["coordinates"]
        assert 38.7 < lat < 39.5 and -95 < lon < -94.3


def test_names_are_escaped_not_markup(built_site):
    page = html(built_site, "find/")
    assert "Tom &amp; Jerry&#39;s &#34;Best&#34; Deli" in page
    assert "Ben&#39;s Grill &lt;Westport&gt;" in page
    assert "<Westport>" not in page
    assert "Café Olé" in page  # UTF-8 stays UTF-8


def test_every_asset_a_page_loads_is_self_hosted(built_site):
    """Scripts, styles, images and fonts come from the site itself (links to elsewhere are fine)."""
    loads = re.compile(r"<(?:script|img|source|iframe)[^>]+src=\"([^\"]+)\"|<link[^>]+href=\"([^\"]+)\"")
    for path, text in all_text_files(built_site):
        if path.suffix == ".html":
            refs = [a or b for a, b in loads.findall(text)]
            assert refs, path
        elif path.suffix == ".css":
            refs = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(
                r"@import\s+['\"]([^'\"]+)", text
            )
        else:
            continue
        for ref in refs:
            assert not re.match(r"^(?:[a-z]+:)?//", ref, re.I), f"{path} loads {ref}"


def test_map_script_is_a_file_with_stable_ids_and_no_data(built_site):
    script = (built_site / "find/map.js").read_text("utf-8")
    # the test register is small (MAP_CLUSTER_ABOVE): a plain layer, no cluster code
    assert "L.featureGroup" in script and "L.markerClusterGroup" not in script
    assert "SafePlace.addPlaces" in script
    assert "map_safeplace" in script
    assert not re.search(r"[0-9a-f]{32}", script)  # no random Folium ids
    frame = register_frame()
    for name in frame.name:
        assert name not in script
    page = html(built_site, "find/")
    assert 'id="map_safeplace"' in page
    assert "<script>" not in page  # no inline scripts
    for asset in ["leaflet/leaflet.js", "markercluster/leaflet.markercluster.js", "leaflet/leaflet.css"]:
        assert (built_site / "theme/vendor" / asset).exists()


def test_hate_offense_page_lists_the_statutes_from_settings(built_site):
    page = html(built_site, "hate-offenses/")
    for section in [
        "565.054",
        "565.090",
        "569.100.1(1)",
        "571.030.1(1), (2), (3), (4), (6), (7), (8)",
        "565.056",
        "569.090.1(1)",
        "569.120.1(1)",
        "569.140",
        "574.050",
    ]:
        assert section in page
    assert "https://revisor.mo.gov/main/OneSection.aspx?section=557.035" in page
    assert "RSMo 557.035" in page
    # The law's two groups, each under its heading, and its words in each language (LAW).
    assert page.index("These become a class D felony:") < page.index("565.054")
    assert page.index("565.090") < page.index("These become a class E felony:") < page.index("574.050")
    spanish = html(built_site, "es/hate-offenses/")
    assert (
        '<strong>Agresión en tercer grado</strong> (<span lang="en">Assault in the third degree</span>)'
        in spanish
    )
    assert "delito grave de clase D (class D felony)" in spanish and "raza, color, religión" in spanish


# The build is deterministic: test_build_safety.py's test_an_empty_folder_and_a_previous_build_are_replaced
# builds the test site again and finds every file byte for byte as in the session's build.


def test_invalid_register_stops_build_and_keeps_last_good_output(built_site, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(built_site, output)
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.csv"
    text = REGISTER.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    row = next(csv.reader([text[1]]))
    row[header.index("lat")] = "north"
    row[header.index("status")] = "aproved"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    bad.write_text("\n".join([text[0], buf.getvalue().strip(), *text[2:]]) + "\n", encoding="utf-8")
    result = run_safeplace("build", "--data", str(bad), "--output", str(output))
    assert result.returncode == 1
    assert f"{bad}:2: lat: 'north' is not a number" in result.stderr
    assert f"{bad}:2: status: 'aproved' is not one of" in result.stderr
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".output-*"))  # staging cleaned up


def test_broken_plugin_makes_the_build_fail(tmp_path):
    settings = settings_file(tmp_path, "broken.py", PLUGINS=["pipeline.site.plugin", "no_such_plugin"])
    result = run_safeplace("build", "--settings", str(settings), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()


def test_a_missing_settings_file_is_named_in_one_line(tmp_path):
    result = run_safeplace(
        "build", "--settings", str(tmp_path / "nowhere.py"), "--output", str(tmp_path / "out")
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"cannot use the settings file {tmp_path / 'nowhere.py'}: FileNotFoundError" in result.stderr


def test_validate_command(tmp_path):
    ok = run_safeplace("validate")
    assert ok.returncode == 0, ok.stderr
    assert "will be published" in ok.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nSP-1,Acme\n", encoding="utf-8")
    result = run_safeplace("validate", "--data", str(bad))
    assert result.returncode == 1
    assert f"{bad}:1: address: required column is missing from the header" in result.stderr
    usage = run_safeplace("frobnicate")
    assert usage.returncode == 2
