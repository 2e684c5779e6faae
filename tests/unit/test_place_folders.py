"""The place pages' folders, made before the pages (while the register is checked) and written
into afterwards: the ids marked approved as written, the languages by count, no empty folder
left, and a page written into a folder that is there already is a new regular file whatever
was there (a hard link to someone's file, a symlink, a mode that hides it)."""

from __future__ import annotations

import os
import stat

from pipeline.register.table import approved_ids
from pipeline.site.placefolders import Folder, make_folders, remove_unused_folders
from support import fixture_settings, write_register

SETTINGS = {**fixture_settings(), "PLACE_PAGES_TRANSLATED_UP_TO": 2}


def test_the_ids_marked_approved_as_written_before_any_check(tmp_path):
    rows = [
        {"id": "SP-1", "status": "approved", "name": "A"},
        {"id": " SP-2 ", "status": "Approved", "name": "B"},  # as a spreadsheet leaves them
        {"id": "SP-3", "status": "pending", "name": "C"},
        {"id": "../x", "status": "approved", "name": "D"},  # never a folder name
        {"id": "", "status": "approved", "name": "E"},
    ]
    assert approved_ids(write_register(tmp_path / "r.csv", rows)) == ["SP-1", "SP-2"]
    (tmp_path / "bad.csv").write_text('id,status\n"SP-1,approved\n', encoding="utf-8")
    assert approved_ids(tmp_path / "bad.csv") == []  # the checks will say why
    assert approved_ids(write_register(tmp_path / "no-status.csv", [{"id": "SP-1"}])) == []


def test_folders_for_every_language_up_to_the_cap_then_the_default_only(tmp_path):
    previous = os.umask(0o077)  # a coordinator's strict umask: the site stays readable
    try:
        made = make_folders(tmp_path / "two", SETTINGS, ["SP-1", "SP-2"])
        assert made == {"places": ["SP-1", "SP-2"], "es/places": ["SP-1", "SP-2"]}
        made = make_folders(tmp_path / "three", SETTINGS, ["SP-1", "SP-2", "SP-3"])
        assert made == {"places": ["SP-1", "SP-2", "SP-3"]}
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "three" / "places" / "SP-3").stat().st_mode) == 0o755
    assert not (tmp_path / "three" / "es").exists()


def test_no_folder_is_left_without_its_page(tmp_path):
    made = make_folders(tmp_path, SETTINGS, ["SP-1", "SP-2"])
    (tmp_path / "places" / "SP-1" / "index.html").write_text("page", encoding="utf-8")
    remove_unused_folders(tmp_path, made, {"places"}, {"SP-1"})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "es",  # the language's folder stays (its find page is there in a site)
        "places",
        "places/SP-1",
        "places/SP-1/index.html",
    ]


def test_a_page_written_into_a_folder_already_there_is_its_own_file(tmp_path):
    """Whatever is where the page goes (a hard link to someone's file, a shorter mode, a
    symlink, a folder), the page is a new regular file and nothing outside is written."""
    folder = Folder(tmp_path / "places")
    mine = tmp_path / "mine.html"
    mine.write_text("a coordinator's file\n", encoding="utf-8")
    try:
        for ident in ("SP-1", "SP-2", "SP-3", "SP-4"):
            assert folder.make(ident) and not folder.make(ident)
        os.link(mine, tmp_path / "places" / "SP-1" / "index.html")  # a hard link to someone's file
        (tmp_path / "places" / "SP-2" / "index.html").write_text("x" * 9000, encoding="utf-8")
        os.chmod(tmp_path / "places" / "SP-2" / "index.html", 0o600)
        (tmp_path / "places" / "SP-3" / "index.html").symlink_to(mine)
        (tmp_path / "places" / "SP-4" / "index.html").mkdir()  # a folder where the page goes
        (tmp_path / "places" / "SP-4" / "index.html" / "x").write_text("x", encoding="utf-8")
        for ident in ("SP-1", "SP-2", "SP-3", "SP-4"):
            folder.write_page(ident, f"<p>{ident} é</p>".encode())
    finally:
        folder.close()
    assert mine.read_text(encoding="utf-8") == "a coordinator's file\n"
    for ident in ("SP-1", "SP-2", "SP-3", "SP-4"):
        page = tmp_path / "places" / ident / "index.html"
        found = page.lstat()
        assert stat.S_ISREG(found.st_mode) and found.st_nlink == 1, ident
        assert stat.S_IMODE(found.st_mode) == 0o644, ident
        assert page.read_text(encoding="utf-8") == f"<p>{ident} é</p>", ident  # cut to length


def test_a_folder_named_empty_is_written_as_new_and_anything_found_there_is_replaced(tmp_path):
    """The folders this build just made are written without looking first (no mkdir, no
    fstat): a page in one of them is a new file. Should something be there after all, it is
    written over as in any folder (a symlink never followed), and a folder not named empty is
    made as before."""
    mine = tmp_path / "mine.html"
    mine.write_text("a coordinator's file\n", encoding="utf-8")
    made = make_folders(tmp_path / "site", SETTINGS, ["SP-1", "SP-2", "SP-3"])["places"]
    (tmp_path / "site" / "places" / "SP-2" / "index.html").symlink_to(mine)  # not empty after all
    folder = Folder(tmp_path / "site" / "places", set(made))
    try:
        for ident in ("SP-1", "SP-2", "SP-9"):  # SP-9: no folder yet, not named empty
            folder.write_page(ident, f"<p>{ident} é</p>".encode())
    finally:
        folder.close()
    assert mine.read_text(encoding="utf-8") == "a coordinator's file\n"
    for ident in ("SP-1", "SP-2", "SP-9"):
        page = tmp_path / "site" / "places" / ident / "index.html"
        assert stat.S_ISREG(page.lstat().st_mode), ident
        assert stat.S_IMODE(page.lstat().st_mode) == 0o644, ident
        assert page.read_bytes() == f"<p>{ident} é</p>".encode(), ident
