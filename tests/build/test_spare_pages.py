"""A rebuild writes a big register's place pages into the replaced site's (the spare,
``pipeline/site/spare.py``) and publishes exactly what a build into a new folder does: the
places that left have no page, a folder anyone changed since is not taken, and nothing outside
the spare is ever written through it. Real builds of the test register with the spare's
threshold set to 0 (a big register's behaviour on a small one)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from pipeline.site.build import MARKER
from support import approved_rows, fixture_rows, make_project, run_safeplace, write_register


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def modes(root: Path) -> set[int]:
    return {stat.S_IMODE(p.stat().st_mode) for p in (root / "places").rglob("*")}


def build(project: Path, register: str, out: Path):
    result = run_safeplace("build", "--data", str(project / register), "--output", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    return result


def spares(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}-spare-*"))


def test_a_rebuild_writes_into_the_spare_and_publishes_what_a_new_folder_gets(tmp_path):
    rows = fixture_rows()
    approved = [r for r in rows if r["status"] == "approved"]
    left, kept = approved[0]["id"], approved[1:4]  # one place leaves; three are tampered with
    changed = [dict(r, status="suspended") if r["id"] == left else r for r in rows]
    changed.append(dict(approved[5], id="SP-0999", name="Nueva Panadería Phở"))
    project = make_project(tmp_path / "project", SAFEPLACE_SPARE_PAGES_ABOVE=0)
    write_register(project / "data" / "changed.csv", changed)
    out, reference = tmp_path / "site" / "out", tmp_path / "site" / "reference"
    build(project, "data/participants.csv", out)
    assert spares(out) == []  # nothing was replaced: nothing kept
    build(project, "data/changed.csv", reference)
    expected = tree(reference)
    build(project, "data/participants.csv", out)  # replaces the first: kept as the spare
    [spare] = spares(out)
    assert json.loads((spare / MARKER).read_text())["places"] == len(approved_rows())
    # the spare holds the place pages only (and the marker)
    held = {p.relative_to(spare).as_posix() for p in spare.rglob("*") if p.is_file()}
    assert held == {MARKER} | {
        f"{lang}places/{r['id']}/index.html" for r in approved_rows() for lang in ("", "es/")
    }
    # Changes since that build, none of which may reach the next site or anything outside it:
    outside = tmp_path / "mine"
    outside.mkdir()
    victim = outside / "index.html"
    victim.write_text("a coordinator's own file\n", encoding="utf-8")
    linked = outside / "notes.html"
    linked.write_text("linked notes\n", encoding="utf-8")
    extra, through, hard = (spare / "places" / r["id"] for r in kept)
    (extra / "private.txt").write_text("not for the site\n", encoding="utf-8")
    for child in through.iterdir():
        child.unlink()
    through.rmdir()
    through.symlink_to(outside, target_is_directory=True)
    (hard / "index.html").unlink()
    os.link(linked, hard / "index.html")
    os.chmod(spare / "places" / approved[4]["id"] / "index.html", 0o600)
    untouched = approved[6]["id"]
    inodes = {lang: os.stat(spare / f"{lang}places/{untouched}").st_ino for lang in ("", "es/")}

    again = build(project, "data/changed.csv", out)
    assert "Traceback" not in again.stderr
    assert tree(out) == expected  # what a build into a new folder publishes, byte for byte
    assert not (out / "places" / left).exists() and not (out / "es" / "places" / left).exists()
    assert (out / "places" / "SP-0999" / "index.html").is_file()
    assert modes(out) == {0o755, 0o644}
    # the folders nobody changed were written into (the one with a file added was not taken:
    # its file is not in the site, above)
    assert {lang: os.stat(out / f"{lang}places/{untouched}").st_ino for lang in inodes} == inodes
    assert victim.read_text(encoding="utf-8") == "a coordinator's own file\n"
    assert linked.read_text(encoding="utf-8") == "linked notes\n"
    assert sorted(p.name for p in outside.iterdir()) == ["index.html", "notes.html"]
    # the spare it used is gone; the site it replaced is the next one
    [after] = spares(out)
    assert after != spare and not spare.exists()
    assert {p.name for p in after.iterdir()} == {MARKER, "places", "es"}

    # a spare whose marker is gone proves nothing about its folders: removed, never used
    (after / MARKER).unlink()
    (after / "places" / untouched / "private.txt").write_text("not for the site\n", encoding="utf-8")
    build(project, "data/changed.csv", out)
    assert not after.exists() and len(spares(out)) == 1
    assert tree(out) == expected
