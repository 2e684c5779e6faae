"""Build the site atomically: all of it, from valid data, or nothing at all.

Pelican writes into a fresh directory beside the target; only when the whole build succeeded is
that directory swapped in. A failed build (bad register, template error, plugin error, any
warning or error Pelican merely logs, a static file copied short on a full disk) leaves the
previous output exactly as it was.

The build never destroys what it did not make:

- the target must be a folder an earlier build made (it holds the marker file
  ``.safeplace-build``), an empty folder, or nothing yet; it must not be, or contain, the
  project, ``content/``, ``data/``, ``theme/`` or the settings file. Otherwise the build stops
  before touching anything.
- one build at a time per target: a lock file beside it (``.<name>.lock``, ``flock``); a second
  build waits for it (``SAFEPLACE_LOCK_WAIT`` seconds), then gives up with one line.
- a build killed half-way leaves ``.<name>-building-*`` / ``.<name>-previous-*`` folders
  beside the target; the next build removes them (and puts back a previous site that a crash
  left in ``-previous-`` with no target).
- the swap is one ``renameat2(RENAME_EXCHANGE)`` on Linux: the target path names the old site,
  then the new one, never nothing. Elsewhere (or on a filesystem without it) two renames, and
  the crash window between them is closed by the recovery above. The target stays a real
  folder (no symlink), so ``rsync -a output/`` and every static host see plain files.
- the output is world-readable (folders 0755, files 0644), whatever the umask.
- a big register's replaced site is kept as a spare (``.<name>-spare-*``: its place pages
  only) for the next build to write into (:mod:`pipeline.site.spare`).

Success also means *enough* of a site: a register that would publish no places, or under
``SAFEPLACE_MIN_SHARE`` of the places the current site lists, stops the build unless the
coordinator passes ``--allow-shrink``. With no previous output (a fresh CI runner, a host that
builds from the repository) the count comes from the register at the last published commit
(:func:`published_count`).
"""

from __future__ import annotations

import ctypes
import errno
import gc
import json
import logging
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: msvcrt's byte-range lock instead
    fcntl = None  # type: ignore[assignment]
    import msvcrt

from pipeline.register.problems import Problem, RegisterError
from pipeline.settings import setting
from pipeline.site import parallel
from pipeline.site import spare as spare_pages
from pipeline.site.pagecheck import UnsafePageError
from pipeline.site.placefolders import readable_folders

PLUGIN = "pipeline.site.plugin"
MARKER = spare_pages.MARKER  # ".safeplace-build", written into every output this build makes
MARKER_NOTE = "Made by 'safeplace build'; the next build replaces this whole folder."


class BuildError(Exception):
    """The build failed; ``problems`` holds register problems, ``str()`` a summary.

    ``outcome`` says, in words, what became of the output (for the one-line message)."""

    def __init__(
        self,
        message: str,
        problems: list[Problem] | list[str] | None = None,  # a register's, or plain lines
        outcome: str = "The previous output was left as it was.",
    ):
        self.problems = problems or []
        self.outcome = outcome
        self.warnings: list[Problem] = []  # the register's, when it was read before the failure
        super().__init__(message)


@dataclass(frozen=True)
class BuildResult:
    output: Path
    published: int
    warnings: tuple[Problem, ...] = ()


def _named_as_given(problems, loaded: str, given: str) -> list[Problem]:
    """Problems naming the register as the coordinator named it (``validate`` does so), not
    by the absolute path the build loads it from."""
    return [replace(p, file=given) if p.file == loaded else p for p in problems]


def read_settings(settings_file: str | Path, overrides: dict | None = None) -> dict:
    from pelican.settings import read_settings as pelican_read_settings

    settings_log = logging.getLogger("pelican.settings")
    if _LOCALE not in settings_log.filters:
        settings_log.addFilter(_LOCALE)
    _LOCALE.seen = False
    return pelican_read_settings(str(settings_file), override=overrides or {})


class _Warnings(logging.Handler):
    """Pelican's warnings and errors, kept to name the first one in the build's message (a
    forked part of the build prints its own: only its exception reaches this process)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.owner = os.getpid()

    def emit(self, record):
        try:
            self.messages.append(" ".join(record.getMessage().split()))
        except Exception:  # a record that cannot be formatted is still a warning
            self.messages.append(str(record.msg))
        if os.getpid() != self.owner:
            print(f"warning: {self.messages[-1][:300]}", file=sys.stderr)


_WARNINGS = _Warnings()


class _LocaleMissing(logging.Filter):
    """Pelican's "Locale could not be set" (``LANG=de_DE.UTF-8`` on a machine without that
    locale) is not a reason to stop: the site's dates and words come from its own strings.
    The record is dropped (so it is not fatal) and named once, in one line."""

    def __init__(self):
        super().__init__()
        self.seen = False

    def filter(self, record):
        if str(record.msg).startswith("Locale could not be set"):
            self.seen = True
            return False
        return True


_LOCALE = _LocaleMissing()


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def build_site(
    settings_file: str | Path = "pelicanconf.py",
    data: str | Path | None = None,
    output: str | Path | None = None,
    allow_shrink: bool = False,
) -> BuildResult:
    """Validate the register and build the whole site into ``output``, atomically.

    The register's warnings (rows not published) come back in ``BuildResult.warnings`` or
    ``BuildError.warnings``, for the command to print exactly as ``validate`` does."""
    from pelican import log as pelican_log

    fatal = pelican_log.FatalLogger.fatal_lvl
    try:
        return _build_site(settings_file, data, output, allow_shrink)
    finally:  # warnings are fatal for the build only, not for what the process does next
        pelican_log.FatalLogger.fatal_lvl = fatal


def _build_site(settings_file, data, output, allow_shrink: bool) -> BuildResult:
    from pelican import log as pelican_log

    # Any warning or error Pelican logs (a plugin that fails to register, a broken template, a
    # static file it could not copy) becomes an exception: Pelican itself would log and exit 0.
    pelican_log.init(level=logging.WARNING, fatal="warnings", handler=_WARNINGS)
    if _WARNINGS not in logging.getLogger().handlers:  # logging was set up before this build
        logging.getLogger().addHandler(_WARNINGS)
    pelican_log.LimitFilter._raised_messages.clear()  # `serve` builds again: warn again
    _WARNINGS.messages.clear()
    _WARNINGS.owner = os.getpid()

    overrides = {}
    if data is not None:
        overrides["SAFEPLACE_DATA"] = str(Path(data).resolve())
    try:
        settings = read_settings(settings_file, overrides)
    except Exception as exc:  # a missing or broken settings file: say which, in one line
        raise BuildError(
            f"cannot use the settings file {settings_file}: {type(exc).__name__}: {exc}",
            outcome="Nothing was touched.",
        ) from exc
    if _LOCALE.seen:
        wanted = os.environ.get("LC_ALL") or os.environ.get("LANG") or "the LOCALE setting"
        _say(f"note: this system has no locale {wanted}; building with the default one")
    register_name = str(data) if data is not None else str(setting(settings, "SAFEPLACE_DATA"))
    settings["SAFEPLACE_WARNINGS"] = []  # the register's warnings, filled by the plugin
    settings["SAFEPLACE_SETTINGS"] = str(Path(settings_file).resolve())  # never copied into a site
    target = _resolve_target(output if output is not None else setting(settings, "OUTPUT_PATH"))
    check_target(target, settings, settings_file)
    try:
        return _build_locked(settings, settings_file, target, allow_shrink, register_name)
    except BuildError as exc:
        exc.warnings = _named_as_given(
            settings["SAFEPLACE_WARNINGS"], str(setting(settings, "SAFEPLACE_DATA")), register_name
        )
        raise


def _build_locked(
    settings: dict, settings_file, target: Path, allow_shrink: bool, register_name: str
) -> BuildResult:
    """The build itself, under the target's lock; any failure is a :class:`BuildError`."""
    from pelican import Pelican, signals

    with _locked(target, float(setting(settings, "SAFEPLACE_LOCK_WAIT"))):
        spare = _clear_leftovers(target)
        settings["SAFEPLACE_SPARE_PAGES"] = str(spare) if spare else None
        previous = previous_count(target)
        kept = (
            "The previous output was left as it was."
            if previous is not None or _nonempty_dir(target)
            else "Nothing was published."
        )
        baseline = "it now lists"
        if previous is None:  # a fresh runner, a host that builds from the repository
            previous, ref = published_count(settings)
            baseline = f"the register at {ref} lists"
        try:
            staging = _make_dir(target.parent, f".{target.name}-building-")
        except OSError as exc:
            raise BuildError(
                f"cannot write beside {target}: {exc.strerror or exc}", outcome="Nothing was touched."
            ) from None
        # A big register's place folders are made from now on, beside the rest of the start
        # (loading the program's modules, reading the register): the plugin takes them over.
        folders = _start_place_folders(settings, staging)
        settings["SAFEPLACE_PLACE_FOLDERS"] = folders
        published: list[int] = []  # read from the context the generators share
        statics: list = []

        def keep_count(generators):
            published.extend(g.context["SAFEPLACE_COUNT"] for g in generators[:1])

        def keep_statics(generator):
            statics.extend(getattr(generator, "staticfiles", []))

        signals.all_generators_finalized.connect(keep_count)
        signals.static_generator_finalized.connect(keep_statics)
        # Checked as soon as the register is read (the plugin calls it), not after the whole
        # site is written: a register that would empty the site is refused in a second.
        settings["SAFEPLACE_COUNT_CHECK"] = lambda count: check_share(
            count, previous, settings, allow_shrink, baseline
        )
        try:
            settings["OUTPUT_PATH"] = str(staging)
            site = Pelican(settings)
            if PLUGIN not in setting(site.settings, "PLUGINS"):
                raise BuildError(
                    f"the {PLUGIN} plugin is not registered: check PLUGINS in {settings_file}", outcome=kept
                )
            with _paused_gc():
                site.run()
            if not (staging / "find" / "index.html").exists() or not published:
                raise BuildError("the build finished without the find page", outcome=kept)
            verify_static_copies(settings, staging, statics)
            write_marker(staging, published[0])  # after every page: see pipeline.site.spare
            make_world_readable(staging, skip=readable_folders(site.settings))
            keep_spare = spare_pages.SUPPORTED and published[0] > int(
                setting(settings, "SAFEPLACE_SPARE_PAGES_ABOVE")
            )
            _swap(staging, target, shaped=readable_folders(site.settings), keep_spare=keep_spare)
        except RegisterError as exc:
            problems = _named_as_given(exc.problems, str(setting(settings, "SAFEPLACE_DATA")), register_name)
            errors = sum(not p.warning for p in problems)  # counted as `validate` counts them
            raise BuildError(
                f"{errors} error(s) in the register: it cannot be published", problems, outcome=kept
            ) from None
        except UnsafePageError as exc:
            raise BuildError(
                f"{len(exc.problems)} {exc.summary} in the pages", exc.problems, outcome=kept
            ) from None
        except BuildError as exc:
            exc.outcome = kept
            raise
        except OSError as exc:  # a full disk, a folder that cannot be written
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            raise BuildError(f"could not write the site: {exc.strerror or exc}{where}", outcome=kept) from exc
        except Exception as exc:  # any Pelican/template/plugin failure
            if _WARNINGS.messages:
                raise BuildError(f"Pelican reported: {_WARNINGS.messages[0][:300]}", outcome=kept) from exc
            raise BuildError(f"build failed: {exc}", outcome=kept) from exc
        finally:
            signals.all_generators_finalized.disconnect(keep_count)
            signals.static_generator_finalized.disconnect(keep_statics)
            if folders is not None:  # a build that failed early: no child left making folders
                folders.cancel()
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
            if spare is not None:  # what this build did not take from it
                shutil.rmtree(spare, ignore_errors=True)
    return BuildResult(
        target,
        published[0],
        tuple(
            _named_as_given(
                settings["SAFEPLACE_WARNINGS"], str(setting(settings, "SAFEPLACE_DATA")), register_name
            )
        ),
    )


def _start_place_folders(settings: dict, staging: Path):
    """Start making the place pages' folders in ``staging``, in a child process
    (:func:`pipeline.site.placefolders.make_folders`, from the ids of the rows marked approved): the
    pending part, or None where nothing is forked (one core, no fork) or a spare will give
    the folders (:mod:`pipeline.site.spare`). Creating tens of thousands of folders is most of
    a big register's cost to the kernel, and at this point the build's other core is idle."""
    if settings.get("SAFEPLACE_SPARE_PAGES") or not parallel.can_fork():
        return None
    from pipeline.register.table import approved_ids
    from pipeline.site.placefolders import make_folders

    data = Path(str(setting(settings, "SAFEPLACE_DATA")))
    return parallel.start(lambda: make_folders(staging, settings, approved_ids(data)))


# --- where the build may write ----------------------------------------------------------------


def _resolve_target(output: str | Path) -> Path:
    try:
        return Path(output).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop on the way
        raise BuildError(
            f"cannot use the output folder {output}: {exc}", outcome="Nothing was touched."
        ) from None


def _nonempty_dir(path: Path) -> bool:
    try:
        return path.is_dir() and any(path.iterdir())
    except OSError:
        return True


def _protected(settings: dict, settings_file: str | Path) -> list[tuple[str, Path]]:
    """What the build must never replace or write into, by name."""
    settings_path = Path(settings_file).resolve()
    named = [
        ("the project", settings_path.parent),
        ("the settings file", settings_path),
        ("content/", Path(setting(settings, "PATH"))),
        ("theme/", Path(setting(settings, "THEME"))),
    ]
    for key in ("SAFEPLACE_DATA", "SAFEPLACE_BOUNDARY"):
        if settings.get(key):
            data = Path(settings[key])
            named += [(f"the data folder ({data.parent.name}/)", data.parent), (data.name, data)]
    out = []
    for label, path in named:
        try:
            out.append((label, path.resolve()))
        except (OSError, RuntimeError):
            continue
    return out


def check_target(target: Path, settings: dict, settings_file: str | Path) -> None:
    """Refuse, in one line and before anything is touched, a target the build did not make."""
    untouched = "Nothing was touched."
    project = Path(settings_file).resolve().parent
    for label, path in _protected(settings, settings_file):
        if target == path or target in path.parents:
            what = "is" if target == path else "contains"
            raise BuildError(
                f"the output folder {target} {what} {label}: choose another "
                f"--output (the default is output/)",
                outcome=untouched,
            )
        if label in ("content/", "theme/") and path in target.parents:
            raise BuildError(
                f"the output folder {target} is inside {label}: Pelican would read "
                f"the site back as content; choose another --output",
                outcome=untouched,
            )
    for label, path in _protected(settings, settings_file):
        if (
            label.startswith("the data folder") and path in target.parents and project in path.parents
        ):  # the project's data/ folder
            raise BuildError(
                f"the output folder {target} is inside {label}, which holds the "
                f"private register: choose another --output",
                outcome=untouched,
            )
    parent = target.parent
    if parent.exists() and not parent.is_dir():
        raise BuildError(
            f"cannot use the output folder {target}: {parent} is a file, not a folder", outcome=untouched
        )
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise BuildError(
            f"the output {target} exists and is not a folder a build made: "
            f"move it away or choose another --output",
            outcome=untouched,
        )
    if target.is_dir() and not (target / MARKER).is_file() and _nonempty_dir(target):
        if all((target / name).exists() for name in ("find/index.html", "_headers", "sitemap.xml")):
            hint = "it looks like a site built before builds were marked: if so, delete it and build again"
        else:
            hint = "move it away or choose another --output"
        raise BuildError(
            f"the output folder {target} exists and was not made by "
            f"'safeplace build' (no {MARKER} file in it): {hint}",
            outcome=untouched,
        )


def previous_count(target: Path) -> int | None:
    """How many places the site now in ``target`` lists (from its marker), or None."""
    try:
        return int(json.loads((target / MARKER).read_text(encoding="utf-8"))["places"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_marker(staging: Path, places: int) -> None:
    text = json.dumps({"note": MARKER_NOTE, "places": places}, indent=1) + "\n"
    (staging / MARKER).write_text(text, encoding="utf-8")


def published_count(settings: dict) -> tuple[int | None, str]:
    """(places, revision): how many places the register lists at the last published commit,
    for a build with no previous output to compare with.

    The revision is ``SAFEPLACE_BASE`` (the Publish workflow sets the commit before the
    push), else what ``safeplace report`` compares with: the pull request's base branch,
    ``origin/main``, ``main``, ``HEAD``. (None, "") when there is no such commit or register
    (not a git repository, a new register): nothing to compare with."""
    from pipeline.coordinators.published import approved_count

    return approved_count(Path(setting(settings, "SAFEPLACE_DATA")))


def check_share(
    count: int, previous: int | None, settings: dict, allow_shrink: bool, where: str = "it now lists"
) -> None:
    """Stop a build that would publish nothing, or far fewer places than the site it replaces
    (``where`` says what the ``previous`` count is: the site now, or the published register)."""
    if allow_shrink:
        return
    share = float(setting(settings, "SAFEPLACE_MIN_SHARE"))
    if count == 0:
        raise BuildError(
            "the register has no approved places, so the site would list none; "
            "if that is intended, build again with --allow-shrink"
        )
    if previous and count < share * previous:
        raise BuildError(
            f"the site would list {count} place(s) where {where} {previous} "
            f"(under {share:.0%}); check the register's status column, or build "
            f"again with --allow-shrink if that is intended"
        )


# --- the whole site, readable by all -----------------------------------------------------------


def verify_static_copies(settings: dict, staging: Path, statics: list) -> None:
    """Every file Pelican copied is there, and as long as its source (a full disk leaves
    short or empty copies, and Pelican only logs a warning); the theme's scripts and style
    sheets as long as their minified text (:mod:`pipeline.site.minify`)."""
    from pipeline.site.minify import minified, theme_files

    pairs = theme_files(settings, staging)
    wanted = {}
    for source, _ in pairs:
        small = minified(source)
        wanted[source] = len(small) if small is not None else source.stat().st_size
    for static in statics:
        source = Path(setting(settings, "PATH")) / static.source_path
        pairs.append((source, staging / static.save_as))
        wanted.setdefault(source, source.stat().st_size)
    for source, copy in pairs:
        if not copy.is_file() or copy.stat().st_size != wanted[source]:
            raise BuildError(f"{copy.relative_to(staging)} was not copied whole from {source} (disk full?)")


def make_world_readable(root: Path, skip: list[str] | tuple[str, ...] = ()) -> None:
    """Folders 0755, files 0644: a web server running as another user can read the site, and
    ``rsync -a`` carries these modes to the web root (``mkdtemp`` makes 0700). The folders
    ``skip`` names (relative to ``root``) were written with these modes already (a big
    register's place pages: tens of thousands of files) and are left as they are."""
    os.chmod(root, 0o755)
    skipped = {os.path.join(str(root), *name.split("/")) for name in skip}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if os.path.join(folder, name) not in skipped]
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755, follow_symlinks=False)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


@contextmanager
def _paused_gc():
    """Pause Python's cyclic garbage collector while Pelican runs.

    A big register means about a million objects (cells, records, list items) that all live
    until the build ends; the collector would scan them again and again for cycles that are
    not there (about a tenth of the build time for 30,000 places). It runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- one build at a time, leftovers, the swap --------------------------------------------------


@contextmanager
def _locked(target: Path, wait: float):
    """Hold ``.<name>.lock`` beside the target (``flock``: released by the kernel if the
    build is killed). Waits up to ``wait`` seconds for another build, then refuses."""
    lock_path = target.parent / f".{target.name}.lock"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildError(
            f"cannot write beside {target}: {exc.strerror or exc}", outcome="Nothing was touched."
        ) from None
    try:
        deadline, told = time.monotonic() + wait, False
        while True:
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                else:
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                break
            except (BlockingIOError, PermissionError):
                if time.monotonic() >= deadline:
                    raise BuildError(
                        f"another build of {target} is still running (it holds "
                        f"{lock_path}); try again when it has finished",
                        outcome="Nothing was touched.",
                    ) from None
                if not told:
                    _say(f"Waiting for another build of {target} to finish...")
                    told = True
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # releases the lock


def _leftovers(target: Path) -> list[Path]:
    pattern = re.compile(rf"\.{re.escape(target.name)}-(?:building|previous|spare)-[A-Za-z0-9_]{{8}}")
    try:
        return sorted(
            p
            for p in target.parent.iterdir()
            if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink()
        )
    except OSError:
        return []


def _clear_leftovers(target: Path) -> Path | None:
    """Folders killed builds left beside the target: a previous site a crash took away from
    the target goes back; the rest is removed. The newest spare (:mod:`pipeline.site.spare`)
    is kept and returned, for this build to write into. Runs under the lock."""
    found = _leftovers(target)
    stamps = {p: spare_pages.stamp_of(p) for p in found if "-spare-" in p.name}
    usable = {p: stamp for p, stamp in stamps.items() if stamp is not None}
    kept = max(usable, key=usable.__getitem__, default=None)
    for path in (p for p in stamps if p != kept):
        shutil.rmtree(path, ignore_errors=True)
    leftovers = [p for p in found if "-spare-" not in p.name]
    if not os.path.lexists(target):
        retired = [p for p in leftovers if "-previous-" in p.name and (p / MARKER).is_file()]
        if retired:
            newest = max(retired, key=lambda p: p.stat().st_mtime)
            os.rename(newest, target)
            _say(f"Put back the site an interrupted build had moved aside: {target}")
            leftovers.remove(newest)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)
    if leftovers:
        _say(f"Removed {len(leftovers)} folder(s) left beside {target} by interrupted builds.")
    return kept


def _make_dir(parent: Path, prefix: str) -> Path:
    path = parent / f"{prefix}{secrets.token_hex(4)}"
    path.mkdir(mode=0o755)
    return path


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # glibc before 2.28, musl
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # a filesystem that cannot exchange: two renames instead
    raise OSError(code, os.strerror(code), str(b))


def _swap(
    staging: Path, target: Path, exchange: bool = True, shaped: Iterable[str] = (), keep_spare: bool = False
) -> None:
    """Put ``staging`` in place of ``target``; the target path is never missing a site
    (with the exchange) or only between two renames that the next build repairs. The old
    site is then removed (:func:`remove_old_site`; ``shaped``: its place-page folders), or,
    with ``keep_spare``, kept as the next build's spare (:mod:`pipeline.site.spare`)."""
    if not os.path.lexists(target):
        os.rename(staging, target)
        return
    if exchange and _exchange(staging, target):
        _retire(staging, target, list(shaped), keep_spare)  # now the old site; a leftover if killed
        return
    retired = target.parent / f".{target.name}-previous-{secrets.token_hex(4)}"
    os.rename(target, retired)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(retired, target)  # the previous site goes back: the message stays true
        raise
    _retire(retired, target, list(shaped), keep_spare)


def _retire(old: Path, target: Path, shaped: list[str], keep_spare: bool) -> None:
    spare = target.parent / f".{target.name}-spare-{secrets.token_hex(4)}"
    if not (keep_spare and spare_pages.keep(old, spare, shaped)):
        remove_old_site(old, shaped)


_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)


def remove_old_site(old: Path, shaped: Iterable[str] = ()) -> None:
    """Remove the site a swap retired: a folder this build's swap took out of the target
    (it holds the previous build's marker), never anything beside it. Its place pages, tens of
    thousands of ``<id>/index.html``, go first by their shape, two calls each relative to
    their folder (``shaped``: ``places``, ``es/places``), where ``shutil.rmtree`` spends about
    twice the time checking each one (issue 25: a rebuild within 2x). A folder of any other
    shape, and everything else, goes by ``shutil.rmtree``, which follows no symlink."""
    if os.supports_dir_fd >= {os.open, os.unlink, os.rmdir} and os.scandir in os.supports_fd:
        for folder in shaped:
            _remove_page_folders(old / folder)
    shutil.rmtree(old, ignore_errors=True)


def _remove_page_folders(root: Path) -> None:
    """Remove ``root/<id>/index.html`` and ``root/<id>/`` where that is all a folder holds.
    Folders are opened without following symlinks, so nothing outside ``root`` is touched;
    a folder holding anything else stays for ``shutil.rmtree``."""
    try:
        fd = os.open(root, _FOLDER)
    except OSError:
        return  # no such folder (a site without place pages), or a symlink: rmtree's to judge
    try:
        with os.scandir(fd) as entries:
            names = [e.name for e in entries if e.is_dir(follow_symlinks=False)]
        for name in names:
            try:
                sub = os.open(name, _FOLDER, dir_fd=fd)
            except OSError:
                continue
            try:
                os.unlink("index.html", dir_fd=sub)
            except OSError:
                pass
            finally:
                os.close(sub)
            try:
                os.rmdir(name, dir_fd=fd)
            except OSError:
                pass  # not empty: something else is in it, rmtree's to remove
    finally:
        os.close(fd)
