"""Nothing outside content/ is published (issue 26, item 2): every route by which a page could
copy the register, the settings, .git or anything under data/ into the site stops the build,
naming the page, its line and the link; nothing is written, inside or outside the output."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.register.model import COLUMNS
from support import FIXTURE_CONTENT


def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A project of the test's own: content/, data/register.csv (with a private note),
    the settings, and a .git folder."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    data = tmp_path / "data"
    data.mkdir()
    register = data / "participants.csv"
    with register.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerow(dict(GOOD_ROW, notes="PRIVATE-NOTE-4711"))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]\nPRIVATE-GIT-4711\n", encoding="utf-8")
    conf = settings_file(tmp_path, PATH=str(content), SAFEPLACE_DATA=str(register))
    return content, register, conf


def page(slug: str, link: str) -> str:
    return f"Title: {slug}\nSlug: {slug}\n\nOur partners.\n\n[Partners]({link})\n"


def leaked(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and b"4711" in p.read_bytes()]


def test_every_route_out_of_content_stops_the_build(tmp_path):
    content, register, conf = project(tmp_path)
    pages = content / "pages"
    os.symlink(register, pages / "partners.csv")  # a symlink in content/ to the register
    os.symlink(register.parent, content / "files")  # a symlinked folder
    routes = {
        "attach-register": "{attach}../../data/participants.csv",
        "attach-etc": "{attach}../../../../../../../../etc/passwd",
        "static-register": "{static}../../data/participants.csv",
        "static-rooted": "{static}/../data/participants.csv",
        "filename-settings": "{filename}../../conf.py",
        "attach-git": "{attach}../../.git/config",
        "symlink-file": "{static}partners.csv",
        "symlink-folder": "{attach}../files/participants.csv",
        "plain-link": "../../data/participants.csv",
        "quoted-link": "{attach}..%2F..%2Fdata%2Fparticipants.csv",
    }
    for slug, link in routes.items():
        (pages / f"{slug}.md").write_text(page(slug, link), encoding="utf-8")
    out = tmp_path / "elsewhere" / "out"
    result = run_safeplace("build", "--settings", str(conf), "--output", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for slug, link in routes.items():
        assert f"{pages / slug}.md:6: the link {link!r} names " in result.stderr, slug
    assert "outside the content folder" in result.stderr
    assert f"Build stopped: {len(routes)} link(s) to files outside content/ in the pages." in result.stderr
    assert not out.exists()
    assert leaked(tmp_path / "elsewhere") == [] and not (tmp_path / "data" / "about").exists()


def test_a_static_path_out_of_content_is_never_copied(tmp_path):
    """The backstop: whatever makes Pelican copy a file (here STATIC_PATHS naming the data
    folder and .git through symlinks), it is refused before anything is written."""
    content, register, conf = project(tmp_path)
    os.symlink(register.parent, content / "data")
    os.symlink(tmp_path / ".git", content / "git")
    conf = settings_file(
        tmp_path, PATH=str(content), SAFEPLACE_DATA=str(register), STATIC_PATHS=["data", "git"]
    )
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(conf), "--output", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"{content}/data/participants.csv: not copied into the site: it is "
        f"{register}, outside the content folder" in result.stderr
    )
    assert f"{content}/git/config: not copied into the site" in result.stderr
    assert not out.exists() and leaked(tmp_path / "content") == []


def test_links_inside_content_still_work(tmp_path):
    content, register, conf = project(tmp_path)
    (content / "pages" / "leaflet.txt").write_text("A leaflet.\n", encoding="utf-8")
    (content / "pages" / "partners.md").write_text(
        "Title: Partners\nSlug: partners\n\n[Leaflet]({attach}leaflet.txt) "
        "[Find](../find/) [About]({filename}about.md) [Home](/)\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(conf), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "partners" / "leaflet.txt").read_text(encoding="utf-8") == "A leaflet.\n"
    assert leaked(out) == []
