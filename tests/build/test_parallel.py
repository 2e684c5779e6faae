"""Parts of the build run side by side in forked processes, and fail loudly when they fail."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks.bench import synthetic_register
from pipeline.site import parallel
from support import ROOT, run_safeplace, settings_file

SAFEPLACE = Path(sys.executable).with_name("safeplace")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")


def isolated(code: str, tmp_path: Path) -> str:
    """Run ``code`` in a fresh interpreter, single-threaded as the command line is (forking
    this test process, with its server and browser threads, would not be safe); its output."""
    script = tmp_path / "scenario.py"
    script.write_text(
        "import os, sys, time\nfrom pathlib import Path\n"
        "from pipeline.site import parallel\nassert parallel.can_fork()\n" + textwrap.dedent(code)
    )
    env = {**os.environ, parallel.JOBS_VARIABLE: "2"}  # children even on a one-core runner
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_started_part_runs_in_a_child_and_hands_back_its_result(tmp_path):
    out = isolated(
        """
        pid, zips = parallel.start(lambda: (os.getpid(), {"64106": (39.1, -94.58)})).result()
        print(pid != os.getpid(), zips)
    """,
        tmp_path,
    )
    assert out.split("\n")[0] == "True {'64106': (39.1, -94.58)}"


def test_a_failing_child_raises_with_its_traceback(tmp_path):
    out = isolated(
        """
        def broken():
            raise KeyError("url")
        try:
            parallel.start(broken).result()
        except parallel.ParallelError as exc:
            print("ParallelError:", str(exc) == "KeyError: 'url'", "in broken" in exc.details)
    """,
        tmp_path,
    )
    assert out.strip() == "ParallelError: True True"


def test_side_by_side_writes_from_every_part_and_reports_a_failure(tmp_path):
    out = isolated(
        """
        folder = Path(sys.argv[1])
        parallel.side_by_side(*((lambda n=n: (folder / f"{n}.txt").write_text(str(os.getpid())))
                                for n in range(3)))
        pids = {(folder / f"{n}.txt").read_text() for n in range(3)}
        print(len(pids), str(os.getpid()) in pids)
        def broken():
            raise ValueError("bad template")
        try:
            parallel.side_by_side(broken, lambda: None)
        except parallel.ParallelError as exc:
            print("bad template" in str(exc))
    """,
        tmp_path,
    )
    assert out.split() == ["3", "True", "True"]


def test_the_parent_waits_for_children_even_when_its_own_part_fails(tmp_path):
    out = isolated(
        """
        folder = Path(sys.argv[1])
        def slow_writer():
            time.sleep(0.3)
            (folder / "late.txt").write_text("done")
        def failing():
            raise RuntimeError("parent part failed")
        try:
            parallel.side_by_side(slow_writer, failing)
        except RuntimeError as exc:
            print(exc, "|", (folder / "late.txt").read_text())
    """,
        tmp_path,
    )
    assert out.strip() == "parent part failed | done"  # no child is left writing


def test_between_runs_after_the_first_parts_start_and_before_the_rest(tmp_path):
    out = isolated(
        """
        folder = Path(sys.argv[1])
        def first():  # running while `between` waits for it: it writes the file `between` reads
            (folder / "early.tmp").write_text("early")
            (folder / "early.tmp").rename(folder / "early.txt")  # whole when it appears
        def between():
            for _ in range(200):
                if (folder / "early.txt").exists():
                    break
                time.sleep(0.01)
            (folder / "ready.txt").write_text((folder / "early.txt").read_text())
        def later():  # started only once `between` is done: it finds what `between` made
            (folder / "later.txt").write_text((folder / "ready.txt").read_text())
        parallel.side_by_side(first, later, lambda: None, first=1, between=between)
        print((folder / "later.txt").read_text())
        def refusing():
            raise OSError("no folders")
        try:
            parallel.side_by_side(first, later, lambda: None, first=1, between=refusing)
        except OSError as exc:
            print(exc)
    """,
        tmp_path,
    )
    assert out.split("\n")[:2] == ["early", "no folders"]


def test_one_job_runs_everything_here_in_order(monkeypatch):
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    order = []
    parallel.side_by_side(lambda: order.append(("a", os.getpid())), lambda: order.append(("b", os.getpid())))
    assert order == [("a", os.getpid()), ("b", os.getpid())]
    order.clear()
    parallel.side_by_side(
        *(lambda n=n: order.append(n) for n in "abc"), first=1, between=lambda: order.append("|")
    )
    assert order == ["a", "|", "b", "c"]
    with pytest.raises(KeyError):
        parallel.start(lambda: {}["missing"]).result()


def _build(register: Path, output: Path, jobs: str, settings: Path | None = None):
    env = {**os.environ, parallel.JOBS_VARIABLE: jobs}
    command = [str(SAFEPLACE), "build", "--data", str(register), "--output", str(output)]
    if settings:
        command += ["--settings", str(settings)]
    return run_safeplace(*command[1:], env=env)  # forked from the helper, or the script itself


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_parallel_and_sequential_builds_are_byte_identical(tmp_path):
    register = tmp_path / "register.csv"
    synthetic_register(450, register)
    forked, serial = tmp_path / "forked", tmp_path / "serial"
    assert _build(register, forked, "2").returncode == 0
    assert _build(register, serial, "1").returncode == 0
    forked_tree, serial_tree = _tree(forked), _tree(serial)
    assert "find/5/index.html" in forked_tree and "es/find/places.json" in forked_tree
    assert forked_tree == serial_tree


def test_a_failure_in_a_child_stops_the_build_and_keeps_the_last_good_site(tmp_path):
    register = tmp_path / "register.csv"
    synthetic_register(120, register)
    output = tmp_path / "site"
    assert _build(register, output, "2").returncode == 0
    before = _tree(output)
    # A broken map centre breaks only the map, which is drawn in a child process.
    settings = settings_file(tmp_path, "brokenconf.py", MAP_CENTER=(39.1,))
    result = _build(register, output, "2", settings)
    assert result.returncode != 0
    assert "ValueError: Expected two (lat, lon) values" in result.stderr  # the child's words
    assert _tree(output) == before
