"""The site a swap retires is removed, place pages by their shape, and nothing else with it
(never-negotiable #3: nothing is lost that the build did not make; issue 25: a rebuild's cost)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.site.build import _swap, remove_old_site


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def old_site(root: Path, outside: Path) -> None:
    """A previous build's output with place pages in two languages, a place folder holding
    more than its page, and symlinks that lead out of it (into ``outside``)."""
    for folder in ("places", "es/places"):
        for ident in ("SP-0001", "SP-0002"):
            page = root / folder / ident / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f"<p>{ident}</p>")
    (root / "places" / "SP-0002" / "map.png").write_bytes(b"png")
    (root / "index.html").write_text("home")
    (root / ".safeplace-build").write_text("marker")
    os.symlink(outside, root / "places" / "SP-LINK")  # a folder of the right name, elsewhere
    os.symlink(outside / "index.html", root / "places" / "SP-0001-copy")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks are needed to prove the guard")
def test_the_old_site_goes_and_nothing_outside_it(tmp_path):
    outside = tmp_path / "coordinator"
    outside.mkdir()
    (outside / "index.html").write_text("the coordinator's own page")
    old = tmp_path / "old"
    old_site(old, outside)
    remove_old_site(old, ["places", "es/places"])
    assert not os.path.lexists(old)
    assert files(outside) == {"index.html": b"the coordinator's own page"}


def test_a_swap_leaves_the_new_site_and_nothing_of_the_old(tmp_path):
    outside = tmp_path / "coordinator"
    outside.mkdir()
    (outside / "index.html").write_text("mine")
    target, staging = tmp_path / "out", tmp_path / ".out-building-00000000"
    old_site(target, outside)
    staging.mkdir()
    (staging / "places" / "SP-0003").mkdir(parents=True)
    (staging / "places" / "SP-0003" / "index.html").write_text("new")
    for exchange in (True, False):  # the exchange (Linux) and the two renames
        _swap(staging, target, exchange=exchange, shaped=["places", "es/places"])
        assert files(target) == {"places/SP-0003/index.html": b"new"}
        assert sorted(p.name for p in tmp_path.iterdir()) == ["coordinator", "out"]
        assert files(outside) == {"index.html": b"mine"}
        staging.mkdir()  # the next build's: the site just swapped in is now the old one
        (staging / "places" / "SP-0003").mkdir(parents=True)
        (staging / "places" / "SP-0003" / "index.html").write_text("new")
