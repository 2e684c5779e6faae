"""Run independent parts of the build side by side, on a machine with more than one core.

A big register makes the build's work fall into parts that share little:

* the map script, the Leaflet files and the jurisdiction's ZIP centres need no register at all,
  so they are prepared (:func:`start`) while this process reads and checks the register;
* once the register is loaded, the data files (``places.json``, the exports), the open data,
  the place pages and the list pages need only that: they are shared out among as many
  processes as there are cores (:func:`side_by_side`).

The children are forked processes. Fork hands a child the register as it is in memory; only a
part's small result (the ZIP centres, say) travels back, pickled.

Where fork is missing or unsafe (Windows; macOS; a process already running threads, as
``safeplace serve`` does), on one core, or with ``SAFEPLACE_JOBS=1``, every part runs in this
process, in the order given. The output is the same bytes either way. (``SAFEPLACE_JOBS=2``
forks even on one core, which the tests use to exercise the children anywhere.)
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

JOBS_VARIABLE = "SAFEPLACE_JOBS"


class ParallelError(Exception):
    """A part run in a child process failed: the message is the child's error in one line
    (``ValueError: ...``), ``details`` its whole traceback."""

    def __init__(self, details: str):
        self.details = details
        lines = details.strip().splitlines()
        super().__init__(lines[-1] if lines else "a build process failed")


def can_fork() -> bool:
    """Whether parts will really run in child processes here and now.

    ``SAFEPLACE_JOBS=1`` runs everything in this process; ``SAFEPLACE_JOBS=2`` (or more) uses
    child processes even on one core; unset, they are used when there is more than one core.
    """
    jobs = _jobs_asked()
    if jobs == 1:
        return False
    # macOS's system libraries may start threads of their own, which makes fork unsafe there
    # (Python itself stopped forking by default on macOS), so it forks only when asked.
    wanted = (jobs or 0) > 1 or ((os.cpu_count() or 1) > 1 and sys.platform != "darwin")
    return wanted and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _jobs_asked() -> int | None:
    """``SAFEPLACE_JOBS`` as a number, or None when it is unset or not one."""
    jobs = os.environ.get(JOBS_VARIABLE, "").strip()
    return int(jobs) if jobs.isdigit() else None


def _cores() -> int:
    """The cores this process may use."""
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return max(len(usable), 1)


class Pending:
    """A part started by :func:`start`: ``result()`` waits for it and gives what it returned."""

    def __init__(self, part: Callable[[], Any]):
        self._child: Any = None
        self._receiver: Any = None
        self._outcome: tuple[bool, Any] | None = None
        if not can_fork():
            try:
                self._outcome = (True, part())
            except Exception as exc:  # raised again by result(), as a child's would be
                self._outcome = (False, exc)
            return
        context = multiprocessing.get_context("fork")
        sys.stdout.flush()
        sys.stderr.flush()  # a child must not print again what this process had buffered
        self._receiver, sender = context.Pipe(duplex=False)
        self._child = context.Process(target=_run_child, args=(part, sender, os.getpid()), daemon=True)
        self._child.start()
        sender.close()

    def wait(self) -> None:
        """Wait until the part has finished, whatever its outcome."""
        if self._outcome is None:
            self._outcome = self._wait()

    def result(self) -> Any:
        """What the part returned; raises if it failed (a child's failure as ParallelError)."""
        self.wait()
        assert self._outcome is not None
        done, value = self._outcome
        if not done:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the part if it is still running (the build failed and needs it no more)."""
        if self._child is not None and self._outcome is None:
            self._child.terminate()
            self._child.join()
            self._outcome = (False, ParallelError("cancelled"))

    def _wait(self) -> tuple[bool, Any]:
        try:
            ok, value = self._receiver.recv()
        except EOFError:  # the child died without a word (killed, out of memory...)
            ok, value = False, "a build process stopped unexpectedly"
        self._child.join()
        if ok and self._child.exitcode:
            ok, value = False, f"a build process exited with code {self._child.exitcode}"
        return (True, value) if ok else (False, ParallelError(value))


def start(part: Callable[[], Any]) -> Pending:
    """Start ``part()`` in a child process (or, where that is not possible, run it now)."""
    return Pending(part)


def lanes() -> int:
    """How many processes :func:`side_by_side` runs its parts on: ``SAFEPLACE_JOBS`` when it
    is a number above 1, otherwise the cores this process may use; 1 where it cannot fork."""
    if not can_fork():
        return 1
    jobs = _jobs_asked()
    return jobs if jobs is not None and jobs > 1 else _cores()


def side_by_side(*parts: Callable[[], None]) -> None:
    """Run ``parts``, each once, on as many processes as there are :func:`lanes`: this one
    and a child per other lane, each taking the next part no lane has taken yet (in the
    order given: the longest first balances the lanes best), until none is left. Raises if
    any part failed.

    No more processes than cores: every forked process copies, page by page, the memory of
    the build it touches (a big register's, hundreds of MB), and processes beyond the cores
    only wait for one another. A part started in a child each, six on two cores, cost a 30,000-place
    build a third more CPU time than these two lanes (docs/performance.md).

    A lane whose part fails takes the parts left, so that the others stop after their
    current one; every child is waited for, even when this process's own part fails, so no
    child is left writing into a directory that is about to be removed.
    """
    count = min(lanes(), len(parts))
    if count <= 1:
        for part in parts:
            part()
        return
    if len(parts) > 255:
        raise ValueError("side_by_side takes at most 255 parts")
    # The queue: a pipe holding each part's number as one byte. A read of one byte from a
    # pipe is atomic, so each number goes to exactly one lane; the end of the pipe, read
    # when every part is taken, ends each lane.
    queue, feeder = os.pipe()
    try:
        os.write(feeder, bytes(range(len(parts))))
    finally:
        os.close(feeder)

    def lane() -> None:
        while taken := os.read(queue, 1):
            try:
                parts[taken[0]]()
            except BaseException:
                while os.read(queue, 256):  # the rest is nobody's: the other lanes stop
                    pass
                raise

    try:
        children = [start(lane) for _ in range(count - 1)]
        try:
            lane()
        finally:
            for child in children:
                child.wait()
        for child in children:
            child.result()
    finally:
        os.close(queue)


def _die_with_parent(parent: int) -> None:
    """On Linux, ask the kernel to kill this child when the build process dies (``kill -9``
    included), so no child goes on writing into a folder the next build removes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _run_child(part: Callable[[], Any], sender, parent: int | None = None) -> None:
    if parent is not None:
        _die_with_parent(parent)
    try:
        outcome = (True, part())
    except BaseException:  # reported to the parent, which fails the build
        outcome = (False, traceback.format_exc())
    sender.send(outcome)
    sender.close()
