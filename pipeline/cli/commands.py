"""The ``safeplace`` command: what coordinators and CI run.

Exit codes are the same for every subcommand: 0 success (warnings may be printed), 1 the data or
the build has problems (each printed as ``FILE:ROW: COLUMN: message``), 2 wrong usage. Whatever
goes wrong that a coordinator can meet (run outside the project folder, a missing file, a service
that is down) is answered in one line, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import os
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.register.problems import RegisterError
from pipeline.settings import MissingSetting, setting
from pipeline.site.build import BuildError, build_site, read_settings

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class Refusal(Exception):
    """A one-line answer for the coordinator, and the exit status that goes with it."""

    def __init__(self, message: str, status: int = EXIT_PROBLEMS):
        self.status = status
        super().__init__(message)


def settings_of(path: str) -> dict:
    """The settings, or a one-line Refusal when there are none here (outside the project folder),
    or the file is no Python settings file, or it fails when it runs.

    Pelican's own notes on settings it lacks (feeds, time zone) are not printed: a file that
    lacks Safe Place's settings is answered by the one line naming what it lacks."""
    import logging

    if not Path(path).is_file():
        raise Refusal(
            f"safeplace: cannot use the settings file {path}: FileNotFoundError: there "
            "is no such file here; run safeplace in the project folder (the one with "
            "pelicanconf.py), or name the settings file with --settings"
        )
    if Path(path).suffix != ".py":
        raise Refusal(
            f"safeplace: cannot use the settings file {path}: it is not a Python settings "
            "file (.py, such as pelicanconf.py or publishconf.py)"
        )
    notes = logging.getLogger("pelican.settings")
    level = notes.level
    notes.setLevel(logging.ERROR)
    try:
        return read_settings(path)
    except Exception as exc:  # a broken settings file: say which, in one line
        detail = " ".join(str(exc).split())[:300]
        raise Refusal(
            f"safeplace: cannot use the settings file {path}: {type(exc).__name__}: {detail}"
        ) from None
    finally:
        notes.setLevel(level)


def existing_file(path: str | Path, what: str) -> Path:
    """``path`` when it is a file to read; otherwise one line, as register problems are written."""
    path = Path(path)
    if path.is_file():
        try:
            with open(path, "rb"):
                return path
        except OSError as exc:  # no permission to read it
            raise Refusal(f"{path}:0: -: cannot read {what}: {exc.strerror or exc}") from None
    why = (
        "is a folder, not a file"
        if path.is_dir()
        else "not a file (a device or a pipe?)"
        if path.exists()
        else "no such file"
    )
    raise Refusal(f"{path}:0: -: cannot read {what}: {why}")


def outside_the_site(path: Path, settings: dict, what: str) -> None:
    """Refuse, in one line, to write a file holding private data (contacts, notes, vetting
    dates) into the output folder, where the next deploy would publish it."""
    output = Path(setting(settings, "OUTPUT_PATH") or "output")
    try:
        target, site = path.resolve(), output.resolve()
    except (OSError, RuntimeError):
        return
    if target == site or site in target.parents:
        raise Refusal(
            f"safeplace: {what} {path} is inside the site's output folder {output}, "
            "which is published: it holds private data; write it elsewhere "
            "(for example reports/ or your documents)"
        )


def print_problems(problems) -> None:
    """Each problem on its line: file, row, column, message, and the place the row holds."""
    for problem in problems:
        print(problem.located() if hasattr(problem, "located") else problem, file=sys.stderr)


def _settings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--settings", default="pelicanconf.py", help="Pelican settings file (default: pelicanconf.py)"
    )


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="the register CSV (default: SAFEPLACE_DATA in the settings)")


def _shrink_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-shrink",
        action="store_true",
        help="publish even if the site would list no places, or under "
        "SAFEPLACE_MIN_SHARE of the places it lists now",
    )


def rules(settings: dict) -> dict:
    """The register's rules as the settings give them (:func:`rules_from_settings`, as the build
    reads them), or a one-line Refusal.

    Hours are checked for the days the site publishes: the settings' calendar (in the rules)."""
    from pipeline.register.rules import rules_from_settings  # the register's modules load pandas

    try:
        return rules_from_settings(settings)
    except KeyError as exc:
        raise Refusal(missing(exc)) from None
    except (OSError, ValueError) as exc:  # the boundary file missing or not GeoJSON
        raise Refusal(
            f"safeplace: cannot read the boundary {setting(settings, 'SAFEPLACE_BOUNDARY')}: {exc}"
        ) from None


def missing(exc: KeyError) -> str:
    """A setting the settings file lacks, in one line."""
    return f"safeplace: the settings have no {exc.args[0]}: is this Safe Place's settings file?"


def load_from_settings(settings: dict, data: str | None, since_published: bool = False):
    """The validated register, with the boundary, categories and state the settings name.

    ``since_published``: also refuse a "?" where the last published register (git) had a
    letter, as the build does (coordinators/published.py)."""
    from pipeline.coordinators.published import published_rows
    from pipeline.register.checks import load_register

    path = data or setting(settings, "SAFEPLACE_DATA")
    published = partial(published_rows, Path(path)) if since_published else None
    return load_register(path, **rules(settings), published=published)


def cmd_validate(args) -> int:
    from pipeline.coordinators import github

    settings = settings_of(args.settings)
    path = existing_file(args.data or setting(settings, "SAFEPLACE_DATA"), "the register")
    register, problems = None, []
    try:
        register = load_from_settings(settings, args.data, since_published=True)
        problems = register.warnings
    except RegisterError as exc:
        problems = exc.problems
    comparison = _compare_with_base(path, settings) if github.in_actions() else None
    if comparison and comparison[3]:  # letters lost since the pull request's base, any row
        lost = {(p.row, p.column) for p in comparison[3]}
        register = None
        problems = comparison[3] + [p for p in problems if (p.row, p.column) not in lost]
    print_problems(problems)
    counts: dict[str, int] = {}
    for entry in register.entries if register else []:
        counts[entry.participant.status] = counts.get(entry.participant.status, 0) + 1
    if register is None:
        errors = sum(not p.warning for p in problems)
        print(f"{errors} error(s): the register cannot be published.", file=sys.stderr)
    else:
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        print(f"{register.path}: valid ({summary}); {len(register.published)} will be published.")
    if comparison:
        _tell_github(path, register, problems, counts, comparison)
    return EXIT_PROBLEMS if register is None else EXIT_OK


def _compare_with_base(path: Path, settings: dict):
    """(changes, the register's view, note, letters lost) against the pull request's base:
    the rows that pass the rules are compared, even when others have errors."""
    from pipeline.coordinators import github
    from pipeline.coordinators.report import GitError, compare, register_at, view_of_bytes

    current = view_of_bytes(path.read_bytes(), str(path), **rules(settings))
    try:
        ref, old = register_at(os.environ.get("SAFEPLACE_BASE") or None, path)
    except GitError as exc:
        return None, current, f"No comparison with the published register: {exc}", []
    baseline = None if old is None else view_of_bytes(old, str(path), **rules(settings))
    changes = compare(current, baseline, ref if old is not None else "")
    return changes, current, "", github.lost_letter_problems(str(path), changes, current)


def _tell_github(path: Path, register, problems, counts, comparison) -> None:
    """Annotations on the register's lines and the step summary, with the changes for the public."""
    from pipeline.coordinators import github

    changes, current, note, _ = comparison
    file = github.workspace_path(path)
    touched = {current.rows[i] for i in changes.touched if i in current.rows} if changes else set()
    for line in github.workflow_commands(
        problems, file, github.record_lines(path.read_bytes(), str(path)), touched
    ):
        github.emit(line)  # our own commands, past the guard on plain lines
    from pipeline.coordinators.report import without_holiday_rule

    github.write_summary(
        github.summary(
            file,
            problems,
            counts,
            len(register.published) if register else None,
            changes,
            note,
            no_holiday_rule=len(without_holiday_rule(register.published)) if register else None,
        )
    )


def cmd_build(args) -> int:
    settings = settings_of(args.settings)
    existing_file(args.data or setting(settings, "SAFEPLACE_DATA"), "the register")
    if setting(settings, "SAFEPLACE_PUBLISH"):
        from pipeline.coordinators.publishing import OVERRIDE, placeholders

        found = placeholders(settings)
        staging = (
            args.allow_placeholders
            or os.environ.get(OVERRIDE) == "1"
            or setting(settings, "SAFEPLACE_STAGING")
        )
        if found and not staging:
            for line in found:
                print(f"{args.settings}: {line}", file=sys.stderr)
            print(
                f"Not published: {len(found)} placeholder(s) still in the site. Fix them, or build "
                f"anyway with {OVERRIDE}=1 or SAFEPLACE_STAGING = True (a staging copy, never the "
                "public site).",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
    try:
        result = build_site(
            args.settings,
            data=args.data,
            output=args.output,
            allow_shrink=getattr(args, "allow_shrink", False),
        )
    except BuildError as exc:  # a register's problems include its warnings, as in validate;
        print_problems(exc.problems)  # any other failure stays one line
        print(f"Build stopped: {exc}. {exc.outcome}", file=sys.stderr)
        return EXIT_PROBLEMS
    print_problems(result.warnings)  # the same lines `validate` prints; never a failure
    print(f"Built {result.output} with {result.published} published Safe Place(s).")
    if args.func is cmd_build:  # the command ends here (`serve` goes on building: not there)
        # The build's objects are cyclic garbage now: collecting them as the process exits
        # takes a big register's build a quarter of a second that frees nothing the system
        # would not free. Frozen, the collector leaves them to the exit.
        gc.freeze()
    return EXIT_OK


def _snapshot(paths: list[Path]) -> tuple:
    stamps = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        stamps += [(str(f), f.stat().st_mtime_ns) for f in files if f.exists()]
    return tuple(stamps)


def cmd_serve(args) -> int:
    """Build, serve on 127.0.0.1, and rebuild whenever content, data, theme or settings change."""
    settings = settings_of(args.settings)
    output = Path(args.output or setting(settings, "OUTPUT_PATH")).resolve()
    watched = [
        Path(setting(settings, "PATH")),
        Path(setting(settings, "THEME")),
        Path(args.settings),
        Path(args.data or setting(settings, "SAFEPLACE_DATA")),
        Path(setting(settings, "SAFEPLACE_BOUNDARY")),
    ]
    cmd_build(args)
    handler = partial(SimpleHTTPRequestHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Previewing at http://127.0.0.1:{args.port}/ (Ctrl+C to stop; rebuilds on change)")
    seen = _snapshot(watched)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(watched)
            if now != seen:
                seen = now
                cmd_build(args)
    except KeyboardInterrupt:
        server.shutdown()
    return EXIT_OK


def cmd_report(args) -> int:
    from datetime import date

    from pipeline.coordinators.report import (
        GitError,
        build_report,
        print_report,
        register_at,
        view_of_bytes,
        write_html,
    )

    settings = settings_of(args.settings)
    existing_file(args.data or setting(settings, "SAFEPLACE_DATA"), "the register")
    outside_the_site(Path(args.html), settings, "--html")
    if Path(args.html).is_dir():
        raise Refusal(
            f"report: --html {args.html} is a folder: name the report's file "
            f"(for example {Path(args.html) / 'register-report.html'})"
        )
    try:
        register = load_from_settings(settings, args.data)
    except RegisterError as exc:
        print_problems(exc.problems)
        print("The register has errors: fix them first (safeplace validate).", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        ref, old = register_at(args.against, register.path)
    except GitError as exc:
        if args.against:
            raise Refusal(f"report: {exc}") from None
        print(f"report: {exc}; showing the register alone", file=sys.stderr)
        ref, old = "", None
    baseline = None if old is None else view_of_bytes(old, str(register.path), **rules(settings))
    current = view_of_bytes(register.path.read_bytes(), str(register.path), **rules(settings))
    report = build_report(register, date.today(), baseline, ref if old is not None else "", current)
    print_report(report)
    html = write_html(report, Path(args.html))
    print(f"HTML report (not published): {html}")
    return EXIT_OK


def _service_failed(exc: Exception, endpoint: str | None) -> int:
    """One line for a geocoding service that could not be reached or failed: nothing changed."""
    from pipeline.coordinators.geocode import no_connection

    if no_connection(exc):
        print(
            f"geocode: no connection to the geocoding service ({endpoint}); "
            "nothing was changed in the register (answers received so far are cached): "
            "check the internet connection and try again",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    print(
        f"geocode: the geocoding service failed ({detail}); nothing was changed in the "
        "register (answers so far are cached): try again later",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS


def cmd_geocode(args) -> int:
    import logging

    from rich.progress import track

    from pipeline.coordinators.geocode import geocode_register, make_geocoder
    from pipeline.register.geography import Boundary

    logging.getLogger("geopy").setLevel(logging.CRITICAL)  # its retry warnings carry tracebacks

    settings = settings_of(args.settings)
    config = setting(settings, "GEOCODER")
    register = existing_file(args.data or setting(settings, "SAFEPLACE_DATA"), "the register")
    cache = Path(args.cache or config["cache"] or register.with_name("geocode-cache.csv"))
    geocode = make_geocoder(
        args.endpoint or config["endpoint"],
        args.user_agent or config["user_agent"],
        float(config["min_delay_seconds"]),
    )
    try:
        result = geocode_register(
            register,
            cache,
            geocode,
            progress=lambda rows: track(rows, description="Geocoding"),
            boundary=Boundary.load(setting(settings, "SAFEPLACE_BOUNDARY")),
            country=str(setting(settings, "COUNTRY")),
        )
    except RegisterError as exc:
        print_problems(exc.problems)
        return EXIT_PROBLEMS
    except OSError as exc:
        if not exc.filename:  # a network error: the service's failure, below
            return _service_failed(exc, args.endpoint or config.get("endpoint"))
        # a full disk: the register (written whole or not at all) is as it was
        raise Refusal(
            f"geocode: could not write {exc.filename or register}: "
            f"{exc.strerror or exc}; the register was not changed"
        ) from None
    except Exception as exc:  # network or service failure: nothing half-written
        return _service_failed(exc, args.endpoint or config.get("endpoint"))
    for row, ident in result.filled:
        print(f"{register}:{row}: lat: filled for {ident}")
    for row, ident, query in result.not_found:
        print(
            f"{register}:{row}: lat: no match for {query!r} ({ident}); enter lat/lon by hand", file=sys.stderr
        )
    for row, ident, query, lat, lon in result.outside:
        print(
            f"{register}:{row}: lat: warning: {query!r} ({ident}) was found at {lat}, {lon}, outside "
            "the jurisdiction: not written; check the address, or enter lat/lon by hand",
            file=sys.stderr,
        )
    if result.backup:
        from pipeline.register.backup import how_to_undo

        print(f"{register}: {how_to_undo(register)}")
    print(
        f"{len(result.filled)} filled, {len(result.not_found)} not found, "
        f"{len(result.outside)} outside the boundary, {result.looked_up} looked up (cache: {cache})."
    )
    return EXIT_PROBLEMS if result.not_found or result.outside else EXIT_OK


def cmd_publish_check(args) -> int:
    """Refuse (exit 1, one line) to publish from a public repository while the register holds
    private values; the publish workflow runs this before it deploys."""
    from pipeline.coordinators.repository import publish_refusal

    settings = settings_of(args.settings)
    register = existing_file(args.data or setting(settings, "SAFEPLACE_DATA"), "the register")
    try:
        refusal = publish_refusal(register, args.visibility)
    except RegisterError as exc:
        print(exc.problems[0], file=sys.stderr)
        return EXIT_PROBLEMS
    if refusal:
        print(f"Not publishing: {refusal}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{register}: may be published from a {args.visibility} repository.")
    return EXIT_OK


def cmd_intake(args) -> int:
    """Exit 0: every application was added, or set aside for a reason named (already in the
    register, outside the jurisdiction). Exit 1: some applications have problems to fix and were
    not added; the others were added all the same, and the last line counts both."""
    from datetime import date

    from pipeline.coordinators.intake import intake
    from pipeline.profile import region_code
    from pipeline.register.rules import jurisdiction_city

    settings = settings_of(args.settings)
    register = existing_file(args.data or setting(settings, "SAFEPLACE_DATA"), "the register")
    applications = existing_file(args.applications, "the applications export")
    try:
        result = intake(
            applications,
            register,
            date.today(),
            default_city=jurisdiction_city(settings),
            default_state=region_code(settings),
            city_names=tuple(setting(settings, "SAFEPLACE_CITY_NAMES")),
            column_map=dict(setting(settings, "SAFEPLACE_INTAKE_COLUMNS")),
            **rules(settings),
        )
    except RegisterError as exc:
        print_problems(exc.problems)
        print(f"Nothing was added to {register}.", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:  # a full disk: the register is written whole or not at all
        raise Refusal(
            f"intake: could not write {exc.filename or register}: "
            f"{exc.strerror or exc}; the register was not changed, nothing was "
            f"added"
        ) from None
    print_problems(result.problems)
    for row, name in result.duplicates:
        print(f"{args.applications}:{row}: organization_name: {name!r} is already in the register: skipped")
    for row, name, city, reason in result.out_of_area:
        print(
            f"{args.applications}:{row}: city: outside the jurisdiction: {city} ({name!r}; "
            f"{reason}): not added; tell the applicant which program serves them"
        )
    for ident, name in result.added:
        print(f"added {ident} {name!r} as pending")
    for row, name, other, why in result.likely:
        print(
            f"{args.applications}:{row}: organization_name: warning: {result.new_ids[row]} {name!r} "
            f"may be {other} ({why}): added as pending, with a note; check before approving"
        )
    if result.converted:
        print(
            f"{register}: now saved as UTF-8 (it was Windows-1252, which cannot hold "
            f"{result.converted!r}); Excel opens it as before"
        )
    if result.backup:
        from pipeline.register.backup import how_to_undo

        print(f"{register}: {how_to_undo(register)}")
    refused = len({p.row for p in result.problems})
    print(
        f"{len(result.added)} added to {register}, {len(result.duplicates)} already there, "
        f"{len(result.out_of_area)} outside the jurisdiction, {refused} not added for problems"
        + (" (fix them in the export and run intake again: those added are skipped then)" if refused else "")
        + "."
    )
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def cmd_import(args) -> int:
    from pipeline.register.workbook import ImportStopped, import_register

    settings = settings_of(args.settings)
    source = existing_file(args.file, "the workbook or CSV to import")
    target = Path(args.to or setting(settings, "SAFEPLACE_DATA"))
    outside_the_site(target, settings, "--to")
    try:
        result = import_register(
            source,
            target,
            remove=args.remove,
            overwrite=args.overwrite,
            tell=lambda line: print(f"{source}: {line}"),
            **rules(settings),
        )
    except ImportStopped as exc:
        for line in exc.lines:
            print(f"{target}: {line}", file=sys.stderr)
        print(
            f"Nothing was written to {target}: importing {source} would lose the rows above. "
            "Make a new template (safeplace template --force) and copy your edits in, or, if "
            f"losing them is meant, run again with {' and '.join(exc.flags)}.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    except RegisterError as exc:
        print_problems(exc.problems)
        errors = sum(not p.warning for p in exc.problems)
        print(f"{errors} error(s): nothing was written to {target}.", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:  # a full disk: the register is written whole or not at all
        raise Refusal(
            f"import: could not write {exc.filename or target}: "
            f"{exc.strerror or exc}; {target} was not changed"
        ) from None
    print_problems(result.warnings)
    for line in result.changes:
        print(line)
    verb = "unchanged" if not result.written else "written"
    print(f"{target}: {verb} ({result.rows} rows, {result.summary}).")
    return EXIT_OK


def cmd_template(args) -> int:
    from pipeline.register.workbook import write_template

    settings = settings_of(args.settings)
    data = Path(args.data or setting(settings, "SAFEPLACE_DATA"))
    existing_file(data, "the register")
    outside_the_site(Path(args.out), settings, "the workbook")
    if Path(args.out).exists() and not args.force:
        raise Refusal(
            f"{args.out} already exists (it may hold edits not yet imported): import it "
            "first (safeplace import), name another file, or replace it with --force"
        )
    try:
        rows = write_template(data, Path(args.out), tuple(setting(settings, "SAFEPLACE_CATEGORIES")))
    except RegisterError as exc:
        print_problems(exc.problems)
        return EXIT_PROBLEMS
    print(
        f"{args.out}: the register as a workbook ({rows} rows): edit it in Excel, then "
        f"safeplace import {args.out}"
    )
    return EXIT_OK


def _port(text: str) -> int:
    """A TCP port, 1-65535 (argparse answers anything else in one line, exit 2)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def cmd_decals(args) -> int:
    """A printable decal per approved place, its QR code opening the place's page."""
    from pipeline.coordinators.decals import DecalError, write_decals
    from pipeline.site.plugin import load_strings
    from pipeline.site.sitefiles import languages

    settings = settings_of(args.settings)
    register = load_from_settings(settings, args.data)
    strings = {lang: load_strings(setting(settings, "THEME"), lang, settings) for lang in languages(settings)}
    try:
        files = write_decals(register.published, settings, Path(args.out), strings)
    except DecalError as exc:
        raise Refusal(f"safeplace decals: {exc}") from None
    print(f"{args.out}: {len(files) - 2} decal(s), print pages print-letter.html and print-a4.html")
    return EXIT_OK


def cmd_settings(args) -> int:
    """Every setting the site reads, with its default and meaning (:mod:`pipeline.settings`)."""
    from pipeline import settings

    sys.stdout.write(settings.markdown() if args.markdown else settings.plain_text())
    return EXIT_OK


def installed_version() -> str:
    """The version pyproject.toml gives (CHANGELOG.md says what each one changed)."""
    try:
        return importlib.metadata.version("safeplace")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed: pip install -e .)"


class OneLineParser(argparse.ArgumentParser):
    """argparse, answering a wrong argument in one line (what was wrong, and where the help
    is) instead of the usage text and the error: exit status 2."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    top = OneLineParser(
        prog="safeplace",
        description="Check the Safe Place register and build the public site.",
        epilog="Exit status: 0 ok, 1 problems found (nothing published), 2 usage error.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {installed_version()}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the register: every problem with its file, row and column")
    _data_option(p)
    _settings_option(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "build", help="check the register, then build the whole site into output/ (all or nothing)"
    )
    _data_option(p)
    _settings_option(p)
    p.add_argument("--output", help="output directory (default: OUTPUT_PATH in the settings)")
    p.add_argument(
        "--allow-placeholders",
        action="store_true",
        help="build a production site even with placeholder settings (a staging copy)",
    )
    _shrink_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "serve", help="build and show the site at http://127.0.0.1:8000/, rebuilding when files change"
    )
    _data_option(p)
    _settings_option(p)
    p.add_argument("--output", help="output directory (default: OUTPUT_PATH in the settings)")
    p.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default: 8000)")
    _shrink_option(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "report", help="what will be published, pending applications, re-training due, changes since main"
    )
    _data_option(p)
    _settings_option(p)
    p.add_argument(
        "--against",
        metavar="REF",
        help="git branch, tag or commit to compare with (default: the pull request's "
        "base branch, else origin/main or main)",
    )
    p.add_argument(
        "--html",
        default="reports/register-report.html",
        help="where to write the HTML report, outside output/ (default: %(default)s)",
    )
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "geocode", help="fill in missing lat/lon from the addresses (asks a map service once per address)"
    )
    _data_option(p)
    _settings_option(p)
    p.add_argument("--endpoint", help="Nominatim-compatible service URL (default: GEOCODER in settings)")
    p.add_argument("--user-agent", help="User-Agent to identify this application to the service")
    p.add_argument("--cache", help="cache file (default: data/geocode-cache.csv)")
    p.set_defaults(func=cmd_geocode)

    p = sub.add_parser(
        "publish-check",
        help="refuse to publish from a public repository while the register "
        "holds private values (contacts, notes, vetting dates)",
    )
    p.add_argument(
        "--visibility",
        required=True,
        choices=["public", "private", "internal"],
        help="the repository's visibility (in GitHub Actions: github.event.repository.visibility)",
    )
    _data_option(p)
    _settings_option(p)
    p.set_defaults(func=cmd_publish_check)

    p = sub.add_parser("intake", help="add the sign-up form's applications (its CSV export) as pending rows")
    p.add_argument("applications", help="CSV exported from the sign-up form service")
    _data_option(p)
    _settings_option(p)
    p.set_defaults(func=cmd_intake)

    p = sub.add_parser("import", help="check a workbook (.xlsx, .ods) or CSV and write it as the register")
    p.add_argument(
        "file",
        help="the workbook (.xlsx or LibreOffice .ods: the visible sheet with the register's "
        "header, named as it is read) or CSV to read",
    )
    p.add_argument("--to", help="where to write the register (default: SAFEPLACE_DATA in the settings)")
    p.add_argument(
        "--remove",
        action="store_true",
        help="allow removing register rows the file does not have (otherwise import stops and lists them)",
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="allow overwriting rows changed in the register since the template was "
        "made (otherwise import stops and lists them)",
    )
    _settings_option(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("decals", help="a printable decal per approved place, with a QR code of its page")
    p.add_argument("--out", default="decals", help="folder for the decals (default: %(default)s)")
    _data_option(p)
    _settings_option(p)
    p.set_defaults(func=cmd_decals)

    p = sub.add_parser("template", help="write the register as an Excel workbook made for editing")
    p.add_argument("out", help="the workbook to write (.xlsx)")
    p.add_argument("--force", action="store_true", help="replace the workbook if it exists")
    _data_option(p)
    _settings_option(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("settings", help="list every setting pelicanconf.py can give, with its default")
    p.add_argument(
        "--markdown",
        action="store_true",
        help="as the Markdown of docs/settings.md (safeplace settings --markdown > docs/settings.md)",
    )
    p.set_defaults(func=cmd_settings)
    return top


def utf8_output() -> None:
    """Print in UTF-8 whatever the locale (``LANG=C``, a Windows code page): a name such as
    "Phở" must never crash a command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    utf8_output()  # before the guard below wraps the streams
    from pipeline.coordinators import github

    if not github.in_actions() or isinstance(sys.stdout, github.CommandSafe):
        return _run(argv)
    # In Actions no line we print may start a workflow command (a header cell "::stop-commands::")
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = github.CommandSafe(sys.stdout), github.CommandSafe(sys.stderr)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _run(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except Refusal as exc:
        print(exc, file=sys.stderr)
        return exc.status
    except RegisterError as exc:  # a file that cannot be read as a register, wherever it is met
        print_problems(exc.problems)
        return EXIT_PROBLEMS
    except MissingSetting as exc:
        print(missing(exc), file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("safeplace: stopped.", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:  # a folder that cannot be written, a port in use...
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"safeplace: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
