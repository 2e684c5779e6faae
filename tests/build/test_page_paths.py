"""No page takes another's place (issue 26, item 3): a page's Save_as or URL naming a path the
site makes, or another page's, stops the build naming both."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from conftest import GOOD_ROW, run_safeplace, settings_file
from pipeline.register.model import COLUMNS
from pipeline.site.pathclaims import served
from support import FIXTURE_CONTENT


def project(tmp_path: Path, pages: dict[str, str]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for name, text in pages.items():
        (content / "pages" / name).write_text(text, encoding="utf-8")
    register = tmp_path / "register.csv"
    with register.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerow(GOOD_ROW)
    return settings_file(tmp_path, PATH=str(content), SAFEPLACE_DATA=str(register))


CLASHES = {
    "find": ("Save_as: find/index.html", "the find page (find/)"),
    "find-es": ("Save_as: es/find/index.html\nStatus: hidden", "the find page (es/find/)"),
    "find-url": ("URL: /Find/", "the find page (find/)"),
    "find-data": ("Save_as: ./find/places.json", "the find page (find/)"),
    "export": ("Save_as: data/participants.csv", "the public data files (data/)"),
    "worker": ("Save_as: sw.js", "the site's sw.js"),
    "theme": ("Save_as: theme/js/find.js", "the theme's files (theme/)"),
    "robots": ("Save_as: robots.txt", "the site's robots.txt"),
    "place": ("Save_as: es/places/sp-9001/index.html", "the places' pages (es/places/)"),
}


def test_every_clash_stops_the_build_naming_both(tmp_path):
    pages = {
        f"{slug}.md": f"Title: {slug}\nSlug: x-{slug}\n{meta}\n\nText.\n"
        for slug, (meta, _) in CLASHES.items()
    }
    pages["apply-clash.md"] = (
        "Title: Apply\nSlug: x-apply\nSave_as: participate/index.html\nStatus: hidden\n\nText.\n"
    )
    conf = project(tmp_path, pages)
    out = tmp_path / "out"
    result = run_safeplace("build", "--settings", str(conf), "--output", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    pages = tmp_path / "content" / "pages"
    for slug, (_meta, what) in CLASHES.items():
        lines = [line for line in result.stderr.splitlines() if line.startswith(f"{pages / slug}.md: its ")]
        assert any(f"would replace {what}" in line for line in lines), (slug, result.stderr)
    both = [
        line
        for line in result.stderr.splitlines()
        if str(pages / "apply-clash.md") in line and str(pages / "participate.md") in line
    ]
    assert len(both) == 1 and "would replace the page" in both[0], result.stderr
    assert "page path clash(es) in the pages. Nothing was published." in result.stderr
    assert not out.exists()


def test_two_pages_with_one_path_are_both_named(tmp_path):
    conf = project(
        tmp_path,
        {
            "a.md": "Title: A\nSlug: a\nSave_as: shared/index.html\n\nA.\n",
            "b.md": "Title: B\nSlug: b\nURL: shared/\nSave_as: shared/index.html\n\nB.\n",
        },
    )
    result = run_safeplace("build", "--settings", str(conf), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    pages = tmp_path / "content" / "pages"
    assert any(
        str(pages / "a.md") in line and str(pages / "b.md") in line for line in result.stderr.splitlines()
    ), result.stderr


@pytest.mark.parametrize(
    "path, expected",
    [
        ("find/", "find/index.html"),
        ("/find/index.html", "find/index.html"),
        ("./FIND//index.html", "find/index.html"),
        ("", "index.html"),
        ("/", "index.html"),
        ("a/../find/", "find/index.html"),
        ("es/find", "es/find"),
    ],
)
def test_paths_are_compared_as_a_server_serves_them(path, expected):
    assert served(path) == expected
