"""What the find page makes a phone download (issue 27): its ES modules preloaded with the page,
and the code for a split register only on a split register's page.

Weights are computed from the built files the page references, as ``make bench`` does
(:func:`benchmarks.bench.page_weight`: modulepreload links, static imports, and ``import()``
only where the page imports it): a size, not a time, so it holds on a busy machine.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from benchmarks.bench import page_weight, synthetic_register
from conftest import run_safeplace, settings_file
from pipeline.site.modules import closure, imports

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "theme" / "static" / "js"
SAMPLE_SIZE = 45  # about the sample register's 40 published places
BUDGET_KB = 80
ENTRIES = ["find.js", "find/offline.js"]  # the page's two <script type="module">


def build(tmp: Path, name: str, **settings) -> Path:
    register = tmp / f"{name}.csv"
    synthetic_register(SAMPLE_SIZE, register)
    out = tmp / name
    conf = settings_file(tmp, f"{name}.py", **settings)
    result = run_safeplace("build", "--data", str(register), "--output", str(out), "--settings", str(conf))
    assert result.returncode == 0, result.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("weight")
    return build(tmp, "small"), build(tmp, "split", FIND_SPLIT_ABOVE=10, MAP_CLUSTER_ABOVE=10)


def preloaded(page: Path) -> list[str]:
    return re.findall(r'<link rel="modulepreload" href="[^"]*?/js/([^"]+)"', page.read_text(encoding="utf-8"))


def test_every_module_the_page_runs_is_preloaded_and_split_code_only_when_split(sites):
    small, split = sites
    for site, wanted in ((small, False), (split, True)):
        for page in [site / "find/index.html", site / "es/find/index.html"]:
            html = page.read_text(encoding="utf-8")
            assert re.search(r'<script type="module" src="[^"]*/js/find\.js"></script>', html)
            assert re.search(r'<script type="module" src="[^"]*/js/find/offline\.js"></script>', html)
            # one round trip: every module the two entry scripts import, at any depth
            statically = [m for m in closure(JS, ENTRIES) if m not in ENTRIES]
            assert len(statically) >= 6 and set(statically) <= set(preloaded(page)), page
            assert ("find/pieces.js" in preloaded(page)) is wanted, page
    # a small register never downloads the code for a split one; a split one does
    assert not any("pieces" in name for name in closure(JS, ENTRIES))
    assert "./find/pieces.js" in imports((JS / "find.js").read_text(encoding="utf-8"))[1]
    small_raw, small_gz, small_requests = page_weight(small)
    split_raw, split_gz, split_requests = page_weight(split)
    pieces_gz = len(gzip.compress((small / "theme/js/find/pieces.js").read_bytes(), 6, mtime=0))
    assert split_requests > small_requests and split_gz - small_gz > pieces_gz * 0.9


def test_every_module_is_small_and_stored_in_the_saved_copy(sites):
    small, _ = sites
    sw = (small / "sw.js").read_text(encoding="utf-8")
    for module in sorted(JS.glob("find/*.js")) + [JS / "find.js"]:
        lines = module.read_text(encoding="utf-8").count("\n")
        assert lines <= 300, f"{module.name}: {lines} lines"
        assert f'"theme/js/{module.relative_to(JS).as_posix()}"' in sw, module


def test_the_sample_sized_find_page_loads_at_most_80_kb_gzip(sites):
    """Within budget because a small register's map has no cluster code (MAP_CLUSTER_ABOVE)
    and the theme's scripts and styles are served minified (pipeline.site.minify)."""
    small, split = sites
    raw, gz, requests = page_weight(small)
    assert gz <= BUDGET_KB * 1024, f"{gz / 1024:.1f} KB gzip in {requests} files"
    for site, clustered in ((small, False), (split, True)):
        config = re.search(
            r'id="find-config"[^>]*>(.*?)</script>', (site / "find/index.html").read_text("utf-8")
        )
        assert config and ('"cluster":true' in config.group(1)) is clustered
        assert ("markercluster" in config.group(1)) is clustered
        assert ("L.markerClusterGroup" in (site / "find/map.js").read_text("utf-8")) is clustered
    # served minified: no comment of the theme's find.js reaches the phone, and it still runs
    # as the same module (its imports are intact)
    source = (JS / "find.js").read_text(encoding="utf-8")
    served = (small / "theme/js/find.js").read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in served and len(served) < len(source) * 0.8
    assert imports(served) == imports(source)
