"""The 30,000-place build against the same build by an earlier release (issue 25's "within 2x
of today's": the build before place pages and open data, release 0.2.0 by default).

The earlier release's code is taken from git (``git archive``, so the repository's work tree
and its list of worktrees are not touched) into a temporary folder and run with this project's
Python and packages on the same register, in the same run, alternating with the current build
so that a shared machine's drift falls on both. Each is measured ``BENCH_REPEAT`` times into a
new folder (what CI's Publish does), then twice over each of those outputs (a coordinator's
second and third ``make html``: the third finds the place pages the second kept); the table
gives the median of each kind. Wall time
and CPU time (user and system of the build and its child processes) are both shown: on a
shared virtual machine the system time of creating tens of thousands of folders wanders far
more than the user time of our own code.

``BENCH_BASELINE`` names another git revision; an empty value skips the comparison (as does a
clone without that revision, e.g. a shallow one).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import NamedTuple

DEFAULT_BASELINE = "v0.2.0"
# The commit tagged v0.2.0, for a clone that did not fetch tags.
RELEASES = {"v0.2.0": "190b9230199181800df94509d9c8669c20bbe203"}


class Timing(NamedTuple):
    wall: float
    user: float
    system: float

    @property
    def cpu(self) -> float:
        return self.user + self.system


def export_revision(root: Path, revision: str, into: Path) -> Path | None:
    """The project's files at ``revision`` in ``into`` (None when git does not have it)."""
    for name in (revision, RELEASES.get(revision)):
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", str(name)], capture_output=True
        )
        if name and not archive.returncode:
            break
    else:
        return None
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def timed_build(code: Path, register: Path, out: Path) -> Timing:
    """``safeplace build`` of ``register`` into ``out`` by the code in ``code`` (its own settings,
    theme and content; this interpreter's packages): wall and CPU seconds, children included."""
    program = (
        "import sys; from pipeline.cli import main; "
        f"sys.argv = ['safeplace', 'build', '--data', {str(register)!r}, '--output', {str(out)!r}]; "
        "sys.exit(main())"
    )
    env = {**os.environ, "PYTHONPATH": str(code)}  # ahead of the installed (editable) project
    # The earlier builds' pages go to disk first (untimed): a build measured while the kernel
    # writes back the hundreds of MB of the builds before it pays for their writing, and the
    # builds timed last (over the previous output) paid the most.
    os.sync()
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=code, env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = os.times()
    if result.returncode:
        raise SystemExit(f"build by {code.name} failed:\n{result.stderr[-2000:]}")
    return Timing(
        wall, after.children_user - before.children_user, after.children_system - before.children_system
    )


def folder_cost(where: Path, count: int = 2000) -> float:
    """Microseconds of system time to make one empty folder in ``where`` (``count`` of them):
    the kernel's cost of what most of a big build's system time is (a folder per place page).
    On ext4 it rises several times over for minutes after many files were deleted, and the
    build's ratio to 0.2.0 with it; printed beside the table so a run can be read for what it
    measured."""
    where.mkdir(parents=True)
    before = os.times()
    for n in range(count):
        os.mkdir(where / f"f{n}")
    return (os.times().system - before.system) / count * 1e6


# ext4 without a journal will not reuse an inode deleted in the last minutes (up to 360 s,
# the kernel's RECENTCY_MIN + RECENTCY_DIRTY), and looks past each one for every new file:
# a build then pays for whatever was deleted before it (docs/performance.md).
SETTLE_SECONDS = 361


def skips_recent_deletions(where: Path) -> bool:
    """Whether ``where`` is on ext4 without a journal (``/sys/fs/ext4/<device>/journal_task``
    says ``<none>``): the file systems where recently deleted inodes slow every new file."""
    try:
        device = os.stat(where).st_dev
        block = Path(f"/sys/dev/block/{os.major(device)}:{os.minor(device)}").resolve().name
        return (Path("/sys/fs/ext4") / block / "journal_task").read_text().strip() == "<none>"
    except (OSError, ValueError):
        return False


def settle(where: Path, seconds: float | None = None) -> float:
    """Before the builds are timed: everything written to disk and, on ext4 without a journal
    (:func:`skips_recent_deletions`), a wait of ``seconds`` (``BENCH_SETTLE``, default
    :data:`SETTLE_SECONDS`) so that files deleted before the comparison (a test suite's
    temporary folders, an earlier benchmark's sites) no longer slow the creation of new ones:
    the builds are measured, not the deletions before them. Returns the seconds waited."""
    os.sync()
    if seconds is None:
        wanted = os.environ.get("BENCH_SETTLE")
        if wanted is None and not skips_recent_deletions(where):
            return 0.0
        seconds = float(wanted) if wanted is not None else SETTLE_SECONDS
    if seconds > 0:
        print(
            f"(ext4 without a journal: waiting {seconds:.0f} s for files deleted before the "
            "comparison to stop slowing new ones; BENCH_SETTLE=0 skips it)",
            file=sys.stderr,
        )
        time.sleep(seconds)
    return seconds


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def compare(root: Path, register: Path, tmp: Path, repeat: int) -> dict[str, dict[str, Timing]] | None:
    """Median timings ``{"fresh"|"over"|"again": {"baseline"|"current": Timing}}``: ``repeat``
    fresh builds of each, then a rebuild over each of their outputs and another (``repeat``
    of each kind too); ``"folder_us"``: :func:`folder_cost`
    before and after them. None when there is no baseline."""
    revision = os.environ.get("BENCH_BASELINE", DEFAULT_BASELINE).strip()
    if not revision:
        return None
    baseline = export_revision(root, revision, tmp / "baseline-code")
    if baseline is None:
        print(f"(no {revision} in this clone: the build is not compared with it)", file=sys.stderr)
        return None
    settle(tmp)
    probes = [folder_cost(tmp / "probe-before")]
    runs: dict[str, dict[str, list[Timing]]] = {"fresh": {}, "over": {}, "again": {}}
    # Nothing is deleted while builds are timed: on ext4 a build that creates tens of thousands
    # of files right after as many were deleted pays the kernel's search past recently deleted
    # inodes (seconds to tens of seconds of system time; docs/performance.md), which measures
    # the previous run's clean-up, not this build. So every fresh build gets a folder of its
    # own, and each version is built once over its own output (the current version first,
    # after only the fresh builds, which deleted nothing), everything removed at the end.
    for k in range(repeat):
        for name, code in (("baseline", baseline), ("current", root)):
            out = tmp / f"compare-{name}-{k}"
            runs["fresh"].setdefault(name, []).append(timed_build(code, register, out))
    # Twice over each of those outputs: a first rebuild, then the next, which finds the spare
    # the first kept (a big register's replaced place pages, pipeline/site/spare.py); each
    # ``repeat`` times, as the fresh builds, for a median.
    for kind in ("over", "again"):
        for k in range(repeat):
            for name, code in (("current", root), ("baseline", baseline)):
                out = tmp / f"compare-{name}-{k}"
                runs[kind].setdefault(name, []).append(timed_build(code, register, out))
    probes.append(folder_cost(tmp / "probe-after"))
    for k in range(repeat):
        for name in ("baseline", "current"):
            shutil.rmtree(tmp / f"compare-{name}-{k}", ignore_errors=True)
    timings: dict = {
        kind: {
            name: Timing(*(_median([getattr(t, f) for t in ts]) for f in Timing._fields))
            for name, ts in by.items()
        }
        for kind, by in runs.items()
    }
    timings["folder_us"] = probes
    return timings


def print_comparison(timings: dict[str, dict[str, Timing]] | None, places: str) -> None:
    if timings is None:
        return
    revision = os.environ.get("BENCH_BASELINE", DEFAULT_BASELINE).strip()
    columns = ("built", "by", "wall s", "CPU s (user + system)", f"x {revision} wall", f"x {revision} CPU")
    print(f"\n| {places} places, " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|")
    for kind, label in (
        ("fresh", "into a new folder"),
        ("over", "over its previous output"),
        ("again", "over it once more"),
    ):
        base = timings[kind]["baseline"]
        for name in ("baseline", "current"):
            t = timings[kind][name]
            who = revision if name == "baseline" else "this version"
            print(
                f"| {label} | {who} | {t.wall:.1f} | {t.cpu:.1f} ({t.user:.1f} + {t.system:.1f}) | "
                f"{t.wall / base.wall:.2f} | {t.cpu / base.cpu:.2f} |"
            )
    print(
        f"Target (issue 25): within 2x of the build before place pages and open data ({revision}). "
        "System time is the kernel's, creating a folder per place page; it wanders on a shared machine."
    )
    if "folder_us" in timings:
        before, after = timings["folder_us"]
        print(
            f"The file system: {before:.0f} us of system time to make a folder before these builds, "
            f"{after:.0f} after (a quiet ext4 on a 2-core VM: about 35; several times that for minutes "
            "after many files were deleted, which this version's builds feel ten times as much as "
            f"{revision}'s: docs/performance.md)."
        )


def main() -> int:
    """``python -m benchmarks.baseline``: this comparison alone (``BENCH_PLACES``, default
    30,000; ``BENCH_REPEAT``, default 3)."""
    import tempfile

    from benchmarks.bench import synthetic_register

    places = int(os.environ.get("BENCH_PLACES", "30000"))
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        register = Path(tmp) / "register.csv"
        synthetic_register(places, register)
        timings = compare(root, register, Path(tmp), int(os.environ.get("BENCH_REPEAT", "3")))
    print_comparison(timings, f"{places:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
