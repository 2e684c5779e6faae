"""``safeplace decals``: each decal's QR code read back (zxing-cpp) to its place's page."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from conftest import GOOD_ROW, run_safeplace, settings_file

SITE = "https://safe-place.city.gov"
HOSTILE = 'Tom "Best" </text><script>x</script> & Jerry\'s'
SVG = "{http://www.w3.org/2000/svg}"


def register(path: Path) -> Path:
    rows = [
        {**GOOD_ROW, "id": "SP-1", "name": HOSTILE},
        {**GOOD_ROW, "id": "sp.2_b", "name": "Second Shop", "address": "4701 Main St"},
        {
            **GOOD_ROW,
            "id": "SP-3",
            "name": "Withdrawn Hidden Bakery",
            "address": "4702 Main St",
            "status": "withdrawn",
        },
    ]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(GOOD_ROW))
        writer.writeheader()
        writer.writerows(rows)
    return path


def decals(tmp_path: Path, out: Path, **settings) -> object:
    conf = settings_file(tmp_path, **settings)
    return run_safeplace(
        "decals",
        "--settings",
        str(conf),
        "--data",
        str(register(tmp_path / "register.csv")),
        "--out",
        str(out),
    )


def qr_matrix(svg: ET.Element) -> np.ndarray:
    """The dark modules the decal draws (its path of unit runs), as an image to scan."""
    inner = svg.find(f".//{SVG}svg")
    side = int(inner.get("viewBox").split()[2])
    image = np.full((side, side), 255, dtype=np.uint8)
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", inner.find(f"{SVG}path").get("d")):
        image[int(y), int(x) : int(x) + int(w)] = 0
    return np.kron(image, np.ones((8, 8), dtype=np.uint8))  # 8 pixels a module


def test_each_decal_scans_to_its_place_page(tmp_path):
    import zxingcpp

    out = tmp_path / "decals"
    agency = "Rivertown Police & <Fire> Service"  # the decal says whose program it is
    result = decals(tmp_path, out, SITE_ABSOLUTE_URL=SITE, AGENCY_NAME=agency, LANGUAGES=("en", "fr", "es"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.svg")) == ["SP-1.svg", "sp.2_b.svg"]
    svg = ET.parse(out / "sp.2_b.svg").getroot()
    assert agency in ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    scans = [t.get("lang") for t in svg.iter(f"{SVG}text") if t.get("lang")]
    assert scans == ["en", "fr", "es"]  # every language of the site, in its order
    assert max(float(t.get("y")) for t in svg.iter(f"{SVG}text")) <= 120  # all on the decal
    for ident in ("SP-1", "sp.2_b"):
        svg = ET.parse(out / f"{ident}.svg").getroot()  # well-formed XML, whatever the name
        found = zxingcpp.read_barcodes(qr_matrix(svg))
        assert [b.text for b in found] == [f"{SITE}/places/{ident}/"]
        texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
        assert ident in texts  # the short code under the QR code
    svg = ET.parse(out / "SP-1.svg").getroot()
    assert HOSTILE in ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert svg.find(f".//{SVG}script") is None
    for paper in ("letter", "a4"):
        page = (out / f"print-{paper}.html").read_text(encoding="utf-8")
        assert 'src="SP-1.svg"' in page and 'src="sp.2_b.svg"' in page
        assert f"size: {'A4' if paper == 'a4' else 'letter'}" in page
    everything = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert "Withdrawn Hidden Bakery" not in everything and "SP-3" not in everything
    assert GOOD_ROW["contact_email"] not in everything


@pytest.mark.parametrize(
    "address", ["", "https://safeplace.example.org", "http://127.0.0.1:8000", "safe-place.city.gov"]
)
def test_no_decal_without_the_published_address(tmp_path, address):
    out = tmp_path / "decals"
    result = decals(tmp_path, out, SITE_ABSOLUTE_URL=address)
    assert result.returncode == 1
    assert result.stderr.startswith("safeplace decals: ") and "SITE" in result.stderr
    assert not out.exists()


def test_a_folder_of_someone_elses_files_is_refused_and_a_left_place_removed(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "poster.svg").write_text("mine", encoding="utf-8")
    result = decals(tmp_path, mine, SITE_ABSOLUTE_URL=SITE)
    assert result.returncode == 1 and "poster.svg" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["poster.svg"]
    out = tmp_path / "decals"
    assert decals(tmp_path, out, SITE_ABSOLUTE_URL=SITE).returncode == 0
    (out / "SP-7.svg").write_text("an old decal", encoding="utf-8")  # not ours: refused again
    assert decals(tmp_path, out, SITE_ABSOLUTE_URL=SITE).returncode == 1
    (out / "SP-7.svg").unlink()
    marker = out / ".safeplace-decals"
    marker.write_text(marker.read_text(encoding="utf-8") + "SP-7.svg\n", encoding="utf-8")
    (out / "SP-7.svg").write_text("a decal we wrote for a place that left", encoding="utf-8")
    assert decals(tmp_path, out, SITE_ABSOLUTE_URL=SITE).returncode == 0
    assert not (out / "SP-7.svg").exists()
