"""A ``safeplace`` that starts in milliseconds: the tests' many CLI runs without ~1 s of imports each.

Each ``safeplace`` run the tests make is a new process, as a coordinator's is; most of its CPU
went to importing pandas, Pelican and Folium again. This module is the program of one helper
process per test process: it imports ``pipeline.cli`` once, then for each run forks a child that
IS a fresh ``safeplace`` process in all that the run can see (its own memory, the arguments,
working folder and environment of the run, stdin from /dev/null, stdout and stderr into files,
its exit code; atexit handlers and stream flushes at exit as usual). Only what Python fixes at
start-up (the locale's encodings) comes from the helper, so :func:`support.run_safeplace` uses it
only when the run's environment is the one the helper started with, and otherwise, or with
``SAFEPLACE_TEST_FORK=0``, starts the real console script.

Protocol (one line of JSON each way, on the helper's stdin and stdout): a request
``{"args", "cwd", "env", "stdout", "stderr", "umask", "program"}``; the helper answers ``{"pid"}`` when the child starts
and ``{"status"}`` (the wait status) when it ends.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback


def child(request: dict) -> None:
    """Become the ``safeplace`` run: never returns (SystemExit ends the process as usual)."""
    os.chdir(request["cwd"])
    os.umask(request["umask"])  # the test process's, as a process it started would have
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()  # TZ as the run's environment has it
    for fd, path, flags in (
        (0, os.devnull, os.O_RDONLY),
        (1, request["stdout"], os.O_WRONLY | os.O_TRUNC),
        (2, request["stderr"], os.O_WRONLY | os.O_TRUNC),
    ):
        opened = os.open(path, flags)
        os.dup2(opened, fd)
        os.close(opened)
    sys.argv = [request["program"], *request["args"]]
    from pipeline.cli import main

    try:
        code = main()
    except SystemExit:
        raise
    except BaseException:  # as the interpreter does with an uncaught exception: traceback, 1
        traceback.print_exc()
        code = 1
    raise SystemExit(code)


def serve() -> None:
    """Answer requests until stdin closes (the test process ended)."""
    # as the console script runs: its folder first on sys.path, not this one
    sys.path[0] = os.path.dirname(sys.executable)
    import gc
    import importlib
    import pkgutil

    import pipeline

    # every module a run may load (the CLI imports most of them lazily): loaded once, here
    names = [m.name for m in pkgutil.walk_packages(pipeline.__path__, "pipeline.")]
    for name in [*names, "pelican.generators", "pelican.readers", "pelican.writers"]:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a run that needs it fails as a real start would
            pass
    gc.freeze()  # the children share these pages instead of copying them when they collect

    requests, answers = sys.stdin.buffer, sys.stdout.fileno()
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            child(request)
        os.write(answers, (json.dumps({"pid": pid}) + "\n").encode())
        _, status = os.waitpid(pid, 0)
        os.write(answers, (json.dumps({"status": status}) + "\n").encode())


if __name__ == "__main__":
    serve()
