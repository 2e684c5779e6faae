"""The ``safeplace`` command: what coordinators and CI run.

Exit codes are the same for every subcommand: 0 success (warnings may be printed), 1 the data or
the build has problems (each printed as ``FILE:ROW: COLUMN: message``), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.build import BuildError, build_site, read_settings
from pipeline.geography import Boundary
from pipeline.register import RegisterError, load_register

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _settings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--settings", default="pelicanconf.py",
                        help="Pelican settings file (default: pelicanconf.py)")


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="the register CSV (default: SAFEPLACE_DATA in the settings)")


def _shrink_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-shrink", action="store_true",
                        help="publish even if the site would list no places, or under "
                             "SAFEPLACE_MIN_SHARE of the places it lists now")


class Stop(Exception):
    """A problem that ends a command with one line (exit 1): no traceback for coordinators."""


def settings_of(args) -> dict:
    """The settings file, or one line saying why it cannot be used."""
    try:
        return read_settings(args.settings)
    except Exception as exc:  # missing (run outside the project?), or broken
        raise Stop(f"cannot use the settings file {args.settings}: {type(exc).__name__}: {exc} "
                   "(run safeplace in the project folder, or give --settings)") from None


def load_from_settings(settings: dict, data: str | None):
    """The validated register, with the boundary, categories, state, ZIP codes and confirmed
    web hosts the settings name."""
    from pipeline.geography import zip_centroids

    try:
        boundary = Boundary.load(settings["SAFEPLACE_BOUNDARY"])
        state = settings.get("JURISDICTION_STATE")
        city = settings.get("JURISDICTION", "").split(",")[0].strip()
        return load_register(
            data or settings["SAFEPLACE_DATA"],
            boundary=boundary,
            categories=tuple(settings["SAFEPLACE_CATEGORIES"]),
            state=state,
            zip_codes=(lambda: zip_centroids(boundary, state, city)) if state else None,
            confirmed_hosts=tuple(settings.get("SAFEPLACE_CONFIRMED_HOSTS", ())),
        )
    except KeyError as exc:
        raise Stop(f"the settings have no {exc.args[0]}: is this Safe Place's settings file?") from None
    except (OSError, ValueError) as exc:  # the boundary file missing or not GeoJSON
        raise Stop(f"cannot read the boundary {settings.get('SAFEPLACE_BOUNDARY')}: {exc}") from None


def cmd_validate(args) -> int:
    settings = settings_of(args)
    try:
        register = load_from_settings(settings, args.data)
    except RegisterError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(not p.warning for p in exc.problems)
        print(f"{errors} error(s): the register cannot be published.", file=sys.stderr)
        return EXIT_PROBLEMS
    for warning in register.warnings:
        print(warning, file=sys.stderr)
    counts = {}
    for entry in register.entries:
        counts[entry.participant.status] = counts.get(entry.participant.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"{register.path}: valid ({summary}); {len(register.published)} will be published.")
    return EXIT_OK


def cmd_build(args) -> int:
    try:
        result = build_site(args.settings, data=args.data, output=args.output,
                            allow_shrink=getattr(args, "allow_shrink", False))
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"Build stopped: {exc}. {exc.outcome}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Built {result.output} with {result.published} published Safe Place(s).")
    return EXIT_OK


def _snapshot(paths: list[Path]) -> tuple:
    stamps = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        stamps += [(str(f), f.stat().st_mtime_ns) for f in files if f.exists()]
    return tuple(stamps)


def cmd_serve(args) -> int:
    """Build, serve on 127.0.0.1, and rebuild whenever content, data, theme or settings change."""
    settings = settings_of(args)
    output = Path(args.output or settings["OUTPUT_PATH"]).resolve()
    watched = [Path(settings["PATH"]), Path(settings["THEME"]), Path(args.settings),
               Path(args.data or settings["SAFEPLACE_DATA"]), Path(settings["SAFEPLACE_BOUNDARY"])]
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

    from pipeline.report import build_report, print_report, write_html

    settings = settings_of(args)
    try:
        register = load_from_settings(settings, args.data)
    except RegisterError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("The register has errors: fix them first (safeplace validate).", file=sys.stderr)
        return EXIT_PROBLEMS
    output = Path(args.output or settings["OUTPUT_PATH"])
    report = build_report(register, output, date.today())
    print_report(report)
    html = write_html(report, Path(args.html))
    print(f"HTML report (not published): {html}")
    return EXIT_OK


def cmd_geocode(args) -> int:
    from rich.progress import track

    from pipeline.geocode import geocode_register, make_geocoder

    settings = settings_of(args)
    config = settings.get("GEOCODER", {})
    register = Path(args.data or settings["SAFEPLACE_DATA"])
    cache = Path(args.cache or config.get("cache") or register.with_name("geocode-cache.csv"))
    geocode = make_geocoder(args.endpoint or config.get("endpoint", "https://nominatim.openstreetmap.org"),
                            args.user_agent or config.get("user_agent", "safeplace"),
                            float(config.get("min_delay_seconds", 1.0)))
    try:
        result = geocode_register(register, cache, geocode,
                                  progress=lambda rows: track(rows, description="Geocoding"))
    except Exception as exc:  # network or service failure: nothing half-written
        print(f"geocode: the geocoding service failed: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for row, ident in result.filled:
        print(f"{register}:{row}: lat: filled for {ident}")
    for row, ident, query in result.not_found:
        print(f"{register}:{row}: lat: no match for {query!r} ({ident}); enter lat/lon by hand",
              file=sys.stderr)
    print(f"{len(result.filled)} filled, {len(result.not_found)} not found, "
          f"{result.looked_up} looked up (cache: {cache}).")
    return EXIT_PROBLEMS if result.not_found else EXIT_OK


def cmd_intake(args) -> int:
    from datetime import date

    from pipeline.intake import intake

    settings = settings_of(args)
    register = Path(args.data or settings["SAFEPLACE_DATA"])
    result = intake(Path(args.applications), register, date.today(),
                    default_city=settings.get("JURISDICTION", "").split(",")[0],
                    default_state=settings.get("JURISDICTION_STATE", ""))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    for row, name in result.duplicates:
        print(f"{args.applications}:{row}: organization_name: {name!r} is already in the register: skipped")
    for ident, name in result.added:
        print(f"added {ident} {name!r} as pending")
    print(f"{len(result.added)} added, {len(result.duplicates)} duplicate(s), "
          f"{len({(p.row) for p in result.problems})} application(s) with problems.")
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def cmd_publish_check(args) -> int:
    """Refuse (exit 1, one line) to publish from a public repository while the register holds
    private values; the publish workflow runs this before it deploys."""
    from pipeline.repository import publish_refusal

    settings = settings_of(args)
    register = Path(args.data or settings["SAFEPLACE_DATA"])
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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="safeplace",
        description="Check the Safe Place register and build the public site.",
        epilog="Exit status: 0 ok, 1 problems found (nothing published), 2 usage error.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the register; print every problem as FILE:ROW: COLUMN: message")
    _data_option(p)
    _settings_option(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="validate, then build the whole site (atomically)")
    _data_option(p)
    _settings_option(p)
    p.add_argument("--output", help="output directory (default: OUTPUT_PATH in the settings)")
    _shrink_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="build and preview locally, rebuilding on change")
    _data_option(p)
    _settings_option(p)
    p.add_argument("--output", help="output directory (default: OUTPUT_PATH in the settings)")
    p.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    _shrink_option(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("report", help="what will be published, what needs attention, what changed")
    _data_option(p)
    _settings_option(p)
    p.add_argument("--output", help="the built site to compare with (default: OUTPUT_PATH)")
    p.add_argument("--html", default="reports/register-report.html",
                   help="where to write the HTML report, outside output/ (default: %(default)s)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("geocode", help="fill missing lat/lon from the address (cached, 1 request/s)")
    _data_option(p)
    _settings_option(p)
    p.add_argument("--endpoint", help="Nominatim-compatible service URL (default: GEOCODER in settings)")
    p.add_argument("--user-agent", help="User-Agent to identify this application to the service")
    p.add_argument("--cache", help="cache file (default: data/geocode-cache.csv)")
    p.set_defaults(func=cmd_geocode)

    p = sub.add_parser("publish-check",
                       help="refuse to publish from a public repository while the register "
                            "holds private values (contacts, notes, vetting dates)")
    p.add_argument("--visibility", required=True, choices=["public", "private", "internal"],
                   help="the repository's visibility (in GitHub Actions: "
                        "github.event.repository.visibility)")
    _data_option(p)
    _settings_option(p)
    p.set_defaults(func=cmd_publish_check)

    p = sub.add_parser("intake", help="append sign-up form applications as pending rows")
    p.add_argument("applications", help="CSV exported from the sign-up form service")
    _data_option(p)
    _settings_option(p)
    p.set_defaults(func=cmd_intake)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except Stop as stop:
        print(f"safeplace {args.command}: {stop}", file=sys.stderr)
        return EXIT_PROBLEMS
    except RegisterError as exc:  # a file that is not a CSV at all (a folder, /dev/zero...)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:  # a folder to write into that is missing, read-only, a file...
        where = f": {exc.filename}" if exc.filename else ""
        print(f"safeplace {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
