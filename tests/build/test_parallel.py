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


def test_side_by_side_runs_every_part_once_on_as_many_processes_as_lanes(tmp_path):
    out = isolated(
        """
        folder = Path(sys.argv[1])
        def part(n, together):
            (folder / f"{n}.txt").write_text(str(os.getpid()))
            # wait for the other parts of the round: they can only all be here at once if
            # each runs in a process of its own
            for _ in range(500):
                if len(list(folder.glob("*.txt"))) >= together:
                    break
                time.sleep(0.01)
        os.environ[parallel.JOBS_VARIABLE] = "3"
        parallel.side_by_side(*(lambda n=n: part(n, 3) for n in range(3)))
        pids = [(folder / f"{n}.txt").read_text() for n in range(3)]
        print(len(set(pids)), str(os.getpid()) in pids)
        for f in folder.glob("*.txt"):
            f.unlink()
        os.environ[parallel.JOBS_VARIABLE] = "2"
        parallel.side_by_side(*(lambda n=n: part(n, 0) for n in range(12)))
        pids = [(folder / f"{n}.txt").read_text() for n in range(12)]
        print(len(pids), len(set(pids)) <= 2)
        def broken():
            raise ValueError("bad template")
        try:
            parallel.side_by_side(broken, lambda: None)
        except (ValueError, parallel.ParallelError) as exc:
            print("bad template" in str(exc))
    """,
        tmp_path,
    )
    assert out.split() == ["3", "True", "12", "True", "True"]


def test_a_failed_part_stops_the_other_lanes_taking_more(tmp_path):
    out = isolated(
        """
        folder = Path(sys.argv[1])
        def failing():
            raise RuntimeError("part failed")
        def slow(n):
            (folder / f"{n}.txt").write_text("done")
            time.sleep(0.05)
        try:
            parallel.side_by_side(failing, *(lambda n=n: slow(n) for n in range(40)))
        except (RuntimeError, parallel.ParallelError) as exc:
            print("part failed" in str(exc), len(list(folder.glob("*.txt"))))
    """,
        tmp_path,
    )
    failed, ran = out.split()
    assert failed == "True"
    assert int(ran) < 10  # not the 40 parts: the failing lane took the rest


def test_the_parent_waits_for_children_even_when_its_own_part_fails(tmp_path):
    out = isolated(
        """
        folder = Path(sys.argv[1])
        def slow_writer():
            time.sleep(0.3)
            (folder / "late.txt").write_text("done")
        def failing():
            time.sleep(0.05)  # whichever lane runs it, the other is writing slowly by then
            raise RuntimeError("parent part failed")
        try:
            parallel.side_by_side(slow_writer, failing)
        except (RuntimeError, parallel.ParallelError) as exc:
            print(exc, "|", (folder / "late.txt").read_text())
    """,
        tmp_path,
    )
    assert out.strip().endswith("parent part failed | done")  # no child is left writing


def test_lanes_are_the_cores_or_the_jobs_asked_for(monkeypatch):
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    assert parallel.lanes() == 1
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "3")
    assert parallel.lanes() == (3 if parallel.can_fork() else 1)
    monkeypatch.delenv(parallel.JOBS_VARIABLE)
    if parallel.can_fork():
        assert parallel.lanes() == len(os.sched_getaffinity(0))


def test_one_job_runs_everything_here_in_order(monkeypatch):
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    order = []
    parallel.side_by_side(lambda: order.append(("a", os.getpid())), lambda: order.append(("b", os.getpid())))
    assert order == [("a", os.getpid()), ("b", os.getpid())]
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
    # A broken map centre breaks the map and the nearby ZIP codes, both made in child processes.
    settings = settings_file(tmp_path, "brokenconf.py", MAP_CENTER=(39.1,))
    result = _build(register, output, "2", settings)
    assert result.returncode != 0
    assert "ValueError: Expected two (lat, lon) values" in result.stderr  # the child's words
    assert _tree(output) == before
