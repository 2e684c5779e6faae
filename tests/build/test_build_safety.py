"""The build never destroys what it did not make, and never reports success over a broken site.

Real builds in real processes: refusals of folders the build did not make, kill -9 at several
moments, two builds at once, a held lock, a full disk (a real tmpfs where this machine allows
mounting one, a real file-size limit everywhere), a register that would empty the site.
"""

from __future__ import annotations

import csv
import fcntl
import os
import resource
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.site.build import MARKER, _swap
from support import (
    FIXTURE_CONTENT,
    FIXTURE_REGISTER,
    ROOT,
    SAFEPLACE,
    default_project,
    make_project,
    run_safeplace,
    settings_file,
    write_register,
)

SAMPLE = list(csv.DictReader((FIXTURE_REGISTER).open(encoding="utf-8")))
APPROVED = [r for r in SAMPLE if r["status"] == "approved"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def one_line_refusal(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert words in lines[0], lines[0]


@pytest.fixture(scope="module")
def good_site(built_site) -> Path:
    """The session's build of the test register (only read: tests work on copies)."""
    return built_site


def copy_of(site: Path, where: Path) -> tuple[Path, dict]:
    shutil.copytree(site, where)
    return where, tree(where)


# --- refusing what the build did not make ---------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project (with a .git of its own) to aim wrong --output values at."""
    copy = tmp_path / "project"
    for source, name in ((FIXTURE_CONTENT, "content"), (ROOT / "theme", "theme")):
        shutil.copytree(source, copy / name)
    make_project(copy, PATH=str(copy / "content"), THEME=str(copy / "theme"))
    (copy / ".git").mkdir()
    (copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return copy


@pytest.mark.parametrize(
    "output, words",
    [
        ("data", "is the data folder"),
        (".", "is the project"),
        ("..", "contains the project"),
        ("content", "is content/"),
        ("theme", "is theme/"),
        ("content/pages/site", "is inside content/"),
        ("data/participants.csv", "is participants.csv"),
        ("pelicanconf.py", "is the settings file"),
    ],
)
def test_the_project_and_its_inputs_are_never_a_target(project, output, words):
    before = tree(project.parent)
    result = run_safeplace("build", "--output", output, cwd=project)
    one_line_refusal(result, words)
    assert "Nothing was touched." in result.stderr
    assert tree(project.parent) == before
    assert sorted(p.name for p in project.parent.iterdir()) == ["project"]  # no lock, no staging


def test_a_folder_or_file_the_build_did_not_make_is_refused(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8 not really")
    one_line_refusal(
        run_safeplace("build", "--output", str(folder)),
        f"the output folder {folder} exists and was not made by 'safeplace build'",
    )
    assert tree(folder) == {"holiday.jpg": b"\xff\xd8 not really"}
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me")
    one_line_refusal(run_safeplace("build", "--output", str(a_file)), "is not a folder a build made")
    assert a_file.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "photos"]


def test_a_site_built_before_builds_were_marked_is_refused_with_a_hint(tmp_path, good_site):
    old, before = copy_of(good_site, tmp_path / "old")
    (old / MARKER).unlink()
    before.pop(MARKER)
    result = run_safeplace("build", "--output", str(old))
    one_line_refusal(
        result, "it looks like a site built before builds were marked: if so, delete it and build again"
    )
    assert tree(old) == before


def test_an_empty_folder_and_a_previous_build_are_replaced(tmp_path, good_site):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_safeplace("build", "--output", str(empty)).returncode == 0
    assert (empty / MARKER).is_file() and (empty / "find" / "index.html").is_file()
    assert tree(empty) == tree(good_site)  # and the build is deterministic: the same bytes


@pytest.mark.parametrize("kind", ["file", "symlink loop"])
def test_an_output_parent_that_cannot_be_a_folder_gets_one_line(tmp_path, kind):
    parent = tmp_path / "parent"
    if kind == "file":
        parent.write_text("a file")
        words = "is a file, not a folder"
    else:
        parent.symlink_to(parent)
        words = "cannot use the output folder"
    one_line_refusal(run_safeplace("build", "--output", str(parent / "out")), words)


def test_a_read_only_output_parent_gets_one_line(tmp_path):
    parent = tmp_path / "readonly"
    parent.mkdir()
    mounted = False
    if os.geteuid() == 0:  # root writes through file modes: use a read-only filesystem
        mounted = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(parent)], capture_output=True
            ).returncode
            == 0
        )
        if not mounted:
            pytest.skip("running as root without permission to mount a read-only tmpfs")
    else:
        parent.chmod(0o555)
    try:
        result = run_safeplace("build", "--output", str(parent / "out"))
        one_line_refusal(result, f"cannot write beside {parent / 'out'}")
    finally:
        if mounted:
            subprocess.run(["umount", str(parent)], check=True)
        parent.chmod(0o755)


# --- the whole site, readable by everyone -------------------------------------------------------


def test_output_is_world_readable_whatever_the_umask(tmp_path):
    out = tmp_path / "out"
    umask = os.umask(0o077)  # the build's process has it, as it would from a coordinator's shell
    try:
        result = run_safeplace("build", "--output", str(out))
    finally:
        os.umask(umask)
    assert result.returncode == 0, result.stderr
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    assert modes["."] == 0o755
    assert {m for p, m in modes.items() if (out / p).is_dir()} == {0o755}
    assert {m for p, m in modes.items() if (out / p).is_file()} == {0o644}


def big_theme(tmp_path: Path) -> Path:
    """The real theme plus one static file bigger than every file the plugin writes."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "static" / "img" / "big.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'>" + " " * 200_000 + "</svg>", encoding="utf-8"
    )
    return theme


def test_a_static_file_pelican_cannot_copy_whole_fails_the_build(tmp_path, good_site):
    """Pelican only logs a warning when a static copy fails: that is a failed build here."""
    out, before = copy_of(good_site, tmp_path / "out")
    settings = settings_file(tmp_path, THEME=str(big_theme(tmp_path)))

    def limit():  # files of at most 180 KB: every page and vendor file fits, big.svg does not
        resource.setrlimit(resource.RLIMIT_FSIZE, (180_000, 180_000))

    result = subprocess.run(
        [str(SAFEPLACE), "build", "--settings", str(settings), "--output", str(out)],
        cwd=default_project(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        preexec_fn=limit,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    one_line_refusal(result, "Pelican reported: A problem occurred copying file")
    assert "big.svg" in result.stderr and "The previous output was left as it was." in result.stderr
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == [".out.lock"]


def test_a_full_disk_fails_the_build_and_keeps_the_previous_site(tmp_path, good_site):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the file-size limit test covers this)")
    disk = tmp_path / "disk"
    disk.mkdir()
    used = sum(p.stat().st_blocks * 512 for p in good_site.rglob("*") if p.is_file())
    size = used + used // 2  # room for the site and half another: the next build runs out
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], capture_output=True
    ).returncode:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        out, before = copy_of(good_site, disk / "out")
        result = run_safeplace("build", "--output", str(out))
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert "No space left on device" in result.stderr or "not copied whole" in result.stderr
        assert "The previous output was left as it was." in result.stderr
        assert tree(out) == before
        assert sorted(p.name for p in disk.iterdir()) == [".out.lock", "out"]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# --- a site that would suddenly list (almost) nobody ---------------------------------------


def test_a_register_that_would_publish_nothing_stops_unless_allowed(tmp_path, good_site):
    out, before = copy_of(good_site, tmp_path / "out")
    header_only = write_register(tmp_path / "empty.csv", [])
    pending = write_register(tmp_path / "pending.csv", [dict(r, status="pending") for r in SAMPLE])
    for register in (header_only, pending):
        result = run_safeplace("build", "--data", str(register), "--output", str(out))
        assert result.returncode == 1
        assert "the site would list none" in result.stderr and "--allow-shrink" in result.stderr
        assert tree(out) == before
    fresh = tmp_path / "fresh"  # no site yet: publishing nobody is still a mistake
    assert run_safeplace("build", "--data", str(pending), "--output", str(fresh)).returncode == 1
    assert not fresh.exists()
    allowed = run_safeplace("build", "--data", str(pending), "--output", str(out), "--allow-shrink")
    assert allowed.returncode == 0, allowed.stderr
    assert "with 0 published" in allowed.stdout


def test_a_register_that_would_drop_most_places_stops_unless_allowed(tmp_path, good_site):
    out, before = copy_of(good_site, tmp_path / "out")
    keep = len(APPROVED) * 2 // 5  # 40 % of the places the site lists now
    approved_ids = [r["id"] for r in APPROVED]
    fewer = write_register(
        tmp_path / "fewer.csv",
        [dict(r, status="pending") if r["id"] in approved_ids[keep:] else r for r in SAMPLE],
    )
    result = run_safeplace("build", "--data", str(fewer), "--output", str(out))
    assert result.returncode == 1
    assert f"would list {keep} place(s) where it now lists {len(APPROVED)}" in result.stderr
    assert tree(out) == before
    settings = settings_file(tmp_path, SAFEPLACE_MIN_SHARE=0.3)  # configurable
    assert (
        run_safeplace(
            "build", "--settings", str(settings), "--data", str(fewer), "--output", str(out)
        ).returncode
        == 0
    )
    assert (out / MARKER).read_text().count(f'"places": {keep}') == 1


# --- one at a time, kills, leftovers -------------------------------------------------------


def test_two_builds_at_once_both_succeed_one_after_the_other(tmp_path, good_site):
    out, before = copy_of(good_site, tmp_path / "out")
    logs = [tmp_path / f"build-{n}.err" for n in (1, 2)]
    lock = open(tmp_path / ".out.lock", "w")  # noqa: SIM115 (held until both builds wait)
    fcntl.flock(lock, fcntl.LOCK_EX)  # held until both builds are waiting: then they race
    builds = [
        subprocess.Popen(
            [str(SAFEPLACE), "build", "--output", str(out)],
            cwd=default_project(),
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        for log in logs
    ]
    try:
        assert wait_for(lambda: all("Waiting for another build" in log.read_text() for log in logs))
    finally:
        lock.close()
    codes = [b.wait(timeout=600) for b in builds]
    assert codes == [0, 0], [log.read_text() for log in logs]
    assert tree(out) == before  # the same register: the same site, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "build-1.err", "build-2.err", "out"]


def test_a_build_that_cannot_get_the_lock_says_so_in_one_line(tmp_path, good_site):
    out, before = copy_of(good_site, tmp_path / "out")
    settings = settings_file(tmp_path, SAFEPLACE_LOCK_WAIT=0)
    with open(tmp_path / ".out.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running build holds it
        result = run_safeplace("build", "--settings", str(settings), "--output", str(out))
    one_line_refusal(result, f"another build of {out} is still running")
    assert tree(out) == before


def wait_for(condition, limit: float = 120.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.002)
    return False


MOMENTS = {  # each seen in a staging folder that was not there before this build
    "staging made": lambda new: new,
    "pages written": lambda new: any((d / "find" / "index.html").exists() for d in new),
    "just before the swap": lambda new: any((d / MARKER).exists() for d in new),
}


def test_kill_9_at_any_moment_leaves_a_whole_site_and_the_next_build_tidies_up(tmp_path, good_site):
    """Killed at each moment in turn, on the same output: after each kill the site is whole, and
    the next build starts by removing what the killed one left (three kills, one finishing build,
    instead of a finishing build after each kill: the same tidying, proven each time)."""
    out, before = copy_of(good_site, tmp_path / "out")
    bigger = tmp_path / "bigger.csv"
    write_register(bigger, SAMPLE + [dict(APPROVED[0], id="EXTRA-1", name="Extra Place")])
    left: set[Path] = set()  # what the kills so far left beside the output
    for moment, reached_at in MOMENTS.items():
        build = subprocess.Popen(
            [str(SAFEPLACE), "build", "--data", str(bigger), "--output", str(out)],
            cwd=default_project(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        new = lambda left=left: [d for d in tmp_path.glob(".out-building-*") if d not in left]  # noqa: E731
        reached = wait_for(lambda: reached_at(new()) or build.poll() is not None)  # noqa: B023
        gone = not any(d.exists() for d in left)  # the build tidied before it made its own
        build.kill()  # SIGKILL (nothing, if the build had already finished)
        build.wait()
        assert reached and gone, moment
        now = tree(out)  # the old site, or (killed after the swap) the whole new one
        assert now == before or (
            '"places": 41' in now[MARKER].decode() and b"Extra Place" in now["find/index.html"]
        ), moment
        left = set(tmp_path.glob(".out-building-*"))
    again = run_safeplace("build", "--data", str(bigger), "--output", str(out))
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == [".out.lock"]
    assert b"Extra Place" in (out / "find" / "index.html").read_bytes()


def test_leftovers_of_killed_builds_are_removed_and_a_moved_site_put_back(tmp_path, good_site):
    out, before = copy_of(good_site, tmp_path / "out")
    # What a crash between the two renames of the fallback swap leaves: no out/, the old site
    # aside, and a half-written staging folder.
    out.rename(tmp_path / ".out-previous-0a1b2c3d")
    (tmp_path / ".out-building-9f8e7d6c" / "find").mkdir(parents=True)
    mine = tmp_path / "out-notes"  # not a leftover: never touched
    mine.mkdir()
    bad = write_register(tmp_path / "bad.csv", [dict(APPROVED[0], lat="north")])
    result = run_safeplace("build", "--data", str(bad), "--output", str(out))
    assert result.returncode == 1  # this build fails, yet the site is back where it was
    assert "Put back the site an interrupted build had moved aside" in result.stderr
    assert "Removed 1 folder(s) left beside" in result.stderr
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "bad.csv", "out", "out-notes"]


def test_the_fallback_swap_replaces_a_site_with_two_renames(tmp_path):
    target, staging = tmp_path / "out", tmp_path / ".out-building-00000000"
    target.mkdir()
    (target / "old.html").write_text("old")
    staging.mkdir()
    (staging / "new.html").write_text("new")
    _swap(staging, target, exchange=False)
    assert tree(target) == {"new.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    staging.mkdir()
    (staging / "newer.html").write_text("newer")
    _swap(staging, target)  # the exchange (Linux), or the same two renames elsewhere
    assert tree(target) == {"newer.html": b"newer"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
